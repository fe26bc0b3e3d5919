"""Reads of the certificates app, each scoped to the actor (R-ORG-2, R-CERT-2, R-CERT-6)."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from skillcert.accounts.types import Visitor
from skillcert.certificates.choices import CertificateStatus, ProposalStatus
from skillcert.certificates.models import Certificate, ExportBatch, IssuanceRun, SiteSerial, StatusProposal
from skillcert.core.policy import get_policy
from skillcert.core.scoping import RestrictedQuerySet
from skillcert.core.workdays import WorkingCalendar
from skillcert.exams.choices import PlanStatus
from skillcert.exams.models import ExamPlan


def certificates_visible_to(actor: Visitor) -> RestrictedQuerySet[Certificate]:
    """Certificates in the actor's scope with what list pages print, in a fixed number of queries."""
    return (
        Certificate.objects.restrict(actor, "view")
        .select_related("plan", "institution", "export_batch", "league")
        .order_by("-issued_at", "-id")
    )


def site_serials_visible_to(actor: Visitor) -> RestrictedQuerySet[SiteSerial]:
    return (
        SiteSerial.objects.restrict(actor, "view")
        .select_related("institution", "venue", "assigned_by")
        .order_by("serial")
    )


def runs_visible_to(actor: Visitor) -> RestrictedQuerySet[IssuanceRun]:
    return IssuanceRun.objects.restrict(actor, "view").select_related("plan", "requested_by")


def proposals_visible_to(actor: Visitor) -> RestrictedQuerySet[StatusProposal]:
    return StatusProposal.objects.restrict(actor, "view").select_related(
        "certificate", "proposed_by__organisation", "decided_by"
    )


def pending_proposals_for(actor: Visitor) -> QuerySet[StatusProposal]:
    """Proposals someone else made that this actor may decide (R-CERT-5)."""
    return (
        StatusProposal.objects.restrict(actor, "approve")
        .filter(status=ProposalStatus.PENDING)
        .exclude(proposed_by_id=getattr(actor, "pk", None))
        .select_related("certificate", "proposed_by__organisation")
    )


def batches_visible_to(actor: Visitor) -> RestrictedQuerySet[ExportBatch]:
    return ExportBatch.objects.restrict(actor, "view").select_related("institution", "created_by")


def plans_to_issue(actor: Visitor) -> QuerySet[ExamPlan]:
    """The actor institution's plans whose results are final: where a whole-plan issuance starts (R-CERT-2)."""
    org_id = getattr(actor, "organisation_id", None)
    return (
        ExamPlan.objects.restrict(actor, "change")
        .filter(institution__organisation_id=org_id or 0, status=PlanStatus.FINAL)
        .select_related("occupation", "work_type")
        .order_by("-last_session_on", "-id")
    )


def export_deadline(publicity_ended_on: datetime.date, calendar: WorkingCalendar | None = None) -> datetime.date:
    """The last day to upload: N working days after publicity ended (default 10) (R-CERT-6)."""
    days = int(get_policy("certificates.export_working_days"))
    return (calendar or WorkingCalendar()).add_working_days(publicity_ended_on, days)


def overdue_from(today: datetime.date, calendar: WorkingCalendar | None = None) -> datetime.date:
    """Certificates whose publicity ended before the day returned are past their upload deadline today
    (R-CERT-6). Deadlines never move back as the publicity end moves on, so the overdue end dates are
    exactly those before the first whose deadline is not yet past: found by stepping back from today,
    a few dozen calendar days whatever the number of certificates or of distinct dates."""
    calendar = calendar or WorkingCalendar()
    first = today
    while export_deadline(first - datetime.timedelta(days=1), calendar) >= today:
        first -= datetime.timedelta(days=1)
    return first


def overdue_exports(actor: Visitor, *, today: datetime.date | None = None) -> QuerySet[Certificate]:
    """Certificates not exported by their deadline, for the institution and its bureau (R-CERT-6, R-SUP-2)."""
    return (
        Certificate.objects.restrict(actor, "view")
        .filter(export_batch__isnull=True, publicity_ended_on__lt=overdue_from(today or timezone.localdate()))
        .exclude(status=CertificateStatus.VOIDED)
        .select_related("plan", "institution", "league")
        .order_by("publicity_ended_on", "issued_at", "id")
    )
