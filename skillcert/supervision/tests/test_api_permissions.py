"""Permission matrix for every supervision API endpoint (R-ORG-2, R-X-5): anonymous, another
league, the right league with a role that may only read (auditor) or an institution, and the
right role. Hidden alerts answer 404 like missing ones."""

from __future__ import annotations

from typing import Any

import pytest

from skillcert.accounts.choices import Role
from skillcert.accounts.tests.factories import jurisdiction
from skillcert.core.testing import Case, PermissionMatrix, empty_list, non_empty_list
from skillcert.institutions.tests.factories import FiledInstitutionFactory, bureau_user, staff
from skillcert.supervision.models import Alert
from skillcert.supervision.registry import Finding
from skillcert.supervision.services.alerts import apply_findings

pytestmark = pytest.mark.django_db

HIDDEN_LIST = {"other_org": empty_list, "wrong_role": non_empty_list, "right_role": non_empty_list}


class AlertMatrix(PermissionMatrix):
    def __init__(self) -> None:
        inst = FiledInstitutionFactory()
        apply_findings(
            kind="fee_out_of_band",
            findings=[
                Finding.about(inst, jurisdiction_id=jurisdiction("150100").pk, institution_id=inst.pk, period=str(i))
                for i in range(3)
            ],
        )
        self.alerts = list(Alert.objects.order_by("pk"))
        self.inst = inst

    def personas(self) -> dict[str, Any]:
        return {
            "anonymous": None,
            "other_org": bureau_user("150200", Role.CLERK),
            "wrong_role": bureau_user("150100", Role.AUDITOR),
            "right_role": bureau_user("150100", Role.CLERK),
        }

    def cases(self) -> list[Case]:
        a, b, c = self.alerts
        return [
            Case(
                "GET",
                "/api/v1/supervision/alerts/",
                {"anonymous": 401, "other_org": 200, "wrong_role": 200, "right_role": 200},
                check=HIDDEN_LIST,
            ),
            Case(
                "GET",
                f"/api/v1/supervision/alerts/{a.pk}/",
                {"anonymous": 401, "other_org": 404, "wrong_role": 200, "right_role": 200},
            ),
            Case(
                "POST",
                "/api/v1/supervision/alerts/acknowledge/",
                {"anonymous": 401, "other_org": 400, "wrong_role": 403, "right_role": 200},
                data={"alerts": [a.pk], "note": "已安排核查"},
            ),
            Case(
                "POST",
                f"/api/v1/supervision/alerts/{b.pk}/close/",
                {"anonymous": 401, "other_org": 404, "wrong_role": 403, "right_role": 200},
                data={"outcome": "dismissed", "reason": "已核实"},
            ),
            Case(
                "POST",
                f"/api/v1/supervision/alerts/{c.pk}/close/",
                {"anonymous": 401, "other_org": 404, "wrong_role": 403, "right_role": 400},
                data={"outcome": "dismissed", "reason": ""},
            ),
            Case(
                "GET",
                "/api/v1/supervision/alert-kinds/",
                {"anonymous": 401, "other_org": 200, "wrong_role": 200, "right_role": 200},
            ),
            Case(
                "GET",
                "/api/v1/supervision/dashboard/",
                {"anonymous": 401, "other_org": 200, "wrong_role": 200, "right_role": 200},
            ),
            Case(
                "GET",
                "/api/v1/supervision/dashboard/?league=150200",
                {"anonymous": 401, "other_org": 200, "wrong_role": 404, "right_role": 404},
            ),
            Case(
                "GET",
                f"/api/v1/supervision/dashboard/?institution={self.inst.pk}",
                {"anonymous": 401, "other_org": 404, "wrong_role": 200, "right_role": 200},
            ),
            Case(
                "GET",
                "/api/v1/supervision/tiles/",
                {"anonymous": 401, "other_org": 200, "wrong_role": 200, "right_role": 200},
            ),
        ]


def test_alert_endpoints_permission_matrix() -> None:
    AlertMatrix().run()
    a, b, c = Alert.objects.order_by("pk")
    assert (a.status, b.status, c.status) == ("acknowledged", "dismissed", "open")


def test_institution_sees_only_its_own_alerts_and_cannot_handle_them(api_client: Any) -> None:
    matrix = AlertMatrix()
    other = FiledInstitutionFactory()
    apply_findings(
        kind="readiness_missing",
        findings=[Finding.about(other, jurisdiction_id=jurisdiction("150100").pk, institution_id=other.pk)],
        complete=False,
    )
    api_client.force_authenticate(staff(matrix.inst, Role.MANAGER))
    rows = api_client.get("/api/v1/supervision/alerts/").json()["results"]
    assert {r["institution"] for r in rows} == {matrix.inst.pk} and len(rows) == 3
    answer = api_client.post("/api/v1/supervision/alerts/acknowledge/", {"alerts": [rows[0]["id"]]}, format="json")
    assert answer.status_code == 403
    assert api_client.get("/api/v1/supervision/dashboard/").json()["scope"]["level"] == "institution"


def test_dashboard_refuses_an_impossible_year(api_client: Any) -> None:
    api_client.force_authenticate(bureau_user("150100", Role.CLERK))
    answer = api_client.get("/api/v1/supervision/dashboard/?year=1850")
    assert answer.status_code == 400 and "年份" in str(answer.json())
