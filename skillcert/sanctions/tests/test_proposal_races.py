"""A 处理建议 decided twice at once is decided once; the second is refused (lock, then check; R-X-4).

PostgreSQL only: SQLite serialises every write, so the race cannot happen there. Kept in its own
file because a transactional test empties the database when it ends.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from skillcert.accounts.choices import Role
from skillcert.core.models import AuditEvent
from skillcert.core.testing import race
from skillcert.inspections.tests.factories import concluded_with_proposal
from skillcert.institutions.tests import factories as f
from skillcert.sanctions import services
from skillcert.sanctions.choices import Event, Kind, ProposalStatus
from skillcert.sanctions.models import Proposal, Sanction

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL=postgres://...); CI runs it there"
    ),
    pytest.mark.django_db(transaction=True),
]


def test_accepting_a_proposal_twice_at_once_makes_one_measure():
    proposal = concluded_with_proposal("150100", Kind.RECTIFICATION)
    clerks = [f.bureau_user("150100", Role.CLERK), f.bureau_user("150100", Role.MANAGER)]
    deadline = timezone.localdate() + datetime.timedelta(days=30)

    outcome = race(
        [
            lambda clerk=clerk: services.accept_proposal(
                actor=clerk, proposal=Proposal.objects.get(pk=proposal.pk), deadline=deadline
            )
            for clerk in clerks
        ]
    )

    assert not outcome.crashed, outcome.crashed
    assert len(outcome.done) == 1
    assert outcome.refused == ["处理建议：已是“已采纳”，不能再决定"]
    assert Sanction.objects.filter(institution=proposal.institution).count() == 1
    assert AuditEvent.objects.filter(action=Event.PROPOSAL_ACCEPTED).count() == 1


def test_accepting_and_declining_at_once_decides_once():
    proposal = concluded_with_proposal("150100", Kind.CRITICISM)
    clerk, manager = f.bureau_user("150100", Role.CLERK), f.bureau_user("150100", Role.MANAGER)

    outcome = race(
        [
            lambda: services.accept_proposal(actor=clerk, proposal=Proposal.objects.get(pk=proposal.pk)),
            lambda: services.decline_proposal(
                actor=manager, proposal=Proposal.objects.get(pk=proposal.pk), grounds="已另案处理"
            ),
        ]
    )

    assert not outcome.crashed, outcome.crashed
    assert len(outcome.done) == 1 and len(outcome.refused) == 1
    decided = Proposal.objects.get(pk=proposal.pk)
    assert decided.status in (ProposalStatus.ACCEPTED, ProposalStatus.DECLINED)
    assert Sanction.objects.count() == (1 if decided.status == ProposalStatus.ACCEPTED else 0)
    assert AuditEvent.objects.filter(action__in=[Event.PROPOSAL_ACCEPTED, Event.PROPOSAL_DECLINED]).count() == 1
