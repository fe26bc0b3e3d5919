"""Reads of the item bank, scoped to the actor (R-ORG-2)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from skillcert.accounts.types import Actor, Visitor
from skillcert.exams.choices import SessionStaffRole
from skillcert.itembank.models import Assembly, Bank, Blueprint, CbtSession, Item, KnowledgePoint, Sitting


def banks_visible_to(actor: Visitor) -> QuerySet[Bank]:
    return Bank.objects.restrict(actor, "view").select_related("institution", "standard_level__standard__occupation")


def knowledge_points_visible_to(actor: Visitor) -> QuerySet[KnowledgePoint]:
    return KnowledgePoint.objects.restrict(actor, "view").select_related("bank")


def items_visible_to(actor: Visitor) -> QuerySet[Item]:
    return Item.objects.restrict(actor, "view").select_related(
        "bank", "latest__knowledge_point", "latest__author", "approved"
    )


def blueprints_visible_to(actor: Visitor) -> QuerySet[Blueprint]:
    return Blueprint.objects.restrict(actor, "view").select_related("bank")


def assemblies_visible_to(actor: Visitor) -> QuerySet[Assembly]:
    return Assembly.objects.restrict(actor, "view").select_related("blueprint", "bank").prefetch_related("papers")


def _proctor_q(actor: Visitor, prefix: str) -> Q:
    return Q(
        **{
            f"{prefix}exam_session__staff__person__user": actor,
            f"{prefix}exam_session__staff__role": SessionStaffRole.PROCTOR,
        }
    )


def cbt_sessions_visible_to(actor: Visitor) -> QuerySet[CbtSession]:
    """Institution and authority staff by scope; a proctor the sessions they are assigned to."""
    base = CbtSession.objects.select_related("exam_session__plan", "exam_session__room", "assembly")
    scoped = CbtSession.objects.restrict(actor, "view").values("pk")
    if not getattr(actor, "is_authenticated", False):
        return base.none()
    return base.filter(Q(pk__in=scoped) | _proctor_q(actor, "")).distinct()


def cbt_sessions_markable_by(actor: Visitor) -> QuerySet[CbtSession]:
    """The sessions the actor sees, and those whose sittings the actor may mark (experts mark short
    answers without seeing the proctor console). Combined by primary key: the visible set is DISTINCT
    (proctor joins) and cannot be OR'ed with a plain queryset (R-BANK-4)."""
    visible = cbt_sessions_visible_to(actor).values("pk")
    markable = Sitting.objects.restrict(actor, "mark").values("cbt_session")
    return CbtSession.objects.select_related("exam_session__plan", "exam_session__room", "assembly").filter(
        Q(pk__in=visible) | Q(pk__in=markable)
    )


def sittings_visible_to(actor: Visitor) -> QuerySet[Sitting]:
    base = Sitting.objects.select_related("registration", "paper", "cbt_session__exam_session")
    scoped = Sitting.objects.restrict(actor, "view").values("pk")
    if not getattr(actor, "is_authenticated", False):
        return base.none()
    return base.filter(Q(pk__in=scoped) | _proctor_q(actor, "cbt_session__")).distinct()


def stale_banks(banks: QuerySet[Bank], *, today: Any = None) -> QuerySet[Bank]:
    """Banks with no approved change for `itembank.stale_after_months` months (R-BANK-2)."""
    import datetime

    from django.db.models import Q as _Q
    from django.utils import timezone

    from skillcert.core.policy import get_policy

    months = int(get_policy("itembank.stale_after_months"))
    now = timezone.now() if today is None else today
    cutoff = now - datetime.timedelta(days=round(months * 365.25 / 12))
    return banks.filter(_Q(last_approved_at__lt=cutoff) | _Q(last_approved_at__isnull=True, created_at__lt=cutoff))


# --- skills tasks marked by their rubric ---------------------------------------------------------


def skills_seats_to_mark(actor: Actor) -> QuerySet[Any]:
    """Seats of the skills-paper sessions the actor examines (exams staffing), for the marking list."""
    from skillcert.exams.selectors.sheets import seats_to_score

    return (
        seats_to_score(actor)
        .filter(session__skills_paper__isnull=False)
        .select_related("registration", "session__plan__occupation", "session__room")
        .order_by("session__starts_at", "session_id", "seat_number")
    )


def skills_seats_visible_to(actor: Actor) -> QuerySet[Any]:
    """Seats of skills-paper sessions an actor may look at: the plan's office staff, or its examiners."""
    from skillcert.exams.selectors.sheets import seats_visible_for_sheets

    return seats_visible_for_sheets(actor).filter(session__skills_paper__isnull=False)


def skills_marking_rows(actor: Actor) -> list[dict[str, Any]]:
    """The examiner's tasks to mark, one row per candidate: their own sheet's state, in a fixed number of queries."""
    return skills_sheet_rows(list(skills_seats_to_mark(actor)), actor)


def skills_sheet_rows(seats: list[Any], actor: Actor) -> list[dict[str, Any]]:
    """Rows of seats with the actor's own sheet of each (none for office staff), in one query."""
    from skillcert.exams.models import ExaminerScore

    if not seats:
        return []
    mine = {
        s.component_score.registration_id: s
        for s in ExaminerScore.objects.filter(
            examiner__user=actor,
            component_score__component="skills",
            component_score__registration_id__in=[seat.registration_id for seat in seats],
        ).select_related("component_score")
    }
    return [{"seat": seat, "sheet": mine.get(seat.registration_id)} for seat in seats]


@dataclass
class TaskRow:
    """One task of a skills sheet as the page and API show it: its steps with marks, its void faults."""

    key: str
    label: str
    title: str
    points: Decimal
    steps: list[dict[str, Any]]
    void_if: list[str]
    voided: list[str]
    void_reason: str
    score: Decimal | None


def skills_sheet(seat: Any, actor: Actor) -> dict[str, Any]:
    """A candidate's skills sheet for `actor`: the rubric's tasks with the actor's own marks; the other
    examiners' sheets only once everyone has signed (exams' blind view). The paper is opened on first use."""
    from skillcert.exams.selectors.sheets import assignment, sheet_total, sheet_view
    from skillcert.itembank.models import SkillsSession
    from skillcert.itembank.services.skills import rubric_of, step_key, task_label, tasks_of

    skills = SkillsSession.objects.select_related("paper").get(exam_session_id=seat.session_id)
    staff = assignment(actor, seat.session)
    view = sheet_view(seat, staff)
    rubric = rubric_of(skills)
    mine = view.mine
    marks = mine.marks if mine is not None else {}
    voids = mine.voids if mine is not None else {}
    tasks: list[TaskRow] = []
    for n, task in enumerate(tasks_of(skills), start=1):
        steps = []
        for i, step in enumerate(task["steps"], start=1):
            key = step_key(task, i)
            steps.append(
                {
                    "key": key,
                    "title": step["title"],
                    "max": Decimal(str(step["points"])),
                    "mark": marks.get(key, ""),
                    "others": [o.marks.get(key, "") for o in view.others],
                }
            )
        void = voids.get(task["key"]) or {}
        task_criteria = [c for c in rubric.criteria if c.group == task["key"]]
        score = None
        if mine is not None and all(marks.get(c.key, "") != "" for c in task_criteria):
            score = sheet_total({c.key: Decimal(str(marks[c.key])) for c in task_criteria}, task_criteria, voids.keys())
        tasks.append(
            TaskRow(
                key=task["key"],
                label=task_label(n, task),
                title=task["title"],
                points=Decimal(str(task["points"])),
                steps=steps,
                void_if=list(task["void_if"]),
                voided=list(void.get("items", [])),
                void_reason=str(void.get("reason", "")),
                score=score,
            )
        )
    return {"skills": skills, "view": view, "tasks": tasks, "staff": staff, "rubric": rubric}
