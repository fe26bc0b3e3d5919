"""The filing flow in a real browser (R-INS-2, R-INS-7, R-PUB-1): an application submitted online,
its acceptance by the league bureau, the new manager's first login (second factor, new password),
the readiness checklist turning complete, and the institution on the public register."""

from __future__ import annotations

import datetime
import time
from typing import Any

import pyotp
import pytest
from django.utils import timezone

from skillcert.accounts.choices import Role
from skillcert.accounts.tests.factories import DEFAULT_PASSWORD, enrol_totp
from skillcert.institutions.choices import RuleDocumentKind
from skillcert.institutions.tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Baotou#Skill2026"


def _login(page: Any, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def _code(secret: str, step: int = 0) -> str:
    """The code of the current (or next) 30-second step; a step may be used only once."""
    return pyotp.TOTP(secret).at(time.time() + 30 * step)


def test_application_acceptance_first_login_readiness_and_public_register(browser, live_server, screenshot):
    base = live_server.url
    occupation = f.occupation(levels=(5, 4))
    bureau = f.bureau_user("150200", Role.CLERK)
    bureau_secret = enrol_totp(bureau)

    # 1. The applicant files online, without an account.
    public = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = public.new_page()
    page.goto(f"{base}/institutions/apply/")
    page.select_option("#id_type", "social_league")
    page.get_by_label("机构名称").fill("包头市鹿城职业技能评价中心")
    page.get_by_label("统一社会信用代码").fill(f.credit_code(3388, "150200"))
    page.get_by_label("负责人", exact=True).fill("赵晓东")
    page.get_by_label("地址").fill("包头市青山区钢铁大街58号")
    page.select_option("#id_area", "150200")
    page.select_option("#id_scope-0-target", str(occupation.pk))
    page.check("#id_scope-0-levels_0")
    page.check("#id_scope-0-levels_1")
    page.get_by_label("负责人账号用户名").fill("lucheng_manager")
    page.get_by_label("负责人账号姓名").fill("赵晓东")
    page.set_input_files(
        "#id_document", files=[{"name": "营业执照.pdf", "mimeType": "application/pdf", "buffer": f.PDF_BYTES}]
    )
    screenshot(page, "institutions-apply")
    page.get_by_role("button", name="提交备案申请").click()
    reference = page.locator("#application-reference").inner_text()
    assert reference.startswith("BA")
    screenshot(page, "institutions-apply-done")

    # 2. The league bureau publishes its call (征集), selects (遴选) and assesses (评估) the applicant,
    #    then accepts it with a filing number; the initial password is shown once.
    office = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    bpage = office.new_page()
    _login(bpage, base, bureau.username, DEFAULT_PASSWORD)
    bpage.get_by_role("textbox", name="动态口令").fill(_code(bureau_secret))
    bpage.get_by_role("button", name="验证").click()
    bpage.wait_for_url(f"{base}/workbench/")
    today = timezone.localdate()
    bpage.goto(f"{base}/institutions/calls/")
    bpage.get_by_label("征集公告标题").fill("包头市评价机构征集公告")
    bpage.get_by_label("征集开始日期").fill((today - datetime.timedelta(days=1)).isoformat())
    bpage.get_by_label("征集截止日期").fill((today + datetime.timedelta(days=30)).isoformat())
    bpage.get_by_role("button", name="发布").click()
    assert "包头市评价机构征集公告" in bpage.locator("#calls").inner_text()
    bpage.goto(f"{base}/institutions/applications/?status=submitted")
    bpage.get_by_role("link", name=reference).click()
    assert "包头市鹿城职业技能评价中心" in bpage.locator("main").inner_text()
    bpage.locator("#id_call").select_option(index=1)
    bpage.get_by_label("遴选标准").fill("场地设施、考评人员、管理制度")
    bpage.get_by_label("遴选结果与意见").fill("符合征集条件")
    bpage.get_by_role("button", name="遴选通过").click()
    bpage.get_by_label("评估意见").fill("现场评估合格")
    bpage.get_by_role("button", name="评估通过").click()
    assert bpage.locator('#entry-stages li[data-stage="assessment"]').get_attribute("class") == "stage done"
    screenshot(bpage, "institutions-entry-stages")
    page.goto(f"{base}/institutions/apply/status/?reference={reference}&credit_code={f.credit_code(3388, '150200')}")
    assert "现场评估合格" in page.locator("#entry-stages").inner_text(), "the applicant follows the stages"
    bpage.get_by_label("备案编号").fill("NMPJ-150200-2026-0088")
    bpage.get_by_role("button", name="通过并备案").click()
    password = bpage.locator("#initial-password").inner_text().strip()
    assert bpage.locator("#filing-number").inner_text() == "NMPJ-150200-2026-0088"
    screenshot(bpage, "institutions-accepted")
    bpage.goto(f"{base}/institutions/applications/?status=accepted")
    bpage.get_by_role("link", name=reference).click()
    bpage.get_by_role("link", name="机构页面").click()
    bpage.get_by_role("button", name="备案公布").click()
    assert "在评价机构名录公布" in bpage.locator("#publication").inner_text()

    # 3. The manager's first login: enrol the second factor, then choose a new password.
    inst = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    mpage = inst.new_page()
    _login(mpage, base, "lucheng_manager", password)
    mpage.wait_for_url(f"{base}/accounts/second-factor/enrol/")
    secret = mpage.locator("#totp-secret").inner_text().replace(" ", "")
    mpage.get_by_role("textbox", name="动态口令").fill(_code(secret))
    mpage.get_by_role("button", name="确认绑定").click()
    mpage.wait_for_url(f"{base}/accounts/password/")
    mpage.get_by_label("当前密码").fill(password)
    mpage.get_by_label("新密码", exact=True).fill(NEW_PASSWORD)
    mpage.get_by_label("确认新密码").fill(NEW_PASSWORD)
    mpage.get_by_role("button", name="保存新密码").click()
    mpage.goto(f"{base}/workbench/")
    mpage.get_by_role("link", name="开展认定尚缺事项").click()
    assert "尚缺 11 项" in mpage.locator("#readiness-summary").inner_text()  # 8 rules, commitment, 2 fees
    screenshot(mpage, "institutions-checklist-missing")
    detail_url = mpage.url.split("#")[0]

    # 4. The manager publishes the eight rule documents, signs the commitment and publishes the fees.
    for kind in RuleDocumentKind:
        mpage.goto(detail_url + f"documents/new/?kind={kind.value}")
        mpage.get_by_label("标题").fill(f"{kind.label}制度")
        mpage.get_by_label("正文").fill(f"本中心{kind.label}制度全文。")
        mpage.get_by_role("button", name="保存").click()
        assert "并向社会公开" in mpage.locator(".messages").inner_text()
    mpage.goto(detail_url + "commitment/")
    mpage.check("#id_agree")
    mpage.get_by_role("button", name="签署承诺书").click()
    for level in ("5", "4"):
        mpage.goto(detail_url + "fees/new/")
        mpage.select_option("#id_target", str(occupation.pk))
        mpage.select_option("#id_level", level)
        mpage.fill("#id_amount_proposition", "120")
        mpage.fill("#id_cost_proposition", "110")
        mpage.fill("#id_amount_examination", "180")
        mpage.fill("#id_cost_examination", "170")
        mpage.get_by_role("button", name="保存").click()
        assert "并向社会公示" in mpage.locator(".messages").inner_text()
    assert "待包头市人力资源和社会保障局会签" in mpage.locator("#readiness").inner_text()

    # 5. The bureau countersigns; the checklist turns complete.
    bpage.goto(f"{base}/institutions/commitments/")
    bpage.locator("#pending-countersign").get_by_role("button", name="会签").click()
    assert "已会签" in bpage.locator(".messages").inner_text()
    mpage.goto(detail_url)
    assert mpage.locator("#readiness-summary").inner_text() == "全部就绪，可以报送认定计划"
    assert mpage.locator(".checklist li.todo").count() == 0
    screenshot(mpage, "institutions-checklist-complete")

    # 6. The public sees it on the register, with its scope, rules, fees and commitment.
    page.goto(f"{base}/institutions/register/?league=150200")
    page.get_by_role("link", name="包头市鹿城职业技能评价中心").click()
    text = page.locator("main").inner_text()
    assert "NMPJ-150200-2026-0088" in text and "已签署" in text and "300.00" in text
    assert page.locator("#public-status").inner_text() == "正常"
    screenshot(page, "institutions-public-detail")
    page.goto(f"{base}/institutions/register/")
    screenshot(page, "institutions-public-register")
    for context in (public, office, inst):
        context.close()
