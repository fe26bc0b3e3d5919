"""Test overrides: fast hashing, tasks run in-process unless a test asks for a real queue."""

from __future__ import annotations

import os

os.environ.setdefault("SKILLCERT_VAR_DIR", os.path.join(os.path.dirname(__file__), "..", "var", "test"))

from config.settings import *  # noqa: F403
from config.settings import HUEY

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
HUEY = {**HUEY, "immediate": True}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Each test process keeps its own cache (tests clear it; a shared Redis would be flushed under others).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Replica routing is off except in the tests that turn it on; SKILLCERT_TEST_REPLICA_URL names a second
# PostgreSQL database for them (skillcert/core/tests/test_replica.py).
SKILLCERT_REPLICA_ALIAS = None
if os.environ.get("SKILLCERT_TEST_REPLICA_URL"):
    import dj_database_url

    DATABASES["replica"] = dj_database_url.parse(os.environ["SKILLCERT_TEST_REPLICA_URL"])  # noqa: F405
# One fixed public address, so a certificate's QR link and issuer do not depend on the test client's host;
# tests of the address that follows the server clear it.
SKILLCERT_PUBLIC_URL = "http://127.0.0.1:8000"
