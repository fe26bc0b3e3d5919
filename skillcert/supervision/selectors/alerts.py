"""Alerts the actor may see, and counts for the workbench (R-SUP-2, R-ORG-2)."""

from __future__ import annotations

from django.db.models import Count

from skillcert.accounts.models import User
from skillcert.core.scoping import RestrictedQuerySet
from skillcert.supervision.choices import LIVE_STATUSES
from skillcert.supervision.models import Alert


def alerts_visible_to(actor: User) -> RestrictedQuerySet[Alert]:
    """The actor's alerts, newest first: the region all, a league its own, an institution those about itself."""
    return (
        Alert.objects.restrict(actor, "view")
        .select_related("jurisdiction", "institution", "status_changed_by")
        .order_by("-last_seen_at", "-id")
    )


def live_alert_counts(actor: User) -> dict[str, int]:
    """Open and acknowledged alerts per kind in the actor's scope."""
    rows = (
        Alert.objects.restrict(actor, "view")
        .filter(status__in=LIVE_STATUSES)
        .values("kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {r["kind"]: r["n"] for r in rows}


def may_handle(actor: User) -> bool:
    """Whether the actor may acknowledge, resolve or dismiss alerts at all (authority staff)."""
    from skillcert.core.scoping import actor_may

    return actor.is_authenticated and actor.organisation.is_authority and actor_may(actor, "handle", Alert.scope_policy)
