"""The alert rules of this app, run through the supervision engine (R-SUP-2, R-SUP-3, R-SUP-4, R-SUP-9)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from skillcert.core.workdays import add_working_days
from skillcert.exams.choices import PlanStatus
from skillcert.inspections.choices import INSPECTION_CHECKLIST, SUPERVISION_CHECKLIST, OrderSource
from skillcert.inspections.models import RectificationOrder
from skillcert.inspections.services import campaigns as campaign_services
from skillcert.inspections.services import quality
from skillcert.inspections.tests.factories import campaign, inspectors, institutions, region_clerk, supervised_session
from skillcert.supervision.models import Alert
from skillcert.supervision.services.scan import run_scan

pytestmark = pytest.mark.django_db


def _move_session(s, days_ago: int) -> None:
    """Sessions in the factories lie ahead; put this one in the past."""
    shift = timezone.now() - datetime.timedelta(days=days_ago) - s.session.starts_at
    s.session.starts_at += shift
    s.session.ends_at += shift
    s.session.save(update_fields=["starts_at", "ends_at"])


def _open(kind: str) -> list[Alert]:
    return list(Alert.objects.filter(kind=kind, status__in=["open", "acknowledged"]))


def test_overdue_report_raises_and_submission_resolves():
    s = supervised_session()
    _move_session(s, 20)
    run_scan(kind_codes=["inspections.report_overdue"])
    (alert,) = _open("inspections.report_overdue")
    assert alert.institution_id == s.institution.pk and alert.jurisdiction_id == s.session.plan.league_id
    assert alert.evidence["supervisor"] == s.supervisor.name
    report = quality.open_report(actor=s.supervisor_user, session=s.session)
    quality.save_report(
        actor=s.supervisor_user,
        report=report,
        arrived_at=timezone.localtime(s.session.starts_at),
        checklist={k: "yes" for k, _l in SUPERVISION_CHECKLIST},
    )
    quality.countersign_report(actor=s.supervisor_user, report=report, name="张负责")
    report = quality.submit_report(actor=s.supervisor_user, report=report)
    assert report.submitted_late
    run_scan(kind_codes=["inspections.report_overdue"])
    assert _open("inspections.report_overdue") == []


def test_a_report_within_the_deadline_raises_nothing():
    s = supervised_session()
    _move_session(s, 0)
    run_scan(kind_codes=["inspections.report_overdue"])
    assert _open("inspections.report_overdue") == []


def test_missing_internal_record_after_scoring():
    s = supervised_session()
    run_scan(kind_codes=["inspections.internal_record_missing"])
    assert _open("inspections.internal_record_missing") == []  # scoring not over yet
    s.session.plan.status = PlanStatus.PUBLICITY
    s.session.plan.save(update_fields=["status"])
    run_scan(kind_codes=["inspections.internal_record_missing"])
    subjects = {a.subject_id for a in _open("inspections.internal_record_missing")}
    assert s.session.pk in subjects
    quality.file_internal_record(
        actor=s.internal_user, session=s.session, checklist={k: "yes" for k, _l in SUPERVISION_CHECKLIST}
    )
    run_scan(kind_codes=["inspections.internal_record_missing"])
    assert s.session.pk not in {a.subject_id for a in _open("inspections.internal_record_missing")}


def test_results_not_public_within_twenty_working_days():
    institutions("150100", 1)
    inspectors("150000", 2)
    clerk = region_clerk()
    today = timezone.localdate()
    c = campaign(clerk, ["150100"], period_start=today - datetime.timedelta(days=60))
    campaign_services.publish_pool(actor=clerk, campaign=c)
    c = campaign_services.draw_campaign(actor=clerk, campaign=c)
    inspection = c.inspections.get()
    inspected = today - datetime.timedelta(days=40)
    campaign_services.record_inspection(
        actor=clerk,
        inspection=inspection,
        inspected_on=inspected,
        checklist={k: "yes" for k, _l in INSPECTION_CHECKLIST},
    )
    campaign_services.conclude_inspection(actor=clerk, inspection=inspection, outcome="no_problems")
    inspection.refresh_from_db()
    assert inspection.publish_due_on == add_working_days(inspected, 20)
    run_scan(kind_codes=["inspections.results_overdue"])
    (alert,) = _open("inspections.results_overdue")
    assert alert.jurisdiction_id == c.jurisdiction_id
    campaign_services.publish_results(actor=clerk, campaign=c)
    run_scan(kind_codes=["inspections.results_overdue"])
    assert _open("inspections.results_overdue") == []


def test_issued_order_past_its_follow_up_date():
    s = supervised_session()
    order = RectificationOrder.objects.create(
        institution=s.institution,
        league=s.session.plan.league,
        source=OrderSource.REPORT,
        proposal="视频中断",
        status="issued",
        follow_up_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    run_scan(kind_codes=["inspections.follow_up_overdue"])
    assert [a.subject_id for a in _open("inspections.follow_up_overdue")] == [order.pk]
