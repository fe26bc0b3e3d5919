"""The certificate pages: lists in scope without N+1, a certificate's two-person status change through
the forms, plan-wide issuance from the page, the candidate's own download, the site serial register."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from skillcert.certificates.choices import CertificateStatus, RunStatus
from skillcert.certificates.models import Certificate, IssuanceRun, SiteSerial
from skillcert.certificates.tests.factories import candidate_user, final_plan, region_registrar

pytestmark = pytest.mark.django_db


def test_list_in_scope_and_query_count(client):
    f = final_plan(3)
    certs = [f.issue(i) for i in range(3)]
    client.force_login(f.clerk)
    with CaptureQueriesContext(connection) as few:
        page = client.get("/certificates/")
    assert page.status_code == 200 and all(c.number in page.content.decode() for c in certs)
    assert certs[0].id_number not in page.content.decode()  # masked in lists
    f2 = final_plan(3)
    for i in range(3):
        f2.issue(i)
    client.force_login(f.s.bureau)  # sees both plans of its league
    with CaptureQueriesContext(connection) as more:
        page = client.get("/certificates/")
    assert page.content.decode().count("/certificates/") >= 6
    assert len(more.captured_queries) <= len(few.captured_queries) + 2
    client.force_login(f.s.other_clerk)
    assert certs[0].number not in client.get("/certificates/").content.decode()
    assert client.get(f"/certificates/{certs[0].pk}/").status_code == 404
    export = client.get("/certificates/?export=xlsx")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_status_change_through_the_pages(client):
    f = final_plan(1)
    cert = f.issue(0)
    client.force_login(f.clerk)
    response = client.post(f"/certificates/{cert.pk}/propose/", {"kind": "suspend", "grounds": "举报核查中"})
    assert response.status_code == 302
    page = client.get(f"/certificates/{cert.pk}/").content.decode()
    assert "待审批" in page and "须由另一名负责人审批" in page
    pending = cert.proposals.get()
    client.force_login(f.manager)
    assert "举报核查中" in client.get("/certificates/proposals/").content.decode()
    client.post(f"/certificates/proposals/{pending.pk}/approve/", {"note": "同意"})
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.SUSPENDED
    client.force_login(f.s.other_clerk)
    assert client.post(f"/certificates/proposals/{pending.pk}/approve/", {"note": ""}).status_code == 404


def test_issue_page_starts_a_run(client, django_capture_on_commit_callbacks):
    f = final_plan(2)
    client.force_login(f.clerk)
    page = client.get("/certificates/issue/")
    assert page.status_code == 200 and f.plan.number in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/certificates/issue/", {"plan": f.plan.pk})
    run = IssuanceRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/certificates/runs/{run.pk}/"
    assert run.status == RunStatus.DONE and run.issued == 2
    assert "新发证书 2 本" in client.get(f"/certificates/runs/{run.pk}/").content.decode()
    client.force_login(f.s.bureau)
    assert client.get("/certificates/issue/").status_code == 403


def test_candidate_downloads_own_certificate_only(client):
    f = final_plan(2)
    user = candidate_user()
    own = f.issue(0)
    Certificate.objects.filter(pk=own.pk).update(candidate=user)
    theirs = f.issue(1)
    client.force_login(user)
    mine = client.get("/certificates/mine/")
    assert mine.status_code == 200 and own.number in mine.content.decode()
    assert theirs.number not in mine.content.decode()
    pdf = client.get(f"/certificates/{own.pk}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert client.get(f"/certificates/{theirs.pk}/pdf/").status_code == 404
    assert theirs.number not in client.get("/certificates/").content.decode()


def test_anonymous_is_sent_to_login_but_may_verify(client):
    assert client.get("/certificates/").status_code == 302
    assert client.get("/certificates/verify/").status_code == 200


def test_site_serial_register_page(client):
    f = final_plan(1, serial=False)
    client.force_login(region_registrar())
    page = client.get("/certificates/site-serials/")
    assert page.status_code == 200
    bad = client.post("/certificates/site-serials/", {"institution": f.s.institution.pk, "serial": "12A456"})
    assert bad.status_code == 400 and "站点序号" in bad.content.decode()
    ok = client.post("/certificates/site-serials/", {"institution": f.s.institution.pk, "serial": "246810"})
    assert ok.status_code == 302 and SiteSerial.objects.get().serial == "246810"
    client.force_login(f.clerk)
    assert "246810" in client.get("/certificates/site-serials/").content.decode()
    assert (
        client.post("/certificates/site-serials/", {"institution": f.s.institution.pk, "serial": "135791"}).status_code
        == 403
    )


def test_export_page_creates_a_batch(client):
    f = final_plan(1)
    f.issue(0)
    client.force_login(f.clerk)
    assert client.get("/certificates/exports/").status_code == 200
    client.post("/certificates/exports/new/")
    page = client.get("/certificates/exports/").content.decode()
    assert "SB" in page and "JSON" in page


def test_workbench_tiles(client):
    f = final_plan(1)
    f.issue(0)
    client.force_login(f.manager)
    page = client.get("/workbench/")
    assert page.status_code == 200 and "已颁发证书" in page.content.decode()
