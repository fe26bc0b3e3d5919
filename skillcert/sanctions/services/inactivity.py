"""Exit after a year without certification activity: request to explain, accept or not, exit (R-SUP-6, seed §5(五))."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skillcert.accounts.models import User
from skillcert.core.audit import record_event, snapshot
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.policy import get_policy
from skillcert.core.validation import clean_text
from skillcert.institutions.models import Institution
from skillcert.sanctions.choices import Event, InactivityStatus, Kind
from skillcert.sanctions.models import InactivityCase
from skillcert.sanctions.selectors import last_activity_on
from skillcert.sanctions.services.measures import (
    _require_authority,
    _visible_institution,
    may_sanction,
    propose_decision,
)

TRACKED = [
    "status",
    "explain_by",
    "explained_at",
    "decision_note",
    "suspended_from",
    "suspended_until",
    "exit_sanction",
]
OPEN = (InactivityStatus.REQUESTED, InactivityStatus.EXPLAINED)


def _audit(actor: User, action: str, case: InactivityCase, before: dict | None) -> None:  # type: ignore[type-arg]
    record_event(
        actor=actor,
        action=action,
        obj=case,
        before=before,
        after={**snapshot(case, TRACKED), "institution": case.institution_id},
        object_repr=f"{case.institution.filed_name} {_('未开展认定情况核查')}",
    )


def _locked(actor: User, case: InactivityCase, action: str = "change") -> InactivityCase:
    found = InactivityCase.objects.restrict(actor, action).select_for_update().filter(pk=case.pk).first()
    if found is None:
        raise NotFoundError(_("未找到该记录"))
    return found


def request_explanation(
    *, actor: User, institution: Institution, text: str, explain_by: datetime.date | None = None
) -> InactivityCase:
    """Ask an institution listed as inactive to explain by a deadline (R-SUP-6)."""
    _require_authority(actor)
    institution = _visible_institution(actor, institution)
    text = clean_text(text, field="text", label=_("要求说明的内容"), max_length=2000)
    today = timezone.localdate()
    explain_by = explain_by or today + datetime.timedelta(days=int(get_policy("sanctions.explanation_days")))
    if explain_by <= today:
        raise DomainError(_("说明期限：应晚于今天"), field="explain_by", code="past")
    last = last_activity_on(institution)
    threshold = int(get_policy("sanctions.inactivity_days"))
    if (today - last).days < threshold:
        raise DomainError(
            _("评价机构：最近认定活动为%(d)s，未满%(n)s天") % {"d": last, "n": threshold},
            field="institution",
            code="active",
        )
    with transaction.atomic():
        if InactivityCase.objects.filter(institution=institution, status__in=OPEN).exists():
            raise DomainError(_("评价机构：已有一项待办的情况核查"), field="institution", code="duplicate")
        case = InactivityCase.objects.create(
            institution=institution,
            last_activity_on=last,
            requested_on=today,
            explain_by=explain_by,
            request_text=text,
            authority=actor.organisation,
            created_by=actor,
        )
        _audit(actor, Event.INACTIVITY_REQUESTED, case, None)
    return case


def submit_explanation(*, actor: User, case: InactivityCase, explanation: str) -> InactivityCase:
    """The institution explains, by the deadline (or the authority records a written answer)."""
    explanation = clean_text(explanation, field="explanation", label=_("情况说明"), max_length=5000)
    with transaction.atomic():
        c = _locked(actor, case, "state")
        own = getattr(actor.organisation, "pk", None) == c.institution.organisation_id
        if not own and not may_sanction(actor):
            raise PermissionDenied(_("情况说明由评价机构提交，或由监管机关代为记录"))
        if c.status != InactivityStatus.REQUESTED:
            raise DomainError(_("情况说明：该核查不在待说明状态"), field="explanation", code="status")
        if timezone.localdate() > c.explain_by:
            raise DomainError(
                _("情况说明：说明期限已于%(d)s届满") % {"d": c.explain_by}, field="explanation", code="late"
            )
        before = snapshot(c, TRACKED)
        c.explanation = explanation
        c.explained_at = timezone.now()
        c.status = InactivityStatus.EXPLAINED
        c.save()
        _audit(actor, Event.INACTIVITY_EXPLAINED, c, before)
    return c


def accept_explanation(
    *, actor: User, case: InactivityCase, note: str, suspended_until: datetime.date
) -> InactivityCase:
    """Accept the explanation; the inactivity clock stands still until the recorded date (R-SUP-6)."""
    _require_authority(actor)
    note = clean_text(note, field="note", label=_("认定意见"), max_length=2000)
    today = timezone.localdate()
    if suspended_until is None or suspended_until <= today:
        raise DomainError(_("计时中止至：应晚于今天"), field="suspended_until", code="past")
    with transaction.atomic():
        c = _locked(actor, case)
        if c.status != InactivityStatus.EXPLAINED:
            raise DomainError(_("采纳说明：机构尚未提交说明"), field="status", code="status")
        before = snapshot(c, TRACKED)
        c.status = InactivityStatus.ACCEPTED
        c.decision_note = note
        c.decided_by = actor
        c.decided_at = timezone.now()
        c.suspended_from = today
        c.suspended_until = suspended_until
        c.save()
        _audit(actor, Event.INACTIVITY_ACCEPTED, c, before)
    return c


def reject_explanation(*, actor: User, case: InactivityCase, note: str) -> InactivityCase:
    """Reject the explanation: the exit decision (取消评价资质) is proposed, with its 陈述申辩 window."""
    _require_authority(actor)
    note = clean_text(note, field="note", label=_("认定意见"), max_length=2000)
    with transaction.atomic():
        c = _locked(actor, case)
        if c.status != InactivityStatus.EXPLAINED:
            raise DomainError(_("不采纳说明：机构尚未提交说明"), field="status", code="status")
        return _to_exit(actor, c, InactivityStatus.REJECTED, Event.INACTIVITY_REJECTED, note)


def lapse_case(*, actor: User, case: InactivityCase, note: str = "") -> InactivityCase:
    """No explanation by the deadline: the exit decision is proposed (R-SUP-6)."""
    _require_authority(actor)
    note = clean_text(note, field="note", label=_("认定意见"), max_length=2000, required=False)
    with transaction.atomic():
        c = _locked(actor, case)
        if c.status != InactivityStatus.REQUESTED:
            raise DomainError(_("逾期未说明：该核查不在待说明状态"), field="status", code="status")
        if timezone.localdate() <= c.explain_by:
            raise DomainError(
                _("逾期未说明：说明期限%(d)s尚未届满") % {"d": c.explain_by}, field="status", code="not_due"
            )
        return _to_exit(actor, c, InactivityStatus.LAPSED, Event.INACTIVITY_LAPSED, note or _("逾期未作说明"))


def _to_exit(actor: User, c: InactivityCase, status: str, event: str, note: str) -> InactivityCase:
    before = snapshot(c, TRACKED)
    days = int(get_policy("sanctions.inactivity_days"))
    c.exit_sanction = propose_decision(
        actor=actor,
        institution=c.institution,
        kind=Kind.DISQUALIFICATION,
        grounds=_("自%(d)s起连续%(n)s天以上未开展认定活动（无考试场次、无证书），%(note)s")
        % {"d": c.last_activity_on, "n": days, "note": note},
    )
    c.status = status
    c.decision_note = note
    c.decided_by = actor
    c.decided_at = timezone.now()
    c.save()
    _audit(actor, event, c, before)
    return c
