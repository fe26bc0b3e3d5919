"""Background work of the exams app (huey)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task


@db_task()
def run_roster_import_task(import_id: int) -> None:
    """Import a large roster in the background; the page shows its progress (R-EXAM-3)."""
    from skillcert.exams.services.roster import run_roster_import

    run_roster_import(import_id=import_id)
