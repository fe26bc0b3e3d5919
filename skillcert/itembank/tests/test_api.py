"""The item-bank API: permission matrix per endpoint, the candidate's endpoints with every bad input (R-BANK-1..4)."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from skillcert.accounts.choices import Role
from skillcert.core.testing import Case, PermissionMatrix, empty_list, non_empty_list
from skillcert.institutions.tests.factories import staff
from skillcert.itembank.choices import ItemType
from skillcert.itembank.models import Paper
from skillcert.itembank.services import items as item_services
from skillcert.itembank.services.sealing import _decrypt
from skillcert.itembank.tests.cbt_helpers import assign_proctor, ready_cbt, sit_with_short_answer
from skillcert.itembank.tests.factories import approved_item, bank_setup, choice_options

pytestmark = pytest.mark.django_db

LIST = {"anonymous": 401, "other_org": 200, "wrong_role": 200, "right_role": 200}
DETAIL = {"anonymous": 401, "other_org": 404, "wrong_role": 200, "right_role": 200}


def act(right: int) -> dict[str, int]:
    return {"anonymous": 401, "other_org": 404, "wrong_role": 403, "right_role": right}


class BankMatrix(PermissionMatrix):
    def __init__(self) -> None:
        self.s = bank_setup()
        self.other = bank_setup()
        self.auditor = staff(self.s.institution, Role.AUDITOR)
        self.item = approved_item(self.s)
        self.draft = item_services.create_item(
            actor=self.s.clerk,
            bank=self.s.bank,
            type=ItemType.TRUE_FALSE,
            knowledge_point=self.s.points["1"],
            stem="生熟分开。",
            answer=["对"],
        )
        item_services.submit_item(actor=self.s.clerk, item=self.draft)
        self.reviewer = self.s.expert

    def personas(self) -> dict[str, Any]:
        return {
            "anonymous": None,
            "other_org": self.other.manager,
            "wrong_role": self.auditor,
            "right_role": self.s.clerk,
        }

    def cases(self) -> list[Case]:
        bank = self.s.bank
        new_item = {
            "bank": bank.pk,
            "type": "single",
            "knowledge_point": self.s.points["1"].pk,
            "stem": "题干",
            "options": choice_options(),
            "answer": ["A"],
        }
        return [
            Case(
                "get",
                "/api/v1/itembank/banks/",
                LIST,
                check={"other_org": non_empty_list, "right_role": non_empty_list},
            ),
            Case("get", f"/api/v1/itembank/items/?bank={bank.pk}", LIST, check={"other_org": empty_list}),
            Case("get", f"/api/v1/itembank/items/{self.item.pk}/", DETAIL),
            Case("get", f"/api/v1/itembank/items/{self.item.pk}/versions/", DETAIL),
            Case("post", "/api/v1/itembank/items/", act(201), data=new_item),
            Case(
                "post",
                f"/api/v1/itembank/items/{self.item.pk}/revise/",
                act(200),
                data={k: v for k, v in new_item.items() if k not in ("bank", "type")},
            ),
            Case(
                "post",
                "/api/v1/itembank/knowledge-points/",
                act(201),
                data={"bank": bank.pk, "code": "4", "title": "新要素", "weight": "10"},
            ),
            Case(
                "post",
                "/api/v1/itembank/blueprints/",
                act(201),
                data={
                    "bank": bank.pk,
                    "name": "蓝图",
                    "total_points": 10,
                    "area_points": {"1": 10},
                    "type_points": {"single": 10},
                    "variants": 1,
                },
            ),
        ]


def test_bank_permission_matrix() -> None:
    BankMatrix().run()


def test_review_matrix() -> None:
    m = BankMatrix()

    class Review(PermissionMatrix):
        def personas(self) -> dict[str, Any]:
            return {"anonymous": None, "other_org": m.other.expert, "wrong_role": m.s.clerk, "right_role": m.reviewer}

        def cases(self) -> list[Case]:
            return [Case("post", f"/api/v1/itembank/items/{m.draft.pk}/review/", act(200), data={"approve": True})]

    Review().run()


def test_proctor_console_and_paper_matrix() -> None:
    c, session = ready_cbt()
    from skillcert.itembank.services import cbt

    r = c.exam.registrations[0]
    r.refresh_from_db()
    sitting, _ = cbt.sign_in(exam_number=r.exam_number, id_number=r.id_number, session_code=c.extra["code"])
    proctor_user = staff(c.exam.institution, Role.EXAMINER)
    proctor = c.exam.extra["proctors"][0]
    proctor.user = proctor_user
    proctor.save()
    other = bank_setup()
    paper = Paper.objects.filter(assembly=session.assembly).first()
    assert paper is not None

    class Console(PermissionMatrix):
        def personas(self) -> dict[str, Any]:
            return {
                "anonymous": None,
                "other_org": other.clerk,
                "wrong_role": staff(c.exam.institution, Role.AUDITOR),
                "right_role": proctor_user,
            }

        def cases(self) -> list[Case]:
            return [
                Case(
                    "get",
                    f"/api/v1/itembank/sittings/?cbt_session={session.pk}",
                    LIST,
                    check={"other_org": empty_list, "right_role": non_empty_list},
                ),
                Case("post", f"/api/v1/itembank/cbt-sessions/{session.pk}/code/", act(200)),
                Case(
                    "post",
                    f"/api/v1/itembank/sittings/{sitting.pk}/extra-time/",
                    act(200),
                    data={"minutes": 5, "reason": "断电"},
                ),
                Case("post", f"/api/v1/itembank/papers/{paper.pk}/open/", act(200), data={"purpose": "打印备用卷"}),
                Case(
                    "post",
                    f"/api/v1/itembank/sittings/{sitting.pk}/force-submit/",
                    act(200),
                    data={"reason": "考生违纪"},
                ),
            ]

    Console().run()


def test_candidate_endpoints_refuse_every_bad_input() -> None:
    c, _session = ready_cbt()
    client = APIClient()
    regs = c.exam.registrations
    for r in regs:
        r.refresh_from_db()
    bad = client.post(
        "/api/v1/public/itembank/sign-in/",
        {"exam_number": regs[0].exam_number, "id_number": regs[0].id_number, "session_code": "999999"},
        format="json",
    )
    assert bad.status_code == 400 and "不正确" in bad.json()["detail"]
    signed = client.post(
        "/api/v1/public/itembank/sign-in/",
        {"exam_number": regs[0].exam_number, "id_number": regs[0].id_number, "session_code": c.extra["code"]},
        format="json",
    ).json()
    token, state = signed["token"], signed["state"]
    theirs = client.post(
        "/api/v1/public/itembank/sign-in/",
        {"exam_number": regs[1].exam_number, "id_number": regs[1].id_number, "session_code": c.extra["code"]},
        format="json",
    ).json()["state"]
    url = f"/api/v1/public/itembank/sittings/{state['sitting']}/"
    headers = {"HTTP_X_SITTING_TOKEN": token}
    key = state["items"][0]["key"]
    assert (
        client.post(f"{url}answers/", {"key": key, "response": ["A"], "seq": 2}, format="json", **headers).status_code
        == 200
    )
    stale = client.post(f"{url}answers/", {"key": key, "response": ["B"], "seq": 1}, format="json", **headers)
    assert stale.status_code == 400 and stale.json()["code"] == "stale_sequence"
    other = client.post(
        f"/api/v1/public/itembank/sittings/{theirs['sitting']}/answers/",
        {"key": key, "response": ["B"], "seq": 5},
        format="json",
        **headers,
    )
    assert other.status_code == 403 and "其他考生" in other.json()["detail"]
    assert client.get(url).status_code == 403
    resumed = client.get(url, **headers).json()
    assert resumed["answers"][key] == {"response": ["A"], "seq": 2}
    assert client.post(f"{url}submit/", **headers).status_code == 200
    late = client.post(f"{url}answers/", {"key": key, "response": ["C"], "seq": 3}, format="json", **headers)
    assert late.status_code == 400 and "已交卷" in late.json()["detail"]
    content = _decrypt(Paper.objects.get(sittings__pk=state["sitting"]))
    assert key in {i["key"] for i in content["items"]}


def test_marking_queue_answers_markers_and_proctors_without_a_server_error() -> None:
    """Regression: the proctor's DISTINCT set OR'ed with the markers' set raised a 500."""
    c, session = ready_cbt(short_answer=True)
    sit_with_short_answer(c, "先洗手")
    proctor_user = assign_proctor(c)
    marker = staff(c.exam.institution, Role.EXPERT)
    other = bank_setup()
    url = f"/api/v1/itembank/cbt-sessions/{session.pk}/marking-queue/"

    class Queue(PermissionMatrix):
        def personas(self) -> dict[str, Any]:
            return {"anonymous": None, "other_org": other.expert, "wrong_role": proctor_user, "right_role": marker}

        def cases(self) -> list[Case]:
            return [
                Case(
                    "get",
                    url,
                    {"anonymous": 401, "other_org": 404, "wrong_role": 403, "right_role": 200},
                    check={"right_role": non_empty_list},
                )
            ]

    Queue().run()


def test_marking_queue_of_a_malformed_or_huge_id_is_404() -> None:
    from rest_framework.test import APIClient

    s = bank_setup()
    client = APIClient()
    client.force_authenticate(s.expert)
    for pk in ("abc", str(2**70), "0"):
        assert client.get(f"/api/v1/itembank/cbt-sessions/{pk}/marking-queue/").status_code == 404
