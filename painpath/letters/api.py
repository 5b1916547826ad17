"""The letters API (/api/letters): a decision's letters, one letter's metadata, its PDF as sent,
and the unit's outbox. Same access rule and audit as the pages: 404 outside your units, a letter
read is audited, a PDF download is audited as an export."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from painpath.accounts.models import UNIT_STAFF_ROLES
from painpath.audit.services import record_list_read
from painpath.core.api_auth import api_user
from painpath.letters import services, views
from painpath.letters.decisions import KIND as DECISION_KIND
from painpath.letters.models import Letter

router = Router(tags=["letters"])


class LetterOut(Schema):
    id: int
    kind: str
    title: str
    clinic_id: int
    patient_id: int
    referral_id: int | None
    decision_id: int | None
    reference: str
    letter_date: date
    recipient_kind: str
    recipient_name: str
    recipient_address: str
    recipient_her_id: str
    channel: str
    status_code: int | None
    status_label: str
    replaces_id: int | None
    html_sha256: str
    pdf_sha256: str
    created_at: datetime
    dispatch_state: str
    dispatched_at: datetime | None
    pdf_url: str

    @staticmethod
    def resolve_decision_id(obj: Letter) -> int | None:
        return services.decision_id_of(obj)

    @staticmethod
    def resolve_status_label(obj: Letter) -> str:
        return str(obj.get_status_code_display()) if obj.status_code else ""

    @staticmethod
    def resolve_pdf_url(obj: Letter) -> str:
        return f"/api/letters/{obj.pk}/pdf"


@router.get(
    "/decisions/{decision_id}",
    response=list[LetterOut],
    summary="The letters of a decision (referrer, patient, GP)",
)
def decision_letters(request: HttpRequest, decision_id: int) -> list[Letter]:
    decision = services.get_decision_or_404(api_user(request), decision_id)
    return list(
        services.letters_for(decision)
        .filter(kind=DECISION_KIND)
        .defer("html", "pdf")
        .order_by("id")
    )


@router.get("/outbox", response=list[LetterOut], summary="The outbox of one of your units")
def outbox(
    request: HttpRequest,
    unit_id: int | None = None,
    which: Literal["print", "electronic", "done"] = "print",
    limit: int = 100,
) -> list[Letter]:
    """``which``: ``print``: letters to print; ``electronic``: to send by HER id or helsenorge;
    ``done``: printed, sent or withdrawn. Without ``unit_id``: your active unit."""
    user = api_user(request)
    if user.role not in UNIT_STAFF_ROLES:
        raise Http404
    unit = user.active_unit(request) if unit_id is None else None
    if unit_id is not None:
        if unit_id not in user.unit_ids():
            raise Http404
        unit = user.staff_units().get(pk=unit_id)
    if unit is None:
        raise Http404
    letters = list(services.outbox(unit, which)[: max(1, min(limit, 500))])
    record_list_read(Letter, sorted({letter.patient_id for letter in letters}), api=True)
    return letters


@router.get("/{letter_id}", response=LetterOut, summary="One letter's metadata (audited)")
def letter(request: HttpRequest, letter_id: int) -> Letter:
    return services.get_letter_or_404(api_user(request), letter_id)


@router.get(
    "/{letter_id}/pdf",
    summary="The PDF exactly as sent (audited as an export)",
    response={200: None},
    openapi_extra={"responses": {200: {"content": {"application/pdf": {}}}}},
)
def letter_pdf(request: HttpRequest, letter_id: int) -> FileResponse:
    return views.pdf_response(api_user(request), letter_id)


@router.post(
    "/{letter_id}/dispatched",
    response=LetterOut,
    summary="Mark a letter as printed (print) or sent (electronic, helsenorge)",
)
def mark_dispatched(request: HttpRequest, letter_id: int) -> Letter:
    user = api_user(request)
    found = services.visible_letters(user).filter(pk=letter_id).first()
    if found is None:
        raise Http404
    if not found.is_pending:
        raise ValidationError(
            _("The letter is already marked: %(state)s.")
            % {"state": found.get_dispatch_state_display()}
        )
    return services.mark_dispatched(user, found)
