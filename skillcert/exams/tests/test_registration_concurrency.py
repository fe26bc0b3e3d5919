"""Many candidates registering at once (R-EXAM-3, PostgreSQL): never more registrations than places,
never two registrations of one person for one plan.

Kept in its own file: a transactional test empties the database when it ends (see the accounts
concurrency test). The skip is decided at collection, so on SQLite no database is touched.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from skillcert.core.errors import DomainError
from skillcert.exams.choices import ACTIVE_REGISTRATION_STATUSES
from skillcert.exams.models import Registration
from skillcert.exams.tests.factories import candidate, open_plan, ready_institution, register

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL=postgres://...); CI runs it there"
    ),
    pytest.mark.django_db(transaction=True),
]


def _race(calls: list) -> tuple[list, list[str], list[BaseException]]:
    barrier = threading.Barrier(len(calls))
    done: list = []
    refused: list[str] = []
    crashed: list[BaseException] = []
    lock = threading.Lock()

    def run(call) -> None:
        try:
            barrier.wait()
            result = call()
            with lock:
                done.append(result)
        except DomainError as exc:
            with lock:
                refused.append(exc.message)
        except BaseException as exc:  # noqa: BLE001 - surfaced by the test
            with lock:
                crashed.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return done, refused, crashed


def test_concurrent_registrations_never_exceed_the_capacity():
    setup = ready_institution()
    plan = open_plan(setup, levels={4: 5, 5: 5})
    users = [candidate(i) for i in range(1, 15)]
    done, refused, crashed = _race([lambda u=u: register(u, plan, level=4) for u in users])
    assert not crashed, crashed
    assert len(done) == 5
    assert len(refused) == 9 and all("名额（5人）已满" in m for m in refused)
    assert Registration.objects.filter(plan=plan, level=4, status__in=ACTIVE_REGISTRATION_STATUSES).count() == 5


def test_one_person_registering_twice_at_once_gets_one_registration():
    setup = ready_institution()
    plan = open_plan(setup, levels={4: 50, 5: 50})
    user = candidate(1)
    calls = [lambda level=level: register(user, plan, level=level) for level in (4, 5, 4, 5, 4, 5)]
    done, refused, crashed = _race(calls)
    assert not crashed, crashed
    assert len(done) == 1
    assert len(refused) == 5 and all("不能重复报名" in m for m in refused)
    assert Registration.objects.filter(plan=plan).count() == 1
