"""Permission matrix for every institutions API endpoint (R-ORG-2, R-X-5): anonymous, another
organisation, the right organisation with the wrong role, the right role — plus behaviour
through the API and query-count guards on the list endpoints."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from skillcert.accounts.choices import Role
from skillcert.accounts.models import User
from skillcert.core.testing import Case, PermissionMatrix, empty_list, non_empty_list
from skillcert.institutions import services
from skillcert.institutions.choices import ApplicationKind, InstitutionType, RuleDocumentKind
from skillcert.institutions.models import Fee, Institution, RuleDocument
from skillcert.institutions.selectors import current_commitment_text
from skillcert.institutions.tests import factories as f

pytestmark = pytest.mark.django_db

API = "/api/v1/institutions"
PUBLIC = "/api/v1/public"


def _rows(response: Any) -> list[dict[str, Any]]:
    data = response.json()
    return data["results"] if isinstance(data, dict) and "results" in data else data


def _lists(*ids: int):  # type: ignore[no-untyped-def]
    def check(response: Any) -> None:
        assert sorted(r["id"] for r in _rows(response)) == sorted(ids)

    return check


def _fee_body(institution: Institution, occupation_id: int, level: int = 5) -> dict[str, Any]:
    return {
        "institution": institution.pk,
        "occupation": occupation_id,
        "level": level,
        "items": [{"item": k, "amount": a, "estimated_cost": c} for k, (a, c) in f.fee_items("150", "120").items()],
        "publish": True,
    }


class InstitutionSide(PermissionMatrix):
    """What an institution does for itself: right role = its manager, wrong role = its auditor."""

    def __init__(self) -> None:
        self.occupation = f.occupation(levels=(5, 4))
        self.institution = f.FiledInstitutionFactory(
            type=InstitutionType.ENTERPRISE, scope=[(self.occupation, None, 5), (self.occupation, None, 4)]
        )
        self.other = f.FiledInstitutionFactory()
        self.manager = f.staff(self.institution, Role.MANAGER)
        self.auditor = f.staff(self.institution, Role.AUDITOR)
        self.outsider = f.staff(self.other, Role.MANAGER)
        self.application = services.submit_change_application(
            actor=self.manager, institution=self.institution, kind=ApplicationKind.RENEWAL
        )
        services.accept_application(actor=f.bureau_user("150100"), application=self.application)
        self.draft_doc = services.add_rule_document(
            actor=self.manager, institution=self.institution, kind=RuleDocumentKind.QUALITY, title="质量", body="正文"
        )
        self.draft_fee = services.save_fee(
            actor=self.manager, institution=self.institution, occupation=self.occupation, level=4, items=f.fee_items()
        )
        self.venue = f.venue(self.institution)
        self.roster = f.roster_csv([["张伟", "150102199003071237", "本单位职工", "", "", "", ""]])
        services.import_roster(actor=self.manager, institution=self.institution, upload=self.roster, filename="a.csv")
        self.entry = self.institution.roster.get()
        self.text = current_commitment_text(self.institution)

    def personas(self) -> dict[str, Any]:
        return {"anonymous": None, "other_org": self.outsider, "wrong_role": self.auditor, "right_role": self.manager}

    def cases(self) -> list[Case]:
        i, mine = self.institution.pk, _lists(self.institution.pk)
        read = {"anonymous": 401, "other_org": 404, "wrong_role": 200, "right_role": 200}
        listing = {"anonymous": 401, "other_org": 200, "wrong_role": 200, "right_role": 200}
        write = {"anonymous": 401, "other_org": 404, "wrong_role": 403, "right_role": 201}
        action = {**write, "right_role": 200}
        own_only = {"other_org": empty_list, "wrong_role": non_empty_list, "right_role": non_empty_list}
        return [
            Case(
                "GET",
                f"{API}/institutions/",
                listing,
                check={"other_org": _lists(self.other.pk), "wrong_role": mine, "right_role": mine},
            ),
            Case("GET", f"{API}/institutions/{i}/", read),
            Case("GET", f"{API}/institutions/{i}/readiness/", read),
            Case(
                "POST",
                f"{API}/institutions/{i}/branches/",
                write,
                data={
                    "filed_name": "分公司",
                    "credit_code": f.credit_code(4242),
                    "responsible_person": "甲",
                    "address": "乙",
                    "league": "150100",
                    "manager_username": "api_branch_mgr",
                    "manager_full_name": "丙",
                },
            ),
            Case("GET", f"{API}/applications/", listing, check=own_only),
            Case("GET", f"{API}/applications/{self.application.pk}/", read),
            Case(
                "POST",
                f"{API}/applications/",
                write,
                data={
                    "institution": i,
                    "kind": "scope_change",
                    "items": [{"occupation": self.occupation.pk, "levels": [5]}],
                },
            ),
            Case("GET", f"{API}/rule-documents/", listing, check=own_only),
            Case("GET", f"{API}/rule-documents/{self.draft_doc.pk}/", read),
            Case(
                "POST",
                f"{API}/rule-documents/",
                write,
                data={"institution": i, "kind": "fees", "title": "收费", "body": "正文", "publish": True},
            ),
            Case("POST", f"{API}/rule-documents/{self.draft_doc.pk}/publish/", action),
            Case("GET", f"{API}/commitments/", listing),
            Case(
                "POST", f"{API}/commitments/", write, data={"institution": i, "text": self.text.pk if self.text else 0}
            ),
            Case("GET", f"{API}/fees/", listing, check=own_only),
            Case("GET", f"{API}/fees/{self.draft_fee.pk}/", read),
            Case("POST", f"{API}/fees/", write, data=_fee_body(self.institution, self.occupation.pk)),
            Case("POST", f"{API}/fees/{self.draft_fee.pk}/publish/", action),
            Case("GET", f"{API}/venues/", listing, check=own_only),
            Case("GET", f"{API}/venues/{self.venue.pk}/", read),
            Case(
                "POST",
                f"{API}/venues/",
                write,
                data={"institution": i, "name": "第二考点", "league": "150100", "address": "路1号"},
            ),
            Case(
                "POST",
                f"{API}/venues/{self.venue.pk}/rooms/",
                write,
                data={"name": "101", "kind": "written", "capacity": "30", "video_monitoring": True},
            ),
            Case("GET", f"{API}/roster/", listing, check=own_only),
            Case("GET", f"{API}/roster/{self.entry.pk}/", read),
        ]


def test_institution_side_permission_matrix():
    InstitutionSide().run()


class AuthoritySide(PermissionMatrix):
    """What the league bureau decides: right role = its clerk, wrong role = its auditor, other org = another bureau."""

    def __init__(self) -> None:
        self.occupation = f.occupation(levels=(5,))
        self.institution = f.FiledInstitutionFactory(scope=[(self.occupation, None, 5)])
        self.second = f.FiledInstitutionFactory()
        manager = f.staff(self.institution, Role.MANAGER)
        self.accept_me = services.submit_change_application(
            actor=manager, institution=self.institution, kind=ApplicationKind.RENEWAL
        )
        self.reject_me = services.submit_change_application(
            actor=f.staff(self.second, Role.MANAGER), institution=self.second, kind=ApplicationKind.RENEWAL
        )
        text = current_commitment_text(self.institution)
        assert text is not None
        self.signature = services.sign_commitment(actor=manager, institution=self.institution, text_version=text)
        services.save_fee(
            actor=manager,
            institution=self.institution,
            occupation=self.occupation,
            level=5,
            items=f.fee_items("300", "100"),
            publish=True,
        )
        parent = f.FiledInstitutionFactory(type=InstitutionType.SOCIAL_REGION)
        branches = []
        for n in (1, 2):
            reg = services.register_branch(
                actor=f.staff(parent, Role.MANAGER),
                parent=parent,
                filed_name=f"分支{n}",
                credit_code=f.credit_code(5150 + n),
                responsible_person="甲",
                address="乙",
                league="150100",
                manager_username=f"matrix_branch_{n}",
                manager_full_name="丙",
            )
            venue = f.venue(reg.branch, "150100")
            branches.append(
                services.submit_branch_filing(
                    actor=reg.manager,
                    branch=reg.branch,
                    league="150100",
                    licence_file=f.pdf(),
                    venue=venue,
                    responsible_person="甲",
                    staff=[{"name": "甲", "role": "乙"}],
                )
            )
        self.accept_filing, self.reject_filing = branches
        self.clerk = f.bureau_user("150100", Role.CLERK)
        self.auditor = f.bureau_user("150100", Role.AUDITOR)
        self.outsider = f.bureau_user("150200", Role.CLERK)

    def personas(self) -> dict[str, Any]:
        return {"anonymous": None, "other_org": self.outsider, "wrong_role": self.auditor, "right_role": self.clerk}

    def cases(self) -> list[Case]:
        decide = {"anonymous": 401, "other_org": 404, "wrong_role": 403, "right_role": 200}
        listing = {"anonymous": 401, "other_org": 200, "wrong_role": 200, "right_role": 200}
        league_only = {"other_org": empty_list, "wrong_role": non_empty_list, "right_role": non_empty_list}
        return [
            Case("POST", f"{API}/applications/{self.accept_me.pk}/accept/", decide, data={}),
            Case("POST", f"{API}/applications/{self.reject_me.pk}/reject/", decide, data={"reasons": "材料不全"}),
            Case(
                "POST",
                f"{API}/institutions/{self.institution.pk}/transition/",
                decide,
                data={"to_status": "rectification", "grounds": "抽查", "deadline": "2099-01-01"},
            ),
            Case("GET", f"{API}/commitments/{self.signature.pk}/", {**decide, "wrong_role": 200}),
            Case("POST", f"{API}/commitments/{self.signature.pk}/countersign/", decide),
            Case("GET", f"{API}/branch-filings/", listing, check=league_only),
            Case("GET", f"{API}/branch-filings/{self.accept_filing.pk}/", {**decide, "wrong_role": 200}),
            Case("POST", f"{API}/branch-filings/{self.accept_filing.pk}/accept/", decide, data={"reasons": ""}),
            Case("POST", f"{API}/branch-filings/{self.reject_filing.pk}/reject/", decide, data={"reasons": "场地不符"}),
            Case("GET", f"{API}/fee-flags/", listing, check=league_only),
            Case("GET", f"{API}/commitment-texts/", listing, check={"other_org": non_empty_list}),
            Case("GET", f"{API}/commitment-texts/{self.signature.text_id}/", listing),
            Case(
                "POST",
                f"{API}/commitment-texts/",
                {"anonymous": 401, "other_org": 201, "wrong_role": 403, "right_role": 201},
                data={"title": "诚信承诺书", "body": "本部门版本"},
            ),
        ]


def test_authority_side_permission_matrix():
    AuthoritySide().run()


class Public(PermissionMatrix):
    """The public register answers everyone the same (R-PUB-1)."""

    def __init__(self) -> None:
        self.institution = f.FiledInstitutionFactory()
        revoked = f.FiledInstitutionFactory()
        services.change_status(
            actor=f.bureau_user("150100"), institution=revoked, to_status="revoked", grounds="虚假证书"
        )
        occupation = f.occupation(levels=(5,))
        self.application = services.submit_initial_application(
            actor=None,
            type="social_league",
            filed_name="查询测试",
            credit_code=f.credit_code(3131),
            responsible_person="甲",
            address="乙",
            area="150100",
            items=f.scope_entries((occupation, None, [5])),
            documents=[services.SupportingDocument("执照", f.pdf())],
            manager_username="lookup_mgr",
            manager_full_name="丙",
        )
        self.users = {
            "other_org": f.staff(f.FiledInstitutionFactory(), Role.MANAGER),
            "wrong_role": f.staff(self.institution, Role.EXAMINER),
            "right_role": f.bureau_user("150200"),
        }

    def personas(self) -> dict[str, Any]:
        return {"anonymous": None, **self.users}

    def cases(self) -> list[Case]:
        everyone = {"anonymous": 200, "other_org": 200, "wrong_role": 200, "right_role": 200}
        nobody = dict.fromkeys(everyone, 404)
        a = self.application
        return [
            Case("GET", f"{PUBLIC}/institutions/", everyone, check={"anonymous": non_empty_list}),
            Case("GET", f"{PUBLIC}/institutions/{self.institution.pk}/", everyone),
            Case("GET", f"{PUBLIC}/blacklist/", everyone, check={"anonymous": non_empty_list}),
            Case(
                "GET",
                f"{PUBLIC}/filing-applications/status/?reference={a.reference}&credit_code={a.credit_code}",
                everyone,
            ),
            Case(
                "GET",
                f"{PUBLIC}/filing-applications/status/?reference={a.reference}&credit_code={f.credit_code(1)}",
                nobody,
            ),
        ]


def test_public_permission_matrix():
    Public().run()


def _multipart_matrix(url: str, users: dict[str, Any], expected: dict[str, int], data: Any) -> None:
    failures = []
    for persona, user in users.items():
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        response = client.post(url, data(), format="multipart")
        if response.status_code != expected[persona]:
            failures.append(f"{persona}: {response.status_code} {response.content[:200]!r}")
    assert not failures, failures


def test_multipart_endpoints_permission_matrix():
    enterprise = f.FiledInstitutionFactory(type=InstitutionType.ENTERPRISE)
    other = f.FiledInstitutionFactory(type=InstitutionType.ENTERPRISE)
    users = {
        "anonymous": None,
        "other_org": f.staff(other, Role.MANAGER),
        "wrong_role": f.staff(enterprise, Role.AUDITOR),
        "right_role": f.staff(enterprise, Role.CLERK),
    }
    _multipart_matrix(
        f"{API}/institutions/{enterprise.pk}/roster-import/",
        users,
        {"anonymous": 401, "other_org": 404, "wrong_role": 403, "right_role": 200},
        lambda: {
            "file": f.upload(
                "名册.csv", f.roster_csv([["张伟", "150102199003071237", "本单位职工", "", "", "", ""]]).getvalue()
            )
        },
    )
    assert enterprise.roster.count() == 1
    parent = f.FiledInstitutionFactory(type=InstitutionType.SOCIAL_REGION)
    reg = services.register_branch(
        actor=f.staff(parent, Role.MANAGER),
        parent=parent,
        filed_name="分支",
        credit_code=f.credit_code(6161),
        responsible_person="甲",
        address="乙",
        league="150600",
        manager_username="mp_branch",
        manager_full_name="丙",
    )
    venue = f.venue(reg.branch, "150600")
    branch_users = {**users, "wrong_role": f.staff(reg.branch, Role.AUDITOR), "right_role": reg.manager}
    _multipart_matrix(
        f"{API}/branch-filings/",
        branch_users,
        {"anonymous": 401, "other_org": 404, "wrong_role": 403, "right_role": 201},
        lambda: {
            "branch": reg.branch.pk,
            "league": "150600",
            "venue": venue.pk,
            "responsible_person": "甲",
            "staff": '[{"name": "韩雪", "role": "考务"}]',
            "licence_file": f.pdf(),
        },
    )
    occupation = f.occupation(levels=(5,))
    anyone = {k: None if k == "anonymous" else v for k, v in users.items()}
    counter = iter(range(100))

    def application() -> dict[str, Any]:
        n = next(counter)
        return {
            "type": "social_league",
            "filed_name": f"公开申请{n}",
            "credit_code": f.credit_code(8800 + n),
            "responsible_person": "甲",
            "address": "乙",
            "area": "150100",
            "manager_username": f"public_mgr_{n}",
            "manager_full_name": "丙",
            "items": f'[{{"occupation": {occupation.pk}, "levels": [5]}}]',
            "documents": [f.pdf()],
        }

    _multipart_matrix(f"{PUBLIC}/filing-applications/", anyone, dict.fromkeys(anyone, 201), application)


def test_accepting_through_the_api_returns_the_initial_password_once(api_client):
    occupation = f.occupation(levels=(5,))
    application = services.submit_initial_application(
        actor=None,
        type="social_region",
        filed_name="全区评价协会",
        credit_code=f.credit_code(2020, "150000"),
        responsible_person="甲",
        address="乙",
        area="150000",
        items=f.scope_entries((occupation, None, [5])),
        documents=[services.SupportingDocument("执照", f.pdf())],
        manager_username="api_new_mgr",
        manager_full_name="丙",
    )
    f.pass_entry_stages(application)
    api_client.force_authenticate(f.region_center_user())
    bad = api_client.post(f"{API}/applications/{application.pk}/accept/", {"filing_number": ""}, format="json")
    assert bad.status_code == 400 and bad.json()["errors"] == {"filing_number": ["备案编号：不能为空"]}
    response = api_client.post(f"{API}/applications/{application.pk}/accept/", {"filing_number": "QQ-1"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["application"]["status"] == "accepted" and body["manager_username"] == "api_new_mgr"
    assert User.objects.get(username="api_new_mgr").check_password(body["initial_password"])
    again = api_client.get(f"{API}/applications/{application.pk}/")
    assert "initial_password" not in again.json()


def test_bad_input_through_the_api_is_400_in_chinese(api_client):
    occupation = f.occupation(levels=(5,))
    institution = f.FiledInstitutionFactory(scope=[(occupation, None, 5)])
    api_client.force_authenticate(f.staff(institution, Role.CLERK))
    body = _fee_body(institution, occupation.pk)
    body["items"][0]["amount"] = "-10"
    response = api_client.post(f"{API}/fees/", body, format="json")
    assert response.status_code == 400 and "收费金额：不能为负数" in response.json()["detail"]
    assert not Fee.objects.exists()
    response = api_client.post(
        f"{API}/venues/",
        {"institution": institution.pk, "name": "x", "league": "150600", "address": "y"},
        format="json",
    )
    assert response.status_code == 400 and response.json()["errors"]["league"][0].startswith(
        "所在盟市：鄂尔多斯市不在本机构备案区域范围"
    )
    response = api_client.post(
        f"{API}/applications/",
        {"institution": institution.pk, "kind": "scope_change", "items": "nonsense"},
        format="json",
    )
    assert response.status_code == 400 and "备案范围" in response.json()["detail"]
    response = api_client.post(
        f"{API}/rule-documents/", {"institution": institution.pk, "kind": "fees", "title": "x"}, format="json"
    )
    assert response.status_code == 400 and response.json()["errors"] == {
        "body": ["正文：请填写制度正文或上传制度文件（PDF或Word）"]
    }
    assert not RuleDocument.objects.exists()
    response = api_client.get(f"{API}/institutions/{institution.pk}/readiness/?league=999999")
    assert response.status_code == 400


def test_readiness_endpoint_lists_what_is_missing(api_client):
    occupation = f.occupation(levels=(5,))
    institution = f.FiledInstitutionFactory(scope=[(occupation, None, 5)])
    api_client.force_authenticate(f.staff(institution, Role.CLERK))
    body = api_client.get(f"{API}/institutions/{institution.pk}/readiness/").json()
    assert body["ready"] is False and len(body["missing"]) == 10  # eight documents, commitment, fee
    f.make_ready(institution)
    assert api_client.get(f"{API}/institutions/{institution.pk}/readiness/").json() == {"ready": True, "missing": []}


def test_public_register_filters(api_client):
    a = f.occupation(levels=(5, 4))
    hohhot = f.FiledInstitutionFactory(scope=[(a, None, 4)])
    f.FiledInstitutionFactory(league="150200", scope=[(a, None, 5)])
    region = f.FiledInstitutionFactory(type=InstitutionType.SOCIAL_REGION)
    unfiled = f.FiledInstitutionFactory(filed_on=None, filing_number=None)

    def ids(query: str) -> set[int]:
        return {r["id"] for r in _rows(api_client.get(f"{PUBLIC}/institutions/?{query}"))}

    assert unfiled.pk not in ids("")
    assert ids("league=150100") == {hohhot.pk, region.pk}
    assert ids(f"occupation={a.pk}&level=4") == {hohhot.pk}
    assert ids("type=social_region") == {region.pk}
    detail = api_client.get(f"{PUBLIC}/institutions/{hohhot.pk}/").json()
    assert (
        detail["scope"][0]["level_label"] == "四级/中级工"
        and detail["rule_documents"] == []
        and detail["commitment"] is None
    )
    assert api_client.get(f"{PUBLIC}/institutions/{unfiled.pk}/").status_code == 404


LIST_ENDPOINTS = [
    f"{API}/institutions/",
    f"{API}/applications/",
    f"{API}/branch-filings/",
    f"{API}/rule-documents/",
    f"{API}/commitments/",
    f"{API}/commitment-texts/",
    f"{API}/fees/",
    f"{API}/fee-flags/",
    f"{API}/venues/",
    f"{API}/roster/",
    f"{PUBLIC}/institutions/",
    f"{PUBLIC}/blacklist/",
]


def _populate(n: int) -> None:
    """n ready institutions with everything the list endpoints show, a branch filing and a revocation each."""
    for _ in range(n):
        occupation = f.occupation(levels=(5, 4))
        institution = f.FiledInstitutionFactory(
            type=InstitutionType.ENTERPRISE, scope=[(occupation, None, 5), (occupation, None, 4)]
        )
        manager = f.staff(institution, Role.MANAGER)
        f.make_ready(institution, manager)
        services.save_fee(
            actor=manager,
            institution=institution,
            occupation=occupation,
            level=5,
            items=f.fee_items("500", "100"),
            publish=True,
        )
        services.submit_change_application(actor=manager, institution=institution, kind=ApplicationKind.RENEWAL)
        venue = f.venue(institution)
        services.save_room(actor=manager, venue=venue, name="101", kind="written", capacity=30)
        services.import_roster(
            actor=manager,
            institution=institution,
            upload=f.roster_csv([["张伟", "150102199003071237", "本单位职工", "", "", "", ""]]),
            filename="a.csv",
        )
        revoked = f.FiledInstitutionFactory()
        bureau = f.bureau_user("150100")
        services.change_status(actor=bureau, institution=revoked, to_status="revoked", grounds="x")
        services.publish_commitment_text(actor=bureau, title="承诺书", body=f"第{revoked.pk}版")
        reg = services.register_branch(
            actor=manager,
            parent=institution,
            filed_name=f"{institution.filed_name}分公司",
            credit_code=f.credit_code(60000 + institution.pk),
            responsible_person="甲",
            address="乙",
            league="150100",
            manager_username=f"list_branch_{institution.pk}",
            manager_full_name="丙",
        )
        services.submit_branch_filing(
            actor=reg.manager,
            branch=reg.branch,
            league="150100",
            licence_file=f.pdf(),
            venue=f.venue(reg.branch, "150100"),
            responsible_person="甲",
            staff=[{"name": "甲", "role": "乙"}],
        )


@pytest.mark.parametrize("url", LIST_ENDPOINTS)
def test_list_endpoints_do_not_grow_queries_with_rows(url, django_assert_max_num_queries):
    from skillcert.accounts.choices import OrgKind
    from skillcert.accounts.tests.factories import UserFactory, authority

    viewer = UserFactory(organisation=authority(OrgKind.REGION_CENTER), roles=[Role.CLERK])
    client = APIClient()
    client.force_authenticate(viewer)
    _populate(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _populate(4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200 and len(_rows(response)) >= 4
