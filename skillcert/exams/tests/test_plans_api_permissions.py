"""Permission matrix for the plan, registration, roster-import and announcement endpoints (R-ORG-2, R-X-5):
anonymous, another organisation, the right organisation with the wrong role, the right role."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.tests.factories import UserFactory, authority
from skillcert.core.testing import Case, PermissionMatrix, assert_documented, empty_list, non_empty_list
from skillcert.exams.choices import ImportStatus
from skillcert.exams.models import RosterImport
from skillcert.exams.services.roster import start_roster_import
from skillcert.exams.tests.factories import (
    bureau_clerk,
    candidate,
    draft_plan,
    filed_plan,
    open_plan,
    pdf,
    ready_institution,
    register,
    roster_csv,
    roster_rows,
)
from skillcert.institutions.tests.factories import staff

pytestmark = pytest.mark.django_db

API = "/api/v1/exams"
READ = {"anonymous": 401, "other_org": 404, "wrong_role": 200, "right_role": 200}
LIST = {"anonymous": 401, "other_org": 200, "wrong_role": 200, "right_role": 200}
WRITE = {"anonymous": 401, "other_org": 404, "wrong_role": 403, "right_role": 200}


class InstitutionMatrix(PermissionMatrix):
    def __init__(self) -> None:
        self.setup = ready_institution()
        self.other = ready_institution(league="150200")
        self.draft = draft_plan(self.setup)
        self.to_open = filed_plan(self.setup)
        self.open = open_plan(self.setup, levels={4: 50})
        self.to_close = open_plan(self.setup)
        self.a = register(candidate(1), self.open)
        self.b = register(candidate(2), self.open)
        self.roster_import, _ = start_roster_import(
            actor=self.setup.clerk, plan=self.open, upload=roster_csv(roster_rows(2, start=100))
        )
        self.interrupted, _ = start_roster_import(
            actor=self.setup.clerk, plan=self.open, upload=roster_csv(roster_rows(2, start=200))
        )
        RosterImport.objects.filter(pk=self.interrupted.pk).update(status=ImportStatus.FAILED, retryable=True)

    def personas(self) -> dict[str, Any]:
        return {
            "anonymous": None,
            "other_org": self.other.clerk,
            "wrong_role": staff(self.setup.institution, Role.AUDITOR),
            "right_role": self.setup.clerk,
        }

    def cases(self) -> list[Case]:
        s = self.setup
        new_plan = {
            "title": "接口新建计划",
            "occupation": s.occupation.pk,
            "levels": [{"level": 4, "capacity": 20}],
            "venue": s.venue.pk,
            "rooms": [r.pk for r in s.rooms],
            "first_session_on": self.draft.first_session_on.isoformat(),
            "last_session_on": self.draft.last_session_on.isoformat(),
            "registration_deadline": self.draft.registration_deadline.isoformat(),
        }
        return [
            Case("get", f"{API}/plans/", LIST, check={"other_org": empty_list, "right_role": non_empty_list}),
            Case("get", f"{API}/plans/{self.open.pk}/", READ),
            Case("get", f"{API}/plans/{self.draft.pk}/problems/", READ),
            Case(
                "post",
                f"{API}/plans/",
                {"anonymous": 401, "other_org": 400, "wrong_role": 403, "right_role": 201},
                new_plan,
            ),
            Case("post", f"{API}/plans/{self.draft.pk}/file/", WRITE),
            Case("post", f"{API}/plans/{self.to_open.pk}/open/", WRITE),
            Case("post", f"{API}/plans/{self.to_close.pk}/close/", WRITE),
            Case("get", f"{API}/registrations/", LIST, check={"other_org": empty_list, "right_role": non_empty_list}),
            Case("get", f"{API}/registrations/{self.a.pk}/", READ),
            Case("post", f"{API}/registrations/{self.a.pk}/approve/", WRITE, {"reason": "材料齐全"}),
            Case("post", f"{API}/registrations/{self.b.pk}/reject/", WRITE, {"reason": "证明材料不全"}),
            Case("get", f"{API}/roster-imports/", LIST, check={"other_org": empty_list, "right_role": non_empty_list}),
            Case("get", f"{API}/roster-imports/{self.roster_import.pk}/", READ),
            Case(
                "post",
                f"{API}/roster-imports/{self.interrupted.pk}/retry/",
                {"anonymous": 401, "other_org": 404, "wrong_role": 403, "right_role": 202},
            ),
        ]


def test_institution_endpoints():
    InstitutionMatrix().run()


class BureauMatrix(PermissionMatrix):
    def __init__(self) -> None:
        self.setup = ready_institution()
        self.questioned = filed_plan(self.setup)
        self.to_stop = filed_plan(self.setup)

    def personas(self) -> dict[str, Any]:
        return {
            "anonymous": None,
            "other_org": bureau_clerk("150200"),
            "wrong_role": UserFactory(organisation=authority(OrgKind.LEAGUE_BUREAU, "150100"), roles=[Role.AUDITOR]),
            "right_role": bureau_clerk("150100"),
        }

    def cases(self) -> list[Case]:
        return [
            Case("get", f"{API}/plans/{self.questioned.pk}/", READ),
            Case("post", f"{API}/plans/{self.questioned.pk}/question/", WRITE, {"question": "请说明考评人员来源"}),
            Case("post", f"{API}/plans/{self.to_stop.pk}/stop/", WRITE, {"grounds": "考点不符合要求"}),
        ]


def test_bureau_endpoints_and_the_institution_answers():
    matrix = BureauMatrix()
    matrix.run()
    query = matrix.questioned.queries.get()
    client = APIClient()
    client.force_authenticate(staff(matrix.setup.institution, Role.AUDITOR))
    url = f"{API}/plans/{matrix.questioned.pk}/answer/"
    assert client.post(url, {"query": query.pk, "answer": "本机构考评员"}, format="json").status_code == 403
    client.force_authenticate(matrix.setup.clerk)
    response = client.post(url, {"query": query.pk, "answer": "本机构考评员"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "filed"


def test_uploads_roster_and_evidence_per_persona():
    setup = ready_institution()
    other = ready_institution(league="150200")
    plan = open_plan(setup, levels={4: 50})
    registration = register(candidate(1), plan)
    personas = {
        "anonymous": (None, 401),
        "other_org": (other.clerk, 404),
        "wrong_role": (staff(setup.institution, Role.AUDITOR), 403),
        "right_role": (setup.clerk, 201),
    }
    for name, (user, want) in personas.items():
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        response = client.post(
            f"{API}/plans/{plan.pk}/roster-imports/", {"file": roster_csv(roster_rows(2)), "mode": "all_or_nothing"}
        )
        assert response.status_code == want, (name, response.status_code)
        response = client.post(f"{API}/registrations/{registration.pk}/evidence/", {"kind": "other", "file": pdf()})
        assert response.status_code == want, (name, response.status_code)
    again = APIClient()
    again.force_authenticate(setup.clerk)
    response = again.post(f"{API}/plans/{plan.pk}/roster-imports/", {"file": roster_csv(roster_rows(2))})
    assert response.status_code == 200  # the same file: nothing new
    bad = again.post(f"{API}/plans/{plan.pk}/roster-imports/", {"file": pdf("名册.pdf")})
    assert bad.status_code == 400 and "不是 .xlsx 或 .csv" in bad.json()["detail"]


def test_candidates_see_only_their_own_registrations():
    setup = ready_institution()
    plan = open_plan(setup)
    mine_user, other_user = candidate(1), candidate(2)
    mine = register(mine_user, plan)
    theirs = register(other_user, plan)
    client = APIClient()
    client.force_authenticate(mine_user)
    rows = client.get(f"{API}/registrations/").json()["results"]
    assert [r["id"] for r in rows] == [mine.pk]
    assert rows[0]["id_number"].count("*") == 8
    assert client.get(f"{API}/registrations/{theirs.pk}/").status_code == 404
    assert client.post(f"{API}/registrations/{mine.pk}/approve/", {}, format="json").status_code == 404
    assert client.get(f"{API}/plans/").json()["results"] == []


def test_public_announcements_need_no_login_and_hide_unannounced_plans():
    setup = ready_institution()
    announced = open_plan(setup)
    draft = draft_plan(setup)
    client = APIClient()
    listing = client.get("/api/v1/public/exams/announcements/")
    assert listing.status_code == 200
    assert [p["number"] for p in listing.json()["results"]] == [announced.number]
    detail = client.get(f"/api/v1/public/exams/announcements/{announced.number}/").json()
    assert detail["levels"][0]["places_left"] == 30
    assert client.get(f"/api/v1/public/exams/announcements/{draft.number}/").status_code == 404


def test_public_announcement_fees_are_decimal_strings_as_documented():
    """The published fee of each level answers "100.00" as the schema says; it answered the number 100.0."""
    announced = open_plan(ready_institution())
    response = APIClient().get(f"/api/v1/public/exams/announcements/{announced.number}/")
    assert [level["fees"] for level in response.json()["levels"]] == [["100.00"]]
    assert_documented(response, "/api/v1/public/exams/announcements/{number}/")
