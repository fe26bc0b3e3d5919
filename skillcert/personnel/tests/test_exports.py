"""Every personnel list downloads as Excel and as PDF through `?export=`, with the same scope as the page (R-REP-2)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from skillcert.personnel.eligibility import PoolFilter
from skillcert.personnel.services.dispatch import draw_staff, record_assignment
from skillcert.personnel.services.sanctions import record_violation
from skillcert.personnel.tests.factories import QualificationFactory, external_supervisor, serving_person

pytestmark = pytest.mark.django_db
LISTS = ["personnel:people", "personnel:qualifications", "personnel:violations", "personnel:dispatch"]


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _content(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def rows(inst: Any, other_inst: Any, bureau: Any, region_center: Any) -> dict[str, Any]:
    mine = serving_person(employer=inst, name="本盟市人员")
    theirs = serving_person(employer=other_inst, name="外盟市人员")
    for person in (mine, theirs):
        QualificationFactory(person=person)
    record_violation(actor=bureau, person=mine, occurred_on=timezone.localdate(), description="迟到")
    external_supervisor(name="外部督导甲")
    draw_staff(
        actor=region_center,
        pool_filter=PoolFilter(institution=inst, on=timezone.localdate(), role="external_supervisor"),
        n=1,
    )
    return {"mine": mine, "theirs": theirs}


@pytest.mark.parametrize("name", LISTS)
def test_each_list_downloads_excel_in_the_pages_scope(name, bureau, rows):
    response = _client(bureau).get(reverse(name), {"export": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    sheet = list(load_workbook(io.BytesIO(_content(response))).worksheets[0].iter_rows(values_only=True))
    assert len(sheet) >= 2
    assert "外盟市人员" not in str(sheet) and rows["mine"].id_number not in str(sheet)


@pytest.mark.parametrize("name", [*LISTS, "personnel:workforce"])
def test_each_list_downloads_pdf(name, region_center, rows):
    response = _client(region_center).get(reverse(name), {"export": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert _content(response).startswith(b"%PDF-")


def test_page_offers_both_exports_keeping_the_filters(bureau, rows):
    client = _client(bureau)
    html = client.get(reverse("personnel:people"), {"q": "本盟市"}).content.decode()
    assert "q=%E6%9C%AC%E7%9B%9F%E5%B8%82&amp;export=xlsx" in html and "export=pdf" in html


def test_dispatch_history_names_the_session_instead_of_its_key(region_center, inst, rows):
    person = rows["mine"]
    record_assignment(
        actor=None,
        person=person,
        role="examiner",
        institution=inst,
        on=timezone.localdate(),
        session_ref="exams:session:987654",
    )
    html = _client(region_center).get(reverse("personnel:person", args=[person.pk])).content.decode()
    assert "exams:session:987654" not in html and "考试场次（编号987654，已删除）" in html
