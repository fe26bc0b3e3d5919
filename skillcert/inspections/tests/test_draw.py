"""The 双随机 draw (R-SUP-4): commitment before the draw, stratification by league, reproducibility,
inspectors avoiding conflicts with every exclusion recorded, and the bad-input refusals."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from skillcert.accounts.choices import Role
from skillcert.core.errors import DomainError
from skillcert.inspections import draw
from skillcert.inspections.choices import CampaignStatus
from skillcert.inspections.models import Campaign, Inspection, InspectionInspector
from skillcert.inspections.selectors import verify_campaign
from skillcert.inspections.services import campaigns as svc
from skillcert.inspections.tests.factories import campaign, inspector, inspectors, institutions, region_clerk
from skillcert.institutions.tests.factories import bureau_user
from skillcert.personnel.choices import RelationKind
from skillcert.personnel.models import DeclaredRelation
from skillcert.personnel.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

SEED = "published-seed-0123456789abcdef"


def _setup(sizes: dict[str, int], n_inspectors: int = 6) -> tuple[object, Campaign]:
    for league, n in sizes.items():
        institutions(league, n)
    inspectors("150000", n_inspectors)
    actor = region_clerk()
    return actor, campaign(actor, list(sizes))


def test_stratified_by_league_with_a_one_institution_stratum_and_commitment_first():
    actor, c = _setup({"150100": 30, "150200": 1, "150300": 12})
    c = svc.publish_pool(actor=actor, campaign=c, seed=SEED)
    assert c.status == CampaignStatus.POOL_PUBLISHED
    assert c.seed == ""  # the seed itself stays sealed until the draw
    assert c.seed_commitment == draw.commitment(SEED)
    assert [(s["code"], s["total"], s["drawn"]) for s in c.strata] == [
        ("150100", 30, 2),  # ⌈30 × 5%⌉ = 2
        ("150200", 1, 1),  # at least one per stratum
        ("150300", 12, 1),
    ]
    c = svc.draw_campaign(actor=actor, campaign=c, seed=SEED)
    inspections = list(c.inspections.order_by("draw_order"))
    assert [i.stratum.code for i in inspections] == ["150100", "150100", "150200", "150300"]
    assert all(i.inspectors.count() == 2 for i in inspections)
    assert c.seed == SEED


def test_same_seed_same_draw_and_the_public_rerun_agrees():
    actor, c = _setup({"150100": 25, "150200": 9})
    pool_entries = svc.publish_pool(actor=actor, campaign=c, seed=SEED).pool
    c = svc.draw_campaign(actor=actor, campaign=c)
    again = draw.draw_institutions(pool_entries, c.sampling_percent, SEED)
    assert [e["credit_code"] for e in again] == [e["credit_code"] for e in c.sample]
    other = draw.draw_institutions(pool_entries, c.sampling_percent, SEED + "x")
    assert [e["credit_code"] for e in other] != [e["credit_code"] for e in again] or len(again) == len(pool_entries)
    check = verify_campaign(c)
    assert check.ok and check.seed_matches and check.institutions_match


def test_a_sample_larger_than_the_pool_takes_the_whole_stratum():
    actor, c = _setup({"150100": 3, "150200": 2})
    c.sampling_percent = 100
    c.save(update_fields=["sampling_percent"])
    c = svc.publish_pool(actor=actor, campaign=c, seed=SEED)
    assert [(s["total"], s["drawn"]) for s in c.strata] == [(3, 3), (2, 2)]
    c = svc.draw_campaign(actor=actor, campaign=c)
    assert c.inspections.count() == 5


def test_draw_before_the_pool_is_published_is_refused():
    actor, c = _setup({"150100": 3})
    with pytest.raises(DomainError, match="须先公布候选池"):
        svc.draw_campaign(actor=actor, campaign=c, seed=SEED)
    assert Inspection.objects.count() == 0


def test_a_seed_that_does_not_match_its_commitment_is_refused():
    actor, c = _setup({"150100": 3})
    svc.publish_pool(actor=actor, campaign=c, seed=SEED)
    with pytest.raises(DomainError, match="与公布的承诺值不符") as err:
        svc.draw_campaign(actor=actor, campaign=c, seed="another-seed-0123456789")
    assert err.value.field == "seed"
    c.refresh_from_db()
    assert c.status == CampaignStatus.POOL_PUBLISHED and c.seed == "" and Inspection.objects.count() == 0


def test_too_few_inspectors_is_refused_with_counts_and_each_exclusion_and_nothing_saved():
    insts = institutions("150100", 2)
    people = inspectors("150100", 3)
    people[0].employer = insts[0].organisation  # works at an institution that may be drawn
    people[0].save()
    expired = people[1].appointments.get()
    expired.card_valid_until = timezone.localdate() - datetime.timedelta(days=1)
    expired.save()
    actor = bureau_user("150100", Role.CLERK)
    c = campaign(actor, ["150100"], sampling_percent="100")
    svc.publish_pool(actor=actor, campaign=c, seed=SEED)
    with pytest.raises(DomainError) as err:
        svc.draw_campaign(actor=actor, campaign=c)
    message = err.value.message
    assert "需要2名检查人员" in message and "候选3人" in message
    assert "证卡" in message and people[1].name in message
    assert Inspection.objects.count() == 0 and InspectionInspector.objects.count() == 0
    c.refresh_from_db()
    assert c.status == CampaignStatus.POOL_PUBLISHED


def test_inspectors_avoid_relations_employer_and_last_campaign_and_exclusions_are_recorded():
    (inst,) = institutions("150100", 1)
    staff_member = PersonFactory(employer=inst.organisation)
    people = inspectors("150100", 6)
    DeclaredRelation.objects.create(
        person=people[2],
        kind=RelationKind.RELATIVE,
        other_name=staff_member.name,
        other_id_number=staff_member.id_number,
        declared_on=timezone.localdate(),
    )
    people[3].employer = inst.organisation
    people[3].save()
    actor = bureau_user("150100", Role.CLERK)
    first = campaign(actor, ["150100"])
    svc.publish_pool(actor=actor, campaign=first, seed=SEED)
    first = svc.draw_campaign(actor=actor, campaign=first)
    record = first.inspections.get().inspector_draw
    excluded = {e["id"]: [r["code"] for r in e["reasons"]] for e in record["exclusions"]}
    assert excluded == {people[2].pk: ["relation"], people[3].pk: ["same_employer"]}
    served = set(first.inspections.get().inspectors.values_list("person_id", flat=True))

    second = campaign(actor, ["150100"])
    svc.publish_pool(actor=actor, campaign=second, seed=SEED + "-2")
    second = svc.draw_campaign(actor=actor, campaign=second)
    record = second.inspections.get().inspector_draw
    rotated = {e["id"] for e in record["exclusions"] if any(r["code"] == "recent_inspection" for r in e["reasons"])}
    assert rotated == served
    assert not served & set(second.inspections.get().inspectors.values_list("person_id", flat=True))


def test_a_league_bureau_may_only_inspect_its_own_league():
    actor = bureau_user("150100", Role.CLERK)
    with pytest.raises(DomainError, match="只能检查本盟市"):
        campaign(actor, ["150200"])


def test_sampling_ratio_and_inspector_minimum_follow_the_policy(set_policy):
    actor = region_clerk()
    with pytest.raises(DomainError, match="5") as err:
        campaign(actor, ["150100"], sampling_percent="4")
    assert err.value.field == "sampling_percent"
    with pytest.raises(DomainError) as err:
        campaign(actor, ["150100"], inspectors_per_inspection=1)
    assert err.value.field == "inspectors_per_inspection"
    set_policy("inspections.sampling_min_percent", 3)
    assert campaign(actor, ["150100"], sampling_percent="4").sampling_percent == 4


def test_an_empty_pool_cannot_be_published():
    actor = region_clerk()
    c = campaign(actor, ["150500"])
    with pytest.raises(DomainError, match="没有符合条件"):
        svc.publish_pool(actor=actor, campaign=c)


def test_stratum_size_rule():
    assert [draw.stratum_size(n, "5") for n in (0, 1, 19, 20, 21, 40, 41)] == [0, 1, 1, 1, 2, 2, 3]
    assert draw.stratum_size(3, "100") == 3
    assert inspector  # the factory is shared with other tests
