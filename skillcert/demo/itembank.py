"""Public demo builders of the item bank (R-BANK-1..4): a 中式烹调师 level-4 theory bank written and
reviewed through the services, a blueprint, two sealed parallel variants and a computer-based session.

Used by `skillcert/itembank/demo.py` (seed_demo) and by the exam-day load test (`bench/itembank_load`).
Every write goes through the item-bank services, so the demo is what a user would have produced.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from skillcert.accounts.models import User
from skillcert.catalog.models import StandardLevel
from skillcert.exams.models import ExamSession
from skillcert.institutions.models import Institution
from skillcert.itembank.choices import ItemType
from skillcert.itembank.models import Assembly, Bank, Blueprint, CbtSession, Item, KnowledgePoint
from skillcert.itembank.services import assembly as assembly_services
from skillcert.itembank.services import cbt as cbt_services
from skillcert.itembank.services import items as item_services

# 鉴定要素细目表 of the demo bank: code, title, weight (%), importance.
KNOWLEDGE_POINTS = [
    ("1", "职业道德", 10, "X"),
    ("1.1", "职业守则", 10, "X"),
    ("2", "基础知识", 50, "X"),
    ("2.1", "烹饪原料知识", 15, "X"),
    ("2.2", "烹调基础知识", 15, "X"),
    ("2.3", "食品安全与卫生", 20, "X"),
    ("3", "专业知识", 40, "Y"),
    ("3.1", "刀工与勺工", 20, "Y"),
    ("3.2", "菜肴制作", 20, "Y"),
]
LEAVES = {"1": ["1.1"], "2": ["2.1", "2.2", "2.3"], "3": ["3.1", "3.2"]}
TOPICS = {
    "1.1": ("厨师职业守则", ["遵纪守法", "爱岗敬业", "诚实守信", "钻研技术"], "团结协作、尊师爱徒"),
    "2.1": ("原料的选用", ["新鲜度", "产地", "价格", "包装"], "原料的感官检验"),
    "2.2": ("火候的掌握", ["旺火", "中火", "小火", "微火"], "油温的判断"),
    "2.3": ("食品安全", ["生熟分开", "先洗后切", "低温冷藏", "彻底加热"], "食物中毒的预防"),
    "3.1": ("刀工刀法", ["直刀法", "平刀法", "斜刀法", "剞刀法"], "勺工的基本动作"),
    "3.2": ("菜肴制作", ["炒", "爆", "熘", "烧"], "勾芡的作用"),
}
# Items per type and area: about twice what one variant needs, so two variants barely overlap.
SUPPLY = {
    ItemType.SINGLE: {"1": 12, "2": 34, "3": 24},
    ItemType.MULTIPLE: {"2": 4, "3": 2},
    ItemType.TRUE_FALSE: {"1": 4, "2": 12, "3": 8},
    ItemType.FILL_IN: {"1": 2, "2": 6, "3": 4},
    ItemType.SHORT_ANSWER: {"2": 2, "3": 2},
}
BLUEPRINT = {
    "name": "四级理论知识机考蓝图（60分制）",
    "total_points": 60,
    "duration_minutes": 60,
    "area_points": {"1": 6, "2": 30, "3": 24},
    "type_points": {"single": 30, "true_false": 10, "fill_in": 10, "short_answer": 10},
    "variants": 2,
}
FILL_IN_ANSWERS = {"1.1": "爱岗敬业", "2.1": "新鲜", "2.2": "火候", "2.3": "生熟分开", "3.1": "刀法", "3.2": "勾芡"}


@dataclass
class DemoBank:
    bank: Bank
    points: dict[str, KnowledgePoint]
    items: list[Item]


def _single(leaf: str, n: int, rng: random.Random) -> dict[str, object]:
    title, choices, _extra = TOPICS[leaf]
    right = rng.randrange(4)
    options = [{"key": "ABCD"[i], "text": f"{c}" if i == right else f"{c}（不作要求）"} for i, c in enumerate(choices)]
    return {
        "stem": f"{title}：关于“{choices[right]}”的要求，下列说法正确的是哪一项？（第{n}题）",
        "options": options,
        "answer": ["ABCD"[right]],
    }


def _item_content(kind: str, leaf: str, n: int, rng: random.Random) -> dict[str, object]:
    title, choices, extra = TOPICS[leaf]
    if kind == ItemType.SINGLE:
        return {**_single(leaf, n, rng), "points": 1}
    if kind == ItemType.MULTIPLE:
        picked = sorted(rng.sample(range(4), 2))
        return {
            "stem": f"{title}：下列做法中，符合要求的有哪些？（第{n}题）",
            "options": [
                {"key": "ABCD"[i], "text": c if i in picked else f"{c}（不符合）"} for i, c in enumerate(choices)
            ],
            "answer": ["ABCD"[i] for i in picked],
            "points": 2,
        }
    if kind == ItemType.TRUE_FALSE:
        right = rng.random() < 0.5
        return {
            "stem": f"{title}：{choices[n % 4]}是{extra}的要求之一。（第{n}题）",
            "answer": ["对" if right else "错"],
            "points": 1,
        }
    if kind == ItemType.FILL_IN:
        return {"stem": f"{extra}：请填写关键词（第{n}题）____。", "answer": [FILL_IN_ANSWERS[leaf]], "points": 2}
    return {
        "stem": f"简述{extra}的要点，并结合{title}举例说明。（第{n}题）",
        "answer": [f"参考答案：{extra}应做到{'、'.join(choices)}。"],
        "points": 5,
    }


def build_demo_bank(
    *,
    institution: Institution,
    standard_level: StandardLevel,
    author: User,
    reviewer: User,
    name: str = "中式烹调师四级理论知识题库",
    seed: int = 2026,
) -> DemoBank:
    """A bank with its 细目表 and about a hundred and twenty approved items of every type (a skills task
    included), plus two items still waiting for review (R-BANK-1); author and reviewer differ."""
    rng = random.Random(seed)  # noqa: S311 - reproducible demo content
    bank = item_services.create_bank(actor=reviewer, institution=institution, standard_level=standard_level, name=name)
    points = {
        code: item_services.save_knowledge_point(
            actor=author, bank=bank, code=code, title=title, weight=weight, importance=importance
        )
        for code, title, weight, importance in KNOWLEDGE_POINTS
    }
    items: list[Item] = []
    n = 0
    for kind, per_area in SUPPLY.items():
        for area, count in per_area.items():
            for i in range(count):
                n += 1
                leaf = LEAVES[area][i % len(LEAVES[area])]
                content = _item_content(kind, leaf, n, rng)
                item = item_services.create_item(
                    actor=author,
                    bank=bank,
                    type=kind,
                    knowledge_point=points[leaf],
                    difficulty=rng.choice([1, 2, 2, 3, 3, 3, 4, 4, 5]),
                    code=f"CT4-{n:04d}",
                    **content,  # type: ignore[arg-type]
                )
                item_services.submit_item(actor=author, item=item)
                item_services.review_item(actor=reviewer, item=item, approve=True, note="内容准确，表述规范")
                items.append(item)
    task = item_services.create_item(
        actor=author,
        bank=bank,
        type=ItemType.SKILLS_TASK,
        knowledge_point=points["3.2"],
        stem="在40分钟内完成宫保鸡丁的制作：鸡丁上浆、兑汁、炒制、装盘。",
        rubric={
            "steps": [
                {"title": "原料初加工与刀工成形", "points": 10},
                {"title": "上浆与兑碗汁", "points": 10},
                {"title": "火候与炒制", "points": 15},
                {"title": "装盘与卫生", "points": 5},
            ],
            "void_if": ["发生烫伤、割伤等安全事故", "使用变质原料"],
        },
        points=40,
        code="CT4-SK01",
    )
    item_services.submit_item(actor=author, item=task)
    item_services.review_item(actor=reviewer, item=task, approve=True, note="评分细则与标准一致")
    items.append(task)
    for code, leaf in (("CT4-R001", "2.3"), ("CT4-R002", "3.1")):
        waiting = item_services.create_item(
            actor=author,
            bank=bank,
            type=ItemType.SINGLE,
            knowledge_point=points[leaf],
            code=code,
            points=1,
            **_single(leaf, 900 + len(items), rng),  # type: ignore[arg-type]
        )
        item_services.submit_item(actor=author, item=waiting)
    return DemoBank(bank=bank, points=points, items=items)


def demo_blueprint(*, bank: Bank, actor: User) -> Blueprint:
    """The demo's 60-point computer-based theory blueprint: two parallel variants (R-BANK-3)."""
    return assembly_services.save_blueprint(actor=actor, bank=bank, **BLUEPRINT)  # type: ignore[arg-type]


def assemble_demo_papers(*, blueprint: Blueprint, actor: User, seed: int = 7) -> Assembly:
    """Assemble and seal the blueprint's variants with a fixed tie-break seed (R-BANK-3)."""
    return assembly_services.assemble_papers(actor=actor, blueprint=blueprint, seed=seed)


def schedule_demo_cbt(*, exam_session: ExamSession, assembly: Assembly, actor: User) -> CbtSession:
    """Hold a theory session on computers with the demo papers (R-BANK-4)."""
    return cbt_services.schedule_cbt(actor=actor, exam_session=exam_session, assembly=assembly)
