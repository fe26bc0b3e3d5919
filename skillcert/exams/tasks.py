"""Background work of the exams app (huey)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_task()
def run_roster_import_task(import_id: int) -> None:
    """Import a large roster in the background; the page shows its progress (R-EXAM-3)."""
    from skillcert.exams.services.roster import run_roster_import

    run_roster_import(import_id=import_id)


@db_periodic_task(crontab(minute="*"))
def fail_stale_imports_task() -> None:
    """Every minute: an import whose worker was lost is marked failed, with a retry (R-EXAM-3, R-X-4)."""
    from skillcert.exams.services.roster import fail_stale_imports

    fail_stale_imports()
