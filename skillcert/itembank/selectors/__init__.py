"""Reads of the item bank, scoped to the actor (R-ORG-2)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from skillcert.accounts.types import Visitor
from skillcert.exams.choices import SessionStaffRole
from skillcert.itembank.models import Assembly, Bank, Blueprint, CbtSession, Item, KnowledgePoint, Sitting


def banks_visible_to(actor: Visitor) -> QuerySet[Bank]:
    return Bank.objects.restrict(actor, "view").select_related("institution", "standard_level__standard__occupation")


def knowledge_points_visible_to(actor: Visitor) -> QuerySet[KnowledgePoint]:
    return KnowledgePoint.objects.restrict(actor, "view").select_related("bank")


def items_visible_to(actor: Visitor) -> QuerySet[Item]:
    return Item.objects.restrict(actor, "view").select_related(
        "bank", "latest__knowledge_point", "latest__author", "approved"
    )


def blueprints_visible_to(actor: Visitor) -> QuerySet[Blueprint]:
    return Blueprint.objects.restrict(actor, "view").select_related("bank")


def assemblies_visible_to(actor: Visitor) -> QuerySet[Assembly]:
    return Assembly.objects.restrict(actor, "view").select_related("blueprint", "bank").prefetch_related("papers")


def _proctor_q(actor: Visitor, prefix: str) -> Q:
    return Q(
        **{
            f"{prefix}exam_session__staff__person__user": actor,
            f"{prefix}exam_session__staff__role": SessionStaffRole.PROCTOR,
        }
    )


def cbt_sessions_visible_to(actor: Visitor) -> QuerySet[CbtSession]:
    """Institution and authority staff by scope; a proctor the sessions they are assigned to."""
    base = CbtSession.objects.select_related("exam_session__plan", "exam_session__room", "assembly")
    scoped = CbtSession.objects.restrict(actor, "view").values("pk")
    if not getattr(actor, "is_authenticated", False):
        return base.none()
    return base.filter(Q(pk__in=scoped) | _proctor_q(actor, "")).distinct()


def cbt_sessions_markable_by(actor: Visitor) -> QuerySet[CbtSession]:
    """The sessions the actor sees, and those whose sittings the actor may mark (experts mark short
    answers without seeing the proctor console). Combined by primary key: the visible set is DISTINCT
    (proctor joins) and cannot be OR'ed with a plain queryset (R-BANK-4)."""
    visible = cbt_sessions_visible_to(actor).values("pk")
    markable = Sitting.objects.restrict(actor, "mark").values("cbt_session")
    return CbtSession.objects.select_related("exam_session__plan", "exam_session__room", "assembly").filter(
        Q(pk__in=visible) | Q(pk__in=markable)
    )


def sittings_visible_to(actor: Visitor) -> QuerySet[Sitting]:
    base = Sitting.objects.select_related("registration", "paper", "cbt_session__exam_session")
    scoped = Sitting.objects.restrict(actor, "view").values("pk")
    if not getattr(actor, "is_authenticated", False):
        return base.none()
    return base.filter(Q(pk__in=scoped) | _proctor_q(actor, "cbt_session__")).distinct()


def stale_banks(banks: QuerySet[Bank], *, today: Any = None) -> QuerySet[Bank]:
    """Banks with no approved change for `itembank.stale_after_months` months (R-BANK-2)."""
    import datetime

    from django.db.models import Q as _Q
    from django.utils import timezone

    from skillcert.core.policy import get_policy

    months = int(get_policy("itembank.stale_after_months"))
    now = timezone.now() if today is None else today
    cutoff = now - datetime.timedelta(days=round(months * 365.25 / 12))
    return banks.filter(_Q(last_approved_at__lt=cutoff) | _Q(last_approved_at__isnull=True, created_at__lt=cutoff))
