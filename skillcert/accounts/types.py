"""The types services and selectors take for the person acting (STYLE: no `actor: Any`).

- `Actor`: a signed-in user, as every write service requires;
- `Visitor`: anyone a page can be served to, the public included (selectors of public lists);
- `Acting`: an actor or the platform itself (`None`), as background work and the audit log allow.

Core takes the same names under `TYPE_CHECKING`, so it does not import accounts at run time.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser

from skillcert.accounts.models import User

Actor: TypeAlias = User
Visitor: TypeAlias = User | AnonymousUser
Acting: TypeAlias = User | AnonymousUser | None


__all__ = ["Acting", "Actor", "Visitor"]
