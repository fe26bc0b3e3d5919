"""Permission matrix for every complaints API endpoint, the public filing and tracking API,
and a query-count guard on the register (R-SUP-5, R-ORG-2, R-X-5)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from skillcert.accounts.choices import Role
from skillcert.complaints import abuse, services
from skillcert.complaints.models import Complaint
from skillcert.complaints.tests import factories as cf
from skillcert.core.models import AuditEvent
from skillcert.core.testing import Case, PermissionMatrix, empty_list, non_empty_list
from skillcert.institutions.tests import factories as f

pytestmark = pytest.mark.django_db

API = "/api/v1/supervision/complaints"
PUBLIC = "/api/v1/public/complaints"


class ComplaintMatrix(PermissionMatrix):
    """Right role: the league bureau's clerk; wrong role: its auditor; other org: another league's bureau."""

    def __init__(self) -> None:
        self.institution = f.FiledInstitutionFactory(league="150100")
        self.clerk = f.bureau_user("150100", Role.CLERK)
        self.auditor = f.bureau_user("150100", Role.AUDITOR)
        self.outsider = f.bureau_user("150200", Role.CLERK)

    def received(self) -> Complaint:
        return cf.file(self.institution).complaint

    def investigating(self) -> Complaint:
        return services.accept_complaint(actor=f.bureau_user("150100"), complaint=self.received())

    def personas(self) -> dict[str, Any]:
        return {"anonymous": None, "other_org": self.outsider, "wrong_role": self.auditor, "right_role": self.clerk}

    def cases(self) -> list[Case]:
        read = {"anonymous": 401, "other_org": 404, "wrong_role": 200, "right_role": 200}
        listing = {"anonymous": 401, "other_org": 200, "wrong_role": 200, "right_role": 200}
        write = {"anonymous": 401, "other_org": 404, "wrong_role": 403, "right_role": 200}
        c = self.received()
        intake = {
            "source": "phone",
            "source_detail": "来电",
            "subject_kind": "institution",
            "institution": self.institution.pk,
            "title": "乱收费",
            "facts": "收取培训费后才允许报名",
        }
        return [
            Case("get", f"{API}/", listing, check={"other_org": empty_list, "right_role": non_empty_list}),
            Case("get", f"{API}/{c.pk}/", read),
            Case(
                "post",
                f"{API}/",
                {"anonymous": 401, "other_org": 201, "wrong_role": 403, "right_role": 201},
                data=intake,
            ),
            Case("post", f"{API}/{self.received().pk}/accept/", write, data={"note": "受理"}),
            Case(
                "post", f"{API}/{self.received().pk}/refuse/", write, data={"reason": "重复", "public_text": "重复投诉"}
            ),
            Case("post", f"{API}/{self.received().pk}/transfer/", write, data={"to": "150200", "reason": "考点在包头"}),
            Case("post", f"{API}/{self.investigating().pk}/extend/", write, data={"days": 10, "reason": "情况复杂"}),
            Case(
                "post",
                f"{API}/{self.investigating().pk}/investigations/",
                {**write, "right_role": 201},
                data={"method": "现场核查", "notes": "查看了签到表"},
            ),
            Case(
                "post",
                f"{API}/{self.investigating().pk}/conclude/",
                write,
                data={"outcome": "unfounded", "public_text": "经核查不属实", "internal_conclusion": "签到表完整"},
            ),
            Case("post", f"{API}/{c.pk}/reveal/", {**write, "wrong_role": 404}, data={"field": "contact_phone"}),
            Case(
                "get",
                f"{PUBLIC}/challenge/",
                dict.fromkeys(("anonymous", "other_org", "wrong_role", "right_role"), 200),
            ),
            Case(
                "post",
                f"{PUBLIC}/track/",
                dict.fromkeys(("anonymous", "other_org", "wrong_role", "right_role"), 404),
                data={"tracking_code": c.tracking_code, "secret": "WRONG"},
            ),
        ]


def test_permission_matrix():
    ComplaintMatrix().run()


def test_reveal_is_audited_and_returns_the_clear_value():
    institution = f.FiledInstitutionFactory()
    clerk = f.bureau_user("150100")
    c = cf.file(institution).complaint
    client = APIClient()
    client.force_authenticate(clerk)
    detail = client.get(f"{API}/{c.pk}/").json()
    assert detail["contact_phone"] == "138****5678" and detail["contact_name"] == "张*丰"
    r = client.post(f"{API}/{c.pk}/reveal/", {"field": "contact_phone"}, format="json")
    assert r.json()["value"] == "13812345678"
    assert AuditEvent.objects.filter(action="pii.reveal", object_id=str(c.pk), actor_id=clerk.pk).count() == 1


def _public_filing(client: APIClient, **extra: Any) -> Any:
    challenge = client.get(f"{PUBLIC}/challenge/").json()
    token = challenge["token"]
    # The answer is the sum of the two Chinese numerals in the question.
    a, b = (abuse.NUMERALS.index(ch) for ch in challenge["question"].split("等于")[0].split("加"))
    body = {
        "subject_kind": "institution",
        "institution": extra.pop("institution"),
        "title": "证书造假",
        "facts": "某机构出售证书",
        "challenge_token": token,
        "challenge_answer": str(a + b),
        "attachments": [cf.pdf()],
        **extra,
    }
    return client.post(f"{PUBLIC}/", body, format="multipart")


def test_public_filing_and_tracking_through_the_api():
    institution = f.FiledInstitutionFactory()
    client = APIClient()
    r = _public_filing(client, institution=institution.pk)
    assert r.status_code == 201, r.json()
    code, secret = r.json()["tracking_code"], r.json()["secret"]
    assert Complaint.objects.get(tracking_code=code).attachments.count() == 1
    tracked = client.post(f"{PUBLIC}/track/", {"tracking_code": code, "secret": secret}, format="json")
    assert tracked.status_code == 200 and tracked.json()["status_label"] == "待受理"
    wrong = client.post(f"{PUBLIC}/track/", {"tracking_code": code, "secret": "AAAA-BBBB-CCCC"}, format="json")
    unknown = client.post(f"{PUBLIC}/track/", {"tracking_code": "TS20200101-ZZZZZZZZ", "secret": secret}, format="json")
    assert wrong.status_code == unknown.status_code == 404 and wrong.json() == unknown.json()


def test_public_filing_refuses_a_wrong_or_reused_answer_the_honeypot_and_too_many_tries(set_policy):
    institution = f.FiledInstitutionFactory()
    client = APIClient()
    r = _public_filing(client, institution=institution.pk, challenge_answer="999")
    assert r.status_code == 400 and r.json()["errors"]["challenge_answer"] == ["验证问题：答案不正确"]
    r = _public_filing(client, institution=institution.pk, website="http://spam.example")
    assert r.status_code == 400 and r.json()["code"] == "honeypot"
    set_policy("complaints.rate_limit_per_hour", 2)
    cache.clear()
    codes = [_public_filing(client, institution=institution.pk).status_code for _ in range(3)]
    assert codes == [201, 201, 400]
    assert Complaint.objects.count() == 2


def test_a_10kb_name_through_the_api_is_a_400_naming_the_field():
    institution = f.FiledInstitutionFactory()
    client = APIClient()
    r = _public_filing(client, institution=institution.pk, contact_name="名" * 10240)
    assert r.status_code == 400 and "contact_name" in r.json()["errors"]
    assert not Complaint.objects.exists()


def test_register_query_count_does_not_grow_with_rows():
    institution = f.FiledInstitutionFactory()
    clerk = f.bureau_user("150100")
    client = APIClient()
    client.force_authenticate(clerk)
    cf.file(institution)
    with CaptureQueriesContext(connection) as few:
        client.get(f"{API}/")
    for _ in range(5):
        cf.file(institution)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(f"{API}/").json()["results"]) == 6
    assert len(many.captured_queries) <= len(few.captured_queries)
