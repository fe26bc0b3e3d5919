"""Concurrent draws on PostgreSQL cannot both pass the load limit for the same person (R-PER-3).

Transactional and PostgreSQL-only: skipped at collection on SQLite (whose IMMEDIATE
transactions serialise writers anyway), in a file of its own so its flush runs after the
ordinary tests.
"""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from skillcert.accounts.tests.factories import InstitutionFactory, jurisdiction
from skillcert.core.errors import DomainError
from skillcert.core.models import PolicyValue
from skillcert.core.policy import forget_policy
from skillcert.personnel.eligibility import PoolFilter
from skillcert.personnel.models import Assignment
from skillcert.personnel.services.dispatch import draw_staff
from skillcert.personnel.tests.factories import external_supervisor

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL=postgres://...); CI runs it"
)


@pytest.mark.django_db(transaction=True)
def test_parallel_draws_respect_the_load_limit():
    PolicyValue.objects.update_or_create(key="dispatch.max_sessions_per_month", defaults={"value": 1})
    forget_policy("dispatch.max_sessions_per_month")
    person = external_supervisor()
    institutions = [InstitutionFactory(jurisdiction=jurisdiction("150100")) for _ in range(6)]
    day = timezone.localdate() + datetime.timedelta(days=3)
    barrier = threading.Barrier(len(institutions))
    outcomes: list[str] = []

    def work(institution) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            draw_staff(actor=None, pool_filter=PoolFilter(institution=institution, on=day), n=1)
            outcomes.append("drawn")
        except DomainError as exc:
            outcomes.append(exc.code)
        except BaseException as exc:  # noqa: BLE001 - surfaced below
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(inst,)) for inst in institutions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["drawn"] + ["pool_too_small"] * 5, outcomes
    assert Assignment.objects.filter(person=person).count() == 1
