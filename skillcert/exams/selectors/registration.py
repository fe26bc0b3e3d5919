"""Reads of registrations, evidence and roster imports; every list takes the actor (R-EXAM-3, R-EXAM-4)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch
from django.utils.translation import gettext

from skillcert.accounts.types import Actor, Visitor
from skillcert.core.scoping import RestrictedQuerySet
from skillcert.exams.models import EvidenceFile, ExamPlan, Registration, RosterImport


def registrations_visible_to(actor: Visitor, action: str = "view") -> Any:
    """Registrations in the actor's scope with what list pages print, in a fixed number of queries."""
    return (
        Registration.objects.restrict(actor, action)
        .select_related("plan__occupation", "plan__work_type", "plan__institution", "plan__league", "reviewed_by")
        .annotate(evidence_count=Count("evidence", distinct=True))
        .order_by("plan", "-level", "id")
    )


def registration_detail_queryset(actor: Visitor, action: str = "view") -> Any:
    return registrations_visible_to(actor, action).prefetch_related(
        Prefetch("evidence", queryset=EvidenceFile.objects.order_by("kind", "id"))
    )


def my_registrations(actor: Actor) -> RestrictedQuerySet[Registration]:
    """A candidate's own registrations, online or imported for them (R-EXAM-3, candidate portal)."""
    return (
        Registration.objects.restrict(actor, "apply")
        .select_related("plan__occupation", "plan__work_type", "plan__institution", "plan__venue")
        .order_by("-submitted_at", "-id")
    )


def imports_of(actor: Visitor, plan: ExamPlan) -> RestrictedQuerySet[RosterImport]:
    return (
        RosterImport.objects.restrict(actor, "view")
        .filter(plan=plan)
        .select_related("uploaded_by")
        .order_by("-created_at", "-id")
    )


def evidence_visible_to(actor: Visitor) -> RestrictedQuerySet[EvidenceFile]:
    return EvidenceFile.objects.restrict(actor, "view").select_related("registration__plan")


def import_counts_text(roster_import: RosterImport) -> str:
    """The import's counts in one sentence, for the page and the progress bar's poll (R-EXAM-3)."""
    total = "—" if roster_import.rows_total is None else roster_import.rows_total
    return gettext(
        "已核查 %(processed)s / %(total)s 行；导入 %(accepted)s，"
        "跳过（已报名或模板示例行）%(skipped)s，错误 %(rejected)s"
    ) % {
        "processed": roster_import.rows_processed,
        "total": total,
        "accepted": roster_import.rows_accepted,
        "skipped": roster_import.rows_skipped,
        "rejected": roster_import.rows_rejected,
    }
