"""Reads of a session's staffing (R-EXAM-6): which register roles fill a session role, who may be picked, who
sits the session, what the standard's ratios ask and what falls short. The assigning, confirming and drawing
are in `skillcert.exams.services.staffing`."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from skillcert.catalog.choices import ComponentKind, level_label
from skillcert.catalog.selectors import ratios_for
from skillcert.exams.choices import STAFF_FOR_COMPONENT, RegistrationStatus, SessionStaffRole
from skillcert.exams.models import ExamSession, Registration, StaffingConfirmation
from skillcert.personnel.choices import AppointmentStatus, StaffRole
from skillcert.personnel.eligibility import Finding, may_serve
from skillcert.personnel.models import Person

__all__ = [
    "ROLE_RULES",
    "RoleRule",
    "is_confirmed",
    "required_staff",
    "seated_or_expected",
    "serve_check",
    "session_candidates",
    "session_day",
    "session_ref",
    "staff_pool",
    "staffing_overview",
    "staffing_problems",
]


@dataclass(frozen=True)
class RoleRule:
    """Which register roles may fill a session role and whether the occupation qualification counts."""

    appointments: tuple[str, ...]
    qualified: bool
    components: frozenset[str]


ROLE_RULES: dict[str, RoleRule] = {
    SessionStaffRole.PROCTOR: RoleRule(
        (StaffRole.EXAMINER, StaffRole.SENIOR_EXAMINER, StaffRole.MANAGER), False, frozenset({ComponentKind.THEORY})
    ),
    SessionStaffRole.SKILLS_EXAMINER: RoleRule(
        (StaffRole.EXAMINER, StaffRole.SENIOR_EXAMINER), True, frozenset({ComponentKind.SKILLS})
    ),
    SessionStaffRole.REVIEW_PANEL: RoleRule(
        (StaffRole.SENIOR_EXAMINER, StaffRole.EXPERT, StaffRole.EXAMINER), True, frozenset({ComponentKind.REVIEW})
    ),
    SessionStaffRole.INTERNAL_SUPERVISOR: RoleRule(
        (StaffRole.INTERNAL_SUPERVISOR,), False, frozenset(ComponentKind.values)
    ),
    SessionStaffRole.EXTERNAL_SUPERVISOR: RoleRule(
        (StaffRole.EXTERNAL_SUPERVISOR,), False, frozenset(ComponentKind.values)
    ),
}
"""Proctors are examiners, senior examiners or managers; skills examiners must be qualified for the
occupation and level; the 综合评审 panel senior examiners, experts or examiners so qualified."""


def session_ref(session: ExamSession) -> str:
    """The key personnel `Assignment`s and draws carry for this session."""
    return f"exams:session:{session.pk}"


def session_day(session: ExamSession) -> datetime.date:
    return timezone.localtime(session.starts_at).date()


def session_candidates(session: ExamSession) -> list[Registration]:
    """Who sits the session: its seated candidates, or before seating every approved candidate of the level."""
    seated = list(Registration.objects.filter(seats__session=session))
    if seated:
        return seated
    return list(session.plan.registrations.filter(level=session.level, status=RegistrationStatus.APPROVED))


def staff_pool(session: ExamSession, role: str) -> QuerySet[Person]:
    """People the institution may pick for a role: an active appointment in one of the role's register
    roles, employed by the institution or working in the plan's league."""
    rule = ROLE_RULES[role]
    plan = session.plan
    org_ids = [plan.institution.organisation_id]
    if plan.institution.parent_id:
        org_ids.append(plan.institution.parent.organisation_id)  # type: ignore[union-attr]
    where = Q(employer_id__in=org_ids)
    if role != SessionStaffRole.INTERNAL_SUPERVISOR:
        where |= Q(jurisdiction_id=plan.league_id)
    return (
        Person.objects.filter(where, is_active=True)
        .filter(appointments__role__in=rule.appointments, appointments__status=AppointmentStatus.ACTIVE)
        .select_related("employer")
        .distinct()
        .order_by("name", "pk")
    )


def serve_check(session: ExamSession, person: Person, role: str) -> tuple[str | None, list[Finding]]:
    """The register role under which the person may fill the session role, or the reasons they may not."""
    rule = ROLE_RULES[role]
    plan = session.plan
    day = session_day(session)
    tried: list[list[Finding]] = []
    for appointment_role in rule.appointments:
        occupation = plan.occupation if rule.qualified else None
        level = session.level if rule.qualified else None
        ok, findings = may_serve(person, appointment_role, occupation, level, on=day)
        if ok:
            return appointment_role, []
        tried.append(findings)
    # Prefer the reasons of a role the person holds over "holds no such role".
    held = [f for f in tried if all(x.code != "not_appointed" for x in f)]
    return None, (held or tried or [[]])[0]


# --- ratios (R-CAT-3) ---------------------------------------------------------------------------


def seated_or_expected(session: ExamSession) -> int:
    """Candidates the ratio is counted on: those seated, or before seating as many as can sit."""
    seated = session.seats.count()
    if seated:
        return seated
    approved = session.plan.registrations.filter(level=session.level, status=RegistrationStatus.APPROVED).count()
    return min(session.capacity, approved) if approved else session.capacity


def required_staff(session: ExamSession) -> dict[str, int]:
    """How many of each role the standard's ratios ask for this session (R-CAT-3, R-EXAM-6)."""
    ratio = ratios_for(session.plan.occupation)
    candidates = seated_or_expected(session)
    needed = {SessionStaffRole.INTERNAL_SUPERVISOR.value: 1}
    if session.component == ComponentKind.THEORY:
        needed[SessionStaffRole.PROCTOR.value] = ratio.proctors_needed(candidates)
    elif session.component == ComponentKind.SKILLS:
        needed[SessionStaffRole.SKILLS_EXAMINER.value] = ratio.examiners_needed(candidates)
    else:
        needed[SessionStaffRole.REVIEW_PANEL.value] = ratio.review_panel_needed()
    return needed


def staffing_problems(session: ExamSession, counts: Counter[str] | None = None) -> list[str]:
    """Each way the session's staffing falls short of the standard, in Chinese; empty when complete."""
    if counts is None:
        counts = Counter(session.staff.values_list("role", flat=True))
    ratio = ratios_for(session.plan.occupation)
    candidates = seated_or_expected(session)
    problems: list[str] = []
    main_role = STAFF_FOR_COMPONENT[session.component]
    have = counts.get(main_role, 0)
    if session.component == ComponentKind.THEORY:
        need = ratio.proctors_needed(candidates)
        if have < need:
            problems.append(
                gettext(
                    "监考人员：%(candidates)s名考生需要至少%(need)s名监考人员（标准配比1:%(proctor_per_candidates)s，每考场不少于%(min_proctors_per_room)s名），现有%(have)s名"
                )
                % {
                    "candidates": candidates,
                    "need": need,
                    "proctor_per_candidates": ratio.proctor_per_candidates,
                    "min_proctors_per_room": ratio.min_proctors_per_room,
                    "have": have,
                }
            )
    elif session.component == ComponentKind.SKILLS:
        need = ratio.examiners_needed(candidates)
        if have < need:
            problems.append(
                gettext(
                    "考评员：%(candidates)s名考生需要至少%(need)s名考评员（标准配比1:%(examiner_per_candidates)s，不少于%(min_examiners)s名且为单数），现有%(have)s名"
                )
                % {
                    "candidates": candidates,
                    "need": need,
                    "examiner_per_candidates": ratio.examiner_per_candidates,
                    "min_examiners": ratio.min_examiners,
                    "have": have,
                }
            )
        elif have % 2 == 0:
            problems.append(gettext("考评员：考评人员应为单数，现有%(have)s名") % {"have": have})
    else:
        need = ratio.review_panel_needed()
        if have < need:
            problems.append(
                gettext("综合评审委员：评审组不少于%(need)s名且为单数，现有%(have)s名") % {"need": need, "have": have}
            )
        elif have % 2 == 0:
            problems.append(gettext("综合评审委员：评审组应为单数，现有%(have)s名") % {"have": have})
    if counts.get(SessionStaffRole.INTERNAL_SUPERVISOR, 0) < 1:
        problems.append(gettext("内部质量督导员：每个场次须有本机构的内部质量督导员在场"))
    return problems


def is_confirmed(session: ExamSession) -> bool:
    """Confirmed, and not set aside by a later change (R-EXAM-6)."""
    return StaffingConfirmation.objects.filter(session=session, set_aside_at__isnull=True).exists()


def staffing_overview(session: ExamSession) -> dict[str, Any]:
    """What the staffing page shows: who is on the session, what the standard asks, what is missing."""
    staff = list(session.staff.select_related("person__employer", "draw").order_by("role", "person__name"))
    counts = Counter(s.role for s in staff)
    required = required_staff(session)
    from skillcert.exams.services.staffing_checks import staffing_findings

    findings = staffing_findings(session)
    exceptions = list(session.staffing_exceptions.select_related("granted_by", "granted_org"))
    excepted = {e.problem for e in exceptions}
    return {
        "staff": staff,
        "counts": counts,
        "required": [
            {"role": role, "label": SessionStaffRole(role).label, "need": need, "have": counts.get(role, 0)}
            for role, need in required.items()
        ],
        "problems": [p.message for p in findings if p.message not in excepted],
        "findings": [p for p in findings if p.message not in excepted],
        "exceptions": exceptions,
        "confirmed": StaffingConfirmation.objects.filter(session=session).first(),
        "candidates": seated_or_expected(session),
        "level_label": level_label(session.level),
    }
