"""Background work of the certificates app (huey)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_task()
def run_issuance_task(run_id: int) -> None:
    """Issue a whole plan's certificates in the background; the run page shows progress (R-CERT-2)."""
    from skillcert.certificates.services import run_issuance

    run_issuance(run_id=run_id)


@db_task()
def refresh_status_lists_task() -> None:
    """Rebuild the public status lists after a certificate's status changed (R-CERT-5)."""
    from skillcert.certificates.status_list import refresh

    refresh()


@db_periodic_task(crontab(minute="*"))
def fail_stale_runs_task() -> None:
    """Every minute: a plan-wide issuance whose worker was lost is marked failed, to be continued (R-X-4)."""
    from skillcert.certificates.services import fail_stale_runs

    fail_stale_runs()
