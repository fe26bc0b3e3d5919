"""Results publicity (公示), objections, re-checks (成绩复核) and final results (R-EXAM-9, R-EXAM-10).

Publication puts the confirmed results on the portal, names and ID numbers masked, for
`exams.publicity_working_days` working days (default 5); anyone may object during that time
through the public form and follows the case by its tracking code. A candidate may ask for
a re-check of a component within `exams.recheck_working_days` working days of publication
(default 10). Both count working days on the official calendar with adjusted working days.
Results become final only when both windows have closed and no objection or re-check is
open; `finalise_due_results` (a nightly task) does that.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.timezone import now
from django.utils.translation import gettext

from skillcert.accounts.choices import Role
from skillcert.accounts.types import Actor
from skillcert.catalog.choices import ComponentKind
from skillcert.catalog.selectors import components_for
from skillcert.core.audit import record_event
from skillcert.core.errors import DomainError
from skillcert.core.policy import get_policy
from skillcert.core.scoping import require_row
from skillcert.core.validation import clean_text
from skillcert.core.validators import validate_mobile
from skillcert.core.workdays import WorkingCalendar
from skillcert.exams.choices import CaseStatus, ConductEvent, PlanStatus, PublicationStatus, RegistrationStatus
from skillcert.exams.models import (
    ComponentScore,
    ExamPlan,
    Objection,
    RecheckRequest,
    Registration,
    Result,
    ResultPublication,
)
from skillcert.exams.selectors.conduct import current_publication, in_publicity, open_cases
from skillcert.exams.services.access import require_institution_staff, user_or_none
from skillcert.exams.services.scoring import change_score

TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _today() -> datetime.date:
    return timezone.localdate()


def publish_results(*, actor: Actor, plan: ExamPlan) -> ResultPublication:
    """Publish the confirmed results for the publicity period and open the re-check window (R-EXAM-9)."""
    require_institution_staff(actor, plan)
    with transaction.atomic():
        plan = ExamPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.status != PlanStatus.SCORING:
            raise DomainError(
                gettext("认定计划状态为“%(get_status_display)s”：成绩确认后方可公示")
                % {"get_status_display": plan.get_status_display()},
                field="plan",
                code="plan_status",
            )
        approved = plan.registrations.filter(status=RegistrationStatus.APPROVED)
        unlocked = ComponentScore.objects.filter(registration__in=approved, locked=False).exists()
        undecided = approved.filter(result__isnull=True).exists()
        if unlocked or undecided or not approved.exists():
            raise DomainError(gettext("成绩尚未全部确认锁定，不能公示"), field="plan", code="not_confirmed")
        today = _today()
        calendar = WorkingCalendar()
        publicity_days = int(get_policy("exams.publicity_working_days"))
        recheck_days = int(get_policy("exams.recheck_working_days"))
        publication = ResultPublication.objects.create(
            plan=plan,
            published_at=now(),
            publicity_ends_on=calendar.add_working_days(today, publicity_days),
            recheck_deadline=calendar.add_working_days(today, recheck_days),
            status=PublicationStatus.PUBLICITY,
            published_by=user_or_none(actor),
        )
        plan.status = PlanStatus.PUBLICITY
        plan.save(update_fields=["status", "updated_at"])
        record_event(
            actor=actor,
            action=ConductEvent.RESULTS_PUBLISHED,
            obj=publication,
            after={
                "plan": plan.pk,
                "publicity_ends_on": publication.publicity_ends_on,
                "recheck_deadline": publication.recheck_deadline,
                "publicity_working_days": publicity_days,
                "recheck_working_days": recheck_days,
            },
        )
    return publication


def _tracking_code() -> str:
    return "YY" + "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(10))


def file_objection(
    *,
    actor: Actor | None,
    publication: ResultPublication,
    complainant_name: str,
    text_: str,
    contact: str = "",
    exam_number: str = "",
) -> Objection:
    """Anyone, logged in or not, objects to published results during publicity; answered by tracking code (R-EXAM-9)."""
    complainant_name = clean_text(complainant_name, field="complainant_name", label=gettext("异议人"), max_length=50)
    body = clean_text(text_, field="text", label=gettext("异议内容"), max_length=2000)
    contact = clean_text(contact, field="contact", label=gettext("联系方式"), required=False, max_length=50)
    if contact and contact.isdigit() and len(contact) == 11:
        try:
            validate_mobile(contact)
        except Exception as exc:
            raise DomainError(gettext("联系方式：手机号码格式不正确"), field="contact", code="invalid") from exc
    with transaction.atomic():
        publication = ResultPublication.objects.select_for_update().select_related("plan").get(pk=publication.pk)
        if not in_publicity(publication):
            raise DomainError(
                gettext("公示期已于%(publicity_ends_on)s结束，不能再提出异议")
                % {"publicity_ends_on": publication.publicity_ends_on},
                field="text",
                code="publicity_over",
            )
        registration = None
        number = (exam_number or "").strip()
        if number:
            registration = publication.plan.registrations.filter(exam_number=number).first()
            if registration is None:
                raise DomainError(
                    gettext("准考证号：%(number)s不在本次公示名单中") % {"number": number},
                    field="exam_number",
                    code="not_found",
                )
        objection = Objection.objects.create(
            publication=publication,
            registration=registration,
            complainant_name=complainant_name,
            complainant_contact=contact,
            text=body,
            tracking_code=_tracking_code(),
        )
        record_event(
            actor=actor,
            action=ConductEvent.OBJECTION_FILED,
            obj=objection,
            after={"publication": publication.pk, "registration": registration.pk if registration else None},
            organisation=publication.plan.institution.organisation,
        )
    return objection


def handle_objection(*, actor: Actor, objection: Objection, outcome: str) -> Objection:
    """The institution answers an objection with its outcome; the case closes (R-EXAM-9)."""
    require_institution_staff(actor, objection.publication.plan)
    outcome = clean_text(outcome, field="outcome", label=gettext("处理结果"), max_length=2000)
    with transaction.atomic():
        objection = Objection.objects.select_for_update().get(pk=objection.pk)
        if objection.status == CaseStatus.CLOSED:
            raise DomainError(gettext("该异议已办结"), field="outcome", code="closed")
        objection.status = CaseStatus.CLOSED
        objection.outcome = outcome
        objection.handled_by = user_or_none(actor)
        objection.handled_at = now()
        objection.save(update_fields=["status", "outcome", "handled_by", "handled_at", "updated_at"])
        record_event(actor=actor, action=ConductEvent.OBJECTION_HANDLED, obj=objection, after={"outcome": outcome})
    return objection


def request_recheck(*, actor: Actor, registration: Registration, component: str, reason: str) -> RecheckRequest:
    """The candidate asks for a component score to be re-checked within the window (R-EXAM-9)."""
    require_row(actor, "apply", registration)
    if not getattr(actor, "is_superuser", False) and (
        getattr(actor, "pk", None) != registration.user_id or not actor.has_role(Role.CANDIDATE)
    ):
        raise PermissionDenied(gettext("只有考生本人可以申请成绩复核"))
    reason = clean_text(reason, field="reason", label=gettext("申请理由"), max_length=1000)
    kinds = {c.kind for c in components_for(registration.plan.occupation, registration.level)}
    if component not in kinds:
        label = ComponentKind(component).label if component in ComponentKind.values else component
        raise DomainError(
            gettext("考核科目：本等级没有“%(label)s”") % {"label": label}, field="component", code="invalid"
        )
    with transaction.atomic():
        publication = current_publication(registration.plan)
        if publication is None or publication.status == PublicationStatus.FINAL:
            raise DomainError(
                gettext("成绩尚未公示或结果已确认，不能申请复核"), field="component", code="not_published"
            )
        if _today() > publication.recheck_deadline:
            raise DomainError(
                gettext("复核申请期限已于%(recheck_deadline)s截止")
                % {"recheck_deadline": publication.recheck_deadline},
                field="component",
                code="window_closed",
            )
        if RecheckRequest.objects.filter(
            registration=registration, component=component, status=CaseStatus.OPEN
        ).exists():
            raise DomainError(gettext("该科目已有处理中的复核申请"), field="component", code="duplicate")
        recheck = RecheckRequest.objects.create(
            registration=registration, component=component, reason=reason, requested_at=now()
        )
        record_event(
            actor=actor,
            action=ConductEvent.RECHECK_REQUESTED,
            obj=recheck,
            after={"component": component},
            organisation=registration.plan.institution.organisation,
        )
    return recheck


def handle_recheck(
    *,
    actor: Actor,
    recheck: RecheckRequest,
    outcome: str,
    score: Any = None,
    examiner_scores: dict[int, Any] | None = None,
) -> RecheckRequest:
    """The institution re-checks and closes the request; a corrected score is a recorded change (R-EXAM-9, R-EXAM-8)."""
    plan = recheck.registration.plan
    require_institution_staff(actor, plan)
    outcome = clean_text(outcome, field="outcome", label=gettext("复核结果"), max_length=2000)
    with transaction.atomic():
        recheck = RecheckRequest.objects.select_for_update().select_related("registration").get(pk=recheck.pk)
        if recheck.status == CaseStatus.CLOSED:
            raise DomainError(gettext("该复核申请已办结"), field="outcome", code="closed")
        if score not in (None, "") or examiner_scores:
            cs = ComponentScore.objects.filter(registration=recheck.registration, component=recheck.component).first()
            if cs is None:
                raise DomainError(gettext("该科目没有成绩记录"), field="score", code="no_score")
            recheck.score_change = change_score(
                actor=actor,
                component_score=cs,
                reason=gettext("成绩复核：%(outcome)s") % {"outcome": outcome},
                score=score,
                examiner_scores=examiner_scores,
            )
        recheck.status = CaseStatus.CLOSED
        recheck.outcome = outcome
        recheck.handled_by = user_or_none(actor)
        recheck.handled_at = now()
        recheck.save(update_fields=["status", "outcome", "score_change", "handled_by", "handled_at", "updated_at"])
        record_event(
            actor=actor,
            action=ConductEvent.RECHECK_HANDLED,
            obj=recheck,
            after={"outcome": outcome, "score_change": recheck.score_change_id},
        )
    return recheck


def finalise_results(*, actor: Actor | None, publication: ResultPublication, on: datetime.date | None = None) -> bool:
    """Make the results final once publicity and the re-check window have closed with nothing open (R-EXAM-9).

    Returns whether they are final now. Past the publicity end the publication is marked
    closed even while cases are still open.
    """
    day = on or _today()
    with transaction.atomic():
        publication = ResultPublication.objects.select_for_update().select_related("plan").get(pk=publication.pk)
        if publication.status == PublicationStatus.FINAL:
            return True
        if day > publication.publicity_ends_on and publication.status == PublicationStatus.PUBLICITY:
            publication.status = PublicationStatus.CLOSED
            publication.save(update_fields=["status", "updated_at"])
            record_event(actor=actor, action=ConductEvent.PUBLICITY_CLOSED, obj=publication, after={"on": day})
        if day <= publication.recheck_deadline or day <= publication.publicity_ends_on:
            return False
        cases = open_cases(publication)
        if cases["objections"] or cases["rechecks"]:
            return False
        at = now()
        plan = ExamPlan.objects.select_for_update().get(pk=publication.plan_id)
        count = Result.objects.filter(registration__plan=plan, final_at__isnull=True).update(final_at=at, updated_at=at)
        publication.status = PublicationStatus.FINAL
        publication.save(update_fields=["status", "updated_at"])
        plan.status = PlanStatus.FINAL
        plan.save(update_fields=["status", "updated_at"])
        record_event(
            actor=actor, action=ConductEvent.RESULTS_FINAL, obj=publication, after={"results": count, "on": day}
        )
    return True


def finalise_due_results(on: datetime.date | None = None) -> int:
    """Every publication whose windows have closed: close publicity, make results final (the nightly task)."""
    day = on or _today()
    due = ResultPublication.objects.filter(
        Q(status=PublicationStatus.PUBLICITY, publicity_ends_on__lt=day)
        | Q(status__in=[PublicationStatus.PUBLICITY, PublicationStatus.CLOSED], recheck_deadline__lt=day)
    ).values_list("pk", flat=True)
    final = 0
    for pk in list(due):
        publication = ResultPublication.objects.get(pk=pk)
        final += finalise_results(actor=None, publication=publication, on=day)
    return final
