"""Reads of the complaints app, scoped to the actor (R-SUP-5, R-ORG-2)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, DateField, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from skillcert.accounts.types import Visitor
from skillcert.complaints.choices import PUBLIC_STEPS, Status
from skillcert.complaints.models import Complaint, Step
from skillcert.complaints.services.common import may_handle, secret_matches


def complaints_visible_to(actor: Visitor) -> QuerySet[Complaint]:
    """Complaints handled in the actor's jurisdiction; only handling authorities see any."""
    if not may_handle(actor) and not _is_authority_reader(actor):
        return Complaint.objects.none()
    return Complaint.objects.restrict(actor, "view").select_related(
        "institution", "jurisdiction", "handler", "sanction"
    )


def _is_authority_reader(actor: Visitor) -> bool:
    from skillcert.complaints.services.common import HANDLER_KINDS

    org = getattr(actor, "organisation", None)
    return bool(getattr(actor, "is_authenticated", False) and org is not None and org.kind in HANDLER_KINDS)


def overdue_q(today: Any = None) -> Q:
    today = today or timezone.localdate()
    return Q(status=Status.RECEIVED, accept_due__lt=today) | Q(status=Status.INVESTIGATING, conclude_due__lt=today)


def inbox(actor: Visitor) -> QuerySet[Complaint]:
    """Open matters first, overdue ones at the very top, then by the deadline in force."""
    today = timezone.localdate()
    return (
        complaints_visible_to(actor)
        .annotate(
            overdue=Case(When(overdue_q(today), then=Value(1)), default=Value(0), output_field=IntegerField()),
            open_rank=Case(
                When(status__in=[Status.RECEIVED, Status.INVESTIGATING], then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            due=Case(
                When(status=Status.RECEIVED, then=F("accept_due")),
                When(status=Status.INVESTIGATING, then=F("conclude_due")),
                default=Value(None),
                output_field=DateField(),
            ),
        )
        .order_by("-overdue", "-open_rank", F("due").asc(nulls_last=True), "-received_on", "-id")
    )


def overdue_complaints(today: Any = None) -> QuerySet[Complaint]:
    """Every overdue complaint region-wide, for the alert rules."""
    return Complaint.objects.filter(overdue_q(today)).select_related("jurisdiction", "handler")


@dataclass(frozen=True)
class PublicStep:
    label: str
    on: Any


@dataclass(frozen=True)
class PublicView:
    """What the complainant sees with code and secret: progress and the public answer, nothing internal."""

    tracking_code: str
    title: str
    received_on: Any
    status: str
    status_label: str
    handler: str
    accept_due: Any
    conclude_due: Any
    outcome_label: str
    public_outcome_text: str
    steps: list[PublicStep]


def track(code: str, secret: str) -> PublicView | None:
    """The public view of a complaint, or None — the same None for an unknown code and for a wrong secret."""
    code = (code or "").strip().upper()[:24]
    complaint = Complaint.objects.select_related("handler").filter(tracking_code=code).first() if code else None
    if not secret_matches(complaint, secret) or complaint is None:
        return None
    steps = [
        PublicStep(s.get_kind_display(), timezone.localtime(s.at).date())
        for s in Step.objects.filter(complaint=complaint, kind__in=PUBLIC_STEPS).order_by("at", "id")
    ]
    finished = complaint.status in (Status.CONCLUDED, Status.NOT_ACCEPTED)
    return PublicView(
        tracking_code=complaint.tracking_code,
        title=complaint.title,
        received_on=complaint.received_on,
        status=complaint.status,
        status_label=complaint.get_status_display(),
        handler=complaint.handler.name,
        accept_due=complaint.accept_due,
        conclude_due=complaint.conclude_due,
        outcome_label=complaint.get_outcome_display() if complaint.outcome else "",
        public_outcome_text=complaint.public_outcome_text if finished else "",
        steps=steps,
    )
