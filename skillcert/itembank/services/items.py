"""Banks, knowledge points and items: author → review → approved, one new version per edit (R-BANK-1)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skillcert.accounts.models import User
from skillcert.catalog.models import StandardLevel
from skillcert.core.audit import record_event
from skillcert.core.errors import DomainError
from skillcert.core.scoping import actor_may
from skillcert.core.validation import clean_text
from skillcert.institutions.models import Institution
from skillcert.itembank.access import require_bank_staff
from skillcert.itembank.choices import (
    CHOICE_TYPES,
    Difficulty,
    Importance,
    ItembankEvent,
    ItemStatus,
    ItemType,
    VersionStatus,
)
from skillcert.itembank.models import Bank, Item, ItemVersion, KnowledgePoint

# Stored in each true/false item version (its options), and read back by the QTI and Excel import.
TRUE_FALSE_OPTIONS = [{"key": "T", "text": "正确"}, {"key": "F", "text": "错误"}]  # i18n: data


def create_bank(*, actor: User | None, institution: Institution, standard_level: StandardLevel, name: str) -> Bank:
    """Open the institution's bank for one standard and level (R-BANK-1)."""
    bank = Bank(institution=institution, standard_level=standard_level, name=name.strip())
    if actor is not None and not actor.is_superuser:
        if actor.organisation_id != institution.organisation_id:
            raise PermissionDenied(_("只有评价机构人员可以建立本机构的题库"))
        if not actor_may(actor, "assemble", Bank.scope_policy):
            raise PermissionDenied(_("您的角色不能办理此事项"))
    clean_text(name, field="name", label=_("题库名称"), max_length=200)
    with transaction.atomic():
        if Bank.objects.filter(institution=institution, standard_level=standard_level).exists():
            raise DomainError(_("本机构已有该标准等级的题库"), field="standard_level", code="duplicate")
        bank.created_by = actor
        bank.save()
        record_event(actor=actor, action=ItembankEvent.BANK_CREATED, obj=bank, after={"name": bank.name})
    return bank


def save_knowledge_point(
    *, actor: User | None, bank: Bank, code: str, title: str, weight: Any = 0, importance: str = Importance.CORE
) -> KnowledgePoint:
    """Add or change one line of the 鉴定要素细目表 (R-BANK-1)."""
    require_bank_staff(actor, bank, "author")
    code = clean_text(code, field="code", label=_("要素代码"), max_length=30)
    if not all(part.isdigit() for part in code.split(".")):
        raise DomainError(_("要素代码应为以点分隔的数字，例如 2.3.1"), field="code", code="code_format")
    title = clean_text(title, field="title", label=_("鉴定要素名称"), max_length=200)
    try:
        weight_value = Decimal(str(weight or 0))
    except InvalidOperation as exc:
        raise DomainError(_("比重应为 0 到 100 的数字"), field="weight", code="weight") from exc
    if not Decimal(0) <= weight_value <= Decimal(100):
        raise DomainError(_("比重应为 0 到 100 的数字"), field="weight", code="weight")
    if importance not in Importance.values:
        raise DomainError(_("重要程度应为 X、Y 或 Z"), field="importance", code="importance")
    with transaction.atomic():
        point = KnowledgePoint.objects.select_for_update().filter(bank=bank, code=code).first()
        before = {"title": point.title, "weight": point.weight, "importance": point.importance} if point else None
        point = point or KnowledgePoint(bank=bank, code=code)
        point.title, point.weight, point.importance = title, weight_value, importance
        point.save()
        record_event(
            actor=actor,
            action=ItembankEvent.KNOWLEDGE_POINT_SAVED,
            obj=point,
            before=before,
            after={"title": title, "weight": weight_value, "importance": importance},
        )
    return point


def clean_content(
    *,
    type: str,
    stem: Any,
    options: Any,
    answer: Any,
    rubric: Any,
    points: Any,
    difficulty: Any,
) -> dict[str, Any]:
    """Check an item's content by its type; every refusal names the field (R-BANK-1, bad input)."""
    if type not in ItemType.values:
        raise DomainError(_("题型不正确"), field="type", code="type")
    stem_text = clean_text(stem, field="stem", label=_("题干"), max_length=5000)
    try:
        points_value = Decimal(str(points))
    except (InvalidOperation, TypeError) as exc:
        raise DomainError(_("分值应为数字"), field="points", code="points") from exc
    if points_value < Decimal("0.5") or points_value > 100 or points_value % Decimal("0.5"):
        raise DomainError(_("分值应为 0.5 到 100 之间、0.5 的整数倍"), field="points", code="points")
    try:
        difficulty_value = int(difficulty)
    except (TypeError, ValueError) as exc:
        raise DomainError(_("难度应为 1 到 5 的整数"), field="difficulty", code="difficulty") from exc
    if difficulty_value not in Difficulty.values:
        raise DomainError(_("难度应为 1 到 5 的整数"), field="difficulty", code="difficulty")
    clean_options: list[dict[str, str]] = []
    clean_answer: list[str] = []
    clean_rubric: dict[str, Any] = {}
    if type == ItemType.TRUE_FALSE:
        clean_options = list(TRUE_FALSE_OPTIONS)
        values = [str(a).strip().upper() for a in (answer or [])]
        mapped = {"T": "T", "F": "F", "对": "T", "错": "F", "正确": "T", "错误": "F", "TRUE": "T", "FALSE": "F"}
        if len(values) != 1 or values[0] not in mapped:
            raise DomainError(_("判断题的标准答案应为“正确”或“错误”"), field="answer", code="no_correct_option")
        clean_answer = [mapped[values[0]]]
    elif type in CHOICE_TYPES:
        if not isinstance(options, list) or len(options) < 2:
            raise DomainError(_("选择题至少需要两个选项"), field="options", code="too_few_options")
        seen_keys: set[str] = set()
        seen_texts: set[str] = set()
        for i, option in enumerate(options):
            key = str((option or {}).get("key", "")).strip().upper() if isinstance(option, dict) else ""
            text = str((option or {}).get("text", "")).strip() if isinstance(option, dict) else ""
            if not key or not text:
                raise DomainError(
                    _("第%(n)s个选项缺少选项标识或内容") % {"n": i + 1}, field="options", code="option_blank"
                )
            if key in seen_keys:
                raise DomainError(_("选项标识“%(key)s”重复") % {"key": key}, field="options", code="duplicate_option")
            if text in seen_texts:
                raise DomainError(
                    _("选项“%(key)s”的内容与其他选项重复") % {"key": key}, field="options", code="duplicate_option"
                )
            seen_keys.add(key)
            seen_texts.add(text)
            clean_options.append({"key": key, "text": text})
        keys = sorted({str(a).strip().upper() for a in (answer or []) if str(a).strip()})
        if not keys:
            raise DomainError(_("选择题没有标明正确选项"), field="answer", code="no_correct_option")
        unknown = [k for k in keys if k not in seen_keys]
        if unknown:
            raise DomainError(
                _("正确选项“%(key)s”不在选项中") % {"key": unknown[0]}, field="answer", code="no_correct_option"
            )
        if type == ItemType.SINGLE and len(keys) != 1:
            raise DomainError(_("单项选择题只能有一个正确选项"), field="answer", code="single_answer")
        if type == ItemType.MULTIPLE and len(keys) < 2:
            raise DomainError(_("多项选择题至少有两个正确选项"), field="answer", code="multiple_answer")
        clean_answer = keys
    elif type == ItemType.FILL_IN:
        clean_answer = [str(a).strip() for a in (answer or []) if str(a).strip()]
        if not clean_answer:
            raise DomainError(_("填空题至少需要一个可接受的答案"), field="answer", code="no_correct_option")
    elif type == ItemType.SHORT_ANSWER:
        clean_answer = [str(a).strip() for a in (answer or []) if str(a).strip()]
        if not clean_answer:
            raise DomainError(_("简答题需要参考答案"), field="answer", code="no_correct_option")
    elif type == ItemType.SKILLS_TASK:
        clean_rubric = clean_rubric_for(rubric, points_value)
    return {
        "stem": stem_text,
        "options": clean_options,
        "answer": clean_answer,
        "rubric": clean_rubric,
        "points": points_value,
        "difficulty": difficulty_value,
    }


def clean_rubric_for(rubric: Any, points: Decimal) -> dict[str, Any]:
    """A skills task's rubric: steps with points summing to the item's points, and the faults that void it."""
    if not isinstance(rubric, dict):
        raise DomainError(_("操作技能试题需要评分细则"), field="rubric", code="rubric")
    steps = rubric.get("steps") or []
    if not isinstance(steps, list) or not steps:
        raise DomainError(_("评分细则至少需要一个评分步骤"), field="rubric", code="rubric_steps")
    clean_steps = []
    total = Decimal(0)
    for i, step in enumerate(steps):
        title = str((step or {}).get("title", "")).strip() if isinstance(step, dict) else ""
        try:
            value = Decimal(str((step or {}).get("points")))
        except (InvalidOperation, TypeError, AttributeError) as exc:
            raise DomainError(
                _("评分细则第%(n)s步的配分应为数字") % {"n": i + 1}, field="rubric", code="rubric_points"
            ) from exc
        if not title or value <= 0:
            raise DomainError(
                _("评分细则第%(n)s步需要名称和正的配分") % {"n": i + 1}, field="rubric", code="rubric_steps"
            )
        total += value
        clean_steps.append({"title": title, "points": str(value)})
    if total != points:
        raise DomainError(
            _("评分细则各步骤配分之和（%(sum)s）应等于试题分值（%(points)s）") % {"sum": total, "points": points},
            field="rubric",
            code="rubric_total",
        )
    voids = [str(v).strip() for v in (rubric.get("void_if") or []) if str(v).strip()]
    return {"steps": clean_steps, "void_if": voids}


def _point(bank: Bank, knowledge_point: KnowledgePoint | None) -> KnowledgePoint:
    if knowledge_point is None or knowledge_point.bank_id != bank.pk:
        raise DomainError(_("请选择本题库的鉴定要素"), field="knowledge_point", code="knowledge_point")
    return knowledge_point


def _next_code(bank: Bank) -> str:
    count = Item.objects.filter(bank=bank).count() + 1
    while Item.objects.filter(bank=bank, code=f"T{count:05d}").exists():
        count += 1
    return f"T{count:05d}"


def create_item(
    *,
    actor: User,
    bank: Bank,
    type: str,
    knowledge_point: KnowledgePoint | None,
    stem: str,
    options: Any = None,
    answer: Any = None,
    rubric: Any = None,
    points: Any = 1,
    difficulty: Any = 3,
    code: str = "",
    audit_event: bool = True,
) -> Item:
    """A new item with its first version, a draft by its author (R-BANK-1)."""
    require_bank_staff(actor, bank, "author")
    point = _point(bank, knowledge_point)
    content = clean_content(
        type=type, stem=stem, options=options, answer=answer, rubric=rubric, points=points, difficulty=difficulty
    )
    with transaction.atomic():
        code = (code or "").strip() or _next_code(bank)
        if Item.objects.filter(bank=bank, code=code).exists():
            raise DomainError(_("试题编号“%(code)s”已存在") % {"code": code}, field="code", code="duplicate")
        item = Item.objects.create(bank=bank, code=code, type=type, status=ItemStatus.DRAFT)
        version = ItemVersion.objects.create(item=item, number=1, knowledge_point=point, author=actor, **content)
        item.latest = version
        item.save(update_fields=["latest", "updated_at"])
        if audit_event:
            record_event(
                actor=actor, action=ItembankEvent.ITEM_VERSION_SAVED, obj=item, after={"version": 1, "type": type}
            )
    return item


def revise_item(
    *,
    actor: User,
    item: Item,
    knowledge_point: KnowledgePoint | None,
    stem: str,
    options: Any = None,
    answer: Any = None,
    rubric: Any = None,
    points: Any = 1,
    difficulty: Any = 3,
    change_note: str = "",
) -> ItemVersion:
    """An edit: a new version, drafted; the approved version stays in use until the new one is approved (R-BANK-1)."""
    require_bank_staff(actor, item.bank, "author")
    point = _point(item.bank, knowledge_point)
    content = clean_content(
        type=item.type, stem=stem, options=options, answer=answer, rubric=rubric, points=points, difficulty=difficulty
    )
    with transaction.atomic():
        locked = Item.objects.select_for_update().get(pk=item.pk)
        if locked.status == ItemStatus.RETIRED:
            raise DomainError(_("试题已停用，不能修改"), field="item", code="retired")
        latest = locked.latest
        if latest is not None and latest.status == VersionStatus.DRAFT and latest.author_id == actor.pk:
            # The author's own unsent draft is still theirs to change: no need for a version per keystroke.
            for name, value in content.items():
                setattr(latest, name, value)
            latest.knowledge_point, latest.change_note = point, change_note[:300]
            latest.save()
            version = latest
        else:
            number = (locked.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
            version = ItemVersion.objects.create(
                item=locked,
                number=number,
                knowledge_point=point,
                author=actor,
                change_note=change_note[:300],
                **content,
            )
            if latest is not None and latest.status in (VersionStatus.DRAFT, VersionStatus.IN_REVIEW):
                latest.status = VersionStatus.SUPERSEDED
                latest.save(update_fields=["status", "updated_at"])
        locked.latest = version
        locked.status = ItemStatus.APPROVED if locked.approved_id else ItemStatus.DRAFT
        locked.save(update_fields=["latest", "status", "updated_at"])
        record_event(
            actor=actor, action=ItembankEvent.ITEM_VERSION_SAVED, obj=locked, after={"version": version.number}
        )
    item.refresh_from_db()
    return version


def submit_item(*, actor: User, item: Item) -> ItemVersion:
    """The author sends the latest version to review (R-BANK-1)."""
    require_bank_staff(actor, item.bank, "author")
    with transaction.atomic():
        locked = Item.objects.select_for_update().get(pk=item.pk)
        version = locked.latest
        if version is None or version.status not in (VersionStatus.DRAFT, VersionStatus.REJECTED):
            raise DomainError(_("只有编写中或退回的版本可以提交审核"), field="item", code="status")
        version.status = VersionStatus.IN_REVIEW
        version.save(update_fields=["status", "updated_at"])
        if not locked.approved_id:
            locked.status = ItemStatus.IN_REVIEW
            locked.save(update_fields=["status", "updated_at"])
        record_event(actor=actor, action=ItembankEvent.ITEM_SUBMITTED, obj=locked, after={"version": version.number})
    item.refresh_from_db()
    return version


def review_item(*, actor: User | None, item: Item, approve: bool, note: str = "") -> ItemVersion:
    """A reviewer other than the author approves or returns the version under review (R-BANK-1)."""
    require_bank_staff(actor, item.bank, "review")
    with transaction.atomic():
        locked = Item.objects.select_for_update().select_related("bank").get(pk=item.pk)
        version = locked.latest
        if version is None or version.status != VersionStatus.IN_REVIEW:
            raise DomainError(_("该试题没有待审核的版本"), field="item", code="status")
        if actor is not None and version.author_id == actor.pk:
            raise DomainError(_("命题人不能审核自己编写的试题"), field="reviewer", code="own_item")
        if not approve and not note.strip():
            raise DomainError(_("退回修改须填写审核意见"), field="note", code="required")
        when = timezone.now()
        version.reviewer, version.reviewed_at, version.review_note = actor, when, note.strip()
        version.status = VersionStatus.APPROVED if approve else VersionStatus.REJECTED
        version.save()
        if approve:
            if locked.approved_id:
                ItemVersion.objects.filter(pk=locked.approved_id).update(status=VersionStatus.SUPERSEDED)
            locked.approved = version
            locked.status = ItemStatus.APPROVED
            locked.flagged, locked.flag_reason = False, ""
            Bank.objects.filter(pk=locked.bank_id).update(last_approved_at=when)
        elif not locked.approved_id:
            locked.status = ItemStatus.DRAFT
        locked.save()
        record_event(
            actor=actor,
            action=ItembankEvent.ITEM_REVIEWED,
            obj=locked,
            after={"version": version.number, "approved": approve, "note": note.strip()},
        )
    item.refresh_from_db()
    return version


def retire_item(*, actor: User, item: Item, reason: str) -> Item:
    """Take an item out of assembly; papers that used it keep their version (R-BANK-1)."""
    require_bank_staff(actor, item.bank, "review")
    reason = clean_text(reason, field="reason", label=_("停用原因"), max_length=200)
    with transaction.atomic():
        locked = Item.objects.select_for_update().get(pk=item.pk)
        before = locked.status
        locked.status = ItemStatus.RETIRED
        locked.save(update_fields=["status", "updated_at"])
        record_event(
            actor=actor,
            action=ItembankEvent.ITEM_RETIRED,
            obj=locked,
            before={"status": before},
            after={"reason": reason},
        )
    return locked
