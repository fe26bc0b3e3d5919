"""Suspension, reinstatement, revocation and voiding with two-person approval, every step audited (R-CERT-5)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from skillcert.accounts.choices import Role
from skillcert.certificates import services
from skillcert.certificates.choices import CertificateStatus, ProposalKind, ProposalStatus
from skillcert.certificates.models import StatusProposal
from skillcert.certificates.tests.factories import candidate_user, final_plan
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.models import AuditEvent
from skillcert.institutions.tests.factories import bureau_user, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued():
    f = final_plan(1)
    return f, f.issue(0)


def test_suspend_then_reinstate_by_two_people(issued):
    f, cert = issued
    p = services.propose_status_change(actor=f.clerk, certificate=cert, kind=ProposalKind.SUSPEND, grounds="举报核查中")
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.VALID  # nothing changes until approved
    services.approve_status_change(actor=f.manager, proposal=p, note="同意")
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.SUSPENDED and cert.status_reason == "举报核查中"
    p2 = services.propose_status_change(
        actor=f.clerk, certificate=cert, kind=ProposalKind.REINSTATE, grounds="核查无误"
    )
    services.approve_status_change(actor=f.manager, proposal=p2)
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.VALID
    actions = list(
        AuditEvent.objects.filter(action__startswith="certificates.status_").values_list("action", flat=True)
    )
    assert actions == [
        "certificates.status_proposed",
        "certificates.status_approved",
        "certificates.status_proposed",
        "certificates.status_approved",
    ]


def test_own_proposal_cannot_be_approved(issued):
    f, cert = issued
    p = services.propose_status_change(actor=f.manager, certificate=cert, kind=ProposalKind.REVOKE, grounds="违规发证")
    with pytest.raises(DomainError) as exc:
        services.approve_status_change(actor=f.manager, proposal=p)
    assert exc.value.code == "same_person" and "本人" in exc.value.message
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.VALID
    assert StatusProposal.objects.get().status == ProposalStatus.PENDING


def test_revoking_a_revoked_certificate_is_refused(issued):
    f, cert = issued
    p = services.propose_status_change(actor=f.clerk, certificate=cert, kind=ProposalKind.REVOKE, grounds="替考")
    services.approve_status_change(actor=f.manager, proposal=p)
    with pytest.raises(DomainError) as exc:
        services.propose_status_change(actor=f.clerk, certificate=cert, kind=ProposalKind.REVOKE, grounds="再次")
    assert exc.value.code == "already" and "已撤销，不能再次撤销" in exc.value.message
    with pytest.raises(DomainError):
        services.propose_status_change(actor=f.clerk, certificate=cert, kind=ProposalKind.SUSPEND, grounds="x")


def test_one_pending_proposal_and_grounds_required(issued):
    f, cert = issued
    with pytest.raises(DomainError) as exc:
        services.propose_status_change(actor=f.clerk, certificate=cert, kind=ProposalKind.SUSPEND, grounds="  ")
    assert exc.value.field == "grounds"
    services.propose_status_change(actor=f.clerk, certificate=cert, kind=ProposalKind.SUSPEND, grounds="核查")
    with pytest.raises(DomainError) as exc:
        services.propose_status_change(actor=f.clerk, certificate=cert, kind=ProposalKind.REVOKE, grounds="核查")
    assert exc.value.code == "pending"


def test_rejection_leaves_the_certificate_valid(issued):
    f, cert = issued
    p = services.propose_status_change(actor=f.clerk, certificate=cert, kind=ProposalKind.SUSPEND, grounds="核查")
    with pytest.raises(DomainError):
        services.reject_status_change(actor=f.manager, proposal=p, note="")
    services.reject_status_change(actor=f.manager, proposal=p, note="证据不足")
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.VALID
    with pytest.raises(DomainError):
        services.approve_status_change(actor=f.manager, proposal=p)


def test_who_may_propose_and_approve(issued):
    f, cert = issued
    with pytest.raises(NotFoundError):
        services.propose_status_change(actor=f.s.other_clerk, certificate=cert, kind=ProposalKind.REVOKE, grounds="x")
    with pytest.raises(NotFoundError):
        services.propose_status_change(
            actor=bureau_user("150200", Role.CLERK), certificate=cert, kind=ProposalKind.REVOKE, grounds="x"
        )
    # The regulator over the league may propose a revocation but not a voiding.
    with pytest.raises(PermissionDenied):
        services.propose_status_change(actor=f.s.bureau, certificate=cert, kind=ProposalKind.VOID, grounds="x")
    p = services.propose_status_change(actor=f.s.bureau, certificate=cert, kind=ProposalKind.REVOKE, grounds="违规")
    # A regulator's proposal is not the institution's to approve; a clerk approves nothing.
    with pytest.raises(PermissionDenied):
        services.approve_status_change(actor=f.manager, proposal=p)
    with pytest.raises(PermissionDenied):
        services.approve_status_change(actor=bureau_user("150100", Role.CLERK), proposal=p)
    services.approve_status_change(actor=bureau_user("150100", Role.MANAGER), proposal=p)
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.REVOKED


def test_candidate_cannot_propose(issued):
    _f, cert = issued
    user = candidate_user()
    cert.candidate = user
    cert.save(update_fields=["candidate"])
    with pytest.raises(PermissionDenied):
        services.propose_status_change(actor=user, certificate=cert, kind=ProposalKind.REVOKE, grounds="x")


def test_exported_certificate_cannot_be_voided(issued):
    f, cert = issued
    services.create_export_batch(actor=f.clerk, institution=f.s.institution)
    with pytest.raises(DomainError) as exc:
        services.propose_status_change(actor=f.clerk, certificate=cert, kind=ProposalKind.VOID, grounds="错发")
    assert exc.value.code == "exported"
    examiner = staff(f.s.institution, Role.EXAMINER)
    with pytest.raises(NotFoundError):
        services.propose_status_change(actor=examiner, certificate=cert, kind=ProposalKind.SUSPEND, grounds="x")
