from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from painpath.patients.models import Patient
from painpath.patients.validation import validate_identity_number


class PatientForm(forms.ModelForm):
    class Meta:
        model = Patient
        fields = [
            "national_id",
            "given_name",
            "family_name",
            "phone",
            "address",
            "gp_name",
            "gp_hpr_number",
            "gp_practice",
        ]
        error_messages = {
            "national_id": {
                "unique": _("A patient with this identity number is already registered.")
            }
        }

    def clean_national_id(self) -> str:
        parsed = validate_identity_number(self.cleaned_data.get("national_id", ""))
        self._identity = parsed
        return parsed.value

    def save(self, commit: bool = True) -> Any:
        patient: Patient = super().save(commit=False)
        patient.id_kind = self._identity.kind.value
        patient.birth_date = self._identity.birth_date
        if commit:
            patient.save()
        return patient
