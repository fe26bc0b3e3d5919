"""Reads owned by core, each scoped to the actor."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from skillcert.core.models import AuditEvent


def audit_events_visible_to(actor: Any) -> QuerySet[AuditEvent]:
    """Region auditors and admins see the whole log; a league, events of its organisations;
    an institution, its own; everyone else nothing (R-X-1, R-ORG-2)."""
    from skillcert.accounts.choices import Role
    from skillcert.accounts.models import Organisation

    qs = AuditEvent.objects.all()
    if actor is None or not actor.is_authenticated:
        return qs.none()
    if actor.is_superuser:
        return qs
    if not actor.has_role(Role.ADMIN, Role.AUDITOR, Role.MANAGER):
        return qs.none()
    level = actor.organisation.scope_level
    if level == "region":
        return qs
    if level == "league":
        org_ids = Organisation.objects.filter(jurisdiction_id=actor.organisation.jurisdiction_id).values("id")
        return qs.filter(organisation_id__in=org_ids)
    if level == "institution":
        return qs.filter(organisation_id=actor.organisation_id)
    return qs.none()
