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


def overdue_exports(actor: Visitor, *, today: datetime.date | None = None) -> QuerySet[Certificate]:
    """Certificates not exported by their deadline, for the institution and its bureau (R-CERT-6, R-SUP-2).

    The deadline depends only on the publicity end date, so it is computed once per distinct
    date (a handful), never once per certificate.
    """
    day = today or timezone.localdate()
    pending = (
        Certificate.objects.restrict(actor, "view")
        .filter(export_batch__isnull=True)
        .exclude(status=CertificateStatus.VOIDED)
    )
    calendar = WorkingCalendar()
    dates = sorted(set(pending.values_list("publicity_ended_on", flat=True).distinct()))
    if dates:
        calendar.prefetch(dates[0], day)
    overdue = [d for d in dates if export_deadline(d, calendar) < day]
    return (
        pending.filter(publicity_ended_on__in=overdue)
        .select_related("plan", "institution", "league")
        .order_by("publicity_ended_on", "issued_at", "id")
    )
