"""Reads of the sanctions app, scoped to the actor; public reads of what the law makes public (R-SUP-6)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from skillcert.accounts.types import Visitor
from skillcert.core.policy import get_policy
from skillcert.institutions.choices import InstitutionStatus
from skillcert.institutions.models import Institution
from skillcert.sanctions.choices import InactivityStatus, Kind, ProposalStatus, Status
from skillcert.sanctions.models import InactivityCase, Proposal, Sanction


def sanctions_visible_to(actor: Visitor) -> QuerySet[Sanction]:
    return Sanction.objects.restrict(actor, "view").select_related(
        "institution", "authority", "created_by", "decided_by", "approved_by", "follow_up_by"
    )


def cases_visible_to(actor: Visitor) -> QuerySet[InactivityCase]:
    return InactivityCase.objects.restrict(actor, "view").select_related("institution", "authority", "exit_sanction")


def proposals_visible_to(actor: Visitor) -> QuerySet[Proposal]:
    """处理建议 routed to the actor's league (every one for the region), with what the list shows."""
    return Proposal.objects.restrict(actor, "view").select_related(
        "institution", "league", "inspection__campaign", "proposed_by", "decided_by", "sanction"
    )


def pending_proposals_for(actor: Visitor) -> QuerySet[Proposal]:
    """The proposals waiting for the actor's decision (the workbench tile)."""
    return proposals_visible_to(actor).filter(status=ProposalStatus.PENDING)


def published_criticisms(day: datetime.date | None = None) -> QuerySet[Sanction]:
    """通报批评 in their publication period, for the portal and institutions' public pages (R-SUP-6)."""
    day = day or timezone.localdate()
    return (
        Sanction.objects.filter(kind=Kind.CRITICISM, publish_from__lte=day)
        .filter(Q(publish_until__isnull=True) | Q(publish_until__gte=day))
        .select_related("institution", "authority")
        .order_by("-publish_from", "-id")
    )


def public_history(institution: Institution) -> QuerySet[Sanction]:
    """What the public sees of an institution's sanctions: criticisms in publication, orders and decisions in force."""
    today = timezone.localdate()
    return (
        Sanction.objects.filter(institution=institution)
        .filter(
            Q(kind=Kind.CRITICISM, publish_from__lte=today)
            & (Q(publish_until__isnull=True) | Q(publish_until__gte=today))
            | Q(kind=Kind.RECTIFICATION)
            | Q(kind__in=[Kind.SUSPENSION, Kind.DISQUALIFICATION], status=Status.APPROVED)
        )
        .select_related("authority")
        .order_by("-created_at", "-id")
    )


def missed_follow_ups(day: datetime.date | None = None) -> QuerySet[Sanction]:
    """限期整改 whose deadline passed without a recorded follow-up, for the alert rules."""
    day = day or timezone.localdate()
    return Sanction.objects.filter(kind=Kind.RECTIFICATION, status=Status.OPEN, deadline__lt=day).select_related(
        "institution", "authority"
    )


def last_activity_on(institution: Institution) -> datetime.date:
    """The latest of: a session, a certificate, the filing, the end of an accepted explanation's suspension."""
    return _last_activity(institution.pk, institution.filed_on or institution.created_at.date())


def _last_activity(pk: int, floor: datetime.date) -> datetime.date:
    from skillcert.certificates.models import Certificate
    from skillcert.exams.models import ExamSession

    dates = [floor]
    session = ExamSession.objects.filter(plan__institution_id=pk).aggregate(m=Max("starts_at"))["m"]
    if session is not None:
        dates.append(timezone.localtime(session).date())
    cert = Certificate.objects.filter(institution_id=pk).aggregate(m=Max("issued_on"))["m"]
    if cert is not None:
        dates.append(cert)
    suspended = InactivityCase.objects.filter(institution_id=pk, status=InactivityStatus.ACCEPTED).aggregate(
        m=Max("suspended_until")
    )["m"]
    if suspended is not None:
        dates.append(suspended)
    return max(dates)


@dataclass(frozen=True)
class InactiveInstitution:
    institution: Institution
    last_activity_on: datetime.date
    days: int


def inactive_institutions(actor: Visitor, day: datetime.date | None = None) -> list[InactiveInstitution]:
    """Filed institutions in the actor's scope with no session and no certificate for the policy period,
    and no open inquiry already (R-SUP-6)."""
    from skillcert.certificates.models import Certificate
    from skillcert.exams.models import ExamSession

    day = day or timezone.localdate()
    threshold = int(get_policy("sanctions.inactivity_days"))
    cutoff = day - datetime.timedelta(days=threshold)
    open_cases = InactivityCase.objects.filter(status__in=[InactivityStatus.REQUESTED, InactivityStatus.EXPLAINED])
    candidates = (
        Institution.objects.restrict(actor, "view")
        .filter(parent__isnull=True, filed_on__isnull=False, filed_on__lte=cutoff)
        .filter(status__in=[InstitutionStatus.ACTIVE, InstitutionStatus.RECTIFICATION])
        .exclude(pk__in=open_cases.values("institution_id"))
        .order_by("filed_name", "id")
    )
    sessions = dict(
        ExamSession.objects.filter(plan__institution__in=candidates)
        .values_list("plan__institution_id")
        .annotate(m=Max("starts_at"))
        .values_list("plan__institution_id", "m")
    )
    certificates = dict(
        Certificate.objects.filter(institution__in=candidates)
        .values_list("institution_id")
        .annotate(m=Max("issued_on"))
        .values_list("institution_id", "m")
    )
    suspended = dict(
        InactivityCase.objects.filter(institution__in=candidates, status=InactivityStatus.ACCEPTED)
        .values_list("institution_id")
        .annotate(m=Max("suspended_until"))
        .values_list("institution_id", "m")
    )
    rows = []
    for inst in candidates:
        dates = [inst.filed_on]
        if inst.pk in sessions:
            dates.append(timezone.localtime(sessions[inst.pk]).date())
        for source in (certificates, suspended):
            if inst.pk in source:
                dates.append(source[inst.pk])
        last = max(d for d in dates if d is not None)
        if last <= cutoff:
            rows.append(InactiveInstitution(inst, last, (day - last).days))
    return rows
