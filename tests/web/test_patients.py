"""The patient register: identity validation with Norwegian messages, nothing stored on bad input."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from painpath.accounts.models import ApiToken, Role
from painpath.patients.models import Patient
from tests.conftest import synthetic


@pytest.fixture
def clinician(network, make_user):
    return make_user("kliniker", Role.CLINICIAN, [network["a"]])


def test_register_patient_in_the_ui(client: Client, clinician) -> None:
    client.force_login(clinician)
    number = synthetic(date(1984, 2, 29))
    response = client.post(
        "/patients/new/", {"national_id": number, "given_name": "Kari", "family_name": "Test"}
    )
    patient = Patient.objects.get(national_id=number)
    assert response.status_code == 302
    assert patient.birth_date == date(1984, 2, 29)
    assert patient.registered_by == clinician.units.get()


def test_invalid_identity_number_in_the_ui(client: Client, clinician) -> None:
    client.force_login(clinician)
    response = client.post(
        "/patients/new/", {"national_id": "01018012345", "given_name": "K", "family_name": "T"}
    )
    assert "kontrollsifrene" in response.content.decode()
    assert not Patient.objects.exists()


def test_invalid_identity_number_in_the_api(client: Client, clinician) -> None:
    _, token = ApiToken.issue(clinician)
    response = client.post(
        "/api/patients",
        {"national_id": "123", "given_name": "K", "family_name": "T"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["national_id"] == [
        "Et fødselsnummer har nøyaktig elleve sifre."
    ]
    assert not Patient.objects.exists()


def test_register_patient_in_the_api(client: Client, clinician) -> None:
    _, token = ApiToken.issue(clinician)
    number = synthetic(date(1990, 1, 1))
    response = client.post(
        "/api/patients",
        {"national_id": number, "given_name": "K", "family_name": "T"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 201
    assert response.json()["birth_date"] == "1990-01-01"


def test_duplicate_identity_number_is_refused(client: Client, clinician, make_patient) -> None:
    existing = make_patient(clinician.units.get())
    client.force_login(clinician)
    response = client.post(
        "/patients/new/",
        {"national_id": existing.national_id, "given_name": "A", "family_name": "B"},
    )
    assert "allerede registrert" in response.content.decode()
    assert Patient.objects.count() == 1


def test_synthetic_numbers_refused_outside_demo_mode(client: Client, clinician, settings) -> None:
    settings.DEMO_MODE = False
    client.force_login(clinician)
    response = client.post(
        "/patients/new/",
        {"national_id": synthetic(date(1990, 1, 1)), "given_name": "A", "family_name": "B"},
    )
    assert "demo- og testmodus" in response.content.decode()
    assert not Patient.objects.exists()


def test_openapi_schema_is_served(client: Client, db) -> None:
    schema = client.get("/api/openapi.json").json()
    assert schema["info"]["title"] == "painpath API"
    assert "/api/patients" in schema["paths"]


def test_postal_address_is_kept_for_printed_letters(client: Client, clinician) -> None:
    client.force_login(clinician)
    number = synthetic(date(1970, 3, 3))
    client.post(
        "/patients/new/",
        {
            "national_id": number,
            "given_name": "K",
            "family_name": "T",
            "address": "Eksempelveien 1\n0001 Oslo",
        },
    )
    patient = Patient.objects.get(national_id=number)
    assert patient.address == "Eksempelveien 1\n0001 Oslo"
    assert "Eksempelveien 1<br>0001 Oslo" in client.get(f"/patients/{patient.pk}/").content.decode()


def test_a_user_without_a_unit_cannot_register_patients(client: Client, make_user) -> None:
    client.force_login(make_user("fastlege", Role.REFERRER))
    response = client.post(
        "/patients/new/",
        {"national_id": synthetic(date(1990, 1, 1)), "given_name": "A", "family_name": "B"},
    )
    assert response.status_code == 403
    assert not Patient.objects.exists()
