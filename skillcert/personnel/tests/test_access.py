"""Buttons follow the services' checks (a page shows a personnel action only when the service accepts it);
internal session references are shown as Chinese labels."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from skillcert.core.errors import NotFoundError
from skillcert.personnel.choices import StaffRole
from skillcert.personnel.services.access import (
    may_decide,
    may_register,
    may_sanction,
    may_train,
    require_appointer,
    require_regulator,
    require_trainer,
)
from skillcert.personnel.services.sanctions import record_violation
from skillcert.personnel.tests.factories import external_supervisor, serving_person

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _passes(check: Any, *args: Any) -> bool:
    try:
        check(*args)
    except (PermissionDenied, NotFoundError):
        return False
    return True


def test_league_centre_sees_no_decision_or_sanction_on_an_external_supervisor(center, region_center):
    person = external_supervisor("150100")
    appointment = person.appointments.get()
    violation = record_violation(
        actor=region_center, person=person, occurred_on=timezone.localdate(), description="迟到"
    )
    page = _client(center).get(reverse("personnel:person", args=[person.pk])).content.decode()
    assert reverse("personnel:appointment_renew", args=[appointment.pk]) not in page
    assert reverse("personnel:appointment_revoke", args=[appointment.pk]) not in page
    assert (
        _client(center)
        .post(reverse("personnel:appointment_revoke", args=[appointment.pk]), {"reason": "x"})
        .status_code
        == 403
    )
    violation_page = _client(center).get(reverse("personnel:violation", args=[violation.pk])).content.decode()
    assert reverse("personnel:violation_sanction", args=[violation.pk]) not in violation_page
    # The region centre, which manages external supervisors, gets both.
    page = _client(region_center).get(reverse("personnel:person", args=[person.pk])).content.decode()
    assert reverse("personnel:appointment_revoke", args=[appointment.pk]) in page
    violation_page = _client(region_center).get(reverse("personnel:violation", args=[violation.pk])).content.decode()
    assert reverse("personnel:violation_sanction", args=[violation.pk]) in violation_page


def test_predicates_agree_with_the_checks(center, other_center, region_center, bureau, inst, inst_clerk):
    examiner = serving_person(StaffRole.EXAMINER, employer=inst)
    supervisor = external_supervisor("150100")
    for actor in (center, other_center, region_center, bureau, inst_clerk):
        for person in (examiner, supervisor):
            appointment = person.appointments.get()
            assert may_train(actor, person) == _passes(require_trainer, actor, person), (actor, person)
            assert may_sanction(actor, person) == _passes(require_regulator, actor, person), (actor, person)
            if _passes(require_appointer, actor, appointment):
                assert may_decide(actor, appointment), (actor, appointment)
    assert may_register(inst_clerk, examiner) and not may_train(inst_clerk, examiner)
    assert not may_sanction(center, supervisor) and may_sanction(center, examiner)
    assert not may_decide(center, supervisor.appointments.get()) and may_decide(
        region_center, supervisor.appointments.get()
    )


def test_violation_page_names_the_session_instead_of_its_key(region_center, inst):
    person = serving_person(StaffRole.EXAMINER, employer=inst)
    violation = record_violation(
        actor=region_center,
        person=person,
        occurred_on=timezone.localdate(),
        description="迟到",
        institution=inst,
        session_ref="exams:session:987654",
    )
    html = _client(region_center).get(reverse("personnel:violation", args=[violation.pk])).content.decode()
    assert "exams:session:987654" not in html and "考试场次（编号987654，已删除）" in html
