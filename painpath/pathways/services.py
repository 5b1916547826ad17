"""Use cases of the patient pathway (D6–D9), shared by the web views, the API and the demo.

Pathway times, phase and next step come from ``painpath.rules.pathway_times`` over the stored
events, entry criteria from ``rules.pathway_entry``, medicine rules from ``rules.medication`` and
special-group adaptations from ``rules.special_groups``. This module only feeds them stored
values and keeps what the unit list needs (``refresh_state``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from painpath.accounts.models import User
from painpath.audit.models import AuditAction
from painpath.intake.models import Decision, Outcome
from painpath.organisation.models import Clinic, PartnerKind, StaffMember
from painpath.pathways.models import (
    AssessmentRecord,
    CollaborationMeeting,
    Consultation,
    ConsultationKind,
    EventMeaning,
    MeasureKind,
    MeasureStatus,
    MeetingKind,
    MeetingParticipant,
    MeetingStatus,
    ParticipantRole,
    Pathway,
    PathwayEvent,
    PathwayEventCode,
    PathwayTeamMember,
    SortGroup,
    TreatmentMeasure,
)
from painpath.patients.access import get_visible_or_404
from painpath.patients.models import Patient
from painpath.referrals.models import ReferralFlag
from painpath.rules import pathway_times as rules
from painpath.rules.medication import (
    HabitFormingClass,
    Medicine,
    NoFixedConversion,
    can_start,
    conversion_entry,
    experimental_requires_study,
    habit_forming_class,
    oral_morphine_equivalent,
)
from painpath.rules.pathway_entry import EntryCriterion, failing_entry_criteria
from painpath.rules.special_groups import Adaptation, SpecialGroupFlag, adaptations_for


def today() -> date:
    return timezone.localdate()


# Access -------------------------------------------------------------------------------------


def visible_pathways(user: User) -> QuerySet[Pathway]:
    """Pathways of the user's units. A forwarded patient's pathway belongs to the unit that runs
    it: other units may see the patient, never the pathway."""
    return Pathway.objects.filter(clinic_id__in=user.unit_ids())


def get_pathway_or_404(
    user: User,
    pk: int,
    *,
    audit_action: AuditAction = AuditAction.READ,
    audit_detail: dict[str, Any] | None = None,
) -> Pathway:
    """One pathway of the user's units with its one audit record; 404 as if it did not exist."""
    queryset = visible_pathways(user).select_related(
        "patient", "clinic", "referral", "decision", "coordinator"
    )
    return get_visible_or_404(queryset, audit_action=audit_action, audit_detail=audit_detail, pk=pk)


def _require_staff(user: User, unit: Clinic) -> None:
    if unit.pk not in user.unit_ids():
        raise Http404


# Entry (D6) ---------------------------------------------------------------------------------

ENTRY_MESSAGES: Mapping[EntryCriterion, Any] = {
    EntryCriterion.ADULT: gettext_lazy("The patient must be 18 or older when the pathway starts."),
    EntryCriterion.PAIN_OVER_6_MONTHS: gettext_lazy(
        "The pain must have lasted more than 6 months when the pathway starts."
    ),
    EntryCriterion.COMPLEX: gettext_lazy(
        "The pathway is for long-lasting and complex pain: the team must judge the pain complex."
    ),
    EntryCriterion.RIGHT_GRANTED: gettext_lazy(
        "The referral's decision must grant the right to necessary health care."
    ),
}
ENTRY_FIELDS: Mapping[EntryCriterion, str] = {
    EntryCriterion.ADULT: "__all__",
    EntryCriterion.PAIN_OVER_6_MONTHS: "pain_since",
    EntryCriterion.COMPLEX: "complex_pain",
    EntryCriterion.RIGHT_GRANTED: "__all__",
}


def is_current_decision(decision: Decision) -> bool:
    """A decision stands until a later decision corrects it."""
    return not Decision.objects.filter(corrects=decision).exists()


def decisions_awaiting_start(
    unit_ids: Iterable[int], *, waiting_for_care: bool = False
) -> QuerySet[Decision]:
    """Current decisions that grant the right and have no pathway yet, for the given units.

    ``waiting_for_care``: only those whose care has not started yet (the unit list's panel:
    narrow on the intake's index of granted rights waiting for care, however many pathways the
    unit has had). The patient page offers every granted decision of the patient."""
    active = Pathway.objects.filter(
        patient_id=OuterRef("referral__patient_id"), clinic_id=OuterRef("referral__clinic_id")
    ).exclude(phase=rules.Phase.CLOSED)
    return (
        Decision.objects.filter(
            referral__clinic_id__in=list(unit_ids),
            outcome=Outcome.RIGHT_GRANTED,
            corrected_by__isnull=True,
            pathway__isnull=True,
            **({"care_started_on__isnull": True} if waiting_for_care else {}),
        )
        .annotate(has_active_pathway=Exists(active))
        .filter(has_active_pathway=False)
        .select_related("referral__patient", "referral__clinic")
        .order_by("-enters_pathway", "care_deadline", "decided_on", "id")
    )


def get_startable_decision_or_404(user: User, pk: int) -> Decision:
    """A decision of the user's units, its read audited; 404 as if it did not exist."""
    return get_visible_or_404(
        Decision.objects.filter(referral__clinic_id__in=user.unit_ids()).select_related(
            "referral__patient", "referral__clinic"
        ),
        pk=pk,
    )


def entry_failures(
    decision: Decision, *, starts_on: date, pain_since: date | None, complex_pain: bool | None
) -> list[EntryCriterion]:
    return failing_entry_criteria(
        birth_date=decision.referral.patient.birth_date,
        starts_on=starts_on,
        pain_since=pain_since,
        complex_pain=complex_pain,
        right_granted=decision.outcome == Outcome.RIGHT_GRANTED,
    )


def start_pathway(
    user: User,
    decision: Decision,
    *,
    starts_on: date,
    pain_since: date | None,
    complex_pain: bool | None,
    coordinator: StaffMember | None = None,
    note: str = "",
) -> Pathway:
    """Start a pathway from a decision that grants the right, when the entry criteria are met
    (D6). Registers the start event; all-or-nothing."""
    referral = decision.referral
    _require_staff(user, referral.clinic)
    if not is_current_decision(decision):
        raise ValidationError(_("This decision has been corrected: start from the current one."))
    errors: dict[str, list[str]] = {}
    for criterion in entry_failures(
        decision, starts_on=starts_on, pain_since=pain_since, complex_pain=complex_pain
    ):
        errors.setdefault(ENTRY_FIELDS[criterion], []).append(str(ENTRY_MESSAGES[criterion]))
    if starts_on > today():
        errors.setdefault("starts_on", []).append(
            _("The pathway start cannot be in the future: register it on the day it starts.")
        )
    elif starts_on < referral.received_on:
        errors.setdefault("starts_on", []).append(
            _("The pathway cannot start before the referral was received.")
        )
    if coordinator is not None and coordinator.clinic_id != referral.clinic_id:
        errors.setdefault("coordinator", []).append(
            _("The coordinator must work at the unit that runs the pathway.")
        )
    if errors:
        raise ValidationError(errors)
    assert pain_since is not None and complex_pain is not None  # noqa: S101 (checked above)
    start_code = code_for(EventMeaning.START)
    try:
        with transaction.atomic():
            pathway = Pathway.objects.create(
                patient=referral.patient,
                clinic=referral.clinic,
                referral=referral,
                decision=decision,
                pain_since=pain_since,
                complex_pain=complex_pain,
                coordinator=coordinator,
                created_by=user,
                started_on=starts_on,
            )
            event = PathwayEvent.objects.create(
                pathway=pathway,
                code=start_code,
                occurred_on=starts_on,
                note=note,
                recorded_by=user,
            )
            refresh_state(pathway, [event])
            if coordinator is not None:
                PathwayTeamMember.objects.create(
                    pathway=pathway,
                    staff=coordinator,
                    responsibility=_("pathway coordinator"),
                    added_on=starts_on,
                )
            add_adaptation_items(user, pathway)
    except IntegrityError as exc:
        if Pathway.objects.filter(decision=decision).exists():
            raise ValidationError(
                _("A pathway has already been started from this decision.")
            ) from exc
        raise ValidationError(_("The patient already has an active pathway at this unit.")) from exc
    return pathway


# Events and the pathway rules (D6) ----------------------------------------------------------


# The event codes a new installation starts with (also seeded by migration 0002). The values
# are configuration: an administrator edits them to the health region's code scheme.
DEFAULT_CODES: tuple[tuple[str, str, str, str], ...] = (
    ("SM-A", "Start pasientforløp", "start", ""),
    ("SM-U", "Start tverrfaglig utredning", "assessment_start", ""),
    ("SM-O", "Oppsummerende samhandlingskonsultasjon gjennomført", "summary_meeting", ""),
    ("SM-F", "Oppfølgende samhandlingskonsultasjon gjennomført", "followup_meeting", ""),
    (
        "SM-X1",
        "Forløp avsluttet: oppfølgende samhandlingskonsultasjon gjennomført",
        "closed",
        "followup_completed",
    ),
    (
        "SM-X2",
        "Forløp avsluttet: overført til annet helseforetak eller privat tilbyder",
        "closed",
        "transferred",
    ),
    ("SM-X3", "Forløp avsluttet: annen årsak", "closed", "other"),
)


def ensure_event_codes() -> int:
    """Add a default code for every meaning that has no code in use; the number added."""
    added = 0
    for order, (code, label, meaning, outcome) in enumerate(DEFAULT_CODES):
        if PathwayEventCode.objects.filter(meaning=meaning, outcome=outcome, active=True).exists():
            continue
        if PathwayEventCode.objects.filter(code=code).exists():
            continue  # the value was given to another meaning by an administrator
        PathwayEventCode.objects.create(
            code=code,
            label=label,
            meaning=meaning,
            outcome=outcome,
            sort_order=order * 10,
        )
        added += 1
    return added


def code_for(meaning: str, outcome: str = "") -> PathwayEventCode:
    code = PathwayEventCode.objects.filter(meaning=meaning, outcome=outcome, active=True).first()
    if code is None:
        raise ValidationError(
            _("No event code is in use for this event. Ask an administrator to configure it.")
        )
    return code


def active_codes() -> list[PathwayEventCode]:
    return list(PathwayEventCode.objects.filter(active=True))


def rule_event(event: PathwayEvent) -> rules.PathwayEvent:
    """A stored event as the pathway rules see it."""
    return rules.PathwayEvent(
        id=event.pk,
        code=rules.EventCode(event.code.meaning),
        occurred_on=event.occurred_on,
        corrects=event.corrects_id,
        reason=event.reason,
        outcome=rules.ClosedOutcome(event.code.outcome) if event.code.outcome else None,
    )


def events_of(pathway: Pathway) -> list[PathwayEvent]:
    return list(
        pathway.events.select_related("code", "recorded_by").order_by("id")  # recorded order
    )


def state_of(
    pathway: Pathway, events: Sequence[PathwayEvent] | None = None, on: date | None = None
) -> rules.PathwayState:
    """Phase, pathway times and next step by the rules, from the pathway's events only."""
    stored = events if events is not None else events_of(pathway)
    return rules.pathway_state([rule_event(e) for e in stored], on or today())


def stored_values(state: rules.PathwayState, event_count: int) -> dict[str, Any]:
    """What the unit list needs from the rules' state, as Pathway field values. Nothing here
    depends on today: a running pathway time's days left are its target date minus today, so
    sorting by (sort group, target date) is sorting by the rules' ``sort_key``."""
    running = state.running_time
    return {
        "started_on": state.time(rules.PathwayTimeCode.START_TO_ASSESSMENT).started_on,
        "phase": state.phase.value,
        "next_step": state.next_step.value,
        "next_step_due_on": state.next_step_due_on,
        "running_time": running.code.value if running else "",
        "running_target_on": running.target_on if running else None,
        "sort_group": SortGroup(state.sort_key()[0]).value,
        "closed_on": state.closed_on,
        "closed_outcome": state.closed_outcome.value if state.closed_outcome else "",
        "has_issues": bool(state.issues),
        "event_count": event_count,
    }


def refresh_state(pathway: Pathway, events: Sequence[PathwayEvent]) -> None:
    """Store the rules' state on the pathway, whenever an event is appended."""
    values = stored_values(state_of(pathway, events), len(events))
    for name, value in values.items():
        setattr(pathway, name, value)
    Pathway.objects.filter(pk=pathway.pk).update(**values)


ISSUE_MESSAGES: Mapping[rules.PathwayIssue, Any] = {
    rules.PathwayIssue.DUPLICATE_EVENT: gettext_lazy(
        "This event is already registered for the pathway: correct the registered event instead."
    ),
    rules.PathwayIssue.MISSING_PREDECESSOR: gettext_lazy(
        "The step before this one in the pathway is not registered."
    ),
    rules.PathwayIssue.OUT_OF_ORDER: gettext_lazy(
        "The date comes before the previous step in the pathway, or after its closing."
    ),
    rules.PathwayIssue.FUTURE_EVENT: gettext_lazy(
        "The date is in the future: register an event when it has happened."
    ),
}


def _locked(pathway: Pathway) -> Pathway:
    """Serialise writers of one pathway (two clinicians registering at once)."""
    Pathway.objects.select_for_update().filter(pk=pathway.pk).first()
    return pathway


def _check_candidate(
    events: Sequence[PathwayEvent], candidate: rules.PathwayEvent
) -> rules.PathwayState:
    """The state with the candidate event; refuse it when it brings a new data issue."""
    existing = [rule_event(e) for e in events]
    on = today()
    before = rules.pathway_state(existing, on)
    try:
        after = rules.pathway_state([*existing, candidate], on)
    except ValueError as exc:
        raise ValidationError(_("The correction does not fit the event it corrects.")) from exc
    new_issues = [issue for issue in after.issues if issue not in before.issues]
    if new_issues:
        raise ValidationError({"occurred_on": [str(ISSUE_MESSAGES[i]) for i in new_issues]})
    return after


def append_event(
    user: User,
    pathway: Pathway,
    *,
    code: PathwayEventCode,
    occurred_on: date,
    note: str = "",
) -> PathwayEvent:
    """Register a pathway event (D6). Refused when the pathway is closed (correct the closing
    instead) or when the event would make the pathway's data inconsistent."""
    _require_staff(user, pathway.clinic)
    if not code.active:
        raise ValidationError({"code": [_("This event code is no longer in use.")]})
    if code.meaning == EventMeaning.START:
        raise ValidationError(
            {"code": [_("The pathway has a start already: correct it if the date is wrong.")]}
        )
    with transaction.atomic():
        _locked(pathway)
        events = events_of(pathway)
        if state_of(pathway, events).phase is rules.Phase.CLOSED:
            raise ValidationError(
                _("The pathway is closed. Correct or retract the closing event to reopen it.")
            )
        next_id = max((e.pk for e in events), default=0) + 1
        _check_candidate(
            events,
            rules.PathwayEvent(
                next_id,
                rules.EventCode(code.meaning),
                occurred_on,
                outcome=rules.ClosedOutcome(code.outcome) if code.outcome else None,
            ),
        )
        event = PathwayEvent.objects.create(
            pathway=pathway, code=code, occurred_on=occurred_on, note=note, recorded_by=user
        )
        refresh_state(pathway, [*events, event])
    return event


def latest_in_chain(event: PathwayEvent, events: Sequence[PathwayEvent]) -> PathwayEvent:
    """The latest correction of an event (or the event itself): corrections apply to it."""
    by_corrects = {e.corrects_id: e for e in events if e.corrects_id is not None}
    current = event
    while current.pk in by_corrects:
        current = by_corrects[current.pk]
    return current


def correct_event(
    user: User,
    pathway: Pathway,
    event: PathwayEvent,
    *,
    occurred_on: date | None,
    reason: str,
    note: str = "",
) -> PathwayEvent:
    """Correct an event's date, or retract it (no date), with a reason: a new event (D6)."""
    _require_staff(user, pathway.clinic)
    if event.pathway_id != pathway.pk:
        raise Http404
    if not reason.strip():
        raise ValidationError({"reason": [_("Give the reason for the correction.")]})
    try:
        with transaction.atomic():
            _locked(pathway)
            events = events_of(pathway)
            target = latest_in_chain(next(e for e in events if e.pk == event.pk), events)
            if target.occurred_on == occurred_on:
                raise ValidationError(
                    {
                        "occurred_on": [
                            _("The correction must change the date or retract the event.")
                        ]
                    }
                )
            next_id = max(e.pk for e in events) + 1
            _check_candidate(
                events,
                rules.PathwayEvent(
                    next_id,
                    rules.EventCode(target.code.meaning),
                    occurred_on,
                    corrects=target.pk,
                    reason=reason,
                    outcome=rules.ClosedOutcome(target.code.outcome)
                    if target.code.outcome
                    else None,
                ),
            )
            correction = PathwayEvent.objects.create(
                pathway=pathway,
                code=target.code,
                occurred_on=occurred_on,
                corrects=target,
                reason=reason.strip(),
                note=note,
                recorded_by=user,
            )
            refresh_state(pathway, [*events, correction])
    except IntegrityError as exc:
        raise ValidationError(
            _(
                "The pathway cannot be reopened: the patient has another active pathway at this unit."
            )
        ) from exc
    return correction


@dataclass(frozen=True)
class TimelineEntry:
    """One registered event as shown on the timeline: its corrections listed with it."""

    event: PathwayEvent
    current: PathwayEvent
    corrections: list[PathwayEvent]

    @property
    def retracted(self) -> bool:
        return self.current.occurred_on is None

    @property
    def corrected(self) -> bool:
        return bool(self.corrections)


def timeline(events: Sequence[PathwayEvent]) -> list[TimelineEntry]:
    """Original events in date order (retracted last), each with its chain of corrections."""
    by_corrects = {e.corrects_id: e for e in events if e.corrects_id is not None}
    entries = []
    for original in (e for e in events if e.corrects_id is None):
        chain: list[PathwayEvent] = []
        current = original
        while current.pk in by_corrects:
            current = by_corrects[current.pk]
            chain.append(current)
        entries.append(TimelineEntry(original, current, chain))
    return sorted(
        entries,
        key=lambda t: (
            t.current.occurred_on is None,
            t.current.occurred_on or date.max,
            t.event.pk,
        ),
    )


# Special groups (D8) ------------------------------------------------------------------------


def confirmed_flags(pathway: Pathway) -> list[SpecialGroupFlag]:
    known = {f.value for f in SpecialGroupFlag}
    codes = ReferralFlag.objects.filter(referral_id=pathway.referral_id, confirmed=True)
    return [SpecialGroupFlag(c) for c in codes.values_list("code", flat=True) if c in known]


def adaptations_of(pathway: Pathway) -> frozenset[Adaptation]:
    return adaptations_for(confirmed_flags(pathway))


# Young adults get the shortest suggested dates (D8: early intake, short deadline): each next
# step is suggested at half the national target, and the follow-up meeting after 13 weeks.
YOUNG_ADULT_TARGET_SHARE = 0.5
FOLLOWUP_TARGET_WEEKS = next(
    t.weeks
    for t in rules.PATHWAY_TIME_TARGETS
    if t.code is rules.PathwayTimeCode.SUMMARY_TO_FOLLOWUP
)


def suggested_next_date(
    state: rules.PathwayState, adaptations: frozenset[Adaptation]
) -> date | None:
    """When to aim for the next step: the rules' target date, or sooner for young adults."""
    running = state.running_time
    if running is None or running.started_on is None or running.target_on is None:
        return state.next_step_due_on
    if Adaptation.SHORTEST_SUGGESTED_DEADLINE in adaptations:
        weeks = running.target_weeks * YOUNG_ADULT_TARGET_SHARE
        return running.started_on + timedelta(days=round(weeks * 7))
    return running.target_on


def suggested_followup_date(held_on: date, adaptations: frozenset[Adaptation]) -> date:
    weeks = FOLLOWUP_TARGET_WEEKS
    if Adaptation.SHORTEST_SUGGESTED_DEADLINE in adaptations:
        weeks = round(weeks * YOUNG_ADULT_TARGET_SHARE)
    return held_on + timedelta(weeks=weeks)


ADAPTATION_ITEMS: Mapping[Adaptation, tuple[str, Any]] = {
    Adaptation.WORK_SCHOOL_FOCUS_PLAN_ITEM: (
        MeasureKind.WORK_SCHOOL,
        gettext_lazy("Work and school focus: keep or restore the patient's work or education."),
    ),
    Adaptation.POLYPHARMACY_REVIEW_PLAN_ITEM: (
        MeasureKind.POLYPHARMACY_REVIEW,
        gettext_lazy("Review all medicines for polypharmacy, interactions and reduced metabolism."),
    ),
}

REQUIRED_PARTNERS: Mapping[Adaptation, str] = {
    Adaptation.DPS_PARTNER_REQUIRED: PartnerKind.DPS,
    Adaptation.TSB_PARTNER_REQUIRED: PartnerKind.TSB,
}


def add_adaptation_items(user: User, pathway: Pathway) -> list[TreatmentMeasure]:
    """Add the plan items the confirmed flags call for and the plan lacks (D8)."""
    adaptations = adaptations_of(pathway)
    added = []
    for adaptation, (kind, text) in ADAPTATION_ITEMS.items():
        if adaptation not in adaptations:
            continue
        if pathway.measures.filter(kind=kind).exclude(status=MeasureStatus.STOPPED).exists():
            continue
        added.append(
            TreatmentMeasure.objects.create(
                pathway=pathway,
                kind=kind,
                description=str(text),
                adaptation=adaptation.value,
                created_by=user,
            )
        )
    return added


@dataclass(frozen=True)
class AdaptationView:
    adaptation: Adaptation
    satisfied: bool | None  # None: nothing to check, a reminder only


def adaptation_overview(
    pathway: Pathway,
    adaptations: frozenset[Adaptation],
    measures: Sequence[TreatmentMeasure],
    assessment: AssessmentRecord | None,
) -> list[AdaptationView]:
    active = [m for m in measures if m.status != MeasureStatus.STOPPED]
    result = []
    for adaptation in Adaptation:
        if adaptation not in adaptations:
            continue
        satisfied: bool | None = None
        if adaptation in ADAPTATION_ITEMS:
            satisfied = any(m.kind == ADAPTATION_ITEMS[adaptation][0] for m in active)
        elif adaptation in REQUIRED_PARTNERS:
            satisfied = any(m.partner_kind == REQUIRED_PARTNERS[adaptation] for m in active)
        elif adaptation is Adaptation.TRAUMA_TREATMENT_QUESTION:
            satisfied = (
                assessment is not None and assessment.trauma_treatment_considered is not None
            )
        result.append(AdaptationView(adaptation, satisfied))
    return result


def needs_interpreter(adaptations: frozenset[Adaptation]) -> bool:
    return Adaptation.INTERPRETER_NEED_EVERY_APPOINTMENT in adaptations


# Team and continuity (D2) -------------------------------------------------------------------


@dataclass
class ClinicianContact:
    staff: StaffMember
    contacts: int = 0
    first_on: date | None = None
    last_on: date | None = None
    in_team: bool = False

    def add(self, on: date) -> None:
        self.contacts += 1
        self.first_on = min(self.first_on or on, on)
        self.last_on = max(self.last_on or on, on)


@dataclass
class Continuity:
    clinicians: list[ClinicianContact] = field(default_factory=list)
    contacts: int = 0
    contacts_with_team: int = 0
    assessment_consultations: int = 0
    simultaneous: int = 0

    @property
    def distinct_clinicians(self) -> int:
        return len(self.clinicians)


def professions_of(consultation: Consultation) -> set[str]:
    return {c.profession for c in consultation.clinicians.all()}


def is_simultaneous(consultation: Consultation) -> bool:
    """Several professions at the same consultation (simultaneous presence, D2)."""
    return len(professions_of(consultation)) >= 2


def continuity(
    team: Sequence[PathwayTeamMember],
    consultations: Sequence[Consultation],
    meetings: Sequence[CollaborationMeeting],
) -> Continuity:
    """Whom the patient has met, how often, and whether it was the named team (D2)."""
    team_ids = {t.staff_id for t in team}
    contacts: dict[int, ClinicianContact] = {}
    result = Continuity()

    def met(staff: StaffMember, on: date) -> None:
        entry = contacts.setdefault(staff.pk, ClinicianContact(staff, in_team=staff.pk in team_ids))
        entry.add(on)

    for consultation in consultations:
        staff = list(consultation.clinicians.all())
        for member in staff:
            met(member, consultation.held_on)
        result.contacts += 1
        if any(member.pk in team_ids for member in staff):
            result.contacts_with_team += 1
        if consultation.kind == ConsultationKind.ASSESSMENT:
            result.assessment_consultations += 1
            if is_simultaneous(consultation):
                result.simultaneous += 1
    for meeting in meetings:
        if meeting.status != MeetingStatus.HELD or meeting.held_on is None:
            continue
        staff = [p.staff for p in meeting.participants.all() if p.staff is not None]
        for member in staff:
            met(member, meeting.held_on)
        result.contacts += 1
        if any(member.pk in team_ids for member in staff):
            result.contacts_with_team += 1
    result.clinicians = sorted(contacts.values(), key=lambda c: (-c.contacts, c.staff.name))
    return result


def unit_staff(unit: Clinic) -> QuerySet[StaffMember]:
    return StaffMember.objects.filter(clinic=unit).order_by("profession", "name")


def add_team_member(
    user: User, pathway: Pathway, staff: StaffMember, responsibility: str = ""
) -> PathwayTeamMember:
    _require_staff(user, pathway.clinic)
    if staff.clinic_id != pathway.clinic_id:
        raise ValidationError({"staff": [_("Choose a clinician at the unit.")]})
    if pathway.team.filter(staff=staff).exists():
        raise ValidationError({"staff": [_("The clinician is already in the team.")]})
    return PathwayTeamMember.objects.create(
        pathway=pathway, staff=staff, responsibility=responsibility, added_on=today()
    )


# Consultations ------------------------------------------------------------------------------


def _refuse_if_closed(pathway: Pathway) -> None:
    if pathway.is_closed:
        raise ValidationError(_("The pathway is closed."))


def record_consultation(
    user: User,
    pathway: Pathway,
    *,
    kind: str,
    held_on: date,
    delivery: str,
    mode: str,
    clinicians: Sequence[StaffMember],
    interpreter_used: bool = False,
    note: str = "",
    starts_assessment: bool = False,
) -> Consultation:
    """A consultation with the clinicians present (several professions = simultaneous presence).
    The first assessment consultation may register the assessment start event at the same time."""
    _require_staff(user, pathway.clinic)
    _refuse_if_closed(pathway)
    errors: dict[str, list[str]] = {}
    if not clinicians:
        errors["clinicians"] = [_("Choose at least one clinician who took part.")]
    elif any(c.clinic_id != pathway.clinic_id for c in clinicians):
        errors["clinicians"] = [_("Choose clinicians at the unit that runs the pathway.")]
    if held_on > today():
        errors["held_on"] = [_("Record a consultation when it has taken place.")]
    if starts_assessment and kind != ConsultationKind.ASSESSMENT:
        errors["starts_assessment"] = [
            _("Only an assessment consultation can start the interdisciplinary assessment.")
        ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        consultation = Consultation.objects.create(
            pathway=pathway,
            kind=kind,
            held_on=held_on,
            delivery=delivery,
            mode=mode,
            interpreter_used=interpreter_used,
            note=note,
            recorded_by=user,
        )
        consultation.clinicians.set(clinicians)
        if starts_assessment:
            append_event(
                user,
                pathway,
                code=code_for(EventMeaning.ASSESSMENT_START),
                occurred_on=held_on,
            )
    return consultation


# The interdisciplinary assessment (D6) ------------------------------------------------------

ASSESSMENT_FIELDS = (
    "history",
    "examination",
    "imaging_lab",
    "physical_function",
    "mental_function",
    "social_function",
    "psychosocial",
    "earlier_treatments",
    "dependence",
    "patient_goals",
    "patient_expectations",
    "work_and_finances",
    "trauma_treatment_considered",
    "trauma_treatment_note",
    "conclusion",
)


def save_assessment(
    user: User,
    pathway: Pathway,
    data: Mapping[str, Any],
    *,
    complete: bool = False,
    completed_on: date | None = None,
) -> AssessmentRecord:
    """Save the assessment record; completing it needs the patient's goals, expectations, work
    and finances, and the trauma-treatment question when the trauma flag is confirmed."""
    _require_staff(user, pathway.clinic)
    record = AssessmentRecord.objects.filter(pathway=pathway).first() or AssessmentRecord(
        pathway=pathway
    )
    for name in ASSESSMENT_FIELDS:
        if name in data:
            setattr(record, name, data[name])
    if complete:
        errors: dict[str, list[str]] = {}
        required = {
            "patient_goals": _("Record the patient's own goals."),
            "patient_expectations": _("Record the patient's expectations."),
            "work_and_finances": _("Record the patient's work and finances."),
        }
        for name, message in required.items():
            if not str(getattr(record, name) or "").strip():
                errors[name] = [message]
        if (
            Adaptation.TRAUMA_TREATMENT_QUESTION in adaptations_of(pathway)
            and record.trauma_treatment_considered is None
        ):
            errors["trauma_treatment_considered"] = [
                _(
                    "The patient has experienced trauma: answer whether trauma treatment is considered."
                )
            ]
        if errors:
            raise ValidationError(errors)
        record.completed_on = record.completed_on or completed_on or today()
    record.updated_by = user
    record.save()
    return record


# Treatment plan (D7) ------------------------------------------------------------------------

MEASURE_FIELDS = (
    "kind",
    "description",
    "responsible",
    "setting",
    "delivery",
    "partner_kind",
    "status",
    "started_on",
    "experimental",
    "study_name",
    "medicine_name",
    "atc_code",
    "alternatives_considered",
    "alternatives_note",
    "opioid_substance",
    "route",
    "daily_dose",
    "dose_unit",
)


def _medicine_checks(measure: TreatmentMeasure, errors: dict[str, list[str]]) -> None:
    if not measure.medicine_name.strip():
        errors["medicine_name"] = [_("Name the medicine.")]
    if not measure.atc_code.strip():
        errors["atc_code"] = [_("Give the medicine's ATC code.")]
        return
    measure.atc_code = measure.atc_code.replace(" ", "").upper()
    klass = habit_forming_class(measure.atc_code)
    measure.habit_forming_class = klass.value if klass else ""
    considered = measure.alternatives_considered and bool(measure.alternatives_note.strip())
    if can_start(Medicine(measure.medicine_name, measure.atc_code), considered):
        errors["alternatives_considered"] = [
            _(
                "A habit-forming medicine cannot be started before non-drug alternatives have "
                "been considered with the patient: record which alternatives were considered."
            )
        ]
    measure.omeq_mg_per_day = None
    measure.omeq_note = ""
    if klass is not HabitFormingClass.OPIOID:
        return
    substance = measure.opioid_substance or measure.atc_code
    if not measure.route or measure.daily_dose is None or not measure.dose_unit:
        errors["daily_dose"] = [
            _(
                "For an opioid, give the route, the daily dose and its unit (oral morphine equivalents)."
            )
        ]
        return
    try:
        entry = conversion_entry(substance, measure.route)
    except NoFixedConversion as exc:
        measure.opioid_substance = exc.substance
        measure.omeq_note = _(
            "Methadone has no fixed conversion to oral morphine equivalents: "
            "a specialist's individual assessment."
        )
        return
    except ValueError:
        errors["opioid_substance"] = [
            _(
                "painpath has no conversion to oral morphine equivalents for this substance and "
                "route: choose the substance and route from the conversion table."
            )
        ]
        return
    measure.opioid_substance = entry.substance
    try:
        omeq = oral_morphine_equivalent(
            entry.substance, measure.route, float(measure.daily_dose), measure.dose_unit
        )
    except ValueError:
        errors["dose_unit"] = [
            _(
                "This opioid and route are dosed in another unit (mg per day or micrograms per hour)."
            )
        ]
        return
    measure.omeq_mg_per_day = Decimal(str(round(omeq, 1)))


def _validate_measure(measure: TreatmentMeasure) -> None:
    errors: dict[str, list[str]] = {}
    if measure.kind == MeasureKind.MEDICINE:
        _medicine_checks(measure, errors)
    elif measure.kind not in MeasureKind.values:
        errors["kind"] = [_("Choose a measure.")]
    if not measure.description.strip() and measure.kind != MeasureKind.MEDICINE:
        errors["description"] = [_("Describe the measure.")]
    if experimental_requires_study(measure.experimental, measure.study_name):
        errors["study_name"] = [
            _("Experimental treatment can only be given within a clinical study: name the study.")
        ]
    if measure.kind == MeasureKind.COLLABORATION and not measure.partner_kind:
        errors["partner_kind"] = [_("Choose the service the clinic collaborates with.")]
    if errors:
        raise ValidationError(errors)
    if measure.status == MeasureStatus.ONGOING and measure.started_on is None:
        measure.started_on = today()
    if measure.status in (MeasureStatus.COMPLETED, MeasureStatus.STOPPED) and not measure.ended_on:
        measure.ended_on = today()


def add_measure(
    user: User,
    pathway: Pathway,
    data: Mapping[str, Any],
    meeting: CollaborationMeeting | None = None,
) -> TreatmentMeasure:
    """Add a measure to the treatment plan, with the medicine rules of D7."""
    _require_staff(user, pathway.clinic)
    _refuse_if_closed(pathway)
    measure = TreatmentMeasure(pathway=pathway, meeting=meeting, created_by=user)
    for name in MEASURE_FIELDS:
        if name in data and data[name] is not None:
            setattr(measure, name, data[name])
    _validate_measure(measure)
    measure.save()
    return measure


def update_measure(
    user: User, measure: TreatmentMeasure, *, status: str, setting: str | None = None
) -> TreatmentMeasure:
    """Follow a measure up: its status, and where it continues (clinic, municipality)."""
    _require_staff(user, measure.pathway.clinic)
    if status not in MeasureStatus.values:
        raise ValidationError({"status": [_("Choose a status.")]})
    measure.status = status
    if setting:
        measure.setting = setting
    _validate_measure(measure)
    measure.save()
    return measure


def total_omeq(measures: Iterable[TreatmentMeasure]) -> Decimal:
    """Oral morphine equivalents per day of the opioids in use (each converted by the rules)."""
    return sum(
        (
            m.omeq_mg_per_day
            for m in measures
            if m.omeq_mg_per_day is not None and m.status == MeasureStatus.ONGOING
        ),
        Decimal(0),
    )


# Collaboration meetings (D6, D9) ------------------------------------------------------------


@dataclass
class ParticipantIn:
    role: str
    name: str = ""
    organisation: str = ""
    staff: StaffMember | None = None


def hold_meeting(
    user: User,
    pathway: Pathway,
    *,
    kind: str,
    held_on: date,
    mode: str,
    patient_own_words: str,
    discussion: str,
    participants: Sequence[ParticipantIn],
    measures: Sequence[Mapping[str, Any]] = (),
    followup_on: date | None = None,
    followup_late_reason: str = "",
    booked: CollaborationMeeting | None = None,
) -> CollaborationMeeting:
    """Record a collaboration meeting as held (D6): with the patient and at least one of the
    team, the patient's own words first, the plan agreed measure by measure, and (summarising
    meeting) the follow-up meeting booked within about 6 months. Registers the pathway event."""
    _require_staff(user, pathway.clinic)
    _refuse_if_closed(pathway)
    errors: dict[str, list[str]] = {}
    roles = [p.role for p in participants]
    if ParticipantRole.PATIENT not in roles:
        errors.setdefault("participants", []).append(
            _("The patient must take part in a collaboration meeting.")
        )
    team = [p for p in participants if p.role == ParticipantRole.TEAM]
    if not team or any(p.staff is None for p in team):
        errors.setdefault("participants", []).append(
            _("At least one of the clinic's team must take part.")
        )
    elif any(p.staff is not None and p.staff.clinic_id != pathway.clinic_id for p in team):
        errors.setdefault("participants", []).append(_("Choose team members at the unit."))
    for p in participants:
        if p.role not in (ParticipantRole.PATIENT, ParticipantRole.TEAM) and not (
            p.name.strip() or p.organisation.strip()
        ):
            errors.setdefault("participants", []).append(
                _("Give the name of every participant (%(role)s).")
                % {"role": ParticipantRole(p.role).label}
            )
    if not patient_own_words.strip():
        errors["patient_own_words"] = [
            _("The patient speaks first: record the patient's own words.")
        ]
    if held_on > today():
        errors["held_on"] = [_("Record the meeting when it has been held.")]
    if booked is not None and (booked.pathway_id != pathway.pk or booked.status != "booked"):
        raise Http404
    events = events_of(pathway)
    state = state_of(pathway, events)
    if kind == MeetingKind.SUMMARY:
        if any(
            e.code.meaning == EventMeaning.SUMMARY_MEETING for e in state_effective(events, state)
        ):
            errors.setdefault("__all__", []).append(
                _("The summarising meeting has been held already: book a follow-up meeting.")
            )
        if followup_on is None:
            errors["followup_on"] = [
                _("Book the follow-up collaboration meeting (about 6 months later).")
            ]
        elif followup_on <= held_on:
            errors["followup_on"] = [_("The follow-up meeting comes after this meeting.")]
        elif (
            followup_on > held_on + timedelta(weeks=FOLLOWUP_TARGET_WEEKS)
            and not followup_late_reason.strip()
        ):
            errors["followup_late_reason"] = [
                _(
                    "The follow-up meeting is booked more than 6 months after this meeting: "
                    "give the reason."
                )
            ]
    existing_measures = list(pathway.measures.exclude(status=MeasureStatus.STOPPED))
    plan_partner_kinds = {m.partner_kind for m in existing_measures} | {
        str(m.get("partner_kind") or "") for m in measures
    }
    if kind == MeetingKind.SUMMARY:
        if not existing_measures and not measures:
            errors.setdefault("measures", []).append(
                _("The summarising meeting ends with a plan: agree at least one measure.")
            )
        adaptations = adaptations_of(pathway)
        for adaptation, partner in REQUIRED_PARTNERS.items():
            if adaptation in adaptations and partner not in plan_partner_kinds:
                errors.setdefault("measures", []).append(
                    _("The plan must include collaboration with %(partner)s.")
                    % {"partner": PartnerKind(partner).label}
                )
    if errors:
        raise ValidationError(errors)

    meaning = (
        EventMeaning.SUMMARY_MEETING
        if kind == MeetingKind.SUMMARY
        else EventMeaning.FOLLOWUP_MEETING
    )
    with transaction.atomic():
        meeting = booked or CollaborationMeeting(pathway=pathway, kind=kind, recorded_by=user)
        meeting.kind = kind
        meeting.status = MeetingStatus.HELD
        meeting.held_on = held_on
        meeting.mode = mode
        meeting.patient_own_words = patient_own_words.strip()
        meeting.discussion = discussion.strip()
        meeting.followup_late_reason = followup_late_reason.strip()
        meeting.save()
        for p in participants:
            name = p.name.strip()
            if p.role == ParticipantRole.PATIENT and not name:
                name = pathway.patient.full_name
            if p.staff is not None and not name:
                name = p.staff.name
            MeetingParticipant.objects.create(
                meeting=meeting,
                role=p.role,
                name=name,
                organisation=p.organisation.strip(),
                staff=p.staff,
            )
        measure_errors: dict[str, list[str]] = {}
        for index, data in enumerate(measures, start=1):
            try:
                add_measure(user, pathway, data, meeting=meeting)
            except ValidationError as exc:
                for messages in exc.message_dict.values():
                    measure_errors.setdefault("measures", []).extend(
                        _("Measure %(n)s: %(message)s") % {"n": index, "message": m}
                        for m in messages
                    )
        if measure_errors:
            raise ValidationError(measure_errors)
        # A further follow-up meeting after the first is recorded, without a second event.
        already = any(e.code.meaning == meaning for e in state_effective(events, state))
        if not already:
            meeting.event = append_event(user, pathway, code=code_for(meaning), occurred_on=held_on)
            meeting.save(update_fields=["event"])
        if followup_on is not None:
            CollaborationMeeting.objects.create(
                pathway=pathway,
                kind=MeetingKind.FOLLOWUP,
                status=MeetingStatus.BOOKED,
                scheduled_on=followup_on,
                mode=mode,
                booked_from=meeting,
                recorded_by=user,
            )
        store_summary(meeting)
    return meeting


def state_effective(
    events: Sequence[PathwayEvent], state: rules.PathwayState
) -> list[PathwayEvent]:
    ids = {e.id for e in state.effective_events}
    return [e for e in events if e.pk in ids]


def cancel_meeting(user: User, meeting: CollaborationMeeting) -> None:
    _require_staff(user, meeting.pathway.clinic)
    if meeting.status != MeetingStatus.BOOKED:
        raise ValidationError(_("Only a booked meeting can be cancelled."))
    meeting.status = MeetingStatus.CANCELLED
    meeting.save(update_fields=["status"])


def meetings_of(pathway: Pathway) -> list[CollaborationMeeting]:
    """Oldest first: the meetings held, then the one booked; each with the follow-up booked at it."""
    return list(
        pathway.meetings.select_related("booked_followup")
        .prefetch_related(
            Prefetch("participants", queryset=MeetingParticipant.objects.select_related("staff")),
            "measures",
        )
        .order_by(Coalesce("held_on", "scheduled_on").asc(nulls_last=True), "id")
    )


def store_summary(meeting: CollaborationMeeting) -> None:
    """Produce and store the meeting summary for the GP and the patient (letters service)."""
    from painpath.pathways import summaries

    summaries.store_meeting_summaries(meeting)


# Unit list ----------------------------------------------------------------------------------


def unit_pathways(
    unit_ids: Sequence[int], *, phase: str = "", at_risk: bool = False, query: str = ""
) -> QuerySet[Pathway]:
    """Pathways of the units, pathway times at risk first (the rules' sort key, stored)."""
    pathways = Pathway.objects.filter(clinic_id__in=list(unit_ids)).select_related(
        "patient", "coordinator"
    )
    if phase:
        pathways = pathways.filter(phase=phase)
    if at_risk:
        pathways = pathways.filter(
            sort_group=SortGroup.RUNNING,
            running_target_on__lte=today() + timedelta(days=rules.AT_RISK_DAYS),
        )
    if query:
        from django.db.models import Q

        pathways = pathways.filter(
            Q(patient__family_name__icontains=query) | Q(patient__given_name__icontains=query)
        )
    return pathways.order_by("sort_group", "running_target_on", "id")


def page_of(pathways: QuerySet[Pathway], offset: int, limit: int) -> list[Pathway]:
    """One page of an ordered pathway list: the ids first (read from the list index alone, cheap
    however deep the page), then those rows with their patients."""
    ids = list(pathways.values_list("pk", flat=True)[offset : offset + limit])
    rows = pathways.model.objects.select_related("patient", "coordinator", "clinic").in_bulk(ids)
    return [rows[pk] for pk in ids]


def patient_pathways(user: User, patient: Patient) -> list[Pathway]:
    return list(
        visible_pathways(user).filter(patient=patient).select_related("clinic").order_by("-id")
    )


def require_unit_staff(user: User) -> None:
    if not user.unit_ids():
        raise PermissionDenied(_("You must belong to a unit to work with pathways."))


# The pathway page -----------------------------------------------------------------------------


@dataclass
class Overview:
    """Everything the pathway page and the API's detail show, read in a fixed number of queries."""

    pathway: Pathway
    state: rules.PathwayState
    events: list[PathwayEvent]
    timeline: list[TimelineEntry]
    adaptations: frozenset[Adaptation]
    adaptation_views: list[AdaptationView]
    interpreter: bool
    suggested_next_on: date | None
    team: list[PathwayTeamMember]
    consultations: list[Consultation]
    meetings: list[CollaborationMeeting]
    measures: list[TreatmentMeasure]
    assessment: AssessmentRecord | None
    continuity: Continuity
    total_omeq: Decimal
    flags: list[SpecialGroupFlag]

    @property
    def booked_meetings(self) -> list[CollaborationMeeting]:
        return [m for m in self.meetings if m.status == MeetingStatus.BOOKED]

    @property
    def held_meetings(self) -> list[CollaborationMeeting]:
        return [m for m in self.meetings if m.status == MeetingStatus.HELD]

    @property
    def summary_held(self) -> bool:
        return any(m.kind == MeetingKind.SUMMARY for m in self.held_meetings)

    @property
    def missing_plan_items(self) -> bool:
        return any(
            a.satisfied is False and a.adaptation in ADAPTATION_ITEMS for a in self.adaptation_views
        )

    @property
    def habit_forming_warning(self) -> bool:
        return Adaptation.HABIT_FORMING_MEDICINE_WARNING in self.adaptations


def overview(pathway: Pathway) -> Overview:
    events = events_of(pathway)
    state = state_of(pathway, events)
    flags = confirmed_flags(pathway)
    adaptations = adaptations_for(flags)
    team = list(pathway.team.select_related("staff"))
    consultations = list(pathway.consultations.prefetch_related("clinicians"))
    meetings = meetings_of(pathway)
    measures = list(pathway.measures.all())
    assessment = AssessmentRecord.objects.filter(pathway=pathway).first()
    return Overview(
        pathway=pathway,
        state=state,
        events=events,
        timeline=timeline(events),
        adaptations=adaptations,
        adaptation_views=adaptation_overview(pathway, adaptations, measures, assessment),
        interpreter=needs_interpreter(adaptations),
        suggested_next_on=suggested_next_date(state, adaptations),
        team=team,
        consultations=consultations,
        meetings=meetings,
        measures=measures,
        assessment=assessment,
        continuity=continuity(team, consultations, meetings),
        total_omeq=total_omeq(measures),
        flags=flags,
    )


def set_on_hold(user: User, pathway: Pathway, *, on_hold: bool, reason: str = "") -> None:
    """Put the pathway on hold (e.g. at the patient's wish) or resume it. The pathway times keep
    running: the national targets have no pause."""
    _require_staff(user, pathway.clinic)
    _refuse_if_closed(pathway)
    if on_hold and not reason.strip():
        raise ValidationError({"reason": [_("Give the reason for putting the pathway on hold.")]})
    pathway.on_hold = on_hold
    pathway.on_hold_reason = reason.strip() if on_hold else ""
    pathway.save(update_fields=["on_hold", "on_hold_reason"])


def meeting_documents(meeting: CollaborationMeeting) -> list[Any]:
    """The stored summaries of a meeting (as sent), newest first."""
    from painpath.pathways import summaries

    return summaries.documents_for(meeting)


# Common medicines in pain treatment, offered as suggestions in the form (name, ATC code).
COMMON_MEDICINES: tuple[tuple[str, str], ...] = (
    ("Paracetamol", "N02BE01"),
    ("Ibuprofen", "M01AE01"),
    ("Naproksen", "M01AE02"),
    ("Amitriptylin", "N06AA09"),
    ("Duloksetin", "N06AX21"),
    ("Gabapentin", "N02BF01"),
    ("Pregabalin", "N02BF02"),
    ("Tramadol", "N02AX02"),
    ("Kodein og paracetamol", "N02AJ06"),
    ("Oksykodon", "N02AA05"),
    ("Morfin", "N02AA01"),
    ("Buprenorfin (plaster)", "N02AE01"),
    ("Fentanyl (plaster)", "N02AB03"),
    ("Tapentadol", "N02AX06"),
    ("Diazepam", "N05BA01"),
    ("Zopiklon", "N05CF01"),
)
