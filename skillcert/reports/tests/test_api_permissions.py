"""Permission matrix for every reports API endpoint (R-ORG-2, R-X-5)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.tests.factories import UserFactory, authority
from skillcert.core.testing import Case, PermissionMatrix, empty_list, non_empty_list
from skillcert.reports.services import open_summary, save_narrative, submit_summary

pytestmark = pytest.mark.django_db
YEAR = datetime.date.today().year
LIST = {"anonymous": 401, "other_org": 200, "wrong_role": 200, "right_role": 200}
HIDDEN = {"anonymous": 401, "other_org": 404, "wrong_role": 404, "right_role": 200}
ACT = {"anonymous": 401, "other_org": 404, "wrong_role": 403, "right_role": 200}
BASE = "/api/v1/reports/summaries"


def centre(kind: str, code: str | None = None, role: str = Role.CLERK) -> Any:
    org = authority(kind, code) if code else authority(kind)
    return UserFactory(organisation=org, roles=[role])


class LeagueMatrix(PermissionMatrix):
    """The league's centre writes its own summary; another league sees nothing; its auditor reads only."""

    def __init__(self) -> None:
        self.writer = centre(OrgKind.LEAGUE_CENTER, "150100")
        self.draft = open_summary(actor=self.writer, year=YEAR)
        self.submitted = open_summary(actor=self.writer, year=YEAR - 1)
        save_narrative(actor=self.writer, summary=self.submitted, overview="概况")

    def personas(self) -> dict[str, Any]:
        return {
            "anonymous": None,
            "other_org": centre(OrgKind.LEAGUE_CENTER, "150200"),
            "wrong_role": centre(OrgKind.LEAGUE_CENTER, "150100", Role.AUDITOR),
            "right_role": self.writer,
        }

    def cases(self) -> list[Case]:
        d, s = self.draft.pk, self.submitted.pk
        return [
            Case("GET", f"{BASE}/", LIST, check={"other_org": empty_list, "right_role": non_empty_list}),
            Case("GET", f"{BASE}/{d}/", HIDDEN | {"wrong_role": 200}),
            Case("GET", f"{BASE}/{d}/pdf/", HIDDEN | {"wrong_role": 200}),
            Case("GET", f"{BASE}/{d}/xlsx/", HIDDEN | {"wrong_role": 200}),
            Case("POST", f"{BASE}/{d}/narrative/", ACT, data={"overview": "全年工作"}),
            Case("POST", f"{BASE}/{d}/refresh/", ACT),
            Case("POST", f"{BASE}/{s}/submit/", ACT),
            Case("GET", f"{BASE}/board/", {"anonymous": 401, "other_org": 200, "wrong_role": 200, "right_role": 200}),
            Case(
                "POST",
                f"{BASE}/open/",
                {"anonymous": 401, "other_org": 201, "wrong_role": 403, "right_role": 400},
                data={"year": YEAR},
            ),
        ]


class RegionMatrix(PermissionMatrix):
    """The region centre returns, accepts and rolls up; an institution sees nothing; a region auditor reads."""

    def __init__(self) -> None:
        writer = centre(OrgKind.LEAGUE_CENTER, "150100")
        self.a = open_summary(actor=writer, year=YEAR)
        self.b = open_summary(actor=writer, year=YEAR - 1)
        for summary in (self.a, self.b):
            save_narrative(actor=writer, summary=summary, overview="概况")
            submit_summary(actor=writer, summary=summary)

    def personas(self) -> dict[str, Any]:
        from skillcert.institutions.tests.factories import FiledInstitutionFactory, staff

        return {
            "anonymous": None,
            "other_org": staff(FiledInstitutionFactory(), Role.MANAGER),
            "wrong_role": centre(OrgKind.REGION_CENTER, role=Role.AUDITOR),
            "right_role": centre(OrgKind.REGION_CENTER),
        }

    def cases(self) -> list[Case]:
        forbidden = {"anonymous": 401, "other_org": 403, "wrong_role": 200, "right_role": 200}
        return [
            Case("POST", f"{BASE}/{self.a.pk}/return/", ACT, data={"comments": "请补充"}),
            Case("POST", f"{BASE}/{self.b.pk}/accept/", ACT),
            Case("GET", f"{BASE}/rollup/?year={YEAR}", forbidden),
            Case("GET", f"{BASE}/rollup/pdf/?year={YEAR}", forbidden),
            Case("GET", f"{BASE}/rollup/xlsx/?year={YEAR}", forbidden),
            Case("GET", f"{BASE}/board/?year={YEAR}", forbidden, check={"right_role": non_empty_list}),
        ]


def test_league_matrix() -> None:
    LeagueMatrix().run()


def test_region_matrix() -> None:
    RegionMatrix().run()
