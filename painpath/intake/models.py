"""Assessment and decision of a referral (DOMAIN.md D4): priority rules, team members' views,
the team's decision, questions for missing content, and the care deadline."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from painpath.organisation.models import Clinic, ProfessionChoices
from painpath.referrals.models import Referral
from painpath.rules.deadlines import suggested_care_deadline as rules_suggested_care_deadline


class PriorityRule(models.Model):
    """One row of the priority guideline (D4), versioned: an edit creates a new version."""

    code = models.SlugField(_("code"), max_length=60)
    version = models.PositiveIntegerField(_("version"), default=1)
    condition_group = models.CharField(_("condition group"), max_length=300)
    right_granted = models.BooleanField(_("right to necessary health care"))
    max_weeks = models.PositiveSmallIntegerField(_("maximum weeks to care"), null=True, blank=True)
    factors = models.TextField(_("factors that may change the status"), blank=True)
    active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("priority rule")
        verbose_name_plural = _("priority rules")
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"], name="unique_priority_rule_version"
            ),
            # Versions replace each other: only one version of a row is in use at a time.
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(active=True), name="one_active_priority_rule"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.condition_group} (v{self.version})"

    def suggested_care_deadline(self, received_on: date) -> date | None:
        """The care deadline this row suggests: received_on + max_weeks (D4), None without right."""
        if not self.right_granted or not self.max_weeks:
            return None
        return rules_suggested_care_deadline(received_on, self.max_weeks)


class Outcome(models.TextChoices):
    RIGHT_GRANTED = "right_granted", _("right granted")
    NO_RIGHT = "no_right", _("no right")
    FORWARDED = "forwarded", _("forwarded to another unit")
    REFERRED_ON = "referred_on", _("referred on to another specialist service")


class AssessmentView(models.Model):
    """One intake-team member's view of a referral (D4): recorded before the team decides."""

    referral = models.ForeignKey(
        Referral,
        on_delete=models.CASCADE,
        related_name="assessment_views",
        verbose_name=_("referral"),
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("team member"),
    )
    profession = models.CharField(_("profession"), max_length=30, choices=ProfessionChoices.choices)
    proposed_outcome = models.CharField(
        _("proposed outcome"), max_length=20, choices=Outcome.choices
    )
    proposed_weeks = models.PositiveSmallIntegerField(
        _("proposed weeks to care"), null=True, blank=True
    )
    priority_rule = models.ForeignKey(
        PriorityRule, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reasoning = models.TextField(_("reasoning"))
    # 0 at the unit that first received the referral, +1 for each forwarding (see Decision).
    assessment_round = models.PositiveSmallIntegerField(_("assessment round"), default=0)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("assessment view")
        verbose_name_plural = _("assessment views")

    def __str__(self) -> str:
        return f"{self.member} – {self.get_proposed_outcome_display()}"

    @property
    def audit_patient_id(self) -> int | None:
        return self.referral.patient_id


class Decision(models.Model):
    """The team's decision on a referral (D4). Never edited in place once letters are sent: a
    correction is a new decision that ``corrects`` the previous one, with a reason."""

    referral = models.ForeignKey(
        Referral, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("referral")
    )
    corrects = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrected_by",
        verbose_name=_("corrects"),
    )
    correction_reason = models.TextField(_("reason for correction"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_alone = models.BooleanField(_("decided by one person alone"), default=False)
    decided_on = models.DateField(_("decided on"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    # The unit that decided, and which assessment of the referral this is: 0 at the unit that
    # first received it, +1 for each forwarding, since the new unit decides anew (D4 c).
    clinic = models.ForeignKey(
        Clinic,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
    )
    assessment_round = models.PositiveSmallIntegerField(_("assessment round"), default=0)
    # The guideline row the decision used, and what it suggested (D4, "Rettslig betydning").
    priority_rule = models.ForeignKey(
        PriorityRule, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    deviation_justification = models.TextField(
        _("justification for deviating from the guideline"), blank=True
    )
    # Right granted.
    care_deadline = models.DateField(_("care deadline"), null=True, blank=True)
    care_what = models.TextField(_("what care"), blank=True)
    care_when = models.CharField(_("when"), max_length=200, blank=True)
    care_where = models.CharField(_("where"), max_length=200, blank=True)
    enters_pathway = models.BooleanField(_("enters the national patient pathway"), default=False)
    mapping_consultation_offered = models.BooleanField(
        _("mapping consultation offered"), default=False
    )
    care_started_on = models.DateField(_("care started on"), null=True, blank=True)
    care_start_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("start of care recorded by"),
    )
    deadline_warning_recorded_on = models.DateField(
        _("deadline warning recorded"), null=True, blank=True
    )
    deadline_breach_recorded_on = models.DateField(
        _("deadline breach recorded"), null=True, blank=True
    )
    # No right.
    justification = models.TextField(_("professional justification"), blank=True)
    advice = models.TextField(_("advice on treatment or follow-up"), blank=True)
    municipal_guidance_helpful = models.BooleanField(
        _("guidance to the municipal service would help"), default=False
    )
    # Forwarded / referred on.
    forwarded_to = models.ForeignKey(
        Clinic,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("forwarded to"),
    )
    referred_on_to = models.CharField(_("referred on to"), max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            # Two members deciding at once: exactly one original decision stands (issue 4).
            # A forwarded referral is decided anew by the receiving unit: one original decision
            # per assessment round; corrections point at the decision they correct.
            models.UniqueConstraint(
                fields=["referral", "assessment_round"],
                condition=models.Q(corrects__isnull=True),
                name="one_original_decision_per_referral",
            )
        ]
        indexes = [models.Index(fields=["outcome", "care_started_on", "care_deadline"])]

    def __str__(self) -> str:
        return f"{self.referral} – {self.get_outcome_display()}"

    @property
    def audit_patient_id(self) -> int | None:
        return self.referral.patient_id


class AddressedTo(models.TextChoices):
    REFERRER = "referrer", _("referrer")
    PATIENT = "patient", _("patient")


class InformationRequest(models.Model):
    """Asking for missing referral content (D3): the clock keeps running."""

    referral = models.ForeignKey(
        Referral,
        on_delete=models.CASCADE,
        related_name="information_requests",
        verbose_name=_("referral"),
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    addressed_to = models.CharField(_("addressed to"), max_length=10, choices=AddressedTo.choices)
    items = models.JSONField(_("missing items asked for"), default=list, blank=True)
    question = models.TextField(_("question"))
    asked_at = models.DateTimeField(_("asked"), auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["-asked_at"]
        verbose_name = _("information request")
        verbose_name_plural = _("information requests")

    def __str__(self) -> str:
        return self.question[:60]

    @property
    def audit_patient_id(self) -> int | None:
        return self.referral.patient_id


class ForwardingRecord(models.Model):
    """Where a forwarded referral came from (D3, D4 c): received_on and the due date stay."""

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="forwardings", verbose_name=_("referral")
    )
    decision = models.OneToOneField(
        Decision,
        on_delete=models.PROTECT,
        related_name="forwarding",
        verbose_name=_("decision"),
    )
    from_clinic = models.ForeignKey(
        Clinic, on_delete=models.PROTECT, related_name="+", verbose_name=_("from unit")
    )
    to_clinic = models.ForeignKey(
        Clinic, on_delete=models.PROTECT, related_name="+", verbose_name=_("to unit")
    )
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("forwarded by"),
    )
    forwarded_on = models.DateField(_("forwarded on"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("forwarding")
        verbose_name_plural = _("forwardings")

    def __str__(self) -> str:
        return f"{self.from_clinic} → {self.to_clinic}"

    @property
    def audit_patient_id(self) -> int | None:
        return self.referral.patient_id
