"""Staffing per session: proctors, skills examiners, review panel, internal and external supervisors (R-EXAM-6).

Each assignment is checked against `may_serve` (role, card, qualification for the occupation
and level, training, sanctions; R-PER-1, R-SUP-7) and `conflicts` with the session's
candidates (R-PER-2), and recorded as a personnel `Assignment` so load and rotation limits
count it (R-PER-3). The standard's ratios (R-CAT-3, `ratios_for`) are checked when the
institution confirms the staffing; once confirmed, no change may break them. External
supervisors are drawn at random by the authorities with `personnel.services.dispatch.draw_staff`.
The reads (who may be picked, the ratios, what falls short, the page's overview) are in
`skillcert.exams.selectors.staffing`.
"""

from __future__ import annotations

from collections import Counter

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.timezone import now
from django.utils.translation import gettext

from skillcert.accounts.types import Actor
from skillcert.core.audit import record_event
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.locking import lock
from skillcert.core.validation import clean_text
from skillcert.exams.choices import (
    ConductEvent,
    PlanStatus,
    SessionStaffRole,
    StaffingTrigger,
)
from skillcert.exams.models import ExamSession, SessionStaff, StaffingConfirmation
from skillcert.exams.selectors.staffing import (
    ROLE_RULES,
    required_staff,
    seated_or_expected,
    serve_check,
    session_candidates,
    session_day,
    session_ref,
    staff_pool,
)
from skillcert.exams.services.access import require_authority_staff, require_institution_staff, user_or_none
from skillcert.personnel.choices import StaffRole
from skillcert.personnel.eligibility import Finding, PoolFilter, conflicts
from skillcert.personnel.models import Assignment, Person
from skillcert.personnel.services.dispatch import draw_staff, record_assignment

STAFFING_STATUSES = frozenset(
    {
        PlanStatus.DRAFT,
        PlanStatus.FILED,
        PlanStatus.QUESTIONED,
        PlanStatus.OPEN,
        PlanStatus.CLOSED,
        PlanStatus.IN_PROGRESS,
    }
)
"""Plans whose sessions may still be staffed."""


def _refuse(findings: list[Finding], field: str = "person") -> None:
    if findings:
        err = DomainError(findings[0].message, field=field, code=findings[0].code)
        err.errors = {field: [f.message for f in findings]}
        raise err


def _recheck(session: ExamSession, actor: Actor) -> None:
    """A change of the staff after confirmation: if it breaks the staffing, the confirmation is set aside."""
    from skillcert.exams.services.staffing_checks import recheck_session

    recheck_session(session=session, trigger=StaffingTrigger.STAFF_CHANGED, actor=user_or_none(actor))


# --- assigning ---------------------------------------------------------------------------------------


def _check_open(session: ExamSession) -> None:
    plan = session.plan
    if plan.status not in STAFFING_STATUSES:
        raise DomainError(
            gettext("认定计划状态为“%(get_status_display)s”，不能调整考务人员")
            % {"get_status_display": plan.get_status_display()},
            field="session",
            code="plan_status",
        )
    if session.attendance.exists():
        raise DomainError(gettext("本场次已开始签到入场，不能再调整考务人员"), field="session", code="started")


def _check_role_fits(session: ExamSession, role: str) -> None:
    if role not in SessionStaffRole.values:
        raise DomainError(gettext("职责：“%(role)s”不是有效的考务职责") % {"role": role}, field="role", code="invalid")
    rule = ROLE_RULES[role]
    if session.component not in rule.components:
        raise DomainError(
            gettext("职责：%(get_component_display)s场次不设%(label)s")
            % {"get_component_display": session.get_component_display(), "label": SessionStaffRole(role).label},
            field="role",
            code="role_not_for_component",
        )


def _overlapping(session: ExamSession, person: Person) -> SessionStaff | None:
    return (
        SessionStaff.objects.filter(
            person=person, session__starts_at__lt=session.ends_at, session__ends_at__gt=session.starts_at
        )
        .exclude(session=session)
        .select_related("session__room")
        .first()
    )


def assign_staff(*, actor: Actor, session: ExamSession, person: Person | None, role: str) -> SessionStaff:
    """Put a person on a session in a role; refused with every reason of `may_serve` and `conflicts`.

    `person` None (no such person) is refused exactly like a person outside the pool, after
    the same permission checks, so the answer does not tell whether someone exists (R-ORG-2).
    (R-EXAM-6, R-PER-1, R-PER-2)
    """
    plan = session.plan
    require_institution_staff(actor, plan)
    _check_role_fits(session, role)
    if role == SessionStaffRole.EXTERNAL_SUPERVISOR:
        raise PermissionDenied(gettext("外部质量督导员由人社部门或就业服务中心随机抽取，评价机构不能指定"))
    if person is None or not staff_pool(session, role).filter(pk=person.pk).exists():
        raise NotFoundError(gettext("未找到该人员：只能从本机构人员或本盟市持有相应资格的人员中安排"))
    with transaction.atomic():
        session = (
            ExamSession.objects.select_for_update().select_related("plan__institution__organisation").get(pk=session.pk)
        )
        _check_open(session)
        existing = SessionStaff.objects.filter(session=session, person=person).first()
        if existing is not None:
            raise DomainError(
                gettext("人员：%(name)s已是本场次的%(get_role_display)s")
                % {"name": person.name, "get_role_display": existing.get_role_display()},
                field="person",
                code="already_assigned",
            )
        busy = _overlapping(session, person)
        if busy is not None:
            raise DomainError(
                gettext("人员：%(name)s同一时间已在%(name2)s（%(session)s）担任%(get_role_display)s")
                % {
                    "name": person.name,
                    "name2": busy.session.room.name,
                    "session": busy.session,
                    "get_role_display": busy.get_role_display(),
                },
                field="person",
                code="busy",
            )
        if role == SessionStaffRole.INTERNAL_SUPERVISOR and person.employer_id not in (
            plan.institution.organisation_id,
            plan.institution.parent.organisation_id if plan.institution.parent_id else None,  # type: ignore[union-attr]
        ):
            raise DomainError(
                gettext("人员：%(name)s不是本机构人员；内部质量督导员应由本机构的督导员担任") % {"name": person.name},
                field="person",
                code="not_own",
            )
        appointment_role, findings = serve_check(session, person, role)
        candidates = session_candidates(session)
        if appointment_role is not None:
            findings = conflicts(person, candidates, plan.institution.organisation, role=appointment_role)
        _refuse(findings)
        assert appointment_role is not None
        record_assignment(
            actor=None,
            person=person,
            role=appointment_role,
            institution=plan.institution.organisation,
            on=session_day(session),
            session_ref=session_ref(session),
            occupation=plan.occupation if ROLE_RULES[role].qualified else None,
            level=session.level if ROLE_RULES[role].qualified else None,
            candidates=candidates,
        )
        staff = SessionStaff.objects.create(session=session, person=person, role=role, assigned_by=user_or_none(actor))
        record_event(
            actor=actor,
            action=ConductEvent.STAFF_ASSIGNED,
            obj=staff,
            after={"session": session.pk, "person": person.pk, "role": role, "as": appointment_role},
        )
        _recheck(session, actor)
    return staff


def remove_staff(*, actor: Actor, staff: SessionStaff, reason: str) -> None:
    """Take a person off a session with a reason; a confirmed staffing must stay complete (R-EXAM-6)."""
    session = staff.session
    plan = session.plan
    if staff.role == SessionStaffRole.EXTERNAL_SUPERVISOR:
        require_authority_staff(actor, plan)
    else:
        require_institution_staff(actor, plan)
    reason = clean_text(reason, field="reason", label=gettext("撤换原因"), max_length=300)
    with transaction.atomic():
        session = ExamSession.objects.select_for_update().get(pk=session.pk)
        _check_open(session)
        Assignment.objects.filter(person=staff.person, session_ref=session_ref(session)).delete()
        record_event(
            actor=actor,
            action=ConductEvent.STAFF_REMOVED,
            obj=staff,
            before={"session": session.pk, "person": staff.person_id, "role": staff.role},
            after={"reason": reason},
        )
        staff.delete()
        _recheck(session, actor)


def confirm_staffing(*, actor: Actor, session: ExamSession) -> StaffingConfirmation:
    """Confirm the staffing meets the standard's ratios with an internal supervisor present (R-EXAM-6, R-CAT-3)."""
    plan = session.plan
    require_institution_staff(actor, plan)
    from skillcert.exams.services.staffing_checks import open_problems

    with transaction.atomic():
        plan = lock(plan)
        session = ExamSession.objects.select_for_update().get(pk=session.pk)
        if plan.status not in STAFFING_STATUSES:
            raise DomainError(
                gettext("认定计划状态为“%(get_status_display)s”，不能确认人员配备")
                % {"get_status_display": plan.get_status_display()},
                field="session",
                code="plan_status",
            )
        counts = Counter(session.staff.values_list("role", flat=True))
        problems = [p.message for p in open_problems(session)]
        if problems:
            err = DomainError(
                gettext("人员配备不符合标准：%(join)s") % {"join": "；".join(problems)}, field="staff", code="ratio"
            )
            err.errors = {"staff": problems}
            raise err
        summary = {
            "counts": dict(counts),
            "required": required_staff(session),
            "candidates": seated_or_expected(session),
        }
        confirmation, _ = StaffingConfirmation.objects.update_or_create(
            session=session,
            defaults={
                "confirmed_at": now(),
                "confirmed_by": user_or_none(actor),
                "summary": summary,
                "set_aside_at": None,
                "set_aside_trigger": "",
                "set_aside_reasons": [],
            },
        )
        record_event(actor=actor, action=ConductEvent.STAFFING_CONFIRMED, obj=confirmation, after=summary)
    return confirmation


def draw_external_supervisor(
    *, actor: Actor, session: ExamSession, seed: str | None = None, region_wide: bool = False
) -> SessionStaff:
    """Draw an external quality supervisor for the session at random from the eligible pool (R-EXAM-6, R-PER-3).

    Uses `draw_staff`, which records the seed, the pool and each exclusion, and writes the
    personnel `Assignment` the rotation limit counts.
    """
    plan = session.plan
    require_authority_staff(actor, plan)
    with transaction.atomic():
        session = ExamSession.objects.select_for_update().get(pk=session.pk)
        _check_open(session)
        if session.staff.filter(role=SessionStaffRole.EXTERNAL_SUPERVISOR).exists():
            raise DomainError(gettext("本场次已有外部质量督导员"), field="session", code="already_drawn")
        pool_filter = PoolFilter(
            institution=plan.institution.organisation,
            on=session_day(session),
            role=StaffRole.EXTERNAL_SUPERVISOR,
            region_wide=region_wide,
            session_ref=session_ref(session),
            candidates=tuple(session_candidates(session)),
        )
        draw = draw_staff(actor=actor, pool_filter=pool_filter, n=1, seed=seed)
        person = Person.objects.get(pk=draw.selected[0])
        if SessionStaff.objects.filter(session=session, person=person).exists():
            raise DomainError(
                gettext("人员：%(name)s已在本场次任职") % {"name": person.name}, field="person", code="already_assigned"
            )
        staff = SessionStaff.objects.create(
            session=session,
            person=person,
            role=SessionStaffRole.EXTERNAL_SUPERVISOR,
            draw=draw,
            assigned_by=user_or_none(actor),
        )
        record_event(
            actor=actor,
            action=ConductEvent.SUPERVISOR_DRAWN,
            obj=staff,
            after={"session": session.pk, "person": person.pk, "draw": draw.pk, "seed": draw.seed},
        )
    return staff
