"""Imported by `PortalConfig.ready()` so the huey consumer registers the periodic rollup refresh."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="*/10"))
def refresh_workbench_rollups() -> None:
    from skillcert.portal.rollups import rebuild_certificate_tally

    rebuild_certificate_tally()
