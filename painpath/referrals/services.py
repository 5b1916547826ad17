"""Referrals in (DOMAIN.md D3, D8): the one use case every channel goes through.

The web form, the clinic's paste registration, the JSON API and the FHIR importer all call
``receive_referral``: it validates, checks completeness (``rules.completeness``), sets the
assessment deadline (``rules.deadlines``), suggests special-group flags (``rules.special_groups``)
and stores everything in one transaction, so nothing is ever half-stored.

Access: ``visible_referrals`` is the one place that says who may see a referral (unit staff of the
unit that holds it or first received it; a referrer only the referrals they sent);
``get_referral_or_404`` fetches one and writes the read audit record.
"""

from __future__ import annotations

import contextlib
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from painpath.accounts.models import Role, User
from painpath.organisation.models import Clinic
from painpath.patients.access import get_visible_or_404
from painpath.patients.models import Patient
from painpath.patients.validation import validate_identity_number
from painpath.referrals.models import (
    Channel,
    Referral,
    ReferralAttachment,
    ReferralFlag,
    ReferralStatus,
    Referrer,
    ReferrerRole,
)
from painpath.rules import deadlines, special_groups

# Attachments (D3: "attachments (PDF or image, size-limited)"). The type is decided by the file's
# first bytes, never by its name or the type the sender claims.
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 10
_MAGIC = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
)

# Text limits: generous for pasted patient records, small enough to keep a row sane.
MAX_ITEM_TEXT_CHARS = 20_000
MAX_FREE_TEXT_CHARS = 100_000

# Control characters other than tab and newline; PostgreSQL refuses NUL in text outright.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_HPR = re.compile(r"^\d{6,9}$")


@dataclass(frozen=True)
class AttachmentIn:
    name: str
    content_type: str
    data: bytes


class DuplicateReferral(ValidationError):
    """A referral with this (external_system, external_id) is already stored.

    Importers recognise it by type and find the stored referral in ``existing``; as a
    ``ValidationError`` it answers 400 with a readable message in the API and forms alike.
    """

    def __init__(self, existing: Referral) -> None:
        super().__init__(
            _("This referral has already been received (identifier %(id)s).")
            % {"id": existing.external_id},
            code="duplicate",
        )
        self.existing = existing


# Text ------------------------------------------------------------------------------------------


def clean_text(value: str | None, *, limit: int, field: str) -> str:
    """Store text as typed, minus what no clinician typed: NUL and other control characters.

    Line endings become ``\\n``. Markup is *not* removed: it is stored as typed and the templates
    always escape it, so ``<script>`` in a referral is shown as text, never run.
    """
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    text = unicodedata.normalize("NFC", text)
    if len(text) > limit:
        raise ValidationError(
            {
                field: _("The text is too long (%(n)s characters; at most %(limit)s).")
                % {"n": len(text), "limit": limit}
            }
        )
    return text.strip()


def _clean_line(value: str | None, *, limit: int, field: str) -> str:
    return " ".join(clean_text(value, limit=limit, field=field).split())


# Completeness ----------------------------------------------------------------------------------


def item_codes() -> tuple[str, ...]:
    from painpath.rules import completeness

    return tuple(completeness.ITEM_CODES)


def check_completeness(
    item_texts: Mapping[str, str] | None = None, free_text: str = ""
) -> dict[str, Any]:
    """The completeness check's result as a plain dict (the one shape UI, API and CLI show)."""
    from painpath.rules import completeness

    if item_texts:
        result = completeness.check_fields(dict(item_texts), free_text)
    else:
        result = completeness.check_referral(free_text)
    return dict(result.as_dict())


def check_text(text: str) -> dict[str, Any]:
    """Check free text (API, CLI): ``{"items": {...}, "missing": [...], "score": float}``."""
    return check_completeness(None, clean_text(text, limit=MAX_FREE_TEXT_CHARS, field="text"))


def clean_item_texts(item_texts: Mapping[str, str] | None) -> dict[str, str]:
    codes = set(item_codes())
    cleaned: dict[str, str] = {}
    for code, value in (item_texts or {}).items():
        if code not in codes:
            raise ValidationError(
                {"item_texts": _("Unknown referral item: %(code)s.") % {"code": code}}
            )
        if not isinstance(value, str):
            raise ValidationError(
                {"item_texts": _("The text for %(code)s must be text.") % {"code": code}}
            )
        text = clean_text(value, limit=MAX_ITEM_TEXT_CHARS, field=code)
        if text:
            cleaned[code] = text
    return cleaned


# Patients and referrers ------------------------------------------------------------------------


def resolve_patient(
    *,
    national_id: str,
    given_name: str,
    family_name: str,
    gp_name: str = "",
    gp_hpr_number: str = "",
    phone: str = "",
) -> Patient:
    """The patient with this identity number: found, or created (``registered_by=None``).

    The number is validated with its check digits (Norwegian message on failure). An existing
    patient keeps the register's name; blank GP and phone fields are filled in.
    """
    try:
        identity = validate_identity_number(national_id)
    except ValidationError as exc:
        raise ValidationError({"national_id": exc.messages}) from exc
    given = _clean_line(given_name, limit=100, field="given_name")
    family = _clean_line(family_name, limit=100, field="family_name")
    gp = _clean_line(gp_name, limit=200, field="gp_name")
    gp_hpr = _clean_line(gp_hpr_number, limit=9, field="gp_hpr_number")
    phone = _clean_line(phone, limit=30, field="phone")
    if gp_hpr and not _HPR.match(gp_hpr):
        raise ValidationError({"gp_hpr_number": _("An HPR number has six to nine digits.")})
    patient = Patient.objects.filter(national_id=identity.value).first()
    if patient is not None:
        changed = []
        for field, value in (("gp_name", gp), ("gp_hpr_number", gp_hpr), ("phone", phone)):
            if value and not getattr(patient, field):
                setattr(patient, field, value)
                changed.append(field)
        if changed:
            patient.save(update_fields=[*changed, "updated_at"])
        return patient
    errors = {}
    if not given:
        errors["given_name"] = _("Enter the patient's given name.")
    if not family:
        errors["family_name"] = _("Enter the patient's family name.")
    if errors:
        raise ValidationError(errors)
    return Patient.objects.create(
        national_id=identity.value,
        id_kind=identity.kind.value,
        birth_date=identity.birth_date,
        given_name=given,
        family_name=family,
        gp_name=gp,
        gp_hpr_number=gp_hpr,
        phone=phone,
        registered_by=None,
    )


def resolve_referrer(
    *,
    name: str,
    role: str,
    hpr_number: str = "",
    organisation: str = "",
    her_id: str = "",
    user: User | None = None,
) -> Referrer:
    """The referrer: reused by HPR number when given (else by the signed-in user), or created.

    A referrer found again keeps the name it is known by; blank details are filled in, and a
    referrer without a user is linked to the user who now signs in with the same HPR number.
    """
    name = _clean_line(name, limit=200, field="name")
    hpr = _clean_line(hpr_number, limit=9, field="hpr_number")
    organisation = _clean_line(organisation, limit=200, field="organisation")
    her_id = _clean_line(her_id, limit=20, field="her_id")
    if role not in ReferrerRole.values:
        raise ValidationError({"role": _("Choose what kind of referrer this is.")})
    if hpr and not _HPR.match(hpr):
        raise ValidationError({"hpr_number": _("An HPR number has six to nine digits.")})
    found: Referrer | None = None
    if hpr:
        found = Referrer.objects.filter(hpr_number=hpr).order_by("pk").first()
    if found is None and user is not None:
        found = Referrer.objects.filter(user=user).order_by("-pk").first()
    if found is not None:
        changed = []
        for field, value in (
            ("organisation", organisation),
            ("her_id", her_id),
            ("hpr_number", hpr),
        ):
            if value and not getattr(found, field):
                setattr(found, field, value)
                changed.append(field)
        if user is not None and found.user_id is None:
            found.user = user
            changed.append("user")
        if changed:
            found.save(update_fields=changed)
        return found
    if not name:
        raise ValidationError({"name": _("Enter the referrer's name.")})
    return Referrer.objects.create(
        name=name, role=role, hpr_number=hpr, organisation=organisation, her_id=her_id, user=user
    )


def referrer_for_user(user: User, role: str = ReferrerRole.GP) -> Referrer:
    """The referrer profile of a signed-in referrer (web form, API), from the user's details."""
    return resolve_referrer(
        name=user.get_full_name() or user.get_username(),
        role=role,
        hpr_number=user.hpr_number,
        organisation=user.organisation,
        her_id=user.her_id,
        user=user,
    )


# Attachments -----------------------------------------------------------------------------------


def sniff_content_type(data: bytes) -> tuple[str, str] | None:
    """(content type, extension) from the file's first bytes; None for anything not allowed."""
    for magic, content_type, extension in _MAGIC:
        if data.startswith(magic):
            return content_type, extension
    return None


def attachment_name(raw: str) -> str:
    name = os.path.basename((raw or "").replace("\\", "/")).strip() or "vedlegg"
    return _CONTROL.sub("", name)[:200]


def attachment_error(name: str, size: int, head: bytes) -> str | None:
    """Why an attachment is refused (too large, empty, not PDF/PNG/JPEG by content), or None."""
    if size > MAX_ATTACHMENT_BYTES:
        return _(
            "%(name)s is too large (%(size)s MB); an attachment may be at most %(max)s MB."
        ) % {
            "name": name,
            "size": f"{size / 1024 / 1024:.1f}".replace(".", ","),
            "max": MAX_ATTACHMENT_BYTES // (1024 * 1024),
        }
    if size == 0:
        return _("%(name)s is empty.") % {"name": name}
    if sniff_content_type(head) is None:
        return _(
            "%(name)s is not a PDF, PNG or JPEG file. Only PDF documents and images can be "
            "attached."
        ) % {"name": name}
    return None


def validate_attachments(
    attachments: Sequence[AttachmentIn],
) -> list[tuple[AttachmentIn, str, str]]:
    if len(attachments) > MAX_ATTACHMENTS:
        raise ValidationError(
            {"attachments": _("At most %(n)s attachments per referral.") % {"n": MAX_ATTACHMENTS}}
        )
    checked = []
    for attachment in attachments:
        name = attachment_name(attachment.name)
        error = attachment_error(name, len(attachment.data), attachment.data[:16])
        if error:
            raise ValidationError({"attachments": error})
        sniffed = sniff_content_type(attachment.data)
        assert sniffed is not None
        checked.append((attachment, name, sniffed[0]))
    return checked


# Receiving a referral --------------------------------------------------------------------------


def receive_referral(
    *,
    patient: Patient,
    clinic: Clinic,
    referrer: Referrer,
    channel: str,
    received_on: date,
    item_texts: Mapping[str, str] | None = None,
    free_text: str = "",
    serious_illness_suspected: bool = False,
    diagnosis_codes: str = "",
    gp_name: str = "",
    external_system: str = "",
    external_id: str = "",
    attachments: Sequence[AttachmentIn] = (),
) -> Referral:
    """Store a referral received through any channel, with its completeness check and flags.

    All or nothing: on any error nothing is stored (no row, no flag, no file).
    """
    errors: dict[str, str] = {}
    if clinic is None or clinic.pk is None or not Clinic.objects.filter(pk=clinic.pk).exists():
        errors["unit"] = _("The unit does not exist.")
    elif not clinic.active:
        errors["unit"] = _("%(unit)s does not receive referrals.") % {"unit": clinic.name}
    if channel not in Channel.values:
        errors["channel"] = _("Unknown channel: %(channel)s.") % {"channel": channel}
    if received_on > timezone.localdate():
        errors["received_on"] = _("The date received cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    texts = clean_item_texts(item_texts)
    free = clean_text(free_text, limit=MAX_FREE_TEXT_CHARS, field="free_text")
    codes = _clean_line(diagnosis_codes, limit=200, field="diagnosis_codes")
    gp = _clean_line(gp_name, limit=200, field="gp_name") or patient.gp_name
    external_system = _clean_line(external_system, limit=200, field="external_system")
    external_id = _clean_line(external_id, limit=200, field="external_id")
    checked_attachments = validate_attachments(attachments)
    if not texts and not free and not checked_attachments:
        raise ValidationError(_("The referral has no content: write the referral text."))
    if external_id:
        existing = Referral.objects.filter(
            external_system=external_system, external_id=external_id
        ).first()
        if existing is not None:
            raise DuplicateReferral(existing)

    completeness = check_completeness(texts or None, free)
    age = patient.age(received_on)
    all_text = "\n".join([*texts.values(), free, codes])
    suggestions = special_groups.suggest_flags(age, all_text)

    saved_files: list[str] = []
    try:
        with transaction.atomic():
            referral = Referral.objects.create(
                patient=patient,
                clinic=clinic,
                received_by=clinic,
                referrer=referrer,
                channel=channel,
                received_on=received_on,
                assessment_due_on=deadlines.assessment_due_on(
                    received_on, serious_illness_suspected
                ),
                serious_illness_suspected=serious_illness_suspected,
                item_texts=texts,
                free_text=free,
                diagnosis_codes=codes,
                gp_name=gp,
                completeness=completeness,
                missing_count=len(completeness.get("missing", [])),
                external_system=external_system,
                external_id=external_id,
            )
            for flag, reason in suggestions.items():
                ReferralFlag.objects.create(
                    referral=referral,
                    code=flag.value,
                    reason=encode_flag_reason(reason.code.value, reason.evidence),
                    suggested=True,
                )
            for attachment, name, content_type in checked_attachments:
                stored = ReferralAttachment(
                    referral=referral,
                    name=name,
                    content_type=content_type,
                    size=len(attachment.data),
                )
                stored.file.save(name, ContentFile(attachment.data), save=False)
                saved_files.append(stored.file.name)
                stored.save()
    except IntegrityError:
        _delete_files(saved_files)
        existing = Referral.objects.filter(
            external_system=external_system, external_id=external_id
        ).first()
        if external_id and existing is not None:
            raise DuplicateReferral(existing) from None
        raise
    except BaseException:
        _delete_files(saved_files)
        raise
    return referral


def _delete_files(names: Iterable[str]) -> None:
    for name in names:
        with contextlib.suppress(OSError):  # best effort clean-up
            default_storage.delete(name)


def encode_flag_reason(code: str, evidence: str = "") -> str:
    """``ReferralFlag.reason`` holds the reason code and, for a text cue, the words that matched:
    ``"text_cue: sykmeldt"``. ``items.flag_reason_text`` turns it into a sentence."""
    evidence = " ".join(evidence.split())
    text = f"{code}: {evidence}" if evidence else code
    return text[:300]


# Access ----------------------------------------------------------------------------------------


def visible_referrals(user: User) -> QuerySet[Referral]:
    """Referrals the user may see: their units' (holding or first receiving) and their own."""
    if not user.is_authenticated or not user.is_active:
        return Referral.objects.none()
    condition = Q(referrer__user=user)
    unit_ids = user.unit_ids()
    if unit_ids:
        condition |= Q(clinic__in=unit_ids) | Q(received_by__in=unit_ids)
    return Referral.objects.filter(condition).select_related(
        "patient", "clinic", "received_by", "referrer"
    )


def get_referral_or_404(user: User, pk: int) -> Referral:
    """One referral the user may see, with the read audit record; else 404."""
    return get_visible_or_404(visible_referrals(user), pk=pk)


def is_unit_staff_for(user: User, referral: Referral) -> bool:
    ids = user.unit_ids()
    return referral.clinic_id in ids or referral.received_by_id in ids


def is_own_referral(user: User, referral: Referral) -> bool:
    return referral.referrer.user_id == user.pk


# Flags (D8) ------------------------------------------------------------------------------------


def set_flag(user: User, referral: Referral, code: str, confirmed: bool) -> ReferralFlag:
    """Unit staff confirm or remove a suggested flag, or add one painpath did not suggest."""
    if not is_unit_staff_for(user, referral):
        raise PermissionDenied
    if code not in {flag.value for flag in special_groups.SpecialGroupFlag}:
        raise ValidationError({"code": _("Unknown flag.")})
    flag, created = ReferralFlag.objects.get_or_create(
        referral=referral,
        code=code,
        defaults={"suggested": False, "confirmed": confirmed, "reason": "staff"},
    )
    if not created and flag.confirmed != confirmed:
        flag.confirmed = confirmed
        flag.save(update_fields=["confirmed"])
    return flag


# Questions from the intake team ----------------------------------------------------------------


def answer_information_request(user: User, referral: Referral, request_id: int, answer: str) -> Any:
    """The referrer answers a question the intake team asked (D3: the clock keeps running).

    The answer becomes part of what the clinic knows, so the completeness check runs again on the
    referral plus every answer given so far.
    """
    from painpath.intake.models import AddressedTo, InformationRequest

    if not is_own_referral(user, referral):
        raise PermissionDenied
    question = InformationRequest.objects.filter(
        pk=request_id, referral=referral, addressed_to=AddressedTo.REFERRER
    ).first()
    text = clean_text(answer, limit=MAX_ITEM_TEXT_CHARS, field="answer")
    if question is None:
        raise ValidationError(_("The question was not found."))
    if not text:
        raise ValidationError({"answer": _("Write an answer.")})
    with transaction.atomic():
        question = InformationRequest.objects.select_for_update().get(pk=question.pk)
        if question.answered_at is not None:
            raise ValidationError(_("The question has already been answered."))
        question.answer = text
        question.answered_at = timezone.now()
        question.save(update_fields=["answer", "answered_at"])
        refresh_completeness(referral)
    return question


def refresh_completeness(referral: Referral) -> None:
    """Re-run the completeness check on the referral and the answers to the team's questions."""
    from painpath.intake.models import InformationRequest

    answers = list(
        InformationRequest.objects.filter(referral=referral)
        .exclude(answer="")
        .order_by("asked_at")
        .values_list("answer", flat=True)
    )
    free = "\n\n".join([referral.free_text, *answers]).strip()
    result = check_completeness(referral.item_texts or None, free)
    referral.completeness = result
    referral.missing_count = len(result.get("missing", []))
    referral.save(update_fields=["completeness", "missing_count", "updated_at"])


def can_send_referrals(user: User) -> bool:
    return user.is_authenticated and user.role == Role.REFERRER


# Use cases of the channels ---------------------------------------------------------------------


@dataclass(frozen=True)
class PatientIn:
    national_id: str
    given_name: str
    family_name: str
    gp_name: str = ""
    gp_hpr_number: str = ""
    phone: str = ""


@dataclass(frozen=True)
class ReferrerIn:
    name: str
    role: str
    hpr_number: str = ""
    organisation: str = ""
    her_id: str = ""


STAFF_CHANNELS = (Channel.PAPER, Channel.E_REFERRAL)


def receiving_unit(unit_id: object) -> Clinic:
    """The unit a referral is sent to, or a ``ValidationError`` that says it is unknown."""
    try:
        pk = int(str(unit_id))
    except (TypeError, ValueError):
        pk = 0
    unit = Clinic.objects.filter(pk=pk).first()
    if unit is None:
        raise ValidationError({"unit": _("The unit does not exist.")})
    if not unit.active:
        raise ValidationError({"unit": _("%(unit)s does not receive referrals.") % {"unit": unit}})
    return unit


def send_referral(
    user: User,
    *,
    unit_id: object,
    patient: PatientIn,
    referrer_role: str = ReferrerRole.GP,
    item_texts: Mapping[str, str] | None = None,
    free_text: str = "",
    serious_illness_suspected: bool = False,
    diagnosis_codes: str = "",
    attachments: Sequence[AttachmentIn] = (),
) -> Referral:
    """A signed-in referrer sends a referral (web form, API); received today, channel web."""
    if not can_send_referrals(user):
        raise PermissionDenied(_("Only referrers can send referrals."))
    unit = receiving_unit(unit_id)
    with transaction.atomic():
        resolved = resolve_patient(**patient.__dict__)
        referrer = referrer_for_user(user, referrer_role)
        return receive_referral(
            patient=resolved,
            clinic=unit,
            referrer=referrer,
            channel=Channel.WEB,
            received_on=timezone.localdate(),
            item_texts=item_texts,
            free_text=free_text,
            serious_illness_suspected=serious_illness_suspected,
            diagnosis_codes=diagnosis_codes,
            gp_name=patient.gp_name,
            attachments=attachments,
        )


def register_referral(
    user: User,
    *,
    unit_id: object,
    channel: str,
    received_on: date,
    patient: PatientIn,
    referrer: ReferrerIn,
    free_text: str = "",
    item_texts: Mapping[str, str] | None = None,
    serious_illness_suspected: bool = False,
    diagnosis_codes: str = "",
    attachments: Sequence[AttachmentIn] = (),
) -> Referral:
    """Clinic staff register a referral that came on paper or as an e-referral message."""
    unit = receiving_unit(unit_id)
    if not user.is_unit_staff or unit.pk not in user.unit_ids():
        raise PermissionDenied(_("You can only register referrals received by your own units."))
    if channel not in STAFF_CHANNELS:
        raise ValidationError({"channel": _("Choose paper or e-referral message.")})
    with transaction.atomic():
        resolved = resolve_patient(**patient.__dict__)
        resolved_referrer = resolve_referrer(**referrer.__dict__)
        return receive_referral(
            patient=resolved,
            clinic=unit,
            referrer=resolved_referrer,
            channel=channel,
            received_on=received_on,
            item_texts=item_texts,
            free_text=free_text,
            serious_illness_suspected=serious_illness_suspected,
            diagnosis_codes=diagnosis_codes,
            gp_name=patient.gp_name,
            attachments=attachments,
        )


# What the referrer sees: where the referral stands --------------------------------------------


@dataclass(frozen=True)
class StatusStep:
    key: str
    done: bool
    current: bool
    on: date | None
    detail: str = ""


def status_steps(referral: Referral) -> list[StatusStep]:
    """Received → being assessed → decided, with dates, from the intake's records.

    A referral forwarded to another unit is being assessed anew there (D4 c): the forwarding
    shows on the "being assessed" step, and "decided" waits for the new unit's decision.
    """
    from painpath.intake.models import Decision, Outcome

    decision = (
        Decision.objects.filter(referral=referral)
        .select_related("forwarded_to")
        .order_by("-created_at", "-pk")
        .first()
    )
    first_view = referral.assessment_views.order_by("created_at").first()
    is_open = referral.status in (ReferralStatus.RECEIVED, ReferralStatus.UNDER_ASSESSMENT)
    assessing_detail = ""
    assessed_on = timezone.localdate(first_view.created_at) if first_view else None
    if decision is not None and decision.outcome == Outcome.FORWARDED and is_open:
        target = decision.forwarded_to.name if decision.forwarded_to else referral.clinic.name
        assessing_detail = _("Forwarded to %(unit)s") % {"unit": target}
        assessed_on = decision.decided_on
        decision = None
    decided = decision is not None or not is_open
    assessing = (
        decided
        or bool(assessing_detail)
        or referral.status == ReferralStatus.UNDER_ASSESSMENT
        or first_view is not None
    )
    detail = str(decision.get_outcome_display()) if decision is not None else ""
    return [
        StatusStep("received", True, not assessing, referral.received_on),
        StatusStep(
            "under_assessment", assessing, assessing and not decided, assessed_on, assessing_detail
        ),
        StatusStep(
            "decided",
            decided,
            decided,
            decision.decided_on if decision is not None else None,
            detail,
        ),
    ]
