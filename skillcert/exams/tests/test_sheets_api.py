"""Permission matrix and behaviour of the score-sheet, gap-review, rubric and chief-designation endpoints
and pages (R-ORG-2, R-EXAM-11, R-X-5)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from skillcert.accounts.choices import Role
from skillcert.accounts.tests.factories import UserFactory
from skillcert.core.testing import Case, PermissionMatrix, empty_list, non_empty_list
from skillcert.exams.choices import GapReviewStatus, SheetEntry
from skillcert.exams.models import ExaminerScore, ExamSession, GapReview, Seat, SessionStaff
from skillcert.exams.services import sheets
from skillcert.exams.tests.conduct_factories import Scenario, checked_in, closed_plan, examiner_accounts
from skillcert.institutions.tests.factories import staff

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
API = "/api/v1/exams"


@dataclass
class World:
    s: Scenario
    skills: ExamSession
    users: list[Any]
    seats: list[Seat]
    review: GapReview
    auditor: Any
    stranger: Any


@pytest.fixture
def world(db: None) -> World:
    s = closed_plan(n=3)
    _theory, skills = checked_in(s)
    users = examiner_accounts(s, skills)
    seats = list(Seat.objects.filter(session=skills).select_related("registration").order_by("seat_number"))
    for user, total in zip(users, ("50", "90", "70"), strict=True):
        sheets.sign_sheet(actor=user, seat=seats[1], marks={"total": total})
    review = GapReview.objects.get()
    auditor = staff(s.institution, Role.AUDITOR)
    stranger = UserFactory(organisation=s.other_clerk.organisation, roles=[Role.EXAMINER])
    return World(s, skills, users, seats, review, auditor, stranger)


class ExaminerMatrix(PermissionMatrix):
    """An examiner on the session acts on their own sheet; the institution's clerk sees it but may not score."""

    def __init__(self, w: World) -> None:
        self.w = w

    def personas(self) -> dict[str, Any]:
        return {
            "anonymous": None,
            "other_org": self.w.stranger,
            "wrong_role": self.w.s.clerk,
            "right_role": self.w.users[0],
        }

    def cases(self) -> list[Case]:
        seat = self.w.seats[0].pk

        def blind(response: Any) -> None:
            body = response.json()
            assert body["mine"] is None and body["others"] == [] and body["signed"] == 0

        return [
            Case(
                "get",
                f"{API}/score-sheets/",
                {"anonymous": 401, "other_org": 200, "wrong_role": 200, "right_role": 200},
                check={"other_org": empty_list, "wrong_role": non_empty_list, "right_role": non_empty_list},
            ),
            Case(
                "get",
                f"{API}/score-sheets/{seat}/",
                {"anonymous": 401, "other_org": 404, "wrong_role": 200, "right_role": 200},
                check={"right_role": blind},
            ),
            Case(
                "post",
                f"{API}/score-sheets/{seat}/save/",
                {"anonymous": 401, "other_org": 404, "wrong_role": 403, "right_role": 200},
                data={"marks": {"total": "66"}},
            ),
            Case(
                "post",
                f"{API}/score-sheets/{seat}/sign/",
                {"anonymous": 401, "other_org": 404, "wrong_role": 403, "right_role": 200},
                data={},
            ),
            Case(
                "post",
                f"{API}/score-sheets/{seat}/change/",
                {"anonymous": 401, "other_org": 404, "wrong_role": 403, "right_role": 201},
                data={"marks": {"total": "68"}, "reason": "复看作品后改正"},
            ),
        ]


def test_examiner_endpoints_matrix(world: World) -> None:
    ExaminerMatrix(world).run()
    sheet = ExaminerScore.objects.get(
        examiner=world.s.examiners[0], component_score__registration=world.seats[0].registration
    )
    assert sheet.signed_at is not None and str(sheet.score) == "68.00" and sheet.changes.count() == 1


def test_wrong_role_gets_a_chinese_reason_and_bad_input_names_the_field(world: World) -> None:
    seat = world.seats[0].pk
    clerk = APIClient()
    clerk.force_authenticate(world.s.clerk)
    refused = clerk.post(f"{API}/score-sheets/{seat}/save/", {"marks": {"total": "60"}}, format="json")
    assert refused.status_code == 403 and "考评人员" in refused.json()["detail"]
    examiner = APIClient()
    examiner.force_authenticate(world.users[0])
    bad = examiner.post(f"{API}/score-sheets/{seat}/save/", {"marks": {"total": "101"}}, format="json")
    assert bad.status_code == 400 and "marks" in bad.json()["errors"] and "满分100" in bad.json()["detail"]
    missing = examiner.post(f"{API}/score-sheets/{seat}/save/", {}, format="json")
    assert missing.status_code == 400 and "marks" in missing.json()["errors"]
    assert (
        examiner.post(f"{API}/score-sheets/{seat}/sign/", {"marks": {"total": "60"}}, format="json").status_code == 200
    )
    again = examiner.post(f"{API}/score-sheets/{seat}/sign/", {}, format="json")
    assert again.status_code == 400 and "不能重复签名" in again.json()["detail"]


def test_others_marks_show_only_after_everyone_signed(world: World) -> None:
    client = APIClient()
    client.force_authenticate(world.users[0])
    body = client.get(f"{API}/score-sheets/{world.seats[1].pk}/").json()
    assert body["all_signed"] and sorted(o["score"] for o in body["others"]) == ["70.00", "90.00"]
    assert body["review"]["status"] == GapReviewStatus.OPEN and body["component_score"] is None
    sheets.save_sheet(actor=world.users[1], seat=world.seats[2], marks={"total": "80"})
    sheets.sign_sheet(actor=world.users[0], seat=world.seats[2], marks={"total": "79"})
    body = client.get(f"{API}/score-sheets/{world.seats[2].pk}/").json()
    assert body["mine"]["score"] == "79.00" and body["others"] == [], "the draft of another examiner stays hidden"


class ChiefMatrix(PermissionMatrix):
    def __init__(self, w: World) -> None:
        self.w = w

    def personas(self) -> dict[str, Any]:
        return {
            "anonymous": None,
            "other_org": self.w.stranger,
            "wrong_role": self.w.s.clerk,
            "right_role": self.w.users[2],
        }

    def cases(self) -> list[Case]:
        pk = self.w.review.pk
        return [
            Case(
                "get",
                f"{API}/gap-reviews/",
                {"anonymous": 401, "other_org": 200, "wrong_role": 200, "right_role": 200},
                check={"other_org": empty_list, "right_role": non_empty_list},
            ),
            Case(
                "get",
                f"{API}/gap-reviews/{pk}/",
                {"anonymous": 401, "other_org": 404, "wrong_role": 200, "right_role": 200},
            ),
            Case(
                "post",
                f"{API}/gap-reviews/{pk}/decide/",
                {"anonymous": 401, "other_org": 404, "wrong_role": 403, "right_role": 200},
                data={"reasons": "复看录像，两位考评员扣分依据均成立，维持原评分"},
            ),
        ]


def test_gap_review_endpoints_matrix(world: World) -> None:
    client = APIClient()
    client.force_authenticate(world.users[0])
    assert client.get(f"{API}/gap-reviews/").json()["results"] == [], "an examiner who is not chief sees no review"
    assert (
        client.post(f"{API}/gap-reviews/{world.review.pk}/decide/", {"reasons": "x"}, format="json").status_code == 404
    )
    ChiefMatrix(world).run()
    world.review.refresh_from_db()
    assert world.review.status == GapReviewStatus.DECIDED and str(world.review.score) == "70.00"
    bench = APIClient()
    bench.force_authenticate(world.users[2])
    data = bench.get(f"{API}/my-workbench/").json()
    assert data["gaps"] == [] and data["sheets"][0]["is_chief"] is True


class ClerkMatrix(PermissionMatrix):
    """The institution's clerk sets rubrics and names the chief; its auditor sees but may not."""

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
        examiner = SessionStaff.objects.get(session=self.w.skills, person=self.w.s.examiners[0])
        return [
            Case(
                "post",
                f"{API}/rubrics/",
                {"anonymous": 401, "other_org": 404, "wrong_role": 403, "right_role": 201},
                data={
                    "plan": self.w.s.plan.pk,
                    "level": 3,
                    "component": "skills",
                    "criteria": [{"title": "操作过程", "max": "60"}, {"title": "成品质量", "max": "40"}],
                },
            ),
            Case(
                "get",
                f"{API}/rubrics/",
                {"anonymous": 401, "other_org": 200, "wrong_role": 200, "right_role": 200},
                check={"other_org": empty_list, "right_role": non_empty_list},
            ),
            Case(
                "post",
                f"{API}/session-staff/{examiner.pk}/designate-chief/",
                {"anonymous": 401, "other_org": 404, "wrong_role": 403, "right_role": 204},
            ),
        ]


def test_clerk_endpoints_matrix(world: World) -> None:
    ClerkMatrix(world).run()
    assert SessionStaff.objects.get(session=world.skills, is_chief=True).person == world.s.examiners[0]


def test_paper_sheet_endpoint_matrix(world: World) -> None:
    url = f"{API}/score-sheets/{world.seats[2].pk}/paper/"
    expected = {None: 401, world.s.other_clerk: 404, world.users[1]: 403, world.s.clerk: 201}
    for user, want in expected.items():
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        body = {
            "examiner": str(world.s.examiners[1].pk),
            "marks": '{"total": "77"}',
            "scan": SimpleUploadedFile("sheet.pdf", PDF, content_type="application/pdf"),
        }
        response = client.post(url, body, format="multipart")
        assert response.status_code == want, (user, response.status_code, response.content[:300])
    sheet = ExaminerScore.objects.get(
        examiner=world.s.examiners[1], component_score__registration=world.seats[2].registration
    )
    assert sheet.entry == SheetEntry.PAPER and sheet.scan is not None
    client = APIClient()
    client.force_authenticate(world.s.clerk)
    no_scan = client.post(
        f"{API}/score-sheets/{world.seats[0].pk}/paper/",
        {"examiner": str(world.s.examiners[1].pk), "marks": '{"total": "77"}'},
        format="multipart",
    )
    assert no_scan.status_code == 400 and "scan" in no_scan.json()["errors"]


def test_pages_examiner_scores_signs_and_chief_decides(world: World) -> None:
    examiner = Client()
    examiner.force_login(world.users[0])
    bench = examiner.get("/exams/my/assignments/").content.decode()
    assert "待签名评分表" in bench and f"/exams/my/sessions/{world.skills.pk}/sheets/" in bench
    listing = examiner.get(f"/exams/my/sessions/{world.skills.pk}/sheets/").content.decode()
    assert world.seats[0].registration.exam_number in listing
    assert world.seats[0].registration.name not in listing, "examiners see exam numbers, not names"
    url = f"/exams/my/sheets/{world.seats[0].pk}/"
    refused = examiner.post(url, {"m-total": "120", "action": "sign"})
    assert refused.status_code == 400 and "满分100" in refused.content.decode()
    assert examiner.post(url, {"m-total": "81", "action": "sign"}).status_code == 302
    assert "已于" in examiner.get(url).content.decode()
    stranger = Client()
    stranger.force_login(world.stranger)
    assert stranger.get(url).status_code == 404

    chief = Client()
    chief.force_login(world.users[2])
    assert f"/exams/gaps/{world.review.pk}/" in chief.get("/exams/my/assignments/").content.decode()
    gap_url = f"/exams/gaps/{world.review.pk}/"
    assert "裁定理由" in chief.get(gap_url).content.decode()
    assert chief.post(gap_url, {"reasons": ""}).status_code == 400
    assert chief.post(gap_url, {"reasons": "维持原评分"}).status_code == 302
    assert "科目成绩（平均分）70.00" in chief.get(gap_url).content.decode()

    clerk = Client()
    clerk.force_login(world.s.clerk)
    page = clerk.get(f"/exams/sessions/{world.skills.pk}/").content.decode()
    assert "首席考评员" in page and f"/exams/sessions/{world.skills.pk}/paper-sheets/" in page
    paper = clerk.post(
        f"/exams/sessions/{world.skills.pk}/paper-sheets/",
        {"seat": world.seats[2].pk, "examiner": world.s.examiners[0].pk, "m-total": "70"},
    )
    assert paper.status_code == 400 and "扫描件" in paper.content.decode()
    assert clerk.get(f"/exams/plans/{world.s.plan.pk}/rubric/4/skills/").status_code == 200


def test_the_sheet_list_does_not_grow_queries_with_its_rows(world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = APIClient()
    client.force_authenticate(world.users[0])
    with CaptureQueriesContext(connection) as one:
        assert client.get(f"{API}/score-sheets/{world.seats[1].pk}/").status_code == 200
    with CaptureQueriesContext(connection) as three:
        rows = client.get(f"{API}/score-sheets/").json()["results"]
    assert len(rows) == 3
    assert len(three.captured_queries) <= len(one.captured_queries) + 2, [
        q["sql"][:120] for q in three.captured_queries
    ]
