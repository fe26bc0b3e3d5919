"""What other apps call after an event that changes the supervision figures (R-SUP-1, R-SUP-2).

One line in the service that files a plan, confirms scores or issues a certificate:

    figures_changed(institution_id=plan.institution_id)

After the caller's transaction commits, the institution's dashboard rollups are recomputed
and the cheap alert rules run for it, in the background queue. A burst of events for one
institution (a plan-wide issuance run) queues one refresh at a time, not one per certificate.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction

PENDING_KEY = "supervision:refresh-pending:{}"
PENDING_SECONDS = 300


def figures_changed(*, institution_id: int | None) -> None:
    """Schedule the rollup refresh and the cheap rules for one institution, after commit."""
    if institution_id is None:
        return

    def enqueue() -> None:
        from skillcert.supervision.tasks import refresh_after_event

        if cache.add(PENDING_KEY.format(institution_id), 1, PENDING_SECONDS):
            refresh_after_event(institution_id)

    transaction.on_commit(enqueue)
