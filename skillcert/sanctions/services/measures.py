"""通报批评, 限期整改 with its follow-up, and two-person suspension / 取消评价资质 decisions (R-SUP-6)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skillcert.accounts.models import User
from skillcert.accounts.types import Visitor
from skillcert.core.audit import record_event, snapshot
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.policy import get_policy
from skillcert.core.scoping import is_authenticated
from skillcert.core.validation import clean_text
from skillcert.core.workdays import add_working_days
from skillcert.institutions import authorities
from skillcert.institutions import services as institution_services
from skillcert.institutions.choices import InstitutionStatus
from skillcert.institutions.models import Institution
from skillcert.sanctions.choices import DECISION_KINDS, Event, FollowUpResult, Kind, Status
from skillcert.sanctions.models import Sanction
from skillcert.sanctions.models.sanction import HANDLER_ROLES

TRACKED = [
    "status",
    "grounds",
    "publish_from",
    "publish_until",
    "deadline",
    "follow_up_result",
    "follow_up_on",
    "follow_up_early",
    "notified_on",
    "statement_due",
    "statement_at",
    "decision_reasons",
    "decided_by",
    "approved_by",
    "approval_note",
]


def may_sanction(actor: Visitor) -> bool:
    """Authorities that sanction institutions, with a handling role (R-SUP-6)."""
    if getattr(actor, "is_superuser", False):
        return True
    org = getattr(actor, "organisation", None)
    return bool(
        is_authenticated(actor)
        and org is not None
        and authorities.is_decision_authority(org)
        and actor.role_codes & HANDLER_ROLES
    )


def _require_authority(actor: User) -> None:
    if not may_sanction(actor):
        raise PermissionDenied(_("机构处理由自治区人社部门或盟市人社局决定"))


def _visible_institution(actor: User, institution: Institution) -> Institution:
    found = Institution.objects.restrict(actor, "view").filter(pk=institution.pk).first()
    if found is None:
        raise NotFoundError(_("未找到该记录"))
    return found


def _locked(actor: User, sanction: Sanction, action: str = "change") -> Sanction:
    locked = Sanction.objects.restrict(actor, action).select_for_update().filter(pk=sanction.pk).first()
    if locked is None:
        raise NotFoundError(_("未找到该记录"))
    return locked


def _grounds(value: Any, label: str | None = None, field: str = "grounds") -> str:
    return clean_text(value, field=field, label=label or _("事实与依据"), max_length=4000)


def _audit(actor: User, action: str, sanction: Sanction, before: dict[str, Any] | None) -> None:
    record_event(
        actor=actor,
        action=action,
        obj=sanction,
        before=before,
        after={**snapshot(sanction, TRACKED), "institution": sanction.institution_id, "kind": sanction.kind},
        object_repr=f"{sanction.institution.filed_name} {sanction.get_kind_display()}",
    )


def publish_criticism(
    *,
    actor: User,
    institution: Institution,
    grounds: str,
    publish_from: datetime.date | None = None,
    publish_until: datetime.date | None = None,
) -> Sanction:
    """Publish a 通报批评 with its grounds for a period, on the portal and the institution's page (R-SUP-6)."""
    _require_authority(actor)
    institution = _visible_institution(actor, institution)
    grounds = _grounds(grounds)
    today = timezone.localdate()
    publish_from = publish_from or today
    publish_until = publish_until or publish_from + datetime.timedelta(
        days=int(get_policy("sanctions.criticism_publication_days"))
    )
    if publish_until < publish_from:
        raise DomainError(_("公布截止日：不能早于公布起始日"), field="publish_until", code="range")
    with transaction.atomic():
        sanction = Sanction.objects.create(
            institution=institution,
            kind=Kind.CRITICISM,
            status=Status.PUBLISHED,
            grounds=grounds,
            authority=actor.organisation,
            created_by=actor,
            publish_from=publish_from,
            publish_until=publish_until,
        )
        _audit(actor, Event.CRITICISED, sanction, None)
    return sanction


def order_rectification(*, actor: User, institution: Institution, grounds: str, deadline: datetime.date) -> Sanction:
    """Order 限期整改 with a deadline; the institution's lifecycle moves to rectification (R-SUP-6, R-INS-8)."""
    _require_authority(actor)
    institution = _visible_institution(actor, institution)
    grounds = _grounds(grounds)
    if deadline is None:
        raise DomainError(_("整改期限：请填写"), field="deadline", code="required")
    with transaction.atomic():
        institution_services.change_status(
            actor=actor,
            institution=institution,
            to_status=InstitutionStatus.RECTIFICATION,
            grounds=grounds,
            deadline=deadline,
        )
        sanction = Sanction.objects.create(
            institution=institution,
            kind=Kind.RECTIFICATION,
            status=Status.OPEN,
            grounds=grounds,
            authority=actor.organisation,
            created_by=actor,
            deadline=deadline,
        )
        _audit(actor, Event.RECTIFICATION_ORDERED, sanction, None)
    return sanction


def record_follow_up(
    *,
    actor: User,
    sanction: Sanction,
    result: str,
    note: str,
    early: bool = False,
    propose: str = "",
    proposal_grounds: str = "",
) -> Sanction:
    """Record the follow-up check of a 限期整改, due on its deadline; early only when chosen (R-SUP-6).

    Rectified: the institution returns to active. Not rectified: suspension or 取消评价资质 is proposed.
    """
    _require_authority(actor)
    if result not in FollowUpResult.values:
        raise DomainError(_("复查结果：请选择"), field="result", code="invalid_choice")
    note = clean_text(note, field="note", label=_("复查情况"), max_length=4000)
    if result == FollowUpResult.NOT_RECTIFIED and propose not in DECISION_KINDS:
        raise DomainError(
            _("拟作处理：整改不到位的，请选择拟暂停评价或拟取消评价资质"), field="propose", code="required"
        )
    today = timezone.localdate()
    with transaction.atomic():
        s = _locked(actor, sanction)
        if s.kind != Kind.RECTIFICATION or s.status != Status.OPEN:
            raise DomainError(_("复查：该处理不是待复查的限期整改"), field="status", code="status")
        assert s.deadline is not None
        if today < s.deadline and not early:
            raise DomainError(
                _("复查日期：整改期限为%(d)s，期限届满前复查须选择“提前复查”") % {"d": s.deadline},
                field="early",
                code="too_early",
            )
        before = snapshot(s, TRACKED)
        s.follow_up_result = result
        s.follow_up_on = today
        s.follow_up_early = today < s.deadline
        s.follow_up_note = note
        s.follow_up_by = actor
        s.status = Status.RECTIFIED if result == FollowUpResult.RECTIFIED else Status.NOT_RECTIFIED
        s.save()
        _audit(actor, Event.FOLLOWED_UP, s, before)
        if result == FollowUpResult.RECTIFIED:
            institution_services.change_status(
                actor=actor,
                institution=s.institution,
                to_status=InstitutionStatus.ACTIVE,
                grounds=_("整改复查合格：") + note,
            )
        else:
            propose_decision(
                actor=actor,
                institution=s.institution,
                kind=propose,
                grounds=proposal_grounds or _("限期整改期满复查不合格：") + note,
                origin=s,
            )
    return s


def propose_decision(
    *, actor: User, institution: Institution, kind: str, grounds: str, origin: Sanction | None = None
) -> Sanction:
    """Notify the institution of an intended suspension or 取消评价资质; the 陈述申辩 window opens (R-SUP-6)."""
    _require_authority(actor)
    institution = _visible_institution(actor, institution)
    if kind not in DECISION_KINDS:
        raise DomainError(_("处理类别：只能拟暂停评价或拟取消评价资质"), field="kind", code="invalid_choice")
    grounds = _grounds(grounds)
    if institution.status in (InstitutionStatus.REVOKED, InstitutionStatus.WITHDRAWN):
        raise DomainError(_("评价机构：已被取消评价资质或已注销备案"), field="institution", code="status")
    today = timezone.localdate()
    with transaction.atomic():
        if Sanction.objects.filter(
            institution=institution, kind__in=DECISION_KINDS, status__in=[Status.PROPOSED, Status.DECIDED]
        ).exists():
            raise DomainError(_("评价机构：已有一项待决定的暂停或取消处理"), field="institution", code="duplicate")
        sanction = Sanction.objects.create(
            institution=institution,
            kind=kind,
            status=Status.PROPOSED,
            grounds=grounds,
            authority=actor.organisation,
            created_by=actor,
            origin=origin,
            notified_on=today,
            statement_due=add_working_days(today, int(get_policy("sanctions.statement_working_days"))),
        )
        _audit(actor, Event.PROPOSED, sanction, None)
    return sanction


def record_statement(*, actor: User, sanction: Sanction, statement: str) -> Sanction:
    """The institution's 陈述申辩, submitted by its staff or recorded by the authority, within the window."""
    statement = clean_text(statement, field="statement", label=_("陈述申辩意见"), max_length=5000)
    with transaction.atomic():
        s = _locked(actor, sanction, "state")
        own = getattr(actor.organisation, "pk", None) == s.institution.organisation_id
        if not own and not may_sanction(actor):
            raise PermissionDenied(_("陈述申辩由被处理机构提交，或由决定机关代为记录"))
        if s.status != Status.PROPOSED:
            raise DomainError(_("陈述申辩：该处理不在陈述申辩期"), field="statement", code="status")
        if not s.statement_window_open():
            raise DomainError(
                _("陈述申辩：陈述申辩期已于%(d)s届满") % {"d": s.statement_due}, field="statement", code="window_closed"
            )
        before = snapshot(s, TRACKED)
        s.statement = statement
        s.statement_at = timezone.now()
        s.save()
        _audit(actor, Event.STATEMENT, s, before)
    return s


def decide(*, actor: User, sanction: Sanction, reasons: str) -> Sanction:
    """Draft the decision after the 陈述申辩 window, recording the statement and the reasons (R-SUP-6)."""
    _require_authority(actor)
    reasons = _grounds(reasons, _("决定理由"), "reasons")
    with transaction.atomic():
        s = _locked(actor, sanction)
        if s.status != Status.PROPOSED:
            raise DomainError(_("拟定决定：该处理不是待决定状态"), field="status", code="status")
        if s.statement_window_open() and not s.statement:
            raise DomainError(
                _("拟定决定：陈述申辩期至%(d)s，期满或收到陈述申辩后方可决定") % {"d": s.statement_due},
                field="reasons",
                code="window_open",
            )
        before = snapshot(s, TRACKED)
        s.decision_reasons = reasons
        s.decided_by = actor
        s.decided_at = timezone.now()
        s.status = Status.DECIDED
        s.save()
        _audit(actor, Event.DECIDED, s, before)
    return s


def _second_person(actor: User, s: Sanction) -> None:
    if actor.pk in (s.decided_by_id, s.created_by_id):
        raise DomainError(
            _("复核：不能复核本人提出或拟定的处理决定，须由另一名工作人员复核"), field="approved_by", code="same_person"
        )


def approve_decision(*, actor: User, sanction: Sanction, note: str = "") -> Sanction:
    """A second person approves; suspension or 取消评价资质 takes effect, the latter on the blacklist (R-SUP-6)."""
    _require_authority(actor)
    note = clean_text(note, field="note", label=_("复核意见"), max_length=2000, required=False)
    with transaction.atomic():
        s = _locked(actor, sanction)
        if s.status != Status.DECIDED:
            raise DomainError(_("复核：该处理尚未拟定决定"), field="status", code="status")
        _second_person(actor, s)
        before = snapshot(s, TRACKED)
        s.approved_by = actor
        s.approved_at = timezone.now()
        s.approval_note = note
        s.status = Status.APPROVED
        s.save()
        _audit(actor, Event.APPROVED, s, before)
        to_status = InstitutionStatus.REVOKED if s.kind == Kind.DISQUALIFICATION else InstitutionStatus.SUSPENDED
        institution_services.change_status(
            actor=actor, institution=s.institution, to_status=to_status, grounds=f"{s.grounds}\n{s.decision_reasons}"
        )
    return s


def reject_decision(*, actor: User, sanction: Sanction, note: str) -> Sanction:
    """A second person refuses to approve; nothing changes for the institution."""
    _require_authority(actor)
    note = clean_text(note, field="note", label=_("复核意见"), max_length=2000)
    with transaction.atomic():
        s = _locked(actor, sanction)
        if s.status != Status.DECIDED:
            raise DomainError(_("复核：该处理尚未拟定决定"), field="status", code="status")
        _second_person(actor, s)
        before = snapshot(s, TRACKED)
        s.approved_by = actor
        s.approved_at = timezone.now()
        s.approval_note = note
        s.status = Status.REJECTED
        s.save()
        _audit(actor, Event.REJECTED, s, before)
    return s


def impose(
    *,
    actor: User,
    institution: Institution,
    kind: str,
    grounds: str,
    publish_from: datetime.date | None = None,
    publish_until: datetime.date | None = None,
    deadline: datetime.date | None = None,
) -> Sanction:
    """One entry point for the forms and the API: the service for each kind of measure (R-SUP-6)."""
    if kind == Kind.CRITICISM:
        return publish_criticism(
            actor=actor,
            institution=institution,
            grounds=grounds,
            publish_from=publish_from,
            publish_until=publish_until,
        )
    if kind == Kind.RECTIFICATION:
        return order_rectification(actor=actor, institution=institution, grounds=grounds, deadline=deadline)  # type: ignore[arg-type]
    if kind in DECISION_KINDS:
        return propose_decision(actor=actor, institution=institution, kind=kind, grounds=grounds)
    raise DomainError(_("处理类别：无效的选项"), field="kind", code="invalid_choice")
