"""Nightly work of the exams app: close publicity and make results final when due (R-EXAM-9).

Imported by `ExamsConfig.ready()` so the huey consumer registers the periodic task.
"""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from skillcert.exams.services.publicity import finalise_due_results


@db_periodic_task(crontab(hour="1", minute="5"))
def finalise_results_nightly() -> int:
    """Results whose publicity and re-check windows closed with nothing open become final."""
    return finalise_due_results()


@db_task()
def finalise_results_now() -> int:
    return finalise_due_results()


@db_periodic_task(crontab(hour="0", minute="20"))
def recheck_staffing_nightly() -> int:
    """Cards expire and suspensions start by date: every confirmed staffing still to be held is checked again."""
    from skillcert.exams.services.staffing_checks import recheck_all

    return recheck_all()
