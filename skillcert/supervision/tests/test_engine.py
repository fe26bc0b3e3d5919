"""The alert engine: idempotent raise/refresh/auto-resolve, handling, audit, scan arguments (R-SUP-2)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.utils import timezone

from skillcert.accounts.choices import Role
from skillcert.accounts.tests.factories import jurisdiction
from skillcert.core.audit import events_for
from skillcert.core.errors import DomainError
from skillcert.institutions.tests.factories import FiledInstitutionFactory, bureau_user, region_center_user, staff
from skillcert.supervision.choices import AlertStatus, Severity
from skillcert.supervision.models import Alert, ScanRun
from skillcert.supervision.registry import Finding, RuleContext, alert_rule, kinds, register_kind, unregister_kind
from skillcert.supervision.services.alerts import acknowledge_alerts, apply_findings, close_alert
from skillcert.supervision.services.scan import run_scan

pytestmark = pytest.mark.django_db

TEST_KIND = "tests.flag"
FLAGGED: list[Finding] = []


def _test_rule(ctx: RuleContext) -> list[Finding]:
    """A rule whose findings the test sets."""
    return list(FLAGGED)


def _broken_rule(ctx: RuleContext) -> list[Finding]:
    """A rule that writes its findings and then fails."""
    apply_findings(kind="tests.rule", findings=list(FLAGGED), complete=False)
    raise RuntimeError("boom")


@pytest.fixture(autouse=True)
def _test_kinds() -> Iterator[None]:
    """Throw-away kinds for these tests only; other tests' full scans must not see them."""
    register_kind(TEST_KIND, label="测试预警", severity=Severity.MEDIUM)
    alert_rule(kind="tests.rule", severity=Severity.LOW, label="测试规则")(_test_rule)
    alert_rule(kind="tests.broken", severity=Severity.LOW, label="出错的规则")(_broken_rule)
    yield
    for code in (TEST_KIND, "tests.rule", "tests.broken"):
        unregister_kind(code)


def finding(inst, *, amount: int = 1, league: str = "150100", period: str = "2026") -> Finding:  # type: ignore[no-untyped-def]
    return Finding.about(
        inst,
        jurisdiction_id=jurisdiction(league).pk,
        institution_id=inst.pk,
        period=period,
        observed_on=date(2026, 6, 1),
        evidence={"amount": amount},
    )


def test_raise_refresh_resolve_reopen_is_idempotent_and_audited() -> None:
    inst = FiledInstitutionFactory()
    first = apply_findings(kind=TEST_KIND, findings=[finding(inst)])
    assert first.raised == 1
    again = apply_findings(kind=TEST_KIND, findings=[finding(inst)])
    assert (again.raised, again.refreshed) == (0, 1)
    assert Alert.objects.count() == 1
    alert = Alert.objects.get()
    assert alert.status == AlertStatus.OPEN and alert.evidence == {"amount": 1}
    assert alert.last_seen_at >= alert.first_seen_at

    apply_findings(kind=TEST_KIND, findings=[finding(inst, amount=5)])
    alert.refresh_from_db()
    assert alert.evidence == {"amount": 5}

    gone = apply_findings(kind=TEST_KIND, findings=[])
    assert gone.resolved == 1
    alert.refresh_from_db()
    assert alert.status == AlertStatus.RESOLVED and alert.resolved_at is not None

    back = apply_findings(kind=TEST_KIND, findings=[finding(inst)])
    assert back.reopened == 1
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN
    assert Alert.objects.count() == 1
    actions = list(events_for(alert).values_list("action", flat=True))
    assert actions == [
        "supervision.alert_raised",
        "supervision.alert_auto_resolved",
        "supervision.alert_reopened",
    ]


def test_one_alert_per_period_and_dismissed_stays_dismissed() -> None:
    inst = FiledInstitutionFactory()
    apply_findings(kind=TEST_KIND, findings=[finding(inst, period="2025"), finding(inst, period="2026")])
    assert Alert.objects.count() == 2
    user = region_center_user(Role.CLERK)
    alert = Alert.objects.get(period="2025")
    close_alert(actor=user, alert=alert, outcome=AlertStatus.DISMISSED, reason="已核实为正常波动")
    apply_findings(kind=TEST_KIND, findings=[finding(inst, period="2025"), finding(inst, period="2026")])
    alert.refresh_from_db()
    assert alert.status == AlertStatus.DISMISSED


def test_window_limits_auto_resolution() -> None:
    a, b = FiledInstitutionFactory(), FiledInstitutionFactory()
    apply_findings(kind=TEST_KIND, findings=[finding(a), finding(b)])
    counts = apply_findings(kind=TEST_KIND, findings=[], institution_ids=frozenset({a.pk}))
    assert counts.resolved == 1
    assert Alert.objects.get(institution=b).status == AlertStatus.OPEN
    counts = apply_findings(kind=TEST_KIND, findings=[], since=date(2026, 7, 1))
    assert counts.resolved == 0


def test_acknowledge_in_bulk_only_within_jurisdiction() -> None:
    a = FiledInstitutionFactory()
    b = FiledInstitutionFactory(league="150200")
    apply_findings(kind=TEST_KIND, findings=[finding(a), finding(b, league="150200")])
    mine = Alert.objects.get(institution=a)
    theirs = Alert.objects.get(institution=b)
    hohhot = bureau_user("150100", Role.CLERK)
    with pytest.raises(DomainError) as exc:
        acknowledge_alerts(actor=hohhot, alert_ids=[mine.pk, theirs.pk])
    assert "管辖范围" in exc.value.message
    assert Alert.objects.filter(status=AlertStatus.ACKNOWLEDGED).count() == 0
    acknowledge_alerts(actor=hohhot, alert_ids=[mine.pk], note="已安排核查")
    mine.refresh_from_db()
    assert mine.status == AlertStatus.ACKNOWLEDGED and mine.status_changed_by == hohhot
    assert events_for(mine).filter(action="supervision.alert_acknowledged", actor_id=hohhot.pk).exists()
    with pytest.raises(PermissionDenied):
        acknowledge_alerts(actor=staff(a, Role.MANAGER), alert_ids=[mine.pk])


def test_dismissal_needs_a_reason() -> None:
    inst = FiledInstitutionFactory()
    apply_findings(kind=TEST_KIND, findings=[finding(inst)])
    alert = Alert.objects.get()
    with pytest.raises(DomainError) as exc:
        close_alert(actor=region_center_user(), alert=alert, outcome=AlertStatus.DISMISSED, reason="  ")
    assert exc.value.field == "reason" and "理由" in exc.value.message
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN


def test_rules_are_discovered_and_a_failing_rule_leaves_nothing() -> None:
    assert "tests.rule" in kinds()
    inst = FiledInstitutionFactory()
    FLAGGED[:] = [finding(inst)]
    try:
        report = run_scan(kind_codes=["tests.broken"])
        assert "tests.broken" in report.failures
        assert not Alert.objects.exists()
        assert ScanRun.objects.get(kind="tests.broken").status == "failed"
        report = run_scan(kind_codes=["tests.rule"])
        assert report.counts["tests.rule"].raised == 1
    finally:
        FLAGGED.clear()


def test_command_refuses_unknown_kind_and_future_since() -> None:
    with pytest.raises(CommandError, match="未知的预警类型"):
        call_command("scan_alerts", "--kind", "no_such_kind")
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    with pytest.raises(CommandError, match="晚于今天"):
        call_command("scan_alerts", "--since", future)
    with pytest.raises(CommandError, match="不是有效日期"):
        call_command("scan_alerts", "--since", "2026-13-40")
