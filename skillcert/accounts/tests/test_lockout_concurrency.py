"""Concurrent failed logins against one account (R-X-2): each counts once, one lockout (PostgreSQL).

Kept in its own file: a transactional test empties the database when it ends, and with
`pytest -n auto --dist loadfile` every later test file on the same worker would lose the
migration data (jurisdictions, authorities). Files with only transactional tests are
scheduled last. The skip is decided at collection, so on SQLite no database is touched.
"""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.db import connections

from skillcert.accounts.choices import AuthEvent, Role
from skillcert.accounts.tests.factories import UserFactory
from skillcert.core.audit import verify_chain
from skillcert.core.models import AuditEvent

ON_POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]


@pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL (set DATABASE_URL=postgres://...); CI runs it there")
@pytest.mark.django_db(transaction=True)
def test_concurrent_failures_each_count_once_and_lock_once():
    user = UserFactory(roles=[Role.CLERK])
    attempts = 12
    barrier = threading.Barrier(attempts)
    errors: list[BaseException] = []

    def attempt() -> None:
        try:
            barrier.wait()
            assert authenticate(None, username=user.username, password="Wrong#Pass1") is None
        except BaseException as exc:  # noqa: BLE001 - surfaced below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(attempts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    user.refresh_from_db()
    assert user.is_locked()
    assert AuditEvent.objects.filter(action=AuthEvent.LOCKOUT).count() == 1
    failed = list(AuditEvent.objects.filter(action=AuthEvent.LOGIN_FAILED).values_list("after", flat=True))
    assert len(failed) == attempts
    counted = sorted(a["failures"] for a in failed if "failures" in a)
    assert counted == [1, 2, 3, 4, 5], "exactly five attempts counted, each with its own number"
    assert verify_chain().ok
