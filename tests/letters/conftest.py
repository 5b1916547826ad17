"""Fixtures for the letters tests: a referral at unit A with its patient, referrer and staff, and a
factory for decisions made directly with the intake models (issue 4)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from painpath.accounts.models import Role
from painpath.intake.models import Decision
from painpath.referrals.models import Referral, Referrer


@pytest.fixture
def letters_setup(network, make_user, make_patient) -> dict[str, Any]:
    a, b = network["a"], network["b"]
    a.address = "Postboks 1000\n1478 Lørenskog"
    a.phone = "67 96 00 00"
    a.email = "smerteklinikken@ahus.example"
    a.save()
    patient = make_patient(a, "Nora", "Testesen", date(1985, 3, 14))
    patient.gp_name = "Hilde Solberg"
    patient.gp_hpr_number = "9144889"
    patient.gp_practice = "Storgata legesenter"
    patient.save()
    referrer = Referrer.objects.create(
        name="Per Henviser",
        role="hospital_doctor",
        hpr_number="1234567",
        organisation="Ortopedisk poliklinikk, Ahus",
        her_id="8765432",
    )
    referral = Referral.objects.create(
        patient=patient,
        clinic=a,
        received_by=a,
        referrer=referrer,
        channel="web",
        received_on=date(2026, 3, 2),
        assessment_due_on=date(2026, 3, 16),
    )
    return {
        "a": a,
        "b": b,
        "patient": patient,
        "referrer": referrer,
        "referral": referral,
        "intake_a": make_user(
            "inntak.a", Role.INTAKE, [a], first_name="Kari", last_name="Lege", profession="doctor"
        ),
        "clinician_b": make_user("kliniker.b", Role.CLINICIAN, [b]),
        "referrer_user": make_user("fastlege", Role.REFERRER),
    }


@pytest.fixture
def make_decision(letters_setup) -> Callable[..., Decision]:
    def make(outcome: str = "right_granted", **fields: Any) -> Decision:
        values: dict[str, Any] = {
            "referral": letters_setup["referral"],
            "outcome": outcome,
            "decided_by": letters_setup["intake_a"],
            "decided_on": date(2026, 3, 9),
            "clinic": letters_setup["a"],
        }
        if outcome == "right_granted":
            values.update(
                care_deadline=date(2026, 6, 22),
                care_what="Tverrfaglig utredning ved smerteklinikken",
            )
        values.update(fields)
        return Decision.objects.create(**values)

    return make
