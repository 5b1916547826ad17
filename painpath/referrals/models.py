"""Referrals in (DOMAIN.md D3): what was referred, by whom, when it was first received, and what
it lacks."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from painpath.organisation.models import Clinic
from painpath.patients.models import Patient


class ReferrerRole(models.TextChoices):
    GP = "gp", _("general practitioner")
    HOSPITAL_DOCTOR = "hospital_doctor", _("hospital doctor")
    PAIN_CLINIC = "pain_clinic", _("pain clinic")
    OTHER = "other", _("other")


class Referrer(models.Model):
    """Who referred (D1 ``Referrer``): a GP or hospital doctor, known by HPR number when given."""

    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=ReferrerRole.choices)
    hpr_number = models.CharField(_("HPR number"), max_length=9, blank=True, db_index=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    her_id = models.CharField(_("HER id"), max_length=20, blank=True)
    user = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrer_profiles",
        verbose_name=_("user"),
    )

    class Meta:
        verbose_name = _("referrer")
        verbose_name_plural = _("referrers")

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    WEB = "web", _("web form")
    FHIR = "fhir", _("FHIR")
    PAPER = "paper", _("paper, registered by clinic staff")
    E_REFERRAL = "e_referral", _("e-referral message, registered by clinic staff")


class ReferralStatus(models.TextChoices):
    RECEIVED = "received", _("received")
    UNDER_ASSESSMENT = "under_assessment", _("being assessed")
    DECIDED = "decided", _("decided")
    FORWARDED = "forwarded", _("forwarded")


class Referral(models.Model):
    patient = models.ForeignKey(
        Patient, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("patient")
    )
    # The unit that holds the referral now; it changes when the referral is forwarded.
    clinic = models.ForeignKey(
        Clinic, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("unit")
    )
    # The unit that first received it; with received_on it never changes (D3).
    received_by = models.ForeignKey(
        Clinic,
        on_delete=models.PROTECT,
        related_name="first_received_referrals",
        verbose_name=_("first received by"),
    )
    referrer = models.ForeignKey(
        Referrer, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("referrer")
    )
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    received_on = models.DateField(_("received on"), db_index=True)
    assessment_due_on = models.DateField(_("assessment due"), db_index=True)
    serious_illness_suspected = models.BooleanField(_("serious illness suspected"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.RECEIVED
    )
    # The referral's content: one text per D3 item (web form) and/or free text (paste, FHIR).
    item_texts = models.JSONField(_("content per item"), default=dict, blank=True)
    free_text = models.TextField(_("referral text"), blank=True)
    diagnosis_codes = models.CharField(_("diagnosis codes"), max_length=200, blank=True)
    gp_name = models.CharField(_("patient's GP"), max_length=200, blank=True)
    # The completeness check's result (rules.completeness ``as_dict``), kept with the referral.
    completeness = models.JSONField(_("completeness"), default=dict, blank=True)
    missing_count = models.PositiveSmallIntegerField(_("missing items"), default=0)
    # Idempotent import: the source system's identifier of the referral (e.g. FHIR ServiceRequest).
    external_system = models.CharField(_("identifier system"), max_length=200, blank=True)
    external_id = models.CharField(_("identifier"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["assessment_due_on", "id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [models.Index(fields=["clinic", "status", "assessment_due_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["external_system", "external_id"],
                condition=~models.Q(external_id=""),
                name="unique_referral_external_id",
            )
        ]

    def __str__(self) -> str:
        return f"{self.patient} → {self.clinic} ({self.received_on:%d.%m.%Y})"

    @property
    def audit_patient_id(self) -> int | None:
        return self.patient_id


class ReferralAttachment(models.Model):
    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("referral")
    )
    file = models.FileField(_("file"), upload_to="referrals/%Y/%m/")
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name

    @property
    def audit_patient_id(self) -> int | None:
        return self.referral.patient_id


class ReferralFlag(models.Model):
    """A special-group flag (D8), suggested by painpath or added by staff, confirmed or removed."""

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="flags", verbose_name=_("referral")
    )
    code = models.CharField(_("flag"), max_length=30)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    suggested = models.BooleanField(_("suggested by painpath"), default=True)
    # None: not yet reviewed by staff; True: confirmed; False: removed.
    confirmed = models.BooleanField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("special-group flag")
        verbose_name_plural = _("special-group flags")
        constraints = [
            models.UniqueConstraint(fields=["referral", "code"], name="unique_flag_per_referral")
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def audit_patient_id(self) -> int | None:
        return self.referral.patient_id
