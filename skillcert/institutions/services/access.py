"""Who may act on an institution's records: the permission checks its services share (R-ORG-2).

Input cleaning and upload checks are the shared ones in `skillcert.core.validation`."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext

from skillcert.accounts.models import Organisation
from skillcert.accounts.types import Actor, Visitor
from skillcert.core.errors import NotFoundError
from skillcert.core.scoping import actor_may, is_authenticated
from skillcert.institutions.authorities import is_decision_authority
from skillcert.institutions.models import Institution
from skillcert.institutions.models.policies import EDIT_ROLES, INSTITUTION_POLICY


def is_staff_of(actor: Visitor, institution: Institution) -> bool:
    return is_authenticated(actor) and getattr(actor, "organisation_id", None) == institution.organisation_id


# --- may_*: what pages ask before showing a button; the require_* checks below use the same answers ---


def may_edit(actor: Visitor) -> bool:
    """The actor holds a role that may change records (manager or clerk), or is a platform administrator."""
    return is_authenticated(actor) and bool(actor.is_superuser or actor.role_codes & EDIT_ROLES)


def may_act_for_institution(actor: Visitor, institution: Institution) -> bool:
    """The actor works for this institution in an editing role."""
    return is_staff_of(actor, institution) and may_edit(actor)


def may_act_as_authority(actor: Visitor) -> bool:
    """The actor is an editor of an authority: the region department or centre, a league bureau or centre."""
    if not is_authenticated(actor):
        return False
    if actor.is_superuser:
        return True
    organisation = getattr(actor, "organisation", None)
    return organisation is not None and organisation.is_authority and may_edit(actor)


def may_decide_as_authority(actor: Visitor) -> bool:
    """The actor is an editor of a decision authority (region department or centre, league bureau, R-SUP-6)."""
    if not is_authenticated(actor):
        return False
    if actor.is_superuser:
        return True
    organisation = getattr(actor, "organisation", None)
    return organisation is not None and is_decision_authority(organisation) and may_edit(actor)


def may_act_for_authority(actor: Visitor, authority: Organisation) -> bool:
    """The actor is an editor of exactly this authority."""
    if not is_authenticated(actor):
        return False
    if actor.is_superuser:
        return True
    return may_act_as_authority(actor) and actor.organisation_id == authority.pk


def require_visible(actor: Actor, obj: models.Model, action: str = "view") -> None:
    """Forbidden rows answer like missing ones (R-ORG-2)."""
    if getattr(actor, "is_superuser", False):
        return
    qs = type(obj)._default_manager.all()
    if not qs.restrict(actor, action).filter(pk=obj.pk).exists():  # type: ignore[attr-defined]
        raise NotFoundError(gettext("未找到该记录"))


def require_institution_staff(actor: Actor, institution: Institution, action: str = "change") -> None:
    """The actor works for this institution and holds a role allowed the action (R-ORG-2)."""
    require_visible(actor, institution)
    if getattr(actor, "is_superuser", False):
        return
    if not is_staff_of(actor, institution):
        raise PermissionDenied(gettext("只有本机构人员可以办理此事项"))
    if not actor_may(actor, action, INSTITUTION_POLICY):
        raise PermissionDenied(gettext("您的角色不能办理此事项"))


def require_authority_staff(actor: Actor, authority: Organisation, what: str) -> None:
    """The actor is an editor of exactly this authority, and it is an authority (R-ORG-2)."""
    if may_act_for_authority(actor, authority):
        return
    if not authority.is_authority:
        raise PermissionDenied(gettext("%(what)s由盟市人社局或自治区人社部门发布") % {"what": what})
    if not is_authenticated(actor) or actor.organisation_id != authority.pk:
        raise PermissionDenied(gettext("%(what)s由%(name)s办理") % {"what": what, "name": authority.name})
    raise PermissionDenied(gettext("您的角色不能办理此事项"))


__all__ = [
    "is_staff_of",
    "may_act_as_authority",
    "may_act_for_authority",
    "may_act_for_institution",
    "may_decide_as_authority",
    "may_edit",
    "require_authority_staff",
    "require_institution_staff",
    "require_visible",
]
