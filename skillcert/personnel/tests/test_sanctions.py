"""Staff violations, sanctions and referrals (R-SUP-7, seed §5(六))."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEvent
from skillcert.personnel.choices import AppointmentStatus, SanctionKind, StaffRole, ViolationStatus
from skillcert.personnel.eligibility import may_serve
from skillcert.personnel.models import StaffSanction
from skillcert.personnel.services.sanctions import (
    dismiss_violation,
    record_violation,
    refer_violation,
    sanction_violation,
)
from skillcert.personnel.tests.factories import external_supervisor, serving_person

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _violation(actor, person, **kwargs):  # type: ignore[no-untyped-def]
    kwargs.setdefault("occurred_on", TODAY() - datetime.timedelta(days=3))
    kwargs.setdefault("description", "评分时与考生私下联系")
    return record_violation(actor=actor, person=person, **kwargs)


def test_institution_records_its_examiners_violation_and_the_bureau_sanctions(inst, inst_clerk, bureau):
    person = serving_person(employer=inst)
    violation = _violation(inst_clerk, person, institution=inst, session_ref="2026-焊工-01")
    assert violation.status == ViolationStatus.OPEN and violation.reported_by == inst
    with pytest.raises(PermissionDenied):
        sanction_violation(
            actor=inst_clerk, violation=violation, kind=SanctionKind.WARNING, starts_on=TODAY(), reason="x"
        )
    sanction = sanction_violation(
        actor=bureau,
        violation=violation,
        kind=SanctionKind.SUSPENSION,
        starts_on=TODAY(),
        ends_on=TODAY() + datetime.timedelta(days=180),
        reason="违反考评纪律",
        document_number="呼人社发〔2026〕12号",
    )
    violation.refresh_from_db()
    assert violation.status == ViolationStatus.SANCTIONED and sanction.decided_by == bureau.organisation
    assert not may_serve(person, StaffRole.EXAMINER)[0]
    assert AuditEvent.objects.filter(action="personnel.sanction.decide").count() == 1


def test_disqualification_ends_every_role(inst, bureau):
    person = serving_person(employer=inst)
    violation = _violation(bureau, person)
    sanction_violation(
        actor=bureau, violation=violation, kind=SanctionKind.DISQUALIFICATION, starts_on=TODAY(), reason="伪造考评记录"
    )
    assert set(person.appointments.values_list("status", flat=True)) == {AppointmentStatus.REVOKED}
    ok, findings = may_serve(person, StaffRole.EXAMINER, on=TODAY() + datetime.timedelta(days=3650))
    assert not ok and {"not_appointed", "sanctioned"} <= {f.code for f in findings}


def test_sanction_periods_are_checked(inst, bureau):
    violation = _violation(bureau, serving_person(employer=inst))
    cases = [
        ({"kind": SanctionKind.SUSPENSION, "starts_on": TODAY()}, "ends_on", "暂停资格须写明截止日期"),
        (
            {"kind": SanctionKind.SUSPENSION, "starts_on": TODAY(), "ends_on": TODAY() - datetime.timedelta(days=1)},
            "ends_on",
            "早于起始日期",
        ),
        ({"kind": SanctionKind.WARNING, "starts_on": TODAY(), "ends_on": TODAY()}, "ends_on", "警告没有期限"),
        (
            {"kind": SanctionKind.WARNING, "starts_on": TODAY() - datetime.timedelta(days=30)},
            "starts_on",
            "早于违规违纪发生日期",
        ),
        ({"kind": "fine", "starts_on": TODAY()}, "kind", "应为警告、暂停资格或取消资格"),
    ]
    for kwargs, field, text in cases:
        with pytest.raises(DomainError) as exc:
            sanction_violation(actor=bureau, violation=violation, reason="依据", **kwargs)
        assert exc.value.field == field and text in exc.value.message, kwargs
    assert StaffSanction.objects.count() == 0
    violation.refresh_from_db()
    assert violation.status == ViolationStatus.OPEN


def test_referral_to_law_enforcement_once(inst, bureau):
    violation = _violation(bureau, serving_person(employer=inst))
    refer_violation(actor=bureau, violation=violation, referred_to="呼和浩特市公安局", note="涉嫌组织考试作弊")
    violation.refresh_from_db()
    assert violation.is_referred and violation.referred_on == TODAY()
    with pytest.raises(DomainError) as exc:
        refer_violation(actor=bureau, violation=violation, referred_to="另一机关")
    assert "已于" in exc.value.message


def test_dismissal_closes_the_case(inst, bureau):
    violation = _violation(bureau, serving_person(employer=inst))
    dismiss_violation(actor=bureau, violation=violation, reason="经核查不属实")
    with pytest.raises(DomainError):
        sanction_violation(actor=bureau, violation=violation, kind=SanctionKind.WARNING, starts_on=TODAY(), reason="x")


def test_external_supervisors_are_sanctioned_by_the_region(bureau, region_center):
    person = external_supervisor()
    violation = _violation(bureau, person)
    with pytest.raises(PermissionDenied):
        sanction_violation(actor=bureau, violation=violation, kind=SanctionKind.WARNING, starts_on=TODAY(), reason="x")
    sanction_violation(
        actor=region_center, violation=violation, kind=SanctionKind.WARNING, starts_on=TODAY(), reason="迟到"
    )


def test_future_violation_dates_are_refused(inst, bureau):
    with pytest.raises(DomainError) as exc:
        _violation(bureau, serving_person(employer=inst), occurred_on=TODAY() + datetime.timedelta(days=1))
    assert exc.value.message.startswith("发生日期：") and "晚于今天" in exc.value.message
