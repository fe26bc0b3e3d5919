"""Fees (R-INS-5): the nine cost items with their estimated costs, publication, and the band flag."""

from __future__ import annotations

from decimal import Decimal

import pytest

from skillcert.accounts.choices import Role
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEvent
from skillcert.institutions import services
from skillcert.institutions.choices import CostItem, FeeStatus
from skillcert.institutions.models import Fee, FeeItem
from skillcert.institutions.selectors import fee_flags_visible_to
from skillcert.institutions.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():  # type: ignore[no-untyped-def]
    occupation = f.occupation(levels=(5, 4))
    institution = f.FiledInstitutionFactory(league="150200", scope=[(occupation, None, 5), (occupation, None, 4)])
    return institution, occupation, f.staff(institution, Role.CLERK)


def _fee(setup, amount: str, cost: str, level: int = 5, publish: bool = True) -> Fee:  # type: ignore[no-untyped-def]
    institution, occupation, clerk = setup
    return services.save_fee(
        actor=clerk,
        institution=institution,
        occupation=occupation,
        level=level,
        items=f.fee_items(amount, cost),
        publish=publish,
    )


def test_a_fee_is_itemised_by_the_nine_cost_items(setup):
    institution, occupation, clerk = setup
    items = {item.value: (str(10 + n), str(9 + n)) for n, item in enumerate(CostItem)}
    fee = services.save_fee(actor=clerk, institution=institution, occupation=occupation, level=4, items=items)
    assert fee.status == FeeStatus.DRAFT
    assert [i.item for i in fee.items.order_by("id")] == list(CostItem.values)
    assert fee.total_amount == Decimal(sum(10 + n for n in range(9))) and fee.total_cost == Decimal(
        sum(9 + n for n in range(9))
    )
    services.publish_fee(actor=clerk, fee=fee)
    replacement = _fee(setup, "120", "110", level=4)
    fee.refresh_from_db()
    assert fee.status == FeeStatus.SUPERSEDED and replacement.status == FeeStatus.PUBLISHED
    assert AuditEvent.objects.filter(action="institutions.fee_published").count() == 2


@pytest.mark.parametrize(
    ("amount", "cost", "deviation", "flagged"),
    [
        ("100", "100", Decimal("0.00"), False),
        ("120", "100", Decimal("20.00"), False),  # exactly the band is not "more than"
        ("120.01", "100", Decimal("20.01"), True),
        ("80", "100", Decimal("-20.00"), False),
        ("79", "100", Decimal("-21.00"), True),
        ("50", "0", None, True),  # something charged for nothing estimated
        ("0", "0", None, False),
        ("99999999.99", "0.01", Decimal("999999999800.00"), True),  # fits the column on PostgreSQL too
    ],
)
def test_a_fee_beyond_the_band_is_flagged_for_the_bureau(setup, amount, cost, deviation, flagged):
    fee = _fee(setup, amount, cost)
    assert fee.deviation_percent == deviation
    bureau = f.bureau_user("150200")
    assert (fee in fee_flags_visible_to(bureau)) is flagged
    assert fee not in fee_flags_visible_to(f.bureau_user("150100")), "another league never sees it"


def test_the_band_is_a_policy_and_drafts_are_not_flagged(setup, set_policy):
    fee = _fee(setup, "130", "100")
    draft = _fee(setup, "200", "100", level=4, publish=False)
    bureau = f.bureau_user("150200")
    assert list(fee_flags_visible_to(bureau)) == [fee]
    set_policy("fees.band_percent", 40)
    assert list(fee_flags_visible_to(bureau)) == []
    assert draft.deviation_percent == Decimal("100.00")


@pytest.mark.parametrize(
    ("amount", "cost", "message"),
    [
        ("-5", "10", "收费项目“命题”收费金额：不能为负数，实为-5"),
        ("abc", "10", "收费项目“命题”收费金额：须为数字（元），实为“abc”"),
        ("10", "", "收费项目“命题”测算成本：须为数字（元），实为“”"),
        ("10", "-0.01", "收费项目“命题”测算成本：不能为负数"),
        ("1.005", "1", "收费项目“命题”收费金额：最多保留两位小数"),
        ("NaN", "1", "收费项目“命题”收费金额：须为数字（元），实为“NaN”"),
        ("1e12", "1", "收费项目“命题”收费金额：不能超过99999999.99元"),
    ],
)
def test_negative_or_non_numeric_fees_are_refused_and_nothing_is_saved(setup, amount, cost, message):
    with pytest.raises(DomainError) as exc:
        _fee(setup, amount, cost)
    assert exc.value.field == "items" and message in exc.value.message
    assert not Fee.objects.exists() and not FeeItem.objects.exists()


def test_every_cost_item_must_be_given_and_the_target_must_be_in_scope(setup):
    institution, occupation, clerk = setup
    items = f.fee_items()
    del items[CostItem.PLATFORM]
    with pytest.raises(DomainError, match="收费项目“数字化平台使用”：须填写收费金额和测算成本"):
        services.save_fee(actor=clerk, institution=institution, occupation=occupation, level=5, items=items)
    with pytest.raises(DomainError, match="不是规定的费用项目"):
        services.save_fee(
            actor=clerk,
            institution=institution,
            occupation=occupation,
            level=5,
            items={**f.fee_items(), "tips": ("1", "1")},
        )
    with pytest.raises(DomainError, match="三级/高级工”不在本机构现行备案范围内"):
        services.save_fee(actor=clerk, institution=institution, occupation=occupation, level=3, items=f.fee_items())
    assert not Fee.objects.exists()
