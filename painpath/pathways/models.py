"""The patient pathway (DOMAIN.md D6–D9): the pathway, its append-only events with configurable
codes, consultations, the interdisciplinary assessment, collaboration meetings and the treatment
plan.

Pathway times are never computed here: ``services.refresh_state`` runs the pure rules
(``painpath.rules.pathway_times``) over the events and stores what the unit list needs (phase,
running pathway time and its target date, next step, sort group) so the list sorts in the
database.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from painpath.organisation.models import Clinic, PartnerKind, StaffMember
from painpath.patients.models import Patient
from painpath.rules.pathway_times import (
    ClosedOutcome,
    EventCode,
    NextStep,
    PathwayTimeCode,
    Phase,
)


class EventMeaning(models.TextChoices):
    """What an event code means to the pathway rules (D6); the code value itself is configuration."""

    START = EventCode.START.value, _("pathway started")
    ASSESSMENT_START = EventCode.ASSESSMENT_START.value, _("interdisciplinary assessment started")
    SUMMARY_MEETING = EventCode.SUMMARY_MEETING.value, _("summarising collaboration meeting held")
    FOLLOWUP_MEETING = EventCode.FOLLOWUP_MEETING.value, _("follow-up collaboration meeting held")
    CLOSED = EventCode.CLOSED.value, _("pathway closed")


class ClosedOutcomeChoices(models.TextChoices):
    FOLLOWUP_COMPLETED = ClosedOutcome.FOLLOWUP_COMPLETED.value, _("follow-up completed")
    TRANSFERRED = (
        ClosedOutcome.TRANSFERRED.value,
        _("transferred to another trust or private provider"),
    )
    OTHER = ClosedOutcome.OTHER.value, _("closed for other reasons")


class PhaseChoices(models.TextChoices):
    REFERRAL_START = Phase.REFERRAL_START.value, _("referral and start")
    MAPPING_ASSESSMENT = Phase.MAPPING_ASSESSMENT.value, _("mapping and assessment")
    FOLLOWUP_TREATMENT = Phase.FOLLOWUP_TREATMENT.value, _("follow-up and treatment")
    CLOSED = Phase.CLOSED.value, _("closed")


class NextStepChoices(models.TextChoices):
    START_PATHWAY = NextStep.START_PATHWAY.value, _("start the pathway")
    START_ASSESSMENT = NextStep.START_ASSESSMENT.value, _("start the interdisciplinary assessment")
    HOLD_SUMMARY_MEETING = (
        NextStep.HOLD_SUMMARY_MEETING.value,
        _("hold the summarising collaboration meeting"),
    )
    HOLD_FOLLOWUP_MEETING = (
        NextStep.HOLD_FOLLOWUP_MEETING.value,
        _("hold the follow-up collaboration meeting"),
    )
    CLOSE_PATHWAY = NextStep.CLOSE_PATHWAY.value, _("close the pathway when treatment ends")
    NONE = NextStep.NONE.value, _("nothing: the pathway is closed")


class PathwayTimeChoices(models.TextChoices):
    START_TO_ASSESSMENT = (
        PathwayTimeCode.START_TO_ASSESSMENT.value,
        _("pathway start → assessment start"),
    )
    ASSESSMENT_TO_SUMMARY = (
        PathwayTimeCode.ASSESSMENT_TO_SUMMARY.value,
        _("assessment start → summarising meeting"),
    )
    SUMMARY_TO_FOLLOWUP = (
        PathwayTimeCode.SUMMARY_TO_FOLLOWUP.value,
        _("summarising meeting → follow-up meeting"),
    )


class SortGroup(models.IntegerChoices):
    """The first part of the rules' ``PathwayState.sort_key()``: running, not running, closed."""

    RUNNING = 0, _("a pathway time is running")
    WAITING = 1, _("no pathway time running")
    CLOSED = 2, _("closed")


class PathwayEventCode(models.Model):
    """A configurable event code (D6): the value registered for each pathway event.

    The values follow the national pathway code scheme of the health region and are edited by an
    administrator; ``meaning`` (and ``outcome`` for closing) tells the pathway rules what the
    code stands for. Retire a code by marking it not in use; events keep the code they had.
    """

    code = models.CharField(_("code"), max_length=20, unique=True)
    label = models.CharField(_("name"), max_length=200)
    meaning = models.CharField(_("meaning"), max_length=30, choices=EventMeaning.choices)
    outcome = models.CharField(
        _("closing outcome"), max_length=30, choices=ClosedOutcomeChoices.choices, blank=True
    )
    active = models.BooleanField(_("in use"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("pathway event code")
        verbose_name_plural = _("pathway event codes")
        constraints = [
            models.UniqueConstraint(
                fields=["meaning", "outcome"],
                condition=Q(active=True),
                name="one_active_code_per_meaning",
                violation_error_message=_("Another code in use already has this meaning."),
            ),
            models.CheckConstraint(
                condition=(Q(meaning="closed") & ~Q(outcome=""))
                | (~Q(meaning="closed") & Q(outcome="")),
                name="closing_code_has_outcome",
                violation_error_message=_(
                    "A closing code needs an outcome; other codes have none."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class Pathway(models.Model):
    """One patient's pathway at the unit that runs it (D6)."""

    patient = models.ForeignKey(
        Patient, on_delete=models.PROTECT, related_name="pathways", verbose_name=_("patient")
    )
    # The unit that runs the pathway; a forwarded patient's pathway belongs to it.
    clinic = models.ForeignKey(
        Clinic, on_delete=models.PROTECT, related_name="pathways", verbose_name=_("unit")
    )
    referral = models.ForeignKey(
        "referrals.Referral",
        on_delete=models.PROTECT,
        related_name="pathways",
        verbose_name=_("referral"),
    )
    decision = models.OneToOneField(
        "intake.Decision",
        on_delete=models.PROTECT,
        related_name="pathway",
        verbose_name=_("decision"),
    )
    # The entry criteria as judged at the start (D6).
    pain_since = models.DateField(_("pain since"))
    complex_pain = models.BooleanField(_("long-lasting and complex pain"))
    coordinator = models.ForeignKey(
        StaffMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordinated_pathways",
        verbose_name=_("pathway coordinator"),
    )
    on_hold = models.BooleanField(_("on hold"), default=False)
    on_hold_reason = models.CharField(_("reason for hold"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    # Stored from the pathway rules whenever an event is appended (services.refresh_state).
    # None of these depend on today's date: days left are target date minus today.
    started_on = models.DateField(_("pathway start"), null=True, blank=True)
    phase = models.CharField(
        _("phase"), max_length=30, choices=PhaseChoices.choices, default=Phase.REFERRAL_START.value
    )
    next_step = models.CharField(
        _("next step"),
        max_length=30,
        choices=NextStepChoices.choices,
        default=NextStep.START_PATHWAY.value,
    )
    next_step_due_on = models.DateField(_("next step due"), null=True, blank=True)
    running_time = models.CharField(
        _("running pathway time"), max_length=30, choices=PathwayTimeChoices.choices, blank=True
    )
    running_target_on = models.DateField(_("target date"), null=True, blank=True)
    sort_group = models.PositiveSmallIntegerField(
        _("sort group"), choices=SortGroup.choices, default=SortGroup.WAITING
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_outcome = models.CharField(
        _("closing outcome"), max_length=30, choices=ClosedOutcomeChoices.choices, blank=True
    )
    has_issues = models.BooleanField(_("event data needs attention"), default=False)
    event_count = models.PositiveIntegerField(_("events"), default=0)

    class Meta:
        ordering = ["sort_group", "running_target_on", "id"]
        verbose_name = _("patient pathway")
        verbose_name_plural = _("patient pathways")
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "clinic"],
                condition=~Q(phase="closed"),
                name="one_active_pathway_per_patient_and_unit",
                violation_error_message=_(
                    "The patient already has an active pathway at this unit."
                ),
            )
        ]
        indexes = [
            # The unit list: at risk first (the rules' sort key), sorted in the database.
            models.Index(
                fields=["clinic", "sort_group", "running_target_on", "id"],
                name="pathway_unit_at_risk_idx",
            ),
            models.Index(fields=["clinic", "phase"], name="pathway_unit_phase_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.patient} – {self.clinic}"

    @property
    def audit_patient_id(self) -> int | None:
        return self.patient_id

    @property
    def is_closed(self) -> bool:
        return self.phase == Phase.CLOSED


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove a pathway event (D6: corrections are events)."""


class PathwayEvent(models.Model):
    """A registered pathway event (D6). Append-only: a correction is a new event that names the
    one it corrects and gives a reason; a correction without a date retracts the event."""

    pathway = models.ForeignKey(
        Pathway, on_delete=models.PROTECT, related_name="events", verbose_name=_("pathway")
    )
    code = models.ForeignKey(
        PathwayEventCode, on_delete=models.PROTECT, related_name="+", verbose_name=_("code")
    )
    occurred_on = models.DateField(_("date"), null=True, blank=True)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
    )
    reason = models.TextField(_("reason for correction"), blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("pathway event")
        verbose_name_plural = _("pathway events")
        constraints = [
            models.CheckConstraint(
                condition=Q(corrects__isnull=True, occurred_on__isnull=False)
                | (Q(corrects__isnull=False) & ~Q(reason="")),
                name="pathway_event_correction_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code.code} {self.occurred_on or '–'}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnlyError("pathway events cannot be changed: record a correction")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("pathway events cannot be deleted: record a retraction")

    @property
    def audit_patient_id(self) -> int | None:
        return self.pathway.patient_id

    @property
    def is_retraction(self) -> bool:
        return self.occurred_on is None


class PathwayTeamMember(models.Model):
    """A named clinician in the patient's team (continuity, D2)."""

    pathway = models.ForeignKey(
        Pathway, on_delete=models.CASCADE, related_name="team", verbose_name=_("pathway")
    )
    staff = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="+", verbose_name=_("clinician")
    )
    responsibility = models.CharField(_("responsibility"), max_length=200, blank=True)
    added_on = models.DateField(_("from"))
    left_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["added_on", "id"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(fields=["pathway", "staff"], name="unique_team_member")
        ]

    def __str__(self) -> str:
        return str(self.staff)

    @property
    def audit_patient_id(self) -> int | None:
        return self.pathway.patient_id


class ConsultationKind(models.TextChoices):
    MAPPING = "mapping", _("mapping consultation")
    ASSESSMENT = "assessment", _("interdisciplinary assessment consultation")
    TREATMENT = "treatment", _("treatment consultation")


class Delivery(models.TextChoices):
    INDIVIDUAL = "individual", _("individual")
    GROUP = "group", _("group")


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    DIGITAL = "digital", _("digital (video)")
    PHONE = "phone", _("by phone")


class Consultation(models.Model):
    """A consultation in the pathway: who took part, from which profession (D2, D6)."""

    pathway = models.ForeignKey(
        Pathway, on_delete=models.CASCADE, related_name="consultations", verbose_name=_("pathway")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ConsultationKind.choices)
    held_on = models.DateField(_("date"))
    delivery = models.CharField(
        _("individual or group"), max_length=20, choices=Delivery.choices, default="individual"
    )
    mode = models.CharField(_("form"), max_length=20, choices=Mode.choices, default="in_person")
    clinicians = models.ManyToManyField(
        StaffMember, related_name="+", verbose_name=_("clinicians present")
    )
    interpreter_used = models.BooleanField(_("interpreter used"), default=False)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"

    @property
    def audit_patient_id(self) -> int | None:
        return self.pathway.patient_id


class AssessmentRecord(models.Model):
    """The interdisciplinary assessment (D6, phase 2), one per pathway."""

    pathway = models.OneToOneField(
        Pathway, on_delete=models.CASCADE, related_name="assessment", verbose_name=_("pathway")
    )
    history = models.TextField(_("history"), blank=True)
    examination = models.TextField(_("clinical examination"), blank=True)
    imaging_lab = models.TextField(_("imaging and laboratory tests, where relevant"), blank=True)
    physical_function = models.TextField(_("physical function"), blank=True)
    mental_function = models.TextField(_("mental function"), blank=True)
    social_function = models.TextField(_("social functioning"), blank=True)
    psychosocial = models.TextField(_("psychosocial strains and resources"), blank=True)
    earlier_treatments = models.TextField(_("earlier treatments and their effect"), blank=True)
    dependence = models.TextField(_("substance and medicine dependence"), blank=True)
    patient_goals = models.TextField(_("the patient's own goals"), blank=True)
    patient_expectations = models.TextField(_("the patient's expectations"), blank=True)
    work_and_finances = models.TextField(_("work and finances"), blank=True)
    # Trauma (D8): asked when the trauma flag is confirmed.
    trauma_treatment_considered = models.BooleanField(
        _("referral to trauma treatment considered"), null=True, blank=True
    )
    trauma_treatment_note = models.TextField(_("trauma treatment: assessment"), blank=True)
    conclusion = models.TextField(_("summary and conclusion"), blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("interdisciplinary assessment")
        verbose_name_plural = _("interdisciplinary assessments")

    def __str__(self) -> str:
        return f"{self.pathway}"

    @property
    def audit_patient_id(self) -> int | None:
        return self.pathway.patient_id


class MeetingKind(models.TextChoices):
    SUMMARY = "summary", _("summarising collaboration meeting")
    FOLLOWUP = "followup", _("follow-up collaboration meeting")


class MeetingStatus(models.TextChoices):
    BOOKED = "booked", _("booked")
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")


class CollaborationMeeting(models.Model):
    """A patient-directed collaboration meeting (D6, D9): summarising or follow-up."""

    pathway = models.ForeignKey(
        Pathway, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("pathway")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default="booked"
    )
    scheduled_on = models.DateField(_("booked for"), null=True, blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    mode = models.CharField(_("form"), max_length=20, choices=Mode.choices, default="digital")
    patient_own_words = models.TextField(_("the patient's own words"), blank=True)
    discussion = models.TextField(_("what was discussed and agreed"), blank=True)
    followup_late_reason = models.TextField(
        _("why the follow-up meeting is booked later than 6 months"), blank=True
    )
    booked_from = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="booked_followup",
        verbose_name=_("booked at"),
    )
    event = models.OneToOneField(
        PathwayEvent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting",
        verbose_name=_("pathway event"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-scheduled_on", "-id"]
        verbose_name = _("collaboration meeting")
        verbose_name_plural = _("collaboration meetings")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on or self.scheduled_on}"

    @property
    def audit_patient_id(self) -> int | None:
        return self.pathway.patient_id

    @property
    def date(self) -> Any:
        return self.held_on or self.scheduled_on


class ParticipantRole(models.TextChoices):
    PATIENT = "patient", _("patient")
    NEXT_OF_KIN = "next_of_kin", _("next of kin")
    GP = "gp", _("GP")
    PHYSIOTHERAPIST = "physiotherapist", _("treating physiotherapist")
    NAV = "nav", _("NAV")
    DPS = "dps", _("DPS")
    TSB = "tsb", _("TSB")
    TEAM = "team", _("the clinic's team")
    OTHER = "other", _("other")


class MeetingParticipant(models.Model):
    meeting = models.ForeignKey(
        CollaborationMeeting,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("meeting"),
    )
    role = models.CharField(_("role"), max_length=20, choices=ParticipantRole.choices)
    name = models.CharField(_("name"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    staff = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team member"),
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.name}"

    @property
    def audit_patient_id(self) -> int | None:
        return self.meeting.pathway.patient_id


class MeasureKind(models.TextChoices):
    PHYSIOTHERAPY = "physiotherapy", _("physiotherapy")
    LEARNING_COPING = "learning_coping", _("learning and coping")
    HEALTHY_LIFE = "healthy_life", _("healthy-life centre")
    PSYCHOLOGICAL = "psychological", _("psychological treatment")
    MEDICINE = "medicine", _("medicines")
    INTERVENTIONAL = "interventional", _("interventional technique")
    WORK_SCHOOL = "work_school", _("work and school focus")
    POLYPHARMACY_REVIEW = "polypharmacy_review", _("polypharmacy review")
    COLLABORATION = "collaboration", _("collaboration with another service")
    OTHER = "other", _("other")


class Setting(models.TextChoices):
    CLINIC = "clinic", _("in the clinic")
    MUNICIPALITY = "municipality", _("in the municipality")
    ELSEWHERE = "elsewhere", _("elsewhere")


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    ONGOING = "ongoing", _("ongoing")
    COMPLETED = "completed", _("completed")
    STOPPED = "stopped", _("stopped")


# The routes and dose units the medicine form offers (the conversion table's terms), as shown.
ROUTES: Mapping[str, Any] = {
    "oral": _("oral"),
    "transdermal": _("transdermal (patch)"),
    "sublingual": _("sublingual"),
    "rectal": _("rectal"),
    "intranasal": _("intranasal"),
}
DOSE_UNITS: Mapping[str, Any] = {
    "mg/day": _("mg per day"),
    "microgram/h": _("micrograms per hour (patch)"),
}


class TreatmentMeasure(models.Model):
    """One measure of the treatment plan (D7): who does what, where, and how it is going."""

    pathway = models.ForeignKey(
        Pathway, on_delete=models.CASCADE, related_name="measures", verbose_name=_("pathway")
    )
    meeting = models.ForeignKey(
        CollaborationMeeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("agreed at"),
    )
    kind = models.CharField(_("measure"), max_length=30, choices=MeasureKind.choices)
    description = models.TextField(_("what"), blank=True)
    responsible = models.CharField(_("who does it"), max_length=200, blank=True)
    setting = models.CharField(_("where"), max_length=20, choices=Setting.choices, default="clinic")
    delivery = models.CharField(
        _("individual or group"), max_length=20, choices=Delivery.choices, default="individual"
    )
    partner_kind = models.CharField(
        _("collaboration partner"), max_length=20, choices=PartnerKind.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MeasureStatus.choices, default="planned"
    )
    started_on = models.DateField(_("started"), null=True, blank=True)
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    adaptation = models.CharField(_("added for special group"), max_length=40, blank=True)
    # Experimental treatment only within a clinical study (D7).
    experimental = models.BooleanField(_("experimental treatment"), default=False)
    study_name = models.CharField(_("clinical study"), max_length=300, blank=True)
    # Medicines (D7).
    medicine_name = models.CharField(_("medicine"), max_length=200, blank=True)
    atc_code = models.CharField(_("ATC code"), max_length=10, blank=True)
    habit_forming_class = models.CharField(_("habit-forming class"), max_length=40, blank=True)
    alternatives_considered = models.BooleanField(
        _("non-drug alternatives considered"), default=False
    )
    alternatives_note = models.TextField(_("which alternatives were considered"), blank=True)
    opioid_substance = models.CharField(_("opioid substance"), max_length=40, blank=True)
    route = models.CharField(_("route"), max_length=20, blank=True)
    daily_dose = models.DecimalField(
        _("daily dose"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    dose_unit = models.CharField(_("dose unit"), max_length=20, blank=True)
    omeq_mg_per_day = models.DecimalField(
        _("oral morphine equivalents (mg/day)"),
        max_digits=8,
        decimal_places=1,
        null=True,
        blank=True,
    )
    omeq_note = models.CharField(_("conversion note"), max_length=400, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("treatment measure")
        verbose_name_plural = _("treatment measures")
        constraints = [
            models.CheckConstraint(
                condition=Q(experimental=False) | ~Q(study_name=""),
                name="experimental_measure_names_study",
                violation_error_message=_(
                    "Experimental treatment can only be given within a clinical study: "
                    "name the study."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display() + (f": {self.medicine_name}" if self.medicine_name else "")

    @property
    def audit_patient_id(self) -> int | None:
        return self.pathway.patient_id

    @property
    def route_label(self) -> str:
        return str(ROUTES.get(self.route, self.route))

    @property
    def dose_unit_label(self) -> str:
        return str(DOSE_UNITS.get(self.dose_unit, self.dose_unit))

    @property
    def is_habit_forming(self) -> bool:
        return bool(self.habit_forming_class)

    @property
    def is_active(self) -> bool:
        return self.status in (MeasureStatus.PLANNED, MeasureStatus.ONGOING)
