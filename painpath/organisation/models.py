"""The pain-clinic network: regions, trusts, units, staff, competence and partners (DOMAIN.md D2, D9)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum.no import orgnr

from painpath.rules.competence import CompetenceFollowup, competence_followup
from painpath.rules.staffing import Profession, StaffingAssessment, UnitKind, assess_staffing


def validate_org_number(value: str) -> None:
    if value and not orgnr.is_valid(value):
        raise ValidationError(_("The organisation number is not valid (nine digits, check digit)."))


class HealthRegion(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.SlugField(_("code"), max_length=30, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("health region")
        verbose_name_plural = _("health regions")

    def __str__(self) -> str:
        return self.name


class HospitalTrust(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    region = models.ForeignKey(
        HealthRegion,
        on_delete=models.PROTECT,
        related_name="trusts",
        verbose_name=_("health region"),
    )
    org_number = models.CharField(
        _("organisation number"), max_length=9, blank=True, validators=[validate_org_number]
    )

    class Meta:
        ordering = ["region__sort_order", "name"]
        verbose_name = _("hospital trust")
        verbose_name_plural = _("hospital trusts")

    def __str__(self) -> str:
        return self.name


class UnitKindChoices(models.TextChoices):
    CLINIC = UnitKind.CLINIC.value, _("pain clinic")
    CENTRE = UnitKind.CENTRE.value, _("regional pain centre")


class Clinic(models.Model):
    """A pain clinic or a regional pain centre (D1: ``Clinic`` with ``kind``)."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=UnitKindChoices.choices)
    trust = models.ForeignKey(
        HospitalTrust,
        on_delete=models.PROTECT,
        related_name="units",
        verbose_name=_("hospital trust"),
    )
    offer = models.TextField(_("offer"), blank=True, help_text=_("What the unit offers patients."))
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    resh_id = models.CharField(_("RESH id"), max_length=20, blank=True)
    her_id = models.CharField(_("HER id"), max_length=20, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["trust__region__sort_order", "-kind", "name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(
                fields=["trust", "name"],
                name="unique_unit_name_per_trust",
                violation_error_message=_("This hospital trust already has a unit with that name."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def waiting_time_weeks(self) -> int | None:
        """Reported waiting time for the public overview (D11); computed by a later feature."""
        return None

    @property
    def region(self) -> HealthRegion:
        return self.trust.region

    def staffing(self) -> StaffingAssessment:
        return assess_staffing(
            self.kind, ((s.profession, s.fixed_attachment) for s in self.staff.all())
        )


class ProfessionChoices(models.TextChoices):
    DOCTOR = Profession.DOCTOR.value, _("doctor")
    PSYCHOLOGIST = Profession.PSYCHOLOGIST.value, _("psychologist")
    PHYSIOTHERAPIST = Profession.PHYSIOTHERAPIST.value, _("physiotherapist")
    NURSE = Profession.NURSE.value, _("nurse")
    OCCUPATIONAL_THERAPIST = Profession.OCCUPATIONAL_THERAPIST.value, _("occupational therapist")
    SOCIAL_WORKER = Profession.SOCIAL_WORKER.value, _("social worker")
    SECRETARY = Profession.SECRETARY.value, _("secretary")
    OTHER = Profession.OTHER.value, _("other")


class StaffMember(models.Model):
    """A person working at a unit, with profession and competence (D2, guideline ch. 6)."""

    clinic = models.ForeignKey(
        Clinic, on_delete=models.CASCADE, related_name="staff", verbose_name=_("unit")
    )
    user = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_positions",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=200)
    profession = models.CharField(_("profession"), max_length=30, choices=ProfessionChoices.choices)
    hpr_number = models.CharField(_("HPR number"), max_length=9, blank=True)
    fixed_attachment = models.BooleanField(
        _("fixed attachment"), default=True, help_text=_("Counts towards the staffing rule.")
    )
    position_percent = models.PositiveSmallIntegerField(_("position (%)"), default=100)
    specialisations = models.TextField(_("specialisations"), blank=True)
    further_education = models.TextField(_("further education"), blank=True)
    competence_plan = models.TextField(_("personal competence plan"), blank=True)
    last_appraisal_on = models.DateField(_("last appraisal talk"), null=True, blank=True)

    class Meta:
        ordering = ["clinic", "profession", "name"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_profession_display()})"

    def clean(self) -> None:
        if not self.profession:
            raise ValidationError({"profession": _("A staff member must have a profession.")})
        if self.position_percent > 100:
            raise ValidationError({"position_percent": _("A position cannot exceed 100%.")})

    def competence_followup(self, today: date) -> CompetenceFollowup:
        return competence_followup(
            bool(self.competence_plan.strip()), self.last_appraisal_on, today
        )


class PartnerKind(models.TextChoices):
    """Collaboration partners (D9)."""

    GP = "gp", _("general practitioners")
    MUNICIPAL = "municipal", _("municipal service")
    HEALTHY_LIFE = "healthy_life", _("healthy-life centre")
    LEARNING_COPING = "learning_coping", _("learning and coping centre")
    OTHER_UNIT = "other_unit", _("other pain clinic or centre")
    PALLIATIVE = "palliative", _("palliative team")
    ACUTE_PAIN = "acute_pain", _("acute pain team")
    HOSPITAL_WARD = "hospital_ward", _("hospital ward")
    DPS = "dps", _("mental health outpatient clinic (DPS)")
    TSB = "tsb", _("substance-use treatment (TSB)")
    REHABILITATION = "rehabilitation", _("rehabilitation institution")
    SPECIALIST = "specialist", _("contracted specialist")
    NAV = "nav", _("NAV")
    PATIENT_ORGANISATION = "patient_org", _("patient organisation")
    OTHER = "other", _("other")


class CollaborationPartner(models.Model):
    clinic = models.ForeignKey(
        Clinic, on_delete=models.CASCADE, related_name="partners", verbose_name=_("unit")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    meets_regularly = models.BooleanField(_("regular meetings"), default=False)

    class Meta:
        ordering = ["clinic", "kind", "name"]
        verbose_name = _("collaboration partner")
        verbose_name_plural = _("collaboration partners")

    def __str__(self) -> str:
        return self.name


class AgreementKind(models.TextChoices):
    AGREEMENT = "agreement", _("agreement")
    ROUTINE = "routine", _("routine")
    PROCEDURE = "procedure", _("procedure")


class CollaborationAgreement(models.Model):
    partner = models.ForeignKey(
        CollaborationPartner,
        on_delete=models.CASCADE,
        related_name="agreements",
        verbose_name=_("partner"),
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=AgreementKind.choices)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    review_due_on = models.DateField(_("review due"), null=True, blank=True)

    class Meta:
        ordering = ["partner", "title"]
        verbose_name = _("collaboration agreement")
        verbose_name_plural = _("collaboration agreements")

    def __str__(self) -> str:
        return self.title
