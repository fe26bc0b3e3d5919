"""Fixtures shared by every app's tests."""

from __future__ import annotations

import pytest
from django.db import connection
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Policy values and rate limits are cached; no test may see another's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


_DB_FIXTURES = {"db", "transactional_db", "live_server"}


@pytest.fixture(autouse=True)
def _reference_data(request: pytest.FixtureRequest) -> None:
    """Jurisdictions, authorities, the catalogue and the commitment template come from data
    migrations; a transactional test that ran earlier on the same worker empties them."""
    if request.node.get_closest_marker("django_db") is None and not (_DB_FIXTURES & set(request.fixturenames)):
        return
    request.getfixturevalue("db" if "live_server" not in request.fixturenames else "transactional_db")
    from skillcert.core.testing import ensure_reference_data

    ensure_reference_data()


@pytest.fixture
def set_policy(db):  # type: ignore[no-untyped-def]
    """Override a policy value for one test, as the region administrator would."""
    from django.core.cache import cache

    from skillcert.core.models import PolicyValue
    from skillcert.core.policy import forget_policy

    def _set(key: str, value: object) -> None:
        PolicyValue.objects.update_or_create(key=key, defaults={"value": value})
        forget_policy(key)
        cache.clear()

    return _set


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def on_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...); CI runs this on PostgreSQL")


from skillcert.core.browser_testing import browser, page, screenshot  # noqa: E402,F401 - shared browser fixtures
