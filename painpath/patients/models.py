"""The patient register (issue 2): identity number, name, birth date, GP."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from painpath.organisation.models import Clinic
from painpath.rules.identity import IdentityKind, age_on


class IdentityKindChoices(models.TextChoices):
    FODSELSNUMMER = IdentityKind.FODSELSNUMMER.value, _("national identity number")
    D_NUMBER = IdentityKind.D_NUMBER.value, _("D-number")
    SYNTHETIC = IdentityKind.SYNTHETIC.value, _("synthetic test number")


class Patient(models.Model):
    national_id = models.CharField(_("identity number"), max_length=11, unique=True)
    id_kind = models.CharField(
        _("kind of number"), max_length=10, choices=IdentityKindChoices.choices
    )
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    birth_date = models.DateField(_("birth date"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.TextField(
        _("postal address"), blank=True, help_text=_("As in the National Population Register.")
    )
    gp_name = models.CharField(_("GP"), max_length=200, blank=True)
    gp_hpr_number = models.CharField(_("GP's HPR number"), max_length=9, blank=True)
    gp_practice = models.CharField(_("GP practice"), max_length=200, blank=True)
    registered_by = models.ForeignKey(
        Clinic,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registered_patients",
        verbose_name=_("registered by unit"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("patient")
        verbose_name_plural = _("patients")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def audit_patient_id(self) -> int | None:
        return self.pk

    def age(self, on: date | None = None) -> int:
        return age_on(self.birth_date, on or date.today())

    @property
    def masked_id(self) -> str:
        """Birth-date part only, for lists: the full number is shown on the patient page."""
        return f"{self.national_id[:6]} *****"
