"""The one place that decides what an actor may see and do (R-ORG-2).

Every scoped model declares a `ScopePolicy`; querysets are narrowed with
`Model.objects.restrict(actor, action)`. Region organisations see everything in their
roles' reach, league organisations their jurisdiction, an institution its own records,
an individual (candidate) the records they own, and anonymous visitors what is published.
A forbidden object is simply absent from the queryset, so it answers exactly like a
missing one (404), never 403.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from typing_extensions import TypeIs

    from skillcert.accounts.models import User
    from skillcert.accounts.types import Acting

ANY_ROLE = "*"
"""In a policy's roles mapping: any authenticated user with any role may take the action."""


@dataclass(frozen=True)
class ScopePolicy:
    """How one model's rows belong to organisations, jurisdictions and people."""

    organisation: str | None = None
    """Lookup path to the owning Organisation ("pk" when the model is Organisation)."""
    jurisdiction: str | None = None
    """Lookup path to the Jurisdiction a league-level organisation must match."""
    owner: str | None = None
    """Lookup path to the User who owns the row (candidates see only their own)."""
    public: Q | None = None
    """Rows anyone may view without logging in, or None when nothing is public."""
    roles: Mapping[str, frozenset[str] | str] = field(default_factory=dict)
    """Action → roles that may take it; an action missing here is refused to everyone."""
    shared: frozenset[str] = frozenset()
    """Actions for which every permitted actor sees all rows (region-wide reference data)."""


def is_authenticated(actor: Acting) -> TypeIs[User]:
    """A signed-in user (narrows `Acting`/`Visitor` to `Actor` for the type checker)."""
    return actor is not None and bool(getattr(actor, "is_authenticated", False))


def actor_may(actor: User | AnonymousUser | None, action: str, policy: ScopePolicy) -> bool:
    """Whether the actor's roles allow the action at all, before looking at rows."""
    if not is_authenticated(actor):
        return False
    if getattr(actor, "is_superuser", False):
        return True
    allowed = policy.roles.get(action)
    if allowed is None:
        return False
    if allowed == ANY_ROLE:
        return True
    return bool(set(actor.role_codes) & set(allowed))  # type: ignore[union-attr]


def scope_q(actor: User | AnonymousUser | None, action: str, policy: ScopePolicy) -> Q | None:
    """The filter for the rows the actor may act on; None means no row at all."""
    public = policy.public if action == "view" else None
    if not actor_may(actor, action, policy):
        return public
    if getattr(actor, "is_superuser", False) or action in policy.shared:
        return Q()
    org = getattr(actor, "organisation", None)
    level = getattr(org, "scope_level", None)
    own: Q | None = None
    if level == "region":
        own = Q()
    elif level == "league" and policy.jurisdiction:
        own = Q(**{policy.jurisdiction: org.jurisdiction_id})  # type: ignore[union-attr]
    elif level == "institution" and policy.organisation:
        own = Q(**{policy.organisation: org.pk})  # type: ignore[union-attr]
    elif level == "individual" and policy.owner:
        own = Q(**{policy.owner: actor.pk})  # type: ignore[union-attr]
    if own is None:
        return public
    if public is not None and own != Q():
        return own | public
    return own


M = TypeVar("M", bound=models.Model)


class RestrictedQuerySet(models.QuerySet[M]):
    """QuerySet with `restrict(actor, action)`, the only scoping entry point."""

    def restrict(self, actor: Acting, action: str = "view") -> RestrictedQuerySet[M]:
        policy = getattr(self.model, "scope_policy", None)
        if not isinstance(policy, ScopePolicy):
            raise ImproperlyConfigured(f"{self.model.__name__} has no scope_policy")
        q = scope_q(actor, action, policy)
        if q is None:
            return self.none()
        if q == Q():
            return self
        return self.filter(q)


def get_visible_or_404(queryset: RestrictedQuerySet[M], actor: Acting, action: str = "view", **lookup: Any) -> M:
    """Fetch one object the actor may act on; forbidden and missing raise the same 404."""
    try:
        return queryset.restrict(actor, action).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404(gettext("未找到该记录")) from exc


def visible_or_404(rows: models.QuerySet[M], pk: Any) -> M:
    """One row of an already restricted queryset; forbidden, missing and malformed keys answer the same 404."""
    try:
        obj = rows.filter(pk=pk).first()
    except (ValueError, TypeError, ValidationError):
        obj = None
    if obj is None:
        raise Http404(gettext("未找到该记录"))
    return obj


def require_unrestricted(actor: Acting, action: str, model: type[models.Model]) -> None:
    """For region-wide data: the actor must be allowed the action on every row."""
    from django.core.exceptions import PermissionDenied

    if scope_q(actor, action, model.scope_policy) != Q():  # type: ignore[attr-defined]
        raise PermissionDenied(gettext("没有权限执行此操作"))


def require_row(actor: Acting, action: str, obj: models.Model) -> None:
    """The actor must be allowed the action on this row; otherwise it does not exist for them."""
    from skillcert.core.errors import NotFoundError

    qs = type(obj)._default_manager.all()
    if not qs.restrict(actor, action).filter(pk=obj.pk).exists():  # type: ignore[attr-defined]
        raise NotFoundError(gettext("未找到该记录"))
