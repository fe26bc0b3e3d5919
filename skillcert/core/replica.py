"""Reads from a PostgreSQL replica where stale-by-a-moment is fine (R-X-5).

With ``DATABASE_REPLICA_URL`` set, the views marked `@reads_from_replica` (public verification,
dashboards, exports) send their reads to the "replica" alias; everything else reads the
primary. Writes always go to the primary, and read-your-own-writes is kept three ways:

* inside a transaction on the primary every read stays there;
* once a marked view has written (an audit row, say), its later reads go to the primary;
* a browser whose request wrote anything gets a short-lived cookie that pins its next
  requests to the primary for `SKILLCERT_REPLICA_PIN_SECONDS`, longer than replication lag.

Accounts and sessions are always read from the primary: a login must be seen at once.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

PIN_COOKIE = "sk_primary"
PRIMARY_ONLY_APPS = frozenset({"sessions", "auth", "accounts", "contenttypes", "admin"})
"""Identity and session data: read where it was just written."""


@dataclass
class _State:
    replica_ok: bool = False
    wrote: bool = False
    pinned: bool = False


_state: ContextVar[_State | None] = ContextVar("skillcert_replica_state", default=None)


def replica_alias() -> str | None:
    """The configured replica's alias, or None when reads all go to the primary."""
    alias = getattr(settings, "SKILLCERT_REPLICA_ALIAS", None)
    return alias if alias and alias in settings.DATABASES else None


class ReplicaRouter:
    """Sends reads in a replica-safe scope to the replica, and everything else to the primary."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        state = _state.get()
        alias = replica_alias()
        if (
            alias is None
            or state is None
            or not state.replica_ok
            or state.wrote
            or state.pinned
            or model._meta.app_label in PRIMARY_ONLY_APPS
            or connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return DEFAULT_DB_ALIAS
        return alias

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        state = _state.get()
        if state is not None and model._meta.app_label != "sessions":
            state.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica is a copy of the primary: the same rows on both


@contextmanager
def replica_reads() -> Iterator[None]:
    """Let reads in this block go to the replica (unless pinned or after a write)."""
    state = _state.get()
    token = None
    if state is None:
        state = _State()
        token = _state.set(state)
    before = state.replica_ok
    state.replica_ok = True
    try:
        yield
    finally:
        state.replica_ok = before
        if token is not None:
            _state.reset(token)


F = TypeVar("F", bound=Callable[..., Any])


def reads_from_replica(view: F) -> F:
    """Mark a view whose reads may come from the replica (public verification, dashboards, exports)."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        with replica_reads():
            return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


class ReplicaPinMiddleware:
    """Per request: start with a clean state, honour the pin cookie, set it after a write."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        state = _State(pinned=PIN_COOKIE in request.COOKIES)
        token = _state.set(state)
        try:
            response = self.get_response(request)
        finally:
            _state.reset(token)
        if state.wrote and replica_alias() is not None:
            seconds = int(getattr(settings, "SKILLCERT_REPLICA_PIN_SECONDS", 10))
            response.set_cookie(PIN_COOKIE, "1", max_age=seconds, httponly=True, samesite="Lax")
        return response
