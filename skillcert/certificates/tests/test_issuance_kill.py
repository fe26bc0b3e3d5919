"""Crash safety of a plan-wide issuance (R-CERT-1, R-CERT-2, R-X-4): a real worker is SIGKILLed in the middle
of a run. Every certificate written is whole (number, public record, archived PDF, audit event), each
prefix's serials run 1..n with the counter at n, the run is seen as interrupted and marked failed with
the reason, and continuing it on a new worker issues the rest with numbering still gap-free."""

from __future__ import annotations

from collections import defaultdict

import pytest

from skillcert.archives.models import StoredFile
from skillcert.certificates import services
from skillcert.certificates.choices import Event, RunStatus
from skillcert.certificates.models import Certificate, IssuanceRun, NumberCounter, PublicCertificate
from skillcert.certificates.tests.factories import bulk_final_plan
from skillcert.core.audit import events_for, verify_chain
from skillcert.core.models import AuditEvent
from skillcert.core.validators import validate_certificate_number
from skillcert.core.worker_testing import STALE_SECONDS, Worker

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CANDIDATES = 40
"""Enough that the worker is still issuing when killed after KILL_AFTER certificates (each renders and
archives its PDF: 0.1-0.5 s on a 2-CPU machine), few enough for a test of under a minute."""
KILL_AFTER = 6


def _assert_whole_and_gap_free(plan_id: int) -> dict[str, int]:
    """Every certificate has its public record, PDF and audit event; serials per prefix are 1..n."""
    certificates = list(Certificate.objects.filter(plan_id=plan_id).values_list("pk", "number", "prefix", "serial"))
    pks = [pk for pk, *_ in certificates]
    assert len({number for _, number, _, _ in certificates}) == len(certificates), "a number was issued twice"
    assert PublicCertificate.objects.filter(certificate_id__in=pks).count() == len(pks), "a public record is missing"
    archived = set(
        StoredFile.objects.filter(subject_type="certificates.Certificate", subject_id__in=[str(pk) for pk in pks])
        .values_list("subject_id", flat=True)
        .distinct()
    )
    assert archived == {str(pk) for pk in pks}, "a certificate's PDF is missing from the archive"
    audited = set(
        AuditEvent.objects.filter(
            action=Event.ISSUED, object_type="certificates.Certificate", object_id__in=[str(pk) for pk in pks]
        ).values_list("object_id", flat=True)
    )
    assert audited == {str(pk) for pk in pks}, "a certificate has no audit event"
    by_prefix: dict[str, list[int]] = defaultdict(list)
    for _, number, prefix, serial in certificates:
        validate_certificate_number(number)
        assert number[:16] == prefix and int(number[16:]) == serial
        by_prefix[prefix].append(serial)
    for prefix, serials in by_prefix.items():
        assert sorted(serials) == list(range(1, len(serials) + 1)), f"serials of {prefix} have a gap"
        assert NumberCounter.objects.get(prefix=prefix).last_serial == len(serials), f"counter of {prefix} is off"
    check = verify_chain()
    assert check.ok, check.reason
    return {prefix: len(serials) for prefix, serials in by_prefix.items()}


def test_a_run_killed_mid_way_keeps_whole_certificates_and_continues_gap_free(live_worker: Worker, client):
    s, ids = bulk_final_plan(CANDIDATES, levels=(4, 3))
    live_worker.start()
    run = services.start_issuance_run(actor=s.clerk, plan=s.plan)
    issued = Certificate.objects.filter(plan=s.plan)

    live_worker.wait_for(f"{KILL_AFTER} certificates issued", lambda: issued.count() >= KILL_AFTER, timeout=45)
    live_worker.kill()

    at_kill = issued.count()
    assert at_kill < CANDIDATES, "the run finished before the kill: make CANDIDATES larger"
    counts = _assert_whole_and_gap_free(s.plan.pk)
    assert sum(counts.values()) == at_kill
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING  # nothing ran to say otherwise

    # The heartbeat stops with the worker; once it is older than the allowed silence the run is stale.
    runs = IssuanceRun.objects.filter(pk=run.pk)
    live_worker.wait_for("the run to count as stale", lambda: runs.get().is_stale, timeout=4 * STALE_SECONDS)
    client.force_login(s.clerk)
    page = client.get(f"/certificates/runs/{run.pk}/").content.decode()
    assert "已停止响应" in page and "继续发证" in page
    assert services.fail_stale_runs() == 1
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "批量发证中断" in run.failure and "编号连续" in run.failure
    assert events_for(run).filter(action=Event.RUN_INTERRUPTED).exists()
    page = client.get(f"/certificates/runs/{run.pk}/").content.decode()
    assert "批量发证中断" in page and "继续发证" in page
    assert issued.count() == at_kill

    # Continue it through the API; a new worker takes it.
    answer = client.post(f"/api/v1/certificates/runs/{run.pk}/retry/")
    assert answer.status_code == 202, answer.content
    assert answer.json()["status"] == RunStatus.QUEUED
    assert events_for(run).filter(action=Event.RUN_RETRIED, actor_id=s.clerk.pk).exists()
    live_worker.start()
    live_worker.wait_for(
        "the continued run to finish",
        lambda: runs.filter(status__in=[RunStatus.DONE, RunStatus.FAILED]).exists(),
        timeout=90,
    )
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.failure
    assert (run.total, run.processed, run.issued, run.already, run.refused) == (
        CANDIDATES,
        CANDIDATES,
        CANDIDATES,
        0,
        0,
    )
    assert issued.count() == CANDIDATES
    assert set(issued.values_list("registration_id", flat=True)) == set(ids)
    assert not issued.exclude(run=run).exists()
    counts = _assert_whole_and_gap_free(s.plan.pk)
    assert sorted(counts.values()) == [CANDIDATES // 2, CANDIDATES // 2]
    answer = client.post(f"/api/v1/certificates/runs/{run.pk}/retry/")
    assert answer.status_code == 400 and "已完成" in answer.json()["detail"]
