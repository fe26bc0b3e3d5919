"""Items: author → review → approved, versions, and the content rules (R-BANK-1)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEvent
from skillcert.itembank.choices import ItemStatus, ItemType, VersionStatus
from skillcert.itembank.models import Item, ItemVersion
from skillcert.itembank.services import items as svc
from skillcert.itembank.tests.factories import approved_item, bank_setup, choice_options

pytestmark = pytest.mark.django_db


def test_author_review_approve_and_new_version_keeps_old_in_use() -> None:
    s = bank_setup()
    item = svc.create_item(
        actor=s.clerk,
        bank=s.bank,
        type=ItemType.SINGLE,
        knowledge_point=s.points["1"],
        stem="从业人员应当遵守的首要职业道德是？",
        options=choice_options(),
        answer=["A"],
        points=1,
        difficulty=2,
    )
    assert item.status == ItemStatus.DRAFT
    svc.submit_item(actor=s.clerk, item=item)
    with pytest.raises(PermissionDenied):
        svc.review_item(actor=s.clerk, item=item, approve=True)
    svc.review_item(actor=s.expert, item=item, approve=True)
    item.refresh_from_db()
    assert item.status == ItemStatus.APPROVED and item.approved and item.approved.number == 1
    s.bank.refresh_from_db()
    assert s.bank.last_approved_at is not None

    v2 = svc.revise_item(
        actor=s.clerk,
        item=item,
        knowledge_point=s.points["1"],
        stem="修改后的题干",
        options=choice_options(),
        answer=["C"],
        points=1,
        difficulty=2,
        change_note="更正答案",
    )
    item.refresh_from_db()
    assert v2.number == 2 and item.latest == v2
    assert item.approved is not None and item.approved.number == 1, "the approved version stays in use"
    svc.submit_item(actor=s.clerk, item=item)
    svc.review_item(actor=s.manager, item=item, approve=True)
    item.refresh_from_db()
    assert item.approved == v2
    assert ItemVersion.objects.get(item=item, number=1).status == VersionStatus.SUPERSEDED
    assert ItemVersion.objects.get(item=item, number=1).stem == "从业人员应当遵守的首要职业道德是？"
    assert AuditEvent.objects.filter(action="itembank.item_reviewed", object_id=str(item.pk)).count() == 2


def test_rejection_needs_a_note_and_returns_the_item() -> None:
    s = bank_setup()
    item = approved_item(s)
    svc.revise_item(
        actor=s.clerk, item=item, knowledge_point=s.points["1"], stem="新题干", options=choice_options(), answer=["A"]
    )
    svc.submit_item(actor=s.clerk, item=item)
    with pytest.raises(DomainError, match="审核意见"):
        svc.review_item(actor=s.expert, item=item, approve=False)
    version = svc.review_item(actor=s.expert, item=item, approve=False, note="选项表述不清")
    assert version.status == VersionStatus.REJECTED
    item.refresh_from_db()
    assert item.status == ItemStatus.APPROVED and item.approved is not None and item.approved.number == 1


@pytest.mark.parametrize(
    ("options", "answer", "message"),
    [
        (choice_options(), [], "没有标明正确选项"),
        (choice_options(), ["E"], "不在选项中"),
        ([{"key": "A", "text": "甲"}, {"key": "B", "text": "甲"}], ["A"], "内容与其他选项重复"),
        ([{"key": "A", "text": "甲"}, {"key": "A", "text": "乙"}], ["A"], "选项标识“A”重复"),
    ],
)
def test_bad_items_are_refused_and_nothing_saved(options: list, answer: list, message: str) -> None:
    s = bank_setup()
    with pytest.raises(DomainError, match=message):
        svc.create_item(
            actor=s.clerk,
            bank=s.bank,
            type=ItemType.SINGLE,
            knowledge_point=s.points["1"],
            stem="题干",
            options=options,
            answer=answer,
        )
    assert not Item.objects.filter(bank=s.bank).exists()


def test_skills_task_rubric_must_add_up() -> None:
    s = bank_setup()
    rubric = {"steps": [{"title": "备料", "points": 10}, {"title": "烹制", "points": 20}], "void_if": ["发生烫伤事故"]}
    with pytest.raises(DomainError, match="配分之和"):
        svc.create_item(
            actor=s.clerk,
            bank=s.bank,
            type=ItemType.SKILLS_TASK,
            knowledge_point=s.points["3"],
            stem="制作宫保鸡丁",
            rubric=rubric,
            points=40,
        )
    item = svc.create_item(
        actor=s.clerk,
        bank=s.bank,
        type=ItemType.SKILLS_TASK,
        knowledge_point=s.points["3"],
        stem="制作宫保鸡丁",
        rubric=rubric,
        points=30,
    )
    assert item.latest is not None and item.latest.rubric["void_if"] == ["发生烫伤事故"]


def test_other_institution_and_wrong_role_cannot_write() -> None:
    s = bank_setup()
    other = bank_setup()
    with pytest.raises(Exception) as excinfo:
        svc.create_item(
            actor=other.clerk,
            bank=s.bank,
            type=ItemType.TRUE_FALSE,
            knowledge_point=s.points["1"],
            stem="题干",
            answer=["对"],
        )
    assert "未找到" in str(excinfo.value)
    item = approved_item(s)
    with pytest.raises(PermissionDenied):
        svc.retire_item(actor=s.clerk, item=item, reason="过时")


def test_nobody_reviews_their_own_item() -> None:
    s = bank_setup()
    item = svc.create_item(
        actor=s.expert,
        bank=s.bank,
        type=ItemType.TRUE_FALSE,
        knowledge_point=s.points["1"],
        stem="生熟食品应分开存放。",
        answer=["对"],
    )
    svc.submit_item(actor=s.expert, item=item)
    with pytest.raises(DomainError, match="命题人不能审核自己"):
        svc.review_item(actor=s.expert, item=item, approve=True)
    svc.review_item(actor=s.manager, item=item, approve=True)
