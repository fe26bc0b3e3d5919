"""Crash safety of a background roster import (R-EXAM-3, R-X-4): a real worker is SIGKILLed while it checks
the file, or while it writes the registrations. No candidate of the file is registered (the registrations
are written in one transaction with the "done" status and its audit event), the import is seen as
interrupted and marked failed with the reason and a retry, and the retry on a new worker registers every
candidate once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import QuerySet

from skillcert.core.audit import events_for, verify_chain
from skillcert.core.worker_testing import STALE_SECONDS, Worker
from skillcert.exams.choices import Event, ImportStatus, RegistrationSource
from skillcert.exams.models import ExamPlan, Registration, RosterImport, RosterRow
from skillcert.exams.services.roster import BATCH, fail_stale_imports, start_roster_import
from skillcert.exams.tests.factories import open_plan, ready_institution, roster_csv, roster_rows

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROWS = 6 * BATCH
"""Six check batches: the kill lands after the first is committed and well before the write phase."""


def test_an_import_killed_mid_way_registers_nobody_and_its_retry_registers_everyone(live_worker: Worker, client):
    setup = ready_institution()
    plan = open_plan(setup, levels={4: ROWS + 10})
    live_worker.start()
    roster_import, created = start_roster_import(actor=setup.clerk, plan=plan, upload=roster_csv(roster_rows(ROWS)))
    assert created and roster_import.status == ImportStatus.QUEUED, "a file this size is imported in the background"
    imports = RosterImport.objects.filter(pk=roster_import.pk)

    live_worker.wait_for(
        "a committed batch of checked rows",
        lambda: imports.filter(status=ImportStatus.RUNNING, rows_processed__gte=BATCH).exists(),
        timeout=45,
    )
    live_worker.kill()

    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.RUNNING  # nothing ran to say otherwise
    assert BATCH <= roster_import.rows_processed < ROWS, "the check phase ended before the kill: make ROWS larger"
    assert not Registration.objects.filter(plan=plan).exists(), "a killed import registered candidates"
    assert not events_for(roster_import).filter(action=Event.ROSTER_IMPORTED).exists()

    live_worker.wait_for("the import to count as stale", lambda: imports.get().is_stale, timeout=4 * STALE_SECONDS)
    client.force_login(setup.clerk)
    page = client.get(f"/exams/imports/{roster_import.pk}/").content.decode()
    assert "已停止响应" in page and "重新导入" in page
    assert fail_stale_imports() == 1
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.FAILED and roster_import.retryable
    assert "导入中断" in roster_import.failure and "未导入任何考生" in roster_import.failure
    assert events_for(roster_import).filter(action=Event.ROSTER_IMPORT_FAILED).exists()
    assert not RosterRow.objects.filter(roster_import=roster_import).exists(), "staging rows were left behind"
    page = client.get(f"/exams/imports/{roster_import.pk}/").content.decode()
    assert "导入中断" in page and "重新导入" in page
    check = verify_chain()
    assert check.ok, check.reason

    # The retry button on the page queues it again; a new worker imports the kept file.
    answer = client.post(f"/exams/imports/{roster_import.pk}/retry/", follow=True)
    assert "已重新排队" in answer.content.decode()
    assert events_for(roster_import).filter(action=Event.ROSTER_IMPORT_RETRIED, actor_id=setup.clerk.pk).exists()
    _finish_on_a_new_worker(live_worker, imports)
    _assert_done_once(roster_import, plan)
    answer = client.post(f"/api/v1/exams/roster-imports/{roster_import.pk}/retry/")
    assert answer.status_code == 400 and "已导入完成" in answer.json()["detail"]


def _finish_on_a_new_worker(worker: Worker, imports: QuerySet[RosterImport]) -> None:
    worker.start()
    worker.wait_for(
        "the retried import to finish",
        lambda: imports.filter(status__in=[ImportStatus.DONE, ImportStatus.FAILED]).exists(),
        timeout=90,
    )


def _writing_registrations() -> bool:
    """Another connection is inside a transaction inserting registrations: the worker's write phase."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND xact_start IS NOT NULL AND query ILIKE 'INSERT INTO %%exams_registration%%'"
        )
        return cursor.fetchone() is not None


def _assert_done_once(roster_import: RosterImport, plan: ExamPlan) -> None:
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.DONE, roster_import.failure
    assert (roster_import.rows_total, roster_import.rows_accepted, roster_import.rows_rejected) == (ROWS, ROWS, 0)
    registered = Registration.objects.filter(plan=plan)
    assert registered.count() == ROWS
    assert not registered.exclude(roster_import=roster_import, source=RegistrationSource.IMPORT).exists()
    assert sorted(registered.values_list("row_number", flat=True)) == list(range(2, ROWS + 2))
    assert registered.values("id_number_index").distinct().count() == ROWS
    assert events_for(roster_import).filter(action=Event.ROSTER_IMPORTED).count() == 1
    assert not RosterRow.objects.filter(roster_import=roster_import).exists()
    check = verify_chain()
    assert check.ok, check.reason


def test_an_import_killed_while_writing_registers_nobody_and_the_api_retry_finishes_it(live_worker: Worker, api_client):
    setup = ready_institution()
    plan = open_plan(setup, levels={4: ROWS + 10})
    live_worker.start()
    roster_import, _ = start_roster_import(actor=setup.clerk, plan=plan, upload=roster_csv(roster_rows(ROWS)))
    imports = RosterImport.objects.filter(pk=roster_import.pk)

    live_worker.wait_for(
        "the end of the check phase",
        lambda: imports.filter(status=ImportStatus.RUNNING, rows_processed=ROWS).exists(),
        timeout=60,
    )
    live_worker.wait_for("registrations being inserted", _writing_registrations, timeout=30)
    live_worker.kill()

    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.RUNNING
    assert not Registration.objects.filter(plan=plan).exists(), "a killed write phase left registrations"
    assert not events_for(roster_import).filter(action=Event.ROSTER_IMPORTED).exists()

    # No sweep has run: the retry itself finds the import stale, records why it stopped, and queues it.
    live_worker.wait_for("the import to count as stale", lambda: imports.get().is_stale, timeout=4 * STALE_SECONDS)
    api_client.force_authenticate(setup.clerk)
    answer = api_client.get(f"/api/v1/exams/roster-imports/{roster_import.pk}/")
    assert answer.json()["may_retry"] is True
    answer = api_client.post(f"/api/v1/exams/roster-imports/{roster_import.pk}/retry/")
    assert answer.status_code == 202, answer.content
    assert answer.json()["status"] == ImportStatus.QUEUED
    assert events_for(roster_import).filter(action=Event.ROSTER_IMPORT_FAILED).exists()
    _finish_on_a_new_worker(live_worker, imports)
    _assert_done_once(roster_import, plan)
