"""Who may act on an institution's records: the permission checks its services share (R-ORG-2).

Input cleaning and upload checks are the shared ones in `skillcert.core.validation`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext

from skillcert.core.errors import NotFoundError
from skillcert.core.scoping import actor_may, is_authenticated
from skillcert.institutions.models import Institution
from skillcert.institutions.models.policies import EDIT_ROLES, INSTITUTION_POLICY


def is_staff_of(actor: Any, institution: Institution) -> bool:
    return is_authenticated(actor) and getattr(actor, "organisation_id", None) == institution.organisation_id


def require_visible(actor: Any, obj: models.Model, action: str = "view") -> None:
    """Forbidden rows answer like missing ones (R-ORG-2)."""
    if getattr(actor, "is_superuser", False):
        return
    qs = type(obj)._default_manager.all()
    if not qs.restrict(actor, action).filter(pk=obj.pk).exists():  # type: ignore[attr-defined]
        raise NotFoundError(gettext("未找到该记录"))


def require_institution_staff(actor: Any, institution: Institution, action: str = "change") -> None:
    """The actor works for this institution and holds a role allowed the action (R-ORG-2)."""
    require_visible(actor, institution)
    if getattr(actor, "is_superuser", False):
        return
    if not is_staff_of(actor, institution):
        raise PermissionDenied(gettext("只有本机构人员可以办理此事项"))
    if not actor_may(actor, action, INSTITUTION_POLICY):
        raise PermissionDenied(gettext("您的角色不能办理此事项"))


def require_authority_staff(actor: Any, authority: Any, what: str) -> None:
    """The actor is an office holder of exactly this authority (R-ORG-2)."""
    if getattr(actor, "is_superuser", False):
        return
    if not is_authenticated(actor) or actor.organisation_id != authority.pk:
        raise PermissionDenied(gettext("%(what)s由%(name)s办理") % {"what": what, "name": authority.name})
    if not (actor.role_codes & EDIT_ROLES):
        raise PermissionDenied(gettext("您的角色不能办理此事项"))


__all__ = ["is_staff_of", "require_authority_staff", "require_institution_staff", "require_visible"]
