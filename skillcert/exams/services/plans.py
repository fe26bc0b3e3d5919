"""Plans: drafting, filing against the readiness gate, scope, area and lead time; the bureau's
questions, answers and stops; the public announcement and the registration window (R-EXAM-1, R-EXAM-2)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from skillcert.accounts.types import Actor
from skillcert.catalog.choices import level_label
from skillcert.catalog.models import Occupation, WorkType
from skillcert.catalog.selectors import occupation_levels
from skillcert.core.audit import record_event, snapshot
from skillcert.core.errors import DomainError
from skillcert.core.validation import clean_model, clean_text
from skillcert.core.workdays import working_days_between
from skillcert.exams.choices import SUPERVISABLE_STATUSES, Event, PlanStatus
from skillcert.exams.models import ExamPlan, PlanLevel, PlanQuery
from skillcert.exams.selectors.plans import plan_filing_problems, reopen_problem
from skillcert.exams.services.access import require_plan_authority, require_plan_staff
from skillcert.institutions.models import Institution, Room, Venue
from skillcert.institutions.selectors import scope_covers
from skillcert.institutions.services.access import require_institution_staff
from skillcert.personnel.models import Person
from skillcert.supervision.events import figures_changed

PLAN_AUDIT_FIELDS = [
    "number",
    "title",
    "institution",
    "league",
    "occupation",
    "work_type",
    "venue",
    "first_session_on",
    "last_session_on",
    "expected_candidates",
    "registration_deadline",
    "status",
    "filed_at",
    "filed_on_time",
    "lead_working_days",
    "announced_at",
    "stop_grounds",
    "stopped_at",
    "cancel_reason",
]


@dataclass(frozen=True)
class PlanInput:
    """What an institution fills in for a plan (R-EXAM-1)."""

    title: str
    occupation: Occupation
    work_type: WorkType | None
    levels: dict[int, int]
    """Level → places offered for registration."""
    venue: Venue
    rooms: Sequence[Room]
    first_session_on: datetime.date
    last_session_on: datetime.date
    registration_deadline: datetime.date
    requirements: str = ""
    how_to_apply: str = ""
    fee_note: str = ""
    contact: str = ""
    proposed_staff: Sequence[Person] = field(default_factory=list)


def _plan_snapshot(plan: ExamPlan) -> dict[str, Any]:
    data = snapshot(plan, PLAN_AUDIT_FIELDS)
    data["levels"] = {str(pl.level): pl.capacity for pl in plan.levels.all()}
    return data


def _next_number(league_code: str, year: int) -> str:
    prefix = f"JH{league_code}{year}"
    last = (
        ExamPlan.objects.filter(number__startswith=prefix).order_by("-number").values_list("number", flat=True).first()
    )
    serial = int(last[len(prefix) :]) + 1 if last and last[len(prefix) :].isdigit() else 1
    return f"{prefix}{serial:04d}"


def _check_input(institution: Institution, data: PlanInput) -> None:
    clean_text(data.title, field="title", label=gettext("计划名称"), max_length=200)
    occupation = data.occupation
    if not occupation.is_active:
        raise DomainError(
            gettext("职业：%(occupation)s已不可开展认定") % {"occupation": occupation},
            field="occupation",
            code="inactive",
        )
    if data.work_type is not None and data.work_type.occupation_id != occupation.pk:
        raise DomainError(
            gettext("工种：“%(name)s”不是%(name2)s的工种") % {"name": data.work_type.name, "name2": occupation.name},
            field="work_type",
            code="mismatch",
        )
    if not data.levels:
        raise DomainError(gettext("认定等级：至少选择一个等级"), field="levels", code="required")
    defined = set(occupation_levels(occupation))
    for level, capacity in data.levels.items():
        if level not in defined:
            raise DomainError(
                gettext("认定等级：%(name)s的现行标准没有%(level_label)s")
                % {"name": occupation.name, "level_label": level_label(level)},
                field="levels",
                code="invalid_level",
            )
        if not scope_covers(institution, occupation, data.work_type, level):
            raise DomainError(
                gettext("认定等级：%(level_label)s不在本机构备案的%(value)s认定范围内")
                % {"level_label": level_label(level), "value": data.work_type or occupation},
                field="levels",
                code="out_of_scope",
            )
        if not isinstance(capacity, int) or capacity < 1 or capacity > 100000:
            raise DomainError(
                gettext("报名名额：%(level_label)s的名额应为1至100000的整数") % {"level_label": level_label(level)},
                field="levels",
                code="capacity",
            )
    if data.venue.institution_id != institution.pk:
        raise DomainError(gettext("考点：只能选择本机构的考点"), field="venue", code="venue")
    if not data.venue.is_active:
        raise DomainError(
            gettext("考点：%(name)s已停用") % {"name": data.venue.name}, field="venue", code="venue_inactive"
        )
    if not data.rooms:
        raise DomainError(gettext("考场：至少选择一个考场"), field="rooms", code="required")
    for room in data.rooms:
        if room.venue_id != data.venue.pk:
            raise DomainError(
                gettext("考场：%(name)s不属于考点%(name2)s") % {"name": room.name, "name2": data.venue.name},
                field="rooms",
                code="room",
            )
    if data.last_session_on < data.first_session_on:
        raise DomainError(gettext("末场考试日期：不能早于首场考试日期"), field="last_session_on", code="dates")
    if data.registration_deadline >= data.first_session_on:
        raise DomainError(gettext("报名截止日期：应早于首场考试日期"), field="registration_deadline", code="deadline")
    for label, value, name, limit in (
        (gettext("报名条件说明"), data.requirements, "requirements", 5000),
        (gettext("报名方式"), data.how_to_apply, "how_to_apply", 5000),
        (gettext("收费说明"), data.fee_note, "fee_note", 300),
        (gettext("咨询电话"), data.contact, "contact", 100),
    ):
        clean_text(value, field=name, label=label, max_length=limit, required=False)
    for person in data.proposed_staff:
        if not person.is_active:
            raise DomainError(
                gettext("拟派人员：%(name)s已不在册") % {"name": person.name}, field="proposed_staff", code="inactive"
            )


def save_plan(*, actor: Actor, institution: Institution, data: PlanInput, plan: ExamPlan | None = None) -> ExamPlan:
    """Create or change a draft plan; filing is a separate step with its own checks (R-EXAM-1)."""
    require_institution_staff(actor, institution)
    if plan is not None:
        require_plan_staff(actor, plan)
        if plan.institution_id != institution.pk:
            raise DomainError(gettext("认定计划不属于本机构"), code="mismatch")
        if plan.status != PlanStatus.DRAFT:
            raise DomainError(
                gettext("计划已%(get_status_display)s，不能再修改") % {"get_status_display": plan.get_status_display()},
                code="status",
            )
    _check_input(institution, data)
    for attempt in range(3):
        try:
            with transaction.atomic():
                before = _plan_snapshot(plan) if plan is not None else None
                target = plan or ExamPlan(
                    institution=institution,
                    created_by=actor if getattr(actor, "is_authenticated", False) else None,
                    number=_next_number(data.venue.league.code, data.first_session_on.year),
                )
                target.title = data.title.strip()
                target.occupation = data.occupation
                target.work_type = data.work_type
                target.venue = data.venue
                target.league = data.venue.league
                target.first_session_on = data.first_session_on
                target.last_session_on = data.last_session_on
                target.registration_deadline = data.registration_deadline
                target.expected_candidates = sum(data.levels.values())
                target.requirements = data.requirements.strip()
                target.how_to_apply = data.how_to_apply.strip()
                target.fee_note = data.fee_note.strip()
                target.contact = data.contact.strip()
                clean_model(target)
                target.save()
                target.rooms.set(data.rooms)
                target.proposed_staff.set(data.proposed_staff)
                target.levels.exclude(level__in=list(data.levels)).delete()
                for level, capacity in data.levels.items():
                    PlanLevel.objects.update_or_create(plan=target, level=level, defaults={"capacity": capacity})
                record_event(
                    actor=actor,
                    action=Event.PLAN_SAVED,
                    obj=target,
                    before=before,
                    after=_plan_snapshot(target),
                    organisation=institution.organisation,
                )
            return target
        except IntegrityError:
            if plan is not None or attempt == 2:
                raise
    raise AssertionError("unreachable")


def _locked(plan: ExamPlan) -> ExamPlan:
    return ExamPlan.objects.select_for_update().select_related("institution", "league", "venue").get(pk=plan.pk)


def file_plan(*, actor: Actor, plan: ExamPlan) -> ExamPlan:
    """File a draft plan with the league where it is held, if every filing check passes (R-EXAM-1, R-INS-7).

    Refused with every reason at once: readiness gate, scope and filing validity on the exam
    dates, area scope or 报备, the standard's components and conditions, and the lead time.
    """
    require_plan_staff(actor, plan)
    with transaction.atomic():
        plan = _locked(plan)
        today = timezone.localdate()
        problems = plan_filing_problems(plan, today=today)
        if problems:
            err = DomainError(problems[0].message, code="filing_refused")
            err.errors = {"__all__": [p.message for p in problems]}
            raise err
        before = _plan_snapshot(plan)
        plan.status = PlanStatus.FILED
        plan.filed_at = timezone.now()
        plan.filed_by = actor if getattr(actor, "is_authenticated", False) else None
        plan.lead_working_days = working_days_between(today, plan.first_session_on)
        plan.filed_on_time = True
        plan.save()
        record_event(actor=actor, action=Event.PLAN_FILED, obj=plan, before=before, after=_plan_snapshot(plan))
        figures_changed(institution_id=plan.institution_id)
    return plan


def question_plan(*, actor: Actor, plan: ExamPlan, question: str) -> PlanQuery:
    """The league bureau puts a question to a plan; a filed plan waits for the answer before opening (R-EXAM-1)."""
    require_plan_authority(actor, plan)
    question = clean_text(question, field="question", label=gettext("质询内容"), max_length=2000)
    with transaction.atomic():
        plan = _locked(plan)
        if plan.status not in SUPERVISABLE_STATUSES:
            raise DomainError(
                gettext("计划状态为“%(get_status_display)s”，不能质询")
                % {"get_status_display": plan.get_status_display()},
                field="question",
                code="status",
            )
        before = _plan_snapshot(plan)
        query = PlanQuery(plan=plan, question=question, asked_by=actor, asked_at=timezone.now())
        clean_model(query)
        query.save()
        if plan.status == PlanStatus.FILED:
            plan.status = PlanStatus.QUESTIONED
            plan.save(update_fields=["status", "updated_at"])
        record_event(
            actor=actor,
            action=Event.PLAN_QUESTIONED,
            obj=plan,
            before=before,
            after={**_plan_snapshot(plan), "query": query.pk, "question": question},
        )
    return query


def answer_query(*, actor: Actor, query: PlanQuery, answer: str) -> PlanQuery:
    """The institution answers a question on the platform; the last answer returns the plan to filed (R-EXAM-1)."""
    require_plan_staff(actor, query.plan)
    answer = clean_text(answer, field="answer", label=gettext("答复"), max_length=5000)
    with transaction.atomic():
        plan = _locked(query.plan)
        query = PlanQuery.objects.select_for_update().get(pk=query.pk)
        if query.answered_at is not None:
            raise DomainError(gettext("该质询已经答复"), field="answer", code="answered")
        if plan.status in (PlanStatus.STOPPED, PlanStatus.CANCELLED):
            raise DomainError(
                gettext("计划已%(get_status_display)s") % {"get_status_display": plan.get_status_display()},
                field="answer",
                code="status",
            )
        before = _plan_snapshot(plan)
        query.answer = answer
        query.answered_by = actor
        query.answered_at = timezone.now()
        query.save()
        if plan.status == PlanStatus.QUESTIONED and not plan.queries.filter(answered_at__isnull=True).exists():
            plan.status = PlanStatus.FILED
            plan.save(update_fields=["status", "updated_at"])
        record_event(
            actor=actor,
            action=Event.PLAN_ANSWERED,
            obj=plan,
            before=before,
            after={**_plan_snapshot(plan), "query": query.pk, "answer": answer},
        )
    return query


def stop_plan(*, actor: Actor, plan: ExamPlan, grounds: str) -> ExamPlan:
    """The league bureau stops a plan, with grounds everyone involved sees (R-EXAM-1)."""
    require_plan_authority(actor, plan)
    grounds = clean_text(grounds, field="grounds", label=gettext("叫停依据"), max_length=2000)
    with transaction.atomic():
        plan = _locked(plan)
        if plan.status not in SUPERVISABLE_STATUSES:
            raise DomainError(
                gettext("计划状态为“%(get_status_display)s”，不能叫停")
                % {"get_status_display": plan.get_status_display()},
                field="grounds",
                code="status",
            )
        before = _plan_snapshot(plan)
        plan.status = PlanStatus.STOPPED
        plan.stop_grounds = grounds
        plan.stopped_at = timezone.now()
        plan.stopped_by = actor
        plan.save()
        record_event(actor=actor, action=Event.PLAN_STOPPED, obj=plan, before=before, after=_plan_snapshot(plan))
    return plan


def cancel_plan(*, actor: Actor, plan: ExamPlan, reason: str) -> ExamPlan:
    """The institution withdraws its own plan before the exams begin; candidates see the reason (R-EXAM-1)."""
    require_plan_staff(actor, plan)
    reason = clean_text(reason, field="reason", label=gettext("撤销原因"), max_length=300)
    with transaction.atomic():
        plan = _locked(plan)
        allowed = {PlanStatus.DRAFT, PlanStatus.FILED, PlanStatus.QUESTIONED, PlanStatus.OPEN, PlanStatus.CLOSED}
        if plan.status not in allowed:
            raise DomainError(
                gettext("计划状态为“%(get_status_display)s”，不能撤销")
                % {"get_status_display": plan.get_status_display()},
                field="reason",
                code="status",
            )
        before = _plan_snapshot(plan)
        plan.status = PlanStatus.CANCELLED
        plan.cancel_reason = reason
        plan.save()
        record_event(actor=actor, action=Event.PLAN_CANCELLED, obj=plan, before=before, after=_plan_snapshot(plan))
    return plan


def update_announcement(
    *, actor: Actor, plan: ExamPlan, requirements: str, how_to_apply: str, fee_note: str = "", contact: str = ""
) -> ExamPlan:
    """Edit the announcement texts of a plan that is not over yet (R-EXAM-2)."""
    require_plan_staff(actor, plan)
    values = {
        "requirements": clean_text(
            requirements, field="requirements", label=gettext("报名条件说明"), max_length=5000, required=False
        ),
        "how_to_apply": clean_text(
            how_to_apply, field="how_to_apply", label=gettext("报名方式"), max_length=5000, required=False
        ),
        "fee_note": clean_text(fee_note, field="fee_note", label=gettext("收费说明"), max_length=300, required=False),
        "contact": clean_text(contact, field="contact", label=gettext("咨询电话"), max_length=100, required=False),
    }
    with transaction.atomic():
        plan = _locked(plan)
        editable = {PlanStatus.DRAFT, PlanStatus.FILED, PlanStatus.QUESTIONED, PlanStatus.OPEN}
        if plan.status not in editable:
            raise DomainError(
                gettext("计划状态为“%(get_status_display)s”，公告不能再修改")
                % {"get_status_display": plan.get_status_display()},
                code="status",
            )
        before = _plan_snapshot(plan)
        for name, value in values.items():
            setattr(plan, name, value)
        plan.save()
        record_event(actor=actor, action=Event.PLAN_SAVED, obj=plan, before=before, after=_plan_snapshot(plan))
    return plan


def open_registration(*, actor: Actor, plan: ExamPlan) -> ExamPlan:
    """Publish the announcement and open registration for a filed plan with no open question (R-EXAM-2, R-EXAM-3)."""
    require_plan_staff(actor, plan)
    with transaction.atomic():
        plan = _locked(plan)
        if plan.status == PlanStatus.QUESTIONED:
            raise DomainError(gettext("盟市人社局的质询尚未答复，答复后方可发布报名公告"), code="open_query")
        if plan.status != PlanStatus.FILED:
            raise DomainError(
                gettext("计划状态为“%(get_status_display)s”，不能发布报名公告")
                % {"get_status_display": plan.get_status_display()},
                code="status",
            )
        if not plan.requirements.strip():
            raise DomainError(gettext("报名条件说明：发布公告前须填写"), field="requirements", code="required")
        if not plan.how_to_apply.strip():
            raise DomainError(gettext("报名方式：发布公告前须填写"), field="how_to_apply", code="required")
        if plan.registration_deadline < timezone.localdate():
            raise DomainError(
                gettext("报名截止日期%(registration_deadline)s已过")
                % {"registration_deadline": plan.registration_deadline},
                field="registration_deadline",
                code="deadline",
            )
        before = _plan_snapshot(plan)
        plan.status = PlanStatus.OPEN
        plan.announced_at = timezone.now()
        plan.save()
        record_event(actor=actor, action=Event.REGISTRATION_OPENED, obj=plan, before=before, after=_plan_snapshot(plan))
    return plan


def close_registration(*, actor: Actor, plan: ExamPlan) -> ExamPlan:
    """End registration; reviews go on, then sessions and seats (R-EXAM-3)."""
    require_plan_staff(actor, plan)
    with transaction.atomic():
        plan = _locked(plan)
        if plan.status != PlanStatus.OPEN:
            raise DomainError(
                gettext("计划状态为“%(get_status_display)s”，不能截止报名")
                % {"get_status_display": plan.get_status_display()},
                code="status",
            )
        before = _plan_snapshot(plan)
        plan.status = PlanStatus.CLOSED
        plan.save(update_fields=["status", "updated_at"])
        record_event(actor=actor, action=Event.REGISTRATION_CLOSED, obj=plan, before=before, after=_plan_snapshot(plan))
    return plan


def reopen_registration(*, actor: Actor, plan: ExamPlan, reason: str) -> ExamPlan:
    """Open registration again after closing it early, with a reason, while the deadline holds and no
    seat is drawn (R-EXAM-3); the reason goes into the audit event."""
    require_plan_staff(actor, plan)
    reason = clean_text(reason, field="reason", label=gettext("重新开放原因"), max_length=300)
    with transaction.atomic():
        plan = _locked(plan)
        if (problem := reopen_problem(plan)) is not None:
            raise DomainError(problem, code="reopen")
        before = _plan_snapshot(plan)
        plan.status = PlanStatus.OPEN
        plan.save(update_fields=["status", "updated_at"])
        record_event(
            actor=actor,
            action=Event.REGISTRATION_REOPENED,
            obj=plan,
            before=before,
            after={**_plan_snapshot(plan), "reopen_reason": reason},
        )
    return plan
