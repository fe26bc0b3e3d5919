"""Browser: a candidate sits a full computer-based exam at 1366×768 — answers, loses the connection,
the page is killed mid-exam, a new page resumes with every answer, the queued answer syncs, and the
paper is handed in to a score (R-BANK-4). Its own file: live_server tests are transactional."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from skillcert.exams.models import ComponentScore
from skillcert.itembank.choices import SittingStatus
from skillcert.itembank.models import Answer, Sitting
from skillcert.itembank.services.sealing import _decrypt
from skillcert.itembank.tests.cbt_helpers import ready_cbt

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def _answer(page: Any, item: dict[str, Any]) -> None:
    key = item["key"]
    if item["type"] in ("fill_in", "short_answer"):
        box = page.locator(f'[name="q-{key}"]')
        box.fill(item["answer"][0])
        box.dispatch_event("change")
    else:
        for option in item["answer"]:
            page.locator(f'input[name="q-{key}"][value="{option}"]').check()


def test_candidate_sits_kills_the_page_resumes_and_submits(browser: Any, live_server: Any, screenshot: Any) -> None:
    c, _session = ready_cbt(2)
    r = c.exam.registrations[0]
    r.refresh_from_db()
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1366, "height": 768})
    context.set_default_timeout(15000)
    page = context.new_page()
    page.goto(f"{live_server.url}/itembank/exam/")
    page.get_by_label("准考证号").fill(r.exam_number)
    page.get_by_label("证件号码").fill(r.id_number)
    page.get_by_label("场次登录码").fill(c.extra["code"])
    page.get_by_role("button", name="登录并开始作答").click()
    page.locator("#cbt-items fieldset").first.wait_for()
    sitting = Sitting.objects.get(registration=r)
    items = _decrypt(sitting.paper)["items"]
    half = len(items) // 2
    for item in items[:half]:
        _answer(page, item)
    page.get_by_text("全部作答已保存").wait_for()
    # The room and the exam number lie faintly over the page (a photo of the screen names them).
    assert page.locator("#cbt-watermark span").first.inner_text() == f"{c.theory.room.name} · {r.exam_number}"
    screenshot(page, "itembank-exam-1366")
    # The connection drops: the next answer waits in the page's queue.
    context.set_offline(True)
    _answer(page, items[half])
    page.get_by_text("待同步").wait_for()
    assert not Answer.objects.filter(sitting=sitting, key=items[half]["key"]).exists()
    # The page is killed mid-exam; a new one opens when the connection is back.
    page.close()
    context.set_offline(False)
    page = context.new_page()
    page.goto(f"{live_server.url}/itembank/exam/")
    page.locator("#cbt-items fieldset").first.wait_for()
    page.get_by_text("全部作答已保存").wait_for()
    for item in items[: half + 1]:
        if item["type"] in ("fill_in", "short_answer"):
            assert page.locator(f'[name="q-{item["key"]}"]').input_value() == item["answer"][0]
        else:
            for option in item["answer"]:
                assert page.locator(f'input[name="q-{item["key"]}"][value="{option}"]').is_checked()
    assert Answer.objects.filter(sitting=sitting).count() == half + 1
    for item in items[half + 1 :]:
        _answer(page, item)
    page.get_by_text("全部作答已保存").wait_for()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="交卷").click()
    total = sum(Decimal(i["points"]) for i in items)
    page.get_by_text(f"卷面得分：{total:.2f}").wait_for()
    screenshot(page, "itembank-exam-submitted")
    sitting.refresh_from_db()
    assert sitting.status == SittingStatus.SUBMITTED and sitting.score == total
    assert ComponentScore.objects.get(registration=r, component="theory").score == Decimal("100.00")
    context.close()
