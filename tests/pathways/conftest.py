"""Fixtures for the pathway tests: granted decisions at unit A, clinicians, pathways."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from painpath.accounts.models import Role, User
from painpath.intake.models import Decision, Outcome
from painpath.organisation.models import Clinic, StaffMember
from painpath.pathways import services
from painpath.pathways.models import Pathway
from painpath.patients.models import Patient
from painpath.referrals.models import Referral, ReferralFlag, Referrer


def days_ago(n: int) -> date:
    return timezone.localdate() - timedelta(days=n)


@pytest.fixture
def unit(network: dict[str, Clinic]) -> Clinic:
    return network["a"]


@pytest.fixture
def clinician(make_user: Callable[..., User], unit: Clinic) -> User:
    user = make_user("kliniker", Role.CLINICIAN, [unit], first_name="Marte", last_name="Haugen")
    StaffMember.objects.create(
        clinic=unit, name="Marte Haugen", profession="physiotherapist", user=user
    )
    return user


@pytest.fixture
def other_clinician(make_user: Callable[..., User], network: dict[str, Clinic]) -> User:
    return make_user("kliniker.b", Role.CLINICIAN, [network["b"]])


@pytest.fixture
def staff(unit: Clinic) -> dict[str, StaffMember]:
    return {s.profession: s for s in StaffMember.objects.filter(clinic=unit).order_by("id")}


@pytest.fixture
def referrer(db: None) -> Referrer:
    return Referrer.objects.create(name="Hilde Solberg", role="gp", hpr_number="9144889")


@pytest.fixture
def make_decision(
    make_patient: Callable[..., Patient],
    make_user: Callable[..., User],
    referrer: Referrer,
    unit: Clinic,
) -> Callable[..., Decision]:
    deciders: list[User] = []

    def make(
        *,
        clinic: Clinic | None = None,
        patient: Patient | None = None,
        birth: date = date(1980, 5, 17),
        received_days_ago: int = 200,
        outcome: str = Outcome.RIGHT_GRANTED,
        enters_pathway: bool = True,
        flags: tuple[str, ...] = (),
        given: str = "Nora",
        family: str = "Testesen",
    ) -> Decision:
        clinic = clinic or unit
        if not deciders:
            deciders.append(make_user("inntak", Role.INTAKE, [unit]))
        patient = patient or make_patient(clinic, given=given, family=family, birth=birth)
        received = days_ago(received_days_ago)
        referral = Referral.objects.create(
            patient=patient,
            clinic=clinic,
            received_by=clinic,
            referrer=referrer,
            channel="web",
            received_on=received,
            assessment_due_on=received + timedelta(days=14),
            status="decided",
        )
        for code in flags:
            ReferralFlag.objects.create(referral=referral, code=code, confirmed=True)
        return Decision.objects.create(
            referral=referral,
            outcome=outcome,
            decided_by=deciders[0],
            decided_on=received + timedelta(days=10),
            care_deadline=received + timedelta(weeks=12),
            enters_pathway=enters_pathway,
        )

    return make


@pytest.fixture
def make_pathway(make_decision: Callable[..., Decision], clinician: User) -> Callable[..., Pathway]:
    def make(start_days_ago: int = 10, **decision_kw: Any) -> Pathway:
        decision = make_decision(received_days_ago=start_days_ago + 30, **decision_kw)
        return services.start_pathway(
            clinician,
            decision,
            starts_on=days_ago(start_days_ago),
            pain_since=days_ago(start_days_ago + 400),
            complex_pain=True,
        )

    return make
