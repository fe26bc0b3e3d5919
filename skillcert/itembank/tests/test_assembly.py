"""Assembly with CP-SAT: feasible, parallel with minimal overlap, infeasible explained, exposure (R-BANK-3)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from skillcert.core.errors import DomainError
from skillcert.itembank.choices import ItemType, band_of
from skillcert.itembank.models import Assembly, Paper
from skillcert.itembank.services import assembly as svc
from skillcert.itembank.services.sealing import _decrypt
from skillcert.itembank.tests.factories import BankSetup, approved_item, bank_setup

pytestmark = pytest.mark.django_db


def fill(s: BankSetup, point: str, type: str, n: int, *, points: int = 1, difficulty: int = 3) -> None:
    for _ in range(n):
        approved_item(s, type=type, point=point, points=points, difficulty=difficulty, through_services=False)


def blueprint(s: BankSetup, **kw: object) -> object:
    args: dict = {
        "actor": s.manager,
        "bank": s.bank,
        "name": "四级理论蓝图",
        "total_points": 20,
        "area_points": {"1": 10, "2": 10},
        "type_points": {"single": 12, "true_false": 8},
        "variants": 2,
    }
    args.update(kw)
    return svc.save_blueprint(**args)


def contents(assembly: Assembly) -> list[dict]:
    return [_decrypt(p) for p in Paper.objects.filter(assembly=assembly).order_by("variant")]


def test_parallel_variants_meet_the_blueprint_and_overlap_as_little_as_the_bank_allows() -> None:
    s = bank_setup()
    for area in ("1", "2"):
        fill(s, area, ItemType.SINGLE, 8)
        fill(s, area, ItemType.TRUE_FALSE, 6)
    bp = blueprint(s)
    assembly = svc.assemble_papers(actor=s.clerk, blueprint=bp, seed=7)
    papers = contents(assembly)
    assert len(papers) == 2
    for paper in papers:
        by_area: dict[str, Decimal] = {}
        by_type: dict[str, Decimal] = {}
        for item in paper["items"]:
            area = item["knowledge_point"].split(".")[0]
            by_area[area] = by_area.get(area, Decimal(0)) + Decimal(item["points"])
            by_type[item["type"]] = by_type.get(item["type"], Decimal(0)) + Decimal(item["points"])
        assert by_area == {"1": 10, "2": 10}
        assert by_type == {"single": 12, "true_false": 8}
    shared = {i["item"] for i in papers[0]["items"]} & {i["item"] for i in papers[1]["items"]}
    # 16 single-choice items for 2 × 12 points and 12 true/false for 2 × 8: at least 8 + 4 shared,
    # and the solver finds exactly that minimum.
    assert len(shared) == 12
    assert assembly.report["overlap"] == {"1-2": 12}


def test_difficulty_mix_is_respected() -> None:
    s = bank_setup()
    for area in ("1", "2"):
        fill(s, area, ItemType.SINGLE, 6, difficulty=1)
        fill(s, area, ItemType.SINGLE, 6, difficulty=4)
        fill(s, area, ItemType.TRUE_FALSE, 6, difficulty=3)
    bp = blueprint(s, variants=1, difficulty_mix={"easy": 30, "medium": 40, "hard": 30}, difficulty_tolerance=0)
    (paper,) = contents(svc.assemble_papers(actor=s.clerk, blueprint=bp))
    bands: dict[str, int] = {}
    for item in paper["items"]:
        bands[band_of(item["difficulty"])] = bands.get(band_of(item["difficulty"]), 0) + int(Decimal(item["points"]))
    assert bands == {"easy": 6, "medium": 8, "hard": 6}


def test_a_knowledge_point_short_of_points_is_named_with_the_shortfall() -> None:
    s = bank_setup()
    fill(s, "1", ItemType.SINGLE, 20)
    fill(s, "2.3", ItemType.SINGLE, 4)
    bp = blueprint(s, area_points={"1": 14, "2.3": 6}, type_points={"single": 20}, variants=1)
    with pytest.raises(DomainError) as excinfo:
        svc.assemble_papers(actor=s.clerk, blueprint=bp)
    assert excinfo.value.message == "知识点 2.3 需要 6 分，题库只有 4 分"
    assert not Assembly.objects.exists()


def test_a_joint_shortfall_is_found_by_the_solver() -> None:
    s = bank_setup()
    fill(s, "1", ItemType.SINGLE, 6)
    fill(s, "1", ItemType.TRUE_FALSE, 10)
    fill(s, "2", ItemType.SINGLE, 6)
    bp = blueprint(
        s, area_points={"1": 6, "2": 6}, total_points=12, type_points={"single": 4, "true_false": 8}, variants=1
    )
    with pytest.raises(DomainError, match="差 2 分"):
        svc.assemble_papers(actor=s.clerk, blueprint=bp)


def test_exposure_leaves_out_recent_items_unless_explicitly_allowed() -> None:
    s = bank_setup()
    for area in ("1", "2"):
        fill(s, area, ItemType.SINGLE, 12)
        fill(s, area, ItemType.TRUE_FALSE, 8)
    bp = blueprint(s, variants=1, exposure_last_papers=1)
    first = {i["item"] for i in contents(svc.assemble_papers(actor=s.clerk, blueprint=bp))[0]["items"]}
    second = {i["item"] for i in contents(svc.assemble_papers(actor=s.clerk, blueprint=bp))[0]["items"]}
    assert not first & second, "no item of the last paper set"
    # The last set is only the second one now (N = 1): the first one's items are fresh again.
    third = {i["item"] for i in contents(svc.assemble_papers(actor=s.clerk, blueprint=bp))[0]["items"]}
    assert not third & second
    bp.exposure_last_papers = 2
    bp.save()
    with pytest.raises(DomainError) as excinfo:
        svc.assemble_papers(actor=s.clerk, blueprint=bp)
    assert "最近组卷" in " ".join(excinfo.value.errors["blueprint"])
    with pytest.raises(DomainError, match="理由"):
        svc.assemble_papers(actor=s.clerk, blueprint=bp, allow_recent_items=True)
    allowed = svc.assemble_papers(actor=s.clerk, blueprint=bp, allow_recent_items=True, reason="题库规模不足，已报备")
    assert allowed.exposure_waived and allowed.report["recent_items_used"] > 0


def test_blueprint_totals_must_match() -> None:
    s = bank_setup()
    with pytest.raises(DomainError, match="各知识领域分值之和"):
        blueprint(s, area_points={"1": 10, "2": 5})
    with pytest.raises(DomainError, match="不能相互包含"):
        blueprint(s, area_points={"2": 10, "2.3": 10})


def test_papers_keep_the_version_they_used() -> None:
    from skillcert.itembank.services import items as item_services
    from skillcert.itembank.tests.factories import choice_options

    s = bank_setup()
    fill(s, "1", ItemType.SINGLE, 10)
    fill(s, "2", ItemType.SINGLE, 10)
    bp = blueprint(s, type_points={"single": 20}, variants=1)
    (paper,) = contents(svc.assemble_papers(actor=s.clerk, blueprint=bp))
    used = paper["items"][0]
    from skillcert.itembank.models import Item

    item = Item.objects.get(pk=used["item"])
    item_services.revise_item(
        actor=s.clerk,
        item=item,
        knowledge_point=s.points["1"],
        stem="新版本题干",
        options=choice_options(),
        answer=["D"],
    )
    item_services.submit_item(actor=s.clerk, item=item)
    item_services.review_item(actor=s.expert, item=item, approve=True)
    (again,) = [_decrypt(p) for p in Paper.objects.all()]
    assert again["items"][0]["stem"] == used["stem"] != "新版本题干"
    assert again["items"][0]["version"] == used["version"]
