"""Raise, refresh and resolve alerts idempotently; acknowledge, resolve or dismiss them (R-SUP-2)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from skillcert.accounts.models import User
from skillcert.core.audit import record_event
from skillcert.core.errors import DomainError
from skillcert.core.scoping import actor_may, require_row
from skillcert.supervision.choices import LIVE_STATUSES, AlertStatus, Event
from skillcert.supervision.models import Alert
from skillcert.supervision.models.alerts import ALERT_POLICY
from skillcert.supervision.registry import Finding, get_kind


@dataclass
class ApplyCounts:
    """What one application of a rule's findings changed."""

    found: int = 0
    raised: int = 0
    reopened: int = 0
    refreshed: int = 0
    resolved: int = 0

    def add(self, other: ApplyCounts) -> None:
        for name in ("found", "raised", "reopened", "refreshed", "resolved"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _audit_state(alert: Alert) -> dict[str, object]:
    return {
        "kind": alert.kind,
        "subject": f"{alert.subject_type}#{alert.subject_id}",
        "period": alert.period,
        "status": alert.status,
        "evidence": alert.evidence,
    }


def apply_findings(
    *,
    kind: str,
    findings: Iterable[Finding],
    now: datetime | None = None,
    since: date | None = None,
    institution_ids: frozenset[int] | None = None,
    complete: bool = True,
) -> ApplyCounts:
    """Upsert a rule's current findings into alerts and resolve what is no longer found (R-SUP-2).

    One alert per (kind, subject, period): new findings are raised, findings seen again refresh
    `last_seen_at` and the evidence, a resolved alert found again reopens, a dismissed one stays
    dismissed. With `complete` (the findings are every true one in the window given by `since`
    and `institution_ids`), live alerts of the kind in that window that were not found are
    resolved automatically. Raising, reopening and resolving are audited. Runs in one
    transaction: a failure leaves nothing half-written.
    """
    registered = get_kind(kind)
    if registered is None:
        raise DomainError(_("预警类型：未知的预警类型 %(kind)s") % {"kind": kind}, field="kind")
    now = now or timezone.now()
    counts = ApplyCounts()
    with transaction.atomic():
        by_key: dict[tuple[str, int, str], Finding] = {}
        for finding in findings:
            by_key[finding.key] = finding
        counts.found = len(by_key)
        window = Q(kind=kind)
        if since is not None:
            window &= Q(observed_on__gte=since)
        if institution_ids is not None:
            window &= Q(institution_id__in=institution_ids)
        # Existing alerts of the kind that the findings touch, plus the live ones of the window.
        existing: dict[tuple[str, int, str], Alert] = {}
        live = Alert.objects.filter(window, status__in=LIVE_STATUSES)
        for alert in live.select_for_update():
            existing[(alert.subject_type, alert.subject_id, alert.period)] = alert
        missing_keys = [k for k in by_key if k not in existing]
        for chunk_start in range(0, len(missing_keys), 500):
            chunk = missing_keys[chunk_start : chunk_start + 500]
            q = Q()
            for subject_type, subject_id, period in chunk:
                q |= Q(subject_type=subject_type, subject_id=subject_id, period=period)
            for alert in Alert.objects.filter(q, kind=kind).select_for_update():
                existing[(alert.subject_type, alert.subject_id, alert.period)] = alert

        unchanged_ids: list[int] = []
        changed: list[Alert] = []
        for key, finding in by_key.items():
            found = existing.get(key)
            if found is None:
                alert = Alert.objects.create(
                    kind=kind,
                    severity=registered.severity,
                    subject_type=finding.subject_type,
                    subject_id=finding.subject_id,
                    subject_label=finding.subject_label[:300],
                    period=finding.period,
                    jurisdiction_id=finding.jurisdiction_id,
                    institution_id=finding.institution_id,
                    evidence=finding.evidence,
                    observed_on=finding.observed_on,
                    first_seen_at=now,
                    last_seen_at=now,
                )
                record_event(actor=None, action=Event.ALERT_RAISED, obj=alert, after=_audit_state(alert))
                counts.raised += 1
                continue
            alert = found
            if alert.status == AlertStatus.RESOLVED:
                before = _audit_state(alert)
                alert.status = AlertStatus.OPEN
                alert.status_reason = ""
                alert.status_changed_at = now
                alert.status_changed_by = None
                alert.resolved_at = None
                _refresh(alert, finding, now)
                alert.save()
                record_event(
                    actor=None, action=Event.ALERT_REOPENED, obj=alert, before=before, after=_audit_state(alert)
                )
                counts.reopened += 1
                continue
            if _differs(alert, finding):
                _refresh(alert, finding, now)
                changed.append(alert)
            else:
                unchanged_ids.append(alert.pk)
            counts.refreshed += 1
        if changed:
            Alert.objects.bulk_update(
                changed,
                [
                    "evidence",
                    "subject_label",
                    "jurisdiction",
                    "institution",
                    "observed_on",
                    "last_seen_at",
                    "updated_at",
                ],
                batch_size=500,
            )
        for start in range(0, len(unchanged_ids), 1000):
            Alert.objects.filter(pk__in=unchanged_ids[start : start + 1000]).update(last_seen_at=now)

        if complete:
            for key, alert in existing.items():
                if key in by_key or alert.status not in LIVE_STATUSES:
                    continue
                if since is not None and (alert.observed_on is None or alert.observed_on < since):
                    continue
                if institution_ids is not None and alert.institution_id not in institution_ids:
                    continue
                before = _audit_state(alert)
                alert.status = AlertStatus.RESOLVED
                alert.status_reason = _("原因已消除，自动解除")
                alert.status_changed_at = now
                alert.status_changed_by = None
                alert.resolved_at = now
                alert.save(
                    update_fields=[
                        "status",
                        "status_reason",
                        "status_changed_at",
                        "status_changed_by",
                        "resolved_at",
                        "updated_at",
                    ]
                )
                record_event(
                    actor=None, action=Event.ALERT_AUTO_RESOLVED, obj=alert, before=before, after=_audit_state(alert)
                )
                counts.resolved += 1
    return counts


def _differs(alert: Alert, finding: Finding) -> bool:
    return (
        alert.evidence != finding.evidence
        or alert.subject_label != finding.subject_label[:300]
        or alert.jurisdiction_id != finding.jurisdiction_id
        or alert.institution_id != finding.institution_id
        or alert.observed_on != finding.observed_on
    )


def _refresh(alert: Alert, finding: Finding, now: datetime) -> None:
    alert.evidence = finding.evidence
    alert.subject_label = finding.subject_label[:300]
    alert.jurisdiction_id = finding.jurisdiction_id
    alert.institution_id = finding.institution_id
    alert.observed_on = finding.observed_on
    alert.last_seen_at = now


def _require_authority(actor: User) -> None:
    if not actor.is_authenticated or not (actor.is_superuser or actor.organisation.is_authority):
        raise PermissionDenied(_("只有监管部门可以处理预警"))
    if not actor_may(actor, "handle", ALERT_POLICY):
        raise PermissionDenied(_("您的角色不能处理预警"))


def acknowledge_alerts(*, actor: User, alert_ids: Iterable[int], note: str = "") -> list[Alert]:
    """Acknowledge open alerts the actor may handle, all or none (R-SUP-2)."""
    _require_authority(actor)
    ids = sorted({int(i) for i in alert_ids})
    if not ids:
        raise DomainError(_("预警：请至少选择一条预警"), field="alerts")
    now = timezone.now()
    with transaction.atomic():
        allowed = Alert.objects.restrict(actor, "handle").filter(pk__in=ids)
        alerts = list(Alert.objects.select_for_update().filter(pk__in=allowed.values("pk")).order_by("pk"))
        if len(alerts) != len(ids):
            raise DomainError(_("预警：所选预警不存在或不在您的管辖范围内"), field="alerts", code="not_found")
        not_open = [a for a in alerts if a.status != AlertStatus.OPEN]
        if not_open:
            raise DomainError(
                _("预警：只能确认待处理的预警（%(labels)s 不是待处理状态）")
                % {"labels": "、".join(f"#{a.pk}" for a in not_open[:10])},
                field="alerts",
            )
        for alert in alerts:
            before = _audit_state(alert)
            alert.status = AlertStatus.ACKNOWLEDGED
            alert.status_reason = note.strip()
            alert.status_changed_at = now
            alert.status_changed_by = actor
            alert.save(
                update_fields=["status", "status_reason", "status_changed_at", "status_changed_by", "updated_at"]
            )
            record_event(
                actor=actor, action=Event.ALERT_ACKNOWLEDGED, obj=alert, before=before, after=_audit_state(alert)
            )
    return alerts


def close_alert(*, actor: User, alert: Alert, outcome: str, reason: str) -> Alert:
    """Resolve or dismiss a live alert by hand; a reason is required (R-SUP-2)."""
    _require_authority(actor)
    if outcome not in (AlertStatus.RESOLVED, AlertStatus.DISMISSED):
        raise DomainError(_("处理结果：只能是“已解除”或“已排除”"), field="outcome")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            _("处理说明：排除预警必须说明理由")
            if outcome == AlertStatus.DISMISSED
            else _("处理说明：解除预警必须说明理由"),
            field="reason",
        )
    require_row(actor, "handle", alert)
    now = timezone.now()
    with transaction.atomic():
        locked = Alert.objects.select_for_update().get(pk=alert.pk)
        if locked.status not in LIVE_STATUSES:
            raise DomainError(
                _("状态：该预警已是“%(status)s”，不能再处理") % {"status": locked.get_status_display()}, field="status"
            )
        before = _audit_state(locked)
        locked.status = outcome
        locked.status_reason = reason
        locked.status_changed_at = now
        locked.status_changed_by = actor
        if outcome == AlertStatus.RESOLVED:
            locked.resolved_at = now
        locked.save()
        action = Event.ALERT_RESOLVED if outcome == AlertStatus.RESOLVED else Event.ALERT_DISMISSED
        record_event(actor=actor, action=action, obj=locked, before=before, after=_audit_state(locked))
    return locked
