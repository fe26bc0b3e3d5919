"""Working days under the official holiday calendar with adjusted working days (R-EXAM-10).

A day's status is decided, in order, by:

1. an override row (`skillcert.core.models.CalendarDay`) kept by the region admin, which
   wins over everything — for a year the package does not know yet, or a correction;
2. the ``chinese_calendar`` package's holidays and adjusted working days (调休);
3. Monday–Friday, with a logged warning, for a year neither of them knows.

Overrides are read per call (or per `WorkingCalendar` passed in by the caller, e.g. one per
request), one query per contiguous run of years, never one per day.

Counting convention: the start date itself never counts. ``add_working_days(d, n)`` is the
n-th working day *after* d, and ``working_days_between(start, end)`` counts the working days
in (start, end], so ``working_days_between(d, add_working_days(d, n)) == n``.
"""

from __future__ import annotations

import datetime
import functools
import logging
import math
from collections.abc import Callable, Iterable

import chinese_calendar
from django.utils import timezone

__all__ = [
    "OverrideLoader",
    "WorkingCalendar",
    "add_working_days",
    "is_working_day",
    "load_overrides",
    "working_days_between",
]

logger = logging.getLogger(__name__)

_ONE_DAY = datetime.timedelta(days=1)

# Years already reported as missing holiday data: one warning per process, not per call.
_WARNED_YEARS: set[int] = set()

# (first, last) inclusive -> (date, is_working_day) pairs in that range.
OverrideLoader = Callable[[datetime.date, datetime.date], Iterable[tuple[datetime.date, bool]]]


def load_overrides(first: datetime.date, last: datetime.date) -> list[tuple[datetime.date, bool]]:
    """Override rows between `first` and `last` inclusive, in one query."""
    from skillcert.core.models import CalendarDay

    return list(CalendarDay.objects.filter(date__gte=first, date__lte=last).values_list("date", "is_working_day"))


@functools.cache
def _package_year(year: int) -> dict[datetime.date, bool] | None:
    """The package's exceptions to Mon–Fri for `year`, or None when it has no data for it.

    Support is asked of the package itself (it raises NotImplementedError outside its
    range); the day tables are then read once per year, because `is_workday` rescans the
    whole table on every call.
    """
    try:
        chinese_calendar.is_workday(datetime.date(year, 7, 1))
    except NotImplementedError:
        return None
    exceptions: dict[datetime.date, bool] = {d: False for d in chinese_calendar.holidays if d.year == year}
    # A listed working day wins over a holiday entry, as in chinese_calendar.is_workday.
    exceptions.update({d: True for d in chinese_calendar.workdays if d.year == year})
    return exceptions


def _as_date(value: datetime.date) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


class WorkingCalendar:
    """Answers working-day questions, loading override rows lazily and once per year."""

    def __init__(self, loader: OverrideLoader | None = None) -> None:
        self._loader: OverrideLoader = loader or load_overrides
        self._overrides: dict[int, dict[datetime.date, bool]] = {}

    def prefetch(self, first: datetime.date, last: datetime.date) -> None:
        """Load the overrides of every year from `first` to `last` not loaded yet (one query)."""
        first, last = sorted((_as_date(first), _as_date(last)))
        missing = [y for y in range(first.year, last.year + 1) if y not in self._overrides]
        if not missing:
            return
        lo, hi = min(missing), max(missing)
        wanted = set(missing)
        loaded: dict[int, dict[datetime.date, bool]] = {y: {} for y in missing}
        for day, working in self._loader(datetime.date(lo, 1, 1), datetime.date(hi, 12, 31)):
            if day.year in wanted:
                loaded[day.year][day] = bool(working)
        self._overrides.update(loaded)

    def is_working_day(self, day: datetime.date) -> bool:
        day = _as_date(day)
        year = day.year
        if year not in self._overrides:
            self.prefetch(day, day)
        overrides = self._overrides[year]
        if day in overrides:
            return overrides[day]
        package = _package_year(year)
        if package is not None:
            return package.get(day, day.weekday() < 5)
        if not overrides and year not in _WARNED_YEARS:
            _WARNED_YEARS.add(year)
            logger.warning(
                "No holiday data for %d (chinese_calendar has none and there are no CalendarDay "
                "rows): counting Monday to Friday as working days. Add that year's holidays and "
                "adjusted working days in the calendar admin.",
                year,
            )
        return day.weekday() < 5

    def add_working_days(self, start: datetime.date, n: int) -> datetime.date:
        if n < 0:
            raise ValueError("add_working_days needs n >= 0")
        day = _as_date(start)
        # Roughly 250 working days a year; read enough years up front to need one query.
        self.prefetch(day, day + datetime.timedelta(days=math.ceil(n * 1.5) + 30))
        remaining = n
        while remaining:
            day += _ONE_DAY
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        start, end = _as_date(start), _as_date(end)
        if end < start:
            return -self.working_days_between(end, start)
        self.prefetch(start, end)
        count = 0
        day = start
        while day < end:
            day += _ONE_DAY
            count += self.is_working_day(day)
        return count


def is_working_day(day: datetime.date, *, calendar: WorkingCalendar | None = None) -> bool:
    """True when `day` is a working day (R-EXAM-10)."""
    return (calendar or WorkingCalendar()).is_working_day(day)


def add_working_days(start: datetime.date, n: int, *, calendar: WorkingCalendar | None = None) -> datetime.date:
    """The n-th working day after `start` (`start` itself does not count; n=0 gives `start`).

    E.g. publicity of 5 working days starting the day after publication ends on
    ``add_working_days(published_on, 5)``.
    """
    return (calendar or WorkingCalendar()).add_working_days(start, n)


def working_days_between(start: datetime.date, end: datetime.date, *, calendar: WorkingCalendar | None = None) -> int:
    """Number of working days in (start, end]; negative when `end` is before `start`."""
    return (calendar or WorkingCalendar()).working_days_between(start, end)
