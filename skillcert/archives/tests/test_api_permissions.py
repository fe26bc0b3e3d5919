"""Permission matrix for every archives API endpoint (R-ORG-2, R-X-5): anonymous, another
organisation, the same organisation with the wrong role, the right role. Hidden rows answer 404
like missing ones; visible rows the role may not act on answer 403."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from skillcert.accounts.choices import Role
from skillcert.archives.choices import Volume
from skillcert.archives.models import Dossier
from skillcert.archives.services.dossiers import add_scan, open_dossier, seal_dossier
from skillcert.archives.services.retention import propose_disposal, set_legal_hold
from skillcert.certificates.tests.factories import Final, final_plan
from skillcert.core.testing import Case, PermissionMatrix, empty_list, non_empty_list
from skillcert.exams.choices import PlanStatus
from skillcert.exams.models import ExamPlan, ExamSession
from skillcert.institutions.tests.factories import bureau_user, staff

pytestmark = pytest.mark.django_db

LIST = {"anonymous": 401, "other_org": 200, "wrong_role": 200, "right_role": 200}
HIDDEN = {"anonymous": 401, "other_org": 404, "wrong_role": 404, "right_role": 200}
ACT = {"anonymous": 401, "other_org": 404, "wrong_role": 403, "right_role": 200}
HIDDEN_LIST = {"other_org": empty_list, "wrong_role": empty_list, "right_role": non_empty_list}
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class World:
    f: Final
    cert: Any
    open_dossier: Dossier
    sealed: Dossier
    expired: Dossier
    hold: Any
    disposal: Any
    file_id: int


@pytest.fixture
def world() -> World:
    f = final_plan(2)
    cert = f.issue(0)
    ExamPlan.objects.filter(pk=f.plan.pk).update(status=PlanStatus.FINAL)
    f.plan.refresh_from_db()
    sealed = open_dossier(actor=f.clerk, plan=f.plan)
    scan = add_scan(
        actor=f.clerk,
        dossier=sealed,
        volume=Volume.PROCESS,
        title="考场记录",
        upload=SimpleUploadedFile("a.pdf", PDF_BYTES),
    )
    sealed = seal_dossier(actor=f.clerk, dossier=sealed)
    g = final_plan(1)
    g.issue(0)
    ExamPlan.objects.filter(pk=g.plan.pk, institution=g.plan.institution).update(status=PlanStatus.FINAL)
    # The second plan belongs to another institution; move it under the first for one institution's view.
    ExamPlan.objects.filter(pk=g.plan.pk).update(institution=f.plan.institution)
    expired = seal_dossier(actor=f.clerk, dossier=open_dossier(actor=f.clerk, plan=ExamPlan.objects.get(pk=g.plan.pk)))
    past = datetime.date(2000, 1, 1)
    Dossier.objects.filter(pk=expired.pk).update(paper_retain_until=past, electronic_retain_until=past)
    h = final_plan(1)
    ExamPlan.objects.filter(pk=h.plan.pk).update(institution=f.plan.institution)
    still_open = open_dossier(actor=f.clerk, plan=ExamPlan.objects.get(pk=h.plan.pk))
    regulator = bureau_user("150100", Role.MANAGER)
    hold = set_legal_hold(actor=regulator, dossier=sealed, grounds="证据保全")
    disposal = propose_disposal(actor=regulator, dossier=Dossier.objects.get(pk=expired.pk), reason="保管期满")
    return World(f, cert, still_open, sealed, expired, hold, disposal, scan.stored_file_id)


class InstitutionReads(PermissionMatrix):
    """Reading archives: the institution's office staff; an examiner of the same institution sees nothing."""

    def __init__(self, w: World) -> None:
        self.w = w

    def personas(self) -> dict[str, Any]:
        return {
            "anonymous": None,
            "other_org": self.w.f.s.other_clerk,
            "wrong_role": staff(self.w.f.s.institution, Role.EXAMINER),
            "right_role": self.w.f.clerk,
        }

    def cases(self) -> list[Case]:
        w = self.w
        session = ExamSession.objects.filter(plan=w.f.plan).first()
        assert session is not None
        person = w.f.s.examiners[0]
        base = "/api/v1/archives"
        return [
            Case("GET", f"{base}/dossiers/", LIST, check=HIDDEN_LIST),
            Case("GET", f"{base}/dossiers/{w.sealed.pk}/", HIDDEN),
            Case("GET", f"{base}/dossiers/{w.sealed.pk}/verify/", HIDDEN),
            Case("GET", f"{base}/files/", LIST, check=HIDDEN_LIST),
            Case("GET", f"{base}/files/{w.file_id}/", HIDDEN),
            Case("GET", f"{base}/files/{w.file_id}/download/", HIDDEN),
            Case("GET", f"{base}/holds/", LIST, check=HIDDEN_LIST),
            Case("GET", f"{base}/holds/{w.hold.pk}/", HIDDEN),
            Case("GET", f"{base}/disposals/", LIST, check=HIDDEN_LIST),
            Case("GET", f"{base}/disposals/{w.disposal.pk}/", HIDDEN),
            Case("GET", f"{base}/trace/certificates/{w.cert.pk}/", HIDDEN),
            Case("GET", f"{base}/trace/certificates/{w.cert.pk}/pdf/", HIDDEN),
            Case("GET", f"{base}/trace/sessions/{session.pk}/certificates/", HIDDEN),
            Case(
                "GET",
                f"{base}/trace/people/{person.pk}/certificates/",
                HIDDEN,
                check={"right_role": non_empty_list},
            ),
            Case("POST", f"{base}/dossiers/open/", HIDDEN, data={"plan": w.f.plan.pk}),
        ]


class InstitutionWrites(PermissionMatrix):
    """Scans and sealing: the institution's clerk; its auditor sees the dossier but may not change it."""

    def __init__(self, w: World) -> None:
        self.w = w

    def personas(self) -> dict[str, Any]:
        return {
            "anonymous": None,
            "other_org": self.w.f.s.other_clerk,
            "wrong_role": staff(self.w.f.s.institution, Role.AUDITOR),
            "right_role": self.w.f.clerk,
        }

    def cases(self) -> list[Case]:
        d = self.w.open_dossier
        return [
            Case("POST", f"/api/v1/archives/dossiers/{d.pk}/scans/", {**ACT, "right_role": 400}, data={"volume": 1}),
            Case("POST", f"/api/v1/archives/dossiers/{d.pk}/seal/", ACT),
        ]


class RegulatorWrites(PermissionMatrix):
    """Holds and disposals: the league's manager; its auditor reads but may not act; another league sees nothing."""

    def __init__(self, w: World) -> None:
        self.w = w

    def personas(self) -> dict[str, Any]:
        return {
            "anonymous": None,
            "other_org": bureau_user("150200", Role.MANAGER),
            "wrong_role": bureau_user("150100", Role.AUDITOR),
            "right_role": bureau_user("150100", Role.MANAGER),
        }

    def cases(self) -> list[Case]:
        w = self.w
        base = "/api/v1/archives"
        return [
            Case("POST", f"{base}/holds/{w.hold.pk}/lift/", ACT, data={"grounds": "案件审结"}),
            Case(
                "POST", f"{base}/dossiers/{w.sealed.pk}/hold/", {**ACT, "right_role": 201}, data={"grounds": "再次保全"}
            ),
            Case("POST", f"{base}/disposals/{w.disposal.pk}/reject/", ACT, data={"note": "暂缓"}),
            Case(
                "POST", f"{base}/dossiers/{w.expired.pk}/dispose/", {**ACT, "right_role": 201}, data={"reason": "到期"}
            ),
            Case(
                "POST", f"{base}/disposals/{w.disposal.pk}/approve/", {**ACT, "right_role": 400}, data={"note": "同意"}
            ),
        ]


def test_institution_reads(world: World) -> None:
    InstitutionReads(world).run()


def test_institution_writes(world: World) -> None:
    InstitutionWrites(world).run()


def test_regulator_writes(world: World) -> None:
    RegulatorWrites(world).run()


def test_a_scan_is_uploaded_through_the_api_and_a_non_pdf_is_refused(world: World) -> None:
    client = APIClient()
    client.force_authenticate(world.f.clerk)
    url = f"/api/v1/archives/dossiers/{world.open_dossier.pk}/scans/"
    bad = client.post(url, {"volume": 1, "title": "报名表", "file": SimpleUploadedFile("x.pdf", b"MZ\x00")})
    assert bad.status_code == 400 and "只接受" in bad.json()["detail"]
    ok = client.post(url, {"volume": 1, "title": "报名表", "file": SimpleUploadedFile("x.pdf", PDF_BYTES)})
    assert ok.status_code == 201 and ok.json()["items"][0]["title"] == "报名表"
