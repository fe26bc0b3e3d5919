"""Reads of supervision reports, internal records, orders and supervisors' assignments (R-SUP-3, R-SUP-9)."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from skillcert.accounts.models import User
from skillcert.core.scoping import is_authenticated
from skillcert.exams.choices import SessionStaffRole
from skillcert.exams.models import SessionStaff
from skillcert.inspections.models import InternalRecord, RectificationOrder, SupervisionReport


def _own_or_scoped(qs: QuerySet[Any], actor: User, person_path: str) -> QuerySet[Any]:
    scoped = qs.restrict(actor, "view").values("pk")  # type: ignore[attr-defined]
    if not is_authenticated(actor):
        return qs.none()
    return qs.filter(Q(pk__in=scoped) | Q(**{f"{person_path}__user_id": actor.pk}))


def reports_visible_to(actor: User) -> QuerySet[SupervisionReport]:
    """Reports in the actor's scope, and the supervisor's own (R-SUP-3)."""
    qs = SupervisionReport.objects.select_related(
        "session__plan", "session__room", "supervisor", "institution", "league"
    )
    return _own_or_scoped(qs, actor, "supervisor")


def internal_records_visible_to(actor: User) -> QuerySet[InternalRecord]:
    qs = InternalRecord.objects.select_related("session__plan", "supervisor", "institution", "league")
    return _own_or_scoped(qs, actor, "supervisor")


def orders_visible_to(actor: User) -> QuerySet[RectificationOrder]:
    return RectificationOrder.objects.restrict(actor, "view").select_related(
        "institution", "league", "report__session__plan", "inspection__campaign", "sanction"
    )


def _assignments(actor: User, role: str) -> QuerySet[SessionStaff]:
    if not is_authenticated(actor):
        return SessionStaff.objects.none()
    return (
        SessionStaff.objects.filter(role=role, person__user_id=actor.pk)
        .select_related("session__plan__institution", "session__room__venue", "person")
        .order_by("-session__starts_at", "-id")
    )


def supervision_assignments_of(actor: User) -> QuerySet[SessionStaff]:
    """The sessions the actor was drawn to supervise, with their report if opened (R-SUP-3)."""
    return _assignments(actor, SessionStaffRole.EXTERNAL_SUPERVISOR)


def internal_assignments_of(actor: User) -> QuerySet[SessionStaff]:
    """The sessions the actor supervises for their institution, and whether they filed (R-SUP-9)."""
    filed = InternalRecord.objects.filter(session_id=OuterRef("session_id"), supervisor_id=OuterRef("person_id"))
    return _assignments(actor, SessionStaffRole.INTERNAL_SUPERVISOR).annotate(filed=Exists(filed))
