"""Use cases for the patient register, shared by the web views, the API and the CLI."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from painpath.accounts.models import User
from painpath.organisation.models import Clinic
from painpath.patients.forms import PatientForm
from painpath.patients.models import Patient


def registering_unit(user: User, unit: Clinic | None) -> Clinic:
    """The unit a new patient is registered at: the user's active unit, which they must belong to."""
    if unit is None or unit.pk not in user.unit_ids():
        raise PermissionDenied(_("You must belong to a unit to register patients."))
    return unit


def save_new_patient(form: PatientForm, unit: Clinic) -> Patient:
    """Store a validated registration form; the patient and its audit record land together."""
    with transaction.atomic():
        patient: Patient = form.save(commit=False)
        patient.registered_by = unit
        patient.save()
    return patient


def register_patient(user: User, data: Mapping[str, Any], unit: Clinic | None) -> Patient:
    """Register a patient at the user's active unit (API); all-or-nothing."""
    unit = registering_unit(user, unit)
    form = PatientForm(data=dict(data))
    if not form.is_valid():
        raise ValidationError({field: list(errors) for field, errors in form.errors.items()})
    return save_new_patient(form, unit)
