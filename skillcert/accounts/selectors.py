"""Reads of organisations and users, always through the actor's scope (R-ORG-2)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from skillcert.accounts.models import Jurisdiction, Organisation, User


def organisations_visible_to(actor: Any) -> QuerySet[Organisation]:
    return (
        Organisation.objects.restrict(actor, "view")
        .select_related("jurisdiction", "parent")
        .annotate(user_count=Count("users"))
        .order_by("jurisdiction__sort_order", "kind", "name")
    )


def users_visible_to(actor: Any) -> QuerySet[User]:
    return (
        User.objects.restrict(actor, "view")
        .select_related("organisation", "organisation__jurisdiction")
        .prefetch_related("roles")
        .order_by("organisation__name", "username")
    )


def leagues() -> QuerySet[Jurisdiction]:
    return Jurisdiction.objects.filter(level="league")
