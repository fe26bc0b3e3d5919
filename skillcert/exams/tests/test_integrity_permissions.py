"""Permission matrix for the staffing-exception and workbench endpoints and pages (R-ORG-2, R-EXAM-6, R-X-5)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.tests.factories import UserFactory, authority
from skillcert.core.testing import Case, PermissionMatrix
from skillcert.exams.choices import SessionStaffRole
from skillcert.exams.models import ExamSession, Registration, StaffingException
from skillcert.exams.services import sessions, staffing
from skillcert.exams.services.staffing_checks import open_problems
from skillcert.exams.tests.conduct_factories import Scenario, add_sessions, closed_plan
from skillcert.institutions.tests.factories import bureau_user
from skillcert.personnel.choices import RelationKind
from skillcert.personnel.services.relations import declare_relation

pytestmark = pytest.mark.django_db


@dataclass
class World:
    s: Scenario
    skills: ExamSession
    problem: str
    examiner_user: Any


@pytest.fixture
def world(db: None) -> World:
    s = closed_plan(n=2)
    _theory, skills = add_sessions(s)
    for e in s.examiners:
        staffing.assign_staff(actor=s.clerk, session=skills, person=e, role=SessionStaffRole.SKILLS_EXAMINER)
    staffing.assign_staff(actor=s.clerk, session=skills, person=s.internal, role=SessionStaffRole.INTERNAL_SUPERVISOR)
    staffing.confirm_staffing(actor=s.clerk, session=skills)
    sessions.draw_seats(actor=s.clerk, plan=s.plan, level=4, component="skills", seed="k")
    candidate = Registration.objects.get(pk=s.registrations[0].pk)
    declare_relation(
        actor=s.clerk,
        person=s.examiners[1],
        kind=RelationKind.RELATIVE,
        other_name=candidate.name,
        other_id_number=candidate.id_number,
    )
    (problem,) = open_problems(skills)
    examiner_user = UserFactory(organisation=s.institution.organisation, roles=[Role.EXAMINER])
    s.examiners[0].user = examiner_user
    s.examiners[0].save(update_fields=["user"])
    return World(s, skills, problem.message, examiner_user)


class ExceptionMatrix(PermissionMatrix):
    def __init__(self, w: World) -> None:
        self.w = w

    def personas(self) -> dict[str, Any]:
        return {
            "anonymous": None,
            "other_org": bureau_user("150200", Role.MANAGER),
            "wrong_role": UserFactory(organisation=authority(OrgKind.LEAGUE_BUREAU, "150100"), roles=[Role.AUDITOR]),
            "right_role": bureau_user("150100", Role.MANAGER),
        }

    def cases(self) -> list[Case]:
        url = f"/api/v1/exams/sessions/{self.w.skills.pk}/staffing-exceptions/"
        return [
            Case(
                "post",
                url,
                {"anonymous": 401, "other_org": 404, "wrong_role": 403, "right_role": 201},
                data={"problem": self.w.problem, "grounds": "本盟唯一持证考评员，外部督导全程在场"},
            ),
            Case(
                "get",
                f"/api/v1/exams/sessions/{self.w.skills.pk}/staffing/",
                {"anonymous": 401, "other_org": 404, "wrong_role": 200, "right_role": 200},
            ),
        ]


def test_exception_endpoint_matrix(world: World) -> None:
    ExceptionMatrix(world).run()
    assert StaffingException.objects.count() == 1
    body = Client()
    body.force_login(world.s.clerk)
    data = body.get(f"/api/v1/exams/sessions/{world.skills.pk}/staffing/").json()
    assert data["findings"] == [] and data["exceptions"][0]["problem"] == world.problem
    assert data["confirmed"] is False and data["set_aside_reasons"][0]["kind"] == "avoidance"


def test_institution_staff_cannot_grant_an_exception_and_bad_input_saves_nothing(world: World) -> None:
    url = f"/api/v1/exams/sessions/{world.skills.pk}/staffing-exceptions/"
    clerk = Client()
    clerk.force_login(world.s.clerk)
    assert clerk.post(url, {"problem": world.problem, "grounds": "自行批准"}).status_code == 403
    bureau = Client()
    bureau.force_login(bureau_user("150100", Role.CLERK))
    response = bureau.post(url, {"problem": world.problem, "grounds": ""}, content_type="application/json")
    assert response.status_code == 400 and "依据" in response.json()["detail"]
    assert not StaffingException.objects.exists()


class WorkbenchMatrix(PermissionMatrix):
    def __init__(self, w: World) -> None:
        self.w = w

    def personas(self) -> dict[str, Any]:
        return {
            "anonymous": None,
            "other_org": self.w.s.other_clerk,
            "wrong_role": self.w.s.clerk,
            "right_role": self.w.examiner_user,
        }

    def cases(self) -> list[Case]:
        def none(response: Any) -> None:
            assert response.json()["assignments"] == []

        def own(response: Any) -> None:
            rows = response.json()["assignments"]
            assert [r["session"] for r in rows] == [self.w.skills.pk] and rows[0]["role"] == "skills_examiner"

        return [
            Case(
                "get",
                "/api/v1/exams/my-workbench/",
                {"anonymous": 401, "other_org": 200, "wrong_role": 200, "right_role": 200},
                check={"other_org": none, "wrong_role": none, "right_role": own},
            )
        ]


def test_workbench_endpoint_matrix(world: World) -> None:
    WorkbenchMatrix(world).run()


def test_pages_for_exceptions_and_the_examiners_workbench(world: World) -> None:
    url = f"/exams/sessions/{world.skills.pk}/staffing-exception/"
    data = {"problem": world.problem, "grounds": "本盟唯一持证考评员"}
    assert Client().post(url, data).status_code == 302  # to the login page
    for user, status in (
        (world.s.clerk, 403),
        (bureau_user("150200", Role.MANAGER), 404),
    ):
        c = Client()
        c.force_login(user)
        assert c.post(url, data).status_code == status
    assert not StaffingException.objects.exists()
    bureau = Client()
    bureau.force_login(bureau_user("150100", Role.MANAGER))
    page = bureau.get(f"/exams/sessions/{world.skills.pk}/").content.decode()
    assert "批准例外" in page and "人员配备确认已" in page and "亲属关系" in page
    assert bureau.post(url, data).status_code == 302
    assert StaffingException.objects.get().grounds == "本盟唯一持证考评员"

    examiner = Client()
    examiner.force_login(world.examiner_user)
    page = examiner.get("/exams/my/assignments/").content.decode()
    assert world.s.plan.number in page and "考评员" in page
    dashboard = examiner.get("/workbench/").content.decode()
    assert "我的考务任务" in dashboard
    clerk = Client()
    clerk.force_login(world.s.clerk)
    assert world.s.plan.number not in clerk.get("/exams/my/assignments/").content.decode()
    assert "人员配备确认已失效的场次" in clerk.get("/workbench/").content.decode()
