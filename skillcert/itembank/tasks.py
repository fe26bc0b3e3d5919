"""Background work of the item bank: hand in sittings whose time is up (R-BANK-4).

Imported by `ItembankConfig.ready()` so the huey consumer registers the periodic task. Saves and
sign-ins already refuse after the deadline and submit then; this task catches the candidate who
closed the page and never came back, so their score is computed and sent without waiting.
"""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from skillcert.itembank.services.cbt import submit_expired


@db_periodic_task(crontab(minute="*"))
def submit_expired_sittings() -> int:
    """Every minute: submit each sitting past its deadline (start + duration + extra time)."""
    return submit_expired()
