"""Pages: bank management, item review, blueprint, the proctor console and the candidate page (R-BANK-1..4)."""

from __future__ import annotations

import pytest
from django.test import Client

from skillcert.accounts.choices import Role
from skillcert.institutions.tests.factories import staff
from skillcert.itembank.choices import ItemStatus
from skillcert.itembank.models import Item
from skillcert.itembank.services import cbt
from skillcert.itembank.tests.cbt_helpers import assign_proctor, ready_cbt, sit_with_short_answer
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


def test_marking_page_is_blind_names_a_bad_score_and_calls_a_third_marker() -> None:
    from skillcert.itembank.choices import MarkingStatus
    from skillcert.itembank.models import Sitting

    c, session = ready_cbt(short_answer=True)
    r = c.exam.registrations[0]
    r.refresh_from_db()
    sitting = sit_with_short_answer(c, "先洗手，再分生熟")
    m1, m2, m3 = (login(staff(c.exam.institution, Role.EXPERT)) for _ in range(3))
    url = f"/itembank/cbt/{session.pk}/marking/"
    assert f"/itembank/cbt/{session.pk}/marking/" in m1.get("/itembank/cbt/").content.decode()
    page = m1.get(url).content.decode()
    assert "先洗手，再分生熟" in page and "参考答案" in page
    assert r.name not in page and r.exam_number not in page  # blind
    answer = sitting.answers.get(key__in=[k for k, m in sitting.item_meta.items() if m["type"] == "short_answer"])
    bad = m1.post(url, {"answer": answer.pk, "score": "9"})
    assert bad.status_code == 400 and "0 到 6" in bad.content.decode()
    assert m1.post(url, {"answer": answer.pk, "score": "5"}).status_code == 302
    assert "没有待您评阅" in m1.get(url).content.decode()
    m2.post(url, {"answer": answer.pk, "score": "1"})
    page = m3.get(url).content.decode()
    assert "第 3 评" in page and ">5<" not in page  # the third marker does not see the first two marks
    m3.post(url, {"answer": answer.pk, "score": "4"})
    assert Sitting.objects.get(pk=sitting.pk).marking == MarkingStatus.DONE
    assert login(assign_proctor(c)).get(url).status_code == 403
    assert login(staff(bank_setup().institution, Role.EXPERT)).get(url).status_code == 404


def test_proctor_prints_backup_copies_watermarked_with_the_room_and_the_exam_page_shows_it() -> None:
    from skillcert.core.models import AuditEvent
    from skillcert.itembank.models import Paper

    c, session = ready_cbt()
    paper = Paper.objects.filter(assembly=session.assembly).first()
    assert paper is not None
    room = c.theory.room.name
    url = f"/itembank/cbt/{session.pk}/papers/{paper.pk}/print/"
    clerk = login(c.exam.clerk)
    refused = clerk.post(url, {"copies": "2"}, follow=True)
    assert "只有该场次的监考人员" in refused.content.decode()
    proctor = login(assign_proctor(c))
    assert "打印（每份带考场水印）" in proctor.get(f"/itembank/cbt/{session.pk}/").content.decode()
    assert "打印份数" in proctor.post(url, {"copies": "0"}, follow=True).content.decode()
    printed = proctor.post(url, {"copies": "3"})
    html = printed.content.decode()
    assert printed.status_code == 200 and html.count('class="copy"') == 3
    assert html.count(f"考场 {room}") >= 6 and "第 3/3 份" in html
    serials = {line.split('data-serial="')[1].split('"')[0] for line in html.splitlines() if "data-serial" in line}
    assert len(serials) == 3
    event = AuditEvent.objects.filter(action="itembank.paper_printed", object_id=str(paper.pk)).last()
    assert event is not None and event.after["copies"] == 3 and event.after["room"] == room
    r = c.exam.registrations[0]
    r.refresh_from_db()
    sitting, _ = cbt.sign_in(exam_number=r.exam_number, id_number=r.id_number, session_code=c.extra["code"])
    state = cbt.exam_state(sitting)
    assert state["room"] == room and state["watermark"] == f"{room} · {r.exam_number}"
