"""Catalogue services: validated, audited, restricted to region administrators (R-CAT-1..4, R-X-1)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from skillcert.accounts.models import User
from skillcert.catalog import services
from skillcert.catalog.choices import ComponentKind, Edition
from skillcert.catalog.eligibility import EligibilityFacts
from skillcert.catalog.models import Component, EligibilityRule, Occupation, SkillStandard, StaffingRatio
from skillcert.catalog.selectors import check_eligibility, components_for, current_eligibility_rule, ratios_for
from skillcert.catalog.tests.factories import OccupationFactory, SkillStandardFactory
from skillcert.core.audit import events_for, verify_chain
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def welder() -> Occupation:
    return Occupation.objects.get(edition=Edition.E2022, code="6-18-02-04")


def test_ratios_are_read_from_data_not_literals(region_admin: User) -> None:
    std = SkillStandardFactory(levels=[4, 3], ratio={"proctor_per_candidates": 20, "examiner_per_candidates": 4})
    ratio = ratios_for(std.occupation)
    assert ratio.proctor_per_candidates == 20
    assert ratio.proctors_needed(41) == 3  # ceil(41/20)
    assert ratio.proctors_needed(10) == 2  # at least two per room
    assert ratio.examiners_needed(9) == 3  # ceil(9/4)=3, odd
    assert ratio.examiners_needed(13) == 5  # ceil(13/4)=4 → next odd
    services.set_ratios(actor=region_admin, standard=std, examiner_per_candidates=10, min_examiners=5)
    ratio = ratios_for(std.occupation)
    assert (ratio.examiner_per_candidates, ratio.min_examiners, ratio.proctor_per_candidates) == (10, 5, 20)
    assert ratio.examiners_needed(13) == 5


def test_ratio_minimums_must_be_odd(region_admin: User) -> None:
    std = welder().standards.get(is_current=True)
    with pytest.raises(DomainError) as exc:
        services.set_ratios(actor=region_admin, standard=std, min_examiners=4)
    assert exc.value.field == "min_examiners"
    assert "单数" in exc.value.message
    assert StaffingRatio.objects.get(standard=std).min_examiners == 3  # nothing half-saved


def test_set_ratios_is_audited_with_before_and_after(region_admin: User) -> None:
    std = welder().standards.get(is_current=True)
    ratio = services.set_ratios(actor=region_admin, standard=std, proctor_per_candidates=10)
    event = events_for(ratio).get(action="catalog.ratio.set")
    assert event.before is not None and event.after is not None
    assert (event.before["proctor_per_candidates"], event.after["proctor_per_candidates"]) == (15, 10)
    assert event.actor_id == region_admin.pk
    assert verify_chain().ok


def test_only_region_admins_maintain_the_catalogue(league_admin: User, institution_clerk: User) -> None:
    std = welder().standards.get(is_current=True)
    for actor in (league_admin, institution_clerk):
        with pytest.raises(PermissionDenied):
            services.set_ratios(actor=actor, standard=std, proctor_per_candidates=10)
    assert not AuditEvent.objects.filter(action="catalog.ratio.set").exists()


def test_publish_rule_creates_the_next_version_and_keeps_the_old(region_admin: User) -> None:
    level4 = welder().standards.get(is_current=True).levels.get(level=4)
    old = current_eligibility_rule(welder(), 4)
    assert old is not None and old.version == 1
    newer = {
        "any_of": [{"label": "累计从事本职业工作5年", "all_of": [{"type": "years_in_occupation_min", "years": 5}]}]
    }
    rule = services.publish_eligibility_rule(
        actor=region_admin, standard_level=level4, rules=newer, effective_from=date(2026, 7, 1)
    )
    assert rule.version == 2 and rule.is_current
    old.refresh_from_db()
    assert not old.is_current
    assert EligibilityRule.objects.filter(standard_level=level4).count() == 2
    applicant = EligibilityFacts(birth_date=date(1990, 1, 1), on_date=date(2026, 8, 1), years_in_occupation=5)
    assert check_eligibility(welder(), 4, applicant).ok  # 5 years was not enough under version 1
    assert events_for(rule).filter(action="catalog.eligibility_rule.publish").exists()
    assert events_for(old).filter(action="catalog.eligibility_rule.retire").exists()


def test_publish_rule_refuses_a_malformed_rule(region_admin: User) -> None:
    level4 = welder().standards.get(is_current=True).levels.get(level=4)
    with pytest.raises(DomainError) as exc:
        services.publish_eligibility_rule(actor=region_admin, standard_level=level4, rules={"any_of": "六年"})
    assert exc.value.field == "rules"
    assert "any_of 必须是非空列表" in exc.value.message
    assert EligibilityRule.objects.filter(standard_level=level4).count() == 1
    assert current_eligibility_rule(welder(), 4) is not None


def test_create_standard_makes_it_current_with_default_components(region_admin: User) -> None:
    occ = OccupationFactory()
    first = services.create_standard(
        actor=region_admin, occupation=occ, title="测试标准", version="2018年版", levels=[5, 4, 3, 2, 1]
    )
    second = services.create_standard(
        actor=region_admin, occupation=occ, title="测试标准", version="2024年版", levels=[5, 4, 3]
    )
    first.refresh_from_db()
    assert not first.is_current and second.is_current
    kinds = {c.kind for c in components_for(occ, 2)}
    assert kinds == set()  # level 2 is not in the current (2024) standard
    assert {c.kind for c in Component.objects.filter(standard_level__standard=first, standard_level__level=2)} == {
        ComponentKind.THEORY,
        ComponentKind.SKILLS,
        ComponentKind.REVIEW,
    }
    assert StaffingRatio.objects.filter(standard=second).exists()
    with pytest.raises(DomainError) as exc:
        services.create_standard(actor=region_admin, occupation=occ, title="x", version="2025年版", levels=[6])
    assert exc.value.field == "levels"


def test_component_pass_mark_cannot_exceed_full_marks(region_admin: User) -> None:
    comp = components_for(welder(), 3)[0]
    with pytest.raises(DomainError) as exc:
        services.update_component(actor=region_admin, component=comp, pass_mark=120)
    assert exc.value.field == "pass_mark"
    assert "不能高于满分" in exc.value.message
    updated = services.update_component(actor=region_admin, component=comp, pass_mark=70)
    assert not updated.passes(69) and updated.passes(70)


def test_review_component_only_for_levels_2_and_1(region_admin: User) -> None:
    std = SkillStandardFactory(levels=[3])
    level3 = std.levels.get(level=3)
    comp = Component(standard_level=level3, kind=ComponentKind.REVIEW, min_duration_minutes=30)
    with pytest.raises(ValidationError) as exc:
        comp.full_clean()
    assert "综合评审只适用于二级/技师和一级/高级技师" in str(exc.value)


def test_occupation_code_format_is_validated(region_admin: User) -> None:
    with pytest.raises(DomainError) as exc:
        services.create_occupation(actor=region_admin, code="6-18-2-4", name="焊工")
    assert exc.value.field == "code"
    assert "D-DD-DD-DD" in exc.value.message
    with pytest.raises(DomainError):  # same edition and code twice
        services.create_occupation(actor=region_admin, code="6-18-02-04", name="焊工")
    same_code_older_edition = services.create_occupation(
        actor=region_admin, edition=Edition.E2015, code="6-18-02-04", name="焊工"
    )
    assert same_code_older_edition.pk


def test_load_catalog_is_idempotent_and_audits_changes(region_admin: User) -> None:
    counts = (Occupation.objects.count(), SkillStandard.objects.count(), EligibilityRule.objects.count())
    report = services.load_catalog(actor=region_admin)
    assert not report.changed
    assert (Occupation.objects.count(), SkillStandard.objects.count(), EligibilityRule.objects.count()) == counts
    # A renamed occupation is restored from the data file, and the change is audited.
    Occupation.objects.filter(edition=Edition.E2022, code="6-18-02-04").update(name="电焊工人")
    report = services.load_catalog(actor=region_admin)
    assert report.updated == {"职业": 1}
    assert welder().name == "焊工"
    assert events_for(welder()).filter(action="catalog.occupation.update").exists()


def test_load_catalog_keeps_what_the_admin_maintains(region_admin: User) -> None:
    std = welder().standards.get(is_current=True)
    services.set_ratios(actor=region_admin, standard=std, proctor_per_candidates=12)
    level4 = std.levels.get(level=4)
    manual = {"any_of": [{"label": "人工", "all_of": [{"type": "years_in_occupation_min", "years": 2}]}]}
    services.publish_eligibility_rule(actor=region_admin, standard_level=level4, rules=manual)
    services.load_catalog(actor=region_admin)
    assert ratios_for(std).proctor_per_candidates == 12
    current = current_eligibility_rule(welder(), 4)
    assert current is not None and current.rules == manual


def test_load_catalog_command(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("load_catalog")
    assert "目录已是最新" in capsys.readouterr().out
