"""The complaint flow in a real browser (R-SUP-5, R-SUP-6, R-PUB-1): the public files a complaint with an
attachment; the league bureau accepts it, investigates, orders 限期整改 and concludes; the follow-up is
recorded; the complainant reads the outcome back with the tracking code and secret."""

from __future__ import annotations

import datetime
import time
from typing import Any

import pyotp
import pytest
from django.utils import timezone

from skillcert.accounts.choices import Role
from skillcert.accounts.tests.factories import DEFAULT_PASSWORD, enrol_totp
from skillcert.complaints.abuse import NUMERALS
from skillcert.complaints.tests.factories import PDF_BYTES
from skillcert.institutions.choices import InstitutionStatus
from skillcert.institutions.tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _answer(page: Any) -> str:
    question = page.locator("label[for=id_challenge_answer]").inner_text().split("：", 1)[1]
    a, b = (NUMERALS.index(ch) for ch in question.split("等于")[0].split("加"))
    return str(a + b)


def test_public_complaint_to_rectification_follow_up_and_outcome(browser, live_server, screenshot):
    base = live_server.url
    institution = f.FiledInstitutionFactory(league="150200", filed_name="包头市示例职业技能评价中心")
    bureau = f.bureau_user("150200", Role.CLERK)
    secret_key = enrol_totp(bureau)

    # 1. The public files a complaint with an attachment, without an account.
    public = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = public.new_page()
    page.goto(f"{base}/complaints/new/")
    page.select_option("#id_subject_kind", "institution")
    page.select_option("#id_institution", str(institution.pk))
    page.fill("#id_title", "考评员未核验身份")
    page.fill("#id_facts", "2026年11月20日的电工四级考试中，考评员未核验考生身份证件。")
    page.set_input_files(
        "#id_attachments", files=[{"name": "现场照片.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    page.fill("#id_contact_name", "王小明")
    page.fill("#id_contact_phone", "13912345678")
    page.fill("#id_challenge_answer", _answer(page))
    screenshot(page, "complaints-file")
    page.get_by_role("button", name="提交投诉举报").click()
    code = page.locator("#tracking-code").inner_text().strip()
    secret = page.locator("#tracking-secret").inner_text().strip()
    assert code.startswith("TS") and len(secret) == 14
    assert (
        "包头市人力资源和社会保障局" in page.locator("#receipt").inner_text()
        or "包头" in page.locator("#receipt").inner_text()
    )
    screenshot(page, "complaints-filed")

    # 2. The league bureau accepts, investigates, orders 限期整改 and concludes.
    office = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    bpage = office.new_page()
    bpage.goto(f"{base}/accounts/login/")
    bpage.get_by_label("用户名").fill(bureau.username)
    bpage.get_by_label("密码").fill(DEFAULT_PASSWORD)
    bpage.get_by_role("button", name="登录").click()
    bpage.get_by_role("textbox", name="动态口令").fill(pyotp.TOTP(secret_key).at(time.time()))
    bpage.get_by_role("button", name="验证").click()
    bpage.wait_for_url(f"{base}/workbench/")
    bpage.goto(f"{base}/complaints/")
    bpage.get_by_role("link", name=code).click()
    assert "现场照片.pdf" in bpage.locator("main").inner_text()
    bpage.locator("#accept-form button").click()
    assert bpage.locator("#status").inner_text() == "调查中"
    bpage.fill("#investigate_method", "现场核查")
    bpage.fill("#investigate_notes", "调取考场监控，考评员李某未核验身份（内部记录）")
    bpage.locator("#investigate-form button").click()
    bpage.locator("#new-sanction").click()
    bpage.select_option("#id_kind", "rectification")
    bpage.fill("#id_grounds", "投诉查实：考评员未核验考生身份")
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    bpage.fill("#id_deadline", deadline.isoformat())
    bpage.get_by_role("button", name="提交").click()
    bpage.wait_for_selector("#conclude-form")
    bpage.fill("#conclude_public_text", "经核查，反映问题属实，已责令该机构限期整改。")
    bpage.fill("#conclude_internal_conclusion", "李某暂停派遣（内部）")
    screenshot(bpage, "complaints-conclude")
    bpage.locator("#conclude-form button").click()
    assert bpage.locator("#status").inner_text() == "已办结"
    institution.refresh_from_db()
    assert institution.status == InstitutionStatus.RECTIFICATION

    # 3. The follow-up: before the deadline only when "early" is chosen.
    bpage.locator("#outcome a").click()
    bpage.select_option("#follow_up_result", "rectified")
    bpage.fill("#follow_up_note", "复查：已建立身份核验制度并培训考评员")
    bpage.locator("#follow-up-form button").click()
    assert "提前复查" in bpage.locator("#follow-up-form").inner_text()
    assert bpage.locator(".errorlist").first.is_visible()
    bpage.check("#follow_up_early")
    bpage.fill("#follow_up_note", "复查：已建立身份核验制度并培训考评员")
    bpage.locator("#follow-up-form button").click()
    assert bpage.locator("#status").inner_text() == "整改合格"
    institution.refresh_from_db()
    assert institution.status == InstitutionStatus.ACTIVE
    screenshot(bpage, "sanctions-follow-up")

    # 4. The complainant reads the outcome back with the code and the secret; nothing internal shows.
    page.goto(f"{base}/complaints/track/")
    page.fill("#id_tracking_code", code)
    page.fill("#id_secret", "AAAA-BBBB-CCCC")
    page.get_by_role("button", name="查询").click()
    assert page.locator("#not-found").inner_text() == "查询码或查询密码不正确"
    page.fill("#id_tracking_code", code)
    page.fill("#id_secret", secret)
    page.get_by_role("button", name="查询").click()
    assert page.locator("#status").inner_text() == "已办结"
    assert page.locator("#answer").inner_text() == "经核查，反映问题属实，已责令该机构限期整改。"
    shown = page.locator("main").inner_text()
    assert "内部" not in shown and "李某" not in shown and "现场核查" not in shown
    screenshot(page, "complaints-track")
