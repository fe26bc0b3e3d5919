"""Handling a complaint: accept or not, transfer, extend, investigate, conclude (R-SUP-5, 信访工作条例 art. 32)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skillcert.accounts.models import Jurisdiction, User
from skillcert.complaints.choices import Event, Outcome, Status, StepKind
from skillcert.complaints.models import Complaint, InvestigationRecord, Step
from skillcert.complaints.services.common import (
    add_days,
    check_attachments,
    handler_for,
    require_handler,
    save_attachments,
)
from skillcert.core.audit import record_event, snapshot
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.policy import get_policy
from skillcert.core.validation import clean_text

TRACKED = [
    "status",
    "jurisdiction",
    "handler",
    "accepted_on",
    "accept_due",
    "conclude_due",
    "extension_days",
    "extension_reason",
    "not_accepted_reason",
    "outcome",
    "public_outcome_text",
    "internal_conclusion",
    "referred_to",
    "concluded_on",
    "sanction",
]


def _locked(actor: User, complaint: Complaint) -> Complaint:
    """Re-read the complaint under a row lock, as the actor may change it, or answer as for a missing one."""
    require_handler(actor)
    locked = Complaint.objects.restrict(actor, "change").select_for_update().filter(pk=complaint.pk).first()
    if locked is None:
        raise NotFoundError(_("未找到该记录"))
    return locked


def _expect(complaint: Complaint, *statuses: str, what: str) -> None:
    if complaint.status not in statuses:
        raise DomainError(
            _("%(what)s：该投诉举报当前为“%(status)s”，不能办理")
            % {"what": what, "status": complaint.get_status_display()},
            field="status",
            code="status",
        )


def _step(complaint: Complaint, actor: User, kind: str, note: str = "", **extra: Any) -> Step:
    return Step.objects.create(complaint=complaint, kind=kind, at=timezone.now(), actor=actor, note=note, **extra)


def accept_complaint(*, actor: User, complaint: Complaint, note: str = "") -> Complaint:
    """Accept the matter; the conclusion deadline runs from today (信访工作条例 art. 32)."""
    note = clean_text(note, field="note", label=_("受理意见"), max_length=2000, required=False)
    with transaction.atomic():
        c = _locked(actor, complaint)
        _expect(c, Status.RECEIVED, what=_("受理"))
        before = snapshot(c, TRACKED)
        today = timezone.localdate()
        c.status = Status.INVESTIGATING
        c.accepted_on = today
        c.conclude_due = add_days(today, int(get_policy("complaints.conclude_days")))
        c.save()
        _step(c, actor, StepKind.ACCEPTED, note)
        record_event(actor=actor, action=Event.ACCEPTED, obj=c, before=before, after=snapshot(c, TRACKED))
    return c


def refuse_complaint(*, actor: User, complaint: Complaint, reason: str, public_text: str) -> Complaint:
    """Decide not to accept, with reasons for the file and an answer the complainant reads (R-SUP-5)."""
    reason = clean_text(reason, field="reason", label=_("不予受理理由"), max_length=2000)
    public_text = clean_text(public_text, field="public_text", label=_("答复投诉人"), max_length=2000)
    with transaction.atomic():
        c = _locked(actor, complaint)
        _expect(c, Status.RECEIVED, what=_("不予受理"))
        before = snapshot(c, TRACKED)
        c.status = Status.NOT_ACCEPTED
        c.not_accepted_reason = reason
        c.public_outcome_text = public_text
        c.concluded_on = timezone.localdate()
        c.save()
        _step(c, actor, StepKind.NOT_ACCEPTED, reason)
        record_event(actor=actor, action=Event.NOT_ACCEPTED, obj=c, before=before, after=snapshot(c, TRACKED))
    return c


def transfer_complaint(*, actor: User, complaint: Complaint, to: Jurisdiction, reason: str) -> Complaint:
    """Hand the matter to the authority of another jurisdiction; every earlier step stays on its history (R-SUP-5)."""
    reason = clean_text(reason, field="reason", label=_("转办理由"), max_length=2000)
    with transaction.atomic():
        c = _locked(actor, complaint)
        _expect(c, Status.RECEIVED, Status.INVESTIGATING, what=_("转办"))
        if to.pk == c.jurisdiction_id:
            raise DomainError(_("转入辖区：与当前办理辖区相同"), field="to", code="same")
        before = snapshot(c, TRACKED)
        from_jurisdiction = c.jurisdiction
        c.jurisdiction = to
        c.handler = handler_for(to)
        c.save()
        _step(c, actor, StepKind.TRANSFERRED, reason, from_jurisdiction=from_jurisdiction, to_jurisdiction=to)
        record_event(actor=actor, action=Event.TRANSFERRED, obj=c, before=before, after=snapshot(c, TRACKED))
    return c


def extend_complaint(*, actor: User, complaint: Complaint, days: int, reason: str) -> Complaint:
    """Extend the conclusion deadline once, by at most the policy's days, with a recorded reason (art. 32)."""
    reason = clean_text(reason, field="reason", label=_("延期理由"), max_length=2000)
    limit = int(get_policy("complaints.extension_max_days"))
    if not isinstance(days, int) or isinstance(days, bool) or days < 1 or days > limit:
        raise DomainError(_("延长天数：应为1至%(n)s天") % {"n": limit}, field="days", code="range")
    with transaction.atomic():
        c = _locked(actor, complaint)
        _expect(c, Status.INVESTIGATING, what=_("延期"))
        if c.extension_days:
            raise DomainError(
                _("延长天数：办理期限只能延长一次，已于此前延长%(n)s天") % {"n": c.extension_days},
                field="days",
                code="once",
            )
        before = snapshot(c, TRACKED)
        assert c.conclude_due is not None
        c.conclude_due = add_days(c.conclude_due, days)
        c.extension_days = days
        c.extension_reason = reason
        c.save()
        _step(c, actor, StepKind.EXTENDED, reason)
        record_event(actor=actor, action=Event.EXTENDED, obj=c, before=before, after=snapshot(c, TRACKED))
    return c


def record_investigation(
    *,
    actor: User,
    complaint: Complaint,
    method: str,
    notes: str,
    recorded_on: datetime.date | None = None,
    attachments: list[Any] | None = None,
) -> InvestigationRecord:
    """Add evidence and notes to an accepted complaint; internal, never shown to the complainant (R-SUP-5)."""
    method = clean_text(method, field="method", label=_("调查方式"), max_length=100)
    notes = clean_text(notes, field="notes", label=_("调查情况"), max_length=5000)
    today = timezone.localdate()
    recorded_on = recorded_on or today
    if recorded_on > today:
        raise DomainError(_("调查日期：不能晚于今天"), field="recorded_on", code="future")
    files = check_attachments(list(attachments or []), field="attachments")
    with transaction.atomic():
        c = _locked(actor, complaint)
        _expect(c, Status.INVESTIGATING, what=_("调查记录"))
        record = InvestigationRecord.objects.create(
            complaint=c, recorded_on=recorded_on, recorded_by=actor, method=method, notes=notes
        )
        save_attachments(c, files, investigation=record, actor=actor)
        _step(c, actor, StepKind.INVESTIGATION, method)
        record_event(
            actor=actor,
            action=Event.INVESTIGATED,
            obj=c,
            after={"record": record.pk, "method": method, "recorded_on": recorded_on, "attachments": len(files)},
        )
    return record


def conclude_complaint(
    *,
    actor: User,
    complaint: Complaint,
    outcome: str,
    public_text: str,
    internal_conclusion: str,
    sanction: Any = None,
    referred_to: str = "",
) -> Complaint:
    """Close the matter: unfounded, founded with the sanction it led to, or referred elsewhere (R-SUP-5)."""
    if outcome not in Outcome.values:
        raise DomainError(_("办理结果：请选择"), field="outcome", code="invalid_choice")
    public_text = clean_text(public_text, field="public_text", label=_("答复投诉人的办理结果"), max_length=2000)
    internal_conclusion = clean_text(
        internal_conclusion, field="internal_conclusion", label=_("内部办理意见"), max_length=5000
    )
    referred_to = clean_text(
        referred_to, field="referred_to", label=_("移交部门"), max_length=200, required=outcome == Outcome.REFERRED
    )
    if outcome != Outcome.FOUNDED and sanction is not None:
        raise DomainError(_("处理决定：只有反映问题属实时才关联处理决定"), field="sanction", code="not_allowed")
    with transaction.atomic():
        c = _locked(actor, complaint)
        _expect(c, Status.INVESTIGATING, what=_("办结"))
        if outcome == Outcome.FOUNDED and c.institution_id is not None:
            if sanction is None:
                raise DomainError(
                    _("处理决定：反映问题属实的，请关联据此作出的处理决定"), field="sanction", code="required"
                )
            if sanction.institution_id != c.institution_id:
                raise DomainError(
                    _("处理决定：所选处理决定不是针对被投诉机构作出的"), field="sanction", code="mismatch"
                )
        before = snapshot(c, TRACKED)
        c.status = Status.CONCLUDED
        c.outcome = outcome
        c.public_outcome_text = public_text
        c.internal_conclusion = internal_conclusion
        c.referred_to = referred_to if outcome == Outcome.REFERRED else ""
        c.sanction = sanction
        c.concluded_on = timezone.localdate()
        c.save()
        _step(c, actor, StepKind.CONCLUDED, internal_conclusion)
        record_event(actor=actor, action=Event.CONCLUDED, obj=c, before=before, after=snapshot(c, TRACKED))
    return c
