"""Yearly follow-up of personal competence plans (DOMAIN.md D2, guideline ch. 6)."""

from datetime import date

from painpath.rules.competence import FollowupStatus, competence_followup

TODAY = date(2026, 11, 23)


def test_followed_up_within_the_year_is_ok() -> None:
    result = competence_followup(True, date(2026, 3, 1), TODAY)
    assert result.status is FollowupStatus.OK
    assert result.due_on == date(2027, 3, 1)


def test_more_than_a_year_since_follow_up_is_overdue() -> None:
    result = competence_followup(True, date(2025, 11, 1), TODAY)
    assert result.status is FollowupStatus.OVERDUE
    assert result.due_on == date(2026, 11, 1)
    assert result.needs_attention


def test_due_within_a_month_is_due_soon() -> None:
    assert competence_followup(True, date(2025, 12, 10), TODAY).status is FollowupStatus.DUE_SOON


def test_due_today_is_not_yet_overdue() -> None:
    assert competence_followup(True, date(2025, 11, 23), TODAY).status is FollowupStatus.DUE_SOON


def test_plan_never_followed_up_is_due_now() -> None:
    result = competence_followup(True, None, TODAY)
    assert result.status is FollowupStatus.NEVER_FOLLOWED_UP
    assert result.due_on == TODAY


def test_no_plan_needs_attention() -> None:
    result = competence_followup(False, date(2026, 1, 1), TODAY)
    assert result.status is FollowupStatus.NO_PLAN
    assert result.needs_attention
