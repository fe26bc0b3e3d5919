"""Background work of the supervision app: the nightly scan and refreshes after events (R-SUP-1, R-SUP-2).

Imported by `SupervisionConfig.ready()` so the huey consumer registers the periodic task.
"""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


def nightly_scan() -> dict[str, int]:
    """Every rule, then the rollups; returns the totals."""
    from skillcert.supervision.services.rollups import rebuild_rollups
    from skillcert.supervision.services.scan import run_scan

    report = run_scan(trigger="nightly")
    rows = rebuild_rollups()
    total = report.total
    return {"raised": total.raised, "resolved": total.resolved, "failed": len(report.failures), "rollup_rows": rows}


@db_periodic_task(crontab(hour="2", minute="41"))
def scan_alerts_nightly() -> dict[str, int]:
    return nightly_scan()


@db_task()
def refresh_after_event(institution_id: int) -> None:
    """Recompute one institution's rollups and run the cheap rules for it."""
    from django.core.cache import cache

    from skillcert.supervision.events import PENDING_KEY
    from skillcert.supervision.registry import kinds
    from skillcert.supervision.services.rollups import refresh_institutions
    from skillcert.supervision.services.scan import run_scan

    cache.delete(PENDING_KEY.format(institution_id))  # events from now on queue another refresh
    refresh_institutions([institution_id])
    cheap = [code for code, kind in kinds().items() if kind.rule is not None and kind.cheap]
    if cheap:
        run_scan(kind_codes=cheap, institution_ids=[institution_id], trigger="event")
