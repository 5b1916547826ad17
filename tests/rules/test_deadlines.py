"""Assessment due dates, care deadlines and departures from the guideline (DOMAIN.md D4)."""

from __future__ import annotations

from datetime import date

import pytest

from painpath.rules.deadlines import (
    ASSESSMENT_WORKING_DAYS,
    CARE_DEADLINE_WARNING_WORKING_DAYS,
    SERIOUS_ILLNESS_ASSESSMENT_WORKING_DAYS,
    CareDeadlineStatus,
    DeviationReason,
    assessment_due_on,
    care_deadline_state,
    decision_deviates,
    decision_deviations,
    suggested_care_deadline,
)

D = date.fromisoformat


def test_the_limits_are_the_documented_choices() -> None:
    assert ASSESSMENT_WORKING_DAYS == 10
    assert SERIOUS_ILLNESS_ASSESSMENT_WORKING_DAYS == 5
    assert CARE_DEADLINE_WARNING_WORKING_DAYS == 10


class TestAssessmentDue:
    def test_ten_working_days_after_receipt(self) -> None:
        assert assessment_due_on(D("2025-04-11")) == D("2025-04-30")

    def test_sooner_when_serious_illness_is_suspected(self) -> None:
        # 5th working day after Fri 11 Apr 2025: 14, 15, 16, (Easter) 22, 23.
        assert assessment_due_on(D("2025-04-11"), serious_illness_suspected=True) == D("2025-04-23")

    def test_clinic_may_choose_its_own_faster_limit(self) -> None:
        due = assessment_due_on(
            D("2025-04-11"), serious_illness_suspected=True, serious_illness_working_days=3
        )
        assert due == D("2025-04-16")

    def test_faster_limit_never_exceeds_the_statutory_ten(self) -> None:
        due = assessment_due_on(
            D("2025-04-11"), serious_illness_suspected=True, serious_illness_working_days=15
        )
        assert due == D("2025-04-30")

    def test_limit_must_be_positive(self) -> None:
        with pytest.raises(ValueError, match="at least one working day"):
            assessment_due_on(
                D("2025-04-11"), serious_illness_suspected=True, serious_illness_working_days=0
            )


SUGGESTED_DEADLINE_CASES = [
    ("2025-01-06", 16, "2025-04-28", "16 weeks from a Monday is a Monday"),
    ("2026-01-13", 16, "2026-05-05", "16 weeks from a Tuesday"),
    ("2025-04-04", 2, "2025-04-16", "lands on Good Friday: moved back past Maundy Thursday"),
    ("2025-03-29", 2, "2025-04-11", "received on a Saturday: moved back to Friday"),
    ("2027-05-03", 2, "2027-05-14", "lands on 17 May / Whit Monday 2027: back to Friday"),
]


@pytest.mark.parametrize(("received", "weeks", "expected", "why"), SUGGESTED_DEADLINE_CASES)
def test_suggested_care_deadline(received: str, weeks: int, expected: str, why: str) -> None:
    assert suggested_care_deadline(D(received), weeks) == D(expected), why


def test_suggested_care_deadline_needs_positive_weeks() -> None:
    with pytest.raises(ValueError, match="max_weeks"):
        suggested_care_deadline(D("2025-01-06"), 0)


# Deadline Mon 30 Jun 2025 throughout.
DEADLINE = "2025-06-30"
CARE_DEADLINE_CASES = [
    # care_started_on, today, status, days_left, working_days_left
    ("2025-06-30", "2025-07-10", CareDeadlineStatus.MET, 0, 0),
    ("2025-06-02", "2025-07-10", CareDeadlineStatus.MET, 28, 19),  # Whit Monday 9 Jun
    ("2025-07-01", "2025-07-10", CareDeadlineStatus.STARTED_LATE, -1, -1),
    (None, "2025-07-01", CareDeadlineStatus.BREACHED, -1, -1),
    (None, "2025-06-30", CareDeadlineStatus.WARNING, 0, 0),
    (None, "2025-06-16", CareDeadlineStatus.WARNING, 14, 10),
    (None, "2025-06-13", CareDeadlineStatus.OK, 17, 11),
    # A start date in the future is a booking, not a start.
    ("2025-06-20", "2025-06-13", CareDeadlineStatus.OK, 17, 11),
]


@pytest.mark.parametrize(
    ("started", "today", "status", "days_left", "working_days_left"), CARE_DEADLINE_CASES
)
def test_care_deadline_state(
    started: str | None,
    today: str,
    status: CareDeadlineStatus,
    days_left: int,
    working_days_left: int,
) -> None:
    state = care_deadline_state(D(DEADLINE), D(started) if started else None, D(today))
    assert (state.status, state.days_left, state.working_days_left) == (
        status,
        days_left,
        working_days_left,
    )


def test_breaches_are_flagged() -> None:
    started_late = care_deadline_state(D(DEADLINE), D("2025-07-01"), D("2025-07-10"))
    overdue = care_deadline_state(D(DEADLINE), None, D("2025-07-01"))
    met = care_deadline_state(D(DEADLINE), D("2025-06-30"), D("2025-07-10"))
    assert started_late.is_breach and overdue.is_breach and not met.is_breach


def test_holidays_widen_the_warning_window_in_calendar_days() -> None:
    # Deadline Fri 13 Jun 2025; Ascension (29 May) and Whit Monday (9 Jun) do not count.
    deadline = D("2025-06-13")
    assert care_deadline_state(deadline, None, D("2025-05-28")).status is CareDeadlineStatus.WARNING
    assert care_deadline_state(deadline, None, D("2025-05-27")).status is CareDeadlineStatus.OK


def test_clinic_may_narrow_the_warning_window() -> None:
    state = care_deadline_state(D(DEADLINE), None, D("2025-06-16"), warning_working_days=5)
    assert state.status is CareDeadlineStatus.OK


# Received Mon 6 Jan 2025; a 16-week row suggests a deadline of Mon 28 Apr 2025.
RECEIVED = "2025-01-06"
DEVIATION_CASES = [
    # suggested_right, weeks, decided_right, decided_deadline, margin, expected reasons
    (None, None, True, "2025-09-01", 7, ()),
    (True, 16, False, None, 7, (DeviationReason.RIGHT_DIFFERS,)),
    (False, None, True, "2025-04-28", 7, (DeviationReason.RIGHT_DIFFERS,)),
    (False, None, False, None, 7, ()),
    (True, 16, True, "2025-04-28", 7, ()),
    (True, 16, True, "2025-05-05", 7, ()),
    (True, 16, True, "2025-05-06", 7, (DeviationReason.DEADLINE_LATER,)),
    (True, 16, True, "2025-04-21", 7, ()),
    (True, 16, True, "2025-04-20", 7, (DeviationReason.DEADLINE_EARLIER,)),
    (True, 16, True, "2025-04-29", 0, (DeviationReason.DEADLINE_LATER,)),
    (True, 2, True, "2025-04-28", 7, (DeviationReason.DEADLINE_LATER,)),
]


@pytest.mark.parametrize(
    ("suggested_right", "weeks", "decided_right", "decided", "margin", "expected"),
    DEVIATION_CASES,
)
def test_decision_deviations(
    suggested_right: bool | None,
    weeks: int | None,
    decided_right: bool,
    decided: str | None,
    margin: int,
    expected: tuple[DeviationReason, ...],
) -> None:
    args = (suggested_right, weeks, decided_right, D(decided) if decided else None, D(RECEIVED))
    assert decision_deviations(*args, margin_days=margin) == expected
    assert decision_deviates(*args, margin_days=margin) is bool(expected)


def test_a_granted_right_needs_a_deadline() -> None:
    with pytest.raises(ValueError, match="care deadline"):
        decision_deviates(True, 16, True, None, D(RECEIVED))
