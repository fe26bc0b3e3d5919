"""The policy page in a real browser: each value with the text it rests on (R-X-8)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.tests.factories import UserFactory, authority

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_region_admin_sees_each_values_source_and_schedules_a_change(browser, live_server, screenshot):
    admin = UserFactory(username="policy_admin", organisation=authority(OrgKind.REGION_DEPT), roles=[Role.ADMIN])
    client = Client()
    client.force_login(admin)
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    host = live_server.url.split("//", 1)[1].split(":")[0]
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "domain": host,
                "path": "/",
            }
        ]
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/workbench/policies/")
    row = page.locator("#policy-institutions\\.require_examiner_rules")
    assert "内人社办发〔2021〕193号" in row.locator(".policy-basis").inner_text()
    assert "四（四）" in row.locator(".policy-basis").inner_text()
    fee_row = page.locator("#policy-fees\\.band_percent")
    assert fee_row.locator(".policy-basis").inner_text() == "默认值，未见文件依据"
    assert "fees.band_percent" in page.locator("#untraced").inner_text()
    screenshot(page, "policy-sources")

    fee_row.locator("summary").click()
    fee_row.get_by_label("fees.band_percent", exact=True).fill("15")
    fee_row.get_by_label("生效日期 fees.band_percent").fill("2099-01-01")
    fee_row.get_by_label("依据文件 fees.band_percent").select_option("nmg-2024-53")
    fee_row.get_by_role("button", name="保存").click()
    page.wait_for_url(f"{live_server.url}/workbench/policies/")
    fee_row = page.locator("#policy-fees\\.band_percent")
    assert "15（2099-01-01起；内人社办发〔2024〕53号" in fee_row.inner_text()
    assert fee_row.locator(".policy-basis").inner_text() == "默认值，未见文件依据", "the old value stays in force"
    context.close()
