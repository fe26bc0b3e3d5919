"""Every alert kind raised and resolved on constructed data, drift after entry included (R-SUP-2)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from skillcert.accounts.choices import OrgKind
from skillcert.accounts.tests.factories import authority, jurisdiction
from skillcert.certificates.models import Certificate
from skillcert.certificates.tests.factories import final_plan
from skillcert.exams.choices import PublicationStatus, RegistrationSource, RegistrationStatus
from skillcert.exams.models import ExamPlan, Registration, ResultPublication
from skillcert.exams.tests.conduct_factories import closed_plan, staffed
from skillcert.institutions.choices import FeeStatus, InstitutionStatus
from skillcert.institutions.models import Fee, Institution, ScopeItem, ScopeVersion
from skillcert.institutions.tests.factories import FiledInstitutionFactory, occupation
from skillcert.personnel.choices import SanctionKind
from skillcert.personnel.models import Appointment, StaffSanction, StaffViolation
from skillcert.personnel.tests.factories import make_id_number
from skillcert.supervision.choices import AlertStatus
from skillcert.supervision.models import Alert
from skillcert.supervision.services.scan import run_scan

pytestmark = pytest.mark.django_db


def scan(kind: str) -> None:
    report = run_scan(kind_codes=[kind])
    assert not report.failures, report.failures


def live(kind: str, **filters: object) -> list[Alert]:
    return list(Alert.objects.filter(kind=kind, status__in=["open", "acknowledged"], **filters))


def test_plan_filed_late_raised_then_resolved() -> None:
    s = closed_plan(n=1)
    ExamPlan.objects.filter(pk=s.plan.pk).update(filed_at=timezone.now(), filed_on_time=False, lead_working_days=3)
    scan("plan_filed_late")
    [alert] = live("plan_filed_late")
    assert alert.subject_id == s.plan.pk and alert.jurisdiction_id == s.plan.league_id
    assert alert.evidence["lead_working_days"] == 3 and alert.evidence["required_working_days"] == 10
    ExamPlan.objects.filter(pk=s.plan.pk).update(filed_on_time=True)
    scan("plan_filed_late")
    assert Alert.objects.get(pk=alert.pk).status == AlertStatus.RESOLVED


def test_outside_scope_catches_scope_narrowed_after_filing() -> None:
    s = closed_plan(n=1)
    scan("outside_scope")
    assert not live("outside_scope")
    # The scope is narrowed (level 4 dropped) from a date before the exam: the plan drifts out.
    old = ScopeVersion.objects.get(institution=s.institution, valid_to__isnull=True)
    change = s.plan.first_session_on - datetime.timedelta(days=3)
    ScopeVersion.objects.filter(pk=old.pk).update(valid_to=change)
    new = ScopeVersion.objects.create(institution=s.institution, number=old.number + 1, valid_from=change)
    ScopeItem.objects.create(version=new, occupation=s.occupation, level=5)
    scan("outside_scope")
    [alert] = live("outside_scope")
    assert "等级4不在考试日期有效的备案范围内" in alert.evidence["reasons"]
    ScopeItem.objects.create(version=new, occupation=s.occupation, level=4)
    scan("outside_scope")
    assert not live("outside_scope")


def test_outside_scope_catches_suspension_and_area() -> None:
    s = closed_plan(n=1)
    Institution.objects.filter(pk=s.institution.pk).update(status=InstitutionStatus.SUSPENDED)
    scan("outside_scope")
    [alert] = live("outside_scope")
    assert any("暂停评价" in r for r in alert.evidence["reasons"])
    Institution.objects.filter(pk=s.institution.pk).update(status=InstitutionStatus.ACTIVE)
    ExamPlan.objects.filter(pk=s.plan.pk).update(league=jurisdiction("150200"))
    scan("outside_scope")
    [alert] = live("outside_scope")
    assert any("区域范围" in r for r in alert.evidence["reasons"])
    assert alert.jurisdiction == jurisdiction("150200")


def test_staffing_broken_after_confirmation() -> None:
    s = closed_plan(n=6)
    theory, skills = staffed(s)
    scan("staffing_broken")
    assert not live("staffing_broken")
    day = theory.starts_at.date()
    # A proctor's card expires before the exam day, after they were assigned.
    proctor = s.extra["proctors"][0]
    Appointment.objects.filter(person=proctor).update(card_valid_until=day - datetime.timedelta(days=1))
    # An examiner is suspended from a date before the exam.
    examiner = s.examiners[0]
    violation = StaffViolation.objects.create(
        person=examiner,
        occurred_on=timezone.localdate(),
        description="违规",
        reported_by=authority(OrgKind.LEAGUE_CENTER, "150100"),
    )
    StaffSanction.objects.create(
        violation=violation,
        person=examiner,
        kind=SanctionKind.SUSPENSION,
        starts_on=timezone.localdate(),
        ends_on=day + datetime.timedelta(days=30),
        reason="暂停资格",
        decided_by=authority(OrgKind.LEAGUE_CENTER, "150100"),
    )
    # Ten more candidates approved after the staffing was confirmed.
    for i in range(10):
        Registration.objects.create(
            plan=s.plan,
            level=4,
            name=f"补录{i}",
            id_number=make_id_number(area="150102", birth="19920101", serial=9000 + i),
            birth_date=datetime.date(1992, 1, 1),
            status=RegistrationStatus.APPROVED,
            submitted_at=timezone.now(),
            reviewed_at=timezone.now() + datetime.timedelta(minutes=5),
            source=RegistrationSource.IMPORT,
        )
    scan("staffing_broken")
    alerts = {a.subject_id: a for a in live("staffing_broken")}
    assert set(alerts) == {theory.pk, skills.pk}
    theory_problems = " ".join(alerts[theory.pk].evidence["problems"])
    skills_problems = " ".join(alerts[skills.pk].evidence["problems"])
    assert proctor.name in theory_problems and "证卡" in theory_problems
    assert examiner.name in skills_problems and "处分" in skills_problems
    assert "审核通过10名考生" in skills_problems and "考评员：16名考生需要5名，现有3名" in skills_problems


def test_certificate_before_publicity_end_and_reopened_publicity() -> None:
    f = final_plan(n=2)
    f.issue(0)
    scan("certificate_before_publicity_end")
    assert not live("certificate_before_publicity_end")
    ResultPublication.objects.filter(pk=f.publication.pk).update(status=PublicationStatus.PUBLICITY)
    scan("certificate_before_publicity_end")
    [alert] = live("certificate_before_publicity_end")
    assert alert.evidence["publicity_reopened"] is True and alert.evidence["certificates"] == 1
    ResultPublication.objects.filter(pk=f.publication.pk).update(status=PublicationStatus.FINAL)
    Certificate.objects.filter(plan=f.plan).update(issued_on=f.publication.publicity_ends_on)
    scan("certificate_before_publicity_end")
    [alert] = live("certificate_before_publicity_end")
    assert alert.evidence["publicity_reopened"] is False
    Certificate.objects.filter(plan=f.plan).update(issued_on=timezone.localdate())
    scan("certificate_before_publicity_end")
    assert not live("certificate_before_publicity_end")


def test_readiness_missing_and_fee_out_of_band() -> None:
    occ = occupation(levels=(4,))
    inst = FiledInstitutionFactory(scope=[(occ, None, 4)])
    scan("readiness_missing")
    [alert] = live("readiness_missing", institution=inst)
    assert len(alert.evidence["rule_documents"]) == 8, "the seven of §4(一) and the examiner rules of §4(四)"
    assert alert.evidence["scope_items_without_fee"] == 1 and "commitment" in alert.evidence
    fee = Fee.objects.create(
        institution=inst,
        occupation=occ,
        level=4,
        status=FeeStatus.PUBLISHED,
        total_amount=Decimal("300"),
        total_cost=Decimal("200"),
        deviation_percent=Decimal("50"),
        published_at=timezone.now(),
    )
    scan("readiness_missing")
    [alert] = live("readiness_missing", institution=inst)
    assert "scope_items_without_fee" not in alert.evidence
    scan("fee_out_of_band")
    [flag] = live("fee_out_of_band")
    assert flag.subject_id == fee.pk and flag.evidence["deviation_percent"] == "50.00"
    Fee.objects.filter(pk=fee.pk).update(total_amount=Decimal("210"), deviation_percent=Decimal("5"))
    scan("fee_out_of_band")
    assert not live("fee_out_of_band")


def test_inactive_institution() -> None:
    inst = FiledInstitutionFactory(filed_on=timezone.localdate() - datetime.timedelta(days=800))
    scan("inactive_institution")
    [alert] = live("inactive_institution", institution=inst)
    assert alert.evidence["last_exam_on"] is None and alert.evidence["days"] == 365
    s = closed_plan(n=1)
    ExamPlan.objects.filter(pk=s.plan.pk).update(
        institution=inst,
        first_session_on=timezone.localdate() - datetime.timedelta(days=11),
        last_session_on=timezone.localdate() - datetime.timedelta(days=10),
    )
    scan("inactive_institution")
    assert not live("inactive_institution", institution=inst)


def test_export_overdue() -> None:
    f = final_plan(n=1)
    cert = f.issue(0)
    scan("export_overdue")
    assert not live("export_overdue")
    Certificate.objects.filter(pk=cert.pk).update(publicity_ended_on=timezone.localdate() - datetime.timedelta(days=40))
    scan("export_overdue")
    [alert] = live("export_overdue")
    assert alert.institution_id == f.plan.institution_id and alert.evidence["certificates"] == 1
    Certificate.objects.filter(pk=cert.pk).update(exported_at=timezone.now(), export_batch=None)
    Certificate.objects.filter(pk=cert.pk).update(status="voided")
    scan("export_overdue")
    assert not live("export_overdue")
