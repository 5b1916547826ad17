"""Norwegian working days (virkedager) for deadlines (DOMAIN.md D1 `working_day`, D4).

A working day is Monday to Friday, except Norway's public holidays (helligdager and the two
statutory days, 1 May and 17 May), moving feasts included: Maundy Thursday, Good Friday, Easter
Monday, Ascension Day and Whit Monday. Christmas Eve and New Year's Eve are working days in law,
even though many offices close early.

Holidays come from the `holidays` library. Norway's calendar there can also list every Sunday as
a holiday (`include_sundays`); we pass `include_sundays=False` explicitly so that only real public
holidays are listed, whatever the library's default is. Weekends are excluded separately.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import holidays

_WEEKDAYS_PER_WEEK = 5


@cache
def _public_holidays(year: int) -> frozenset[date]:
    """Norway's public holidays in one year (cached: holiday rules never change mid-process)."""
    calendar = holidays.country_holidays("NO", years=year, include_sundays=False)
    return frozenset(calendar.keys())


def is_public_holiday(day: date) -> bool:
    """Whether `day` is a Norwegian public holiday, whatever weekday it falls on."""
    return day in _public_holidays(day.year)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a Norwegian public holiday (D4)."""
    return day.weekday() < _WEEKDAYS_PER_WEEK and not is_public_holiday(day)


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start`, `start` itself not counted.

    `add_working_days(received_on, 10)` is the 10th working day after the referral arrived, the
    date the D4 assessment is due. A negative `n` counts backwards (the |n|-th working day before
    `start`); `n == 0` returns `start` unchanged, even when it is not a working day.
    """
    step = timedelta(days=1 if n > 0 else -1)
    remaining = abs(n)
    day = start
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Signed count of working days after `start` up to and including `end`.

    Read it as "working days left until `end`, seen from `start`": 0 when `end == start` (on the
    due date), 1 on the working day before it, and negative once `end` has passed
    (`working_days_between(a, b) == -working_days_between(b, a)`). A weekend day just after a due
    date gives 0, so tell "overdue" apart by comparing the dates, not by this count.
    """
    if end < start:
        return -working_days_between(end, start)
    # Days in the half-open interval (start, end]: weekdays by arithmetic, then remove the holidays
    # that fall on weekdays.
    first = start + timedelta(days=1)
    total_days = (end - start).days
    full_weeks, extra_days = divmod(total_days, 7)
    weekdays = full_weeks * _WEEKDAYS_PER_WEEK + sum(
        1
        for offset in range(extra_days)
        if (first + timedelta(days=offset)).weekday() < _WEEKDAYS_PER_WEEK
    )
    weekday_holidays = sum(
        1
        for year in range(first.year, end.year + 1)
        for holiday in _public_holidays(year)
        if first <= holiday <= end and holiday.weekday() < _WEEKDAYS_PER_WEEK
    )
    return weekdays - weekday_holidays
