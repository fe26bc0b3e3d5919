"""Fixtures for the accounts tests (the root conftest clears the cache: policy values, unknown-username locks)."""

from __future__ import annotations

import pytest

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.tests.factories import UserFactory, authority, ensure_reference_data
from skillcert.core.models import PolicyValue
from skillcert.core.policy import forget_policy

_DB_FIXTURES = {"db", "transactional_db", "live_server"}


@pytest.fixture(autouse=True)
def _reference_data(request: pytest.FixtureRequest) -> None:
    """Jurisdictions and authorities are there even after another file's transactional test."""
    if request.node.get_closest_marker("django_db") is None and not (_DB_FIXTURES & set(request.fixturenames)):
        return
    request.getfixturevalue("db")
    ensure_reference_data()


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
