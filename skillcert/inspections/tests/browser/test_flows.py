"""Two walks in a real browser (R-SUP-3, R-SUP-4, R-PUB-1): a campaign from creation to its public
result page, and a supervisor's phone-sized report from the assignment to the rectification order
it triggers. Screenshots go to var/screenshots/."""

from __future__ import annotations

import datetime
import time
from typing import Any

import pyotp
import pytest
from django.utils import timezone

from skillcert.accounts.tests.factories import DEFAULT_PASSWORD, enrol_totp
from skillcert.inspections.choices import INSPECTION_CHECKLIST, SUPERVISION_CHECKLIST, CampaignStatus, OrderStatus
from skillcert.inspections.models import Campaign, RectificationOrder
from skillcert.inspections.tests.factories import (
    drawn_inspection,
    inspectors,
    institutions,
    region_clerk,
    supervised_session,
)
from skillcert.institutions.choices import InstitutionStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _login(page: Any, base: str, username: str, secret: str | None = None) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="登录").click()
    if secret is not None:
        page.get_by_role("textbox", name="动态口令").fill(pyotp.TOTP(secret).at(time.time()))
        page.get_by_role("button", name="验证").click()
    page.wait_for_load_state()


def test_campaign_from_creation_to_the_public_result_page(browser, live_server, screenshot):
    institutions("150100", 3)
    institutions("150200", 1)
    inspectors("150000", 4)
    clerk = region_clerk()
    secret = enrol_totp(clerk)
    base = live_server.url
    today = timezone.localdate()
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15000)
    page = context.new_page()
    _login(page, base, clerk.username, secret)

    page.goto(f"{base}/inspections/campaigns/new/")
    page.get_by_label("任务名称").fill("呼包两市评价机构双随机抽查")
    page.get_by_label("检查期间自").fill(str(today))
    page.get_by_label("检查期间至").fill(str(today + datetime.timedelta(days=30)))
    page.get_by_label("调阅资料起始日期").fill(str(today - datetime.timedelta(days=180)))
    page.get_by_label("调阅资料截止日期").fill(str(today))
    page.get_by_label("呼和浩特市").check()
    page.get_by_label("包头市").check()
    page.get_by_label("社会培训评价组织（盟市范围）").check()
    page.get_by_label("检查方式").select_option("both")
    page.get_by_label("会同部门").fill("市场监督管理局")
    page.get_by_role("button", name="创建检查任务").click()
    page.wait_for_load_state()
    campaign = Campaign.objects.get()
    page.get_by_role("button", name="公布候选池和种子承诺").click()
    page.wait_for_load_state()
    campaign.refresh_from_db()
    assert page.locator("dd.hash").inner_text() == campaign.seed_commitment
    page.get_by_role("button", name="公布种子并抽取").click()
    page.wait_for_load_state()
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAWN
    screenshot(page, "inspections-campaign-drawn")

    for inspection in campaign.inspections.order_by("draw_order"):
        page.goto(f"{base}/inspections/inspections/{inspection.pk}/")
        page.get_by_role("main").get_by_role("link", name="认定计划").click()
        assert "调阅资料" in page.locator("h1").inner_text()
        page.goto(f"{base}/inspections/inspections/{inspection.pk}/")
        page.get_by_label("检查日期").fill(str(today))
        for _key, label in INSPECTION_CHECKLIST:
            page.get_by_label(str(label)).select_option("yes")
        page.get_by_label("检查发现").fill("调阅资料齐全，未发现问题。")
        page.get_by_role("button", name="保存检查情况").click()
        page.wait_for_load_state()
        page.get_by_label("检查结论").select_option("no_problems")
        page.get_by_role("button", name="检查办结").click()
        page.wait_for_load_state()
        assert page.locator("#inspection-status").inner_text() == "已办结"

    page.goto(f"{base}/inspections/campaigns/{campaign.pk}/")
    page.get_by_role("button", name="公开检查结果").click()
    page.wait_for_load_state()
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.PUBLISHED

    public = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    anon = public.new_page()
    anon.goto(f"{base}/inspections/public/")
    anon.get_by_role("link", name=campaign.number).click()
    anon.wait_for_load_state()
    assert "复核一致" in anon.locator("#verification").inner_text()
    assert campaign.seed in anon.locator("#seed").inner_text()
    assert anon.locator("#results tbody tr").count() == campaign.inspections.count() == 2
    screenshot(anon, "inspections-public-result")
    public.close()
    context.close()


def test_phone_sized_report_to_the_rectification_order(browser, live_server, screenshot):
    s = supervised_session()
    bureau_secret = enrol_totp(s.bureau)
    base = live_server.url
    phone = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    phone.set_default_timeout(15000)
    page = phone.new_page()
    _login(page, base, s.supervisor_user.username)
    page.goto(f"{base}/inspections/supervision/")
    page.get_by_role("button", name="开始督导记录").click()
    page.wait_for_load_state()
    arrival = timezone.localtime(s.session.starts_at) - datetime.timedelta(minutes=30)
    page.get_by_label("到场时间").fill(arrival.strftime("%Y-%m-%dT%H:%M"))
    for key, label in SUPERVISION_CHECKLIST:
        page.get_by_label(str(label)).select_option("no" if key == "video_working" else "yes")
    page.get_by_label("督导记录").fill("开考前核验身份，巡视两次。")
    page.get_by_label("发现问题等级").select_option("serious")
    page.get_by_label("发现的问题").fill("第二考场视频监控中断约30分钟")
    page.get_by_role("button", name="保存督导记录").click()
    page.wait_for_load_state()
    page.get_by_label("现场照片").set_input_files(files=[{"name": "考场.png", "mimeType": "image/png", "buffer": PNG}])
    page.get_by_role("button", name="上传照片").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="考场.png").is_visible()
    page.get_by_label("机构签字人").fill("张负责")
    page.get_by_role("button", name="签字确认").click()
    page.wait_for_load_state()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the phone page scrolls sideways ({width}px)"
    page.get_by_role("button", name="提交督导报告").click()
    page.wait_for_load_state()
    assert "已提交" in page.locator("#report-status").inner_text()
    screenshot(page, "inspections-phone-report")
    phone.close()

    order = RectificationOrder.objects.get()
    desk = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    desk.set_default_timeout(15000)
    bpage = desk.new_page()
    _login(bpage, base, s.bureau.username, bureau_secret)
    bpage.goto(f"{base}/inspections/orders/")
    bpage.get_by_role("link", name=s.institution.filed_name).click()
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    bpage.get_by_label("决定依据").fill("外部质量督导发现考场视频监控中断")
    bpage.get_by_label("整改期限").fill(str(deadline))
    bpage.get_by_label("复查日期").fill(str(deadline + datetime.timedelta(days=5)))
    bpage.get_by_role("button", name="下达整改通知").click()
    bpage.wait_for_load_state()
    assert bpage.locator("#order-status").inner_text() == "已下达整改"
    assert bpage.locator("#institution-status").inner_text() == "限期整改"
    order.refresh_from_db()
    s.institution.refresh_from_db()
    assert order.status == OrderStatus.ISSUED and s.institution.status == InstitutionStatus.RECTIFICATION
    screenshot(bpage, "inspections-order-issued")
    desk.close()


def test_a_sanction_proposal_from_the_inspection_to_the_measure(browser, live_server, screenshot):
    """The organiser concludes with 提出处理建议 (通报批评); the league bureau finds it on its workbench,
    accepts it, and the 通报批评 is published, linked back to the inspection."""
    from skillcert.institutions.tests.factories import bureau_user
    from skillcert.sanctions.models import Proposal

    inspection, organiser = drawn_inspection("150100")
    bureau = bureau_user("150100")
    organiser_secret = enrol_totp(organiser)
    bureau_secret = enrol_totp(bureau)
    base = live_server.url
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15000)
    page = context.new_page()
    _login(page, base, organiser.username, organiser_secret)
    page.goto(f"{base}/inspections/inspections/{inspection.pk}/")
    page.get_by_label("检查结论").select_option("sanction")
    page.get_by_label("建议处理类别（提出处理建议时）").select_option("criticism")
    page.get_by_label("结论说明").fill("擅自修改成绩，建议予以通报批评。")
    page.get_by_role("button", name="检查办结").click()
    page.wait_for_load_state()
    assert page.locator("#inspection-status").inner_text() == "已办结"
    assert "建议通报批评（待决定）" in page.locator("#inspection-proposal").inner_text()
    context.close()

    desk = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    desk.set_default_timeout(15000)
    bpage = desk.new_page()
    _login(bpage, base, bureau.username, bureau_secret)
    bpage.goto(f"{base}/workbench/")
    bpage.get_by_role("link", name="待决定的处理建议").click()
    bpage.wait_for_load_state()
    bpage.get_by_role("link", name=inspection.institution.filed_name).click()
    bpage.wait_for_load_state()
    screenshot(bpage, "sanctions-proposal-pending")
    bpage.get_by_label("决定意见").fill("检查发现属实，予以通报批评。")
    bpage.get_by_role("button", name="采纳处理建议").click()
    bpage.wait_for_load_state()
    assert bpage.locator("#proposal-status").inner_text() == "已采纳"
    assert "通报批评 · 已公布" in bpage.locator("#proposal-sanction").inner_text()
    screenshot(bpage, "sanctions-proposal-accepted")
    bpage.locator("#proposal-sanction a").click()
    bpage.wait_for_load_state()
    assert "双随机检查处理建议" in bpage.locator("#sanction-source").inner_text()
    assert bpage.locator("#status").inner_text() == "已公布"
    proposal = Proposal.objects.get(inspection=inspection)
    assert proposal.sanction is not None and proposal.sanction.is_published_on()
    screenshot(bpage, "sanctions-criticism-from-proposal")
    desk.close()
