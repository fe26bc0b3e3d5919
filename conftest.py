"""Fixtures shared by every app's tests."""

from __future__ import annotations

import pytest
from django.db import connection
from rest_framework.test import APIClient


def _weight(item: pytest.Item) -> int:
    """How long a test file is likely to hold its worker: browser and race files longest, then other
    transactional files (each test empties and refills the database), then the rest."""
    if "live_server" in getattr(item, "fixturenames", ()) or item.get_closest_marker("postgres") is not None:
        return 0
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return 1
    return 2


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """Longest files first. With `-n auto --dist loadfile` the workers take files in collection order, so a
    long file collected last leaves one worker running it while the other idles; started first, it overlaps
    the many short files. Files stay whole and keep their own order; the order is the same on every worker."""
    files: dict[str, int] = {}
    weight: dict[str, int] = {}
    for item in items:
        path = item.nodeid.split("::", 1)[0]
        files.setdefault(path, len(files))
        weight[path] = min(weight.get(path, 2), _weight(item))
    items.sort(key=lambda item: (weight[item.nodeid.split("::", 1)[0]], files[item.nodeid.split("::", 1)[0]]))


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
