"""Staffing stays valid, or the session stops (R-EXAM-6, R-PER-1, R-PER-2).

A confirmed staffing is checked again after every change that can break it: candidates
approved, added, moved or withdrawn, seats drawn, a session changed, a relation declared, a
card expiring, a sanction starting, a qualification or role withdrawn, staff removed or
added. If anything is wrong the confirmation is set aside with the reasons (the institution
sees them on its workbench and the staffing page) and check-in, scoring and score
confirmation are refused, each refusal naming the problem: the ratio, the avoidance pair, or
the qualification. A league bureau may record an audited exception with grounds for one named
problem; the supervision app reads those rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils.timezone import now
from django.utils.translation import gettext as _

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.models import User
from skillcert.accounts.types import Actor
from skillcert.core.audit import record_event
from skillcert.core.errors import DomainError
from skillcert.core.locking import lock
from skillcert.core.scoping import require_row
from skillcert.core.validation import clean_text
from skillcert.exams.choices import (
    IntegrityEvent,
    PlanStatus,
    SessionStaffRole,
    StaffingProblemKind,
    StaffingTrigger,
)
from skillcert.exams.models import ExamPlan, ExamSession, StaffingConfirmation, StaffingException
from skillcert.exams.selectors import staffing as staffing_reads
from skillcert.personnel.eligibility import conflicts_for

LIVE_STATUSES = frozenset(
    {
        PlanStatus.FILED,
        PlanStatus.QUESTIONED,
        PlanStatus.OPEN,
        PlanStatus.CLOSED,
        PlanStatus.IN_PROGRESS,
        PlanStatus.SCORING,
    }
)
"""Plans whose sessions are still to be held or scored: their staffing is re-checked."""


@dataclass(frozen=True)
class StaffingProblem:
    """One thing wrong with a session's staffing, worded for the institution (R-EXAM-6)."""

    kind: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "message": self.message}


def staffing_findings(session: ExamSession) -> list[StaffingProblem]:
    """Everything wrong with the session's staffing now: ratio, internal supervisor, each avoidance
    pair and each person no longer qualified to serve on the session's day."""
    problems: list[StaffingProblem] = []
    for message in staffing_reads.staffing_problems(session):
        kind = StaffingProblemKind.SUPERVISOR if message.startswith("内部质量督导员") else StaffingProblemKind.RATIO
        problems.append(StaffingProblem(kind, message))
    members = list(session.staff.select_related("person__employer").order_by("role", "person__name", "pk"))
    if not members:
        return problems
    candidates = staffing_reads.session_candidates(session)
    organisation = session.plan.institution.organisation
    served_as: dict[int, str | None] = {}
    for member in members:
        appointment_role, findings = staffing_reads.serve_check(session, member.person, member.role)
        served_as[member.person_id] = appointment_role
        role_label = SessionStaffRole(member.role).label
        for finding in findings:
            problems.append(
                StaffingProblem(
                    StaffingProblemKind.QUALIFICATION,
                    _("资格：%(role)s%(name)s——%(reason)s")
                    % {"role": role_label, "name": member.person.name, "reason": finding.message},
                )
            )
    by_role: dict[str | None, list[Any]] = {}
    for member in members:
        by_role.setdefault(served_as[member.person_id], []).append(member)
    for appointment_role, group in by_role.items():
        found = conflicts_for([m.person for m in group], candidates, organisation, role=appointment_role)
        for member in group:
            role_label = SessionStaffRole(member.role).label
            for finding in found.get(member.person_id, []):
                problems.append(
                    StaffingProblem(
                        StaffingProblemKind.AVOIDANCE,
                        _("回避：%(role)s%(reason)s") % {"role": role_label, "reason": finding.message},
                    )
                )
    return problems


def open_problems(session: ExamSession) -> list[StaffingProblem]:
    """The session's staffing problems that no league bureau has excepted."""
    excepted = set(StaffingException.objects.filter(session=session).values_list("problem", flat=True))
    return [p for p in staffing_findings(session) if p.message not in excepted]


def require_sound_staffing(session: ExamSession, *, what: str) -> None:
    """Refuse `what` (check-in, scoring, score confirmation) while the session's staffing is not sound,
    naming every problem (R-EXAM-6)."""
    confirmation = StaffingConfirmation.objects.filter(session=session).first()
    problems = open_problems(session)
    if problems:
        messages = [p.message for p in problems]
        err = DomainError(
            _("场次“%(session)s”的人员配备有问题，不能%(what)s：%(problems)s")
            % {"session": session, "what": what, "problems": "；".join(messages)},
            field="staffing",
            code="staffing_problems",
        )
        err.errors = {"staffing": messages}
        raise err
    if confirmation is None or not confirmation.in_force:
        raise DomainError(
            _("场次“%(session)s”的人员配备尚未确认（或调整后尚未重新确认），不能%(what)s")
            % {"session": session, "what": what},
            field="staffing",
            code="staffing_unconfirmed",
        )


def recheck_session(*, session: ExamSession, trigger: str, actor: User | None = None) -> list[StaffingProblem]:
    """Check a session's staffing again after a change; a confirmed staffing that now has problems is
    set aside with the reasons, and stays set aside until the institution confirms again. The reasons
    of one already set aside are brought up to date, so the institution always reads what to fix."""
    with transaction.atomic():
        confirmation = StaffingConfirmation.objects.select_for_update().filter(session=session).first()
        problems = open_problems(session)
        if confirmation is None or not problems:
            return problems
        reasons = [p.as_dict() for p in problems]
        if not confirmation.in_force and confirmation.set_aside_reasons == reasons:
            return problems
        if confirmation.in_force:
            confirmation.set_aside_at = now()
            confirmation.set_aside_trigger = trigger
        confirmation.set_aside_reasons = reasons
        confirmation.save(update_fields=["set_aside_at", "set_aside_trigger", "set_aside_reasons", "updated_at"])
        record_event(
            actor=actor,
            action=IntegrityEvent.STAFFING_SET_ASIDE,
            obj=confirmation,
            before={"confirmed_at": confirmation.confirmed_at},
            after={"trigger": trigger, "reasons": confirmation.set_aside_reasons},
        )
    return problems


def recheck_sessions(
    sessions: Iterable[ExamSession] | QuerySet[ExamSession], *, trigger: str, actor: User | None = None
) -> int:
    """`recheck_session` for each session given; returns how many have problems."""
    with_problems = 0
    for session in sessions:
        if recheck_session(session=session, trigger=trigger, actor=actor):
            with_problems += 1
    return with_problems


def confirmed_live_sessions() -> QuerySet[ExamSession]:
    return ExamSession.objects.filter(
        plan__status__in=LIVE_STATUSES, staffing_confirmation__isnull=False
    ).select_related("plan__institution__organisation", "plan__occupation")


def recheck_plan(*, plan: ExamPlan, trigger: str, level: int | None = None, actor: User | None = None) -> int:
    """Re-check every confirmed session of a plan (or of one level) after its candidates changed."""
    sessions = confirmed_live_sessions().filter(plan=plan)
    if level is not None:
        sessions = sessions.filter(level=level)
    return recheck_sessions(sessions, trigger=trigger, actor=actor)


def recheck_person(*, person_id: int, trigger: str, actor: User | None = None) -> int:
    """Re-check every confirmed session the person is on after something about them changed
    (a relation declared, a sanction, a qualification or role withdrawn)."""
    sessions = confirmed_live_sessions().filter(staff__person_id=person_id).distinct()
    return recheck_sessions(sessions, trigger=trigger, actor=actor)


def recheck_all(*, trigger: str = StaffingTrigger.CARD_EXPIRED) -> int:
    """Re-check every confirmed session still to be held or scored (nightly: cards expire by date)."""
    return recheck_sessions(confirmed_live_sessions(), trigger=trigger)


# --- exceptions (R-EXAM-6) ----------------------------------------------------------------------


def may_grant_exception(actor: Actor, plan: ExamPlan) -> bool:
    """The league bureau of the plan's league, its manager or clerk (R-EXAM-6)."""
    if not getattr(actor, "is_authenticated", False):
        return False
    if actor.is_superuser:
        return True
    org = getattr(actor, "organisation", None)
    return bool(
        org is not None
        and org.kind == OrgKind.LEAGUE_BUREAU
        and org.jurisdiction_id == plan.league_id
        and actor.has_role(Role.MANAGER, Role.CLERK)
    )


def _require_league_bureau(actor: User, plan: ExamPlan) -> None:
    require_row(actor, "view", plan)
    if not may_grant_exception(actor, plan):
        raise PermissionDenied(_("人员配备例外只能由认定计划所在盟市人社局的负责人或经办人批准"))


def grant_staffing_exception(*, actor: User, session: ExamSession, problem: str, grounds: str) -> StaffingException:
    """A league bureau excepts one named staffing problem of a session, with grounds; audited (R-EXAM-6)."""
    _require_league_bureau(actor, session.plan)
    grounds = clean_text(grounds, field="grounds", label=_("依据"), max_length=2000)
    problem = (problem or "").strip()
    with transaction.atomic():
        session = lock(session)
        current = {p.message: p for p in staffing_findings(session)}
        found = current.get(problem)
        if found is None:
            raise DomainError(
                _("问题：本场次当前没有该人员配备问题，只能对列出的问题批准例外"), field="problem", code="unknown"
            )
        if StaffingException.objects.filter(session=session, problem=problem).exists():
            raise DomainError(_("问题：该问题已批准例外"), field="problem", code="duplicate")
        exception = StaffingException.objects.create(
            session=session,
            kind=found.kind,
            problem=problem,
            grounds=grounds,
            granted_by=actor,
            granted_org=actor.organisation,
            granted_at=now(),
        )
        record_event(
            actor=actor,
            action=IntegrityEvent.STAFFING_EXCEPTION,
            obj=exception,
            after={"session": session.pk, "kind": found.kind, "problem": problem, "grounds": grounds},
        )
    return exception
