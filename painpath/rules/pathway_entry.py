"""Entry criteria for the pain patient pathway (DOMAIN.md D6; 002 ch. 3; 004 § 5).

The pathway is for adults (18 or older when the pathway starts) with long-lasting, complex pain
for more than 6 months, whose right to necessary health care has been granted. Whether the pain
is complex is the intake team's judgement from the assessment.

A criterion that is unknown (None) is not shown to be met and is listed as failing, so that
nobody enters the pathway on missing information.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from painpath.rules.identity import age_on

ADULT_AGE = 18
PAIN_DURATION_MONTHS = 6


class EntryCriterion(StrEnum):
    ADULT = "adult"
    PAIN_OVER_6_MONTHS = "pain_over_6_months"
    COMPLEX = "complex"
    RIGHT_GRANTED = "right_granted"


def failing_entry_criteria(
    *,
    birth_date: date | None,
    starts_on: date,
    pain_since: date | None,
    complex_pain: bool | None,
    right_granted: bool | None,
) -> list[EntryCriterion]:
    """The entry criteria not met on `starts_on` (the pathway start); empty = may enter (D6).

    "More than 6 months" is strict: pain that began exactly 6 months before the start does not
    yet qualify.
    """
    failing: list[EntryCriterion] = []
    if birth_date is None or age_on(birth_date, starts_on) < ADULT_AGE:
        failing.append(EntryCriterion.ADULT)
    if pain_since is None or starts_on <= pain_since + relativedelta(months=PAIN_DURATION_MONTHS):
        failing.append(EntryCriterion.PAIN_OVER_6_MONTHS)
    if complex_pain is not True:
        failing.append(EntryCriterion.COMPLEX)
    if right_granted is not True:
        failing.append(EntryCriterion.RIGHT_GRANTED)
    return failing
