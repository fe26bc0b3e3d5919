"""Fixtures shared by every app's tests."""

from __future__ import annotations

import pytest
from django.db import connection
from rest_framework.test import APIClient


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def on_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...); CI runs this on PostgreSQL")
