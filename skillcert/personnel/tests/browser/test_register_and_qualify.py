"""A league centre registers an examiner, records training, qualifies them and checks they may
serve — in a real browser, on Chinese pages (R-PER-1). Screenshots go to var/screenshots/."""

from __future__ import annotations

import pyotp
import pytest
from django.utils import timezone

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.tests.factories import (
    DEFAULT_PASSWORD,
    InstitutionFactory,
    UserFactory,
    authority,
    enrol_totp,
    jurisdiction,
)
from skillcert.personnel.models import Person
from skillcert.personnel.tests.factories import make_id_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_league_centre_registers_and_qualifies_an_examiner(page, live_server, screenshot):
    institution = InstitutionFactory(name="呼和浩特市焊接技能评价中心", jurisdiction=jurisdiction("150100"))
    clerk = UserFactory(
        username="browser_center",
        full_name="王中心",
        organisation=authority(OrgKind.LEAGUE_CENTER, "150100"),
        roles=[Role.CLERK],
    )
    assert clerk.requires_second_factor, "a league centre clerk is regulator staff"
    secret = enrol_totp(clerk)
    number = make_id_number(area="150102", birth="19800512")

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(clerk.username)
    page.get_by_label("密码").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/accounts/second-factor/")
    page.get_by_role("textbox", name="动态口令").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="验证").click()
    page.wait_for_url(f"{live_server.url}/workbench/")
    assert page.get_by_text("待审核的人员推荐").is_visible()

    nav = page.get_by_role("navigation", name="主导航")
    nav.get_by_text("机构与人员").hover()
    nav.get_by_role("link", name="考评督导人员").click()
    assert page.get_by_role("heading", name="考评与督导人员名册").is_visible()
    page.get_by_role("link", name="登记人员").click()
    page.get_by_label("姓名").fill("包志刚")
    page.get_by_label("身份证号码").fill(number)
    page.get_by_label("手机号码").fill("13904710001")
    page.get_by_label("工作单位", exact=True).select_option(label=institution.name)
    page.get_by_label("职务/职称").fill("焊接高级技师")
    page.get_by_label("人员类别").select_option(label="考评员")
    screenshot(page, "personnel-register-form")
    page.get_by_role("button", name="保存").click()

    person = Person.objects.get(name="包志刚")
    page.wait_for_url(f"{live_server.url}/personnel/{person.pk}/")
    assert "已登记人员：包志刚" in page.locator(".messages").inner_text()
    appointments = page.locator("#appointments table").inner_text()
    assert (
        "考评员" in appointments and "有效" in appointments and f"KP150100{timezone.localdate().year}" in appointments
    )
    assert person.id_number_masked in page.locator("dl.kv").inner_text()
    assert number not in page.content(), "the full ID number is not on the page"

    training = page.locator("#trainings")
    training.get_by_text("登记培训记录").click()
    training.get_by_label("培训类别").select_option(label="考评员")
    training.get_by_label("培训课程").fill("焊工考评员资格培训")
    training.get_by_label("学时").fill("32")
    training.get_by_label("培训结果").select_option(label="合格")
    training.get_by_label("结业日期").fill(str(timezone.localdate()))
    training.get_by_role("button", name="登记培训").click()
    page.wait_for_url(f"{live_server.url}/personnel/{person.pk}/")
    assert "焊工考评员资格培训" in page.locator("#trainings table").inner_text()

    quals = page.locator("#qualifications")
    quals.get_by_text("登记职业资格").click()
    quals.get_by_label("职业编码").fill("6-18-02-04")
    quals.get_by_label("最高可考评等级").select_option(label="三级/高级工")
    quals.get_by_role("button", name="登记资格").click()
    page.wait_for_url(f"{live_server.url}/personnel/{person.pk}/")
    assert "焊工\n6-18-02-04" in page.locator("#qualifications table").inner_text()
    assert "三级/高级工" in page.locator("#qualifications table").inner_text()

    check = page.locator("#eligibility")
    check.get_by_label("人员类别").select_option(label="考评员")
    check.get_by_label("职业编码").fill("6-18-02-04")
    check.get_by_label("等级").select_option(label="四级/中级工")
    check.get_by_role("button", name="核验").click()
    assert page.locator("#eligibility-result").inner_text() == "可以承担"
    check.get_by_label("等级").select_option(label="二级/技师")
    check.get_by_role("button", name="核验").click()
    assert (
        "只具备“焊工”三级/高级工及以下等级的资格，不能承担二级/技师" in page.locator("#eligibility-result").inner_text()
    )
    screenshot(page, "personnel-examiner-qualified")

    qualification = person.qualifications.get()
    assert qualification.level == 3 and qualification.granted_by == clerk.organisation
    page.get_by_role("link", name="人员名册").click()
    row = page.locator("tr", has_text="包志刚")
    assert "焊工" in row.inner_text() and "有效" in row.inner_text()
    screenshot(page, "personnel-register-list")
