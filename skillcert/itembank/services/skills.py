"""Skills tasks marked by their rubric (技能操作考核评分, R-BANK-1, R-EXAM-11).

A skills session is held with one variant of an assembled skills paper (`SkillsSession`). The
paper stays sealed until the session starts; on the first marking afterwards the system opens
it (audited, like every opening) and keeps each task's points, rubric steps and void faults.

Marking is exam scoring's own examiner sheet (`exams.ExaminerScore`), not a parallel one: the
item bank registers itself as the rubric source of such a session, so each rubric step is one
criterion of the sheet (maximum = the step's points) and each task's void faults (否决项) are the
sheet's void rules. Signing, the change log (`SheetChange`), blind marking until every examiner
has signed, the gap to the chief examiner (`GapReview`, `exams.examiner_gap_percent`) and the
component score (`ComponentScore`, the examiners' mean) are therefore exactly those of any
skills sheet — one path into exam scoring.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skillcert.accounts.models import User
from skillcert.catalog.choices import ComponentKind
from skillcert.core.audit import record_event
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.exams.models import ExaminerScore, ExamSession, Seat, SheetChange
from skillcert.exams.selectors.sheets import (
    Criterion,
    SheetRubric,
    VoidRule,
    component_of,
    register_rubric_source,
)
from skillcert.exams.services import sheets
from skillcert.itembank.choices import ItembankEvent, ItemType
from skillcert.itembank.models import Assembly, SkillsSession
from skillcert.itembank.services.cbt import require_paper_for_session
from skillcert.itembank.services.sealing import open_paper


def schedule_skills_paper(
    *, actor: User | None, exam_session: ExamSession, assembly: Assembly, variant: int = 1
) -> SkillsSession:
    """Examine a skills session with one variant of an assembled skills paper (the others stay spare)."""
    require_paper_for_session(actor, exam_session, assembly)
    if exam_session.component != ComponentKind.SKILLS:
        raise DomainError(_("技能操作试卷只用于操作技能考核场次"), field="exam_session", code="component")
    plan = exam_session.plan
    if set(assembly.blueprint.type_points) != {ItemType.SKILLS_TASK}:
        raise DomainError(_("技能操作考核只能使用全部为操作技能试题的试卷"), field="assembly", code="types")
    paper = assembly.papers.filter(variant=variant).first()
    if paper is None:
        raise DomainError(_("卷别：该组卷没有第%(n)s套试卷") % {"n": variant}, field="variant", code="variant")
    component = component_of(plan, exam_session.level, ComponentKind.SKILLS)
    full = Decimal(component.full_marks if component is not None else 100)
    if paper.total_points != full:
        raise DomainError(
            _("技能操作试卷总分（%(total)s分）应等于操作技能科目满分（%(full)s分）")
            % {"total": paper.total_points, "full": full},
            field="assembly",
            code="total",
        )
    with transaction.atomic():
        if SkillsSession.objects.filter(exam_session=exam_session).exists():
            raise DomainError(_("该场次已安排技能操作试卷"), field="exam_session", code="duplicate")
        if ExaminerScore.objects.filter(
            component_score__registration__seats__session=exam_session,
            component_score__component=ComponentKind.SKILLS,
        ).exists():
            raise DomainError(_("该场次已有考评人员评分，不能再改用试卷评分细则"), field="exam_session", code="in_use")
        skills = SkillsSession.objects.create(
            exam_session=exam_session, assembly=assembly, paper=paper, scheduled_by=actor
        )
        assembly.sessions.add(exam_session)
        record_event(
            actor=actor,
            action=ItembankEvent.SKILLS_SCHEDULED,
            obj=skills,
            after={"assembly": assembly.pk, "variant": variant},
        )
    return skills


def _tasks_from(content: Mapping[str, Any]) -> list[dict[str, Any]]:
    tasks = []
    for row in content["items"]:
        if row.get("type") != ItemType.SKILLS_TASK:
            continue
        rubric = row.get("rubric") or {}
        stem = str(row.get("stem") or "").strip().splitlines()
        tasks.append(
            {
                "key": row["key"],
                "item": row["item"],
                "version": row["version"],
                "code": row["code"],
                "title": (stem[0] if stem else row["code"])[:80],
                "points": row["points"],
                "steps": [{"title": s["title"], "points": s["points"]} for s in rubric.get("steps", [])],
                "void_if": list(rubric.get("void_if", [])),
            }
        )
    return tasks


def tasks_of(skills: SkillsSession) -> list[dict[str, Any]]:
    """The tasks examiners mark, opening the sealed paper (as the system, audited) on first use after the start."""
    if skills.tasks:
        return cast(list[dict[str, Any]], skills.tasks)
    with transaction.atomic():
        locked = SkillsSession.objects.select_for_update().select_related("paper").get(pk=skills.pk)
        if not locked.tasks:
            content = open_paper(actor=None, paper=locked.paper, purpose=_("技能操作考核评分"))
            locked.tasks = _tasks_from(content)
            locked.opened_at = timezone.now()
            locked.save(update_fields=["tasks", "opened_at", "updated_at"])
            record_event(
                actor=None,
                action=ItembankEvent.SKILLS_RUBRIC_OPENED,
                obj=locked,
                after={"tasks": [t["code"] for t in locked.tasks]},
            )
    skills.tasks, skills.opened_at = locked.tasks, locked.opened_at
    return cast(list[dict[str, Any]], skills.tasks)


def task_label(position: int, task: Mapping[str, Any]) -> str:
    return _("任务%(n)s（%(code)s）") % {"n": position, "code": task["code"]}


def step_key(task: Mapping[str, Any], index: int) -> str:
    return f"{task['key']}.s{index}"


def rubric_of(skills: SkillsSession) -> SheetRubric:
    """The sheet rubric of a skills session: one criterion per step, one void rule per task with faults."""
    criteria: list[Criterion] = []
    voids: list[VoidRule] = []
    for n, task in enumerate(tasks_of(skills), start=1):
        label = task_label(n, task)
        for i, step in enumerate(task["steps"], start=1):
            criteria.append(
                Criterion(
                    step_key(task, i),
                    _("%(task)s第%(i)s步“%(step)s”") % {"task": label, "i": i, "step": step["title"]},
                    Decimal(str(step["points"])),
                    group=task["key"],
                )
            )
        if task["void_if"]:
            voids.append(VoidRule(task["key"], label, tuple(task["void_if"])))
    return SheetRubric(criteria, voids)


@register_rubric_source
def skills_paper_rubric(session: ExamSession) -> SheetRubric | None:
    """Exam scoring's rubric source: a session examined with a skills paper marks against its tasks."""
    if session.component != ComponentKind.SKILLS:
        return None
    skills = SkillsSession.objects.filter(exam_session_id=session.pk).select_related("paper").first()
    if skills is None:
        return None
    return rubric_of(skills)


# --- the examiner's marking ----------------------------------------------------------------------


def _skills_seat(seat: Seat) -> Seat:
    if not SkillsSession.objects.filter(exam_session_id=seat.session_id).exists():
        raise NotFoundError(_("未找到该考生的技能操作评分表"))
    return seat


def mark_tasks(
    *,
    actor: User,
    seat: Seat,
    marks: Mapping[str, Any],
    voids: Mapping[str, Any],
    notes: str = "",
    sign: bool = False,
) -> ExaminerScore:
    """The examiner's marks per rubric step and the void faults ticked, saved (or signed) on their sheet."""
    _skills_seat(seat)
    return sheets.save_sheet(actor=actor, seat=seat, marks=marks, voids=voids, notes=notes, sign=sign)


def change_tasks(
    *, actor: User, seat: Seat, marks: Mapping[str, Any], voids: Mapping[str, Any], reason: str, notes: str = ""
) -> SheetChange:
    """A change to a signed skills sheet: needs a reason and is kept with marks and voids before and after."""
    _skills_seat(seat)
    return sheets.change_signed_sheet(actor=actor, seat=seat, marks=marks, voids=voids, reason=reason, notes=notes)
