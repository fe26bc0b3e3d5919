"""Parallel writers on PostgreSQL never fork the audit chain (R-X-1).

Transactional and PostgreSQL-only: skipped at collection on SQLite, in a file of its own so
its flush runs after the ordinary tests.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction

from skillcert.core.audit import record_event, verify_chain
from skillcert.core.models import AuditEvent

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL=postgres://...); CI runs it"
)


@pytest.mark.django_db(transaction=True)
def test_parallel_writers_never_fork_the_chain():
    writers, per_writer = 8, 25
    barrier = threading.Barrier(writers)
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            barrier.wait()
            for i in range(per_writer):
                with transaction.atomic():
                    record_event(actor=None, action=f"test.parallel.{n}.{i}")
        except BaseException as exc:  # noqa: BLE001 - surfaced below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    prev = list(AuditEvent.objects.values_list("prev_hash", flat=True))
    assert len(prev) == writers * per_writer
    assert len(set(prev)) == len(prev), "two events chained onto the same predecessor"
    assert verify_chain().ok
