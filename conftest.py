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


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> object:
    """After a transactional test's flush, put the reference data back once, committed, so the database
    tests that follow find it instead of each rebuilding it inside its own rolled-back transaction."""
    yield
    if nextitem is None or (
        item.get_closest_marker("django_db") is None and not (_DB_FIXTURES & set(getattr(item, "fixturenames", ())))
    ):
        return
    from django.db import connection as default_connection
    from pytest_django.plugin import blocking_manager_key

    from skillcert.core.testing import ensure_reference_data

    if default_connection.in_atomic_block:
        return
    with item.config.stash[blocking_manager_key].unblock():
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
from skillcert.core.worker_testing import live_worker  # noqa: E402,F401 - a real worker for the kill tests
