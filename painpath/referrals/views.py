"""Referral pages: the referrer's form, receipt and status; the unit's incoming list and detail."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from painpath.accounts.models import User
from painpath.audit.services import record_list_read, record_read
from painpath.patients.access import get_visible_or_404
from painpath.referrals import items, services
from painpath.referrals.forms import (
    ReferralForm,
    RegisterForm,
    apply_service_errors,
    item_field_name,
)
from painpath.referrals.models import Referral, ReferralAttachment, ReferralStatus, Referrer
from painpath.rules.special_groups import SpecialGroupFlag
from painpath.rules.working_days import working_days_between

PAGE_SIZE = 50
OPEN_STATUSES = (ReferralStatus.RECEIVED, ReferralStatus.UNDER_ASSESSMENT)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def deadline_info(referral: Referral, today: Any = None) -> dict[str, Any]:
    """Working days left to the assessment deadline (negative: overdue) while it is open."""
    today = today or timezone.localdate()
    open_ = referral.status in OPEN_STATUSES
    if not open_:
        return {"open": False}
    if today > referral.assessment_due_on:
        return {
            "open": True,
            "overdue": True,
            "days": working_days_between(referral.assessment_due_on, today),
        }
    return {
        "open": True,
        "overdue": False,
        "days": working_days_between(today, referral.assessment_due_on),
    }


# The referrer ----------------------------------------------------------------------------------


@login_required
def new_referral(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not services.can_send_referrals(user):
        raise PermissionDenied(_("Only referrers can send referrals."))
    last = Referrer.objects.filter(user=user).order_by("-pk").first()
    initial = {"referrer_role": last.role if last else "gp", "unit": request.GET.get("unit", "")}
    form = ReferralForm(request.POST or None, request.FILES or None, initial=initial)
    confirm = None
    if request.method == "POST" and form.is_valid():
        texts = form.item_texts()
        completeness = services.check_completeness(texts or None, form.cleaned_data["free_text"])
        missing = items.missing_items(completeness)
        if missing and not form.cleaned_data["confirm_incomplete"]:
            # Without JavaScript, or when the dialog was bypassed: ask once, on the page.
            confirm = {
                "missing": missing,
                "had_attachments": bool(form.cleaned_data["attachments"]),
            }
        else:
            try:
                referral = services.send_referral(
                    user,
                    unit_id=form.cleaned_data["unit"],
                    patient=form.patient_in(),
                    referrer_role=form.cleaned_data["referrer_role"],
                    item_texts=texts,
                    free_text=form.cleaned_data["free_text"],
                    serious_illness_suspected=form.cleaned_data["serious_illness_suspected"],
                    diagnosis_codes=form.cleaned_data["diagnosis_codes"],
                    attachments=form.cleaned_data["attachments"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                return redirect("referrals:receipt", pk=referral.pk)
    texts = {item.code: str(form[item_field_name(item.code)].value() or "") for item in items.ITEMS}
    completeness = services.check_completeness(
        {k: v for k, v in texts.items() if v.strip()} or None,
        str(form["free_text"].value() or ""),
    )
    return render(
        request,
        "referrals/referral_form.html",
        {
            "form": form,
            "confirm": confirm,
            "live": items.completeness_view(completeness),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def live_check(request: HttpRequest) -> HttpResponse:
    """The completeness check while the referrer types (htmx): summary plus one badge per item."""
    mode = request.GET.get("mode", "items")
    try:
        if mode == "text":
            completeness = services.check_text(request.POST.get("free_text", ""))
        else:
            texts = {
                item.code: request.POST.get(item_field_name(item.code), "") for item in items.ITEMS
            }
            texts = {k: v for k, v in texts.items() if v.strip()}
            free = request.POST.get("free_text", "")
            completeness = services.check_completeness(
                services.clean_item_texts(texts) or None,
                services.clean_text(free, limit=services.MAX_FREE_TEXT_CHARS, field="free_text"),
            )
    except ValidationError as exc:
        return HttpResponse(" ".join(exc.messages), status=400)
    return render(
        request,
        "referrals/_live_check.html",
        {"live": items.completeness_view(completeness), "oob": mode == "items"},
    )


@login_required
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    # Only the referrer who sent it gets a receipt; anyone else is answered 404 before the read
    # is audited, so a refused view leaves no read record.
    referral = get_visible_or_404(
        services.visible_referrals(user).filter(referrer__user=user), pk=pk
    )
    return render(
        request,
        "referrals/receipt.html",
        {
            "referral": referral,
            "missing": items.missing_items(referral.completeness),
            "out_of_scope": referral.flags.filter(code=SpecialGroupFlag.OUT_OF_SCOPE).exists(),
        },
    )


@login_required
def my_referrals(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    referrals = (
        Referral.objects.filter(referrer__user=user)
        .select_related("patient", "clinic")
        .order_by("-received_on", "-pk")
    )
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    open_questions = _open_question_counts([r.pk for r in shown])
    for referral in shown:
        referral.open_questions = open_questions.get(referral.pk, 0)
    record_list_read(Referral, sorted({r.patient_id for r in shown}), view="my_referrals")
    return render(request, "referrals/my_referrals.html", {"page": page, "referrals": shown})


def _open_question_counts(referral_ids: list[int]) -> dict[int, int]:
    from django.db.models import Count

    from painpath.intake.models import AddressedTo, InformationRequest

    rows = (
        InformationRequest.objects.filter(
            referral_id__in=referral_ids, addressed_to=AddressedTo.REFERRER, answered_at=None
        )
        .values("referral_id")
        .annotate(n=Count("pk"))
    )
    return {row["referral_id"]: row["n"] for row in rows}


@login_required
@require_POST
def answer_question(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    user = _user(request)
    referral = services.visible_referrals(user).filter(pk=pk).first()
    if referral is None or not services.is_own_referral(user, referral):
        raise Http404
    try:
        services.answer_information_request(
            user, referral, question_pk, request.POST.get("answer", "")
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Thank you. Your answer has been sent to the clinic."))
    return redirect("referrals:detail", pk=referral.pk)


# The unit --------------------------------------------------------------------------------------


@login_required
def incoming(request: HttpRequest) -> HttpResponse:
    """Every referral the active unit holds, whatever its channel, most urgent first."""
    user = _user(request)
    unit = user.active_unit(request)
    if unit is None:
        raise Http404
    show = request.GET.get("show", "open")
    referrals = (
        Referral.objects.filter(clinic=unit)
        .select_related("patient", "referrer", "received_by")
        .prefetch_related("flags")
    )
    if show != "all":
        referrals = referrals.filter(status__in=OPEN_STATUSES)
    query = request.GET.get("q", "").strip()
    if query:
        referrals = referrals.filter(
            Q(patient__family_name__icontains=query)
            | Q(patient__given_name__icontains=query)
            | Q(patient__national_id=query)
            | Q(referrer__name__icontains=query)
        )
    referrals = referrals.order_by("assessment_due_on", "received_on", "pk")
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    today = timezone.localdate()
    rows = []
    for referral in shown:
        flags = [f for f in referral.flags.all() if f.confirmed is not False]
        rows.append(
            {
                "referral": referral,
                "age": referral.patient.age(referral.received_on),
                "deadline": deadline_info(referral, today),
                "flags": flags,
                "out_of_scope": any(f.code == SpecialGroupFlag.OUT_OF_SCOPE for f in flags),
            }
        )
    record_list_read(Referral, sorted({r.patient_id for r in shown}), view="incoming")
    return render(
        request,
        "referrals/incoming.html",
        {"unit": unit, "rows": rows, "page": page, "show": show, "q": query},
    )


@login_required
def register(request: HttpRequest) -> HttpResponse:
    """Clinic staff register a paper or e-referral by pasting its text."""
    user = _user(request)
    units = list(user.staff_units())
    if not units:
        raise PermissionDenied(_("You must belong to a unit to register referrals."))
    active = user.active_unit(request)
    form = RegisterForm(
        request.POST or None,
        request.FILES or None,
        units=units,
        initial={"unit": active.pk if active else units[0].pk},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            referral = services.register_referral(
                user,
                unit_id=d["unit"],
                channel=d["channel"],
                received_on=d["received_on"],
                patient=form.patient_in(),
                referrer=form.referrer_in(),
                free_text=d["free_text"],
                serious_illness_suspected=d["serious_illness_suspected"],
                diagnosis_codes=d["diagnosis_codes"],
                attachments=d["attachments"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The referral has been registered."))
            return redirect("referrals:detail", pk=referral.pk)
    completeness = services.check_text(str(form["free_text"].value() or ""))
    return render(
        request,
        "referrals/register.html",
        {"form": form, "live": items.completeness_view(completeness)},
        status=400 if form.errors else 200,
    )


# One referral ----------------------------------------------------------------------------------


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The referral page: the unit's view (completeness with evidence, flags) or, for the
    referrer who sent it, its status with the intake team's questions. Audited."""
    user = _user(request)
    referral = services.get_referral_or_404(user, pk)
    from painpath.intake.models import AddressedTo

    questions = list(referral.information_requests.order_by("asked_at"))
    context: dict[str, Any] = {
        "referral": referral,
        "completeness": referral.completeness,
        "attachments": list(referral.attachments.all()),
        "steps": services.status_steps(referral),
        "item_texts": [
            (item, referral.item_texts[item.code])
            for item in items.ITEMS
            if referral.item_texts.get(item.code)
        ],
        "deadline": deadline_info(referral),
    }
    if services.is_unit_staff_for(user, referral):
        flags = sorted(
            referral.flags.all(),
            key=lambda f: items.FLAG_ORDER.index(f.code) if f.code in items.FLAG_ORDER else 99,
        )
        flagged = {f.code for f in flags}
        context.update(
            {
                "flags": flags,
                "out_of_scope": any(
                    f.code == SpecialGroupFlag.OUT_OF_SCOPE and f.confirmed is not False
                    for f in flags
                ),
                "addable_flags": [
                    (code, items.flag_label(code))
                    for code in items.FLAG_ORDER
                    if code not in flagged
                ],
                "questions": questions,
                "age": referral.patient.age(referral.received_on),
            }
        )
        return render(request, "referrals/detail_unit.html", context)
    context["questions"] = [q for q in questions if q.addressed_to == AddressedTo.REFERRER]
    return render(request, "referrals/detail_referrer.html", context)


@login_required
@require_POST
def set_flag(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    referral = services.visible_referrals(user).filter(pk=pk).first()
    if referral is None or not services.is_unit_staff_for(user, referral):
        raise Http404
    action = request.POST.get("action", "")
    if action not in {"confirm", "remove"}:
        raise Http404
    try:
        services.set_flag(user, referral, request.POST.get("code", ""), action == "confirm")
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(f"{referral_url(referral)}#flags")


def referral_url(referral: Referral) -> str:
    from django.urls import reverse

    return reverse("referrals:detail", args=[referral.pk])


@login_required
def attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    user = _user(request)
    referral = services.visible_referrals(user).filter(pk=pk).first()
    if referral is None:
        raise Http404
    stored = ReferralAttachment.objects.filter(pk=attachment_pk, referral=referral).first()
    if stored is None:
        raise Http404
    record_read(stored)
    response = FileResponse(
        stored.file.open("rb"), content_type=stored.content_type, filename=stored.name
    )
    response["Content-Security-Policy"] = "sandbox"
    return response
