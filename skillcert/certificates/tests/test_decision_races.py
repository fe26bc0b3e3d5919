"""Approving a certificate status change twice at once changes it once; the second is refused (R-CERT-5).

PostgreSQL only; kept in its own file because a transactional test empties the database when it ends.
"""

from __future__ import annotations

import pytest
from django.db import connection

from skillcert.accounts.choices import Role
from skillcert.certificates import services
from skillcert.certificates.choices import CertificateStatus, ProposalKind, ProposalStatus
from skillcert.certificates.models import StatusProposal
from skillcert.certificates.tests.factories import final_plan
from skillcert.core.models import AuditEvent
from skillcert.core.testing import race
from skillcert.institutions.tests.factories import staff

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL=postgres://...); CI runs it there"
    ),
    pytest.mark.django_db(transaction=True),
]


def test_approving_a_status_change_twice_at_once_applies_it_once():
    f = final_plan(1)
    cert = f.issue(0)
    proposal = services.propose_status_change(
        actor=f.clerk, certificate=cert, kind=ProposalKind.SUSPEND, grounds="举报核查中"
    )
    managers = [f.manager, staff(f.s.institution, Role.MANAGER)]

    outcome = race(
        [
            lambda manager=manager: services.approve_status_change(
                actor=manager, proposal=StatusProposal.objects.get(pk=proposal.pk), note="同意"
            )
            for manager in managers
        ]
    )

    assert not outcome.crashed, outcome.crashed
    assert len(outcome.done) == 1
    assert outcome.refused == ["该申请已审批（已批准），不能再次审批"]
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.SUSPENDED
    assert StatusProposal.objects.get(pk=proposal.pk).status == ProposalStatus.APPROVED
    assert AuditEvent.objects.filter(action="certificates.status_approved").count() == 1
