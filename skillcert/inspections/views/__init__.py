"""Pages of quality supervision and 双随机、一公开 inspections; every write goes through a service."""

from __future__ import annotations

from typing import Any, cast

from skillcert.accounts.models import User


def actor_of(request: Any) -> User:
    """The logged-in user of a page or API request (login is required before any of these views run)."""
    return cast(User, request.user)
