"""Issuing (R-CERT-1, R-CERT-2): the number's segments, the gates each named, idempotence,
numbers never recycled, and a whole plan issued in the background with progress and refusals."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from skillcert.accounts.choices import Role
from skillcert.certificates import numbering, services
from skillcert.certificates.choices import CertificateStatus, ProposalKind, RunStatus
from skillcert.certificates.models import Certificate, NumberCounter
from skillcert.certificates.tests.factories import final_plan
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.models import AuditEvent
from skillcert.core.validators import validate_certificate_number
from skillcert.exams.choices import CaseStatus
from skillcert.exams.models import ExamPlan, RecheckRequest
from skillcert.institutions import services as institution_services
from skillcert.institutions.choices import InstitutionStatus
from skillcert.institutions.models import Institution, ScopeVersion
from skillcert.institutions.tests.factories import bureau_user, staff

pytestmark = pytest.mark.django_db


def _refusal_codes(exc: pytest.ExceptionInfo[DomainError]) -> set[str]:
    return {r.code for r in exc.value.refusals}  # type: ignore[attr-defined]


def test_number_has_every_segment_and_issuing_is_audited():
    f = final_plan(2)
    Institution.objects.filter(pk=f.s.institution.pk).update(ministry_filed=False, ministry_code="0000")
    cert = f.issue(0)
    parts = validate_certificate_number(cert.number)
    assert parts.kind == "S" and parts.institution_code == "0000" and parts.province_code == "15"
    assert parts.site_serial == f.site_serial.serial
    assert parts.year == timezone.localdate().year and parts.level == 4 and parts.serial == "000001"
    assert cert.name == f.registrations[0].name and cert.id_number == f.registrations[0].id_number
    assert cert.work_type_display == "--" and cert.level_label == "四级/中级工"
    assert cert.institution_name == f.s.institution.filed_name
    second = f.issue(1)
    assert second.number[:16] == cert.number[:16] and second.serial == 2
    assert AuditEvent.objects.filter(action="certificates.issued", object_id=str(cert.pk)).exists()


def test_ministry_code_and_employer_letter():
    f = final_plan(1)
    Institution.objects.filter(pk=f.s.institution.pk).update(
        ministry_filed=True, ministry_code="0123", type="enterprise", certificate_kind="Y"
    )
    f.s.plan.institution.refresh_from_db()
    cert = f.issue(0)
    assert cert.number.startswith("Y0123" + "15" + f.site_serial.serial)


def test_issuing_twice_returns_the_same_certificate():
    f = final_plan(1)
    first, created = services.issue_or_get(actor=f.clerk, registration=f.registrations[0])
    again, created_again = services.issue_or_get(actor=f.manager, registration=f.registrations[0])
    assert created and not created_again and again.pk == first.pk
    assert Certificate.objects.count() == 1
    assert NumberCounter.objects.get().last_serial == 1


def test_failed_component_is_refused_with_its_name():
    f = final_plan(2, theory=["58", "80"])
    with pytest.raises(services.IssuanceRefused) as exc:
        f.issue(0)
    assert {"not_passed", "component_failed"} <= _refusal_codes(exc)
    assert "理论知识：成绩58.00低于合格分60" in exc.value.message
    assert not Certificate.objects.exists() and not NumberCounter.objects.exists()


def test_results_not_final_are_refused():
    f = final_plan(1, finalise=False)
    RecheckRequest.objects.create(
        registration=f.registrations[0], component="theory", reason="复核", requested_at=timezone.now()
    )
    with pytest.raises(services.IssuanceRefused) as exc:
        f.issue(0)
    assert "recheck_open" in _refusal_codes(exc)
    RecheckRequest.objects.update(status=CaseStatus.CLOSED)
    with pytest.raises(services.IssuanceRefused) as exc:
        f.issue(0)
    assert _refusal_codes(exc) == {"not_final"}


def test_publicity_still_running_is_refused():
    f = final_plan(1)
    f.publication.__class__.objects.filter(pk=f.publication.pk).update(
        publicity_ends_on=timezone.localdate() + datetime.timedelta(days=2)
    )
    with pytest.raises(services.IssuanceRefused) as exc:
        f.issue(0)
    assert "publicity_running" in _refusal_codes(exc)


def test_late_plan_is_refused():
    f = final_plan(1)
    ExamPlan.objects.filter(pk=f.plan.pk).update(filed_on_time=False, lead_working_days=4)
    with pytest.raises(services.IssuanceRefused) as exc:
        f.issue(0)
    assert _refusal_codes(exc) == {"plan_late"}
    assert "距首场考试仅4个工作日" in exc.value.message


def test_scope_on_the_exam_date_is_checked():
    f = final_plan(1)
    version = ScopeVersion.objects.get(institution=f.s.institution)
    ScopeVersion.objects.filter(pk=version.pk).update(valid_to=f.plan.first_session_on)
    with pytest.raises(services.IssuanceRefused) as exc:
        f.issue(0)
    assert _refusal_codes(exc) == {"out_of_scope"}
    assert "不在" in exc.value.message and "备案范围" in exc.value.message


def test_suspended_institution_may_not_issue_now():
    f = final_plan(1)
    authority = bureau_user("150100", Role.MANAGER)
    institution_services.change_status(
        actor=authority, institution=f.s.institution, to_status=InstitutionStatus.SUSPENDED, grounds="违规组织考试"
    )
    with pytest.raises(services.IssuanceRefused) as exc:
        f.issue(0)
    assert "institution_stopped" in _refusal_codes(exc)
    assert "暂停评价" in exc.value.message


def test_missing_site_serial_and_unprintable_name_are_refused():
    f = final_plan(1, serial=False)
    registration = f.registrations[0]
    registration.__class__.objects.filter(pk=registration.pk).update(name="王\U00020000")
    with pytest.raises(services.IssuanceRefused) as exc:
        f.issue(0)
    assert _refusal_codes(exc) == {"no_site_serial", "unprintable"}
    assert "U+20000" in exc.value.message


def test_only_the_plans_institution_issues():
    f = final_plan(1)
    with pytest.raises(NotFoundError):
        services.issue_certificate(actor=f.s.other_clerk, registration=f.registrations[0])
    with pytest.raises(PermissionDenied):
        services.issue_certificate(actor=f.s.bureau, registration=f.registrations[0])
    examiner = staff(f.s.institution, Role.EXAMINER)
    with pytest.raises(NotFoundError):
        services.issue_certificate(actor=examiner, registration=f.registrations[0])


def test_voided_number_is_kept_and_never_reused():
    f = final_plan(1)
    cert = f.issue(0)
    proposal = services.propose_status_change(
        actor=f.clerk, certificate=cert, kind=ProposalKind.VOID, grounds="姓名录入错误，作废重发"
    )
    services.approve_status_change(actor=f.manager, proposal=proposal)
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.VOIDED
    again = f.issue(0)
    assert again.pk != cert.pk and again.serial == cert.serial + 1
    assert Certificate.objects.filter(number=cert.number, status=CertificateStatus.VOIDED).exists()
    assert NumberCounter.objects.get(prefix=cert.prefix).last_serial == 2


def test_serial_exhaustion_is_a_clear_refusal():
    f = final_plan(1)
    prefix = numbering.number_prefix(
        institution=f.s.institution, site_serial=f.site_serial, year=timezone.localdate().year, level=4
    )
    NumberCounter.objects.create(prefix=prefix, last_serial=numbering.MAX_SERIAL)
    with pytest.raises(DomainError) as exc:
        f.issue(0)
    assert exc.value.code == "serial_exhausted" and not Certificate.objects.exists()


def test_whole_plan_runs_in_the_background_with_each_refusal(django_capture_on_commit_callbacks):
    f = final_plan(3, theory=["80", "55", "90"])
    already = f.issue(2)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.start_issuance_run(actor=f.clerk, plan=f.plan)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.progress_percent == 100
    assert (run.total, run.processed, run.issued, run.already, run.refused) == (3, 3, 1, 1, 1)
    refusal = run.refusals[0]
    assert refusal["registration"] == f.registrations[1].pk and "component_failed" in refusal["codes"]
    assert any("理论知识" in r for r in refusal["reasons"])
    assert Certificate.objects.filter(run=run).count() == 1
    assert Certificate.objects.get(registration=f.registrations[2]).pk == already.pk


def test_a_second_run_waits_for_the_first():
    f = final_plan(1)
    services.start_issuance_run(actor=f.clerk, plan=f.plan)  # on_commit never fires inside the test transaction
    with pytest.raises(DomainError) as exc:
        services.start_issuance_run(actor=f.clerk, plan=f.plan)
    assert exc.value.code == "running"


def test_other_site_serial_for_a_venue_wins():
    f = final_plan(1)
    venue_serial = services.assign_site_serial(
        actor=f.site_serial.assigned_by, institution=f.s.institution, serial="777777", venue=f.s.venue
    )
    cert = f.issue(0)
    assert cert.number[7:13] == "777777" and cert.site_serial_id == venue_serial.pk
