"""The data migration loaded a real, well-formed catalogue (R-CAT-1..4)."""

from __future__ import annotations

import re

import pytest

from skillcert.catalog.choices import ComponentKind, Edition, level_label
from skillcert.catalog.eligibility import rule_errors
from skillcert.catalog.loader import read_catalog_data
from skillcert.catalog.models import EligibilityRule, Occupation, StaffingRatio, display_work_type
from skillcert.catalog.selectors import components_for, current_standard, occupation_levels, ratios_for

pytestmark = pytest.mark.django_db

CODE = re.compile(r"^\d-\d{2}-\d{2}-\d{2}$")


def occ(code: str, edition: int = Edition.E2022) -> Occupation:
    return Occupation.objects.get(edition=edition, code=code)


def test_at_least_30_current_occupations_with_valid_codes() -> None:
    current = Occupation.objects.filter(edition=Edition.E2022)
    assert current.count() >= 30
    assert all(CODE.match(code) for code in current.values_list("code", flat=True))
    assert all(o.source for o in current), "every 2022 occupation names the source its code was checked with"


def test_known_codes_of_the_2022_edition() -> None:
    assert occ("6-18-02-04").name == "焊工"
    assert occ("6-31-01-03").name == "电工"
    assert occ("4-10-01-05").name == "养老护理员"
    assert occ("4-07-05-03").name == "消防设施操作员"


def test_codes_differ_between_editions() -> None:
    # 4-03-02-01 is 西式烹调师 in the 1999 edition and 中式烹调师 in the 2022 edition.
    assert occ("4-03-02-01", Edition.E1999).name == "西式烹调师"
    assert occ("4-03-02-01").name == "中式烹调师"
    old = occ("4-07-05-04", Edition.E2015)
    assert old.name == "消防设施操作员"
    assert old.successor == occ("4-07-05-03")
    assert not old.is_active


def test_work_types_and_the_empty_work_type() -> None:
    welder = occ("6-18-02-04")
    assert [wt.name for wt in welder.work_types.all()] == ["电焊工", "气焊工", "钎焊工", "焊接设备操作工"]
    electrician = occ("6-31-01-03")
    assert not electrician.work_types.exists()
    assert display_work_type(electrician.work_types.first()) == "--"
    assert display_work_type(welder.work_types.first()) == "电焊工"
    assert display_work_type("  ") == "--"


def test_current_standard_and_its_levels() -> None:
    welder = occ("6-18-02-04")
    std = current_standard(welder)
    assert std is not None and std.version == "2018年版" and std.verified
    assert occupation_levels(welder) == [5, 4, 3, 2, 1]
    excavator = occ("6-30-05-05")
    assert occupation_levels(excavator) == [5, 4, 3]
    assert [level_label(lv) for lv in occupation_levels(excavator)] == ["五级/初级工", "四级/中级工", "三级/高级工"]


def test_components_per_level() -> None:
    welder = occ("6-18-02-04")
    level3 = {c.kind for c in components_for(welder, 3)}
    assert level3 == {ComponentKind.THEORY, ComponentKind.SKILLS}
    level2 = {c.kind: c for c in components_for(welder, 2)}
    assert set(level2) == {ComponentKind.THEORY, ComponentKind.SKILLS, ComponentKind.REVIEW}
    theory = level2[ComponentKind.THEORY]
    assert (theory.full_marks, theory.pass_mark) == (100, 60)
    assert theory.passes(60) and not theory.passes(59.5)


def test_every_standard_has_stored_ratios_with_spec_defaults() -> None:
    assert StaffingRatio.objects.count() == Occupation.objects.filter(edition=Edition.E2022).count()
    ratio = ratios_for(occ("6-18-02-04"))
    assert ratio.pk is not None
    assert (ratio.proctor_per_candidates, ratio.min_proctors_per_room) == (15, 2)
    assert (ratio.examiner_per_candidates, ratio.min_examiners, ratio.min_review_panel) == (5, 3, 3)


def test_seeded_rules_are_well_formed_and_versioned() -> None:
    rules = EligibilityRule.objects.filter(is_current=True)
    assert rules.count() > 100
    for rule in rules:
        assert rule_errors(rule.rules) == [], rule
        assert rule.version == 1
    welder_l4 = rules.get(standard_level__standard__occupation=occ("6-18-02-04"), standard_level__level=4)
    labels = [alt["label"] for alt in welder_l4.rules["any_of"]]
    assert labels[1] == "累计从事本职业工作6年（含）以上"


def test_data_file_records_a_source_for_every_entry() -> None:
    data = read_catalog_data()
    for entry in data["occupations"]:
        assert CODE.match(entry["code"])
        assert entry["sources"], entry["name"]
        assert entry["levels"] and set(entry["levels"]) <= {1, 2, 3, 4, 5}
    assert {"gzb-2018-related", "gzb-2018-same", "gzb-2023"} <= set(data["eligibility_patterns"])
