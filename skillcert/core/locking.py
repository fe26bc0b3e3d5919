"""Lock, then check (R-X-4): a service deciding on a record's status first locks its row.

`lock(obj)` re-reads the object under `SELECT … FOR UPDATE` inside the caller's transaction
and refreshes it in place, so the status the service then checks is the one no other
transaction can change before this one commits. Two clerks deciding the same filing at once
are then serialised: the second waits, re-reads the decided status and is refused.
"""

from __future__ import annotations

from typing import TypeVar

from django.db import models, transaction

M = TypeVar("M", bound=models.Model)


def lock(instance: M) -> M:
    """Lock the instance's row for the rest of the transaction and re-read every field (in place)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock() must be called inside transaction.atomic()")
    manager = type(instance)._default_manager
    instance.refresh_from_db(from_queryset=manager.select_for_update())
    return instance
