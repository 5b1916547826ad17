"""Competence follow-up (DOMAIN.md D2; guideline 002 ch. 6).

Each staff member has a personal competence plan, followed up in a yearly appraisal talk.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

FOLLOWUP_INTERVAL_DAYS = 365
DUE_SOON_DAYS = 30


class FollowupStatus(StrEnum):
    NO_PLAN = "no_plan"  # no personal competence plan at all
    NEVER_FOLLOWED_UP = "never"  # a plan, but no appraisal recorded yet
    OK = "ok"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class CompetenceFollowup:
    status: FollowupStatus
    due_on: date | None

    @property
    def needs_attention(self) -> bool:
        return self.status is not FollowupStatus.OK


def competence_followup(
    has_plan: bool, last_followup_on: date | None, today: date
) -> CompetenceFollowup:
    """When the yearly follow-up of a competence plan is due, and whether it is overdue."""
    if not has_plan:
        return CompetenceFollowup(FollowupStatus.NO_PLAN, None)
    if last_followup_on is None:
        return CompetenceFollowup(FollowupStatus.NEVER_FOLLOWED_UP, today)
    due_on = last_followup_on + timedelta(days=FOLLOWUP_INTERVAL_DAYS)
    if due_on < today:
        status = FollowupStatus.OVERDUE
    elif (due_on - today).days <= DUE_SOON_DAYS:
        status = FollowupStatus.DUE_SOON
    else:
        status = FollowupStatus.OK
    return CompetenceFollowup(status, due_on)
