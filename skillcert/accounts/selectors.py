"""Reads of organisations, users and API tokens, always through the actor's scope (R-ORG-2)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Count, QuerySet

from skillcert.accounts.choices import Role, ScopeLevel
from skillcert.accounts.lockout import unknown_username_locked_until
from skillcert.accounts.models import MANAGE_USERS, ApiToken, Jurisdiction, Organisation, User
from skillcert.accounts.types import Acting, Visitor
from skillcert.core.models import AuditEvent
from skillcert.core.scoping import get_visible_or_404, scope_q


def organisations_visible_to(actor: Visitor) -> QuerySet[Organisation]:
    return (
        Organisation.objects.restrict(actor, "view")
        .select_related("jurisdiction", "parent")
        .annotate(user_count=Count("users"))
        .order_by("jurisdiction__sort_order", "kind", "name")
    )


def users_visible_to(actor: Visitor) -> QuerySet[User]:
    return (
        User.objects.restrict(actor, "view")
        .select_related("organisation", "organisation__jurisdiction")
        .prefetch_related("roles")
        .order_by("organisation__name", "username")
    )


def leagues() -> QuerySet[Jurisdiction]:
    return Jurisdiction.objects.filter(level="league")


def api_tokens_of(actor: Acting) -> QuerySet[ApiToken]:
    """The actor's own API tokens, newest first; nobody lists anyone else's keys."""
    if actor is None or not actor.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.restrict(actor, "view").filter(user=actor).order_by("-created_at", "-id")


def api_token_for_key(key: str) -> ApiToken | None:
    """The token whose key hashes to this one (the key itself is never stored)."""
    digest = ApiToken.hash_key(key)
    return ApiToken.objects.select_related("user", "user__organisation").filter(key_hash=digest).first()


def login_locked_until(username: str) -> datetime | None:
    """When a lock on this username ends — for real and unknown usernames alike (no enumeration)."""
    user = User.objects.filter(username=username).only("locked_until").first()
    if user is None:
        return unknown_username_locked_until(username)
    return user.locked_until if user.is_locked() else None


def users_manageable_by(actor: Visitor) -> QuerySet[User]:
    """Accounts the actor may change — roles, lock, second factor, deactivation (R-ORG-2)."""
    return (
        User.objects.restrict(actor, "change")
        .select_related("organisation", "organisation__jurisdiction")
        .prefetch_related("roles")
    )


def user_for_reveal(actor: Visitor, pk: Any) -> User:
    """An account whose personal data the actor may see in full; anyone else's is missing (R-X-3)."""
    return get_visible_or_404(User.objects.get_queryset().select_related("organisation"), actor, "reveal", pk=pk)


def organisations_for_new_users(actor: Visitor) -> QuerySet[Organisation]:
    """Active organisations in which the actor may open accounts (R-ORG-2)."""
    q = scope_q(actor, "manage_users", MANAGE_USERS)
    if q is None:
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(q, is_active=True)
        .select_related("jurisdiction")
        .order_by("jurisdiction__sort_order", "kind", "name")
    )


def manageable_user_ids(actor: Visitor, users: list[User]) -> set[int]:
    """Which of these (a page of the list) the actor may manage, in one query."""
    ids = [u.pk for u in users]
    if not ids:
        return set()
    return set(User.objects.restrict(actor, "change").filter(pk__in=ids).values_list("pk", flat=True))


def audit_events_visible_to(actor: Acting) -> QuerySet[AuditEvent]:
    """Region auditors and admins see the whole log; a league, events of its organisations;
    an institution, its own; everyone else nothing (R-X-1, R-ORG-2)."""
    qs = AuditEvent.objects.all()
    if actor is None or not actor.is_authenticated:
        return qs.none()
    if actor.is_superuser:
        return qs
    if not actor.has_role(Role.ADMIN, Role.AUDITOR, Role.MANAGER):
        return qs.none()
    level = actor.organisation.scope_level
    if level == ScopeLevel.REGION:
        return qs
    if level == ScopeLevel.LEAGUE:
        org_ids = Organisation.objects.filter(jurisdiction_id=actor.organisation.jurisdiction_id).values("id")
        return qs.filter(organisation_id__in=org_ids)
    if level == ScopeLevel.INSTITUTION:
        return qs.filter(organisation_id=actor.organisation_id)
    return qs.none()
