"""Approving a qualification proposal twice at once issues one card; the second is refused (lock, then check).

PostgreSQL only; kept in its own file because a transactional test empties the database when it ends.
"""

from __future__ import annotations

import pytest
from django.db import connection

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.tests.factories import InstitutionFactory, UserFactory, authority, jurisdiction
from skillcert.core.models import AuditEvent
from skillcert.core.testing import race
from skillcert.personnel.choices import AppointmentStatus, StaffRole
from skillcert.personnel.models import Appointment
from skillcert.personnel.services.appointments import approve_appointment
from skillcert.personnel.services.people import register_person
from skillcert.personnel.tests.factories import make_id_number

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL=postgres://...); CI runs it there"
    ),
    pytest.mark.django_db(transaction=True),
]


def test_approving_a_proposal_twice_at_once_issues_one_card():
    inst = InstitutionFactory(name="呼和浩特并发评价中心", jurisdiction=jurisdiction("150100"))
    clerk = UserFactory(organisation=inst, roles=[Role.CLERK])
    person = register_person(
        actor=clerk, name="王考评", id_number=make_id_number(), employer=inst, role=StaffRole.EXAMINER
    )
    proposal = person.appointments.get()
    assert proposal.status == AppointmentStatus.PROPOSED
    centre = authority(OrgKind.LEAGUE_CENTER, "150100")
    officers = [UserFactory(organisation=centre, roles=[Role.CLERK]) for _ in range(2)]

    outcome = race(
        [
            lambda officer=officer: approve_appointment(
                actor=officer, appointment=Appointment.objects.get(pk=proposal.pk), note="培训合格"
            )
            for officer in officers
        ]
    )

    assert not outcome.crashed, outcome.crashed
    assert len(outcome.done) == 1
    assert outcome.refused == ["状态：只能审核待审核的推荐，当前为“有效”"]
    proposal.refresh_from_db()
    assert proposal.status == AppointmentStatus.ACTIVE and proposal.card_number
    assert AuditEvent.objects.filter(action="personnel.appointment.approve").count() == 1
