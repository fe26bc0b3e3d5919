"""Banks full of approved items, and a computer-based session ready to sit, for the item-bank tests."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from skillcert.accounts.choices import Role
from skillcert.accounts.models import User
from skillcert.catalog.models import Occupation, StandardLevel
from skillcert.exams.models import ExamSession
from skillcert.exams.tests.conduct_factories import Scenario, checked_in, closed_plan
from skillcert.institutions.models import Institution
from skillcert.institutions.tests.factories import FiledInstitutionFactory, occupation, staff
from skillcert.itembank.choices import ItemStatus, ItemType, VersionStatus
from skillcert.itembank.models import Bank, Item, ItemVersion, KnowledgePoint
from skillcert.itembank.services import items as item_services


@dataclass
class BankSetup:
    institution: Institution
    bank: Bank
    manager: User
    clerk: User
    expert: User
    points: dict[str, KnowledgePoint]
    extra: dict[str, Any] = field(default_factory=dict)


def choice_options(n: int = 4, prefix: str = "选项") -> list[dict[str, str]]:
    return [{"key": chr(ord("A") + i), "text": f"{prefix}{chr(ord('A') + i)}"} for i in range(n)]


def bank_setup(*, institution: Institution | None = None, occ: Occupation | None = None, level: int = 4) -> BankSetup:
    if institution is None or occ is None:
        occ = occupation(levels=(5, 4, 3))
        institution = FiledInstitutionFactory(scope=[(occ, None, lv) for lv in (5, 4, 3)])
    manager = staff(institution, Role.MANAGER)
    clerk = staff(institution, Role.CLERK)
    expert = staff(institution, Role.EXPERT)
    standard_level = StandardLevel.objects.get(standard__occupation=occ, standard__is_current=True, level=level)
    bank = item_services.create_bank(
        actor=manager, institution=institution, standard_level=standard_level, name="中式烹调师四级理论题库"
    )
    points = {}
    for code, title in [("1", "职业道德"), ("2", "基础知识"), ("2.3", "食品安全"), ("3", "专业技能")]:
        points[code] = item_services.save_knowledge_point(
            actor=clerk, bank=bank, code=code, title=title, weight=Decimal("25")
        )
    return BankSetup(institution, bank, manager, clerk, expert, points)


def approved_item(
    s: BankSetup,
    *,
    type: str = ItemType.SINGLE,
    point: str = "1",
    points: Any = 2,
    difficulty: int = 3,
    stem: str = "",
    through_services: bool = True,
) -> Item:
    """An item written by the clerk and approved by the expert."""
    options: list[dict[str, str]] = []
    answer: list[str]
    if type == ItemType.SINGLE:
        options, answer = choice_options(), ["B"]
    elif type == ItemType.MULTIPLE:
        options, answer = choice_options(), ["A", "C"]
    elif type == ItemType.TRUE_FALSE:
        answer = ["正确"]
    elif type == ItemType.FILL_IN:
        answer = ["七十"]
    else:
        answer = ["参考答案：先洗手，再分生熟。"]
    stem = stem or f"{ItemType(type).label}：{point} 第{Item.objects.filter(bank=s.bank).count() + 1}题"
    if not through_services:
        kp = s.points[point]
        clean = item_services.clean_content(
            type=type, stem=stem, options=options, answer=answer, rubric=None, points=points, difficulty=difficulty
        )
        code = f"T{Item.objects.filter(bank=s.bank).count() + 1:05d}"
        item = Item.objects.create(bank=s.bank, code=code, type=type, status=ItemStatus.APPROVED)
        version = ItemVersion.objects.create(
            item=item,
            number=1,
            knowledge_point=kp,
            author=s.clerk,
            reviewer=s.expert,
            status=VersionStatus.APPROVED,
            **clean,
        )
        Item.objects.filter(pk=item.pk).update(latest=version, approved=version)
        item.refresh_from_db()
        return item
    item = item_services.create_item(
        actor=s.clerk,
        bank=s.bank,
        type=type,
        knowledge_point=s.points[point],
        stem=stem,
        options=options,
        answer=answer,
        points=points,
        difficulty=difficulty,
    )
    item_services.submit_item(actor=s.clerk, item=item)
    item_services.review_item(actor=s.expert, item=item, approve=True)
    item.refresh_from_db()
    return item


@dataclass
class CbtSetup:
    exam: Scenario
    bank: BankSetup
    theory: ExamSession
    extra: dict[str, Any] = field(default_factory=dict)


def cbt_setup(n: int = 4, *, short_answers: bool = False) -> CbtSetup:
    """A checked-in theory session that started ten minutes ago, a bank of the same occupation and level."""
    exam = closed_plan(n)
    theory, _skills = checked_in(exam)
    s = bank_setup(institution=exam.institution, occ=exam.occupation)
    start = timezone.now() - datetime.timedelta(minutes=10)
    ExamSession.objects.filter(pk=theory.pk).update(starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    theory.refresh_from_db()
    return CbtSetup(exam=exam, bank=s, theory=theory)
