from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema, Status

from painpath.audit.services import record_list_read
from painpath.core.api_auth import api_user
from painpath.patients.access import get_patient_or_404, visible_patients
from painpath.patients.models import Patient
from painpath.patients.services import register_patient

router = Router(tags=["patients"])


class PatientIn(Schema):
    national_id: str
    given_name: str
    family_name: str
    phone: str = ""
    address: str = ""
    gp_name: str = ""
    gp_hpr_number: str = ""
    gp_practice: str = ""


class PatientOut(Schema):
    id: int
    national_id: str
    id_kind: str
    given_name: str
    family_name: str
    birth_date: date
    gp_name: str
    gp_hpr_number: str
    gp_practice: str
    registered_by_id: int | None


@router.get("", response=list[PatientOut], summary="Patients of your units")
def list_patients(request: HttpRequest, limit: int = 100) -> list[Patient]:
    patients = list(visible_patients(api_user(request))[: max(1, min(limit, 500))])
    record_list_read(Patient, [p.pk for p in patients], api=True)
    return patients


@router.get("/{patient_id}", response=PatientOut, summary="One patient (audited)")
def get_patient(request: HttpRequest, patient_id: int) -> Patient:
    return get_patient_or_404(api_user(request), patient_id)


@router.post("", response={201: PatientOut}, summary="Register a patient at your active unit")
def create_patient(request: HttpRequest, payload: PatientIn) -> Status:
    user = api_user(request)
    return Status(201, register_patient(user, payload.dict(), user.active_unit(request)))
