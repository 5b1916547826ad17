"""Pathway phase and pathway times, computed from the pathway's events only (DOMAIN.md D6).

The national pathway for long-lasting and complex pain sets three pathway times (calendar weeks):

- pathway start → interdisciplinary assessment start: 12 weeks;
- assessment start → summarising collaboration meeting: 12 weeks;
- summarising meeting → follow-up collaboration meeting: 26 weeks.

Events are append-only. A mistake is put right with a new event whose `corrects` names the event
it replaces (the same code, a new date and a reason). A correction with `occurred_on=None`
retracts the event: it no longer counts. A correction may itself be corrected; the latest event
in such a chain wins, and a later correction can bring a retracted event back.

Events must be given in the order they were recorded (e.g. by primary key); a correction must
come after the event it corrects.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from itertools import pairwise


class EventCode(StrEnum):
    START = "start"
    ASSESSMENT_START = "assessment_start"
    SUMMARY_MEETING = "summary_meeting"
    FOLLOWUP_MEETING = "followup_meeting"
    CLOSED = "closed"


class ClosedOutcome(StrEnum):
    FOLLOWUP_COMPLETED = "followup_completed"
    TRANSFERRED = "transferred"
    OTHER = "other"


class Phase(StrEnum):
    REFERRAL_START = "referral_start"
    MAPPING_ASSESSMENT = "mapping_assessment"
    FOLLOWUP_TREATMENT = "followup_treatment"
    CLOSED = "closed"


class PathwayTimeCode(StrEnum):
    START_TO_ASSESSMENT = "start_to_assessment"
    ASSESSMENT_TO_SUMMARY = "assessment_to_summary"
    SUMMARY_TO_FOLLOWUP = "summary_to_followup"


class PathwayTimeStatus(StrEnum):
    PENDING = "pending"
    """The interval has not begun yet."""
    RUNNING = "running"
    """Begun, not ended, target not passed."""
    ON_TIME = "on_time"
    """Ended on or before the target date."""
    LATE = "late"
    """Ended after the target date."""
    OVERDUE_RUNNING = "overdue_running"
    """Begun, not ended, and the target date has passed."""
    NOT_APPLICABLE = "not_applicable"
    """The pathway closed (transferred, other reasons) before this interval ended, or the
    interval cannot be measured because the event that begins it is missing."""


class NextStep(StrEnum):
    START_PATHWAY = "start_pathway"
    START_ASSESSMENT = "start_assessment"
    HOLD_SUMMARY_MEETING = "hold_summary_meeting"
    HOLD_FOLLOWUP_MEETING = "hold_followup_meeting"
    CLOSE_PATHWAY = "close_pathway"
    NONE = "none"


class PathwayIssue(StrEnum):
    """Data problems worth showing to the person registering events."""

    DUPLICATE_EVENT = "duplicate_event"
    """Two effective events with the same code; the earliest date counts."""
    MISSING_PREDECESSOR = "missing_predecessor"
    """An event is registered without the one that comes before it in the pathway."""
    OUT_OF_ORDER = "out_of_order"
    """An event is dated before the one that comes before it in the pathway."""
    FUTURE_EVENT = "future_event"
    """An event is dated after today."""


@dataclass(frozen=True)
class PathwayEvent:
    """One registered pathway event (D6). Never edited: corrected by a new event."""

    id: int
    code: EventCode
    occurred_on: date | None
    corrects: int | None = None
    reason: str = ""
    outcome: ClosedOutcome | None = None

    def __post_init__(self) -> None:
        if self.corrects is None and self.occurred_on is None:
            raise ValueError(f"event {self.id}: only a correction may leave occurred_on empty")
        if self.corrects is not None and not self.reason.strip():
            raise ValueError(f"event {self.id}: a correction needs a reason")
        if self.corrects == self.id:
            raise ValueError(f"event {self.id}: an event cannot correct itself")
        if self.code is not EventCode.CLOSED and self.outcome is not None:
            raise ValueError(f"event {self.id}: only a closing event has an outcome")
        if self.code is EventCode.CLOSED and self.occurred_on is not None and not self.outcome:
            raise ValueError(f"event {self.id}: a closing event needs an outcome")

    @property
    def is_retraction(self) -> bool:
        return self.occurred_on is None


@dataclass(frozen=True)
class PathwayTimeTarget:
    code: PathwayTimeCode
    begins_with: EventCode
    ends_with: EventCode
    weeks: int


PATHWAY_TIME_TARGETS: tuple[PathwayTimeTarget, ...] = (
    PathwayTimeTarget(
        PathwayTimeCode.START_TO_ASSESSMENT, EventCode.START, EventCode.ASSESSMENT_START, 12
    ),
    PathwayTimeTarget(
        PathwayTimeCode.ASSESSMENT_TO_SUMMARY,
        EventCode.ASSESSMENT_START,
        EventCode.SUMMARY_MEETING,
        12,
    ),
    PathwayTimeTarget(
        PathwayTimeCode.SUMMARY_TO_FOLLOWUP,
        EventCode.SUMMARY_MEETING,
        EventCode.FOLLOWUP_MEETING,
        26,
    ),
)

AT_RISK_DAYS = 14
"""A running pathway time is "at risk" when its target date is this many days away or closer."""

_PATHWAY_ORDER: tuple[EventCode, ...] = (
    EventCode.START,
    EventCode.ASSESSMENT_START,
    EventCode.SUMMARY_MEETING,
    EventCode.FOLLOWUP_MEETING,
    EventCode.CLOSED,
)


@dataclass(frozen=True)
class PathwayTime:
    """One pathway time measured against its national target (D6).

    `elapsed_days` runs from the beginning to the end, to the closing date when the pathway
    closed first, or to `today`. `days_left` is signed, in calendar days: for a running interval
    from `today` to the target (negative = overdue by that many days); for an ended interval from
    the end to the target (negative = overrun). It is None when there is nothing to measure.
    """

    code: PathwayTimeCode
    target_weeks: int
    started_on: date | None
    ended_on: date | None
    target_on: date | None
    elapsed_days: int | None
    days_left: int | None
    status: PathwayTimeStatus

    @property
    def overrun_days(self) -> int:
        return max(0, -self.days_left) if self.days_left is not None else 0

    @property
    def is_running(self) -> bool:
        return self.status in (PathwayTimeStatus.RUNNING, PathwayTimeStatus.OVERDUE_RUNNING)

    @property
    def at_risk(self) -> bool:
        return self.is_running and self.days_left is not None and self.days_left <= AT_RISK_DAYS


@dataclass(frozen=True)
class PathwayState:
    phase: Phase
    times: tuple[PathwayTime, ...]
    next_step: NextStep
    next_step_due_on: date | None
    closed_on: date | None
    closed_outcome: ClosedOutcome | None
    effective_events: tuple[PathwayEvent, ...]
    issues: tuple[PathwayIssue, ...]

    def time(self, code: PathwayTimeCode) -> PathwayTime:
        return next(t for t in self.times if t.code is code)

    @property
    def running_time(self) -> PathwayTime | None:
        """The running pathway time (the most urgent one, should bad data leave several)."""
        running = [t for t in self.times if t.is_running and t.days_left is not None]
        return min(running, key=lambda t: t.days_left or 0, default=None)

    @property
    def at_risk(self) -> bool:
        return any(t.at_risk for t in self.times)

    def sort_key(self) -> tuple[int, int]:
        """Sort ascending to list pathway times at risk first.

        Running pathways come first, the fewest days left (most overdue) at the top; then
        pathways not yet started, then closed ones.
        """
        running = self.running_time
        if running is not None and running.days_left is not None:
            return (0, running.days_left)
        if self.phase is Phase.CLOSED:
            return (2, 0)
        return (1, 0)


def effective_events(events: Iterable[PathwayEvent]) -> tuple[PathwayEvent, ...]:
    """The events that count: each chain of corrections reduced to its latest, retractions dropped.

    Returned in the order the original events were recorded.
    """
    chain_root: dict[int, int] = {}
    latest: dict[int, PathwayEvent] = {}
    for event in events:
        if event.id in chain_root:
            raise ValueError(f"event id {event.id} appears twice")
        if event.corrects is None:
            root = event.id
        else:
            if event.corrects not in chain_root:
                raise ValueError(
                    f"event {event.id} corrects {event.corrects}, which was not recorded before it"
                )
            root = chain_root[event.corrects]
            if latest[root].code is not event.code:
                raise ValueError(
                    f"event {event.id} changes the code of event {event.corrects}: "
                    "retract it and register a new event instead"
                )
        chain_root[event.id] = root
        latest[root] = event
    return tuple(e for e in latest.values() if e.occurred_on is not None)


def pathway_state(events: Iterable[PathwayEvent], today: date) -> PathwayState:
    """Phase, the three pathway times, the next step and data issues, from the events (D6)."""
    effective = effective_events(events)
    first_on: dict[EventCode, date] = {}
    first_event: dict[EventCode, PathwayEvent] = {}
    issues: set[PathwayIssue] = set()
    for event in effective:
        if event.occurred_on is None:  # never: effective events are not retractions
            continue
        if event.occurred_on > today:
            issues.add(PathwayIssue.FUTURE_EVENT)
        if event.code in first_on:
            issues.add(PathwayIssue.DUPLICATE_EVENT)
            if event.occurred_on >= first_on[event.code]:
                continue
        first_on[event.code] = event.occurred_on
        first_event[event.code] = event
    issues |= _order_issues(first_on)

    closing = first_event.get(EventCode.CLOSED)
    closed_on = first_on.get(EventCode.CLOSED)
    # The national scheme may register the follow-up meeting only as "closed: follow-up meeting
    # completed"; that closing then ends the third pathway time.
    end_dates = dict(first_on)
    if (
        EventCode.FOLLOWUP_MEETING not in end_dates
        and closing is not None
        and closing.outcome is ClosedOutcome.FOLLOWUP_COMPLETED
        and closed_on is not None
    ):
        end_dates[EventCode.FOLLOWUP_MEETING] = closed_on

    times = tuple(
        _pathway_time(
            target,
            end_dates.get(target.begins_with),
            end_dates.get(target.ends_with),
            closed_on,
            today,
        )
        for target in PATHWAY_TIME_TARGETS
    )
    phase = _phase(first_on)
    next_step, due_on = _next_step(phase, first_on, times)
    return PathwayState(
        phase=phase,
        times=times,
        next_step=next_step,
        next_step_due_on=due_on,
        closed_on=closed_on,
        closed_outcome=closing.outcome if closing is not None else None,
        effective_events=effective,
        issues=tuple(issue for issue in PathwayIssue if issue in issues),
    )


def _pathway_time(
    target: PathwayTimeTarget,
    started_on: date | None,
    ended_on: date | None,
    closed_on: date | None,
    today: date,
) -> PathwayTime:
    def result(
        status: PathwayTimeStatus,
        target_on: date | None = None,
        elapsed_days: int | None = None,
        days_left: int | None = None,
    ) -> PathwayTime:
        return PathwayTime(
            code=target.code,
            target_weeks=target.weeks,
            started_on=started_on,
            ended_on=ended_on,
            target_on=target_on,
            elapsed_days=elapsed_days,
            days_left=days_left,
            status=status,
        )

    if started_on is None:
        closed_or_unmeasurable = closed_on is not None or ended_on is not None
        return result(
            PathwayTimeStatus.NOT_APPLICABLE
            if closed_or_unmeasurable
            else PathwayTimeStatus.PENDING
        )
    target_on = started_on + timedelta(weeks=target.weeks)
    if ended_on is not None:
        return result(
            PathwayTimeStatus.ON_TIME if ended_on <= target_on else PathwayTimeStatus.LATE,
            target_on,
            (ended_on - started_on).days,
            (target_on - ended_on).days,
        )
    if closed_on is not None:
        # Closed early or transferred before this interval ended: not measured against the target.
        return result(PathwayTimeStatus.NOT_APPLICABLE, target_on, (closed_on - started_on).days)
    days_left = (target_on - today).days
    status = PathwayTimeStatus.OVERDUE_RUNNING if days_left < 0 else PathwayTimeStatus.RUNNING
    return result(status, target_on, (today - started_on).days, days_left)


def _phase(first_on: dict[EventCode, date]) -> Phase:
    if EventCode.CLOSED in first_on:
        return Phase.CLOSED
    if EventCode.SUMMARY_MEETING in first_on or EventCode.FOLLOWUP_MEETING in first_on:
        return Phase.FOLLOWUP_TREATMENT
    if EventCode.ASSESSMENT_START in first_on:
        return Phase.MAPPING_ASSESSMENT
    return Phase.REFERRAL_START


def _next_step(
    phase: Phase, first_on: dict[EventCode, date], times: tuple[PathwayTime, ...]
) -> tuple[NextStep, date | None]:
    """The next pathway activity and the target date it should happen by."""
    target_on = {t.code: t.target_on for t in times}
    if phase is Phase.CLOSED:
        return NextStep.NONE, None
    if EventCode.FOLLOWUP_MEETING in first_on:
        # The pathway may continue after the follow-up meeting (004 § 14); closing is next.
        return NextStep.CLOSE_PATHWAY, None
    if EventCode.SUMMARY_MEETING in first_on:
        return NextStep.HOLD_FOLLOWUP_MEETING, target_on[PathwayTimeCode.SUMMARY_TO_FOLLOWUP]
    if EventCode.ASSESSMENT_START in first_on:
        return NextStep.HOLD_SUMMARY_MEETING, target_on[PathwayTimeCode.ASSESSMENT_TO_SUMMARY]
    if EventCode.START in first_on:
        return NextStep.START_ASSESSMENT, target_on[PathwayTimeCode.START_TO_ASSESSMENT]
    return NextStep.START_PATHWAY, None


def _order_issues(first_on: dict[EventCode, date]) -> set[PathwayIssue]:
    issues: set[PathwayIssue] = set()
    present = [code for code in _PATHWAY_ORDER if code in first_on]
    for earlier, later in pairwise(present):
        if first_on[later] < first_on[earlier]:
            issues.add(PathwayIssue.OUT_OF_ORDER)
    # Every milestone needs the one before it; closing may come at any point after the start.
    milestones = _PATHWAY_ORDER[:-1]
    for previous, code in pairwise(milestones):
        if code in first_on and previous not in first_on:
            issues.add(PathwayIssue.MISSING_PREDECESSOR)
    if EventCode.CLOSED in first_on and EventCode.START not in first_on:
        issues.add(PathwayIssue.MISSING_PREDECESSOR)
    return issues
