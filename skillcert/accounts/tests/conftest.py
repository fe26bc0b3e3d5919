"""Fixtures for the accounts tests (the root conftest clears the cache: policy values, unknown-username locks)."""

from __future__ import annotations

import pytest

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.tests.factories import UserFactory, authority


@pytest.fixture
def clerk(db):  # type: ignore[no-untyped-def]
    """An institution clerk: password only, no second factor."""
    return UserFactory(roles=[Role.CLERK])


@pytest.fixture
def regulator(db):  # type: ignore[no-untyped-def]
    """A league bureau clerk: must use a second factor (R-X-2)."""
    return UserFactory(organisation=authority(OrgKind.LEAGUE_BUREAU, "150100"), roles=[Role.CLERK])
