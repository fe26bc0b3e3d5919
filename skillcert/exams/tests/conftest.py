"""Fixtures shared by the exams tests (5A and 5B): reference data, policy overrides."""

from __future__ import annotations

import pytest

from skillcert.core.models import PolicyValue
from skillcert.core.policy import forget_policy
from skillcert.exams.tests.factories import ensure_reference_data

_DB_FIXTURES = {"db", "transactional_db", "live_server"}


@pytest.fixture(autouse=True)
def _reference_data(request: pytest.FixtureRequest) -> None:
    """Jurisdictions, authorities, the catalogue and the commitment template come from data
    migrations; a transactional test that ran earlier on the same worker empties them."""
    if request.node.get_closest_marker("django_db") is None and not (_DB_FIXTURES & set(request.fixturenames)):
        return
    request.getfixturevalue("db" if "live_server" not in request.fixturenames else "transactional_db")
    ensure_reference_data()


@pytest.fixture
def set_policy(db):  # type: ignore[no-untyped-def]
    """Override a policy value for one test, as the region administrator would."""

    def _set(key: str, value: object) -> None:
        PolicyValue.objects.update_or_create(key=key, defaults={"value": value})
        forget_policy(key)

    return _set
