"""Fixtures for the institutions tests."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from skillcert.core.models import PolicyValue
from skillcert.core.policy import forget_policy


@pytest.fixture
def set_policy(db):  # type: ignore[no-untyped-def]
    """Override a policy value for one test, as the region administrator would."""

    def _set(key: str, value: object) -> None:
        PolicyValue.objects.update_or_create(key=key, defaults={"value": value})
        forget_policy(key)
        cache.clear()

    return _set
