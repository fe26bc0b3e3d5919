"""Working days with official holidays, 调休 and region overrides (R-EXAM-10)."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

import chinese_calendar
import pytest

from skillcert.core.workdays import WorkingCalendar, add_working_days, is_working_day, working_days_between

D = datetime.date


class FakeOverrides:
    """An override table in memory that counts how often it is read."""

    def __init__(self, rows: Iterable[tuple[datetime.date, bool]] = ()) -> None:
        self.rows = list(rows)
        self.calls = 0

    def __call__(self, first: datetime.date, last: datetime.date) -> list[tuple[datetime.date, bool]]:
        self.calls += 1
        return [(d, w) for d, w in self.rows if first <= d <= last]


def calendar(*rows: tuple[datetime.date, bool]) -> WorkingCalendar:
    return WorkingCalendar(loader=FakeOverrides(rows))


def test_agrees_with_chinese_calendar_on_every_day_it_knows() -> None:
    cal = calendar()
    day, last = D(2004, 1, 1), D(2026, 12, 31)
    while day <= last:
        assert cal.is_working_day(day) == chinese_calendar.is_workday(day), day
        day += datetime.timedelta(days=1)


def test_national_day_2025() -> None:
    cal = calendar()
    # 2025: Oct 1-8 off (National Day + Mid-autumn), Sunday Sep 28 and Saturday Oct 11 worked.
    for day in [D(2025, 9, 28), D(2025, 10, 11)]:
        assert day.weekday() >= 5 and chinese_calendar.is_workday(day)
        assert cal.is_working_day(day)
    for offset in range(8):
        day = D(2025, 10, 1) + datetime.timedelta(days=offset)
        assert not chinese_calendar.is_workday(day)
        assert not cal.is_working_day(day)

    assert cal.add_working_days(D(2025, 9, 30), 1) == D(2025, 10, 9)
    assert cal.add_working_days(D(2025, 9, 26), 1) == D(2025, 9, 28)  # Friday -> 调休 Sunday
    assert cal.add_working_days(D(2025, 9, 30), 3) == D(2025, 10, 11)  # 9, 10, then 调休 Saturday
    # (Sep 26, Oct 12]: Sep 28, 29, 30, Oct 9, 10, 11.
    assert cal.working_days_between(D(2025, 9, 26), D(2025, 10, 12)) == 6


def test_spring_festival_2026() -> None:
    cal = calendar()
    # 2026: Feb 15-23 off, Saturdays Feb 14 and Feb 28 worked.
    assert chinese_calendar.is_workday(D(2026, 2, 14)) and chinese_calendar.is_workday(D(2026, 2, 28))
    assert not chinese_calendar.is_workday(D(2026, 2, 23))  # a Monday inside the holiday
    assert cal.add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 14)
    assert cal.add_working_days(D(2026, 2, 13), 2) == D(2026, 2, 24)
    assert cal.add_working_days(D(2026, 2, 13), 5) == D(2026, 2, 27)
    assert cal.add_working_days(D(2026, 2, 13), 6) == D(2026, 2, 28)
    assert cal.add_working_days(D(2026, 2, 13), 7) == D(2026, 3, 2)
    assert cal.working_days_between(D(2026, 2, 13), D(2026, 3, 1)) == 6


def test_start_day_does_not_count() -> None:
    cal = calendar()
    assert cal.add_working_days(D(2025, 10, 3), 0) == D(2025, 10, 3)  # n=0 is the start, even on a holiday
    assert cal.working_days_between(D(2025, 10, 9), D(2025, 10, 9)) == 0
    assert cal.working_days_between(D(2025, 10, 8), D(2025, 10, 9)) == 1
    assert cal.working_days_between(D(2025, 10, 9), D(2025, 10, 8)) == -1
    with pytest.raises(ValueError):
        cal.add_working_days(D(2025, 10, 9), -1)


@pytest.mark.parametrize("start", [D(2025, 9, 27), D(2026, 1, 1), D(2025, 12, 31), D(2099, 6, 6)])
@pytest.mark.parametrize("n", [0, 1, 5, 10, 23, 260])
def test_add_and_between_are_inverse(start: datetime.date, n: int) -> None:
    cal = calendar()
    end = cal.add_working_days(start, n)
    assert cal.working_days_between(start, end) == n
    assert n == 0 or cal.is_working_day(end)


def test_override_takes_precedence() -> None:
    # The region declares Oct 9 2025 a rest day and Saturday Oct 18 a working day.
    cal = calendar((D(2025, 10, 9), False), (D(2025, 10, 18), True))
    assert not cal.is_working_day(D(2025, 10, 9))
    assert cal.add_working_days(D(2025, 9, 30), 1) == D(2025, 10, 10)
    assert cal.is_working_day(D(2025, 10, 18))
    assert cal.working_days_between(D(2025, 10, 12), D(2025, 10, 19)) == 6


def test_unknown_year_falls_back_to_weekdays_with_one_warning(caplog: pytest.LogCaptureFixture) -> None:
    from skillcert.core import workdays

    workdays._WARNED_YEARS.discard(2099)  # one warning per process: forget earlier tests' one
    cal = calendar()
    with caplog.at_level(logging.WARNING, logger="skillcert.core.workdays"):
        assert cal.is_working_day(D(2099, 1, 1))  # a Thursday; no data for 2099
        assert not cal.is_working_day(D(2099, 1, 3))  # Saturday
        assert cal.working_days_between(D(2099, 1, 1), D(2099, 1, 8)) == 5
        calendar().is_working_day(D(2099, 1, 2))  # a second calendar does not warn again
    warnings = [r for r in caplog.records if "2099" in r.getMessage()]
    assert len(warnings) == 1


def test_overrides_define_a_year_the_package_does_not_know(caplog: pytest.LogCaptureFixture) -> None:
    cal = calendar((D(2099, 1, 1), False), (D(2099, 1, 3), True))
    with caplog.at_level(logging.WARNING, logger="skillcert.core.workdays"):
        assert not cal.is_working_day(D(2099, 1, 1))
        assert cal.is_working_day(D(2099, 1, 3))
        assert cal.is_working_day(D(2099, 1, 5))  # Monday, no row: weekday rule
    assert not caplog.records


def test_years_before_the_package_use_weekdays() -> None:
    cal = calendar()
    assert cal.is_working_day(D(1999, 10, 1))  # a Friday; no data before 2004
    assert not cal.is_working_day(D(1999, 10, 2))


def test_aware_datetimes_use_the_beijing_date() -> None:
    # 17:00 UTC on Sep 30 is 01:00 on Oct 1 in Asia/Shanghai: a holiday.
    moment = datetime.datetime(2025, 9, 30, 17, 0, tzinfo=datetime.UTC)
    assert not calendar().is_working_day(moment)
    assert calendar().is_working_day(moment.replace(hour=3))


def test_overrides_are_read_once_per_run_of_years() -> None:
    loader = FakeOverrides([(D(2027, 3, 1), False)])
    cal = WorkingCalendar(loader=loader)
    end = cal.add_working_days(D(2025, 1, 1), 2000)
    assert end.year in {2032, 2033}
    assert loader.calls <= 2
    calls = loader.calls
    cal.working_days_between(D(2025, 1, 1), end)
    cal.is_working_day(D(2026, 5, 5))
    assert loader.calls == calls  # cached on the calendar


# ------------------------------------------------------------------ with the database


@pytest.mark.django_db
def test_database_override_changes_the_answer() -> None:
    from skillcert.core.models import CalendarDay

    assert add_working_days(D(2025, 9, 30), 1) == D(2025, 10, 9)
    CalendarDay.objects.create(date=D(2025, 10, 9), is_working_day=False, name="自治区调整")
    assert not is_working_day(D(2025, 10, 9))
    assert add_working_days(D(2025, 9, 30), 1) == D(2025, 10, 10)
    assert working_days_between(D(2025, 9, 30), D(2025, 10, 10)) == 1


@pytest.mark.django_db
def test_database_rows_for_an_unknown_year() -> None:
    from skillcert.core.models import CalendarDay

    CalendarDay.objects.bulk_create(
        [
            CalendarDay(date=D(2099, 1, 1), is_working_day=False, name="元旦"),
            CalendarDay(date=D(2099, 1, 3), is_working_day=True, name="元旦调休"),
        ]
    )
    assert add_working_days(D(2098, 12, 31), 1) == D(2099, 1, 2)
    assert add_working_days(D(2098, 12, 31), 2) == D(2099, 1, 3)


@pytest.mark.django_db
def test_two_thousand_working_days_take_few_queries(django_assert_max_num_queries: object) -> None:
    from skillcert.core.models import CalendarDay

    CalendarDay.objects.create(date=D(2028, 3, 1), is_working_day=False, name="测试")
    with django_assert_max_num_queries(2):  # type: ignore[operator]
        end = add_working_days(D(2025, 1, 1), 2000)
    with django_assert_max_num_queries(2):  # type: ignore[operator]
        assert working_days_between(D(2025, 1, 1), end) == 2000
