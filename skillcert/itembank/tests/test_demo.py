"""The item-bank demo: a bank with its 细目表 and items of every type, two sealed variants, a computer-based
session on the demo plan's theory session; idempotent (R-BANK-1..4)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from skillcert.itembank.choices import ItemStatus, ItemType
from skillcert.itembank.models import Assembly, Bank, CbtSession, Item, Paper

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_the_bank_assembles_sealed_papers_and_schedules_a_cbt() -> None:
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    bank = Bank.objects.get(institution__organisation__code="demo-inst-150100")
    assert bank.knowledge_points.count() == 9 and bank.last_approved_at is not None
    assert set(Item.objects.filter(bank=bank, status=ItemStatus.APPROVED).values_list("type", flat=True)) == set(
        ItemType.values
    )
    assert Item.objects.filter(bank=bank, status=ItemStatus.IN_REVIEW).count() == 2
    assembly = Assembly.objects.get(bank=bank)
    papers = Paper.objects.filter(assembly=assembly)
    assert papers.count() == 2 and all(p.total_points == 60 and p.ciphertext for p in papers)
    cbt = CbtSession.objects.get(assembly=assembly)
    assert cbt.exam_session.plan.institution_id == bank.institution_id and cbt.exam_session.component == "theory"
    counts = (Item.objects.count(), Assembly.objects.count(), CbtSession.objects.count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Item.objects.count(), Assembly.objects.count(), CbtSession.objects.count()) == counts
