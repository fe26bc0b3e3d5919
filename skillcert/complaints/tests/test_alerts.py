"""Overdue complaints and missed follow-ups raise alerts through the supervision engine, and resolve
once handled (R-SUP-2, R-SUP-5, R-SUP-6)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from skillcert.complaints import services
from skillcert.complaints.tests import factories as cf
from skillcert.institutions.tests import factories as f
from skillcert.sanctions import services as sanctions
from skillcert.sanctions.models import Sanction
from skillcert.supervision.choices import AlertStatus
from skillcert.supervision.models import Alert
from skillcert.supervision.services.scan import run_scan

pytestmark = pytest.mark.django_db


def test_overdue_complaint_raises_an_alert_in_its_jurisdiction_and_acceptance_resolves_it():
    institution = f.FiledInstitutionFactory(league="150200")
    bureau = f.bureau_user("150200")
    late = services.record_complaint(
        actor=bureau,
        data=cf.data(institution),
        source="letter",
        source_detail="",
        received_on=timezone.localdate() - datetime.timedelta(days=16),
    ).complaint
    cf.file(institution)  # not overdue
    run_scan(kind_codes=["complaints.overdue"])
    alert = Alert.objects.get(kind="complaints.overdue")
    assert (
        alert.subject_id == late.pk and alert.jurisdiction.code == "150200" and alert.institution_id == institution.pk
    )
    assert alert.evidence["days_overdue"] == 1
    services.accept_complaint(actor=bureau, complaint=late)
    run_scan(kind_codes=["complaints.overdue"])
    alert.refresh_from_db()
    assert alert.status == AlertStatus.RESOLVED


def test_missed_follow_up_raises_an_alert_until_recorded():
    institution = f.FiledInstitutionFactory()
    bureau = f.bureau_user("150100")
    s = sanctions.order_rectification(
        actor=bureau,
        institution=institution,
        grounds="整改",
        deadline=timezone.localdate() + datetime.timedelta(days=3),
    )
    run_scan(kind_codes=["sanctions.follow_up_missed"])
    assert not Alert.objects.filter(kind="sanctions.follow_up_missed").exists()
    Sanction.objects.filter(pk=s.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=2))
    run_scan(kind_codes=["sanctions.follow_up_missed"])
    alert = Alert.objects.get(kind="sanctions.follow_up_missed")
    assert alert.subject_id == s.pk and alert.jurisdiction.code == "150100" and alert.evidence["days_overdue"] == 2
    sanctions.record_follow_up(actor=bureau, sanction=s, result="rectified", note="复查合格")
    run_scan(kind_codes=["sanctions.follow_up_missed"])
    alert.refresh_from_db()
    assert alert.status == AlertStatus.RESOLVED
