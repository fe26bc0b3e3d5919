"""Imported by `PortalConfig.ready()` so the huey consumer registers the nightly rollup rebuild.

The services keep the rollups current as they write; the rebuild repairs anything written around them."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="3", minute="17"))
def refresh_workbench_rollups() -> None:
    from skillcert.portal.rollups import rebuild_certificate_tally

    rebuild_certificate_tally()
