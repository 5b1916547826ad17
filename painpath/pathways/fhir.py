"""A pathway as FHIR R4 (D12): an ``EpisodeOfCare`` with its status, the collaboration meetings as
``Encounter`` resources, in a collection ``Bundle``. Built and validated with
``fhir.resources.R4B`` (R4-compatible; the package's top-level classes are R5).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.encounter import Encounter
from fhir.resources.R4B.episodeofcare import EpisodeOfCare

from painpath.interop.fhir import DNR, FNR, PAINPATH, RESH
from painpath.pathways.models import (
    ClosedOutcomeChoices,
    CollaborationMeeting,
    MeetingKind,
    MeetingStatus,
    Mode,
    Pathway,
    PathwayEvent,
)
from painpath.rules import pathway_times as rules

NS_PATHWAY = f"{PAINPATH}/NamingSystem/pathway"
NS_MEETING = f"{PAINPATH}/NamingSystem/collaboration-meeting"
CS_PATHWAY_TYPE = f"{PAINPATH}/CodeSystem/pathway-type"
CS_MEETING_TYPE = f"{PAINPATH}/CodeSystem/collaboration-meeting"
CS_EVENT_CODE = f"{PAINPATH}/CodeSystem/pathway-event"
EXT_PHASE = f"{PAINPATH}/StructureDefinition/pathway-phase"
EXT_CLOSED_OUTCOME = f"{PAINPATH}/StructureDefinition/pathway-closed-outcome"
V3_ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"

_NAMESPACE = uuid.UUID("7a0f3f4e-1f0c-4f4e-9d5e-2b7f6f0a9c11")


def _urn(kind: str, pk: int) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'painpath:{kind}:{pk}')}"


def episode_status(pathway: Pathway, state: rules.PathwayState, today: date) -> str:
    """planned (not begun), active, onhold, finished, cancelled (closed before the assessment
    began for other reasons)."""
    if state.phase is rules.Phase.CLOSED:
        assessed = state.time(rules.PathwayTimeCode.START_TO_ASSESSMENT).ended_on is not None
        if state.closed_outcome is rules.ClosedOutcome.OTHER and not assessed:
            return "cancelled"
        return "finished"
    started_on = state.time(rules.PathwayTimeCode.START_TO_ASSESSMENT).started_on
    if started_on is None or started_on > today:
        return "planned"
    if pathway.on_hold:
        return "onhold"
    return "active"


def _patient_reference(pathway: Pathway) -> dict[str, Any]:
    patient = pathway.patient
    system = DNR if patient.id_kind == "d_number" else FNR
    return {
        "identifier": {"system": system, "value": patient.national_id},
        "display": patient.full_name,
    }


def _organisation_reference(pathway: Pathway) -> dict[str, Any]:
    clinic = pathway.clinic
    reference: dict[str, Any] = {"display": clinic.name}
    if clinic.resh_id:
        reference["identifier"] = {"system": RESH, "value": clinic.resh_id}
    return reference


def episode_of_care(
    pathway: Pathway, state: rules.PathwayState, events: list[PathwayEvent], today: date
) -> EpisodeOfCare:
    status = episode_status(pathway, state, today)
    started_on = state.time(rules.PathwayTimeCode.START_TO_ASSESSMENT).started_on
    period: dict[str, str] = {}
    if started_on:
        period["start"] = started_on.isoformat()
    if state.closed_on:
        period["end"] = state.closed_on.isoformat()
    extensions: list[dict[str, Any]] = [{"url": EXT_PHASE, "valueCode": state.phase.value}]
    if state.closed_outcome is not None:
        extensions.append(
            {
                "url": EXT_CLOSED_OUTCOME,
                "valueCoding": {
                    "system": CS_EVENT_CODE,
                    "code": state.closed_outcome.value,
                    "display": str(ClosedOutcomeChoices(state.closed_outcome.value).label),
                },
            }
        )
    history = []
    if started_on:
        history.append(
            {
                "status": "active",
                "period": {
                    "start": started_on.isoformat(),
                    **({"end": period["end"]} if "end" in period else {}),
                },
            }
        )
    if status in ("finished", "cancelled") and state.closed_on:
        history.append({"status": status, "period": {"start": state.closed_on.isoformat()}})
    data: dict[str, Any] = {
        "id": f"pathway-{pathway.pk}",
        "extension": extensions,
        "identifier": [{"system": NS_PATHWAY, "value": str(pathway.pk)}],
        "status": status,
        "statusHistory": history or None,
        "type": [
            {
                "coding": [
                    {
                        "system": CS_PATHWAY_TYPE,
                        "code": "long-lasting-complex-pain",
                        "display": "Pasientforløp for langvarige og sammensatte smertetilstander",
                    }
                ]
            }
        ],
        "patient": _patient_reference(pathway),
        "managingOrganization": _organisation_reference(pathway),
        "period": period or None,
        "referralRequest": [
            {"reference": f"ServiceRequest/referral-{pathway.referral_id}", "display": "Henvisning"}
        ],
    }
    if pathway.coordinator is not None:
        data["careManager"] = {"display": pathway.coordinator.name}
    return EpisodeOfCare(**{k: v for k, v in data.items() if v is not None})


ENCOUNTER_STATUS = {
    MeetingStatus.BOOKED: "planned",
    MeetingStatus.HELD: "finished",
    MeetingStatus.CANCELLED: "cancelled",
}


def encounter(meeting: CollaborationMeeting, episode_url: str) -> Encounter:
    pathway = meeting.pathway
    virtual = meeting.mode in (Mode.DIGITAL, Mode.PHONE)
    on = meeting.held_on or meeting.scheduled_on
    participants = []
    for p in meeting.participants.all():
        participants.append(
            {
                "type": [
                    {
                        "coding": [
                            {
                                "system": PARTICIPATION_TYPE,
                                "code": "PPRF" if p.role == "team" else "PART",
                            }
                        ],
                        "text": p.get_role_display(),
                    }
                ],
                "individual": {"display": p.name or p.get_role_display()},
            }
        )
    kind = MeetingKind(meeting.kind)
    data: dict[str, Any] = {
        "id": f"meeting-{meeting.pk}",
        "identifier": [{"system": NS_MEETING, "value": str(meeting.pk)}],
        "status": ENCOUNTER_STATUS[MeetingStatus(meeting.status)],
        "class": {
            "system": V3_ACT_CODE,
            "code": "VR" if virtual else "AMB",
            "display": "virtual" if virtual else "ambulatory",
        },
        "type": [
            {
                "coding": [
                    {
                        "system": CS_MEETING_TYPE,
                        "code": kind.value,
                        "display": "Oppsummerende samhandlingsmøte"
                        if kind is MeetingKind.SUMMARY
                        else "Oppfølgende samhandlingsmøte",
                    }
                ]
            }
        ],
        "subject": _patient_reference(pathway),
        "episodeOfCare": [{"reference": episode_url}],
        "participant": participants or None,
        "period": {"start": on.isoformat()} if on else None,
        "serviceProvider": _organisation_reference(pathway),
    }
    return Encounter(**{k: v for k, v in data.items() if v is not None})


def pathway_bundle(
    pathway: Pathway,
    state: rules.PathwayState,
    events: list[PathwayEvent],
    meetings: list[CollaborationMeeting],
    today: date,
) -> dict[str, Any]:
    """The pathway as a collection Bundle: the EpisodeOfCare first, then one Encounter per
    collaboration meeting (held, booked or cancelled)."""
    episode_url = _urn("pathway", pathway.pk)
    entries: list[Any] = [
        {
            "fullUrl": episode_url,
            "resource": episode_of_care(pathway, state, events, today),
        }
    ]
    for meeting in meetings:
        entries.append(
            {"fullUrl": _urn("meeting", meeting.pk), "resource": encounter(meeting, episode_url)}
        )
    bundle = Bundle(type="collection", entry=entries)
    result: dict[str, Any] = bundle.model_dump(mode="json", exclude_none=True)
    return result
