"""Letter pages (D5): the letters of a decision, one letter as sent, its PDF, the unit's outbox.

Every page is access-checked (404 outside the referral's units) and audited: a letter shown is a
read, a PDF downloaded is an export.
"""

from __future__ import annotations

import re
from io import BytesIO
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from painpath.accounts.models import UNIT_STAFF_ROLES, User
from painpath.audit.models import AuditAction
from painpath.audit.services import record, record_list_read
from painpath.intake.models import Decision
from painpath.letters import services
from painpath.letters.decisions import KIND as DECISION_KIND
from painpath.letters.decisions import produce_decision_letters
from painpath.letters.models import Letter

OUTBOX_PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # login_required ran first
        raise Http404
    return user


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


@login_required
def for_decision(request: HttpRequest, decision_id: int) -> HttpResponse:
    """The letters of one decision, with the earlier and later decisions' letters linked."""
    user = _user(request)
    decision = services.get_decision_or_404(user, decision_id)
    if request.method == "POST":
        if not (user.role in UNIT_STAFF_ROLES and services.can_produce_for(user, decision)):
            raise PermissionDenied(_("Only the deciding unit's staff can produce its letters."))
        produce_decision_letters(decision)
        messages.success(request, _("The letters are stored and in the outbox."))
        return redirect("letters:for_decision", decision_id=decision.pk)
    letters = list(
        services.letters_for(decision)
        .filter(kind=DECISION_KIND)
        .defer("html", "pdf")
        .order_by("id")
    )
    corrected_by = Decision.objects.filter(corrects=decision).first()
    return render(
        request,
        "letters/for_decision.html",
        {
            "decision": decision,
            "referral": decision.referral,
            "patient": decision.referral.patient,
            "letters": letters,
            "corrects": decision.corrects,
            "corrected_by": corrected_by,
            "can_produce": not letters and services.can_produce_for(user, decision),
        },
    )


@login_required
def letter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    letter = services.get_letter_or_404(user, pk)
    # The earlier and the corrected letter are only linked: their HTML and PDF stay unread.
    linked = Letter.objects.defer("html", "pdf")
    return render(
        request,
        "letters/detail.html",
        {
            "letter": letter,
            "verified": letter.verify(),
            "can_dispatch": letter.is_pending and services.can_dispatch(user, letter),
            "replaces": linked.filter(pk=letter.replaces_id).first()
            if letter.replaces_id
            else None,
            "replaced_by": linked.filter(replaces=letter).first(),
            "decision_id": services.decision_id_of(letter),
        },
    )


def pdf_filename(letter: Letter) -> str:
    """e.g. ``brev-2026-12-pasient-2026-03-09.pdf``: ASCII, no patient name in the file name."""
    reference = re.sub(r"[^A-Za-z0-9]+", "-", letter.reference).strip("-") or str(letter.pk)
    kind = {"referrer": "henviser", "patient": "pasient", "gp": "fastlege"}.get(
        letter.recipient_kind, "mottaker"
    )
    return f"brev-{reference}-{kind}-{letter.letter_date:%Y-%m-%d}.pdf"


def pdf_response(user: User, pk: int) -> FileResponse:
    """The PDF exactly as sent (never re-rendered); the download is audited as an export."""
    letter = services.visible_letters(user).filter(pk=pk).first()
    if letter is None:
        raise Http404
    record(AuditAction.EXPORT, letter, detail={"format": "pdf", "sha256": letter.pdf_sha256})
    response = FileResponse(
        BytesIO(letter.pdf_bytes),
        content_type="application/pdf",
        as_attachment=False,
        filename=pdf_filename(letter),
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def letter_pdf(request: HttpRequest, pk: int) -> FileResponse:
    return pdf_response(_user(request), pk)


@login_required
def outbox(request: HttpRequest) -> HttpResponse:
    """ "Utboks": the active unit's letters to print, to send electronically, and those done."""
    user = _user(request)
    unit = user.active_unit(request)
    if unit is None or user.role not in UNIT_STAFF_ROLES:
        raise Http404
    tab = request.GET.get("list", services.OUTBOX_TO_PRINT)
    if tab not in services.OUTBOX_TABS:
        tab = services.OUTBOX_TO_PRINT
    page = Paginator(services.outbox(unit, tab), OUTBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    letters = list(page.object_list)
    record_list_read(Letter, sorted({letter.patient_id for letter in letters}), outbox=tab)
    return render(
        request,
        "letters/outbox.html",
        {
            "unit": unit,
            "tab": tab,
            "letters": letters,
            "page": page,
            "counts": services.outbox_counts(unit),
            "tabs": [
                (services.OUTBOX_TO_PRINT, _("To print")),
                (services.OUTBOX_ELECTRONIC, _("To send electronically")),
                (services.OUTBOX_DONE, _("Sent")),
            ],
        },
    )


@login_required
@require_POST
def mark_dispatched(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one letter, or (``pk`` 0) the letters ticked in the outbox, as printed/sent."""
    user = _user(request)
    ids: list[Any] = [pk] if pk else request.POST.getlist("letter")
    letters = list(
        services.visible_letters(user).filter(pk__in=[i for i in ids if str(i).isdigit()])
    )
    if pk and not letters:
        raise Http404
    done = 0
    for letter in letters:
        try:
            services.mark_dispatched(user, letter)
            done += 1
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    if done:
        messages.success(
            request,
            ngettext("%(n)d letter marked as sent.", "%(n)d letters marked as sent.", done)
            % {"n": done},
        )
    elif not pk:
        messages.error(request, _("Tick the letters you have printed or sent."))
    return _back(request, "letters:outbox")
