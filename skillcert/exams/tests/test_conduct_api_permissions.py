"""Permission matrix for every sessions/staffing/scoring/publicity endpoint (R-ORG-2, R-X-5).

Personas: anonymous; another institution's clerk (or another league's bureau); the same
organisation in a role that may read but not act (auditor); the right role. Hidden rows
answer 404; readable rows the role may not act on answer 403; the right role reaches the
service (2xx, or 400 where the plan's state refuses the change).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.models import Organisation
from skillcert.accounts.tests.factories import UserFactory, authority
from skillcert.core.testing import Case, PermissionMatrix, empty_list, non_empty_list
from skillcert.exams.models import ComponentScore, Objection, RecheckRequest, ResultPublication, ScoreChange, Seat
from skillcert.exams.services import conduct, publicity, scoring
from skillcert.exams.services.scoring import ScoreInput
from skillcert.exams.tests.conduct_factories import Scenario, checked_in, closed_plan
from skillcert.institutions.tests.factories import staff

pytestmark = pytest.mark.django_db

LIST = {"anonymous": 401, "other_org": 200, "wrong_role": 200, "right_role": 200}
DETAIL = {"anonymous": 401, "other_org": 404, "wrong_role": 200, "right_role": 200}


def act(right: int) -> dict[str, int]:
    return {"anonymous": 401, "other_org": 404, "wrong_role": 403, "right_role": right}


@dataclass
class World:
    s: Scenario
    theory: Any
    skills: Any
    auditor: Any
    candidate: Any
    other_candidate: Any
    publication: ResultPublication
    objection: Objection
    recheck: RecheckRequest


@pytest.fixture
def world(db: None) -> World:
    s = closed_plan(n=3)
    theory, skills = checked_in(s)
    conduct.record_incident(
        actor=s.clerk,
        session=theory,
        registration=s.registrations[1],
        kind="violation",
        description="交谈",
        handling="warning",
    )
    scoring.enter_scores(
        actor=s.clerk,
        plan=s.plan,
        level=4,
        component="theory",
        rows=[ScoreInput(r.pk, score="70") for r in s.registrations],
    )
    scoring.enter_scores(
        actor=s.clerk,
        plan=s.plan,
        level=4,
        component="skills",
        rows=[ScoreInput(r.pk, examiner_scores={e.pk: "80" for e in s.examiners}) for r in s.registrations],
    )
    scoring.confirm_scores(actor=s.clerk, plan=s.plan)
    cs = ComponentScore.objects.get(registration=s.registrations[2], component="theory")
    scoring.change_score(actor=s.clerk, component_score=cs, reason="复查", score="72")
    publication = publicity.publish_results(actor=s.clerk, plan=s.plan)
    individuals = Organisation.objects.get(code="individuals")
    candidate = UserFactory(organisation=individuals, roles=[Role.CANDIDATE])
    other_candidate = UserFactory(organisation=individuals, roles=[Role.CANDIDATE])
    s.registrations[0].user = candidate
    s.registrations[0].save(update_fields=["user"])
    objection = publicity.file_objection(actor=None, publication=publication, complainant_name="甲", text_="异议")
    recheck = publicity.request_recheck(
        actor=candidate, registration=s.registrations[0], component="theory", reason="复核"
    )
    return World(
        s,
        theory,
        skills,
        staff(s.institution, Role.AUDITOR),
        candidate,
        other_candidate,
        publication,
        objection,
        recheck,
    )


class InstitutionMatrix(PermissionMatrix):
    def __init__(self, w: World) -> None:
        self.w = w

    def personas(self) -> dict[str, Any]:
        return {
            "anonymous": None,
            "other_org": self.w.s.other_clerk,
            "wrong_role": self.w.auditor,
            "right_role": self.w.s.clerk,
        }

    def cases(self) -> list[Case]:
        w, s = self.w, self.w.s
        base = "/api/v1/exams"
        lists = {"other_org": empty_list, "right_role": non_empty_list, "wrong_role": non_empty_list}
        seat = Seat.objects.filter(session=w.theory).first()
        assert seat is not None
        cs = ComponentScore.objects.filter(registration__plan=s.plan).first()
        assert cs is not None
        staff_row = w.theory.staff.first()
        change = ScoreChange.objects.first()
        cases = [
            Case("get", f"{base}/{name}/", LIST, check=lists)
            for name in (
                "sessions",
                "incidents",
                "seats",
                "seat-draws",
                "session-staff",
                "attendance",
                "scores",
                "score-changes",
                "results",
                "publications",
                "objections",
                "rechecks",
            )
        ]
        cases += [
            Case("get", f"{base}/sessions/{w.theory.pk}/", DETAIL),
            Case("get", f"{base}/sessions/{w.theory.pk}/staffing/", DETAIL),
            Case("get", f"{base}/incidents/{w.theory.incidents.get().pk}/", DETAIL),
            Case("get", f"{base}/attendance/{w.theory.attendance.first().pk}/", DETAIL),
            Case("get", f"{base}/seats/{seat.pk}/", DETAIL),
            Case("get", f"{base}/seat-draws/{seat.draw_id}/", DETAIL),
            Case("get", f"{base}/seat-draws/{seat.draw_id}/verify/", DETAIL),
            Case("get", f"{base}/session-staff/{staff_row.pk}/", DETAIL),
            Case("get", f"{base}/scores/{cs.pk}/", DETAIL),
            Case("get", f"{base}/score-changes/{change.pk}/", DETAIL),
            Case("get", f"{base}/publications/{w.publication.pk}/", DETAIL),
            Case("get", f"{base}/objections/{w.objection.pk}/", DETAIL),
            Case("get", f"{base}/rechecks/{w.recheck.pk}/", DETAIL),
            Case("get", f"{base}/results/{s.registrations[0].result.pk}/", DETAIL),
            Case("get", f"{base}/tickets/{s.registrations[0].pk}/", DETAIL),
            # Workflows: the plan is in publicity, so the services refuse timetable and staffing changes (400).
            Case(
                "post",
                f"{base}/sessions/",
                act(400),
                data={
                    "plan": s.plan.pk,
                    "level": 4,
                    "component": "theory",
                    "room": s.written.pk,
                    "starts_at": s.at(1, 9).isoformat(),
                    "ends_at": s.at(1, 11).isoformat(),
                },
            ),
            Case("patch", f"{base}/sessions/{w.theory.pk}/", act(400), data={"capacity": 5}),
            Case("delete", f"{base}/sessions/{w.theory.pk}/", act(400)),
            Case(
                "post",
                f"{base}/sessions/{w.theory.pk}/staff/",
                act(400),
                data={"person": s.examiners[0].pk, "role": "proctor"},
            ),
            Case("post", f"{base}/sessions/{w.theory.pk}/confirm-staffing/", act(400)),
            Case(
                "post",
                f"{base}/sessions/{w.theory.pk}/check-in/",
                act(400),
                data={"registration": s.registrations[0].pk, "identity_verified": True},
            ),
            Case(
                "post",
                f"{base}/sessions/{w.theory.pk}/incidents/",
                act(400),
                data={"kind": "other", "description": "停电"},
            ),
            Case("post", f"{base}/session-staff/{staff_row.pk}/remove/", act(400), data={"reason": "换人"}),
            Case("post", f"{base}/seat-draws/", act(400), data={"plan": s.plan.pk, "level": 4, "component": "theory"}),
            Case(
                "post",
                f"{base}/scores/enter/",
                act(400),
                data={"plan": s.plan.pk, "level": 4, "component": "theory", "rows": []},
            ),
            Case("post", f"{base}/scores/confirm/", act(400), data={"plan": s.plan.pk}),
            Case(
                "post", f"{base}/scores/cbt/", act(400), data={"plan": s.plan.pk, "level": 4, "scores": {"0000": "1"}}
            ),
            Case(
                "post",
                f"{base}/scores/{cs.pk}/change/",
                act(201),
                data={
                    "reason": "阅卷复查",
                    "score": str(cs.score + 1) if cs.component == "theory" else None,
                    "examiner_scores": {} if cs.component == "theory" else {str(s.examiners[0].pk): "81"},
                },
            ),
            Case("post", f"{base}/publications/", act(400), data={"plan": s.plan.pk}),
            Case("post", f"{base}/objections/{w.objection.pk}/handle/", act(200), data={"outcome": "经核查异议不成立"}),
            Case("post", f"{base}/rechecks/{w.recheck.pk}/handle/", act(200), data={"outcome": "复核无误"}),
        ]
        return cases


def test_institution_endpoints(world: World) -> None:
    InstitutionMatrix(world).run()


def test_score_import_endpoint(world: World) -> None:
    import io

    from rest_framework.test import APIClient

    s = world.s
    expected = {"anonymous": 401, "other_org": 404, "wrong_role": 403, "right_role": 400}
    for persona, user in {
        "anonymous": None,
        "other_org": s.other_clerk,
        "wrong_role": world.auditor,
        "right_role": s.clerk,
    }.items():
        client = APIClient()
        if user:
            client.force_authenticate(user)
        body = io.BytesIO(f"准考证号,成绩\n{s.registrations[0].exam_number},90\n".encode())
        body.name = "scores.csv"
        response = client.post(
            "/api/v1/exams/scores/import/",
            {"plan": s.plan.pk, "level": 4, "component": "theory", "file": body},
            format="multipart",
        )
        assert response.status_code == expected[persona], (persona, response.status_code, response.content[:200])
    assert "不能录入成绩" in response.json()["detail"]


class BureauMatrix(PermissionMatrix):
    def __init__(self, w: World) -> None:
        self.w = w

    def personas(self) -> dict[str, Any]:
        return {
            "anonymous": None,
            "other_org": UserFactory(organisation=authority(OrgKind.LEAGUE_BUREAU, "150200"), roles=[Role.CLERK]),
            "wrong_role": UserFactory(organisation=authority(OrgKind.LEAGUE_BUREAU, "150100"), roles=[Role.AUDITOR]),
            "right_role": self.w.s.bureau,
        }

    def cases(self) -> list[Case]:
        w = self.w
        return [
            Case("get", "/api/v1/exams/sessions/", LIST, check={"other_org": empty_list, "right_role": non_empty_list}),
            Case("get", f"/api/v1/exams/sessions/{w.skills.pk}/", DETAIL),
            Case("post", f"/api/v1/exams/sessions/{w.skills.pk}/draw-supervisor/", act(400), data={"seed": "s"}),
        ]


def test_bureau_endpoints(world: World) -> None:
    BureauMatrix(world).run()


class CandidateMatrix(PermissionMatrix):
    def __init__(self, w: World) -> None:
        self.w = w

    def personas(self) -> dict[str, Any]:
        return {
            "anonymous": None,
            "other_org": self.w.s.other_clerk,
            "wrong_role": self.w.other_candidate,
            "right_role": self.w.candidate,
        }

    def cases(self) -> list[Case]:
        w = self.w
        mine = w.s.registrations[0]
        return [
            Case(
                "get",
                f"/api/v1/exams/tickets/{mine.pk}/",
                {"anonymous": 401, "other_org": 404, "wrong_role": 404, "right_role": 200},
            ),
            Case(
                "get", "/api/v1/exams/rechecks/", LIST, check={"wrong_role": empty_list, "right_role": non_empty_list}
            ),
            Case("get", "/api/v1/exams/scores/", LIST, check={"wrong_role": empty_list, "right_role": non_empty_list}),
            Case(
                "post",
                "/api/v1/exams/rechecks/",
                {"anonymous": 401, "other_org": 404, "wrong_role": 404, "right_role": 201},
                data={"registration": mine.pk, "component": "skills", "reason": "操作技能复核"},
            ),
        ]


def test_candidate_endpoints(world: World) -> None:
    CandidateMatrix(world).run()


class PublicMatrix(PermissionMatrix):
    def __init__(self, w: World) -> None:
        self.w = w

    def personas(self) -> dict[str, Any]:
        return {
            "anonymous": None,
            "other_org": self.w.s.other_clerk,
            "wrong_role": self.w.other_candidate,
            "right_role": self.w.s.clerk,
        }

    def cases(self) -> list[Case]:
        w = self.w
        everyone = {"anonymous": 200, "other_org": 200, "wrong_role": 200, "right_role": 200}

        def masked(response: Any) -> None:
            rows = response.json()["rows"]
            assert rows and all("*" in r["id_number"] for r in rows)
            assert all(r["id_number"] != reg.id_number for r in rows for reg in w.s.registrations)

        return [
            Case("get", "/api/v1/public/exams/results/", everyone, check={"anonymous": non_empty_list}),
            Case("get", f"/api/v1/public/exams/results/{w.publication.pk}/", everyone, check={"anonymous": masked}),
            Case("get", f"/api/v1/public/exams/objections/{w.objection.tracking_code}/", everyone),
            Case(
                "post",
                "/api/v1/public/exams/objections/",
                dict.fromkeys(everyone, 201),
                data={"publication": w.publication.pk, "complainant_name": "公众", "text": "请核实"},
            ),
            Case("get", "/api/v1/public/exams/objections/NOPE/", dict.fromkeys(everyone, 404)),
        ]


def test_public_endpoints(world: World) -> None:
    PublicMatrix(world).run()


def test_bad_score_input_is_400_in_chinese(world: World) -> None:
    from rest_framework.test import APIClient

    s = closed_plan(n=1)
    checked_in(s)
    client = APIClient()
    client.force_authenticate(s.clerk)
    response = client.post(
        "/api/v1/exams/scores/enter/",
        {
            "plan": s.plan.pk,
            "level": 4,
            "component": "theory",
            "rows": [{"registration": s.registrations[0].pk, "score": "150"}],
        },
        format="json",
    )
    assert response.status_code == 400
    assert (
        "超出范围，应在0至100分之间" in response.json()["detail"]
        and s.registrations[0].exam_number in response.json()["detail"]
    )


def test_candidate_sees_objections_about_them_without_the_complainant(world: World) -> None:
    from rest_framework.test import APIClient

    mine = world.s.registrations[0]
    publicity.file_objection(
        actor=None, publication=world.publication, complainant_name="举报人", text_="x", exam_number=mine.exam_number
    )
    client = APIClient()
    client.force_authenticate(world.candidate)
    rows = client.get("/api/v1/exams/objections/").json()["results"]
    assert len(rows) == 1 and "complainant_name" not in rows[0] and "text" not in rows[0]
    client.force_authenticate(world.other_candidate)
    assert client.get("/api/v1/exams/objections/").json()["results"] == []
