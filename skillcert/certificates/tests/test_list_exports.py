"""Every certificate list downloads as Excel and PDF through `?export=`, scoped like the page; the pages
offer only the buttons the services accept (the region's office sees batches but no download links)."""

from __future__ import annotations

import pytest
from django.test import override_settings

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.tests.factories import UserFactory, authority
from skillcert.certificates import services
from skillcert.certificates.tests.factories import final_plan, region_registrar

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LISTS = ["/certificates/", "/certificates/proposals/", "/certificates/exports/", "/certificates/site-serials/"]


@pytest.mark.parametrize("url", LISTS)
def test_each_list_downloads_excel_and_pdf(client, url):
    f = final_plan(1)
    f.issue(0)
    client.force_login(f.clerk)
    xlsx = client.get(url, {"export": "xlsx"})
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith(XLSX)
    pdf = client.get(url, {"export": "pdf"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    page = client.get(url).content.decode()
    assert "export=xlsx" in page and "export=pdf" in page


def test_export_is_scoped_to_the_user(client):
    import io

    from openpyxl import load_workbook

    mine, theirs = final_plan(1), final_plan(1)
    own, other = mine.issue(0), theirs.issue(0)
    client.force_login(mine.clerk)
    sheet = load_workbook(
        io.BytesIO(b"".join(client.get("/certificates/", {"export": "xlsx"}).streaming_content))
    ).active
    numbers = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert own.number in numbers and other.number not in numbers
    assert own.id_number not in str(list(sheet.values))  # ID numbers masked in list exports


def test_old_export_url_is_gone(client):
    f = final_plan(1)
    client.force_login(f.clerk)
    assert client.get("/certificates/export/").status_code == 404


def test_region_office_sees_batches_without_download_links_it_cannot_follow(client):
    f = final_plan(1)
    f.issue(0)
    batch = services.create_export_batch(actor=f.clerk, institution=f.s.institution)
    region_admin = UserFactory(organisation=authority(OrgKind.REGION_DEPT), roles=[Role.ADMIN])
    client.force_login(region_admin)
    page = client.get("/certificates/exports/").content.decode()
    assert batch.number in page and f"/certificates/exports/{batch.pk}/xlsx/" not in page
    assert client.get(f"/certificates/exports/{batch.pk}/xlsx/").status_code == 404
    assert not services.may_download_exports(region_admin)
    client.force_login(f.clerk)
    page = client.get("/certificates/exports/").content.decode()
    assert f"/certificates/exports/{batch.pk}/xlsx/" in page
    assert client.get(f"/certificates/exports/{batch.pk}/xlsx/").status_code == 200
    assert services.may_download_exports(f.clerk)


def test_buttons_follow_the_predicates(client):
    f = final_plan(1)
    certificate = f.issue(0)
    registrar = region_registrar()
    assert services.may_register_site_serials(registrar) and not services.may_register_site_serials(f.clerk)
    assert services.may_issue(f.clerk, f.plan) and not services.may_issue(registrar)
    assert services.may_propose(f.clerk, certificate, "void")
    client.force_login(f.clerk)
    assert "分配站点序号" not in client.get("/certificates/site-serials/").content.decode()
    assert "/certificates/issue/" in client.get("/certificates/").content.decode()
    client.force_login(registrar)
    assert "分配站点序号" in client.get("/certificates/site-serials/").content.decode()
    assert "/certificates/issue/" not in client.get("/certificates/").content.decode()


@override_settings(SKILLCERT_PUBLIC_URL="")
def test_verification_address_follows_the_server_unless_set(rf):
    from django.http import HttpResponse

    from skillcert.certificates.public_address import FALLBACK_URL, PublicAddressMiddleware, public_base_url

    seen = {}

    def view(request):
        seen["url"] = public_base_url()
        return HttpResponse()

    assert public_base_url() == FALLBACK_URL
    PublicAddressMiddleware(view)(rf.get("/", HTTP_HOST="127.0.0.1:8201"))
    assert seen["url"] == "http://127.0.0.1:8201" and public_base_url() == FALLBACK_URL
    with override_settings(SKILLCERT_PUBLIC_URL="https://zscx.example.cn/"):
        PublicAddressMiddleware(view)(rf.get("/", HTTP_HOST="127.0.0.1:8201"))
        assert seen["url"] == "https://zscx.example.cn"
