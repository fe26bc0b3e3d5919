"""Pages: bank management, item review, blueprint, the proctor console and the candidate page (R-BANK-1..4)."""

from __future__ import annotations

import pytest
from django.test import Client

from skillcert.accounts.choices import Role
from skillcert.institutions.tests.factories import staff
from skillcert.itembank.choices import ItemStatus
from skillcert.itembank.models import Item
from skillcert.itembank.services import cbt
from skillcert.itembank.tests.cbt_helpers import ready_cbt
from skillcert.itembank.tests.factories import bank_setup

pytestmark = pytest.mark.django_db


def login(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_bank_pages_write_through_the_services() -> None:
    s = bank_setup()
    clerk = login(s.clerk)
    assert s.bank.name in clerk.get("/itembank/").content.decode()
    page = f"/itembank/banks/{s.bank.pk}/"
    bad = clerk.post(
        page,
        {
            "form": "item",
            "type": "single",
            "knowledge_point": s.points["1"].pk,
            "stem": "题干",
            "options": "甲\n甲",
            "answer": "A",
        },
    )
    assert bad.status_code == 400 and "重复" in bad.content.decode()
    good = clerk.post(
        page,
        {
            "form": "item",
            "type": "single",
            "knowledge_point": s.points["1"].pk,
            "stem": "食品中心温度应达到多少度？",
            "options": "60\n70\n80",
            "answer": "B",
            "points": "2",
        },
    )
    item = Item.objects.get(bank=s.bank)
    assert good.status_code == 302 and item.latest is not None and item.latest.answer == ["B"]
    clerk.post(f"/itembank/items/{item.pk}/", {"action": "submit"})
    expert = login(s.expert)
    expert.post(f"/itembank/items/{item.pk}/", {"action": "approve"})
    item.refresh_from_db()
    assert item.status == ItemStatus.APPROVED
    assert "食品中心温度" in expert.get(f"/itembank/items/{item.pk}/").content.decode()
    other = bank_setup()
    assert login(other.clerk).get(page).status_code == 404
    assert login(other.clerk).get(f"/itembank/items/{item.pk}/").status_code == 404


def test_proctor_console_shows_progress_and_reveals_the_code() -> None:
    c, session = ready_cbt()
    r = c.exam.registrations[0]
    r.refresh_from_db()
    sitting, _ = cbt.sign_in(exam_number=r.exam_number, id_number=r.id_number, session_code=c.extra["code"])
    proctor_user = staff(c.exam.institution, Role.EXAMINER)
    proctor = c.exam.extra["proctors"][0]
    proctor.user = proctor_user
    proctor.save()
    client = login(proctor_user)
    page = client.get(f"/itembank/cbt/{session.pk}/")
    assert page.status_code == 200 and r.exam_number in page.content.decode()
    revealed = client.post(f"/itembank/cbt/{session.pk}/", {"action": "code"})
    assert c.extra["code"] in revealed.content.decode()
    client.post(f"/itembank/sittings/{sitting.pk}/action/", {"action": "extra", "minutes": "10", "reason": "电脑故障"})
    sitting.refresh_from_db()
    assert sitting.extra_minutes == 10
    assert login(staff(bank_setup().institution, Role.CLERK)).get(f"/itembank/cbt/{session.pk}/").status_code == 404


def test_candidate_page_needs_no_login() -> None:
    page = Client().get("/itembank/exam/")
    assert page.status_code == 200 and "场次登录码" in page.content.decode()
