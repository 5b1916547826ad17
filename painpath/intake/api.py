"""The intake API at /api/intake (issue 4): worklist, referral, views, decision, start of care,
questions. Same services and the same rules as the pages; a conflict answers 409."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from painpath.core.api_auth import api_user
from painpath.intake import services
from painpath.intake.models import (
    AddressedTo,
    AssessmentView,
    Decision,
    InformationRequest,
    PriorityRule,
)
from painpath.organisation.models import Clinic
from painpath.referrals.models import Referral
from painpath.rules.working_days import working_days_between

router = Router(tags=["intake"])


class CountsOut(Schema):
    total: int
    overdue: int
    due_today: int
    serious: int
    flagged: int
    forwarded: int
    by_channel: dict[str, int]


class WorklistItemOut(Schema):
    id: int
    patient_id: int
    patient_name: str
    birth_date: date
    received_on: date
    assessment_due_on: date
    working_days_left: int
    overdue: bool
    serious_illness_suspected: bool
    channel: str
    status: str
    referrer: str
    completeness_present: int
    completeness_total: int
    missing_items: list[str]
    flags: list[str]
    forwarded_from: str | None
    open_questions: bool


class WorklistOut(Schema):
    unit_id: int
    unit: str
    today: date
    counts: CountsOut
    page: int
    pages: int
    total: int
    items: list[WorklistItemOut]


class WaitingItemOut(Schema):
    decision_id: int
    referral_id: int
    patient_name: str
    received_on: date
    decided_on: date
    care_deadline: date
    state: str
    days_left: int
    working_days_left: int


class WaitingOut(Schema):
    counts: dict[str, int]
    page: int
    pages: int
    items: list[WaitingItemOut]


class ViewOut(Schema):
    id: int
    member: str
    profession: str
    proposed_outcome: str
    proposed_weeks: int | None
    priority_rule_id: int | None
    reasoning: str
    created_at: Any


class DecisionOut(Schema):
    id: int
    referral_id: int
    outcome: str
    decided_by: str
    decided_alone: bool
    decided_on: date
    unit_id: int | None
    priority_rule_id: int | None
    priority_rule_version: int | None
    corrects_id: int | None
    correction_reason: str
    deviation_justification: str
    care_deadline: date | None
    care_what: str
    care_when: str
    care_where: str
    enters_pathway: bool
    mapping_consultation_offered: bool
    care_started_on: date | None
    care_state: str | None
    deadline_breach_recorded_on: date | None
    justification: str
    advice: str
    municipal_guidance_helpful: bool
    forwarded_to_id: int | None
    referred_on_to: str


class SuggestionOut(Schema):
    priority_rule_id: int
    code: str
    version: int
    condition_group: str
    right_granted: bool
    max_weeks: int | None
    suggested_care_deadline: date | None


class QuestionOut(Schema):
    id: int
    addressed_to: str
    items: list[str]
    question: str
    asked_at: Any
    answer: str
    answered_at: Any


class ReferralOut(Schema):
    id: int
    patient_id: int
    patient_name: str
    unit_id: int
    received_by_id: int
    received_on: date
    assessment_due_on: date
    working_days_left: int
    overdue: bool
    serious_illness_suspected: bool
    status: str
    channel: str
    completeness_present: int
    completeness_total: int
    missing_items: list[str]
    forwarded_from: list[str]
    suggestions: list[SuggestionOut]
    views: list[ViewOut]
    decisions: list[DecisionOut]
    questions: list[QuestionOut]


class ViewIn(Schema):
    proposed_outcome: str
    reasoning: str
    profession: str = ""
    proposed_weeks: int | None = None
    priority_rule_id: int | None = None


class DecisionIn(Schema):
    outcome: str
    priority_rule_id: int | None = None
    care_deadline: date | None = None
    care_what: str = ""
    care_when: str = ""
    care_where: str = ""
    enters_pathway: bool = False
    mapping_consultation_offered: bool = False
    justification: str = ""
    advice: str = ""
    municipal_guidance_helpful: bool = False
    forwarded_to_id: int | None = None
    referred_on_to: str = ""
    deviation_justification: str = ""


class CorrectionIn(DecisionIn):
    correction_reason: str


class CareStartIn(Schema):
    started_on: date


class QuestionIn(Schema):
    question: str
    items: list[str] = Field(default_factory=list)
    addressed_to: str = AddressedTo.REFERRER


class ConflictOut(Schema):
    detail: str
    decision_id: int | None


def _name(referral: Referral) -> str:
    return f"{referral.patient.given_name} {referral.patient.family_name}"


def _decision_out(d: Decision) -> dict[str, Any]:
    state = services.care_state(d)
    return {
        "id": d.pk,
        "referral_id": d.referral_id,
        "outcome": d.outcome,
        "decided_by": services.person_name(d.decided_by),
        "decided_alone": d.decided_alone,
        "decided_on": d.decided_on,
        "unit_id": d.clinic_id,
        "priority_rule_id": d.priority_rule_id,
        "priority_rule_version": d.priority_rule.version if d.priority_rule else None,
        "corrects_id": d.corrects_id,
        "correction_reason": d.correction_reason,
        "deviation_justification": d.deviation_justification,
        "care_deadline": d.care_deadline,
        "care_what": d.care_what,
        "care_when": d.care_when,
        "care_where": d.care_where,
        "enters_pathway": d.enters_pathway,
        "mapping_consultation_offered": d.mapping_consultation_offered,
        "care_started_on": d.care_started_on,
        "care_state": str(state.status) if state else None,
        "deadline_breach_recorded_on": d.deadline_breach_recorded_on,
        "justification": d.justification,
        "advice": d.advice,
        "municipal_guidance_helpful": d.municipal_guidance_helpful,
        "forwarded_to_id": d.forwarded_to_id,
        "referred_on_to": d.referred_on_to,
    }


def _view_out(v: AssessmentView) -> dict[str, Any]:
    return {
        "id": v.pk,
        "member": services.person_name(v.member),
        "profession": v.profession,
        "proposed_outcome": v.proposed_outcome,
        "proposed_weeks": v.proposed_weeks,
        "priority_rule_id": v.priority_rule_id,
        "reasoning": v.reasoning,
        "created_at": v.created_at,
    }


def _question_out(q: InformationRequest) -> dict[str, Any]:
    return {
        "id": q.pk,
        "addressed_to": q.addressed_to,
        "items": list(q.items),
        "question": q.question,
        "asked_at": q.asked_at,
        "answer": q.answer,
        "answered_at": q.answered_at,
    }


def _referral_out(referral: Referral) -> dict[str, Any]:
    from painpath.intake.labels import ITEM_COUNT, missing_codes

    day = services.today()
    missing = missing_codes(referral.completeness)
    present = ITEM_COUNT - (len(missing) if referral.completeness else referral.missing_count)
    return {
        "id": referral.pk,
        "patient_id": referral.patient_id,
        "patient_name": _name(referral),
        "unit_id": referral.clinic_id,
        "received_by_id": referral.received_by_id,
        "received_on": referral.received_on,
        "assessment_due_on": referral.assessment_due_on,
        "working_days_left": working_days_between(day, referral.assessment_due_on),
        "overdue": referral.assessment_due_on < day,
        "serious_illness_suspected": referral.serious_illness_suspected,
        "status": referral.status,
        "channel": referral.channel,
        "completeness_present": max(present, 0),
        "completeness_total": ITEM_COUNT,
        "missing_items": missing,
        "forwarded_from": [f.from_clinic.name for f in services.forwarding_history(referral)],
        "suggestions": [
            {
                "priority_rule_id": s.rule.pk,
                "code": s.rule.code,
                "version": s.rule.version,
                "condition_group": s.rule.condition_group,
                "right_granted": s.rule.right_granted,
                "max_weeks": s.rule.max_weeks,
                "suggested_care_deadline": s.care_deadline,
            }
            for s in services.suggestions(referral)
        ],
        "views": [_view_out(v) for v in services.current_views(referral)],
        "decisions": [_decision_out(d) for d in services.decision_history(referral)],
        "questions": [_question_out(q) for q in services.information_requests(referral)],
    }


@router.get("/worklist", response=WorklistOut, summary="Undecided referrals of your active unit")
def get_worklist(
    request: HttpRequest,
    page: int = 1,
    overdue: bool = False,
    serious: bool = False,
    flag: str = "",
    channel: str = "",
    forwarded: bool = False,
    q: str = "",
    unit_id: int | None = None,
) -> dict[str, Any]:
    user = api_user(request)
    unit = _unit(user, request, unit_id)
    filters = services.WorklistFilters.from_params(
        {
            "overdue": overdue,
            "serious": serious,
            "flag": flag,
            "channel": channel,
            "forwarded": forwarded,
            "q": q,
        }
    )
    work = services.worklist(user, unit, filters, page)
    counts = work.counts
    return {
        "unit_id": unit.pk,
        "unit": unit.name,
        "today": work.today,
        "counts": {
            **{k: counts[k] for k in ("total", "overdue", "due_today", "serious", "flagged")},
            "forwarded": counts["forwarded"],
            "by_channel": {
                k.removeprefix("channel_"): v for k, v in counts.items() if k.startswith("channel_")
            },
        },
        "page": work.page.number,
        "pages": work.page.paginator.num_pages,
        "total": work.page.paginator.count,
        "items": [
            {
                "id": row.referral.pk,
                "patient_id": row.referral.patient_id,
                "patient_name": _name(row.referral),
                "birth_date": row.referral.patient.birth_date,
                "received_on": row.referral.received_on,
                "assessment_due_on": row.referral.assessment_due_on,
                "working_days_left": row.working_days_left,
                "overdue": row.overdue,
                "serious_illness_suspected": row.referral.serious_illness_suspected,
                "channel": row.referral.channel,
                "status": row.referral.status,
                "referrer": row.referral.referrer.name,
                "completeness_present": row.present,
                "completeness_total": row.total_items,
                "missing_items": row.missing,
                "flags": [f.code for f in row.flags],
                "forwarded_from": row.forwarded_from.name if row.forwarded_from else None,
                "open_questions": row.open_questions,
            }
            for row in work.rows
        ],
    }


def _unit(user: Any, request: HttpRequest, unit_id: int | None) -> Clinic:
    if unit_id is not None:
        if unit_id not in user.unit_ids():
            raise Http404
        return Clinic.objects.get(pk=unit_id)
    return services.active_unit_or_denied(user, request)


@router.get("/waiting", response=WaitingOut, summary="Granted rights whose care has not started")
def get_waiting(request: HttpRequest, page: int = 1, unit_id: int | None = None) -> dict[str, Any]:
    user = api_user(request)
    unit = _unit(user, request, unit_id)
    waiting = services.waiting_list(user, unit, page)
    return {
        "counts": waiting.counts,
        "page": waiting.page.number,
        "pages": waiting.page.paginator.num_pages,
        "items": [
            {
                "decision_id": row.decision.pk,
                "referral_id": row.referral.pk,
                "patient_name": _name(row.referral),
                "received_on": row.referral.received_on,
                "decided_on": row.decision.decided_on,
                "care_deadline": row.decision.care_deadline,
                "state": str(row.state.status),
                "days_left": row.state.days_left,
                "working_days_left": row.state.working_days_left,
            }
            for row in waiting.rows
        ],
    }


@router.get("/referrals/{referral_id}", response=ReferralOut, summary="One referral (audited)")
def get_referral(request: HttpRequest, referral_id: int) -> dict[str, Any]:
    referral = services.get_referral_for_assessment(api_user(request), referral_id)
    return _referral_out(referral)


def _rule(rule_id: int | None, field: str = "priority_rule_id") -> PriorityRule | None:
    if rule_id is None:
        return None
    rule = PriorityRule.objects.filter(pk=rule_id).first()
    if rule is None:
        raise ValidationError({field: [_("Unknown priority rule.")]})
    return rule


@router.post("/referrals/{referral_id}/views", response={201: ViewOut}, summary="Record my view")
def post_view(request: HttpRequest, referral_id: int, payload: ViewIn) -> Status:
    user = api_user(request)
    referral = services.get_referral_for_assessment(user, referral_id)
    view = services.record_view(
        user,
        referral,
        proposed_outcome=payload.proposed_outcome,
        reasoning=payload.reasoning,
        profession=payload.profession,
        proposed_weeks=payload.proposed_weeks,
        priority_rule=_rule(payload.priority_rule_id),
    )
    return Status(201, _view_out(view))


def _input(payload: DecisionIn) -> services.DecisionInput:
    forwarded_to = None
    if payload.forwarded_to_id is not None:
        forwarded_to = Clinic.objects.filter(pk=payload.forwarded_to_id).first()
        if forwarded_to is None:
            raise ValidationError({"forwarded_to_id": [_("Unknown unit.")]})
    return services.DecisionInput(
        outcome=payload.outcome,
        priority_rule=_rule(payload.priority_rule_id),
        care_deadline=payload.care_deadline,
        care_what=payload.care_what,
        care_when=payload.care_when,
        care_where=payload.care_where,
        enters_pathway=payload.enters_pathway,
        mapping_consultation_offered=payload.mapping_consultation_offered,
        justification=payload.justification,
        advice=payload.advice,
        municipal_guidance_helpful=payload.municipal_guidance_helpful,
        forwarded_to=forwarded_to,
        referred_on_to=payload.referred_on_to,
        deviation_justification=payload.deviation_justification,
        correction_reason=getattr(payload, "correction_reason", ""),
    )


def _conflict(request: HttpRequest, exc: services.DecisionConflict) -> Status:
    return Status(
        409, {"detail": exc.message, "decision_id": exc.existing.pk if exc.existing else None}
    )


@router.post(
    "/referrals/{referral_id}/decision",
    response={201: DecisionOut, 409: ConflictOut},
    summary="Record the team's decision (409 when someone decided first)",
)
def post_decision(request: HttpRequest, referral_id: int, payload: DecisionIn) -> Any:
    user = api_user(request)
    referral = services.get_referral_for_assessment(user, referral_id)
    try:
        decision = services.decide(user, referral, _input(payload))
    except services.DecisionConflict as exc:
        return _conflict(request, exc)
    return Status(201, _decision_out(decision))


@router.post(
    "/decisions/{decision_id}/corrections",
    response={201: DecisionOut, 409: ConflictOut},
    summary="Correct a decision: a new decision with a reason",
)
def post_correction(request: HttpRequest, decision_id: int, payload: CorrectionIn) -> Any:
    user = api_user(request)
    decision = services.get_decision_or_404(user, decision_id)
    try:
        new = services.decide(user, decision.referral, _input(payload), corrects=decision)
    except services.DecisionConflict as exc:
        return _conflict(request, exc)
    return Status(201, _decision_out(new))


@router.get("/decisions/{decision_id}", response=DecisionOut, summary="One decision (audited)")
def get_decision(request: HttpRequest, decision_id: int) -> dict[str, Any]:
    return _decision_out(services.get_decision_or_404(api_user(request), decision_id))


@router.post(
    "/decisions/{decision_id}/care-start", response=DecisionOut, summary="Record start of care"
)
def post_care_start(request: HttpRequest, decision_id: int, payload: CareStartIn) -> dict[str, Any]:
    user = api_user(request)
    decision = services.get_decision_or_404(user, decision_id)
    return _decision_out(services.record_care_start(user, decision, payload.started_on))


@router.post(
    "/referrals/{referral_id}/information-requests",
    response={201: QuestionOut},
    summary="Ask the referrer or the patient for missing content (the clock keeps running)",
)
def post_question(request: HttpRequest, referral_id: int, payload: QuestionIn) -> Status:
    user = api_user(request)
    referral = services.get_referral_for_assessment(user, referral_id)
    q = services.ask_for_information(
        user,
        referral,
        question=payload.question,
        items=payload.items,
        addressed_to=payload.addressed_to,
    )
    return Status(201, _question_out(q))


@router.get("/priority-rules", response=list[SuggestionOut], summary="Priority rules in use")
def get_rules(request: HttpRequest) -> list[dict[str, Any]]:
    api_user(request)
    return [
        {
            "priority_rule_id": r.pk,
            "code": r.code,
            "version": r.version,
            "condition_group": r.condition_group,
            "right_granted": r.right_granted,
            "max_weeks": r.max_weeks,
            "suggested_care_deadline": None,
        }
        for r in services.active_rules()
    ]
