"""Use cases of the intake (DOMAIN.md D3, D4): the worklist, team members' views, the team's
decision within the legal limit, questions for missing content, start of care and deadline
tracking. Views, API and commands are thin layers over these functions."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from painpath.accounts.models import User
from painpath.audit.services import record_list_read
from painpath.intake.labels import FLAG_LABELS, ITEM_COUNT, ITEM_LABELS, missing_codes
from painpath.intake.models import (
    AddressedTo,
    AssessmentView,
    Decision,
    ForwardingRecord,
    InformationRequest,
    Outcome,
    PriorityRule,
)
from painpath.intake.signals import decision_recorded
from painpath.organisation.models import Clinic, ProfessionChoices
from painpath.patients.access import get_visible_or_404
from painpath.referrals.models import Channel, Referral, ReferralFlag, ReferralStatus
from painpath.rules.completeness import ITEM_CODES
from painpath.rules.deadlines import (
    CARE_DEADLINE_WARNING_WORKING_DAYS,
    DEVIATION_MARGIN_DAYS,
    CareDeadlineState,
    CareDeadlineStatus,
    DeviationReason,
    care_deadline_state,
    decision_deviations,
    suggested_care_deadline,
)
from painpath.rules.working_days import add_working_days, working_days_between

logger = logging.getLogger(__name__)

PAGE_SIZE = 50
OPEN_STATUSES = (ReferralStatus.RECEIVED, ReferralStatus.UNDER_ASSESSMENT)
MAX_TEXT = 10_000


def deviation_margin_days() -> int:
    """How far a care deadline may stray from the suggestion without a justification (D4)."""
    return int(getattr(settings, "INTAKE_DEVIATION_MARGIN_DAYS", DEVIATION_MARGIN_DAYS))


def today() -> date:
    return timezone.localdate()


def person_name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


# Access ----------------------------------------------------------------------------------------


def intake_referrals(user: User) -> QuerySet[Referral]:
    """Referrals the user's units assess: held now, or first received (issue 4)."""
    unit_ids = user.unit_ids() if user.is_authenticated else []
    if not unit_ids:
        return Referral.objects.none()
    return Referral.objects.filter(Q(clinic__in=unit_ids) | Q(received_by__in=unit_ids))


def get_referral_for_assessment(user: User, pk: int) -> Referral:
    """One referral of the user's units (read audited), else 404."""
    return get_visible_or_404(
        intake_referrals(user).select_related(
            "patient", "clinic__trust", "received_by", "referrer"
        ),
        pk=pk,
    )


def get_decision_or_404(user: User, pk: int) -> Decision:
    unit_ids = user.unit_ids() if user.is_authenticated else []
    queryset = Decision.objects.filter(
        Q(referral__clinic__in=unit_ids) | Q(referral__received_by__in=unit_ids)
    ).select_related(
        "referral__patient",
        "referral__clinic",
        "decided_by",
        "priority_rule",
        "forwarded_to",
        "clinic",
    )
    return get_visible_or_404(queryset, pk=pk)


def can_act_on(user: User, referral: Referral) -> bool:
    """Only the unit that holds the referral now records views and decides."""
    return referral.clinic_id in user.unit_ids()


def _require_holder(user: User, referral: Referral) -> None:
    if not can_act_on(user, referral):
        raise PermissionDenied(_("Only the unit that holds the referral can do this."))


def active_unit_or_denied(user: User, request: Any = None) -> Clinic:
    unit = user.active_unit(request) if user.is_authenticated else None
    if unit is None:
        raise PermissionDenied(_("You must belong to a unit to see its worklist."))
    return unit


# Worklist --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorklistFilters:
    overdue: bool = False
    serious: bool = False
    flag: str = ""
    channel: str = ""
    forwarded: bool = False
    q: str = ""

    @classmethod
    def from_params(cls, params: Any) -> WorklistFilters:
        def on(name: str) -> bool:
            return str(params.get(name, "")).lower() in {"1", "true", "on", "yes"}

        flag = str(params.get("flag", "") or "")
        channel = str(params.get("channel", "") or "")
        return cls(
            overdue=on("overdue"),
            serious=on("serious"),
            flag=flag if flag in FLAG_LABELS or flag == "any" else "",
            channel=channel if channel in Channel.values else "",
            forwarded=on("forwarded"),
            q=" ".join(str(params.get("q", "") or "").split())[:100],
        )

    @property
    def active(self) -> bool:
        return any((self.overdue, self.serious, self.flag, self.channel, self.forwarded, self.q))


def _shown_flags() -> QuerySet[ReferralFlag]:
    # Flags staff removed are not shown; suggested and confirmed ones are.
    return ReferralFlag.objects.exclude(confirmed=False)


def open_referrals(unit: Clinic) -> QuerySet[Referral]:
    return Referral.objects.filter(clinic=unit, status__in=OPEN_STATUSES)


def _filtered(queryset: QuerySet[Referral], f: WorklistFilters, day: date) -> QuerySet[Referral]:
    if f.overdue:
        queryset = queryset.filter(assessment_due_on__lt=day)
    if f.serious:
        queryset = queryset.filter(serious_illness_suspected=True)
    if f.flag:
        flags = _shown_flags().filter(referral=OuterRef("pk"))
        if f.flag != "any":
            flags = flags.filter(code=f.flag)
        queryset = queryset.filter(Exists(flags))
    if f.channel:
        queryset = queryset.filter(channel=f.channel)
    if f.forwarded:
        queryset = queryset.filter(Exists(ForwardingRecord.objects.filter(referral=OuterRef("pk"))))
    if f.q:
        for word in f.q.split()[:4]:
            queryset = queryset.filter(
                Q(patient__given_name__icontains=word) | Q(patient__family_name__icontains=word)
            )
    return queryset


def worklist_counts(unit: Clinic, day: date) -> dict[str, int]:
    """Counts of the unit's undecided referrals, in one query."""
    any_flag = Exists(_shown_flags().filter(referral=OuterRef("pk")))
    forwarded = Exists(ForwardingRecord.objects.filter(referral=OuterRef("pk")))
    aggregates: dict[str, Any] = {
        "total": Count("pk"),
        "overdue": Count("pk", filter=Q(assessment_due_on__lt=day)),
        "due_today": Count("pk", filter=Q(assessment_due_on=day)),
        "serious": Count("pk", filter=Q(serious_illness_suspected=True)),
        "flagged": Count("pk", filter=Q(any_flag)),
        "forwarded": Count("pk", filter=Q(forwarded)),
    }
    for value in Channel.values:
        aggregates[f"channel_{value}"] = Count("pk", filter=Q(channel=value))
    return {k: int(v or 0) for k, v in open_referrals(unit).aggregate(**aggregates).items()}


@dataclass
class WorklistRow:
    referral: Referral
    working_days_left: int
    overdue: bool
    present: int
    missing: list[str]
    flags: list[ReferralFlag]
    forwarded_from: Clinic | None
    open_questions: bool

    @property
    def total_items(self) -> int:
        return ITEM_COUNT

    @property
    def missing_labels(self) -> list[str]:
        return [str(ITEM_LABELS.get(code, code)) for code in self.missing]

    @property
    def missing_short(self) -> list[str]:
        return self.missing_labels[:3]

    @property
    def missing_more(self) -> int:
        return max(len(self.missing) - 3, 0)

    @property
    def flag_labels(self) -> list[str]:
        return [str(FLAG_LABELS.get(flag.code, flag.code)) for flag in self.flags]

    @property
    def due_text(self) -> str:
        n = self.working_days_left
        if self.overdue:
            return ngettext(
                "overdue by %(n)s working day", "overdue by %(n)s working days", abs(n)
            ) % {"n": abs(n)}
        if n <= 0:
            return _("due today")
        return ngettext("%(n)s working day left", "%(n)s working days left", n) % {"n": n}

    @property
    def due_class(self) -> str:
        if self.overdue or self.working_days_left <= 0:
            return "badge-danger"
        return "badge-warn" if self.working_days_left <= 2 else "badge-muted"

    @property
    def urgency(self) -> str:
        """overdue / today / soon (≤ 2 working days) / serious / normal, for the badge."""
        if self.overdue:
            return "overdue"
        if self.working_days_left <= 0:
            return "today"
        if self.working_days_left <= 2:
            return "soon"
        return "normal"


@dataclass
class Worklist:
    unit: Clinic
    filters: WorklistFilters
    counts: dict[str, int]
    page: Page
    rows: list[WorklistRow]
    today: date


def _row(referral: Referral, day: date) -> WorklistRow:
    forwardings = list(referral.forwardings.all())
    missing = missing_codes(referral.completeness)
    present = ITEM_COUNT - (len(missing) if referral.completeness else referral.missing_count)
    return WorklistRow(
        referral=referral,
        working_days_left=working_days_between(day, referral.assessment_due_on),
        overdue=referral.assessment_due_on < day,
        present=max(present, 0),
        missing=missing,
        flags=list(referral.flags.all()),
        forwarded_from=forwardings[-1].from_clinic if forwardings else None,
        open_questions=bool(getattr(referral, "open_questions", False)),
    )


def worklist(
    user: User,
    unit: Clinic,
    filters: WorklistFilters,
    page_number: Any = 1,
    *,
    day: date | None = None,
    page_size: int = PAGE_SIZE,
    audit: bool = True,
) -> Worklist:
    """The unit's undecided referrals, most urgent first (overdue, then by due date), paginated.

    A constant number of queries whatever the size: counts (1), page count (1), the page's ids
    (1), its rows with patient and referrer (1), flags (1), forwardings (1), open questions (1),
    the read audit (1). (Serious illness already gives an earlier due date, so the due date
    alone orders by urgency.)
    """
    if unit.pk not in user.unit_ids():
        raise Http404
    day = day or today()
    # Sort and paginate on the narrow index (clinic, status, due date) first, then fetch the page's
    # rows by id: sorting thousands of wide rows (referral text, completeness) is what costs.
    ordered_ids = (
        _filtered(open_referrals(unit), filters, day)
        .order_by("assessment_due_on", "id")
        .values_list("id", flat=True)
    )
    page = Paginator(ordered_ids, page_size).get_page(page_number)
    ids = list(page.object_list)
    by_id = (
        Referral.objects.filter(pk__in=ids)
        .select_related("patient", "referrer", "received_by")
        .prefetch_related(
            Prefetch("flags", queryset=_shown_flags().order_by("code")),
            Prefetch(
                "forwardings",
                queryset=ForwardingRecord.objects.select_related("from_clinic").order_by(
                    "created_at", "id"
                ),
            ),
        )
        .in_bulk()
    )
    asked = set(
        InformationRequest.objects.filter(
            referral_id__in=ids, answered_at__isnull=True
        ).values_list("referral_id", flat=True)
    )
    rows = []
    for pk in ids:
        referral = by_id[pk]
        referral.open_questions = pk in asked  # type: ignore[attr-defined]
        rows.append(_row(referral, day))
    if audit and rows:
        record_list_read(Referral, [r.referral.patient_id for r in rows], worklist=unit.pk)
    return Worklist(
        unit=unit,
        filters=filters,
        counts=worklist_counts(unit, day),
        page=page,
        rows=rows,
        today=day,
    )


def care_state_text(state: CareDeadlineState) -> tuple[str, str]:
    """The words and badge class for a care deadline's state (D4)."""
    if state.status == CareDeadlineStatus.BREACHED:
        n = abs(state.days_left)
        text = ngettext("deadline missed %(n)s day ago", "deadline missed %(n)s days ago", n) % {
            "n": n
        }
        return text, "badge-danger"
    if state.status in (CareDeadlineStatus.WARNING, CareDeadlineStatus.OK):
        n = state.working_days_left
        text = ngettext("%(n)s working day left", "%(n)s working days left", n) % {"n": n}
        return text, "badge-warn" if state.status == CareDeadlineStatus.WARNING else "badge-ok"
    if state.status == CareDeadlineStatus.MET:
        return _("care started in time"), "badge-ok"
    return _("care started after the deadline"), "badge-danger"


@dataclass
class WaitingRow:
    decision: Decision
    state: CareDeadlineState

    @property
    def referral(self) -> Referral:
        return self.decision.referral

    @property
    def state_text(self) -> str:
        return care_state_text(self.state)[0]

    @property
    def state_class(self) -> str:
        return care_state_text(self.state)[1]


@dataclass
class WaitingList:
    counts: dict[str, int]
    page: Page
    rows: list[WaitingRow]


def waiting_for_care(unit: Clinic) -> QuerySet[Decision]:
    """Granted rights at the unit whose care has not started (the second list of issue 4)."""
    return Decision.objects.filter(
        referral__clinic=unit,
        outcome=Outcome.RIGHT_GRANTED,
        care_started_on__isnull=True,
        corrected_by__isnull=True,
    )


def waiting_list(
    user: User,
    unit: Clinic,
    page_number: Any = 1,
    *,
    day: date | None = None,
    page_size: int = PAGE_SIZE,
    audit: bool = True,
) -> WaitingList:
    if unit.pk not in user.unit_ids():
        raise Http404
    day = day or today()
    # A deadline within the warning window: care_deadline_state says WARNING for it.
    warn_until = add_working_days(day, CARE_DEADLINE_WARNING_WORKING_DAYS + 1)
    counts = waiting_for_care(unit).aggregate(
        total=Count("pk"),
        breached=Count("pk", filter=Q(care_deadline__lt=day)),
        warning=Count("pk", filter=Q(care_deadline__gte=day, care_deadline__lt=warn_until)),
    )
    queryset = (
        waiting_for_care(unit)
        .select_related("referral__patient", "decided_by")
        .order_by("care_deadline", "id")
    )
    page = Paginator(queryset, page_size).get_page(page_number)
    rows = [
        WaitingRow(d, care_deadline_state(d.care_deadline, None, day))
        for d in page.object_list
        if d.care_deadline is not None
    ]
    if audit and rows:
        record_list_read(Decision, [r.referral.patient_id for r in rows], waiting_list=unit.pk)
    return WaitingList(counts={k: int(v or 0) for k, v in counts.items()}, page=page, rows=rows)


# The assessment --------------------------------------------------------------------------------


def assessment_round(referral: Referral) -> int:
    """0 at the unit that first received the referral, +1 for each forwarding."""
    return ForwardingRecord.objects.filter(referral=referral).count()


def current_decision(referral: Referral) -> Decision | None:
    """The decision in force for the referral now (latest round, not corrected)."""
    return (
        Decision.objects.filter(referral=referral, corrected_by__isnull=True)
        .select_related("decided_by", "priority_rule", "forwarded_to", "clinic")
        .order_by("-assessment_round", "-created_at", "-id")
        .first()
    )


def active_rules() -> list[PriorityRule]:
    """Rules in use: rows that grant the right (shortest deadline first), then those without."""
    rules = PriorityRule.objects.filter(active=True)
    return sorted(rules, key=lambda r: (not r.right_granted, r.max_weeks or 0, r.code))


@dataclass(frozen=True)
class Suggestion:
    rule: PriorityRule
    care_deadline: date | None


def suggestions(referral: Referral) -> list[Suggestion]:
    """What each guideline row would suggest for this referral (weeks from received_on, D4)."""
    return [Suggestion(r, r.suggested_care_deadline(referral.received_on)) for r in active_rules()]


def record_view(
    user: User,
    referral: Referral,
    *,
    proposed_outcome: str,
    reasoning: str,
    profession: str = "",
    proposed_weeks: int | None = None,
    priority_rule: PriorityRule | None = None,
) -> AssessmentView:
    """One team member's view (D4): profession, proposed outcome and weeks, reasoning."""
    _require_holder(user, referral)
    errors: dict[str, str] = {}
    profession = profession or user.profession
    if profession not in ProfessionChoices.values:
        errors["profession"] = _("Choose your profession.")
    if proposed_outcome not in Outcome.values:
        errors["proposed_outcome"] = _("Choose a proposed outcome.")
    reasoning = (reasoning or "").strip()
    if not reasoning:
        errors["reasoning"] = _("Write your reasoning.")
    elif len(reasoning) > MAX_TEXT:
        errors["reasoning"] = _("The text is too long.")
    if proposed_weeks is not None and not 1 <= proposed_weeks <= 104:
        errors["proposed_weeks"] = _("Weeks must be between 1 and 104.")
    if proposed_outcome == Outcome.RIGHT_GRANTED and proposed_weeks is None:
        errors["proposed_weeks"] = _("Propose the number of weeks to the care deadline.")
    if priority_rule is not None and not priority_rule.active:
        errors["priority_rule"] = _("This version of the priority rule is no longer in use.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        _require_holder(user, referral)
        if referral.status not in OPEN_STATUSES:
            raise ValidationError(_("The referral has already been decided."))
        view = AssessmentView.objects.create(
            referral=referral,
            member=user,
            profession=profession,
            proposed_outcome=proposed_outcome,
            proposed_weeks=proposed_weeks if proposed_outcome == Outcome.RIGHT_GRANTED else None,
            priority_rule=priority_rule,
            reasoning=reasoning,
            assessment_round=assessment_round(referral),
        )
        _mark_under_assessment(referral)
    return view


def _mark_under_assessment(referral: Referral) -> None:
    if referral.status == ReferralStatus.RECEIVED:
        referral.status = ReferralStatus.UNDER_ASSESSMENT
        referral.save(update_fields=["status", "updated_at"])


def current_views(referral: Referral) -> list[AssessmentView]:
    return list(
        AssessmentView.objects.filter(
            referral=referral, assessment_round=assessment_round(referral)
        ).select_related("member", "priority_rule")
    )


# The decision ------------------------------------------------------------------------------------


class DecisionConflict(Exception):
    """Another team member decided the referral first (issue 4, "must hold")."""

    def __init__(self, existing: Decision | None) -> None:
        self.existing = existing
        super().__init__(self.message)

    @property
    def message(self) -> str:
        if self.existing is None:
            return _("The referral was just decided by another team member.")
        return _("The referral was just decided by %(name)s (%(outcome)s, %(time)s).") % {
            "name": person_name(self.existing.decided_by),
            "outcome": self.existing.get_outcome_display(),
            "time": date_format(
                timezone.localtime(self.existing.created_at), "SHORT_DATETIME_FORMAT"
            ),
        }


@dataclass
class DecisionInput:
    outcome: str
    priority_rule: PriorityRule | None = None
    care_deadline: date | None = None
    care_what: str = ""
    care_when: str = ""
    care_where: str = ""
    enters_pathway: bool = False
    mapping_consultation_offered: bool = False
    justification: str = ""
    advice: str = ""
    municipal_guidance_helpful: bool = False
    forwarded_to: Clinic | None = None
    referred_on_to: str = ""
    deviation_justification: str = ""
    correction_reason: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def deviations(referral: Referral, data: DecisionInput) -> tuple[DeviationReason, ...]:
    """How the decision departs from the chosen guideline row (D4, "Rettslig betydning")."""
    rule = data.priority_rule
    if rule is None or data.outcome not in (Outcome.RIGHT_GRANTED, Outcome.NO_RIGHT):
        return ()
    decided_right = data.outcome == Outcome.RIGHT_GRANTED
    if decided_right and data.care_deadline is None:
        return ()
    return decision_deviations(
        rule.right_granted,
        rule.max_weeks,
        decided_right,
        data.care_deadline,
        referral.received_on,
        deviation_margin_days(),
    )


def describe_deviations(
    referral: Referral, data: DecisionInput, reasons: Iterable[DeviationReason]
) -> list[str]:
    """Plain sentences that say how the decision departs from the suggestion."""
    rule = data.priority_rule
    sentences: list[str] = []
    if rule is None:
        return sentences
    for reason in reasons:
        if reason == DeviationReason.RIGHT_DIFFERS:
            if rule.right_granted:
                sentences.append(
                    _(
                        "The priority guideline suggests the right for this condition group, "
                        "but the decision gives no right."
                    )
                )
            else:
                sentences.append(
                    _(
                        "The priority guideline suggests no right for this condition group, "
                        "but the decision grants the right."
                    )
                )
        elif data.care_deadline is not None and rule.max_weeks:
            suggested = suggested_care_deadline(referral.received_on, rule.max_weeks)
            days = abs((data.care_deadline - suggested).days)
            values = {
                "deadline": date_format(data.care_deadline, "SHORT_DATE_FORMAT"),
                "suggested": date_format(suggested, "SHORT_DATE_FORMAT"),
                "days": days,
                "margin": deviation_margin_days(),
            }
            if reason == DeviationReason.DEADLINE_LATER:
                sentences.append(
                    ngettext(
                        "The care deadline %(deadline)s is %(days)s day later than the suggested "
                        "%(suggested)s (more than %(margin)s days).",
                        "The care deadline %(deadline)s is %(days)s days later than the suggested "
                        "%(suggested)s (more than %(margin)s days).",
                        days,
                    )
                    % values
                )
            else:
                sentences.append(
                    ngettext(
                        "The care deadline %(deadline)s is %(days)s day earlier than the "
                        "suggested %(suggested)s (more than %(margin)s days).",
                        "The care deadline %(deadline)s is %(days)s days earlier than the "
                        "suggested %(suggested)s (more than %(margin)s days).",
                        days,
                    )
                    % values
                )
    return sentences


def _clean(value: str, limit: int = MAX_TEXT) -> str:
    return (value or "").strip()[:limit]


def validate_decision(referral: Referral, data: DecisionInput, day: date) -> None:
    """Everything a decision must carry (D4), with Norwegian messages per field."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if data.outcome not in Outcome.values:
        add("outcome", _("Choose the outcome."))
        raise ValidationError(errors)
    if data.outcome in (Outcome.RIGHT_GRANTED, Outcome.NO_RIGHT):
        if data.priority_rule is None:
            add("priority_rule", _("Choose the condition group from the priority guideline."))
        elif not data.priority_rule.active:
            add("priority_rule", _("This version of the priority rule is no longer in use."))
    if data.outcome == Outcome.RIGHT_GRANTED:
        if data.care_deadline is None:
            add("care_deadline", _("Set the care deadline: the latest date care must start."))
        elif data.care_deadline < day:
            add("care_deadline", _("The care deadline cannot be in the past."))
        elif data.care_deadline > referral.received_on + timedelta(days=731):
            add("care_deadline", _("The care deadline is more than two years away."))
    if data.outcome == Outcome.NO_RIGHT:
        if not data.justification.strip():
            add("justification", _("Write the professional justification."))
        if not data.advice.strip():
            add("advice", _("Write advice on treatment or follow-up elsewhere."))
    if data.outcome == Outcome.FORWARDED:
        if data.forwarded_to is None:
            add("forwarded_to", _("Choose the unit to forward the referral to."))
        elif data.forwarded_to.pk == referral.clinic_id:
            add("forwarded_to", _("The referral is already at this unit."))
        elif not data.forwarded_to.active:
            add(
                "forwarded_to",
                _("%(unit)s does not receive referrals.") % {"unit": data.forwarded_to},
            )
    if data.outcome == Outcome.REFERRED_ON and not data.referred_on_to.strip():
        add("referred_on_to", _("Say which specialist service the referral goes to."))
    if not errors:
        reasons = deviations(referral, data)
        if reasons and not data.deviation_justification.strip():
            for sentence in describe_deviations(referral, data, reasons):
                add("deviation_justification", sentence)
            add(
                "deviation_justification",
                _(
                    "The decision departs from the priority guideline: write a justification "
                    "for the departure."
                ),
            )
    if errors:
        raise ValidationError(errors)


def _send_decision_recorded(decision: Decision) -> None:
    # Letters are produced by receivers (painpath.letters); a failing receiver must not hide the
    # decision that was stored, so it is logged rather than raised to the user.
    for receiver, result in decision_recorded.send_robust(sender=Decision, decision=decision):
        if isinstance(result, Exception):
            logger.error(
                "decision_recorded receiver %r failed for decision %s",
                receiver,
                decision.pk,
                exc_info=result,
            )


def _original_in_round(referral: Referral, round_: int) -> Decision | None:
    return (
        Decision.objects.filter(referral=referral, assessment_round=round_, corrects__isnull=True)
        .select_related("decided_by")
        .first()
    )


def decide(
    user: User,
    referral: Referral,
    data: DecisionInput,
    *,
    corrects: Decision | None = None,
    day: date | None = None,
) -> Decision:
    """Record the team's decision (D4) — or a correction of one — all or nothing.

    Two members deciding at once: the referral row is locked (select_for_update) and at most one
    original decision per assessment round exists (the database constraint
    ``one_original_decision_per_referral``); the one who comes second gets ``DecisionConflict``.
    """
    day = day or today()
    _require_holder(user, referral)
    data.care_what, data.care_where = _clean(data.care_what), _clean(data.care_where, 200)
    data.care_when, data.referred_on_to = (
        _clean(data.care_when, 200),
        _clean(data.referred_on_to, 200),
    )
    data.justification, data.advice = _clean(data.justification), _clean(data.advice)
    data.deviation_justification = _clean(data.deviation_justification)
    data.correction_reason = _clean(data.correction_reason)
    validate_decision(referral, data, day)
    if corrects is not None and not data.correction_reason:
        raise ValidationError({"correction_reason": [_("Write the reason for the correction.")]})

    with transaction.atomic():
        referral = Referral.objects.select_for_update().select_related("clinic").get(pk=referral.pk)
        _require_holder(user, referral)
        round_ = assessment_round(referral)
        if corrects is None:
            existing = _original_in_round(referral, round_)
            if existing is not None:
                raise DecisionConflict(existing)
        else:
            corrects = Decision.objects.select_related("decided_by").get(pk=corrects.pk)
            if corrects.referral_id != referral.pk or corrects.assessment_round != round_:
                raise ValidationError(
                    _("Only the decision in force at this unit can be corrected.")
                )
            if corrects.outcome == Outcome.FORWARDED:
                raise ValidationError(_("A forwarding cannot be corrected: the new unit decides."))
            if Decision.objects.filter(corrects=corrects).exists():
                newer = Decision.objects.select_related("decided_by").get(corrects=corrects)
                raise DecisionConflict(newer)
        others = (
            AssessmentView.objects.filter(referral=referral, assessment_round=round_)
            .exclude(member=user)
            .exists()
        )
        granted = data.outcome == Outcome.RIGHT_GRANTED
        decision = Decision(
            referral=referral,
            corrects=corrects,
            correction_reason=data.correction_reason if corrects else "",
            outcome=data.outcome,
            decided_by=user,
            decided_alone=not others,
            decided_on=day,
            clinic=referral.clinic,
            assessment_round=round_,
            priority_rule=(
                data.priority_rule
                if data.outcome in (Outcome.RIGHT_GRANTED, Outcome.NO_RIGHT)
                else None
            ),
            deviation_justification=(
                data.deviation_justification if deviations(referral, data) else ""
            ),
            care_deadline=data.care_deadline if granted else None,
            care_what=data.care_what if granted else "",
            care_when=data.care_when if granted else "",
            care_where=data.care_where if granted else "",
            enters_pathway=data.enters_pathway if granted else False,
            mapping_consultation_offered=data.mapping_consultation_offered,
            justification=data.justification if data.outcome != Outcome.RIGHT_GRANTED else "",
            advice=data.advice if data.outcome == Outcome.NO_RIGHT else "",
            municipal_guidance_helpful=(
                data.municipal_guidance_helpful if data.outcome == Outcome.NO_RIGHT else False
            ),
            forwarded_to=data.forwarded_to if data.outcome == Outcome.FORWARDED else None,
            referred_on_to=data.referred_on_to if data.outcome == Outcome.REFERRED_ON else "",
        )
        try:
            with transaction.atomic():
                decision.save()
        except IntegrityError:
            raise DecisionConflict(
                _original_in_round(referral, round_)
                if corrects is None
                else Decision.objects.filter(corrects=corrects).first()
            ) from None
        if data.outcome == Outcome.FORWARDED and data.forwarded_to is not None:
            ForwardingRecord.objects.create(
                referral=referral,
                decision=decision,
                from_clinic=referral.clinic,
                to_clinic=data.forwarded_to,
                forwarded_by=user,
                forwarded_on=day,
            )
            # The receiving unit sees it at once and decides anew; received_on, received_by and
            # the due date stay (D3).
            referral.clinic = data.forwarded_to
            referral.status = ReferralStatus.RECEIVED
            referral.save(update_fields=["clinic", "status", "updated_at"])
        else:
            referral.status = ReferralStatus.DECIDED
            referral.save(update_fields=["status", "updated_at"])
        transaction.on_commit(lambda: _send_decision_recorded(decision))
    return decision


def decision_history(referral: Referral) -> list[Decision]:
    return list(
        Decision.objects.filter(referral=referral)
        .select_related("decided_by", "priority_rule", "forwarded_to", "clinic", "corrects")
        .order_by("assessment_round", "created_at", "id")
    )


def forwarding_history(referral: Referral) -> list[ForwardingRecord]:
    return list(
        ForwardingRecord.objects.filter(referral=referral)
        .select_related("from_clinic", "to_clinic", "forwarded_by")
        .order_by("created_at", "id")
    )


def forwarding_targets(referral: Referral) -> QuerySet[Clinic]:
    return (
        Clinic.objects.filter(active=True)
        .exclude(pk=referral.clinic_id)
        .select_related("trust__region")
    )


# Asking for more (D3) --------------------------------------------------------------------------


def ask_for_information(
    user: User,
    referral: Referral,
    *,
    question: str,
    items: Sequence[str] = (),
    addressed_to: str = AddressedTo.REFERRER,
) -> InformationRequest:
    """Ask the referrer (or the patient) for what is missing. The clock keeps running: the
    assessment due date does not change (D3)."""
    _require_holder(user, referral)
    errors: dict[str, str] = {}
    question = (question or "").strip()
    if not question:
        errors["question"] = _("Write the question.")
    elif len(question) > MAX_TEXT:
        errors["question"] = _("The text is too long.")
    unknown = [code for code in items if code not in ITEM_CODES]
    if unknown:
        errors["items"] = _("Unknown items: %(codes)s.") % {"codes": ", ".join(unknown)}
    if addressed_to not in AddressedTo.values:
        errors["addressed_to"] = _("Choose who the question is for.")
    if errors:
        raise ValidationError(errors)
    ordered = [code for code in ITEM_CODES if code in set(items)]
    with transaction.atomic():
        request = InformationRequest.objects.create(
            referral=referral,
            asked_by=user,
            addressed_to=addressed_to,
            items=ordered,
            question=question,
        )
        _mark_under_assessment(referral)
    return request


def information_requests(referral: Referral) -> list[InformationRequest]:
    return list(
        InformationRequest.objects.filter(referral=referral)
        .select_related("asked_by")
        .order_by("-asked_at", "-id")
    )


# Care deadline (D4) ----------------------------------------------------------------------------


def record_care_start(
    user: User, decision: Decision, started_on: date | None, *, day: date | None = None
) -> Decision:
    """Start of care, with its date; a start after the deadline records the breach."""
    day = day or today()
    if started_on is None:
        raise ValidationError({"started_on": [_("Give the date care started.")]})
    with transaction.atomic():
        decision = (
            Decision.objects.select_for_update().select_related("referral").get(pk=decision.pk)
        )
        _require_holder(user, decision.referral)
        if decision.outcome != Outcome.RIGHT_GRANTED or decision.care_deadline is None:
            raise ValidationError(_("Start of care is recorded only for a granted right."))
        if Decision.objects.filter(corrects=decision).exists():
            raise ValidationError(_("This decision has been corrected; use the decision in force."))
        if decision.care_started_on is not None:
            raise ValidationError(
                _("Start of care was already recorded (%(date)s).")
                % {"date": date_format(decision.care_started_on, "SHORT_DATE_FORMAT")}
            )
        if started_on > day:
            raise ValidationError(
                {
                    "started_on": [
                        _("The start of care cannot be in the future: record it when it happens.")
                    ]
                }
            )
        if started_on < decision.referral.received_on:
            raise ValidationError(
                {"started_on": [_("Care cannot start before the referral was received.")]}
            )
        decision.care_started_on = started_on
        decision.care_start_recorded_by = user
        fields = ["care_started_on", "care_start_recorded_by"]
        if started_on > decision.care_deadline and decision.deadline_breach_recorded_on is None:
            decision.deadline_breach_recorded_on = day
            fields.append("deadline_breach_recorded_on")
        decision.save(update_fields=fields)
    return decision


@dataclass
class DeadlineCheck:
    warned: list[Decision] = field(default_factory=list)
    breached: list[Decision] = field(default_factory=list)


def check_deadlines(day: date | None = None) -> DeadlineCheck:
    """Warn before care deadlines pass and record breaches (D4). Idempotent: run it daily."""
    day = day or today()
    warn_until = add_working_days(day, CARE_DEADLINE_WARNING_WORKING_DAYS + 1)
    result = DeadlineCheck()
    candidates = (
        Decision.objects.filter(
            outcome=Outcome.RIGHT_GRANTED,
            care_started_on__isnull=True,
            corrected_by__isnull=True,
            deadline_breach_recorded_on__isnull=True,
            care_deadline__lt=warn_until,
        )
        .select_related("referral__patient", "referral__clinic")
        .order_by("care_deadline", "id")
    )
    for decision in candidates:
        assert decision.care_deadline is not None
        state = care_deadline_state(decision.care_deadline, None, day)
        with transaction.atomic():
            if state.status == CareDeadlineStatus.BREACHED:
                decision.deadline_breach_recorded_on = day
                fields = ["deadline_breach_recorded_on"]
                if decision.deadline_warning_recorded_on is None:
                    decision.deadline_warning_recorded_on = day
                    fields.append("deadline_warning_recorded_on")
                decision.save(update_fields=fields)
                result.breached.append(decision)
            elif (
                state.status == CareDeadlineStatus.WARNING
                and decision.deadline_warning_recorded_on is None
            ):
                decision.deadline_warning_recorded_on = day
                decision.save(update_fields=["deadline_warning_recorded_on"])
                result.warned.append(decision)
    return result


def care_state(decision: Decision, day: date | None = None) -> CareDeadlineState | None:
    if decision.outcome != Outcome.RIGHT_GRANTED or decision.care_deadline is None:
        return None
    return care_deadline_state(decision.care_deadline, decision.care_started_on, day or today())


def ensure_seed_priority_rules() -> int:
    """Create the seed priority rows (D4) that are missing, e.g. after a test flushed the table.

    Migration 0003 seeds them on a new database; this is for the demo loader, which may run on a
    database whose data migrations' rows were flushed. Existing rows and versions are untouched.
    """
    from painpath.rules.priority import SEED_PRIORITY_RULES, STATUS_CHANGING_FACTORS

    created = 0
    for row in SEED_PRIORITY_RULES:
        if PriorityRule.objects.filter(code=row.code).exists():
            continue
        PriorityRule.objects.create(
            code=row.code,
            version=1,
            condition_group=row.condition_group,
            right_granted=row.right_granted,
            max_weeks=row.max_weeks,
            factors="; ".join(STATUS_CHANGING_FACTORS[f] for f in row.factors),
            active=True,
        )
        created += 1
    return created
