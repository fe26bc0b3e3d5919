"""Permission matrix for every sanctions API endpoint and the public criticisms (R-SUP-6, R-ORG-2, R-X-5)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from skillcert.accounts.choices import Role
from skillcert.core.testing import Case, PermissionMatrix, empty_list, non_empty_list
from skillcert.institutions.tests import factories as f
from skillcert.sanctions import services
from skillcert.sanctions.choices import Kind
from skillcert.sanctions.models import InactivityCase, Sanction

pytestmark = pytest.mark.django_db

API = "/api/v1/supervision"
ALL = ("anonymous", "other_org", "wrong_role", "right_role")


def _in(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


class SanctionMatrix(PermissionMatrix):
    """Right role: the league bureau's clerk; wrong role: its auditor; other org: another league's bureau."""

    def __init__(self) -> None:
        self.clerk = f.bureau_user("150100", Role.CLERK)
        self.colleague = f.bureau_user("150100", Role.MANAGER)
        self.auditor = f.bureau_user("150100", Role.AUDITOR)
        self.outsider = f.bureau_user("150200", Role.CLERK)

    def institution(self, **kwargs: Any) -> Any:
        return f.FiledInstitutionFactory(league="150100", **kwargs)

    def proposed(self, window_over: bool = True) -> Sanction:
        s = services.propose_decision(
            actor=self.colleague, institution=self.institution(), kind=Kind.DISQUALIFICATION, grounds="出具虚假证书"
        )
        if window_over:
            Sanction.objects.filter(pk=s.pk).update(statement_due=timezone.localdate() - datetime.timedelta(days=1))
            s.refresh_from_db()
        return s

    def decided(self) -> Sanction:
        return services.decide(actor=self.colleague, sanction=self.proposed(), reasons="事实清楚")

    def case(self, explained: bool = False, overdue: bool = False) -> InactivityCase:
        inst = self.institution(filed_on=timezone.localdate() - datetime.timedelta(days=400))
        c = services.request_explanation(actor=self.colleague, institution=inst, text="请说明")
        if explained:
            c = services.submit_explanation(actor=self.colleague, case=c, explanation="场地改造")
        if overdue:
            InactivityCase.objects.filter(pk=c.pk).update(explain_by=timezone.localdate() - datetime.timedelta(days=1))
        return c

    def personas(self) -> dict[str, Any]:
        return {"anonymous": None, "other_org": self.outsider, "wrong_role": self.auditor, "right_role": self.clerk}

    def cases(self) -> list[Case]:
        read = {"anonymous": 401, "other_org": 404, "wrong_role": 200, "right_role": 200}
        listing = {"anonymous": 401, "other_org": 200, "wrong_role": 200, "right_role": 200}
        write = {"anonymous": 401, "other_org": 404, "wrong_role": 403, "right_role": 200}
        create = {"anonymous": 401, "other_org": 400, "wrong_role": 403, "right_role": 201}
        rect = services.order_rectification(
            actor=self.colleague, institution=self.institution(), grounds="整改", deadline=_in(10)
        )
        listed = self.institution(filed_on=timezone.localdate() - datetime.timedelta(days=400))
        open_order = services.order_rectification(
            actor=self.colleague, institution=self.institution(), grounds="整改", deadline=_in(10)
        )
        return [
            Case("get", f"{API}/sanctions/", listing, check={"other_org": empty_list, "right_role": non_empty_list}),
            Case("get", f"{API}/sanctions/{rect.pk}/", read),
            Case(
                "post",
                f"{API}/sanctions/",
                create,
                data={"institution": self.institution().pk, "kind": "criticism", "grounds": "收费未公示"},
            ),
            Case(
                "post",
                f"{API}/sanctions/{open_order.pk}/follow-up/",
                write,
                data={"result": "rectified", "note": "已整改", "early": True},
            ),
            Case(
                "post",
                f"{API}/sanctions/{self.proposed(window_over=False).pk}/statement/",
                {**write, "wrong_role": 404},
                data={"statement": "申辩"},
            ),
            Case("post", f"{API}/sanctions/{self.proposed().pk}/decide/", write, data={"reasons": "事实清楚"}),
            Case("post", f"{API}/sanctions/{self.decided().pk}/approve/", write, data={"note": "同意"}),
            Case("post", f"{API}/sanctions/{self.decided().pk}/reject/", write, data={"note": "证据不足"}),
            Case("get", f"{API}/inactivity-cases/", listing, check={"other_org": empty_list}),
            Case("get", f"{API}/inactivity-cases/{self.case().pk}/", read),
            Case(
                "get",
                f"{API}/inactivity-cases/candidates/",
                listing,
                check={"other_org": empty_list, "wrong_role": empty_list, "right_role": non_empty_list},
            ),
            Case("post", f"{API}/inactivity-cases/", create, data={"institution": listed.pk, "text": "请说明"}),
            Case(
                "post",
                f"{API}/inactivity-cases/{self.case().pk}/explain/",
                {**write, "wrong_role": 404},
                data={"explanation": "场地改造"},
            ),
            Case(
                "post",
                f"{API}/inactivity-cases/{self.case(explained=True).pk}/accept/",
                write,
                data={"note": "属实", "suspended_until": str(_in(90))},
            ),
            Case(
                "post", f"{API}/inactivity-cases/{self.case(explained=True).pk}/reject/", write, data={"note": "不成立"}
            ),
            Case("post", f"{API}/inactivity-cases/{self.case(overdue=True).pk}/lapse/", write, data={"note": ""}),
            Case("get", "/api/v1/public/sanctions/criticisms/", dict.fromkeys(ALL, 200)),
        ]


def test_permission_matrix():
    SanctionMatrix().run()


def test_public_criticisms_list_only_what_is_in_publication():
    institution = f.FiledInstitutionFactory()
    bureau = f.bureau_user("150100")
    shown = services.publish_criticism(actor=bureau, institution=institution, grounds="收费未公示")
    services.publish_criticism(
        actor=bureau, institution=institution, grounds="将来公布", publish_from=_in(5), publish_until=_in(30)
    )
    rows = APIClient().get("/api/v1/public/sanctions/criticisms/").json()["results"]
    assert [r["id"] for r in rows] == [shown.pk] and rows[0]["grounds"] == "收费未公示"


def test_self_approval_through_the_api_is_a_400_with_a_chinese_reason():
    institution = f.FiledInstitutionFactory()
    bureau = f.bureau_user("150100")
    s = services.propose_decision(actor=bureau, institution=institution, kind=Kind.DISQUALIFICATION, grounds="虚假证书")
    Sanction.objects.filter(pk=s.pk).update(statement_due=timezone.localdate() - datetime.timedelta(days=1))
    client = APIClient()
    client.force_authenticate(bureau)
    assert client.post(f"{API}/sanctions/{s.pk}/decide/", {"reasons": ""}, format="json").status_code == 400
    assert client.post(f"{API}/sanctions/{s.pk}/decide/", {"reasons": "事实清楚"}, format="json").status_code == 200
    r = client.post(f"{API}/sanctions/{s.pk}/approve/", {}, format="json")
    assert r.status_code == 400 and "另一名" in r.json()["detail"]
