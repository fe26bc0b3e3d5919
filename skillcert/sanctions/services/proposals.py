"""处理建议: an inspection concluded with 提出处理建议 proposes a measure to the deciding bureau, which
accepts it by starting the measure through the sanctions services (通报批评, 限期整改, or the
notice that opens 陈述申辩 before a two-person suspension / 取消评价资质 decision) or declines it
with grounds (R-SUP-4, R-SUP-6)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skillcert.accounts.models import Jurisdiction, User
from skillcert.core.audit import record_event, snapshot
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.validation import clean_text
from skillcert.sanctions.choices import DECISION_KINDS, Event, Kind, ProposalStatus
from skillcert.sanctions.models import Proposal, Sanction
from skillcert.sanctions.services import measures
from skillcert.sanctions.services.access import require_proposal_decider

TRACKED = ["status", "measure", "decided_by", "decided_at", "decision_note", "sanction"]


def clean_measure(value: Any) -> str:
    if value not in Kind.values:
        raise DomainError(
            _("建议处理类别：提出处理建议时请选择通报批评、限期整改、暂停评价或取消评价资质"),
            field="measure",
            code="required" if not value else "invalid_choice",
        )
    return str(value)


def _audit(actor: User, action: str, proposal: Proposal, before: dict[str, Any] | None) -> None:
    record_event(
        actor=actor,
        action=action,
        obj=proposal,
        before=before,
        after={
            **snapshot(proposal, TRACKED),
            "institution": proposal.institution_id,
            "inspection": proposal.inspection_id,
            "league": proposal.league_id,
        },
        object_repr=f"{proposal.institution.filed_name} {proposal.get_measure_display()}",
    )


def propose_from_inspection(
    *, actor: User, inspection: Any, measure: str, grounds: str, league: Jurisdiction
) -> Proposal:
    """Record the 处理建议 of an inspection being concluded, routed to `league`'s bureau; runs inside
    the conclusion's transaction, so both are saved or neither (R-SUP-4)."""
    measure = clean_measure(measure)
    grounds = clean_text(grounds, field="outcome_note", label=_("事实与依据"), max_length=10000)
    proposal = Proposal.objects.create(
        institution=inspection.institution,
        league=league,
        inspection=inspection,
        measure=measure,
        grounds=grounds,
        proposed_by=actor,
    )
    _audit(actor, Event.PROPOSAL_MADE, proposal, None)
    return proposal


def _lock_pending(actor: User, proposal: Proposal) -> Proposal:
    locked = (
        Proposal.objects.restrict(actor, "view")
        .select_for_update()
        .select_related("institution", "inspection__campaign")
        .filter(pk=proposal.pk)
        .first()
    )
    if locked is None:
        raise NotFoundError(_("未找到该记录"))
    if locked.status != ProposalStatus.PENDING:
        raise DomainError(
            _("处理建议：已是“%(status)s”，不能再决定") % {"status": locked.get_status_display()},
            field="__all__",
            code="decided",
        )
    return locked


def _sanction_grounds(proposal: Proposal, note: str) -> str:
    source = _("%(campaign)s 双随机检查提出处理建议：%(grounds)s") % {
        "campaign": proposal.inspection.campaign.number,
        "grounds": proposal.grounds,
    }
    return f"{note}\n（{source}）" if note else source


def accept_proposal(
    *,
    actor: User,
    proposal: Proposal,
    note: str = "",
    deadline: datetime.date | None = None,
    publish_from: datetime.date | None = None,
    publish_until: datetime.date | None = None,
) -> Proposal:
    """Accept: the proposed measure is made through its sanctions service, linked to the proposal; a
    限期整改 needs its deadline, a suspension or 取消评价资质 starts with the notice and 陈述申辩 window."""
    require_proposal_decider(actor, proposal)
    note = clean_text(note, field="note", label=_("决定意见"), max_length=2000, required=False)
    if proposal.measure == Kind.RECTIFICATION:
        if deadline is None:
            raise DomainError(_("整改期限：采纳限期整改建议时请填写整改期限"), field="deadline", code="required")
        if deadline <= timezone.localdate():
            raise DomainError(_("整改期限：应晚于今天"), field="deadline", code="invalid")
    with transaction.atomic():
        locked = _lock_pending(actor, proposal)
        before = snapshot(locked, TRACKED)
        grounds = _sanction_grounds(locked, note)
        sanction: Sanction
        if locked.measure == Kind.CRITICISM:
            sanction = measures.publish_criticism(
                actor=actor,
                institution=locked.institution,
                grounds=grounds,
                publish_from=publish_from,
                publish_until=publish_until,
            )
        elif locked.measure == Kind.RECTIFICATION:
            assert deadline is not None
            sanction = measures.order_rectification(
                actor=actor, institution=locked.institution, grounds=grounds, deadline=deadline
            )
        elif locked.measure in DECISION_KINDS:
            sanction = measures.propose_decision(
                actor=actor, institution=locked.institution, kind=locked.measure, grounds=grounds
            )
        else:  # pragma: no cover - the model's choices
            raise DomainError(_("建议处理类别：无效的选项"), field="measure", code="invalid_choice")
        locked.status = ProposalStatus.ACCEPTED
        locked.sanction = sanction
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.decision_note = note
        locked.save()
        _audit(actor, Event.PROPOSAL_ACCEPTED, locked, before)
    return locked


def decline_proposal(*, actor: User, proposal: Proposal, grounds: str) -> Proposal:
    """Decline, with the grounds the bureau gives; nothing is imposed on the institution."""
    require_proposal_decider(actor, proposal)
    grounds = clean_text(grounds, field="grounds", label=_("不予采纳的理由"), max_length=2000, required=False)
    if not grounds:
        raise DomainError(_("不予采纳的理由：请写明理由"), field="grounds", code="required")
    with transaction.atomic():
        locked = _lock_pending(actor, proposal)
        before = snapshot(locked, TRACKED)
        locked.status = ProposalStatus.DECLINED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.decision_note = grounds
        locked.save()
        _audit(actor, Event.PROPOSAL_DECLINED, locked, before)
    return locked
