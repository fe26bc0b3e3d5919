"""External supervisors' records and reports, internal records and rectification orders (R-SUP-3, R-SUP-9)."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from skillcert.accounts.choices import Role
from skillcert.accounts.tests.factories import UserFactory
from skillcert.archives.choices import FilePurpose
from skillcert.archives.files import files_of, read_file
from skillcert.core.errors import DomainError
from skillcert.core.workdays import add_working_days
from skillcert.inspections.choices import SUPERVISION_CHECKLIST, Grade, OrderStatus, ReportStatus
from skillcert.inspections.models import InternalRecord, RectificationOrder, SupervisionPhoto, SupervisionReport
from skillcert.inspections.services import quality as svc
from skillcert.inspections.tests.factories import supervised_session
from skillcert.institutions.choices import InstitutionStatus
from skillcert.institutions.tests.factories import bureau_user
from skillcert.sanctions.choices import Kind, Status
from skillcert.sanctions.models import Sanction

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ALL_YES = {key: "yes" for key, _label in SUPERVISION_CHECKLIST}


def _arrival(s) -> datetime.datetime:
    return timezone.localtime(s.session.starts_at) - datetime.timedelta(minutes=30)


def _filled(s, grade: str = Grade.NONE, findings: str = "") -> SupervisionReport:
    report = svc.open_report(actor=s.supervisor_user, session=s.session)
    report = svc.save_report(
        actor=s.supervisor_user,
        report=report,
        arrived_at=_arrival(s),
        checklist=ALL_YES,
        notes="考场秩序良好",
        grade=grade,
        findings=findings,
    )
    return svc.countersign_report(actor=s.supervisor_user, report=report, name="张负责", note="无异议")


def test_report_due_three_working_days_after_the_session():
    s = supervised_session()
    report = svc.open_report(actor=s.supervisor_user, session=s.session)
    assert report.due_on == add_working_days(timezone.localtime(s.session.ends_at).date(), 3)
    assert report.status == ReportStatus.DRAFT


def test_someone_not_assigned_cannot_open_a_report():
    s = supervised_session()
    stranger = UserFactory(roles=[Role.EXTERNAL_SUPERVISOR])
    with pytest.raises(DomainError, match="不是本场次安排的外部质量督导员") as err:
        svc.open_report(actor=stranger, session=s.session)
    assert err.value.field == "session"
    assert SupervisionReport.objects.count() == 0


def test_submit_needs_countersignature_and_cannot_be_filed_twice():
    s = supervised_session()
    report = svc.open_report(actor=s.supervisor_user, session=s.session)
    report = svc.save_report(actor=s.supervisor_user, report=report, arrived_at=_arrival(s), checklist=ALL_YES)
    with pytest.raises(DomainError, match="须由评价机构签字确认"):
        svc.submit_report(actor=s.supervisor_user, report=report)
    svc.countersign_report(actor=s.supervisor_user, report=report, name="张负责")
    report = svc.submit_report(actor=s.supervisor_user, report=report)
    assert report.status == ReportStatus.SUBMITTED and not report.submitted_late
    with pytest.raises(DomainError, match="不能再修改或重复提交"):
        svc.submit_report(actor=s.supervisor_user, report=report)
    assert svc.open_report(actor=s.supervisor_user, session=s.session).pk == report.pk
    assert SupervisionReport.objects.count() == 1


def test_incomplete_checklist_is_named():
    s = supervised_session()
    report = svc.open_report(actor=s.supervisor_user, session=s.session)
    partial = dict(ALL_YES)
    partial.pop("seals_intact")
    svc.save_report(actor=s.supervisor_user, report=report, arrived_at=_arrival(s), checklist=partial)
    svc.countersign_report(actor=s.supervisor_user, report=report, name="张负责")
    with pytest.raises(DomainError, match="试卷密封在开考时完好"):
        svc.submit_report(actor=s.supervisor_user, report=report)


def test_photos_must_be_images_within_the_limit(set_policy):
    s = supervised_session()
    report = svc.open_report(actor=s.supervisor_user, session=s.session)
    photo = svc.add_photo(actor=s.supervisor_user, report=report, upload=SimpleUploadedFile("考场.png", PNG))
    assert photo.content_type == "image/png" and photo.file.read() == PNG
    stored = files_of(report).get()
    assert stored.purpose == FilePurpose.SUPERVISION_PHOTO and stored.plan == s.session.plan
    assert stored.name == photo.file.name and read_file(stored) == PNG and stored.uploaded_by == s.supervisor_user
    with pytest.raises(DomainError, match="只接受JPG、PNG文件") as err:
        svc.add_photo(actor=s.supervisor_user, report=report, upload=SimpleUploadedFile("伪装.jpg", b"%PDF-1.4 not"))
    assert err.value.field == "photo"
    set_policy("inspections.photo_max_mb", 1)
    big = SimpleUploadedFile("大图.png", PNG + b"\x00" * (1024 * 1024))
    with pytest.raises(DomainError, match="超过1MB的上限"):
        svc.add_photo(actor=s.supervisor_user, report=report, upload=big)
    assert SupervisionPhoto.objects.count() == 1


def test_serious_finding_proposes_an_order_the_bureau_issues_through_the_lifecycle():
    s = supervised_session()
    report = svc.submit_report(actor=s.supervisor_user, report=_filled(s, Grade.SERIOUS, "考场视频监控未开启"))
    order = RectificationOrder.objects.get(report=report)
    assert order.status == OrderStatus.PROPOSED and order.proposal == "考场视频监控未开启"
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    other_bureau = bureau_user("150200", Role.CLERK)
    with pytest.raises(Exception, match="所在盟市"):
        svc.issue_order(actor=other_bureau, order=order, grounds="x", deadline=deadline, follow_up_on=deadline)
    order = svc.issue_order(
        actor=s.bureau,
        order=order,
        grounds="外部质量督导发现严重问题",
        deadline=deadline,
        follow_up_on=deadline + datetime.timedelta(days=5),
    )
    s.institution.refresh_from_db()
    assert order.status == OrderStatus.ISSUED
    assert s.institution.status == InstitutionStatus.RECTIFICATION
    assert s.institution.rectification_deadline == deadline
    assert order.status_change.to_status == InstitutionStatus.RECTIFICATION
    sanction = order.sanction
    assert sanction.kind == Kind.RECTIFICATION and sanction.status == Status.OPEN and sanction.deadline == deadline
    assert "考场视频监控未开启" in sanction.grounds
    with pytest.raises(DomainError, match="提前复查"):
        svc.follow_up_order(actor=s.bureau, order=order, passed=True, note="已整改到位")
    order = svc.follow_up_order(actor=s.bureau, order=order, passed=True, note="已整改到位", early=True)
    s.institution.refresh_from_db()
    sanction.refresh_from_db()
    assert order.status == OrderStatus.PASSED and s.institution.status == InstitutionStatus.ACTIVE
    assert sanction.status == Status.RECTIFIED and sanction.follow_up_early and sanction.follow_up_by == s.bureau


def _issued(s, proposal: str, days: int = 30) -> RectificationOrder:
    report = svc.submit_report(actor=s.supervisor_user, report=_filled(s, Grade.SERIOUS, proposal))
    deadline = timezone.localdate() + datetime.timedelta(days=days)
    return svc.issue_order(
        actor=s.bureau, order=report.order, grounds="督导发现严重问题", deadline=deadline, follow_up_on=deadline
    )


def test_an_order_not_rectified_proposes_a_decision_through_the_sanctions_lifecycle():
    s = supervised_session()
    order = _issued(s, "冒名顶替未核验")
    with pytest.raises(DomainError, match="拟暂停评价或拟取消评价资质"):
        svc.follow_up_order(actor=s.bureau, order=order, passed=False, note="仍未整改", early=True)
    order.refresh_from_db()
    assert order.status == OrderStatus.ISSUED and order.sanction.status == Status.OPEN
    order = svc.follow_up_order(
        actor=s.bureau, order=order, passed=False, note="仍未整改", early=True, propose=Kind.DISQUALIFICATION
    )
    order.sanction.refresh_from_db()
    assert order.status == OrderStatus.FAILED and order.sanction.status == Status.NOT_RECTIFIED
    proposal = Sanction.objects.get(origin=order.sanction)
    assert proposal.kind == Kind.DISQUALIFICATION and proposal.status == Status.PROPOSED
    assert proposal.statement_due is not None


def test_a_follow_up_recorded_on_the_sanction_settles_the_order_page_and_its_alert():
    from skillcert.sanctions import services as sanction_services
    from skillcert.sanctions.choices import FollowUpResult

    s = supervised_session()
    order = _issued(s, "试卷保管不当", days=1)
    assert order.awaiting_follow_up
    sanction_services.record_follow_up(
        actor=s.bureau, sanction=order.sanction, result=FollowUpResult.RECTIFIED, note="已整改", early=True
    )
    order = RectificationOrder.objects.select_related("sanction").get(pk=order.pk)
    assert not order.awaiting_follow_up
    RectificationOrder.objects.filter(pk=order.pk).update(
        follow_up_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    from skillcert.supervision.services.scan import run_scan

    run_scan(kind_codes=["inspections.follow_up_overdue"])
    from skillcert.supervision.models import Alert

    assert not Alert.objects.filter(kind="inspections.follow_up_overdue", status="open").exists()


def test_the_bureau_may_decline_with_grounds():
    s = supervised_session()
    report = svc.submit_report(actor=s.supervisor_user, report=_filled(s, Grade.SERIOUS, "签到表缺页"))
    order = report.order
    with pytest.raises(DomainError, match="请写明理由"):
        svc.decline_order(actor=s.bureau, order=order, grounds=" ")
    order = svc.decline_order(actor=s.bureau, order=order, grounds="已当场补齐，情节轻微")
    s.institution.refresh_from_db()
    assert order.status == OrderStatus.DECLINED and s.institution.status == InstitutionStatus.ACTIVE


def test_minor_finding_proposes_nothing():
    s = supervised_session()
    svc.submit_report(actor=s.supervisor_user, report=_filled(s, Grade.MINOR, "座位标签不清"))
    assert RectificationOrder.objects.count() == 0


def test_internal_record_once_per_assigned_session():
    s = supervised_session()
    record = svc.file_internal_record(actor=s.internal_user, session=s.session, checklist=ALL_YES, notes="正常")
    assert record.institution == s.institution
    with pytest.raises(DomainError, match="不能重复提交"):
        svc.file_internal_record(actor=s.internal_user, session=s.session, checklist=ALL_YES)
    with pytest.raises(DomainError, match="不是本场次安排的内部质量督导员"):
        svc.file_internal_record(actor=s.supervisor_user, session=s.session, checklist=ALL_YES)
    assert InternalRecord.objects.count() == 1
