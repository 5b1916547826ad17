"""Pages of the intake (issue 4): the worklist and the assessment page. Thin: every rule is in
services."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from painpath.accounts.models import User
from painpath.intake import services
from painpath.intake.forms import (
    CareStartForm,
    CorrectionForm,
    DecisionForm,
    InformationRequestForm,
    ViewForm,
)
from painpath.intake.labels import FLAG_LABELS, ITEM_LABELS, missing_codes
from painpath.intake.models import Outcome
from painpath.referrals.models import Channel, Referral
from painpath.rules.working_days import working_days_between

WAITING_PAGE_SIZE = 25


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@login_required
def worklist(request: HttpRequest) -> HttpResponse:
    """The intake worklist of the user's active unit (issue 4)."""
    user = _user(request)
    unit = services.active_unit_or_denied(user, request)
    filters = services.WorklistFilters.from_params(request.GET)
    # One transaction: the read audit of both lists is written with a single commit.
    with transaction.atomic():
        work = services.worklist(user, unit, filters, request.GET.get("page", 1))
        waiting = services.waiting_list(
            user, unit, request.GET.get("wpage", 1), page_size=WAITING_PAGE_SIZE
        )
    params = request.GET.copy()
    params.pop("page", None)
    wparams = request.GET.copy()
    wparams.pop("wpage", None)
    context = {
        "unit": unit,
        "work": work,
        "waiting": waiting,
        "filters": filters,
        "flag_choices": list(FLAG_LABELS.items()),
        "channel_choices": Channel.choices,
        "channel_counts": [
            (value, label, work.counts.get(f"channel_{value}", 0))
            for value, label in Channel.choices
        ],
        "page_query": params.urlencode(),
        "wpage_query": wparams.urlencode(),
    }
    template = "intake/_worklist_table.html" if request.headers.get("HX-Request") else None
    return render(request, template or "intake/worklist.html", context)


def _initial_decision(referral: Referral, views: list[Any]) -> dict[str, Any]:
    """Start the decision form from what the team proposed."""
    initial: dict[str, Any] = {}
    outcomes = Counter(v.proposed_outcome for v in views)
    if outcomes:
        initial["outcome"] = outcomes.most_common(1)[0][0]
    rules = [
        v.priority_rule for v in views if v.priority_rule is not None and v.priority_rule.active
    ]
    if rules:
        rule = Counter(rules).most_common(1)[0][0]
        initial["priority_rule"] = rule.pk
        suggested = rule.suggested_care_deadline(referral.received_on)
        if suggested is not None:
            initial["care_deadline"] = suggested
    return initial


def assessment_context(
    request: HttpRequest,
    referral: Referral,
    *,
    view_form: Form | None = None,
    decision_form: Form | None = None,
    ask_form: Form | None = None,
    conflict: str = "",
    deviation_sentences: list[str] | None = None,
) -> dict[str, Any]:
    user = _user(request)
    day = services.today()
    views = services.current_views(referral)
    current = services.current_decision(referral)
    can_act = services.can_act_on(user, referral)
    decision_open = can_act and referral.status in services.OPEN_STATUSES
    missing = missing_codes(referral.completeness)
    history = services.decision_history(referral)
    decisions = []
    for d in history:
        state = services.care_state(d, day)
        text, badge = services.care_state_text(state) if state else ("", "")
        decisions.append(
            {
                "decision": d,
                "care_state_text": text,
                "care_state_class": badge,
                "corrected": any(h.corrects_id == d.pk for h in history),
            }
        )
    return {
        "referral": referral,
        "today": day,
        "working_days_left": working_days_between(day, referral.assessment_due_on),
        "overdue": referral.assessment_due_on < day,
        "flags": [
            (f, FLAG_LABELS.get(f.code, f.code))
            for f in referral.flags.exclude(confirmed=False).order_by("code")
        ],
        "suggestions": services.suggestions(referral),
        "team_rule_ids": {v.priority_rule_id for v in views if v.priority_rule_id},
        "views": views,
        "others_viewed": any(v.member_id != user.pk for v in views),
        "decisions": decisions,
        "current": current,
        "forwardings": services.forwarding_history(referral),
        "questions": [
            (q, [ITEM_LABELS.get(code, code) for code in q.items])
            for q in services.information_requests(referral)
        ],
        "can_act": can_act,
        "decision_open": decision_open,
        "view_form": view_form or ViewForm(initial={"profession": user.profession or "other"}),
        "decision_form": decision_form
        or DecisionForm(
            initial=_initial_decision(referral, views),
            forward_targets=services.forwarding_targets(referral),
        ),
        "ask_form": ask_form or InformationRequestForm(initial={"items": missing}),
        "care_form": CareStartForm(initial={"started_on": day}),
        "conflict": conflict,
        "show_decision_form": can_act and (decision_open or bool(conflict)),
        "deviation_sentences": deviation_sentences or [],
        "margin_days": services.deviation_margin_days(),
        "outcomes": Outcome,
    }


@login_required
def assess(request: HttpRequest, pk: int) -> HttpResponse:
    """The assessment page of one referral (issue 4); 404 outside the units that hold it."""
    referral = services.get_referral_for_assessment(_user(request), pk)
    return render(request, "intake/assess.html", assessment_context(request, referral))


def _apply_errors(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
@require_POST
def record_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    referral = services.get_referral_for_assessment(user, pk)
    form = ViewForm(request.POST)
    if form.is_valid():
        try:
            services.record_view(
                user,
                referral,
                profession=form.cleaned_data["profession"],
                proposed_outcome=form.cleaned_data["proposed_outcome"],
                proposed_weeks=form.cleaned_data["proposed_weeks"],
                priority_rule=form.cleaned_data["priority_rule"],
                reasoning=form.cleaned_data["reasoning"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Your view was recorded."))
            return redirect("intake:assess", pk=referral.pk)
    return render(
        request,
        "intake/assess.html",
        assessment_context(request, referral, view_form=form),
        status=400,
    )


def _decision_input(cleaned: dict[str, Any]) -> services.DecisionInput:
    return services.DecisionInput(
        outcome=cleaned.get("outcome") or "",
        priority_rule=cleaned.get("priority_rule"),
        care_deadline=cleaned.get("care_deadline"),
        care_what=cleaned.get("care_what") or "",
        care_when=cleaned.get("care_when") or "",
        care_where=cleaned.get("care_where") or "",
        enters_pathway=bool(cleaned.get("enters_pathway")),
        mapping_consultation_offered=bool(cleaned.get("mapping_consultation_offered")),
        justification=cleaned.get("justification") or "",
        advice=cleaned.get("advice") or "",
        municipal_guidance_helpful=bool(cleaned.get("municipal_guidance_helpful")),
        forwarded_to=cleaned.get("forwarded_to"),
        referred_on_to=cleaned.get("referred_on_to") or "",
        deviation_justification=cleaned.get("deviation_justification") or "",
        correction_reason=cleaned.get("correction_reason") or "",
    )


def _deviation_sentences(referral: Referral, form: Form) -> list[str]:
    if not hasattr(form, "cleaned_data"):
        return []
    data = _decision_input(form.cleaned_data)
    try:
        reasons = services.deviations(referral, data)
    except ValueError:
        return []
    return services.describe_deviations(referral, data, reasons)


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the team's decision. A conflict or an error re-renders the form with the input."""
    user = _user(request)
    referral = services.get_referral_for_assessment(user, pk)
    form = DecisionForm(request.POST, forward_targets=services.forwarding_targets(referral))
    conflict = ""
    if form.is_valid():
        try:
            decision = services.decide(user, referral, _decision_input(form.cleaned_data))
        except services.DecisionConflict as exc:
            conflict = exc.message
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The decision was recorded."))
            if decision.outcome == Outcome.FORWARDED:
                messages.info(
                    request,
                    _("The referral was forwarded to %(unit)s.") % {"unit": decision.forwarded_to},
                )
                return redirect("intake:worklist")
            return redirect("intake:assess", pk=referral.pk)
    referral.refresh_from_db()
    return render(
        request,
        "intake/assess.html",
        assessment_context(
            request,
            referral,
            decision_form=form,
            conflict=conflict,
            deviation_sentences=_deviation_sentences(referral, form),
        ),
        status=409 if conflict else 400,
    )


@login_required
def deviation_check(request: HttpRequest, pk: int) -> HttpResponse:
    """Live check while the decision form is filled in (htmx): show any departure at once."""
    referral = services.get_referral_for_assessment(_user(request), pk)
    form = DecisionForm(request.GET, forward_targets=services.forwarding_targets(referral))
    form.is_valid()
    return render(
        request,
        "intake/_deviation.html",
        {
            "deviation_sentences": _deviation_sentences(referral, form),
            "margin_days": services.deviation_margin_days(),
        },
    )


@login_required
@require_POST
def ask(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    referral = services.get_referral_for_assessment(user, pk)
    form = InformationRequestForm(request.POST)
    if form.is_valid():
        try:
            services.ask_for_information(
                user,
                referral,
                question=form.cleaned_data["question"],
                items=form.cleaned_data["items"],
                addressed_to=form.cleaned_data["addressed_to"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The question was sent. The assessment is still due %(date)s.")
                % {"date": referral.assessment_due_on.strftime("%d.%m.%Y")},
            )
            return redirect("intake:assess", pk=referral.pk)
    return render(
        request,
        "intake/assess.html",
        assessment_context(request, referral, ask_form=form),
        status=400,
    )


@login_required
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = services.get_decision_or_404(_user(request), pk)
    return redirect(
        reverse("intake:assess", kwargs={"pk": decision.referral_id}) + f"#decision-{pk}"
    )


@login_required
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    """A correction is a new decision that points at the one it corrects, with a reason."""
    user = _user(request)
    decision = services.get_decision_or_404(user, pk)
    referral = decision.referral
    if not services.can_act_on(user, referral):
        raise PermissionDenied(_("Only the unit that holds the referral can do this."))
    targets = services.forwarding_targets(referral)
    conflict = ""
    if request.method == "POST":
        form = CorrectionForm(request.POST, forward_targets=targets)
        if form.is_valid():
            try:
                new = services.decide(
                    user, referral, _decision_input(form.cleaned_data), corrects=decision
                )
            except services.DecisionConflict as exc:
                conflict = exc.message
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The correction was recorded as a new decision."))
                return redirect("intake:assess", pk=new.referral_id)
    else:
        form = CorrectionForm(
            forward_targets=targets,
            initial={
                "outcome": decision.outcome,
                "priority_rule": decision.priority_rule_id,
                "care_deadline": decision.care_deadline,
                "care_what": decision.care_what,
                "care_when": decision.care_when,
                "care_where": decision.care_where,
                "enters_pathway": decision.enters_pathway,
                "justification": decision.justification,
                "advice": decision.advice,
                "municipal_guidance_helpful": decision.municipal_guidance_helpful,
                "referred_on_to": decision.referred_on_to,
                "mapping_consultation_offered": decision.mapping_consultation_offered,
                "deviation_justification": decision.deviation_justification,
            },
        )
    return render(
        request,
        "intake/correct.html",
        {
            "decision": decision,
            "referral": referral,
            "form": form,
            "conflict": conflict,
            "deviation_sentences": _deviation_sentences(referral, form),
            "suggestions": services.suggestions(referral),
            "margin_days": services.deviation_margin_days(),
        },
        status=409 if conflict else (400 if request.method == "POST" else 200),
    )


@login_required
@require_POST
def care_start(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    decision = services.get_decision_or_404(user, pk)
    form = CareStartForm(request.POST)
    started: date | None = form.cleaned_data["started_on"] if form.is_valid() else None
    try:
        services.record_care_start(user, decision, started)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Start of care was recorded."))
    next_url = request.POST.get("next", "")
    if next_url == "worklist":
        return redirect(reverse("intake:worklist") + "#waiting")
    return redirect("intake:assess", pk=decision.referral_id)
