"""A skills session examined with a sealed skills paper (two tasks with rubrics), started and checked in."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from skillcert.accounts.models import User
from skillcert.exams.models import ExamSession, Seat
from skillcert.exams.tests.conduct_factories import Scenario, checked_in, closed_plan, examiner_accounts
from skillcert.itembank.choices import ItemType
from skillcert.itembank.models import Item, SkillsSession
from skillcert.itembank.services import assembly as assembly_services
from skillcert.itembank.services import items as item_services
from skillcert.itembank.services import skills as skills_services
from skillcert.itembank.tests.factories import BankSetup, bank_setup

TASK_A = {
    "steps": [
        {"title": "刀工处理", "points": "20"},
        {"title": "火候控制", "points": "30"},
        {"title": "装盘", "points": "10"},
    ],
    "void_if": ["操作中发生烫伤、割伤等安全事故", "使用变质原料"],
}
TASK_B = {"steps": [{"title": "原料初加工", "points": "15"}, {"title": "成品质量", "points": "25"}], "void_if": []}


def skills_item(s: BankSetup, *, stem: str, rubric: dict[str, Any], points: int) -> Item:
    item = item_services.create_item(
        actor=s.clerk,
        bank=s.bank,
        type=ItemType.SKILLS_TASK,
        knowledge_point=s.points["3"],
        stem=stem,
        rubric=rubric,
        points=points,
    )
    item_services.submit_item(actor=s.clerk, item=item)
    item_services.review_item(actor=s.expert, item=item, approve=True)
    item.refresh_from_db()
    return item


@dataclass
class SkillsWorld:
    exam: Scenario
    bank: BankSetup
    session: ExamSession
    skills: SkillsSession
    examiners: list[User]
    seat: Seat


def skills_world(n: int = 2, *, started: bool = True) -> SkillsWorld:
    exam = closed_plan(n)
    _theory, session = checked_in(exam)
    users = examiner_accounts(exam, session)
    b = bank_setup(institution=exam.institution, occ=exam.occupation)
    skills_item(b, stem="制作宫保鸡丁一份\n要求：30分钟内完成", rubric=TASK_A, points=60)
    skills_item(b, stem="制作凉拌黄瓜一份", rubric=TASK_B, points=40)
    bp = assembly_services.save_blueprint(
        actor=b.manager,
        bank=b.bank,
        name="操作技能蓝图",
        total_points=100,
        duration_minutes=90,
        area_points={"3": 100},
        type_points={"skills_task": 100},
        variants=1,
    )
    assembly = assembly_services.assemble_papers(actor=b.clerk, blueprint=bp, seed=1)
    skills = skills_services.schedule_skills_paper(actor=exam.clerk, exam_session=session, assembly=assembly)
    if started:
        start = timezone.now() - datetime.timedelta(minutes=30)
        ExamSession.objects.filter(pk=session.pk).update(starts_at=start, ends_at=start + datetime.timedelta(hours=3))
        session.refresh_from_db()
    seat = Seat.objects.select_related("registration", "session").filter(session=session).order_by("seat_number")[0]
    return SkillsWorld(exam, b, session, skills, users, seat)


def step_keys(world: SkillsWorld) -> dict[str, list[str]]:
    """Task title → the criterion keys of its steps, in order."""
    tasks = skills_services.tasks_of(world.skills)
    return {t["title"]: [skills_services.step_key(t, i) for i in range(1, len(t["steps"]) + 1)] for t in tasks}


def full_marks(world: SkillsWorld, a: list[Any], b: list[Any]) -> dict[str, str]:
    keys = step_keys(world)
    ka, kb = keys["制作宫保鸡丁一份"], keys["制作凉拌黄瓜一份"]
    return {**{k: str(v) for k, v in zip(ka, a, strict=True)}, **{k: str(v) for k, v in zip(kb, b, strict=True)}}


def task_a_key(world: SkillsWorld) -> str:
    return next(t["key"] for t in skills_services.tasks_of(world.skills) if t["title"] == "制作宫保鸡丁一份")
