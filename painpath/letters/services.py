"""Documents stored exactly as sent (D5), the unit's outbox, and who may see which letter.

Other apps use this module to send any document to a patient, GP or referrer:

    html = render_letter("pathways/summary_letter.html", clinic=unit, recipient=Recipient(...),
                         title="…", patient=patient, context={...})
    letter = store_document(clinic=unit, patient=patient, kind="summary_meeting",
                            recipient_kind="gp", recipient_name="…", channel="print",
                            html=html, title="…", related=meeting)

``store_document`` renders the PDF from the HTML once, hashes both, and stores them; nothing is
ever rendered again. The template extends ``letters/base_letter.html`` (letterhead, A4 print CSS).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from painpath.accounts.models import UNIT_STAFF_ROLES, User
from painpath.audit.context import current_actor
from painpath.intake.models import Decision
from painpath.letters.models import (
    DispatchState,
    Letter,
    LetterChannel,
    LetterTemplate,
    RecipientKind,
    ReferralStatusCode,
    sha256_hex,
)
from painpath.organisation.models import Clinic
from painpath.patients.access import get_visible_or_404
from painpath.patients.models import Patient

logger = logging.getLogger(__name__)

# Letters are written in Norwegian bokmål whatever language the user's screen is in (D5).
LETTER_LANGUAGE = "nb"


# --- Rendering -----------------------------------------------------------------------------------


def offline_url_fetcher() -> Any:
    """A WeasyPrint URL fetcher that fetches nothing from outside: only inline ``data:`` URLs are
    allowed. Fonts come from the system (fontconfig, Debian's DejaVu), never from a URL. Its
    ``refused`` list holds what was refused."""
    from weasyprint.urls import URLFetcher  # imported on use: WeasyPrint loads Pango

    class OfflineURLFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols={"data"}, allow_redirects=False)
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.lower().startswith("data:"):
                self.refused.append(url)
                raise ValueError(f"letters fetch nothing from outside: {url[:80]}")
            return super().fetch(url, headers)

    return OfflineURLFetcher()


def render_pdf(html: str) -> bytes:
    """The PDF of a letter's HTML (A4, fonts embedded). Remote and local URLs are refused."""
    from weasyprint import HTML

    fetcher = offline_url_fetcher()
    pdf = HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()
    if fetcher.refused:
        logger.warning("letter referred to %d outside resource(s); left out", len(fetcher.refused))
    assert pdf is not None
    return bytes(pdf)


@dataclass(frozen=True)
class Sender:
    """The letterhead and signature of a unit (its ``LetterTemplate``, or the defaults)."""

    unit_name: str
    lines: list[str]
    contact_lines: list[str]
    signature_lines: list[str]


@dataclass(frozen=True)
class Recipient:
    kind: str
    name: str
    address_lines: list[str] = field(default_factory=list)
    her_id: str = ""

    @property
    def address(self) -> str:
        return "\n".join(self.address_lines)


def text_lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def letter_template(clinic: Clinic) -> LetterTemplate:
    """The unit's template, or an unsaved one with every field at its default."""
    found = LetterTemplate.objects.filter(clinic=clinic).first()
    return found if found is not None else LetterTemplate(clinic=clinic)


def default_contact_lines(clinic: Clinic) -> list[str]:
    with translation.override(LETTER_LANGUAGE):
        lines = text_lines(clinic.address)
        if clinic.phone:
            lines.append(_("Phone %(phone)s") % {"phone": clinic.phone})
        if clinic.email:
            lines.append(clinic.email)
        if clinic.website:
            lines.append(clinic.website.removeprefix("https://").removeprefix("http://"))
        return lines


def default_signature_lines(clinic: Clinic) -> list[str]:
    with translation.override(LETTER_LANGUAGE):
        return [_("for the intake team"), clinic.name]


def sender_for(clinic: Clinic) -> Sender:
    template = letter_template(clinic)
    return Sender(
        unit_name=clinic.name,
        lines=text_lines(template.letterhead) or [clinic.trust.name],
        contact_lines=text_lines(template.contact) or default_contact_lines(clinic),
        signature_lines=text_lines(template.signature) or default_signature_lines(clinic),
    )


def channel_label(channel: str) -> str:
    with translation.override(LETTER_LANGUAGE):
        return {
            LetterChannel.ELECTRONIC: _("Sent electronically"),
            LetterChannel.HELSENORGE: _("Sent digitally via helsenorge.no"),
        }.get(LetterChannel(channel), "")


def render_letter(
    template_name: str,
    *,
    clinic: Clinic,
    recipient: Recipient,
    title: str,
    channel: str = LetterChannel.PRINT,
    patient: Patient | None = None,
    reference: str = "",
    their_reference: str = "",
    letter_date: date | None = None,
    copies: list[str] | None = None,
    context: dict[str, Any] | None = None,
) -> str:
    """The HTML of a letter: ``template_name`` extends ``letters/base_letter.html``. Rendered in
    Norwegian bokmål with the unit's letterhead, whatever the user's language."""
    full = {
        "sender": sender_for(clinic),
        "recipient": recipient,
        "title": title,
        "channel_label": channel_label(channel),
        "patient": patient,
        "reference": reference,
        "their_reference": their_reference,
        "letter_date": letter_date or timezone.localdate(),
        "copies": copies or [],
        **(context or {}),
    }
    with translation.override(LETTER_LANGUAGE):
        return render_to_string(template_name, full)


# --- Storing -------------------------------------------------------------------------------------


def channel_for(recipient_kind: str, her_id: str, clinic: Clinic) -> str:
    """Electronic when the recipient has a HER id; a patient's letter goes the unit's way (print
    or helsenorge); everything else is printed."""
    if her_id:
        return LetterChannel.ELECTRONIC
    if recipient_kind == RecipientKind.PATIENT:
        return letter_template(clinic).patient_channel
    return LetterChannel.PRINT


def store_document(
    *,
    clinic: Clinic,
    patient: Patient,
    kind: str,
    recipient_kind: str,
    recipient_name: str,
    channel: str,
    html: str,
    title: str,
    related: models.Model | None = None,
    status_code: int | None = None,
    recipient_address: str = "",
    recipient_her_id: str = "",
    referral: Any = None,
    reference: str = "",
    letter_date: date | None = None,
    replaces: Letter | None = None,
    created_by: User | None = None,
    pdf: bytes | None = None,
) -> Letter:
    """Store a document exactly as sent: the HTML, its PDF (rendered here once unless given), the
    SHA-256 of both, the recipient, channel and time. Raises ValidationError on bad input and
    stores nothing then. A ``replaces`` letter not yet sent is withdrawn from the outbox."""
    errors: dict[str, str] = {}
    if not html.strip():
        errors["html"] = _("The letter has no content.")
    if not recipient_name.strip():
        errors["recipient_name"] = _("The letter has no recipient.")
    if recipient_kind not in RecipientKind.values:
        errors["recipient_kind"] = _("Unknown kind of recipient.")
    if channel not in LetterChannel.values:
        errors["channel"] = _("Unknown channel.")
    elif channel == LetterChannel.ELECTRONIC and not recipient_her_id:
        errors["channel"] = _("An electronic letter needs the recipient's HER id.")
    if status_code is not None and status_code not in ReferralStatusCode.values:
        errors["status_code"] = _("Unknown status code.")
    if not kind.strip():
        errors["kind"] = _("The kind of document is missing.")
    if errors:
        raise ValidationError(errors)
    if pdf is None:
        pdf = render_pdf(html)  # outside the transaction: rendering takes a moment
    actor_id = current_actor().user_id
    if created_by is None and actor_id is not None:
        created_by = User.objects.filter(pk=actor_id).first()
    with transaction.atomic():
        letter = Letter.objects.create(
            clinic=clinic,
            patient=patient,
            referral=referral,
            kind=kind,
            title=title[:300],
            reference=reference,
            letter_date=letter_date or timezone.localdate(),
            related_type=ContentType.objects.get_for_model(related) if related else None,
            related_id=related.pk if related is not None else None,
            replaces=replaces,
            recipient_kind=recipient_kind,
            recipient_name=recipient_name,
            recipient_address=recipient_address,
            recipient_her_id=recipient_her_id,
            channel=channel,
            status_code=status_code,
            html=html,
            pdf=pdf,
            html_sha256=sha256_hex(html.encode("utf-8")),
            pdf_sha256=sha256_hex(pdf),
            created_by=created_by,
        )
        if replaces is not None and replaces.is_pending:
            replaces.dispatch_state = DispatchState.WITHDRAWN
            replaces.dispatched_at = timezone.now()
            replaces.dispatched_by = created_by
            replaces.save(update_fields=["dispatch_state", "dispatched_at", "dispatched_by"])
    return letter


def letters_for(obj: models.Model) -> QuerySet[Letter]:
    """The letters stored about one object (a decision, a meeting, …)."""
    return Letter.objects.filter(
        related_type=ContentType.objects.get_for_model(obj), related_id=obj.pk
    )


# --- Access and the outbox -----------------------------------------------------------------------


def visible_letters(user: User) -> QuerySet[Letter]:
    """Letters of the user's units: sent by one of them, or about a referral one of them holds or
    first received (issue 2's access rule; everything else answers 404)."""
    unit_ids = user.unit_ids() if user.is_authenticated else []
    if not unit_ids:
        return Letter.objects.none()
    return Letter.objects.filter(
        Q(clinic__in=unit_ids)
        | Q(referral__clinic__in=unit_ids)
        | Q(referral__received_by__in=unit_ids)
    )


def get_letter_or_404(user: User, pk: int) -> Letter:
    """One letter the user may see; the read is audited."""
    return get_visible_or_404(visible_letters(user).select_related("clinic", "patient"), pk=pk)


def visible_decisions(user: User) -> QuerySet[Decision]:
    """Decisions about referrals one of the user's units holds or first received, or made by one
    of them."""
    unit_ids = user.unit_ids() if user.is_authenticated else []
    if not unit_ids:
        return Decision.objects.none()
    return Decision.objects.filter(
        Q(clinic__in=unit_ids)
        | Q(referral__clinic__in=unit_ids)
        | Q(referral__received_by__in=unit_ids)
    )


def get_decision_or_404(user: User, pk: int) -> Decision:
    """One decision the user may see; the read is audited."""
    return get_visible_or_404(
        visible_decisions(user).select_related(
            "referral__patient", "referral__referrer", "corrects", "decided_by", "clinic"
        ),
        pk=pk,
    )


def can_produce_for(user: User, decision: Decision) -> bool:
    """Staff of the deciding unit may produce letters a decision lacks (e.g. after an outage)."""
    from painpath.letters.decisions import sending_unit

    return user.role in UNIT_STAFF_ROLES and sending_unit(decision).pk in user.unit_ids()


def decision_id_of(letter: Letter) -> int | None:
    # Compared by id: the content type is cached, so a list of letters costs no query per letter.
    if letter.related_type_id == ContentType.objects.get_for_model(Decision).pk:
        return letter.related_id
    return None


OUTBOX_TO_PRINT = "print"
OUTBOX_ELECTRONIC = "electronic"
OUTBOX_DONE = "done"
OUTBOX_TABS = (OUTBOX_TO_PRINT, OUTBOX_ELECTRONIC, OUTBOX_DONE)


def outbox(clinic: Clinic, tab: str = OUTBOX_TO_PRINT) -> QuerySet[Letter]:
    """A unit's outbox: letters to print, letters to send electronically (HER id or helsenorge),
    or those already dispatched (and withdrawn), newest first."""
    letters = Letter.objects.filter(clinic=clinic).select_related("patient").defer("html", "pdf")
    if tab == OUTBOX_TO_PRINT:
        return letters.filter(
            dispatch_state=DispatchState.PENDING, channel=LetterChannel.PRINT
        ).order_by("letter_date", "created_at", "id")
    if tab == OUTBOX_ELECTRONIC:
        return (
            letters.filter(dispatch_state=DispatchState.PENDING)
            .exclude(channel=LetterChannel.PRINT)
            .order_by("letter_date", "created_at", "id")
        )
    if tab == OUTBOX_DONE:
        return letters.exclude(dispatch_state=DispatchState.PENDING).order_by(
            "-dispatched_at", "-id"
        )
    raise ValidationError(_("Unknown outbox list."))


def outbox_counts(clinic: Clinic) -> dict[str, int]:
    pending = Letter.objects.filter(clinic=clinic, dispatch_state=DispatchState.PENDING)
    to_print = pending.filter(channel=LetterChannel.PRINT).count()
    return {OUTBOX_TO_PRINT: to_print, OUTBOX_ELECTRONIC: pending.count() - to_print}


def can_dispatch(user: User, letter: Letter) -> bool:
    return user.role in UNIT_STAFF_ROLES and letter.clinic_id in user.unit_ids()


def mark_dispatched(user: User, letter: Letter) -> Letter:
    """Mark a pending letter as printed (print) or sent (electronic, helsenorge). Only the sending
    unit's staff may; a letter already dispatched or withdrawn stays as it is."""
    if not can_dispatch(user, letter):
        raise PermissionDenied(_("Only the sending unit's staff can mark its letters as sent."))
    with transaction.atomic():
        locked = Letter.objects.select_for_update().defer("html", "pdf").get(pk=letter.pk)
        if not locked.is_pending:
            raise ValidationError(
                _("The letter is already marked: %(state)s.")
                % {"state": locked.get_dispatch_state_display()}
            )
        locked.dispatch_state = (
            DispatchState.PRINTED if locked.channel == LetterChannel.PRINT else DispatchState.SENT
        )
        locked.dispatched_at = timezone.now()
        locked.dispatched_by = user
        locked.save(update_fields=["dispatch_state", "dispatched_at", "dispatched_by"])
    letter.dispatch_state = locked.dispatch_state
    letter.dispatched_at = locked.dispatched_at
    letter.dispatched_by = user
    return letter
