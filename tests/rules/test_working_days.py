"""Norwegian working days and the 10-working-day assessment limit (DOMAIN.md D4).

The expected dates below were worked out by hand from the calendar. Public holidays used:

- 2025: Maundy Thu 17 Apr, Good Fri 18 Apr, Easter Mon 21 Apr, 1 May (Thu), 17 May (Sat),
  Ascension Thu 29 May, Whit Mon 9 Jun, 25-26 Dec (Thu-Fri); 1 Jan 2026 (Thu).
- 2026: Maundy Thu 2 Apr, Good Fri 3 Apr, Easter Mon 6 Apr, 1 May (Fri), Ascension Thu 14 May,
  17 May (Sun), Whit Mon 25 May, 25-26 Dec (Fri-Sat); 1 Jan 2027 (Fri).
- 2027: Maundy Thu 25 Mar, Good Fri 26 Mar, Easter Mon 29 Mar, 1 May (Sat), Ascension Thu 6 May,
  17 May = Whit Monday (Mon), 25-26 Dec (Sat-Sun); 1 Jan 2028 (Sat).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from painpath.rules.deadlines import ASSESSMENT_WORKING_DAYS, assessment_due_on
from painpath.rules.working_days import (
    add_working_days,
    is_public_holiday,
    is_working_day,
    working_days_between,
)

D = date.fromisoformat

# received_on → due date (10th working day after), with the holidays that push it out.
ASSESSMENT_DUE_CASES = [
    # 2025
    ("2025-04-11", "2025-04-30", "Easter 2025: Maundy Thu, Good Fri, Easter Mon skipped"),
    ("2025-04-16", "2025-05-06", "Easter 2025 and 1 May (Thu)"),
    ("2025-04-18", "2025-05-06", "received on Good Friday itself"),
    ("2025-05-16", "2025-06-02", "17 May 2025 is a Saturday; Ascension Thu 29 May skipped"),
    ("2025-05-17", "2025-06-02", "received on 17 May (Saturday)"),
    ("2025-05-23", "2025-06-10", "Ascension 29 May and Whit Monday 9 Jun 2025"),
    ("2025-12-19", "2026-01-07", "Christmas 25-26 Dec and New Year 1 Jan; 24 and 31 Dec count"),
    # 2026
    ("2026-03-27", "2026-04-15", "Easter 2026: 2, 3 and 6 April skipped"),
    ("2026-04-30", "2026-05-18", "1 May 2026 (Fri) and Ascension 14 May"),
    ("2026-05-13", "2026-05-29", "Ascension 14 May and Whit Monday 25 May 2026"),
    ("2026-12-18", "2027-01-05", "Christmas Day Fri 25 Dec 2026 and New Year Fri 1 Jan 2027"),
    ("2026-12-31", "2027-01-15", "received New Year's Eve; 1 Jan 2027 skipped"),
    # 2027
    ("2027-03-19", "2027-04-07", "Easter 2027: 25, 26 and 29 March skipped"),
    ("2027-04-30", "2027-05-18", "Ascension 6 May; 17 May 2027 is also Whit Monday"),
    ("2027-12-17", "2027-12-31", "Christmas 2027 on a weekend: no working day lost"),
]


@pytest.mark.parametrize(("received", "due", "why"), ASSESSMENT_DUE_CASES)
def test_assessment_is_due_on_the_tenth_working_day_after_receipt(
    received: str, due: str, why: str
) -> None:
    assert assessment_due_on(D(received)) == D(due), why


WORKING_DAY_CASES = [
    ("2025-04-16", True, "Wednesday before Easter"),
    ("2025-04-17", False, "Maundy Thursday (skjærtorsdag)"),
    ("2025-04-18", False, "Good Friday (langfredag)"),
    ("2025-04-21", False, "Easter Monday (2. påskedag)"),
    ("2025-05-01", False, "1 May"),
    ("2025-05-17", False, "17 May on a Saturday"),
    ("2025-05-29", False, "Ascension Day"),
    ("2025-06-09", False, "Whit Monday (2. pinsedag)"),
    ("2025-12-24", True, "Christmas Eve is a working day in law"),
    ("2025-12-25", False, "Christmas Day"),
    ("2025-12-26", False, "Boxing Day (2. juledag)"),
    ("2025-12-31", True, "New Year's Eve is a working day in law"),
    ("2026-01-01", False, "New Year's Day"),
    ("2026-01-02", True, "Friday after New Year"),
    ("2026-04-02", False, "Maundy Thursday 2026"),
    ("2026-05-14", False, "Ascension Day 2026"),
    ("2026-05-25", False, "Whit Monday 2026"),
    ("2027-03-29", False, "Easter Monday 2027"),
    ("2027-05-17", False, "17 May and Whit Monday 2027"),
    ("2027-05-18", True, "Tuesday after"),
    ("2027-12-27", True, "Monday after a weekend Christmas: no substitute holiday"),
]


@pytest.mark.parametrize(("day", "working", "why"), WORKING_DAY_CASES)
def test_is_working_day(day: str, working: bool, why: str) -> None:
    assert is_working_day(D(day)) is working, why


def test_sundays_are_not_listed_as_public_holidays() -> None:
    # Norway's calendar in `holidays` can list every Sunday; we must not.
    assert not is_public_holiday(D("2025-03-09"))
    assert not is_working_day(D("2025-03-09"))
    assert is_public_holiday(D("2025-04-20"))  # Easter Sunday is a real holiday


BETWEEN_CASES = [
    ("2025-04-16", "2025-04-16", 0),
    ("2025-04-16", "2025-04-22", 1),  # over Easter
    ("2025-04-22", "2025-04-16", -1),
    ("2025-04-11", "2025-04-30", 10),
    ("2025-04-30", "2025-04-11", -10),
    ("2025-05-02", "2025-05-03", 0),  # Friday to Saturday
    ("2025-05-03", "2025-05-05", 1),  # Saturday to Monday
    ("2025-12-19", "2026-01-07", 10),  # across the year end
]


@pytest.mark.parametrize(("start", "end", "expected"), BETWEEN_CASES)
def test_working_days_between(start: str, end: str, expected: int) -> None:
    assert working_days_between(D(start), D(end)) == expected


def test_add_working_days_zero_and_backwards() -> None:
    assert add_working_days(D("2025-04-19"), 0) == D("2025-04-19")
    assert add_working_days(D("2025-04-22"), -1) == D("2025-04-16")
    assert add_working_days(D("2025-04-30"), -10) == D("2025-04-11")


# Properties, over a century of calendars --------------------------------------------------

dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 1))
relaxed = settings(deadline=None, max_examples=300)

# The fewest calendar days 10 working days can take: two full weekends are always crossed when
# the referral arrives on a weekday (14 days); received on a Saturday or Sunday, the weekend
# already started (13 and 12 days).
MIN_CALENDAR_DAYS = {5: 13, 6: 12}
# The most: Easter (3 weekday holidays) plus 1 May push the 14 weekdays across a third weekend.
# Checked exhaustively for 2000-2099.
MAX_CALENDAR_DAYS = 20


@relaxed
@given(dates)
def test_due_date_is_always_a_working_day(received: date) -> None:
    assert is_working_day(assessment_due_on(received))


@relaxed
@given(dates)
def test_due_date_calendar_span_is_bounded(received: date) -> None:
    span = (assessment_due_on(received) - received).days
    assert MIN_CALENDAR_DAYS.get(received.weekday(), 14) <= span <= MAX_CALENDAR_DAYS


@relaxed
@given(dates, st.integers(min_value=0, max_value=60))
def test_due_date_is_monotone_in_received_on(first: date, later_by: int) -> None:
    assert assessment_due_on(first) <= assessment_due_on(first + timedelta(days=later_by))


@relaxed
@given(dates)
def test_ten_working_days_lie_between_receipt_and_due_date(received: date) -> None:
    assert working_days_between(received, assessment_due_on(received)) == ASSESSMENT_WORKING_DAYS


@relaxed
@given(dates, st.integers(min_value=0, max_value=80))
def test_add_then_count_gives_back_n(start: date, n: int) -> None:
    assert working_days_between(start, add_working_days(start, n)) == n


def _count_day_by_day(start: date, end: date) -> int:
    if end < start:
        return -_count_day_by_day(end, start)
    days = (start + timedelta(days=i) for i in range(1, (end - start).days + 1))
    return sum(1 for d in days if is_working_day(d))


@relaxed
@given(dates, st.integers(min_value=-800, max_value=800))
def test_working_days_between_matches_counting_day_by_day(start: date, offset: int) -> None:
    end = start + timedelta(days=offset)
    assert working_days_between(start, end) == _count_day_by_day(start, end)
    assert working_days_between(end, start) == -working_days_between(start, end)
