"""The audit log, account, organisation and occupation lists download as Excel and PDF; the audit log
names each action in Chinese instead of its code."""

from __future__ import annotations

import pytest

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.tests.factories import UserFactory, authority
from skillcert.core.audit import record_event
from skillcert.portal.selectors import audit_action_label

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.parametrize("url", ["/workbench/audit/", "/accounts/users/", "/accounts/organisations/", "/catalog/"])
def test_each_list_downloads_excel_and_pdf(client, url):
    client.force_login(UserFactory(organisation=authority(OrgKind.REGION_DEPT), roles=[Role.ADMIN]))
    xlsx = client.get(url, {"export": "xlsx"})
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith(XLSX)
    pdf = client.get(url, {"export": "pdf"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    page = client.get(url).content.decode()
    assert "export=xlsx" in page and "export=pdf" in page


def test_audit_log_shows_chinese_action_names(client):
    admin = UserFactory(organisation=authority(OrgKind.REGION_DEPT), roles=[Role.ADMIN])
    record_event(actor=admin, action="auth.login", obj=admin)
    assert audit_action_label("auth.login") == "登录"
    assert audit_action_label("exams.seats_drawn") != "exams.seats_drawn"
    assert audit_action_label("catalog.ratio.set") == "调整考务人员配比"
    client.force_login(admin)
    page = client.get("/workbench/audit/").content.decode()
    assert ">登录</span>" in page
