"""Fixtures for the intake tests: a unit's intake team and referrals made directly in the
database (the referrals app's own service is tested there)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from painpath.accounts.models import Role, User
from painpath.intake.models import PriorityRule
from painpath.organisation.models import Clinic
from painpath.referrals.models import Referral, Referrer
from painpath.rules.completeness import ITEM_CODES
from painpath.rules.deadlines import assessment_due_on
from painpath.rules.priority import SEED_PRIORITY_RULES


@pytest.fixture
def team(network, make_user) -> dict[str, Any]:
    a, b = network["a"], network["b"]
    return {
        "a": a,
        "b": b,
        "lege": make_user(
            "lege.a", Role.INTAKE, [a], profession="doctor", first_name="Lars", last_name="Strand"
        ),
        "psykolog": make_user(
            "psykolog.a",
            Role.INTAKE,
            [a],
            profession="psychologist",
            first_name="Ingrid",
            last_name="Lien",
        ),
        "other": make_user("inntak.b", Role.INTAKE, [b], profession="nurse"),
        "referrer_user": make_user("fastlege", Role.REFERRER),
    }


def completeness(missing: list[str]) -> dict[str, Any]:
    return {
        "items": {c: {"present": c not in missing, "evidence": []} for c in ITEM_CODES},
        "missing": [c for c in ITEM_CODES if c in missing],
        "score": round((14 - len(missing)) / 14, 3),
    }


@pytest.fixture
def make_referral(make_patient) -> Callable[..., Referral]:
    referrer_cache: dict[str, Referrer] = {}

    def make(
        unit: Clinic,
        received_on: date,
        *,
        given: str = "Nora",
        family: str = "Testesen",
        serious: bool = False,
        missing: list[str] | None = None,
        channel: str = "web",
        status: str = "received",
    ) -> Referral:
        if "r" not in referrer_cache:
            referrer_cache["r"] = Referrer.objects.create(name="Hilde Solberg", role="gp")
        patient = make_patient(unit, given, family)
        return Referral.objects.create(
            patient=patient,
            clinic=unit,
            received_by=unit,
            referrer=referrer_cache["r"],
            channel=channel,
            received_on=received_on,
            assessment_due_on=assessment_due_on(received_on, serious),
            serious_illness_suspected=serious,
            status=status,
            free_text="Smerter i korsryggen.",
            completeness=completeness(missing or []),
            missing_count=len(missing or []),
        )

    return make


@pytest.fixture
def rules(db: None) -> dict[str, PriorityRule]:
    # Seeded by a data migration; a transactional test may have flushed the table since.
    for row in SEED_PRIORITY_RULES:
        PriorityRule.objects.get_or_create(
            code=row.code,
            active=True,
            defaults={
                "condition_group": row.condition_group,
                "right_granted": row.right_granted,
                "max_weeks": row.max_weeks,
            },
        )
    return {r.code: r for r in PriorityRule.objects.filter(active=True)}


def login(client: Any, user: User) -> None:
    client.force_login(user)
