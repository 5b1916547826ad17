"""The summary of a collaboration meeting for the GP and the patient (D6, D9).

Rendered in Norwegian bokmål on the unit's letterhead and stored exactly as sent (HTML and PDF)
by the letters app, like the decision letters; nothing is rendered again afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from painpath.letters import services as letters
from painpath.letters.models import Letter, RecipientKind
from painpath.pathways.models import CollaborationMeeting, MeetingKind

KIND = {MeetingKind.SUMMARY: "summary_meeting", MeetingKind.FOLLOWUP: "followup_meeting"}
TEMPLATE = "pathways/summary_letter.html"


@dataclass(frozen=True)
class Planned:
    recipient: letters.Recipient
    label: str


def reference_for(meeting: CollaborationMeeting) -> str:
    referral = meeting.pathway.referral
    return f"{referral.received_on:%Y}/{referral.pk}"


def planned(meeting: CollaborationMeeting) -> list[Planned]:
    """The GP (when known: the patient's GP, else the GP who took part) and the patient."""
    patient = meeting.pathway.patient
    gp_participant = next((p for p in meeting.participants.all() if p.role == "gp"), None)
    gp_name = patient.gp_name or (gp_participant.name if gp_participant else "")
    result = []
    with translation.override(letters.LETTER_LANGUAGE):
        if gp_name:
            lines = [line for line in [patient.gp_practice] if line]
            result.append(
                Planned(
                    letters.Recipient(RecipientKind.GP, gp_name, lines),
                    _("%(name)s (GP)") % {"name": gp_name},
                )
            )
        address = str(getattr(patient, "address", "") or "")
        result.append(
            Planned(
                letters.Recipient(
                    RecipientKind.PATIENT, patient.full_name, letters.text_lines(address)
                ),
                _("%(name)s (patient)") % {"name": patient.full_name},
            )
        )
    return result


def store_meeting_summaries(meeting: CollaborationMeeting) -> list[Letter]:
    """Render and store the summary of a held meeting for the GP and the patient."""
    pathway = meeting.pathway
    clinic = pathway.clinic
    recipients = planned(meeting)
    with translation.override(letters.LETTER_LANGUAGE):
        title = _("Summary of the %(meeting)s") % {"meeting": meeting.get_kind_display()}
    stored = []
    for plan in recipients:
        copies = [p.label for p in recipients if p is not plan]
        channel = letters.channel_for(plan.recipient.kind, plan.recipient.her_id, clinic)
        html = letters.render_letter(
            TEMPLATE,
            clinic=clinic,
            recipient=plan.recipient,
            title=title,
            channel=channel,
            patient=pathway.patient,
            reference=reference_for(meeting),
            letter_date=meeting.held_on,
            copies=copies,
            context={
                "meeting": meeting,
                "participants": list(meeting.participants.all()),
                "measures": list(pathway.measures.exclude(status="stopped")),
                "followup": CollaborationMeeting.objects.filter(booked_from=meeting).first(),
                "coordinator": pathway.coordinator,
                "to_patient": plan.recipient.kind == RecipientKind.PATIENT,
            },
        )
        stored.append(
            letters.store_document(
                clinic=clinic,
                patient=pathway.patient,
                kind=KIND[MeetingKind(meeting.kind)],
                recipient_kind=plan.recipient.kind,
                recipient_name=plan.recipient.name,
                recipient_address=plan.recipient.address,
                recipient_her_id=plan.recipient.her_id,
                channel=channel,
                html=html,
                title=title,
                related=meeting,
                referral=pathway.referral,
                reference=reference_for(meeting),
                letter_date=meeting.held_on,
                created_by=meeting.recorded_by,
            )
        )
    return stored


def documents_for(meeting: CollaborationMeeting) -> list[Letter]:
    return list(letters.letters_for(meeting).defer("html", "pdf").order_by("id"))
