"""Permission matrix for every certificates API endpoint (R-ORG-2, R-X-5): anonymous, another
organisation, the same organisation with the wrong role, the right role. Hidden rows answer 404
like missing ones; visible rows the role may not act on answer 403."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.tests.factories import UserFactory, authority
from skillcert.certificates import services
from skillcert.certificates.choices import ProposalKind, RunStatus
from skillcert.certificates.models import IssuanceRun
from skillcert.certificates.tests.factories import Final, final_plan
from skillcert.certificates.verification import qr_token
from skillcert.core.testing import Case, PermissionMatrix, empty_list, non_empty_list
from skillcert.exams.models import ExamPlan
from skillcert.institutions.tests.factories import bureau_user, staff

pytestmark = pytest.mark.django_db

LIST = {"anonymous": 401, "other_org": 200, "wrong_role": 200, "right_role": 200}
HIDDEN = {"anonymous": 401, "other_org": 404, "wrong_role": 404, "right_role": 200}
HIDDEN_LIST = {"other_org": empty_list, "wrong_role": empty_list, "right_role": non_empty_list}


@dataclass
class World:
    f: Final
    certs: list[Any]
    proposal: Any
    run: Any
    batch: Any
    examiner: Any
    stopped_run: Any


@pytest.fixture
def world() -> World:
    f = final_plan(4)
    first = f.issue(1)
    batch = services.create_export_batch(actor=f.clerk, institution=f.s.institution)
    certs = [f.issue(0), first]
    proposal = services.propose_status_change(
        actor=f.clerk, certificate=certs[1], kind=ProposalKind.SUSPEND, grounds="举报核查"
    )
    run = IssuanceRun.objects.create(plan=f.plan, total=1, processed=1, status=RunStatus.DONE, requested_by=f.clerk)
    # A stopped run of another plan of the institution: the new run started below does not hold it up.
    other_plan = ExamPlan.objects.get(pk=f.plan.pk)
    other_plan.pk = other_plan.id = None
    other_plan.number = f"{f.plan.number}-2"
    other_plan.save()
    stopped = IssuanceRun.objects.create(plan=other_plan, total=1, status=RunStatus.FAILED, requested_by=f.clerk)
    return World(f, certs, proposal, run, batch, staff(f.s.institution, Role.EXAMINER), stopped)


class InstitutionMatrix(PermissionMatrix):
    def __init__(self, world: World) -> None:
        self.w = world

    def personas(self) -> dict[str, Any]:
        return {
            "anonymous": None,
            "other_org": self.w.f.s.other_clerk,
            "wrong_role": self.w.examiner,
            "right_role": self.w.f.clerk,
        }

    def cases(self) -> list[Case]:
        w = self.w
        c0, p, b, r = w.certs[0].pk, w.proposal.pk, w.batch.pk, w.run.pk
        base = "/api/v1/certificates"
        return [
            Case("get", f"{base}/", LIST, check=HIDDEN_LIST),
            Case("get", f"{base}/{c0}/", HIDDEN),
            Case("get", f"{base}/{c0}/pdf/", HIDDEN),
            Case("get", f"{base}/{c0}/credential/", HIDDEN),
            Case(
                "post",
                f"{base}/issue/",
                {"anonymous": 401, "other_org": 404, "wrong_role": 404, "right_role": 201},
                data={"registration": w.f.registrations[2].pk},
            ),
            Case(
                "post",
                f"{base}/{c0}/propose/",
                {"anonymous": 401, "other_org": 404, "wrong_role": 404, "right_role": 201},
                data={"kind": "revoke", "grounds": "经查替考"},
            ),
            Case("get", f"{base}/export/", LIST),
            Case("get", f"{base}/overdue/", LIST, check={"other_org": empty_list, "wrong_role": empty_list}),
            Case("get", f"{base}/proposals/", LIST, check=HIDDEN_LIST),
            Case("get", f"{base}/proposals/{p}/", HIDDEN),
            Case("get", f"{base}/runs/", LIST, check=HIDDEN_LIST),
            Case("get", f"{base}/runs/{r}/", HIDDEN),
            Case(
                "post",
                f"{base}/runs/{w.stopped_run.pk}/retry/",
                {"anonymous": 401, "other_org": 404, "wrong_role": 404, "right_role": 202},
            ),
            Case(
                "post",
                f"{base}/runs/",
                {"anonymous": 401, "other_org": 404, "wrong_role": 404, "right_role": 202},
                data={"plan": w.f.plan.pk},
            ),
            Case("get", f"{base}/export-batches/", LIST, check=HIDDEN_LIST),
            Case("get", f"{base}/export-batches/{b}/", HIDDEN),
            Case("get", f"{base}/export-batches/{b}/json/", HIDDEN),
            Case("get", f"{base}/export-batches/{b}/xlsx/", HIDDEN),
            # Another institution acts on its own (empty) list: nothing to export is a 400 with the reason.
            Case(
                "post",
                f"{base}/export-batches/",
                {"anonymous": 401, "other_org": 400, "wrong_role": 404, "right_role": 201},
            ),
        ]


def test_institution_endpoints(world: World) -> None:
    InstitutionMatrix(world).run()


class ApprovalMatrix(PermissionMatrix):
    """Deciding a proposal: a manager other than the proposer; the proposer's clerk colleague may not."""

    def __init__(self, world: World, decision: str) -> None:
        self.w = world
        self.decision = decision

    def personas(self) -> dict[str, Any]:
        return {
            "anonymous": None,
            "other_org": staff(self.w.f.s.other_clerk.organisation.institution, Role.MANAGER),
            "wrong_role": staff(self.w.f.s.institution, Role.CLERK),
            "right_role": self.w.f.manager,
        }

    def cases(self) -> list[Case]:
        return [
            Case(
                "post",
                f"/api/v1/certificates/proposals/{self.w.proposal.pk}/{self.decision}/",
                {"anonymous": 401, "other_org": 404, "wrong_role": 403, "right_role": 200},
                data={"note": "经核实"},
            )
        ]


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_proposal_decisions(world: World, decision: str) -> None:
    ApprovalMatrix(world, decision).run()


class SiteSerialMatrix(PermissionMatrix):
    def __init__(self, world: World) -> None:
        self.w = world

    def personas(self) -> dict[str, Any]:
        return {
            "anonymous": None,
            "other_org": bureau_user("150200", Role.CLERK),
            "wrong_role": UserFactory(organisation=authority(OrgKind.REGION_DEPT), roles=[Role.AUDITOR]),
            "right_role": UserFactory(organisation=authority(OrgKind.REGION_DEPT), roles=[Role.CLERK]),
        }

    def cases(self) -> list[Case]:
        row = self.w.f.site_serial
        base = "/api/v1/certificates/site-serials"
        return [
            # Region auditors read the register; another league sees nothing of this institution.
            Case("get", f"{base}/", LIST, check={"other_org": empty_list, "wrong_role": non_empty_list}),
            Case(
                "get", f"{base}/{row.pk}/", {"anonymous": 401, "other_org": 404, "wrong_role": 200, "right_role": 200}
            ),
            Case(
                "post",
                f"{base}/",
                {"anonymous": 401, "other_org": 403, "wrong_role": 403, "right_role": 201},
                data={"institution": self.w.f.s.other_clerk.organisation.institution.pk, "serial": "424242"},
            ),
            Case(
                "post",
                f"{base}/{row.pk}/retire/",
                {"anonymous": 401, "other_org": 404, "wrong_role": 403, "right_role": 200},
                data={"note": "站点调整"},
            ),
        ]


def test_site_serial_endpoints(world: World) -> None:
    SiteSerialMatrix(world).run()


class PublicMatrix(PermissionMatrix):
    def __init__(self, world: World) -> None:
        self.w = world

    def personas(self) -> dict[str, Any]:
        return {
            "anonymous": None,
            "other_org": self.w.f.s.other_clerk,
            "wrong_role": self.w.examiner,
            "right_role": self.w.f.clerk,
        }

    def cases(self) -> list[Case]:
        cert = self.w.certs[0]
        everyone = dict.fromkeys(("anonymous", "other_org", "wrong_role", "right_role"), 200)
        return [
            Case("get", f"/api/v1/public/certificates/verify?number={cert.number}&name={cert.name}", everyone),
            Case("get", f"/api/v1/public/certificates/qr?token={qr_token(cert.number)}", everyone),
        ]


def test_public_endpoints(world: World) -> None:
    PublicMatrix(world).run()


def test_issue_api_is_idempotent_and_explains_refusals(world: World, api_client) -> None:
    api_client.force_authenticate(world.f.clerk)
    again = api_client.post("/api/v1/certificates/issue/", {"registration": world.f.registrations[0].pk}, format="json")
    assert again.status_code == 200 and again.json()["number"] == world.certs[0].number
    bureau = bureau_user("150100", Role.CLERK)
    api_client.force_authenticate(bureau)
    refused = api_client.post(
        "/api/v1/certificates/issue/", {"registration": world.f.registrations[3].pk}, format="json"
    )
    assert refused.status_code == 403
    api_client.force_authenticate(world.f.clerk)
    malformed = api_client.post("/api/v1/certificates/issue/", {"registration": "abc"}, format="json")
    assert malformed.status_code == 400 and malformed.json()["errors"]["registration"]
