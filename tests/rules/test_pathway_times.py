"""Pathway phase and pathway times from append-only events (DOMAIN.md D6).

Targets: start → assessment start 12 weeks; assessment start → summarising meeting 12 weeks;
summarising meeting → follow-up meeting 26 weeks. In the scenarios the pathway starts Mon 6 Jan
2025, so the first target is Mon 31 Mar 2025.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest

from painpath.rules.pathway_times import (
    PATHWAY_TIME_TARGETS,
    ClosedOutcome,
    EventCode,
    NextStep,
    PathwayEvent,
    PathwayIssue,
    PathwayTimeCode,
    PathwayTimeStatus,
    Phase,
    effective_events,
    pathway_state,
)

D = date.fromisoformat
START = EventCode.START
ASSESS = EventCode.ASSESSMENT_START
SUMMARY = EventCode.SUMMARY_MEETING
FOLLOWUP = EventCode.FOLLOWUP_MEETING
CLOSED = EventCode.CLOSED
S = PathwayTimeStatus


def ev(
    id: int,
    code: EventCode,
    on: str | None,
    corrects: int | None = None,
    outcome: ClosedOutcome | None = None,
) -> PathwayEvent:
    reason = "feilregistrert dato" if corrects is not None else ""
    return PathwayEvent(id, code, D(on) if on else None, corrects, reason, outcome)


def test_targets_are_the_national_ones() -> None:
    assert [(t.code, t.weeks) for t in PATHWAY_TIME_TARGETS] == [
        (PathwayTimeCode.START_TO_ASSESSMENT, 12),
        (PathwayTimeCode.ASSESSMENT_TO_SUMMARY, 12),
        (PathwayTimeCode.SUMMARY_TO_FOLLOWUP, 26),
    ]


@dataclass(frozen=True)
class Scenario:
    name: str
    events: list[PathwayEvent]
    today: str
    phase: Phase
    statuses: tuple[PathwayTimeStatus, PathwayTimeStatus, PathwayTimeStatus]
    days_left: tuple[int | None, int | None, int | None]
    next_step: NextStep
    next_due: str | None = None
    issues: tuple[PathwayIssue, ...] = field(default=())


SCENARIOS = [
    Scenario(
        "not started",
        [],
        "2025-01-10",
        Phase.REFERRAL_START,
        (S.PENDING, S.PENDING, S.PENDING),
        (None, None, None),
        NextStep.START_PATHWAY,
    ),
    Scenario(
        "on time throughout, closed after the follow-up meeting",
        [
            ev(1, START, "2025-01-06"),
            ev(2, ASSESS, "2025-03-03"),  # target 31 Mar: 28 days to spare
            ev(3, SUMMARY, "2025-05-12"),  # target 26 May: 14 days to spare
            ev(4, FOLLOWUP, "2025-11-03"),  # target 10 Nov: 7 days to spare
            ev(5, CLOSED, "2025-11-03", outcome=ClosedOutcome.FOLLOWUP_COMPLETED),
        ],
        "2025-12-01",
        Phase.CLOSED,
        (S.ON_TIME, S.ON_TIME, S.ON_TIME),
        (28, 14, 7),
        NextStep.NONE,
    ),
    Scenario(
        "assessment started late, summary meeting still running",
        [ev(1, START, "2025-01-06"), ev(2, ASSESS, "2025-04-14")],
        "2025-05-01",
        Phase.MAPPING_ASSESSMENT,
        (S.LATE, S.RUNNING, S.PENDING),
        (-14, 67, None),  # 14 days late; summary due 7 Jul 2025
        NextStep.HOLD_SUMMARY_MEETING,
        "2025-07-07",
    ),
    Scenario(
        "still running and overdue",
        [ev(1, START, "2025-01-06")],
        "2025-04-10",
        Phase.REFERRAL_START,
        (S.OVERDUE_RUNNING, S.PENDING, S.PENDING),
        (-10, None, None),
        NextStep.START_ASSESSMENT,
        "2025-03-31",
    ),
    Scenario(
        "corrected event: the wrong late date is replaced by the right one",
        [
            ev(1, START, "2025-01-06"),
            ev(2, ASSESS, "2025-04-14"),
            ev(3, ASSESS, "2025-03-14", corrects=2),
        ],
        "2025-03-20",
        Phase.MAPPING_ASSESSMENT,
        (S.ON_TIME, S.RUNNING, S.PENDING),
        (17, 78, None),
        NextStep.HOLD_SUMMARY_MEETING,
        "2025-06-06",
    ),
    Scenario(
        "a correction of a correction: the latest wins",
        [
            ev(1, START, "2025-01-06"),
            ev(2, ASSESS, "2025-03-03"),
            ev(3, ASSESS, "2025-04-14", corrects=2),
            ev(4, ASSESS, "2025-03-10", corrects=3),
        ],
        "2025-03-20",
        Phase.MAPPING_ASSESSMENT,
        (S.ON_TIME, S.RUNNING, S.PENDING),
        (21, 74, None),
        NextStep.HOLD_SUMMARY_MEETING,
        "2025-06-02",
    ),
    Scenario(
        "retracted event: an assessment start registered by mistake no longer counts",
        [
            ev(1, START, "2025-01-06"),
            ev(2, ASSESS, "2025-03-03"),
            ev(3, ASSESS, None, corrects=2),
        ],
        "2025-03-10",
        Phase.REFERRAL_START,
        (S.RUNNING, S.PENDING, S.PENDING),
        (21, None, None),
        NextStep.START_ASSESSMENT,
        "2025-03-31",
    ),
    Scenario(
        "retracted, then restored by a later correction",
        [
            ev(1, START, "2025-01-06"),
            ev(2, ASSESS, "2025-03-03"),
            ev(3, ASSESS, None, corrects=2),
            ev(4, ASSESS, "2025-03-03", corrects=3),
        ],
        "2025-03-10",
        Phase.MAPPING_ASSESSMENT,
        (S.ON_TIME, S.RUNNING, S.PENDING),
        (28, 77, None),
        NextStep.HOLD_SUMMARY_MEETING,
        "2025-05-26",
    ),
    Scenario(
        "transferred to another trust during the assessment",
        [
            ev(1, START, "2025-01-06"),
            ev(2, ASSESS, "2025-03-03"),
            ev(3, CLOSED, "2025-04-01", outcome=ClosedOutcome.TRANSFERRED),
        ],
        "2025-09-01",
        Phase.CLOSED,
        (S.ON_TIME, S.NOT_APPLICABLE, S.NOT_APPLICABLE),
        (28, None, None),
        NextStep.NONE,
    ),
    Scenario(
        "closed early for other reasons, before the assessment started",
        [
            ev(1, START, "2025-01-06"),
            ev(2, CLOSED, "2025-02-01", outcome=ClosedOutcome.OTHER),
        ],
        "2025-09-01",
        Phase.CLOSED,
        (S.NOT_APPLICABLE, S.NOT_APPLICABLE, S.NOT_APPLICABLE),
        (None, None, None),
        NextStep.NONE,
    ),
    Scenario(
        "closing as 'follow-up completed' ends the third pathway time, here late",
        [
            ev(1, START, "2025-01-06"),
            ev(2, ASSESS, "2025-03-03"),
            ev(3, SUMMARY, "2025-05-12"),
            ev(4, CLOSED, "2025-11-20", outcome=ClosedOutcome.FOLLOWUP_COMPLETED),
        ],
        "2025-12-01",
        Phase.CLOSED,
        (S.ON_TIME, S.ON_TIME, S.LATE),
        (28, 14, -10),
        NextStep.NONE,
    ),
    Scenario(
        "follow-up meeting held, pathway continues",
        [
            ev(1, START, "2025-01-06"),
            ev(2, ASSESS, "2025-03-03"),
            ev(3, SUMMARY, "2025-05-12"),
            ev(4, FOLLOWUP, "2025-11-03"),
        ],
        "2025-12-01",
        Phase.FOLLOWUP_TREATMENT,
        (S.ON_TIME, S.ON_TIME, S.ON_TIME),
        (28, 14, 7),
        NextStep.CLOSE_PATHWAY,
    ),
    Scenario(
        "waiting for the follow-up meeting",
        [ev(1, START, "2025-01-06"), ev(2, ASSESS, "2025-03-03"), ev(3, SUMMARY, "2025-05-12")],
        "2025-06-01",
        Phase.FOLLOWUP_TREATMENT,
        (S.ON_TIME, S.ON_TIME, S.RUNNING),
        (28, 14, 162),
        NextStep.HOLD_FOLLOWUP_MEETING,
        "2025-11-10",
    ),
    Scenario(
        "summary meeting registered without an assessment start",
        [ev(1, START, "2025-01-06"), ev(2, SUMMARY, "2025-05-12")],
        "2025-06-01",
        Phase.FOLLOWUP_TREATMENT,
        (S.OVERDUE_RUNNING, S.NOT_APPLICABLE, S.RUNNING),
        (-62, None, 162),
        NextStep.HOLD_FOLLOWUP_MEETING,
        "2025-11-10",
        (PathwayIssue.MISSING_PREDECESSOR,),
    ),
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_pathway_scenarios(scenario: Scenario) -> None:
    state = pathway_state(scenario.events, D(scenario.today))
    assert state.phase is scenario.phase
    assert tuple(t.status for t in state.times) == scenario.statuses
    assert tuple(t.days_left for t in state.times) == scenario.days_left
    assert state.next_step is scenario.next_step
    assert state.next_step_due_on == (D(scenario.next_due) if scenario.next_due else None)
    assert state.issues == scenario.issues


def test_a_pathway_time_reports_its_dates_and_elapsed_days() -> None:
    state = pathway_state(
        [ev(1, START, "2025-01-06"), ev(2, ASSESS, "2025-04-14")], D("2025-05-01")
    )
    first = state.time(PathwayTimeCode.START_TO_ASSESSMENT)
    assert (first.started_on, first.ended_on, first.target_on) == (
        D("2025-01-06"),
        D("2025-04-14"),
        D("2025-03-31"),
    )
    assert (first.elapsed_days, first.overrun_days) == (98, 14)
    running = state.time(PathwayTimeCode.ASSESSMENT_TO_SUMMARY)
    assert (running.elapsed_days, running.ended_on, running.overrun_days) == (17, None, 0)


def test_closing_stops_the_clock_of_the_interval_it_interrupts() -> None:
    events = [
        ev(1, START, "2025-01-06"),
        ev(2, ASSESS, "2025-03-03"),
        ev(3, CLOSED, "2025-04-01", outcome=ClosedOutcome.TRANSFERRED),
    ]
    state = pathway_state(events, D("2025-09-01"))
    interrupted = state.time(PathwayTimeCode.ASSESSMENT_TO_SUMMARY)
    assert interrupted.elapsed_days == 29
    assert (state.closed_on, state.closed_outcome) == (D("2025-04-01"), ClosedOutcome.TRANSFERRED)


def test_effective_events_drop_replaced_and_retracted_events() -> None:
    events = [
        ev(1, START, "2025-01-06"),
        ev(2, ASSESS, "2025-04-14"),
        ev(3, ASSESS, "2025-03-14", corrects=2),
        ev(4, SUMMARY, "2025-05-12"),
        ev(5, SUMMARY, None, corrects=4),
    ]
    assert [e.id for e in effective_events(events)] == [1, 3]


def test_everything_is_computed_from_the_events_alone() -> None:
    events = [ev(1, START, "2025-01-06"), ev(2, ASSESS, "2025-03-03")]
    assert pathway_state(events, D("2025-03-10")) == pathway_state(list(events), D("2025-03-10"))


class TestInvalidEvents:
    def test_only_a_correction_may_leave_the_date_empty(self) -> None:
        with pytest.raises(ValueError, match="only a correction"):
            PathwayEvent(1, START, None)

    def test_a_correction_needs_a_reason(self) -> None:
        with pytest.raises(ValueError, match="needs a reason"):
            PathwayEvent(2, START, D("2025-01-07"), corrects=1, reason=" ")

    def test_a_closing_event_needs_an_outcome(self) -> None:
        with pytest.raises(ValueError, match="needs an outcome"):
            PathwayEvent(1, CLOSED, D("2025-01-07"))

    def test_only_a_closing_event_has_an_outcome(self) -> None:
        with pytest.raises(ValueError, match="only a closing event"):
            PathwayEvent(1, START, D("2025-01-07"), outcome=ClosedOutcome.OTHER)

    def test_retracting_a_closing_event_needs_no_outcome(self) -> None:
        events = [
            ev(1, START, "2025-01-06"),
            ev(2, CLOSED, "2025-02-01", outcome=ClosedOutcome.OTHER),
            ev(3, CLOSED, None, corrects=2),
        ]
        assert pathway_state(events, D("2025-02-10")).phase is Phase.REFERRAL_START

    def test_a_correction_must_follow_the_event_it_corrects(self) -> None:
        with pytest.raises(ValueError, match="not recorded before it"):
            effective_events([ev(2, START, "2025-01-07", corrects=1), ev(1, START, "2025-01-06")])

    def test_a_correction_keeps_the_code(self) -> None:
        with pytest.raises(ValueError, match="changes the code"):
            effective_events([ev(1, START, "2025-01-06"), ev(2, ASSESS, "2025-01-07", corrects=1)])

    def test_ids_are_unique(self) -> None:
        with pytest.raises(ValueError, match="appears twice"):
            effective_events([ev(1, START, "2025-01-06"), ev(1, ASSESS, "2025-01-07")])


ISSUE_CASES = [
    (
        "two effective starts: the earliest counts",
        [ev(1, START, "2025-01-13"), ev(2, START, "2025-01-06")],
        PathwayIssue.DUPLICATE_EVENT,
    ),
    (
        "assessment before start",
        [ev(1, START, "2025-03-10"), ev(2, ASSESS, "2025-03-03")],
        PathwayIssue.OUT_OF_ORDER,
    ),
    (
        "closed without a start",
        [ev(1, CLOSED, "2025-03-10", outcome=ClosedOutcome.OTHER)],
        PathwayIssue.MISSING_PREDECESSOR,
    ),
    ("dated after today", [ev(1, START, "2025-12-24")], PathwayIssue.FUTURE_EVENT),
]


@pytest.mark.parametrize(
    ("events", "issue"), [c[1:] for c in ISSUE_CASES], ids=[c[0] for c in ISSUE_CASES]
)
def test_data_issues_are_reported(events: list[PathwayEvent], issue: PathwayIssue) -> None:
    assert issue in pathway_state(events, D("2025-04-01")).issues


def test_the_earliest_duplicate_counts() -> None:
    state = pathway_state([ev(1, START, "2025-01-13"), ev(2, START, "2025-01-06")], D("2025-02-01"))
    assert state.time(PathwayTimeCode.START_TO_ASSESSMENT).started_on == D("2025-01-06")


def test_pathways_at_risk_sort_first() -> None:
    today = D("2025-04-10")
    overdue = pathway_state([ev(1, START, "2025-01-06")], today)  # 10 days over
    nearly_due = pathway_state([ev(1, START, "2025-01-20")], today)  # 4 days left
    comfortable = pathway_state([ev(1, START, "2025-03-03")], today)  # 46 days left
    not_started = pathway_state([], today)
    closed = pathway_state(
        [ev(1, START, "2025-01-06"), ev(2, CLOSED, "2025-02-01", outcome=ClosedOutcome.OTHER)],
        today,
    )
    listed = [closed, comfortable, not_started, nearly_due, overdue]
    ordered = sorted(listed, key=lambda s: s.sort_key())
    assert ordered == [overdue, nearly_due, comfortable, not_started, closed]
    assert [s.at_risk for s in ordered] == [True, True, False, False, False]
