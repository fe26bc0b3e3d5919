"""In a real browser: from a certificate to its trace, and on to the sealed dossier (R-ARC-1, R-ARC-3)."""

from __future__ import annotations

import pytest
from django.test import Client

from skillcert.archives.services.dossiers import open_dossier, seal_dossier
from skillcert.certificates.tests.factories import final_plan
from skillcert.exams.choices import PlanStatus
from skillcert.exams.models import ExamPlan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_certificate_to_trace_to_dossier(page, live_server, screenshot):
    f = final_plan(1)
    cert = f.issue(0)
    ExamPlan.objects.filter(pk=f.plan.pk).update(status=PlanStatus.FINAL)
    f.plan.refresh_from_db()
    seal_dossier(actor=f.clerk, dossier=open_dossier(actor=f.clerk, plan=f.plan))
    client = Client()
    client.force_login(f.clerk)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )

    page.goto(f"{live_server.url}/certificates/{cert.pk}/")
    page.get_by_role("link", name="追溯").click()
    assert "审计链核验通过" in page.locator("#chain-verdict").inner_text()
    assert f.plan.number in page.content()
    screenshot(page, "archives-trace")

    page.get_by_role("link", name="打开认定档案").click()
    assert page.locator("#dossier-status").inner_text().startswith("已封卷")
    assert page.get_by_role("heading", name="第五卷 证书数据确认").is_visible()
    assert cert.number in page.content()
    page.get_by_role("link", name="核对文件与封卷清单").click()
    assert "个文件与封卷清单一致" in page.content()
    screenshot(page, "archives-dossier")
