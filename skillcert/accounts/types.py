"""The types services and selectors take for the person acting (STYLE: no `actor: Any`).

- `Actor`: a signed-in user, as every write service requires;
- `Visitor`: anyone a page can be served to, the public included (selectors of public lists, `may_*` predicates);
- `Acting`: an actor or the platform itself (`None`), as background work and the audit log allow.

A login-only page declares its request as `AuthedRequest` (django-stubs' way of saying `request.user` is a
signed-in `User`), an API action behind `IsAuthenticated` as `AuthedApiRequest`, so either hands `request.user`
to services typed `Actor` as it is. Where the signature is fixed by a base class (a viewset's `create`,
`perform_create`), `actor_of(request)` reads the signed-in user. `core.scoping.is_authenticated` narrows a
`Visitor` or `Acting` to `Actor` where anonymous visitors are genuinely allowed.

Core takes the same names under `TYPE_CHECKING`, so it does not import accounts at run time.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from rest_framework.request import Request

from skillcert.accounts.models import User

Actor: TypeAlias = User
Visitor: TypeAlias = User | AnonymousUser
Acting: TypeAlias = User | AnonymousUser | None


class AuthedRequest(HttpRequest):
    """The request of a view behind `login_required`: its user is signed in."""

    user: User


class AuthedApiRequest(Request):
    """The request of an API action behind `IsAuthenticated` (the API's default permission)."""

    user: User


def actor_of(request: HttpRequest | Request) -> Actor:
    """The signed-in user of a request that passed `login_required` or `IsAuthenticated`.

    Anonymous requests never get this far; one that does is refused rather than handed on."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


__all__ = ["Acting", "Actor", "AuthedApiRequest", "AuthedRequest", "Visitor", "actor_of"]
