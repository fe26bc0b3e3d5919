"""Background jobs that survive a lost worker (R-X-4): a heartbeat while a job runs, and stale detection.

A job row (a roster import, a plan-wide issuance) is claimed by the worker that runs it, which then
touches the row's ``updated_at`` every ``SKILLCERT_JOB_HEARTBEAT_SECONDS`` from a side thread, so the
beat goes on while the job sits in one long transaction. A worker killed outright (SIGKILL, the machine
lost) runs no ``except`` or ``finally``: its job stays "running". Once the heartbeat is older than
``SKILLCERT_JOB_STALE_SECONDS`` the job is stale; the owning app marks it failed with the reason and
offers a retry (the periodic sweep in each app's ``tasks.py``, and the retry services themselves).
"""

from __future__ import annotations

import datetime
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, models
from django.utils import timezone

logger = logging.getLogger(__name__)


def stale_seconds() -> float:
    """How long a running job may go without a heartbeat before it counts as lost."""
    return float(settings.SKILLCERT_JOB_STALE_SECONDS)


def stale_before() -> datetime.datetime:
    """A running job whose heartbeat is older than this has lost its worker."""
    return timezone.now() - datetime.timedelta(seconds=stale_seconds())


def is_stale(updated_at: datetime.datetime | None) -> bool:
    """True when a running job's last heartbeat is older than the allowed silence."""
    return updated_at is not None and updated_at < stale_before()


@contextmanager
def heartbeat(queryset: models.QuerySet[models.Model]) -> Iterator[None]:
    """Touch ``updated_at`` of the rows in ``queryset`` (the running job) until the block ends.

    The beat runs on its own thread and database connection, so a long transaction of the job
    itself does not silence it; the queryset should filter on the running status, so a job that
    has finished or been marked failed is left alone.
    """
    interval = float(settings.SKILLCERT_JOB_HEARTBEAT_SECONDS)
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(interval):
                try:
                    queryset.update(updated_at=timezone.now())
                except Exception:  # noqa: BLE001 - a missed beat is retried; the job must not die of it
                    logger.warning("job heartbeat failed", exc_info=True)
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name="job-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=interval + 30)
