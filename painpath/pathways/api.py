"""The pathway API at /api/pathways (D6–D9, D12): pathways, their events and meetings, and the
FHIR R4 export (EpisodeOfCare with the meetings as Encounters). Thin over services.py."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import Field, Router, Schema, Status

from painpath.audit.models import AuditAction
from painpath.audit.services import record_list_read
from painpath.core.api_auth import api_user
from painpath.organisation.models import StaffMember
from painpath.pathways import fhir, services
from painpath.pathways.models import (
    CollaborationMeeting,
    MeetingKind,
    Pathway,
    PathwayEvent,
    PathwayEventCode,
    PhaseChoices,
)

router = Router(tags=["pathways"])

MAX_LIMIT = 200


class PathwayOut(Schema):
    id: int
    patient_id: int
    patient_name: str
    clinic_id: int
    clinic_name: str
    referral_id: int
    decision_id: int
    started_on: date | None
    phase: str
    on_hold: bool
    next_step: str
    next_step_due_on: date | None
    running_time: str
    running_target_on: date | None
    days_left: int | None
    closed_on: date | None
    closed_outcome: str


class PathwayPage(Schema):
    count: int
    items: list[PathwayOut]


class TimeOut(Schema):
    code: str
    target_weeks: int
    started_on: date | None
    ended_on: date | None
    target_on: date | None
    elapsed_days: int | None
    days_left: int | None
    status: str
    at_risk: bool


class EventOut(Schema):
    id: int
    code: str
    label: str
    meaning: str
    outcome: str
    occurred_on: date | None
    corrects: int | None
    reason: str
    note: str
    recorded_by: str
    effective: bool


class PathwayDetail(PathwayOut):
    times: list[TimeOut]
    issues: list[str]
    events: list[EventOut]
    flags: list[str]
    adaptations: list[str]
    distinct_clinicians: int
    total_omeq_mg_per_day: Decimal


class StartIn(Schema):
    decision_id: int
    starts_on: date
    pain_since: date | None = None
    complex_pain: bool | None = None
    coordinator_id: int | None = None
    note: str = ""


class EventIn(Schema):
    """A new event (``code``: the configured code value, e.g. "SM-U"), or a correction of an
    earlier one (``corrects`` and ``reason``; ``occurred_on`` null retracts it)."""

    code: str | None = None
    occurred_on: date | None = None
    note: str = ""
    corrects: int | None = None
    reason: str = ""


class CodeOut(Schema):
    code: str
    label: str
    meaning: str
    outcome: str


class ParticipantSchema(Schema):
    role: str
    name: str = ""
    organisation: str = ""
    staff_id: int | None = None


class MeasureSchema(Schema):
    kind: str
    description: str = ""
    responsible: str = ""
    setting: str = "clinic"
    delivery: str = "individual"
    partner_kind: str = ""
    status: str = "planned"


class MeetingIn(Schema):
    kind: str = Field(MeetingKind.SUMMARY.value, description="summary or followup")
    held_on: date
    mode: str = "digital"
    patient_own_words: str
    discussion: str = ""
    participants: list[ParticipantSchema]
    measures: list[MeasureSchema] = []
    followup_on: date | None = None
    followup_late_reason: str = ""
    booked_meeting_id: int | None = None


class MeetingOut(Schema):
    id: int
    kind: str
    status: str
    scheduled_on: date | None
    held_on: date | None
    mode: str
    patient_own_words: str
    discussion: str
    participants: list[ParticipantSchema]
    measures: list[MeasureSchema]
    event_id: int | None
    followup_booked_on: date | None


def _pathway_out(pathway: Pathway, today: date) -> dict[str, Any]:
    target = pathway.running_target_on
    return {
        "id": pathway.pk,
        "patient_id": pathway.patient_id,
        "patient_name": pathway.patient.full_name,
        "clinic_id": pathway.clinic_id,
        "clinic_name": pathway.clinic.name,
        "referral_id": pathway.referral_id,
        "decision_id": pathway.decision_id,
        "started_on": pathway.started_on,
        "phase": pathway.phase,
        "on_hold": pathway.on_hold,
        "next_step": pathway.next_step,
        "next_step_due_on": pathway.next_step_due_on,
        "running_time": pathway.running_time,
        "running_target_on": target,
        "days_left": (target - today).days if target else None,
        "closed_on": pathway.closed_on,
        "closed_outcome": pathway.closed_outcome,
    }


def _detail(pathway: Pathway) -> dict[str, Any]:
    view = services.overview(pathway)
    effective = {e.id for e in view.state.effective_events}
    return {
        **_pathway_out(pathway, services.today()),
        "times": [
            {
                "code": t.code.value,
                "target_weeks": t.target_weeks,
                "started_on": t.started_on,
                "ended_on": t.ended_on,
                "target_on": t.target_on,
                "elapsed_days": t.elapsed_days,
                "days_left": t.days_left,
                "status": t.status.value,
                "at_risk": t.at_risk,
            }
            for t in view.state.times
        ],
        "issues": [i.value for i in view.state.issues],
        "events": [_event_out(e, e.pk in effective) for e in view.events],
        "flags": [f.value for f in view.flags],
        "adaptations": sorted(a.value for a in view.adaptations),
        "distinct_clinicians": view.continuity.distinct_clinicians,
        "total_omeq_mg_per_day": view.total_omeq,
    }


def _event_out(event: PathwayEvent, effective: bool) -> dict[str, Any]:
    return {
        "id": event.pk,
        "code": event.code.code,
        "label": event.code.label,
        "meaning": event.code.meaning,
        "outcome": event.code.outcome,
        "occurred_on": event.occurred_on,
        "corrects": event.corrects_id,
        "reason": event.reason,
        "note": event.note,
        "recorded_by": event.recorded_by.username,
        "effective": effective,
    }


def _meeting_out(meeting: CollaborationMeeting) -> dict[str, Any]:
    followup = getattr(meeting, "booked_followup", None)
    return {
        "id": meeting.pk,
        "kind": meeting.kind,
        "status": meeting.status,
        "scheduled_on": meeting.scheduled_on,
        "held_on": meeting.held_on,
        "mode": meeting.mode,
        "patient_own_words": meeting.patient_own_words,
        "discussion": meeting.discussion,
        "participants": [
            {
                "role": p.role,
                "name": p.name,
                "organisation": p.organisation,
                "staff_id": p.staff_id,
            }
            for p in meeting.participants.all()
        ],
        "measures": [
            {
                "kind": m.kind,
                "description": m.description,
                "responsible": m.responsible,
                "setting": m.setting,
                "delivery": m.delivery,
                "partner_kind": m.partner_kind,
                "status": m.status,
            }
            for m in meeting.measures.all()
        ],
        "event_id": meeting.event_id,
        "followup_booked_on": followup.scheduled_on if followup else None,
    }


@router.get("", response=PathwayPage, summary="Pathways of your units, at risk first")
def list_pathways(
    request: HttpRequest,
    unit_id: int | None = None,
    phase: str = "",
    at_risk: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> dict[str, Any]:
    user = api_user(request)
    unit_ids = user.unit_ids()
    if unit_id is not None:
        if unit_id not in unit_ids:
            raise Http404
        unit_ids = [unit_id]
    if phase and phase not in PhaseChoices.values:
        raise ValidationError({"phase": [f"one of {', '.join(PhaseChoices.values)}"]})
    pathways = services.unit_pathways(unit_ids, phase=phase, at_risk=at_risk)
    page = services.page_of(pathways, max(0, offset), max(1, min(limit, MAX_LIMIT)))
    record_list_read(Pathway, [p.patient_id for p in page], api=True)
    today = services.today()
    return {"count": pathways.count(), "items": [_pathway_out(p, today) for p in page]}


@router.post("", response={201: PathwayDetail}, summary="Start a pathway from a granted decision")
def start_pathway(request: HttpRequest, payload: StartIn) -> Status:
    user = api_user(request)
    decision = services.get_startable_decision_or_404(user, payload.decision_id)
    coordinator = None
    if payload.coordinator_id is not None:
        coordinator = StaffMember.objects.filter(pk=payload.coordinator_id).first()
        if coordinator is None:
            raise ValidationError({"coordinator_id": ["unknown staff member"]})
    pathway = services.start_pathway(
        user,
        decision,
        starts_on=payload.starts_on,
        pain_since=payload.pain_since,
        complex_pain=payload.complex_pain,
        coordinator=coordinator,
        note=payload.note,
    )
    return Status(201, _detail(services.get_pathway_or_404(user, pathway.pk)))


@router.get("/event-codes", response=list[CodeOut], summary="The event codes in use (D6)")
def event_codes(request: HttpRequest) -> list[PathwayEventCode]:
    api_user(request)
    return services.active_codes()


@router.get("/{pathway_id}", response=PathwayDetail, summary="One pathway with its pathway times")
def get_pathway(request: HttpRequest, pathway_id: int) -> dict[str, Any]:
    return _detail(services.get_pathway_or_404(api_user(request), pathway_id))


@router.get("/{pathway_id}/events", response=list[EventOut], summary="The pathway's events")
def list_events(request: HttpRequest, pathway_id: int) -> list[dict[str, Any]]:
    pathway = services.get_pathway_or_404(api_user(request), pathway_id)
    events = services.events_of(pathway)
    effective = {e.id for e in services.state_of(pathway, events).effective_events}
    return [_event_out(e, e.pk in effective) for e in events]


@router.post(
    "/{pathway_id}/events",
    response={201: EventOut},
    summary="Register an event, or correct or retract one (append-only)",
)
def add_event(request: HttpRequest, pathway_id: int, payload: EventIn) -> Status:
    user = api_user(request)
    pathway = services.get_pathway_or_404(user, pathway_id)
    if payload.corrects is not None:
        original = pathway.events.filter(pk=payload.corrects).first()
        if original is None:
            raise ValidationError({"corrects": ["no such event in this pathway"]})
        event = services.correct_event(
            user,
            pathway,
            original,
            occurred_on=payload.occurred_on,
            reason=payload.reason,
            note=payload.note,
        )
    else:
        code = PathwayEventCode.objects.filter(code=payload.code or "", active=True).first()
        if code is None:
            raise ValidationError({"code": ["unknown event code: see /api/pathways/event-codes"]})
        if payload.occurred_on is None:
            raise ValidationError({"occurred_on": ["required"]})
        event = services.append_event(
            user, pathway, code=code, occurred_on=payload.occurred_on, note=payload.note
        )
    event = PathwayEvent.objects.select_related("code", "recorded_by").get(pk=event.pk)
    return Status(201, _event_out(event, payload.occurred_on is not None))


@router.get(
    "/{pathway_id}/meetings", response=list[MeetingOut], summary="The collaboration meetings"
)
def list_meetings(request: HttpRequest, pathway_id: int) -> list[dict[str, Any]]:
    pathway = services.get_pathway_or_404(api_user(request), pathway_id)
    return [_meeting_out(m) for m in services.meetings_of(pathway)]


@router.post(
    "/{pathway_id}/meetings",
    response={201: MeetingOut},
    summary="Record a collaboration meeting as held (registers the pathway event)",
)
def hold_meeting(request: HttpRequest, pathway_id: int, payload: MeetingIn) -> Status:
    user = api_user(request)
    pathway = services.get_pathway_or_404(user, pathway_id)
    if payload.kind not in MeetingKind.values:
        raise ValidationError({"kind": ["summary or followup"]})
    staff = {s.pk: s for s in services.unit_staff(pathway.clinic)}
    participants = []
    for p in payload.participants:
        member = None
        if p.staff_id is not None:
            member = staff.get(p.staff_id)
            if member is None:
                raise ValidationError({"participants": ["unknown staff member at the unit"]})
        participants.append(services.ParticipantIn(p.role, p.name, p.organisation, member))
    booked = None
    if payload.booked_meeting_id is not None:
        booked = pathway.meetings.filter(pk=payload.booked_meeting_id, status="booked").first()
        if booked is None:
            raise ValidationError({"booked_meeting_id": ["no such booked meeting"]})
    meeting = services.hold_meeting(
        user,
        pathway,
        kind=payload.kind,
        held_on=payload.held_on,
        mode=payload.mode,
        patient_own_words=payload.patient_own_words,
        discussion=payload.discussion,
        participants=participants,
        measures=[m.dict() for m in payload.measures],
        followup_on=payload.followup_on,
        followup_late_reason=payload.followup_late_reason,
        booked=booked,
    )
    found = next(m for m in services.meetings_of(pathway) if m.pk == meeting.pk)
    return Status(201, _meeting_out(found))


@router.get(
    "/{pathway_id}/fhir",
    summary="The pathway as FHIR R4: an EpisodeOfCare and the meetings as Encounters (Bundle)",
)
def pathway_fhir(request: HttpRequest, pathway_id: int) -> HttpResponse:
    pathway = services.get_pathway_or_404(
        api_user(request),
        pathway_id,
        audit_action=AuditAction.EXPORT,
        audit_detail={"format": "fhir-r4"},
    )
    events = services.events_of(pathway)
    state = services.state_of(pathway, events)
    bundle = fhir.pathway_bundle(
        pathway, state, events, services.meetings_of(pathway), services.today()
    )
    return JsonResponse(bundle, content_type="application/fhir+json")
