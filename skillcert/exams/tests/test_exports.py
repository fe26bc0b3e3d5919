"""Exams lists download as Excel and PDF through `?export=`, filtered and scoped like the page (R-REP-2);
the list pages and the API share one FilterSet."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from skillcert.exams.services.roster import start_roster_import
from skillcert.exams.tests.factories import bureau_clerk, open_plan, ready_institution, roster_csv, roster_rows

pytestmark = pytest.mark.django_db


def _content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _sheet(response) -> list[tuple]:
    return list(load_workbook(io.BytesIO(_content(response))).worksheets[0].iter_rows(values_only=True))


@pytest.fixture
def plan():
    setup = ready_institution()
    plan = open_plan(setup, levels={4: 200})
    start_roster_import(actor=setup.clerk, plan=plan, upload=roster_csv(roster_rows(3)))
    plan.clerk = setup.clerk
    return plan


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_plan_registration_and_session_lists_download(client, plan, fmt):
    client.force_login(plan.clerk)
    for url in (
        reverse("exams:plan_list"),
        reverse("exams:registrations", args=[plan.pk]),
        reverse("exams:session_list"),
    ):
        response = client.get(url, {"export": fmt})
        assert response.status_code == 200, url
        if fmt == "pdf":
            assert _content(response).startswith(b"%PDF-")
    if fmt == "xlsx":
        rows = _sheet(client.get(reverse("exams:registrations", args=[plan.pk]), {"export": "xlsx"}))
        assert rows[0][:3] == ("准考证号", "姓名", "证件号码") and len(rows) == 4
        assert "*" in rows[1][2]


def test_export_keeps_the_filters_and_the_scope(client, plan):
    client.force_login(plan.clerk)
    rows = _sheet(client.get(reverse("exams:plan_list"), {"export": "xlsx", "status": "draft"}))
    assert len(rows) == 1
    client.force_login(bureau_clerk("150200"))
    rows = _sheet(client.get(reverse("exams:plan_list"), {"export": "xlsx"}))
    assert plan.number not in str(rows)


def test_page_and_api_filter_registrations_alike(client, plan):
    client.force_login(plan.clerk)
    name = plan.registrations.order_by("id").first().name
    page = client.get(reverse("exams:registrations", args=[plan.pk]), {"q": name})
    assert [r.name for r in page.context["page"]] == [name]
    assert f"q={name}" in page.content.decode() or "export=xlsx" in page.content.decode()
    api = client.get("/api/v1/exams/registrations/", {"plan": plan.pk, "q": name}).json()
    assert [r["name"] for r in api["results"]] == [name]
    assert client.get("/api/v1/exams/registrations/", {"level": "x"}).status_code == 400
