"""Permission matrix for every personnel API endpoint (R-ORG-2, R-X-5): anonymous, another
organisation, the same organisation with the wrong role, the right role. Hidden rows answer
404 like missing ones; visible rows the role may not act on answer 403."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.tests.factories import InstitutionFactory, UserFactory, authority, jurisdiction
from skillcert.catalog.tests.factories import OccupationFactory
from skillcert.core.excel import write_xlsx
from skillcert.core.testing import Case, PermissionMatrix, empty_list, non_empty_list
from skillcert.personnel.choices import RelationKind, SanctionKind, StaffGroup
from skillcert.personnel.eligibility import PoolFilter
from skillcert.personnel.models import Person
from skillcert.personnel.services.dispatch import draw_staff
from skillcert.personnel.services.relations import declare_relation
from skillcert.personnel.services.sanctions import record_violation, sanction_violation
from skillcert.personnel.services.workforce import set_workforce_target
from skillcert.personnel.tests.factories import (
    AppointmentFactory,
    PersonFactory,
    external_supervisor,
    make_id_number,
    serving_person,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate

ALL_200 = {"anonymous": 401, "other_org": 200, "wrong_role": 200, "right_role": 200}


@dataclass
class World:
    inst: Any
    occupation: Any
    person: Any
    appointment: Any
    qualification: Any
    training: Any
    relation: Any
    proposals: list[Any]
    revocable: Any
    violations: list[Any]
    sanction: Any
    draw: Any
    target: Any


@pytest.fixture
def world(db: None) -> World:
    system = None
    inst = InstitutionFactory(name="矩阵评价机构", jurisdiction=jurisdiction("150100"))
    occupation = OccupationFactory(code="9-99-99-01", name="矩阵职业")
    person = serving_person(employer=inst, occupation=occupation, name="矩阵考评员")
    relation = declare_relation(
        actor=system, person=person, kind=RelationKind.RELATIVE, other_name="亲属", other_id_number=make_id_number()
    )
    proposals = [
        AppointmentFactory(
            person=PersonFactory(employer=inst), status="proposed", card_number="", card_valid_until=None
        )
        for _ in range(2)
    ]
    revocable = AppointmentFactory(person=PersonFactory(employer=inst))
    violations = [
        record_violation(actor=system, person=person, occurred_on=TODAY(), description=f"违规{i}") for i in range(3)
    ]
    sanction = sanction_violation(
        actor=system, violation=violations[2], kind=SanctionKind.WARNING, starts_on=TODAY(), reason="警告"
    )
    for i in range(2):
        external_supervisor(name=f"矩阵督导{i}")
    draw = draw_staff(actor=system, pool_filter=PoolFilter(institution=inst, on=TODAY()), n=1, seed="m")
    target = set_workforce_target(
        actor=system,
        jurisdiction=jurisdiction("150100"),
        year=TODAY().year,
        group=StaffGroup.EXAMINER,
        headcount=10,
        trained=5,
    )
    return World(
        inst=inst,
        occupation=occupation,
        person=person,
        appointment=person.appointments.get(),
        qualification=person.qualifications.get(),
        training=person.trainings.get(),
        relation=relation,
        proposals=proposals,
        revocable=revocable,
        violations=violations,
        sanction=sanction,
        draw=draw,
        target=target,
    )


def _names(*expected: str):  # type: ignore[no-untyped-def]
    def check(response) -> None:  # type: ignore[no-untyped-def]
        rows = response.json()["results"]
        assert sorted(r.get("name") or r.get("person_name") for r in rows) == sorted(expected)

    return check


class CentreMatrix(PermissionMatrix):
    """A league centre's work: right role = its clerk; wrong role = its auditor (reads, never acts);
    other organisation = the centre of another league."""

    def __init__(self, w: World) -> None:
        self.w = w
        center = authority(OrgKind.LEAGUE_CENTER, "150100")
        self.users = {
            "anonymous": None,
            "other_org": UserFactory(organisation=authority(OrgKind.LEAGUE_CENTER, "150200"), roles=[Role.CLERK]),
            "wrong_role": UserFactory(organisation=center, roles=[Role.AUDITOR]),
            "right_role": UserFactory(organisation=center, roles=[Role.CLERK]),
        }

    def personas(self) -> dict[str, Any]:
        return self.users

    def cases(self) -> list[Case]:
        w = self.w
        p, base = w.person.pk, "/api/v1/personnel"
        write = {"anonymous": 401, "other_org": 404, "wrong_role": 403, "right_role": 200}
        created = {**write, "right_role": 201}
        hidden_write = {"anonymous": 401, "other_org": 404, "wrong_role": 404, "right_role": 201}
        read = {"anonymous": 401, "other_org": 404, "wrong_role": 200, "right_role": 200}
        lists = {"other_org": empty_list, "wrong_role": non_empty_list, "right_role": non_empty_list}
        next_week = str(TODAY() + datetime.timedelta(days=7))
        return [
            Case("GET", f"{base}/people/", ALL_200, check=lists),
            Case("GET", f"{base}/people/{p}/", read),
            Case(
                "POST",
                f"{base}/people/",
                {"anonymous": 401, "other_org": 400, "wrong_role": 403, "right_role": 201},
                data={"name": "新考评员", "id_number": make_id_number(), "employer": w.inst.pk, "role": "examiner"},
            ),
            Case("PATCH", f"{base}/people/{p}/", {**read, "wrong_role": 404}, data={"job_title": "技师"}),
            Case(
                "POST",
                f"{base}/people/{p}/reveal/",
                {**read, "wrong_role": 404},
                data={"field": "id_number", "reason": "核对"},
            ),
            Case("POST", f"{base}/people/{p}/roles/", created, data={"role": "senior_examiner"}),
            Case(
                "POST",
                f"{base}/people/{p}/qualifications/",
                created,
                data={"occupation": "9-99-99-01", "level": 2},
            ),
            Case(
                "POST",
                f"{base}/people/{p}/trainings/",
                created,
                data={
                    "role": "examiner",
                    "course": "继续教育",
                    "hours": "8",
                    "result": "passed",
                    "completed_on": str(TODAY()),
                },
            ),
            Case(
                "POST",
                f"{base}/people/{p}/relations/",
                hidden_write,
                data={"kind": "teacher_student", "other_name": "学生", "other_id_number": make_id_number()},
            ),
            Case(
                "POST",
                f"{base}/people/{p}/violations/",
                hidden_write,
                data={"occurred_on": str(TODAY()), "description": "迟到"},
            ),
            Case(
                "POST",
                f"{base}/people/{p}/may-serve/",
                read,
                data={"role": "examiner", "occupation": "9-99-99-01", "level": 3},
            ),
            Case(
                "POST",
                f"{base}/people/{p}/conflicts/",
                read,
                data={"institution": w.inst.pk, "candidates": [{"id_number": make_id_number()}]},
            ),
            Case("GET", f"{base}/appointments/", ALL_200, check=lists),
            Case("GET", f"{base}/appointments/{w.appointment.pk}/", read),
            Case("POST", f"{base}/appointments/{w.proposals[0].pk}/approve/", write, data={}),
            Case("POST", f"{base}/appointments/{w.proposals[1].pk}/reject/", write, data={"note": "材料不全"}),
            Case("POST", f"{base}/appointments/{w.appointment.pk}/renew/", write, data={}),
            Case("POST", f"{base}/appointments/{w.revocable.pk}/revoke/", write, data={"reason": "调离"}),
            Case("GET", f"{base}/qualifications/", ALL_200, check=lists),
            Case("GET", f"{base}/qualifications/{w.qualification.pk}/", read),
            Case("POST", f"{base}/qualifications/{w.qualification.pk}/revoke/", write, data={"reason": "复核不合格"}),
            Case("GET", f"{base}/trainings/", ALL_200, check=lists),
            Case("GET", f"{base}/trainings/{w.training.pk}/", read),
            Case("GET", f"{base}/relations/", ALL_200, check=lists),
            Case("GET", f"{base}/relations/{w.relation.pk}/", read),
            Case(
                "POST",
                f"{base}/relations/{w.relation.pk}/withdraw/",
                {**write, "wrong_role": 404},
                data={"reason": "已解除"},
            ),
            Case("GET", f"{base}/violations/", ALL_200, check=lists),
            Case("GET", f"{base}/violations/{w.violations[0].pk}/", read),
            Case(
                "POST",
                f"{base}/violations/{w.violations[0].pk}/sanction/",
                created,
                data={"kind": "warning", "starts_on": str(TODAY()), "reason": "违反纪律"},
            ),
            Case("POST", f"{base}/violations/{w.violations[0].pk}/refer/", write, data={"referred_to": "公安机关"}),
            Case("POST", f"{base}/violations/{w.violations[1].pk}/dismiss/", write, data={"reason": "不属实"}),
            Case("GET", f"{base}/sanctions/", ALL_200, check=lists),
            Case("GET", f"{base}/sanctions/{w.sanction.pk}/", read),
            Case("GET", f"{base}/assignments/", ALL_200, check=lists),
            Case("GET", f"{base}/assignments/{w.draw.assignments.get().pk}/", read),
            Case("GET", f"{base}/draws/", ALL_200, check=lists),
            Case("GET", f"{base}/draws/{w.draw.pk}/", read),
            Case("GET", f"{base}/draws/{w.draw.pk}/verify/", read),
            Case(
                "POST",
                f"{base}/draws/",
                {"anonymous": 401, "other_org": 400, "wrong_role": 403, "right_role": 201},
                data={"institution": w.inst.pk, "on": next_week, "n": 1, "seed": "matrix"},
            ),
            Case("GET", f"{base}/workforce-targets/", ALL_200, check=lists),
            Case("GET", f"{base}/workforce-targets/{w.target.pk}/", read),
            Case(
                "POST",
                f"{base}/workforce-targets/",
                {"anonymous": 401, "other_org": 403, "wrong_role": 403, "right_role": 201},
                data={
                    "jurisdiction": "150100",
                    "year": TODAY().year,
                    "group": "supervisor",
                    "headcount": 4,
                    "trained": 2,
                },
            ),
            Case(
                "GET",
                f"{base}/workforce/",
                ALL_200,
                check={
                    "other_org": _workforce_jurisdictions("包头市"),
                    "wrong_role": _workforce_jurisdictions("呼和浩特市"),
                    "right_role": _workforce_jurisdictions("呼和浩特市"),
                },
            ),
        ]


def _workforce_jurisdictions(*names: str):  # type: ignore[no-untyped-def]
    def check(response) -> None:  # type: ignore[no-untyped-def]
        assert [r["jurisdiction"]["name"] for r in response.json()["rows"]] == list(names)

    return check


class InstitutionMatrix(PermissionMatrix):
    """An institution's own people: right role = its clerk; wrong role = its examiner (sees
    nothing); other organisation = another institution's clerk."""

    def __init__(self, w: World) -> None:
        self.w = w
        self.users = {
            "anonymous": None,
            "other_org": UserFactory(
                organisation=InstitutionFactory(jurisdiction=jurisdiction("150100")), roles=[Role.CLERK]
            ),
            "wrong_role": UserFactory(organisation=w.inst, roles=[Role.EXAMINER]),
            "right_role": UserFactory(organisation=w.inst, roles=[Role.CLERK]),
        }

    def personas(self) -> dict[str, Any]:
        return self.users

    def cases(self) -> list[Case]:
        w = self.w
        p, base = w.person.pk, "/api/v1/personnel"
        hidden = {"anonymous": 401, "other_org": 404, "wrong_role": 404, "right_role": 200}
        hidden_write = {**hidden, "right_role": 201}
        own_only = {"other_org": empty_list, "wrong_role": empty_list, "right_role": non_empty_list}
        nothing = {"other_org": empty_list, "wrong_role": empty_list, "right_role": empty_list}
        return [
            Case("GET", f"{base}/people/", ALL_200, check=own_only),
            Case("GET", f"{base}/people/{p}/", hidden),
            Case(
                "POST",
                f"{base}/people/",
                {"anonymous": 401, "other_org": 400, "wrong_role": 403, "right_role": 202},
                data={"name": "机构推荐", "id_number": make_id_number(), "employer": w.inst.pk, "role": "examiner"},
            ),
            Case("POST", f"{base}/people/{p}/roles/", hidden_write, data={"role": "internal_supervisor"}),
            Case(
                "POST",
                f"{base}/people/{p}/relations/",
                hidden_write,
                data={"kind": "colleague", "other_name": "同事", "other_id_number": make_id_number()},
            ),
            Case(
                "POST",
                f"{base}/people/{p}/violations/",
                hidden_write,
                data={"occurred_on": str(TODAY()), "description": "早退"},
            ),
            Case("GET", f"{base}/appointments/", ALL_200, check=own_only),
            Case("GET", f"{base}/violations/", ALL_200, check=own_only),
            Case("GET", f"{base}/draws/", ALL_200, check=nothing),
            Case("GET", f"{base}/draws/{w.draw.pk}/", {**hidden, "right_role": 404}),
            Case("GET", f"{base}/workforce-targets/", ALL_200, check=nothing),
        ]


class LoginMatrix(PermissionMatrix):
    """Opening a person's login needs a manager (accounts' rule): a clerk of the same centre is the wrong role."""

    def __init__(self, w: World) -> None:
        self.w = w
        center = authority(OrgKind.LEAGUE_CENTER, "150100")
        self.users = {
            "anonymous": None,
            "other_org": UserFactory(organisation=authority(OrgKind.LEAGUE_CENTER, "150200"), roles=[Role.MANAGER]),
            "wrong_role": UserFactory(organisation=center, roles=[Role.CLERK]),
            "right_role": UserFactory(organisation=center, roles=[Role.MANAGER]),
        }

    def personas(self) -> dict[str, Any]:
        return self.users

    def cases(self) -> list[Case]:
        return [
            Case(
                "POST",
                f"/api/v1/personnel/people/{self.w.person.pk}/login/",
                {"anonymous": 401, "other_org": 404, "wrong_role": 403, "right_role": 201},
                data={"username": "kp_matrix", "password": "Exam#2026Secure"},
            )
        ]


def test_login_matrix(world: World) -> None:
    LoginMatrix(world).run()
    world.person.refresh_from_db()
    assert world.person.user.username == "kp_matrix"
    assert world.person.user.role_codes == {Role.EXAMINER}


def test_centre_matrix(world: World) -> None:
    CentreMatrix(world).run()


def test_institution_matrix(world: World) -> None:
    InstitutionMatrix(world).run()


def test_institution_cannot_approve_its_own_proposal(world: World) -> None:
    client = APIClient()
    client.force_authenticate(UserFactory(organisation=world.inst, roles=[Role.MANAGER]))
    response = client.post(f"/api/v1/personnel/appointments/{world.proposals[0].pk}/approve/", {}, format="json")
    assert response.status_code == 403


def test_workforce_summary_is_not_for_institutions(world: World) -> None:
    client = APIClient()
    client.force_authenticate(UserFactory(organisation=world.inst, roles=[Role.MANAGER]))
    assert client.get("/api/v1/personnel/workforce/").json()["rows"] == []


def _xlsx(headers: list[str], rows: list[list[Any]]) -> io.BytesIO:
    buffer = io.BytesIO()
    write_xlsx(buffer, headers, rows)
    buffer.seek(0)
    buffer.name = "upload.xlsx"
    return buffer


@pytest.mark.parametrize(
    ("persona", "people_status", "qualification_status"),
    [("anonymous", 401, 401), ("other_org", 400, 400), ("wrong_role", 400, 400), ("right_role", 201, 201)],
)
def test_import_endpoints(world: World, persona: str, people_status: int, qualification_status: int) -> None:
    """Imports: rows the actor may not register come back as row errors; nothing is saved then."""
    center = authority(OrgKind.LEAGUE_CENTER, "150100")
    users = {
        "anonymous": None,
        "other_org": UserFactory(organisation=authority(OrgKind.LEAGUE_CENTER, "150200"), roles=[Role.CLERK]),
        "wrong_role": UserFactory(organisation=center, roles=[Role.AUDITOR]),
        "right_role": UserFactory(organisation=center, roles=[Role.CLERK]),
    }
    client = APIClient()
    if users[persona] is not None:
        client.force_authenticate(users[persona])
    before = Person.objects.count()
    people = _xlsx(
        ["姓名", "身份证号码", "人员类别", "工作单位编码"], [["导入甲", make_id_number(), "考评员", world.inst.code]]
    )
    response = client.post("/api/v1/personnel/people/import/", {"file": people}, format="multipart")
    assert response.status_code == people_status, response.content
    assert Person.objects.count() == before + (1 if people_status == 201 else 0)
    quals = _xlsx(["身份证号码", "职业编码", "等级"], [[world.person.id_number, "9-99-99-01", "二级"]])
    response = client.post("/api/v1/personnel/qualifications/import/", {"file": quals}, format="multipart")
    assert response.status_code == qualification_status, response.content
    if qualification_status == 400:
        body = response.json()
        assert body["code"] == "rows" and body["error_count"] == 1 and body["errors"]["file"][0].startswith("第2行：")
        assert body["detail"].startswith("1行中有1处错误，全部未导入。第2行：")
