"""Assessment due dates, care deadlines and departures from the priority guideline (DOMAIN.md D4).

- The referral assessment is due within 10 working days of `received_on` (pasient- og
  brukerrettighetsloven § 2-2; guideline 002 ch. 3), earlier when serious illness is suspected.
- When the right to necessary health care is granted, the decision sets a `care_deadline`: the
  latest date care must start. The priority guideline suggests the maximum number of weeks.
- painpath warns before a care deadline is missed and records breaches (D4, "Missed deadline").
- A decision that departs substantially from the guideline's suggestion must carry a written
  justification (002, "Rettslig betydning").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from painpath.rules.working_days import add_working_days, is_working_day, working_days_between

ASSESSMENT_WORKING_DAYS = 10
"""The law's limit: the patient is told within 10 working days whether the right is granted."""

SERIOUS_ILLNESS_ASSESSMENT_WORKING_DAYS = 5
"""Assessment limit when serious illness is suspected.

The law says such referrals are assessed "faster" without giving a number. Five working days is
painpath's default, a choice each clinic may change (pass `serious_illness_working_days`).
"""

CARE_DEADLINE_WARNING_WORKING_DAYS = 10
"""Warn when a care deadline is this many working days away or closer and care has not started.

Two working weeks leave time to book the patient or, failing that, to tell Helfo so that care
can be arranged elsewhere before the breach (D4). With a 2-week deadline the warning is on from
the day the decision is made, on purpose: such a patient must be booked at once.
"""

DEVIATION_MARGIN_DAYS = 7
"""How far (calendar days) a decided care deadline may differ from the suggestion before the
decision counts as a departure that needs a written justification (D4, "Rettslig betydning")."""


def assessment_due_on(
    received_on: date,
    serious_illness_suspected: bool = False,
    *,
    serious_illness_working_days: int = SERIOUS_ILLNESS_ASSESSMENT_WORKING_DAYS,
) -> date:
    """The date the referral assessment is due: the 10th working day after `received_on` (D4).

    When serious illness is suspected the assessment is due sooner: by default the 5th working
    day after receipt. The earlier limit never extends the statutory 10 working days.
    """
    working_days = ASSESSMENT_WORKING_DAYS
    if serious_illness_suspected:
        working_days = min(serious_illness_working_days, ASSESSMENT_WORKING_DAYS)
    if working_days < 1:
        raise ValueError("the assessment limit must be at least one working day")
    return add_working_days(received_on, working_days)


def suggested_care_deadline(received_on: date, max_weeks: int) -> date:
    """The care deadline a guideline row suggests: `max_weeks` weeks after `received_on` (D4).

    Weeks are counted from the date the specialist service first received the referral. A date
    that falls on a weekend or public holiday is moved back to the working day before it: care
    can only start on a day the clinic is open, so a later date would suggest a certain breach.
    """
    if max_weeks < 1:
        raise ValueError(f"max_weeks must be a positive number of weeks, got {max_weeks}")
    deadline = received_on + timedelta(weeks=max_weeks)
    while not is_working_day(deadline):
        deadline -= timedelta(days=1)
    return deadline


class CareDeadlineStatus(StrEnum):
    MET = "met"
    """Care started on or before the deadline."""
    STARTED_LATE = "started_late"
    """Care started after the deadline: a recorded breach (fristbrudd)."""
    BREACHED = "breached"
    """The deadline has passed and care has not started: a breach, the patient may go elsewhere."""
    WARNING = "warning"
    """Care has not started and the deadline is within the warning window."""
    OK = "ok"
    """Care has not started and the deadline is further away than the warning window."""


@dataclass(frozen=True)
class CareDeadlineState:
    """Where a granted right stands against its care deadline (D4).

    `days_left` and `working_days_left` are signed: measured from the day care started when it
    has started (negative = started that many days late), otherwise from `today` (negative =
    overdue).
    """

    status: CareDeadlineStatus
    days_left: int
    working_days_left: int

    @property
    def is_breach(self) -> bool:
        return self.status in (CareDeadlineStatus.STARTED_LATE, CareDeadlineStatus.BREACHED)


def care_deadline_state(
    care_deadline: date,
    care_started_on: date | None,
    today: date,
    warning_working_days: int = CARE_DEADLINE_WARNING_WORKING_DAYS,
) -> CareDeadlineState:
    """Classify a care deadline as met / started_late / breached / warning / ok (D4).

    A `care_started_on` after `today` is a booking, not a start: it is treated as not started.
    """
    if care_started_on is not None and care_started_on <= today:
        met = care_started_on <= care_deadline
        return CareDeadlineState(
            status=CareDeadlineStatus.MET if met else CareDeadlineStatus.STARTED_LATE,
            days_left=(care_deadline - care_started_on).days,
            working_days_left=working_days_between(care_started_on, care_deadline),
        )
    working_days_left = working_days_between(today, care_deadline)
    if today > care_deadline:
        status = CareDeadlineStatus.BREACHED
    elif working_days_left <= warning_working_days:
        status = CareDeadlineStatus.WARNING
    else:
        status = CareDeadlineStatus.OK
    return CareDeadlineState(
        status=status,
        days_left=(care_deadline - today).days,
        working_days_left=working_days_left,
    )


class DeviationReason(StrEnum):
    RIGHT_DIFFERS = "right_differs"
    DEADLINE_LATER = "deadline_later"
    DEADLINE_EARLIER = "deadline_earlier"


def decision_deviations(
    suggested_right: bool | None,
    suggested_max_weeks: int | None,
    decided_right: bool,
    decided_care_deadline: date | None,
    received_on: date,
    margin_days: int = DEVIATION_MARGIN_DAYS,
) -> tuple[DeviationReason, ...]:
    """How a decision departs from the priority guideline's suggestion (D4, "Rettslig betydning").

    No suggestion (`suggested_right is None`, no guideline row applies) means nothing to depart
    from. When both grant the right, the decided care deadline is compared with
    `suggested_care_deadline(received_on, suggested_max_weeks)`; a difference of more than
    `margin_days` calendar days either way is a departure. An empty result means none.
    """
    if suggested_right is None:
        return ()
    if decided_right != suggested_right:
        return (DeviationReason.RIGHT_DIFFERS,)
    if not decided_right or suggested_max_weeks is None:
        return ()
    if decided_care_deadline is None:
        raise ValueError("a decision that grants the right must set a care deadline")
    suggested = suggested_care_deadline(received_on, suggested_max_weeks)
    difference = (decided_care_deadline - suggested).days
    if difference > margin_days:
        return (DeviationReason.DEADLINE_LATER,)
    if difference < -margin_days:
        return (DeviationReason.DEADLINE_EARLIER,)
    return ()


def decision_deviates(
    suggested_right: bool | None,
    suggested_max_weeks: int | None,
    decided_right: bool,
    decided_care_deadline: date | None,
    received_on: date,
    margin_days: int = DEVIATION_MARGIN_DAYS,
) -> bool:
    """Whether the decision needs a written justification for departing from the guideline."""
    return bool(
        decision_deviations(
            suggested_right,
            suggested_max_weeks,
            decided_right,
            decided_care_deadline,
            received_on,
            margin_days,
        )
    )
