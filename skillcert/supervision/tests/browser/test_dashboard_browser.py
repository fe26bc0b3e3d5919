"""The regulator's path in a real browser (R-SUP-1, R-SUP-2): the region dashboard draws its charts
from the vendored ECharts, a click on a league's bar opens the certificate list behind it, and an
alert is acknowledged from the inbox."""

from __future__ import annotations

import pytest
from django.test import Client

from skillcert.accounts.choices import Role
from skillcert.accounts.tests.factories import jurisdiction
from skillcert.certificates.tests.factories import final_plan
from skillcert.institutions.tests.factories import region_center_user
from skillcert.supervision.models import Alert
from skillcert.supervision.registry import Finding
from skillcert.supervision.services.alerts import apply_findings
from skillcert.supervision.services.rollups import rebuild_rollups

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_region_dashboard_chart_click_list_and_acknowledge(page, live_server, screenshot):
    f = final_plan(2)
    cert = f.issue(0)
    rebuild_rollups()
    inst = f.plan.institution
    apply_findings(
        kind="export_overdue",
        findings=[
            Finding.about(
                inst,
                jurisdiction_id=jurisdiction("150100").pk,
                institution_id=inst.pk,
                evidence={"certificates": 1, "links": []},
            )
        ],
        complete=False,
    )
    _login(page, live_server, region_center_user(Role.CLERK))

    page.goto(f"{live_server.url}/supervision/")
    page.wait_for_function("() => window.skillcertCharts && window.skillcertCharts['chart-league']")
    screenshot(page, "supervision-region-dashboard")
    box = page.locator("#chart-league").bounding_box()
    x, y = page.evaluate(
        """() => {
            const chart = window.skillcertCharts['chart-league'];
            const value = chart.getOption().series[0].data[0];
            return chart.convertToPixel({seriesIndex: 0}, [0, value / 2]);
        }"""
    )
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_url("**/certificates/?*")
    assert "league=150100" in page.url
    assert cert.number in page.locator("table").inner_text()
    screenshot(page, "supervision-drilldown-list")

    page.goto(f"{live_server.url}/supervision/alerts/")
    page.get_by_label(f"选择 证书数据逾期未上报 {inst.filed_name}").check()
    page.get_by_role("button", name="确认所选预警").click()
    assert "已确认 1 条预警" in page.locator(".messages").inner_text()
    alert = Alert.objects.get(kind="export_overdue")
    assert alert.status == "acknowledged"
    page.get_by_role("link", name="证书数据逾期未上报").first.click()
    assert "已确认" in page.locator("#alert-status").inner_text()
    screenshot(page, "supervision-alert-acknowledged")
