"""The pathway screens (D6–D9): thin views over services.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from painpath.accounts.models import User
from painpath.audit.services import record_list_read
from painpath.intake.models import Decision
from painpath.letters.services import letters_for
from painpath.organisation.models import PartnerKind
from painpath.pathways import services
from painpath.pathways.forms import (
    AssessmentForm,
    ConsultationForm,
    CorrectionForm,
    EventForm,
    HoldForm,
    MeasureForm,
    MeasureStatusForm,
    MeetingForm,
    PlanFormSet,
    StartPathwayForm,
    TeamMemberForm,
)
from painpath.pathways.models import (
    ClosedOutcomeChoices,
    CollaborationMeeting,
    EventMeaning,
    MeetingKind,
    MeetingStatus,
    NextStepChoices,
    Pathway,
    PathwayTimeChoices,
    PhaseChoices,
    TreatmentMeasure,
)
from painpath.patients.access import get_visible_or_404
from painpath.patients.models import Patient
from painpath.rules.pathway_times import AT_RISK_DAYS
from painpath.rules.special_groups import Adaptation

PAGE_SIZE = 50

# What each special-group adaptation (D8) asks of the clinicians, as shown on the pathway page.
ADAPTATION_LABELS = {
    Adaptation.SHORTEST_SUGGESTED_DEADLINE: gettext_lazy(
        "Young adult: shortest deadlines. Each next step is suggested at half the national target."
    ),
    Adaptation.WORK_SCHOOL_FOCUS_PLAN_ITEM: gettext_lazy(
        "Focus on work and school: the plan has an item for work or education."
    ),
    Adaptation.INTERPRETER_NEED_EVERY_APPOINTMENT: gettext_lazy(
        "Interpreter needed: book an interpreter for every appointment."
    ),
    Adaptation.TRAUMA_TREATMENT_QUESTION: gettext_lazy(
        "Trauma: the assessment answers whether referral to trauma treatment is considered."
    ),
    Adaptation.POLYPHARMACY_REVIEW_PLAN_ITEM: gettext_lazy(
        "65 or older: the plan has a review of polypharmacy and interactions."
    ),
    Adaptation.HABIT_FORMING_MEDICINE_WARNING: gettext_lazy(
        "65 or older: take special care with habit-forming medicines."
    ),
    Adaptation.DPS_PARTNER_REQUIRED: gettext_lazy(
        "Mental health problems: the plan includes collaboration with DPS."
    ),
    Adaptation.TSB_PARTNER_REQUIRED: gettext_lazy(
        "Substance or medicine dependence: the plan includes collaboration with TSB (and the GP)."
    ),
}


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 (login_required)
    return user


def _form_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field where the form has the field."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _pathway(request: HttpRequest, pk: int) -> Pathway:
    return services.get_pathway_or_404(_user(request), pk)


class _NotDone:
    """The form was not (successfully) submitted: render it again."""


NOT_DONE = _NotDone()


def _submit(
    request: HttpRequest, form: forms.BaseForm, action: Callable[[dict[str, Any]], Any]
) -> Any:
    """Run a service with a valid POSTed form's data; its ValidationError goes onto the form.

    Returns the service's result, or ``NOT_DONE`` when the page should show the form again (a GET,
    an invalid form, or a refusal by the service, which then stored nothing).
    """
    if request.method != "POST" or not form.is_valid():
        return NOT_DONE
    try:
        return action(form.cleaned_data)
    except ValidationError as exc:
        _form_errors(form, exc)
        return NOT_DONE


def _back_to_pathway(request: HttpRequest, pathway: Pathway, message: str = "") -> HttpResponse:
    if message:
        messages.success(request, message)
    return redirect("pathways:detail", pk=pathway.pk)


def _form_page(
    request: HttpRequest,
    pathway: Pathway,
    form: forms.BaseForm,
    title: str,
    submit: str,
    **extra: Any,
) -> HttpResponse:
    context = {"pathway": pathway, "form": form, "title": title, "submit": submit, **extra}
    return render(request, "pathways/form.html", context)


# The unit's pathways --------------------------------------------------------------------------


@dataclass(frozen=True)
class ListRow:
    """One row of the unit list, its labels computed once (the list renders 50 of them)."""

    pk: int
    url: str
    name: str
    born: str
    on_hold: bool
    has_issues: bool
    phase: str
    outcome: str
    running: str
    target: str
    days: int | None
    days_text: str
    level: str  # "late", "risk" or ""
    next_step: str
    coordinator: str


def _rows(pathways: list[Pathway], today: date) -> list[ListRow]:
    """Days left are the stored target date (from the pathway rules) minus today."""
    phases = {k: str(v) for k, v in PhaseChoices.choices}
    outcomes = {k: str(v) for k, v in ClosedOutcomeChoices.choices}
    times = {k: str(v) for k, v in PathwayTimeChoices.choices}
    steps = {k: str(v) for k, v in NextStepChoices.choices}
    base = reverse("pathways:detail", args=[0]).removesuffix("0/")
    rows = []
    for p in pathways:
        days = (p.running_target_on - today).days if p.running_target_on else None
        level, text = "", ""
        if days is not None and days < 0:
            level = "late"
            text = ngettext("%(n)s day overdue", "%(n)s days overdue", -days) % {"n": -days}
        elif days is not None:
            level = "risk" if days <= AT_RISK_DAYS else ""
            text = ngettext("%(n)s day left", "%(n)s days left", days) % {"n": days}
        rows.append(
            ListRow(
                pk=p.pk,
                url=f"{base}{p.pk}/",
                name=p.patient.full_name,
                born=date_format(p.patient.birth_date, "SHORT_DATE_FORMAT"),
                on_hold=p.on_hold,
                has_issues=p.has_issues,
                phase=capfirst(phases.get(p.phase, p.phase)),
                outcome=outcomes.get(p.closed_outcome, ""),
                running=times.get(p.running_time, "–"),
                target=date_format(p.running_target_on, "SHORT_DATE_FORMAT")
                if p.running_target_on
                else "–",
                days=days,
                days_text=text or "–",
                level=level,
                next_step=capfirst(steps.get(p.next_step, p.next_step)),
                coordinator=p.coordinator.name if p.coordinator else "–",
            )
        )
    return rows


@login_required
def pathway_list(request: HttpRequest) -> HttpResponse:
    """All pathways of the active unit, pathway times at risk first (sorted in the database)."""
    user = _user(request)
    unit = user.active_unit(request)
    if unit is None:
        raise Http404
    phase = request.GET.get("phase", "")
    if phase not in PhaseChoices.values:
        phase = ""
    at_risk = request.GET.get("at_risk") == "1"
    query = request.GET.get("q", "").strip()
    pathways = services.unit_pathways([unit.pk], phase=phase, at_risk=at_risk, query=query)
    page = Paginator(pathways, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = services.page_of(pathways, max(0, page.start_index() - 1), PAGE_SIZE)
    awaiting = list(services.decisions_awaiting_start([unit.pk], waiting_for_care=True)[:20])
    with transaction.atomic():  # one audit commit for the page
        record_list_read(Pathway, [p.patient_id for p in rows])
        record_list_read(Decision, [d.referral.patient_id for d in awaiting])
    today = services.today()
    counts = dict(
        Pathway.objects.filter(clinic=unit)
        .values_list("phase")
        .annotate(n=Count("id"))
        .values_list("phase", "n")
    )
    at_risk_count = services.unit_pathways([unit.pk], at_risk=True).count()
    return render(
        request,
        "pathways/pathway_list.html",
        {
            "unit": unit,
            "page": page,
            "rows": _rows(rows, today),
            "phase": phase,
            "at_risk": at_risk,
            "q": query,
            "phases": PhaseChoices.choices,
            "counts": [
                (value, label, counts.get(value, 0)) for value, label in PhaseChoices.choices
            ],
            "at_risk_count": at_risk_count,
            "at_risk_days": AT_RISK_DAYS,
            "awaiting": awaiting,
            "on_hold_label": _("on hold"),
            "issues_label": _("event data needs attention"),
        },
    )


@login_required
def start(request: HttpRequest, decision_id: int) -> HttpResponse:
    """Start a pathway from a decision that grants the right (D6 entry criteria)."""
    user = _user(request)
    decision = services.get_startable_decision_or_404(user, decision_id)
    referral = decision.referral
    unit = referral.clinic
    initial = {"starts_on": services.today(), "complex_pain": decision.enters_pathway}
    form = StartPathwayForm(request.POST or None, unit=unit, initial=initial)
    existing = Pathway.objects.filter(decision=decision).first()
    if existing is not None:
        return redirect("pathways:detail", pk=existing.pk)
    pathway = _submit(
        request,
        form,
        lambda d: services.start_pathway(
            user,
            decision,
            starts_on=d["starts_on"],
            pain_since=d["pain_since"],
            complex_pain=d["complex_pain"],
            coordinator=d["coordinator"],
            note=d["note"],
        ),
    )
    if pathway is not NOT_DONE:
        return _back_to_pathway(request, pathway, _("The pathway has started."))
    return render(
        request,
        "pathways/start.html",
        {"form": form, "decision": decision, "referral": referral, "patient": referral.patient},
    )


# The pathway page -----------------------------------------------------------------------------


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    pathway = _pathway(request, pk)
    view = services.overview(pathway)
    times = [(t, PathwayTimeChoices(t.code.value).label) for t in view.state.times]
    return render(
        request,
        "pathways/pathway_detail.html",
        {
            "o": view,
            "pathway": pathway,
            "patient": pathway.patient,
            "times": times,
            "next_step_label": NextStepChoices(view.state.next_step.value).label,
            "issues": [services.ISSUE_MESSAGES[i] for i in view.state.issues],
            "adaptations": [(a, ADAPTATION_LABELS[a.adaptation]) for a in view.adaptation_views],
            "today": services.today(),
        },
    )


@login_required
def event_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    pathway = _pathway(request, pk)
    initial: dict[str, Any] = {"occurred_on": services.today()}
    meaning = request.GET.get("meaning", "")
    if meaning in EventMeaning.values:
        code = services.active_codes()
        initial["code"] = next((c for c in code if c.meaning == meaning), None)
    form = EventForm(request.POST or None, initial=initial)
    done = _submit(
        request,
        form,
        lambda d: services.append_event(
            user, pathway, code=d["code"], occurred_on=d["occurred_on"], note=d["note"]
        ),
    )
    if done is not NOT_DONE:
        return _back_to_pathway(request, pathway, _("The event has been registered."))
    return _form_page(request, pathway, form, _("Register pathway event"), _("Register"))


@login_required
def event_correct(request: HttpRequest, pk: int, event_id: int) -> HttpResponse:
    user = _user(request)
    pathway = _pathway(request, pk)
    events = services.events_of(pathway)
    event = next((e for e in events if e.pk == event_id), None)
    if event is None:
        raise Http404
    current = services.latest_in_chain(event, events)
    form = CorrectionForm(request.POST or None, initial={"occurred_on": current.occurred_on})
    done = _submit(
        request,
        form,
        lambda d: services.correct_event(
            user,
            pathway,
            event,
            occurred_on=None if d["retract"] else d["occurred_on"],
            reason=d["reason"],
        ),
    )
    if done is not NOT_DONE:
        return _back_to_pathway(request, pathway, _("The correction has been registered."))
    occurred = current.occurred_on.strftime("%d.%m.%Y") if current.occurred_on else "–"
    return _form_page(
        request,
        pathway,
        form,
        _("Correct pathway event"),
        _("Register correction"),
        intro=f"{current.code.code} {current.code.label}: {occurred}",
    )


@login_required
def consultation_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    pathway = _pathway(request, pk)
    kind = request.GET.get("kind", "assessment")
    form = ConsultationForm(
        request.POST or None,
        unit=pathway.clinic,
        initial={"held_on": services.today(), "kind": kind},
    )
    adaptations = services.adaptations_of(pathway)
    done = _submit(
        request,
        form,
        lambda d: services.record_consultation(
            user,
            pathway,
            kind=d["kind"],
            held_on=d["held_on"],
            delivery=d["delivery"],
            mode=d["mode"],
            clinicians=list(d["clinicians"]),
            interpreter_used=d["interpreter_used"],
            note=d["note"],
            starts_assessment=d["starts_assessment"],
        ),
    )
    if done is not NOT_DONE:
        return _back_to_pathway(request, pathway, _("The consultation has been recorded."))
    return _form_page(
        request,
        pathway,
        form,
        _("Record consultation"),
        _("Record"),
        interpreter=services.needs_interpreter(adaptations),
    )


@login_required
def assessment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    pathway = _pathway(request, pk)
    adaptations = services.adaptations_of(pathway)
    trauma = Adaptation.TRAUMA_TREATMENT_QUESTION in adaptations
    record = getattr(pathway, "assessment", None)
    form = AssessmentForm(request.POST or None, instance=record, trauma=trauma)
    complete = "complete" in request.POST
    done = _submit(
        request, form, lambda d: services.save_assessment(user, pathway, d, complete=complete)
    )
    if done is not NOT_DONE:
        return _back_to_pathway(
            request,
            pathway,
            _("The assessment has been completed.")
            if complete
            else _("The assessment has been saved."),
        )
    return render(
        request,
        "pathways/assessment.html",
        {
            "pathway": pathway,
            "form": form,
            "trauma": trauma,
            "interpreter": services.needs_interpreter(adaptations),
            "record": record,
        },
    )


@login_required
def meeting_new(request: HttpRequest, pk: int, booked_id: int | None = None) -> HttpResponse:
    """Record a collaboration meeting as held: new, or a booked one."""
    user = _user(request)
    pathway = _pathway(request, pk)
    booked = None
    if booked_id is not None:
        booked = pathway.meetings.filter(pk=booked_id, status=MeetingStatus.BOOKED).first()
        if booked is None:
            raise Http404
    kind = booked.kind if booked else request.GET.get("kind", MeetingKind.SUMMARY)
    if kind not in MeetingKind.values:
        raise Http404
    adaptations = services.adaptations_of(pathway)
    held_on = services.today()
    initial = {
        "held_on": held_on,
        "gp": pathway.patient.gp_name,
        "patient_present": True,
        "team": [m.staff_id for m in pathway.team.all()],
        "followup_on": services.suggested_followup_date(held_on, adaptations)
        if kind == MeetingKind.SUMMARY
        else None,
    }
    if booked is not None:
        initial["mode"] = booked.mode
    form = MeetingForm(request.POST or None, unit=pathway.clinic, initial=initial)
    plan = PlanFormSet(request.POST or None, prefix="plan")
    if request.method == "POST" and form.is_valid() and plan.is_valid():
        data = form.cleaned_data
        measures = [row for row in plan.cleaned_data if row and row.get("kind")]
        try:
            meeting = services.hold_meeting(
                user,
                pathway,
                kind=kind,
                held_on=data["held_on"],
                mode=data["mode"],
                patient_own_words=data["patient_own_words"],
                discussion=data["discussion"],
                participants=form.participants(),
                measures=measures,
                followup_on=data["followup_on"],
                followup_late_reason=data["followup_late_reason"],
                booked=booked,
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The meeting has been recorded as held."))
            return redirect("pathways:meeting", pk=pathway.pk, meeting_id=meeting.pk)
    return render(
        request,
        "pathways/meeting_form.html",
        {
            "pathway": pathway,
            "form": form,
            "plan": plan,
            "kind": kind,
            "kind_label": MeetingKind(kind).label,
            "booked": booked,
            "interpreter": services.needs_interpreter(adaptations),
            "required_partners": [
                PartnerKind(p).label
                for a, p in services.REQUIRED_PARTNERS.items()
                if a in adaptations
            ],
            "measures": list(pathway.measures.exclude(status="stopped")),
        },
    )


@login_required
def meeting_detail(request: HttpRequest, pk: int, meeting_id: int) -> HttpResponse:
    pathway = _pathway(request, pk)
    meeting = next((m for m in services.meetings_of(pathway) if m.pk == meeting_id), None)
    if meeting is None:
        raise Http404
    return render(
        request,
        "pathways/meeting_detail.html",
        {
            "pathway": pathway,
            "meeting": meeting,
            "documents": services.meeting_documents(meeting),
            "interpreter": services.needs_interpreter(services.adaptations_of(pathway)),
        },
    )


@login_required
def meeting_document(
    request: HttpRequest, pk: int, meeting_id: int, letter_id: int, pdf: bool = False
) -> HttpResponse:
    """A meeting summary exactly as stored (HTML or PDF); the read is audited."""
    pathway = _pathway(request, pk)
    meeting = CollaborationMeeting.objects.filter(pathway=pathway, pk=meeting_id).first()
    if meeting is None:
        raise Http404
    letter = get_visible_or_404(letters_for(meeting), pk=letter_id)
    if pdf:
        response = HttpResponse(letter.pdf_bytes, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="samhandlingsmote-{letter.pk}.pdf"'
        return response
    return HttpResponse(letter.html, content_type="text/html; charset=utf-8")


@login_required
@require_POST
def meeting_cancel(request: HttpRequest, pk: int, meeting_id: int) -> HttpResponse:
    pathway = _pathway(request, pk)
    meeting = CollaborationMeeting.objects.filter(pathway=pathway, pk=meeting_id).first()
    if meeting is None:
        raise Http404
    try:
        services.cancel_meeting(_user(request), meeting)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The booked meeting has been cancelled."))
    return redirect("pathways:detail", pk=pathway.pk)


@login_required
def measure_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    pathway = _pathway(request, pk)
    adaptations = services.adaptations_of(pathway)
    kind = request.GET.get("kind", "")
    form = MeasureForm(request.POST or None, initial={"kind": kind} if kind else None)
    measure = _submit(request, form, lambda d: services.add_measure(user, pathway, d))
    if measure is not NOT_DONE:
        if measure.is_habit_forming and Adaptation.HABIT_FORMING_MEDICINE_WARNING in adaptations:
            messages.warning(
                request,
                _(
                    "The patient is 65 or older: habit-forming medicines carry extra risk "
                    "(reduced metabolism, falls, interactions)."
                ),
            )
        return _back_to_pathway(
            request, pathway, _("The measure has been added to the treatment plan.")
        )
    return render(
        request,
        "pathways/measure_form.html",
        {
            "pathway": pathway,
            "form": form,
            "older": Adaptation.HABIT_FORMING_MEDICINE_WARNING in adaptations,
            "common_medicines": services.COMMON_MEDICINES,
        },
    )


@login_required
def measure_update(request: HttpRequest, pk: int, measure_id: int) -> HttpResponse:
    user = _user(request)
    pathway = _pathway(request, pk)
    measure = TreatmentMeasure.objects.filter(pathway=pathway, pk=measure_id).first()
    if measure is None:
        raise Http404
    form = MeasureStatusForm(
        request.POST or None, initial={"status": measure.status, "setting": measure.setting}
    )
    done = _submit(
        request,
        form,
        lambda d: services.update_measure(user, measure, status=d["status"], setting=d["setting"]),
    )
    if done is not NOT_DONE:
        return _back_to_pathway(request, pathway, _("The measure has been updated."))
    return _form_page(request, pathway, form, _("Follow up measure"), _("Save"), intro=str(measure))


@login_required
@require_POST
def adaptation_items(request: HttpRequest, pk: int) -> HttpResponse:
    pathway = _pathway(request, pk)
    try:
        added = services.add_adaptation_items(_user(request), pathway)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if added:
            messages.success(request, _("The suggested plan items have been added."))
    return redirect("pathways:detail", pk=pathway.pk)


@login_required
def team_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    pathway = _pathway(request, pk)
    form = TeamMemberForm(request.POST or None, unit=pathway.clinic)
    done = _submit(
        request,
        form,
        lambda d: services.add_team_member(user, pathway, d["staff"], d["responsibility"]),
    )
    if done is not NOT_DONE:
        return _back_to_pathway(request, pathway, _("The clinician has been added to the team."))
    return _form_page(request, pathway, form, _("Add to the team"), _("Add"))


@login_required
def hold(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    pathway = _pathway(request, pk)
    form = HoldForm(request.POST or None)
    done = _submit(
        request,
        form,
        lambda d: services.set_on_hold(
            user, pathway, on_hold=not pathway.on_hold, reason=d["reason"]
        ),
    )
    if done is not NOT_DONE:
        return _back_to_pathway(request, pathway)
    return _form_page(
        request,
        pathway,
        form,
        _("Resume the pathway") if pathway.on_hold else _("Put the pathway on hold"),
        _("Resume") if pathway.on_hold else _("Put on hold"),
        intro=_("The pathway times keep running while the pathway is on hold."),
    )


# The patient page -----------------------------------------------------------------------------


def patient_section_context(request: HttpRequest, patient: Patient) -> dict[str, Any]:
    """The patient's pathways at the user's units, and granted decisions awaiting a start."""
    user = request.user
    if not isinstance(user, User):
        return {"pathways": [], "awaiting": []}
    pathways = services.patient_pathways(user, patient)
    awaiting = list(
        services.decisions_awaiting_start(user.unit_ids()).filter(referral__patient=patient)
    )
    return {"pathways": pathways, "awaiting": awaiting, "today": services.today()}
