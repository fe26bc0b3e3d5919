"""Permission matrix for every endpoint of the inspections API (R-ORG-2, R-X-5).

Personas: anonymous; someone in another organisation (another institution or league);
someone of the right organisation who may read but not act; the right role. Hidden rows
answer 404, readable rows the role may not act on answer 403, the right role reaches the
service (2xx, or 400 where the state refuses the request).
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.tests.factories import UserFactory, authority
from skillcert.core.testing import Case, PermissionMatrix, empty_list, non_empty_list
from skillcert.inspections.choices import INSPECTION_CHECKLIST, SUPERVISION_CHECKLIST, OrderSource
from skillcert.inspections.models import RectificationOrder
from skillcert.inspections.services import campaigns as campaign_services
from skillcert.inspections.services import quality
from skillcert.inspections.tests.factories import campaign, inspectors, institutions, region_clerk, supervised_session
from skillcert.institutions.tests.factories import FiledInstitutionFactory, bureau_user, staff

pytestmark = pytest.mark.django_db

API = "/api/v1/supervision"
LIST = {"anonymous": 401, "other_org": 200, "wrong_role": 200, "right_role": 200}
DETAIL = {"anonymous": 401, "other_org": 404, "wrong_role": 200, "right_role": 200}
ALL_YES = {k: "yes" for k, _label in SUPERVISION_CHECKLIST}


def act(right: int, wrong: int = 403, other: int = 404) -> dict[str, int]:
    return {"anonymous": 401, "other_org": other, "wrong_role": wrong, "right_role": right}


class Matrix(PermissionMatrix):
    def __init__(self, personas: dict[str, Any], cases: list[Case]) -> None:
        self._personas = personas
        self._cases = cases

    def personas(self) -> dict[str, Any]:
        return self._personas

    def cases(self) -> list[Case]:
        return self._cases


def test_external_supervision_endpoints():
    s = supervised_session()
    report = quality.open_report(actor=s.supervisor_user, session=s.session)
    arrival = (timezone.localtime(s.session.starts_at) - datetime.timedelta(minutes=10)).isoformat()
    url = f"{API}/supervision-reports/{report.pk}"
    personas = {
        "anonymous": None,
        "other_org": staff(FiledInstitutionFactory(league="150200"), Role.CLERK),
        "wrong_role": staff(s.institution, Role.AUDITOR),
        "right_role": s.supervisor_user,
    }
    Matrix(
        personas,
        [
            Case(
                "GET",
                f"{API}/supervision-assignments/",
                LIST,
                check={"other_org": empty_list, "wrong_role": empty_list, "right_role": non_empty_list},
            ),
            Case(
                "GET",
                f"{API}/supervision-reports/",
                LIST,
                check={"other_org": empty_list, "right_role": non_empty_list},
            ),
            Case("GET", f"{url}/", DETAIL),
            Case("POST", f"{API}/supervision-reports/", act(201, wrong=400), data={"session": s.session.pk}),
            Case(
                "POST",
                f"{url}/save/",
                act(200),
                data={"arrived_at": arrival, "checklist": ALL_YES, "notes": "正常", "grade": "none"},
            ),
            Case("POST", f"{url}/photos/", act(400), data={}),
            Case("POST", f"{url}/countersign/", act(200), data={"name": "张负责"}),
            Case("POST", f"{url}/submit/", act(200)),
            Case("GET", f"{API}/supervision-reports/xlsx/", LIST),
        ],
    ).run()


def test_internal_supervision_endpoints():
    s = supervised_session()
    personas = {
        "anonymous": None,
        "other_org": staff(FiledInstitutionFactory(league="150200"), Role.CLERK),
        "wrong_role": staff(s.institution, Role.AUDITOR),
        "right_role": s.internal_user,
    }
    Matrix(
        personas,
        [
            Case(
                "GET",
                f"{API}/internal-assignments/",
                LIST,
                check={"wrong_role": empty_list, "right_role": non_empty_list},
            ),
            Case(
                "POST",
                f"{API}/internal-records/",
                act(201, wrong=400),
                data={"session": s.session.pk, "checklist": ALL_YES, "notes": "正常"},
            ),
            Case(
                "GET", f"{API}/internal-records/", LIST, check={"other_org": empty_list, "right_role": non_empty_list}
            ),
        ],
    ).run()
    record_id = s.session.internal_records.get().pk
    Matrix(personas, [Case("GET", f"{API}/internal-records/{record_id}/", DETAIL)]).run()


def test_rectification_order_endpoints():
    s = supervised_session()
    orders = [
        RectificationOrder.objects.create(
            institution=s.institution, league=s.session.plan.league, source=OrderSource.REPORT, proposal=text
        )
        for text in ("视频监控未开启", "签到表缺页")
    ]
    deadline = timezone.localdate() + datetime.timedelta(days=20)
    personas = {
        "anonymous": None,
        "other_org": bureau_user("150200", Role.CLERK),
        "wrong_role": bureau_user("150100", Role.AUDITOR),
        "right_role": s.bureau,
    }
    first, second = (f"{API}/rectification-orders/{o.pk}" for o in orders)
    Matrix(
        personas,
        [
            Case(
                "GET",
                f"{API}/rectification-orders/",
                LIST,
                check={"other_org": empty_list, "right_role": non_empty_list},
            ),
            Case("GET", f"{first}/", DETAIL),
            Case(
                "POST",
                f"{first}/issue/",
                act(200),
                data={"grounds": "严重问题", "deadline": str(deadline), "follow_up_on": str(deadline)},
            ),
            Case("POST", f"{first}/follow-up/", act(200), data={"passed": True, "note": "已整改", "early": True}),
            Case("POST", f"{second}/decline/", act(200), data={"grounds": "情节轻微"}),
        ],
    ).run()


def test_campaign_and_inspection_endpoints():
    institutions("150100", 1)
    inspectors("150000", 3)
    clerk = region_clerk()
    drafts = [campaign(clerk, ["150100"]) for _ in range(3)]
    ready = campaign(clerk, ["150100"])
    campaign_services.publish_pool(actor=clerk, campaign=ready)
    today = timezone.localdate()
    personas = {
        "anonymous": None,
        "other_org": bureau_user("150200", Role.CLERK),
        "wrong_role": UserFactory(organisation=authority(OrgKind.REGION_CENTER), roles=[Role.AUDITOR]),
        "right_role": clerk,
    }
    create = {
        "title": "抽查",
        "period_start": str(today),
        "period_end": str(today + datetime.timedelta(days=30)),
        "records_from": str(today - datetime.timedelta(days=90)),
        "records_to": str(today),
        "leagues": ["150100"],
        "institution_types": ["social_league"],
        "method": "documents",
        "sampling_percent": "10",
        "inspectors_per_inspection": 2,
    }
    Matrix(
        personas,
        [
            Case("GET", f"{API}/campaigns/", LIST, check={"other_org": empty_list, "right_role": non_empty_list}),
            Case("GET", f"{API}/campaigns/{ready.pk}/", DETAIL),
            Case("POST", f"{API}/campaigns/", act(201, other=400), data=create),
            Case("POST", f"{API}/campaigns/{drafts[0].pk}/publish-pool/", act(200), data={}),
            Case("POST", f"{API}/campaigns/{drafts[1].pk}/draw/", act(400), data={}),
            Case("POST", f"{API}/campaigns/{ready.pk}/draw/", act(200), data={}),
            Case("POST", f"{API}/campaigns/{drafts[2].pk}/publish-results/", act(400)),
            Case("GET", f"{API}/campaigns/xlsx/", LIST),
            Case("GET", f"{API}/campaigns/{ready.pk}/results-xlsx/", DETAIL),
        ],
    ).run()
    inspection = ready.inspections.get()
    url = f"{API}/inspections/{inspection.pk}"
    Matrix(
        personas,
        [
            Case("GET", f"{API}/inspections/", LIST, check={"other_org": empty_list, "right_role": non_empty_list}),
            Case("GET", f"{url}/", DETAIL),
            Case("GET", f"{url}/records/?section=plans", act(200)),
            Case(
                "POST",
                f"{url}/record/",
                act(200),
                data={"inspected_on": str(today), "checklist": {k: "yes" for k, _l in INSPECTION_CHECKLIST}},
            ),
            Case("POST", f"{url}/conclude/", act(200), data={"outcome": "no_problems"}),
            Case("POST", f"{API}/campaigns/{ready.pk}/publish-results/", act(200)),
            Case("POST", f"{url}/correct/", act(200), data={"note": "补充", "findings": "资料齐全"}),
        ],
    ).run()


def test_public_endpoints_need_no_login():
    institutions("150100", 1)
    inspectors("150000", 2)
    clerk = region_clerk()
    draft = campaign(clerk, ["150100"])
    public = campaign(clerk, ["150100"])
    campaign_services.publish_pool(actor=clerk, campaign=public)
    everyone = {"anonymous": 200, "other_org": 200, "wrong_role": 200, "right_role": 200}
    hidden = dict.fromkeys(everyone, 404)
    personas = {
        "anonymous": None,
        "other_org": bureau_user("150200", Role.CLERK),
        "wrong_role": staff(FiledInstitutionFactory(), Role.CLERK),
        "right_role": clerk,
    }
    Matrix(
        personas,
        [
            Case("GET", "/api/v1/public/inspections/campaigns/", everyone, check={"anonymous": non_empty_list}),
            Case("GET", f"/api/v1/public/inspections/campaigns/{public.pk}/", everyone),
            Case("GET", f"/api/v1/public/inspections/campaigns/{draft.pk}/", hidden),
        ],
    ).run()
