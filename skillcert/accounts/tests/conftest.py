"""Fixtures for the accounts tests: a clean cache (policy values, unknown-username locks) per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.tests.factories import UserFactory, authority
from skillcert.core.models import PolicyValue
from skillcert.core.policy import forget_policy


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def set_policy(db):  # type: ignore[no-untyped-def]
    """Override a policy value for one test, as the region administrator would."""

    def _set(key: str, value: object) -> None:
        PolicyValue.objects.update_or_create(key=key, defaults={"value": value})
        forget_policy(key)

    return _set


@pytest.fixture
def clerk(db):  # type: ignore[no-untyped-def]
    """An institution clerk: password only, no second factor."""
    return UserFactory(roles=[Role.CLERK])


@pytest.fixture
def regulator(db):  # type: ignore[no-untyped-def]
    """A league bureau clerk: must use a second factor (R-X-2)."""
    return UserFactory(organisation=authority(OrgKind.LEAGUE_BUREAU, "150100"), roles=[Role.CLERK])
