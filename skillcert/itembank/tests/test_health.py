"""Bank health: stale banks raise the alert; item statistics with negative discrimination flagged (R-BANK-2)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from skillcert.itembank.alert_rules import stale_bank
from skillcert.itembank.models import Bank, Item
from skillcert.itembank.services import cbt
from skillcert.itembank.services.sealing import _decrypt
from skillcert.itembank.services.statistics import compute_statistics, point_biserial
from skillcert.itembank.tests.cbt_helpers import ready_cbt
from skillcert.itembank.tests.factories import approved_item, bank_setup
from skillcert.supervision.registry import RuleContext

pytestmark = pytest.mark.django_db


def test_a_bank_without_approved_change_for_twelve_months_is_stale() -> None:
    s = bank_setup()
    approved_item(s)
    now = timezone.now()
    ctx = RuleContext(today=now.date(), now=now)
    assert not [f for f in stale_bank(ctx) if f.subject_id == s.bank.pk]
    Bank.objects.filter(pk=s.bank.pk).update(last_approved_at=now - datetime.timedelta(days=370))
    (finding,) = [f for f in stale_bank(ctx) if f.subject_id == s.bank.pk]
    assert finding.institution_id == s.institution.pk and finding.evidence["months"] == 12


def test_point_biserial_sign() -> None:
    assert point_biserial([1, 1, 0, 0], [10, 9, 2, 1]) > 0  # type: ignore[operator]
    assert point_biserial([0, 0, 1, 1], [10, 9, 2, 1]) < 0  # type: ignore[operator]
    assert point_biserial([1, 1, 1], [1, 2, 3]) is None


def test_statistics_after_the_exam_flag_negative_discrimination() -> None:
    c, session = ready_cbt(6)
    sittings = []
    for i in range(6):
        r = c.exam.registrations[i]
        r.refresh_from_db()
        sitting, _ = cbt.sign_in(exam_number=r.exam_number, id_number=r.id_number, session_code=c.extra["code"])
        sittings.append(sitting)
    # Stronger candidates (low i) answer everything right except one trap item that only the weak get right.
    for i, sitting in enumerate(sittings):
        content = _decrypt(sitting.paper)
        trap = content["items"][0]
        for seq, item in enumerate(content["items"], start=1):
            right = list(item["answer"])
            if item is trap:
                response = right if i >= 3 else ["X"]
            else:
                response = right if seq <= len(content["items"]) - i * 2 else ["X"]
            cbt.save_answer(sitting=sitting, key=item["key"], response=response, seq=seq)
        cbt.submit_own(sitting=sitting)
    stats = compute_statistics(actor=c.exam.clerk, cbt=session)
    assert stats and all(0 <= s["p_value"] <= 1 for s in stats.values())
    flagged = Item.objects.filter(bank=c.bank.bank, flagged=True)
    assert flagged.exists()
    assert all(Decimal(str(i.statistics["point_biserial"])) < 0 for i in flagged)
