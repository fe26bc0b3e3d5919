"""The 申报条件 rule language and evaluator, on the real patterns of the data file (R-CAT-4)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from skillcert.catalog.eligibility import (
    CertificateFact,
    DiplomaFact,
    EligibilityFacts,
    TitleFact,
    describe_rule,
    evaluate_eligibility,
    rule_errors,
    validate_rule,
)
from skillcert.catalog.loader import read_catalog_data

WELDER = "6-18-02-04"
TODAY = date(2026, 6, 1)
PATTERNS = read_catalog_data()["eligibility_patterns"]


def old(level: int, scope: str = "same") -> dict[str, Any]:
    rule: dict[str, Any] = PATTERNS[f"gzb-2018-{scope}"]["levels"][str(level)]
    return rule


def new(level: int) -> dict[str, Any]:
    rule: dict[str, Any] = PATTERNS["gzb-2023"]["levels"][str(level)]
    return rule


def facts(**kw: Any) -> EligibilityFacts:
    kw.setdefault("birth_date", date(1990, 3, 15))
    kw.setdefault("on_date", TODAY)
    return EligibilityFacts(**kw)


# -- the older (2018-era) pattern ---------------------------------------------------------


def test_old_level4_reports_every_unmet_condition_of_every_alternative() -> None:
    result = evaluate_eligibility(old(4), facts(years_in_occupation=3), occupation_code=WELDER)
    assert not result.ok
    assert len(result.unmet) == 4
    first, second, third = result.alternatives
    assert first.unmet == [
        "等级证书：未持有本职业五级/初级工及以上等级证书",
        "从业年限：累计从事本职业或相关职业工作不足4年（现为3年）",
    ]
    assert second.unmet == ["从业年限：累计从事本职业或相关职业工作不足6年（现为3年）"]
    assert third.unmet[0].startswith("毕业证书：未持有本专业或相关专业技工学校")
    assert result.unmet[0].startswith("条件（1）“取得本职业五级/初级工证书后")
    assert result.unmet[2].startswith("条件（2）“累计从事本职业工作6年（含）以上”：")


def test_old_level4_certificate_too_recent_names_the_dates() -> None:
    cert = CertificateFact(WELDER, 5, date(2024, 7, 1))
    result = evaluate_eligibility(old(4), facts(years_in_occupation=5, certificates=[cert]), occupation_code=WELDER)
    assert not result.ok
    assert result.alternatives[0].unmet == [
        "等级证书：取得本职业五级/初级工及以上证书不满4年（最早于2024-07-01取得，至2026-06-01为1年）"
    ]
    assert result.closest is not None and result.closest.index == 1


def test_old_level4_each_route_alone_is_enough() -> None:
    cert = CertificateFact(WELDER, 5, date(2022, 5, 31))
    by_cert = evaluate_eligibility(old(4), facts(years_in_occupation=4, certificates=[cert]), occupation_code=WELDER)
    assert by_cert.ok and by_cert.unmet == [] and by_cert.matched is not None and by_cert.matched.index == 1
    by_years = evaluate_eligibility(old(4), facts(years_in_occupation=6), occupation_code=WELDER)
    assert by_years.ok and by_years.matched is not None and by_years.matched.index == 2
    school = DiplomaFact("technical_school", related_major=True)
    by_school = evaluate_eligibility(old(4), facts(diplomas=[school]), occupation_code=WELDER)
    assert by_school.ok and by_school.matched is not None and by_school.matched.index == 3


def test_old_pattern_certificate_scope_and_higher_levels() -> None:
    other = CertificateFact("6-31-01-03", 5, date(2015, 1, 1))
    same_only = evaluate_eligibility(
        old(4, "same"), facts(years_in_occupation=4, certificates=[other]), occupation_code=WELDER
    )
    assert not same_only.ok
    assert "等级证书：未持有本职业五级/初级工及以上等级证书" in same_only.alternatives[0].unmet
    related = CertificateFact("6-31-01-03", 5, date(2015, 1, 1), related=True)
    assert evaluate_eligibility(
        old(4, "related"), facts(years_in_occupation=4, certificates=[related]), occupation_code=WELDER
    ).ok
    higher = CertificateFact(WELDER, 4, date(2015, 1, 1))  # 四级 counts as "五级及以上"
    assert evaluate_eligibility(old(4), facts(years_in_occupation=4, certificates=[higher]), occupation_code=WELDER).ok


def test_old_pattern_unrelated_major_does_not_count() -> None:
    unrelated = DiplomaFact("technical_school", related_major=False)
    result = evaluate_eligibility(old(4), facts(diplomas=[unrelated]), occupation_code=WELDER)
    assert not result.ok


def test_old_level3_certificate_plus_senior_school() -> None:
    rule = old(3)
    cert = CertificateFact(WELDER, 4, date(2026, 1, 10))
    school = DiplomaFact("technician_college", related_major=False)
    assert evaluate_eligibility(rule, facts(certificates=[cert], diplomas=[school]), occupation_code=WELDER).ok
    result = evaluate_eligibility(rule, facts(certificates=[cert]), occupation_code=WELDER)
    assert not result.ok
    assert result.alternatives[1].unmet == ["毕业证书：未持有高级技工学校、技师学院、高等职业学校中任一毕业证书"]


def test_old_level5_apprenticeship() -> None:
    result = evaluate_eligibility(old(5), facts(years_in_occupation=0.5), occupation_code=WELDER)
    assert not result.ok
    assert result.unmet == [
        "条件（1）“累计从事本职业工作1年（含）以上”：从业年限：累计从事本职业或相关职业工作不足1年（现为0.5年）",
        "条件（2）“本职业学徒期满”：学徒期：未提供本职业或相关职业学徒期满证明",
    ]
    assert evaluate_eligibility(old(5), facts(apprenticeship_completed=True), occupation_code=WELDER).ok


# -- the newer pattern --------------------------------------------------------------------


def test_new_level5_age_limit_is_checked_on_the_application_date() -> None:
    young = evaluate_eligibility(new(5), facts(birth_date=date(2010, 6, 2)))
    assert not young.ok
    assert young.alternatives[0].unmet == ["年龄：未满16周岁（2026-06-01时为15周岁）"]
    assert evaluate_eligibility(new(5), facts(birth_date=date(2010, 6, 1))).ok


def test_new_level4_lists_all_three_routes() -> None:
    result = evaluate_eligibility(new(4), facts(years_in_occupation=2), occupation_code=WELDER)
    assert not result.ok
    assert [len(a.unmet) for a in result.alternatives] == [1, 2, 1]
    assert len(result.unmet) == 4
    cert = CertificateFact(WELDER, 5, date(2023, 5, 1))
    assert evaluate_eligibility(new(4), facts(years_in_occupation=3, certificates=[cert]), occupation_code=WELDER).ok


def test_new_level3_title_route_and_every_reason() -> None:
    junior = TitleFact("junior")
    ok = evaluate_eligibility(new(3), facts(years_in_occupation=1, titles=[junior]), occupation_code=WELDER)
    assert ok.ok and ok.matched is not None and ok.matched.index == 3
    cert = CertificateFact(WELDER, 4, date(2023, 9, 1))
    result = evaluate_eligibility(new(3), facts(years_in_occupation=9, certificates=[cert]), occupation_code=WELDER)
    assert not result.ok
    assert result.alternatives[0].unmet == ["从业年限：累计从事本职业或相关职业工作不足10年（现为9年）"]
    assert result.alternatives[1].unmet == [
        "等级证书：取得本职业或相关职业四级/中级工及以上证书不满4年（最早于2023-09-01取得，至2026-06-01为2年）"
    ]
    assert result.alternatives[2].unmet == ["职称：未取得符合专业对应关系的初级职称、中级职称、高级职称中任一职称"]
    assert len(result.alternatives) == 6


def test_age_max_condition() -> None:
    rule = {"any_of": [{"label": "年龄上限", "all_of": [{"type": "age_max", "years": 60}]}]}
    result = evaluate_eligibility(rule, facts(birth_date=date(1960, 1, 1)))
    assert result.unmet == ["条件（1）“年龄上限”：年龄：超过60周岁（2026-06-01时为66周岁）"]


# -- the language itself ------------------------------------------------------------------


def test_malformed_rules_are_refused_with_every_problem_in_chinese() -> None:
    bad = {
        "any_of": [
            {"label": "x", "all_of": [{"type": "holds_level", "level": 7}, {"type": "shoe_size", "years": 1}]},
            {"label": "y", "all_of": []},
        ]
    }
    errors = rule_errors(bad)
    assert any("level 必须是1至5的整数" in e for e in errors)
    assert any("条件类型“shoe_size”不存在" in e for e in errors)
    assert any("第2组条件的 all_of 必须是非空列表" in e for e in errors)
    with pytest.raises(ValidationError) as exc:
        validate_rule({"any_of": []})
    assert "至少一组可选条件" in str(exc.value)
    assert rule_errors({"any_of": [{"all_of": [{"type": "diploma_in", "kinds": ["phd"]}]}]})


def test_every_pattern_in_the_data_file_is_valid_and_describable() -> None:
    for pattern in PATTERNS.values():
        for rule in pattern["levels"].values():
            assert rule_errors(rule) == []
            assert all(alt.conditions for alt in describe_rule(rule))
    described = describe_rule(old(4))
    assert described[0].conditions == ["持有本职业五级/初级工及以上等级证书满4年", "累计从事本职业或相关职业工作满4年"]
