"""Every institutions list (staff and public) downloads as Excel and PDF through `?export=`, scoped like the page."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.tests.factories import UserFactory, authority
from skillcert.institutions.tests import factories as f

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STAFF_LISTS = [
    "/institutions/",
    "/institutions/applications/",
    "/institutions/branch-filings/",
    "/institutions/fees/",
    "/institutions/fees/flags/",
    "/institutions/commitments/",
    "/institutions/calls/",
]
PUBLIC_LISTS = ["/institutions/register/", "/institutions/blacklist/"]


def _rows(response) -> list[tuple]:
    data = b"".join(response.streaming_content) if response.streaming else response.content
    return list(load_workbook(io.BytesIO(data)).active.iter_rows(min_row=2, values_only=True))


@pytest.mark.parametrize("url", STAFF_LISTS + PUBLIC_LISTS)
def test_each_list_downloads_excel_and_pdf(client, url):
    f.FiledInstitutionFactory()
    if url not in PUBLIC_LISTS:
        client.force_login(UserFactory(organisation=authority(OrgKind.REGION_DEPT), roles=[Role.ADMIN]))
    xlsx = client.get(url, {"export": "xlsx"})
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith(XLSX)
    pdf = client.get(url, {"export": "pdf"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    page = client.get(url).content.decode()
    assert "export=xlsx" in page and "export=pdf" in page


def test_export_is_scoped_to_the_user(client):
    mine, other = f.FiledInstitutionFactory(), f.FiledInstitutionFactory()
    client.force_login(f.staff(mine, Role.MANAGER))
    names = {row[0] for row in _rows(client.get("/institutions/", {"export": "xlsx"}))}
    assert mine.filed_name in names and other.filed_name not in names


def test_the_roster_downloads_with_masked_id_numbers(client):
    institution = f.FiledInstitutionFactory()
    institution.roster.create(kind="employee", full_name="张伟", id_number="150102199003071237")
    client.force_login(f.staff(institution, Role.MANAGER))
    url = f"/institutions/{institution.pk}/roster/"
    rows = _rows(client.get(url, {"export": "xlsx"}))
    assert [row[0] for row in rows] == ["张伟"] and "199003071237" not in str(rows[0][1])
    pdf = client.get(url, {"export": "pdf"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "export=xlsx" in client.get(url).content.decode()
