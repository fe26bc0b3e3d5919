"""The limits are shared through Redis when REDIS_URL is set (R-X-2, R-CERT-4)."""

from __future__ import annotations

import importlib

import pytest
from django.core.cache.backends.redis import RedisCache

from skillcert.core.testing import redis_url_or_skip

pytestmark = pytest.mark.redis


def test_settings_choose_redis_when_redis_url_is_set_and_local_memory_otherwise(monkeypatch):
    import config.settings as settings_module

    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/12")
    try:
        with_redis = importlib.reload(settings_module).CACHES["default"]
        monkeypatch.delenv("REDIS_URL")
        without = importlib.reload(settings_module).CACHES["default"]
    finally:
        importlib.reload(settings_module)
    assert with_redis["BACKEND"].endswith("RedisCache") and with_redis["LOCATION"].endswith("/12")
    assert without["BACKEND"].endswith("LocMemCache")


def test_two_processes_count_together_through_redis():
    url = redis_url_or_skip()
    first = RedisCache(url, {"KEY_PREFIX": "skillcert-test-shared"})
    second = RedisCache(url, {"KEY_PREFIX": "skillcert-test-shared"})
    first.delete("n")
    first.add("n", 0, 30)
    first.incr("n")
    second.incr("n")
    assert first.get("n") == second.get("n") == 2
    first.delete("n")
