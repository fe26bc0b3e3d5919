"""Background work owned by core."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from skillcert.core.audit import record_event, verify_chain
from skillcert.core.choices import CoreAction


def verify_audit_chain() -> dict[str, Any]:
    """Walk the audit chain; a break is itself recorded so auditors see it (R-X-1)."""
    result = verify_chain()
    outcome = {"checked": result.checked, "ok": result.ok, "broken_id": result.broken_id, "reason": result.reason}
    if not result.ok:
        record_event(actor=None, action=CoreAction.AUDIT_CHAIN_BROKEN, after=outcome, object_repr=gettext("审计链"))
    return outcome


@db_task()
def verify_audit_chain_task() -> dict[str, Any]:
    return verify_audit_chain()


@db_periodic_task(crontab(hour="2", minute="17"))
def nightly_audit_check() -> None:
    verify_audit_chain()
