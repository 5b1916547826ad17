"""Decision letters (DOMAIN.md D5): one decision gives a letter to the referrer with copies to the
patient and the patient's GP, each stored as sent. A correction gives new letters that say which
letter they replace; copies of the old one not yet sent are withdrawn from the outbox."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from painpath.intake.models import Decision
from painpath.letters import services
from painpath.letters.models import Letter, LetterChannel, RecipientKind, ReferralStatusCode
from painpath.letters.status import status_code_for
from painpath.letters.texts import TEXT_FIELD_FOR_OUTCOME, text_for
from painpath.organisation.models import Clinic

logger = logging.getLogger(__name__)

KIND = "decision"


@dataclass(frozen=True)
class PlannedLetter:
    recipient: services.Recipient
    channel: str
    label: str  # how the recipient appears in the other letters' "Copy to" list


def sending_unit(decision: Decision) -> Clinic:
    """The unit that decided. A referral forwarded since then is held by another unit, so the
    unit is taken from the decision, not from the referral."""
    clinic: Clinic | None = getattr(decision, "clinic", None)
    if clinic is not None:
        return clinic
    referral = decision.referral
    if decision.forwarded_to_id and referral.clinic_id == decision.forwarded_to_id:
        return referral.received_by
    return referral.clinic


def reference_for(decision: Decision) -> str:
    """ "Vår ref.": the referral's year of receipt and number, the same on every letter about it."""
    referral = decision.referral
    return f"{referral.received_on:%Y}/{referral.pk}"


def _gp_is_referrer(decision: Decision) -> bool:
    referral, patient = decision.referral, decision.referral.patient
    referrer = referral.referrer
    if patient.gp_hpr_number and referrer.hpr_number:
        return patient.gp_hpr_number == referrer.hpr_number
    gp_name = (patient.gp_name or referral.gp_name).strip().casefold()
    return bool(gp_name) and gp_name == referrer.name.strip().casefold()


def planned_letters(decision: Decision, clinic: Clinic) -> list[PlannedLetter]:
    """Who gets a letter: the referrer, the patient, and the GP (unless the GP is the referrer or
    no GP is known), each on their channel."""
    referral = decision.referral
    patient, referrer = referral.patient, referral.referrer
    with translation.override(services.LETTER_LANGUAGE):
        referrer_lines = [line for line in [referrer.organisation] if line]
        plans = [
            PlannedLetter(
                services.Recipient(
                    RecipientKind.REFERRER, referrer.name, referrer_lines, referrer.her_id
                ),
                services.channel_for(RecipientKind.REFERRER, referrer.her_id, clinic),
                _("%(name)s (referrer)") % {"name": referrer.name},
            )
        ]
        address = str(getattr(patient, "address", "") or "")
        plans.append(
            PlannedLetter(
                services.Recipient(
                    RecipientKind.PATIENT, patient.full_name, services.text_lines(address)
                ),
                services.channel_for(RecipientKind.PATIENT, "", clinic),
                _("%(name)s (patient)") % {"name": patient.full_name},
            )
        )
        gp_name = (patient.gp_name or referral.gp_name).strip()
        if gp_name and not _gp_is_referrer(decision):
            practice = [patient.gp_practice] if patient.gp_practice else []
            plans.append(
                PlannedLetter(
                    services.Recipient(RecipientKind.GP, gp_name, practice),
                    LetterChannel.PRINT,
                    _("%(name)s (GP)") % {"name": gp_name},
                )
            )
    return plans


def title_for(decision: Decision) -> str:
    with translation.override(services.LETTER_LANGUAGE):
        title = {
            "right_granted": _("Answer to referral: right to necessary health care"),
            "no_right": _("Answer to referral: no right to necessary specialist health care"),
            "forwarded": _("Answer to referral: the referral has been forwarded"),
            "referred_on": _("Answer to referral: referred on to another specialist service"),
        }[decision.outcome]
        if decision.corrects_id:
            title = _("Corrected %(title)s") % {"title": title[0].lower() + title[1:]}
        return title


def status_for(decision: Decision) -> int:
    return status_code_for(decision.outcome, care_when=decision.care_when)


def _signer(decision: Decision) -> str:
    user = decision.decided_by
    name = user.get_full_name() or user.username
    profession = user.get_profession_display() if user.profession else ""
    return f"{name}, {profession.lower()}" if profession else name


def _previous_letters(decision: Decision) -> dict[str, Letter]:
    if decision.corrects is None:
        return {}
    earlier = services.letters_for(decision.corrects).filter(kind=KIND).defer("html", "pdf")
    return {letter.recipient_kind: letter for letter in earlier}


def render_decision_letter(
    decision: Decision,
    plan: PlannedLetter,
    *,
    clinic: Clinic,
    copies: list[str],
    letter_date: date,
    replaces: Letter | None,
) -> str:
    template = services.letter_template(clinic)
    status = None
    if plan.recipient.kind == RecipientKind.REFERRER:
        code = status_for(decision)
        with translation.override(services.LETTER_LANGUAGE):
            status = {"code": code, "label": str(ReferralStatusCode(code).label)}
    corrected = decision.corrects
    context: dict[str, Any] = {
        "d": decision,
        "referral": decision.referral,
        "to_patient": plan.recipient.kind == RecipientKind.PATIENT,
        "to_gp": plan.recipient.kind == RecipientKind.GP,
        "status": status,
        "outcome_text": text_for(template, TEXT_FIELD_FOR_OUTCOME[decision.outcome]),
        "closing_text": text_for(template, "closing_text"),
        "signer": _signer(decision),
        "replaces": replaces,
        "replaces_date": replaces.letter_date
        if replaces
        else getattr(corrected, "decided_on", None),
        "unit": clinic,
    }
    return services.render_letter(
        "letters/decision_letter.html",
        clinic=clinic,
        recipient=plan.recipient,
        title=title_for(decision),
        channel=plan.channel,
        patient=decision.referral.patient,
        reference=reference_for(decision),
        letter_date=letter_date,
        copies=copies,
        context=context,
    )


def produce_decision_letters(
    decision: Decision, *, letter_date: date | None = None
) -> list[Letter]:
    """Produce and store the letters of a decision. Idempotent: a decision that already has its
    letters gets no second set (the database guarantees it, even for two workers at once)."""
    existing = list(services.letters_for(decision).filter(kind=KIND).order_by("id"))
    if existing:
        return existing
    decision = (
        Decision.objects.select_related(
            "referral__patient",
            "referral__referrer",
            "referral__clinic__trust",
            "referral__received_by__trust",
            "decided_by",
            "forwarded_to__trust",
            "corrects",
        )
        .filter(pk=decision.pk)
        .get()
    )
    clinic = sending_unit(decision)
    day = letter_date or timezone.localdate()
    plans = planned_letters(decision, clinic)
    previous = _previous_letters(decision)
    rendered = []
    for plan in plans:
        copies = [other.label for other in plans if other is not plan]
        replaces = previous.get(plan.recipient.kind)
        html = render_decision_letter(
            decision, plan, clinic=clinic, copies=copies, letter_date=day, replaces=replaces
        )
        rendered.append((plan, html, services.render_pdf(html), replaces))
    try:
        with transaction.atomic():
            letters = [
                services.store_document(
                    clinic=clinic,
                    patient=decision.referral.patient,
                    kind=KIND,
                    recipient_kind=plan.recipient.kind,
                    recipient_name=plan.recipient.name,
                    recipient_address=plan.recipient.address,
                    recipient_her_id=plan.recipient.her_id,
                    channel=plan.channel,
                    html=html,
                    pdf=pdf,
                    title=title_for(decision),
                    related=decision,
                    referral=decision.referral,
                    status_code=status_for(decision)
                    if plan.recipient.kind == RecipientKind.REFERRER
                    else None,
                    reference=reference_for(decision),
                    letter_date=day,
                    replaces=replaces,
                )
                for plan, html, pdf, replaces in rendered
            ]
    except IntegrityError:
        # Another worker stored them first: theirs stand.
        return list(services.letters_for(decision).filter(kind=KIND).order_by("id"))
    return letters


def on_decision_recorded(sender: Any, decision: Decision, **kwargs: Any) -> None:
    """Receiver of ``painpath.intake.signals.decision_recorded`` (sent after commit)."""
    produce_decision_letters(decision)
