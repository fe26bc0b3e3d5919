"""Browser: a proctor prints a backup copy watermarked with the room from the console; two experts
mark a short answer blind on the marking page, a wide gap calls a third (R-BANK-3, R-BANK-4). Its own
file: live_server tests are transactional."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from skillcert.accounts.choices import Role
from skillcert.institutions.tests.factories import staff
from skillcert.itembank.choices import MarkingStatus
from skillcert.itembank.models import Sitting
from skillcert.itembank.tests.cbt_helpers import assign_proctor, ready_cbt, sit_with_short_answer

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def _as(context: Any, live_server: Any, user: Any) -> Any:
    client = Client()
    client.force_login(user)
    context.clear_cookies()
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context


def test_print_a_watermarked_copy_and_mark_short_answers_blind(browser: Any, live_server: Any, screenshot: Any) -> None:
    c, session = ready_cbt(2, short_answer=True)
    r = c.exam.registrations[0]
    r.refresh_from_db()
    sitting = sit_with_short_answer(c, "先洗手消毒，再分生熟、分案板")
    proctor_user = assign_proctor(c)
    room = c.theory.room.name

    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1366, "height": 768})
    context.set_default_timeout(15000)
    _as(context, live_server, proctor_user)
    page = context.new_page()
    page.goto(f"{live_server.url}/itembank/cbt/{session.pk}/")
    page.get_by_label("A卷备用卷份数").fill("2")
    with context.expect_page() as printed_info:
        page.get_by_role("button", name="打印（每份带考场水印）").first.click()
    printed = printed_info.value
    printed.locator("section.copy").nth(1).wait_for()
    assert printed.locator("section.copy").count() == 2
    assert room in printed.locator("section.copy .watermark span").first.inner_text()
    assert "第 2/2 份" in printed.locator("section.copy").nth(1).inner_text()
    screenshot(printed, "itembank-printed-copy")
    printed.close()

    markers = [staff(c.exam.institution, Role.EXPERT) for _ in range(3)]
    for score, marker in zip(("5", "1", "4"), markers, strict=True):
        _as(context, live_server, marker)
        page.goto(f"{live_server.url}/itembank/cbt/")
        page.get_by_role("link", name="简答题评阅").first.click()
        row = page.locator(".marking-row").first
        assert "先洗手消毒" in row.inner_text() and r.name not in page.content()
        if marker is markers[2]:
            assert "第 3 评" in row.inner_text()
            screenshot(page, "itembank-marking-third")
        row.get_by_label("评分").fill(score)
        row.get_by_role("button", name="提交评分").click()
        page.get_by_text("没有待您评阅的简答题").wait_for()
    assert Sitting.objects.get(pk=sitting.pk).marking == MarkingStatus.DONE
    context.close()
