"""Every displayed time is local (UTC+8, R-X-7), including names built by a model's `__str__`."""

from __future__ import annotations

import datetime

from skillcert.exams.models import ExamPlan, ExamSession

UTC = datetime.UTC


def test_a_sessions_name_shows_its_start_in_local_time():
    plan = ExamPlan(number="JH-150100-2026-0001")
    session = ExamSession(
        plan=plan,
        level=4,
        component="theory",
        starts_at=datetime.datetime(2026, 3, 1, 17, 30, tzinfo=UTC),
        ends_at=datetime.datetime(2026, 3, 1, 19, 0, tzinfo=UTC),
    )

    assert str(session).endswith("2026-03-02 01:30")
