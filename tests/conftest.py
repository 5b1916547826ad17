"""Shared fixtures: a small network of two units in two regions, users of each role."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date

import pytest

from painpath.accounts.models import Role, User
from painpath.organisation.models import Clinic, HealthRegion, HospitalTrust, StaffMember
from painpath.patients.models import Patient
from painpath.rules.identity import synthetic_number

# Playwright's sync API runs an event loop in the test thread; Django's ORM guard must allow it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct horse battery staple"


@pytest.fixture
def network(db: None) -> dict[str, Clinic]:
    east = HealthRegion.objects.create(name="Helse Sør-Øst", code="sor-ost", sort_order=0)
    west = HealthRegion.objects.create(name="Helse Vest", code="vest", sort_order=1)
    ahus = HospitalTrust.objects.create(name="Akershus universitetssykehus HF", region=east)
    forde = HospitalTrust.objects.create(name="Helse Førde HF", region=west)
    unit_a = Clinic.objects.create(name="Smerteklinikken A", kind="clinic", trust=ahus)
    unit_b = Clinic.objects.create(name="Smerteklinikken B", kind="clinic", trust=forde)
    for unit in (unit_a, unit_b):
        for profession in ("doctor", "psychologist", "physiotherapist"):
            StaffMember.objects.create(
                clinic=unit, name=f"{profession} {unit.pk}", profession=profession
            )
    return {"a": unit_a, "b": unit_b}


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    def make(
        username: str, role: str = Role.CLINICIAN, units: list[Clinic] | None = None, **kw: object
    ) -> User:
        user = User.objects.create_user(username=username, password=PASSWORD, role=role, **kw)
        user.units.set(units or [])
        return user

    return make


def synthetic(birth: date, seed: int = 1) -> str:
    """A valid synthetic number for ``birth``; the century decides which individual numbers fit."""
    return synthetic_number(birth, seed)


@pytest.fixture
def make_patient(db: None) -> Callable[..., Patient]:
    counter = iter(range(1, 10_000))

    def make(
        unit: Clinic, given: str = "Test", family: str = "Person", birth: date = date(1980, 5, 17)
    ) -> Patient:
        number = synthetic(birth, next(counter) * 3)
        return Patient.objects.create(
            national_id=number,
            id_kind="synthetic",
            given_name=given,
            family_name=family,
            birth_date=birth,
            registered_by=unit,
        )

    return make
