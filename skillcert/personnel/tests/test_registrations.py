"""Registering a person never tells an institution whether the ID number is already in the register
(issue #17, R-ORG-2): the institution files a request, its league centre registers or links or declines."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook
from rest_framework.test import APIClient

from skillcert.accounts.tests.factories import InstitutionFactory, jurisdiction
from skillcert.core.audit import verify_chain
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEvent
from skillcert.personnel.choices import AppointmentStatus, Event, RegistrationStatus, StaffRole
from skillcert.personnel.models import Person, RegistrationRequest
from skillcert.personnel.services.access import may_decide_registration
from skillcert.personnel.services.imports import import_people, import_qualifications
from skillcert.personnel.services.registrations import decide_registration, submit_registration
from skillcert.personnel.tests.factories import PersonFactory, make_id_number

pytestmark = pytest.mark.django_db

URL = "/api/v1/personnel/people/"


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _shape(sql: str) -> str:
    """A statement with its values taken out: what the database was asked to do, not with what."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r'"s\w+_x\d+"', "?", sql)  # savepoint names
    return re.sub(r"\b\d+(\.\d+)?\b", "?", sql)


def _post(client: Any, number: str) -> tuple[Any, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.post(URL, {"name": "张三", "id_number": number, "role": StaffRole.EXAMINER}, format="json")
    return response, [_shape(q["sql"]) for q in queries.captured_queries]


@pytest.fixture
def elsewhere(other_inst: Any) -> Person:
    """Someone already in the register under another institution in another league."""
    return PersonFactory(name="李四", employer=other_inst)


def test_api_answer_is_byte_identical_whether_or_not_the_number_is_registered(inst_clerk, elsewhere):
    client = _api(inst_clerk)
    _post(client, make_id_number())  # the actor's roles are read once per user, whichever comes first
    known, known_sql = _post(client, elsewhere.id_number)
    fresh, fresh_sql = _post(client, make_id_number())
    # Before the fix the known number answered 400 "该人员已登记在平台人员库中" and the new one 201.
    assert known.status_code == fresh.status_code == 202
    assert known.content == fresh.content
    assert known.json()["code"] == "submitted"
    assert known_sql == fresh_sql  # the same statements: no extra look-up in the region's register
    assert Person.objects.count() == 1  # nothing registered, nothing linked yet
    requests = RegistrationRequest.objects.order_by("id")
    assert [r.status for r in requests] == [RegistrationStatus.PENDING] * 3
    assert {r.jurisdiction_id for r in requests} == {inst_clerk.organisation.jurisdiction_id}
    assert AuditEvent.objects.filter(action=Event.REGISTRATION_SUBMITTED).count() == 3


def test_same_league_known_number_answers_the_same_too(inst_clerk, inst):
    neighbour = InstitutionFactory(jurisdiction=inst.jurisdiction)
    known = PersonFactory(employer=neighbour)
    client = _api(inst_clerk)
    assert _post(client, known.id_number)[0].content == _post(client, make_id_number())[0].content


def test_page_answer_is_identical(inst_clerk, elsewhere):
    client = Client()
    client.force_login(inst_clerk)
    answers = []
    for number in (elsewhere.id_number, make_id_number()):
        response = client.post(reverse("personnel:person_create"), {"name": "张三", "id_number": number}, follow=True)
        answers.append((response.status_code, response.redirect_chain, [str(m) for m in response.context["messages"]]))
    assert answers[0] == answers[1]
    assert answers[0][1] == [(reverse("personnel:registrations"), 302)]


def test_the_institution_sees_its_requests_but_never_the_existing_entry(inst_clerk, elsewhere):
    submit_registration(actor=inst_clerk, name="张三", id_number=elsewhere.id_number)
    client = Client()
    client.force_login(inst_clerk)
    page = client.get(reverse("personnel:registrations")).content.decode()
    assert "张三" in page and "待核实" in page
    assert "现工作单位" not in page and elsewhere.employer.name not in page and "李四" not in page
    listed = _api(inst_clerk).get("/api/v1/personnel/registrations/").json()["results"]
    assert [r["status"] for r in listed] == ["pending"] and listed[0]["person"] is None


def test_own_person_is_still_refused_by_name(inst_clerk, inst):
    own = PersonFactory(employer=inst)
    with pytest.raises(DomainError) as exc:
        submit_registration(actor=inst_clerk, name="王五", id_number=own.id_number)
    assert exc.value.code == "duplicate"


def test_league_centre_links_the_existing_entry(inst_clerk, inst, center, elsewhere):
    request = submit_registration(actor=inst_clerk, name="张三", id_number=elsewhere.id_number, role=StaffRole.EXAMINER)
    assert may_decide_registration(center, request)
    client = Client()
    client.force_login(center)
    page = client.get(reverse("personnel:registrations")).content.decode()
    assert "现工作单位" in page  # the deciding centre is told, to check
    response = client.post(reverse("personnel:registration_decide", args=[request.pk]), {"approve": "1", "note": ""})
    assert response.status_code == 302
    request.refresh_from_db()
    elsewhere.refresh_from_db()
    assert request.status == RegistrationStatus.DONE and request.person_id == elsewhere.pk
    assert elsewhere.employer_id == inst.pk and elsewhere.jurisdiction_id == inst.jurisdiction_id
    assert elsewhere.appointments.get().status == AppointmentStatus.ACTIVE
    assert Person.objects.count() == 1
    assert AuditEvent.objects.filter(action=Event.PERSON_LINKED).count() == 1
    assert verify_chain().ok
    # The institution now sees the person, through the request's outcome.
    assert _api(inst_clerk).get("/api/v1/personnel/registrations/").json()["results"][0]["status"] == "done"


def test_league_centre_registers_a_new_number(inst_clerk, inst, center):
    request = submit_registration(actor=inst_clerk, name="张三", id_number=make_id_number())
    done = decide_registration(actor=center, request=request, approve=True)
    assert done.person.employer_id == inst.pk and done.person.registered_by_id == center.organisation_id
    with pytest.raises(DomainError) as exc:
        decide_registration(actor=center, request=request, approve=True)
    assert exc.value.code == "decided"


def test_decline_needs_a_reason_and_only_the_league_centre_decides(inst_clerk, center, other_center, elsewhere):
    request = submit_registration(actor=inst_clerk, name="张三", id_number=elsewhere.id_number)
    assert not may_decide_registration(other_center, request) and not may_decide_registration(inst_clerk, request)
    with pytest.raises(PermissionDenied):
        decide_registration(actor=inst_clerk, request=request, approve=True)
    response = _api(other_center).post(f"/api/v1/personnel/registrations/{request.pk}/decide/", {"approve": True})
    assert response.status_code == 404  # another league's request does not exist for it
    with pytest.raises(DomainError) as exc:
        decide_registration(actor=center, request=request, approve=False)
    assert exc.value.field == "note"
    answer = _api(center).post(
        f"/api/v1/personnel/registrations/{request.pk}/decide/", {"approve": False, "note": "非本机构人员"}
    )
    assert answer.status_code == 200 and answer.json()["status"] == "declined"
    elsewhere.refresh_from_db()
    assert elsewhere.employer_id != inst_clerk.organisation_id


def _sheet(rows: list[list[str]]) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def test_people_import_files_requests_alike(inst_clerk, elsewhere):
    header = ["姓名", "身份证号码", "人员类别"]  # i18n: data
    results = [
        import_people(actor=inst_clerk, upload=_sheet([header, ["张三", number, "考评员"]]), filename="p.xlsx")
        for number in (elsewhere.id_number, make_id_number())
    ]
    assert results[0].as_dict() == results[1].as_dict()
    assert RegistrationRequest.objects.count() == 2 and Person.objects.count() == 1


def test_qualifications_import_answers_alike_for_elsewhere_and_missing(center, elsewhere):
    occupation_row = ["身份证号码", "职业编码", "等级"]  # i18n: data
    far = PersonFactory(employer=InstitutionFactory(jurisdiction=jurisdiction("150200")))
    messages = []
    for number in (far.id_number, make_id_number()):
        result = import_qualifications(
            actor=center, upload=_sheet([occupation_row, [number, "4-01-01-01", "3"]]), filename="q.xlsx"
        )
        messages.append([e.message for e in result.errors])
    assert messages[0] == messages[1]
