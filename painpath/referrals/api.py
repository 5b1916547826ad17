"""The referrals API (/api/referrals): check a text, send or register a referral, read referrals.

One result shape everywhere: the completeness check answers
``{"items": {code: {"present": bool, "evidence": [...]}}, "missing": [...], "score": float}``,
the same as ``painpath check-referral --json`` and the intake page.
"""

from __future__ import annotations

import base64
import binascii
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from painpath.accounts.models import Role
from painpath.audit.services import record_list_read
from painpath.core.api_auth import api_user
from painpath.referrals import services
from painpath.referrals.models import Channel, Referral, ReferrerRole

router = Router(tags=["referrals"])


class ItemResultOut(Schema):
    present: bool
    evidence: list[str]


class CompletenessOut(Schema):
    items: dict[str, ItemResultOut]
    missing: list[str]
    score: float


class CheckIn(Schema):
    text: str = Field(..., description="The referral as free text (Norwegian).")


class PatientIn(Schema):
    national_id: str
    given_name: str = ""
    family_name: str = ""
    phone: str = ""
    gp_name: str = ""
    gp_hpr_number: str = ""


class ReferrerIn(Schema):
    name: str
    role: str = Field(ReferrerRole.GP, description="gp, hospital_doctor, pain_clinic or other")
    hpr_number: str = ""
    organisation: str = ""
    her_id: str = ""


class AttachmentIn(Schema):
    name: str
    content_type: str = ""
    data_base64: str = Field(..., description="The file, base64-encoded (PDF, PNG or JPEG).")


class ReferralIn(Schema):
    unit_id: int
    patient: PatientIn
    item_texts: dict[str, str] = Field(
        default_factory=dict, description="Text per D3 item code (see /check for the codes)."
    )
    free_text: str = ""
    serious_illness_suspected: bool = False
    diagnosis_codes: str = ""
    referrer_role: str = Field(
        ReferrerRole.GP, description="For a referrer sending their own referral."
    )
    # Unit staff registering a referral that came on paper or as an e-referral message:
    referrer: ReferrerIn | None = None
    channel: str = Field(Channel.E_REFERRAL, description="Unit staff: paper or e_referral.")
    received_on: date | None = Field(None, description="Unit staff: may be earlier than today.")
    attachments: list[AttachmentIn] = Field(default_factory=list)


class PatientOut(Schema):
    id: int
    national_id: str
    given_name: str
    family_name: str
    birth_date: date


class ReferrerOut(Schema):
    name: str
    role: str
    hpr_number: str
    organisation: str
    her_id: str


class FlagOut(Schema):
    code: str
    reason: str
    suggested: bool
    confirmed: bool | None


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int


class ReferralOut(Schema):
    id: int
    unit_id: int
    received_by_id: int
    patient: PatientOut
    referrer: ReferrerOut
    channel: str
    status: str
    received_on: date
    assessment_due_on: date
    serious_illness_suspected: bool
    diagnosis_codes: str
    gp_name: str
    item_texts: dict[str, str]
    free_text: str
    completeness: CompletenessOut | None
    missing_count: int
    flags: list[FlagOut]
    attachments: list[AttachmentOut]


class ReferralSummaryOut(Schema):
    id: int
    unit_id: int
    patient_id: int
    channel: str
    status: str
    received_on: date
    assessment_due_on: date
    serious_illness_suspected: bool
    missing_count: int

    @staticmethod
    def resolve_unit_id(obj: Referral) -> int:
        return obj.clinic_id


def referral_out(referral: Referral) -> dict[str, Any]:
    return {
        "id": referral.pk,
        "unit_id": referral.clinic_id,
        "received_by_id": referral.received_by_id,
        "patient": referral.patient,
        "referrer": referral.referrer,
        "channel": referral.channel,
        "status": referral.status,
        "received_on": referral.received_on,
        "assessment_due_on": referral.assessment_due_on,
        "serious_illness_suspected": referral.serious_illness_suspected,
        "diagnosis_codes": referral.diagnosis_codes,
        "gp_name": referral.gp_name,
        "item_texts": referral.item_texts,
        "free_text": referral.free_text,
        "completeness": referral.completeness or None,
        "missing_count": referral.missing_count,
        "flags": list(referral.flags.all()),
        "attachments": list(referral.attachments.all()),
    }


def _attachments(payload: ReferralIn) -> list[services.AttachmentIn]:
    decoded = []
    for attachment in payload.attachments:
        try:
            data = base64.b64decode(attachment.data_base64, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValidationError(
                {"attachments": _("%(name)s is not valid base64.") % {"name": attachment.name}}
            ) from exc
        decoded.append(services.AttachmentIn(attachment.name, attachment.content_type, data))
    return decoded


@router.post("/check", response=CompletenessOut, summary="Check a referral text for the D3 items")
def check(request: HttpRequest, payload: CheckIn) -> dict[str, Any]:
    api_user(request)
    return services.check_text(payload.text)


@router.post("", response={201: ReferralOut}, summary="Send (referrer) or register (unit staff)")
def create_referral(request: HttpRequest, payload: ReferralIn) -> Status:
    user = api_user(request)
    patient = services.PatientIn(**payload.patient.dict())
    common: dict[str, Any] = {
        "unit_id": payload.unit_id,
        "patient": patient,
        "item_texts": payload.item_texts,
        "free_text": payload.free_text,
        "serious_illness_suspected": payload.serious_illness_suspected,
        "diagnosis_codes": payload.diagnosis_codes,
        "attachments": _attachments(payload),
    }
    if user.role == Role.REFERRER:
        referral = services.send_referral(user, referrer_role=payload.referrer_role, **common)
    elif user.is_unit_staff:
        if payload.referrer is None:
            raise ValidationError({"referrer": _("Give the referrer's name and role.")})
        referral = services.register_referral(
            user,
            channel=payload.channel,
            received_on=payload.received_on or date.today(),
            referrer=services.ReferrerIn(**payload.referrer.dict()),
            **common,
        )
    else:
        raise PermissionDenied(_("Only referrers and unit staff can create referrals."))
    return Status(201, referral_out(referral))


@router.get("", response=list[ReferralSummaryOut], summary="Referrals you may see")
def list_referrals(request: HttpRequest, limit: int = 100, status: str = "") -> list[Referral]:
    user = api_user(request)
    referrals = services.visible_referrals(user).order_by("assessment_due_on", "pk")
    if status:
        referrals = referrals.filter(status=status)
    shown = list(referrals[: max(1, min(limit, 500))])
    record_list_read(Referral, sorted({r.patient_id for r in shown}), api=True)
    return shown


@router.get("/{referral_id}", response=ReferralOut, summary="One referral (audited)")
def get_referral(request: HttpRequest, referral_id: int) -> dict[str, Any]:
    return referral_out(services.get_referral_or_404(api_user(request), referral_id))
