"""Fixtures for FHIR import and export: the test units get the invented RESH-ids and HER-ids the
bundles in tests/data/fhir/ name, and users of each role with API tokens."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from painpath.accounts.models import ApiToken, Role, User
from painpath.organisation.models import Clinic
from tests.data.fhir.generate import UNIT_A_HER, UNIT_A_RESH, UNIT_B_HER, UNIT_B_RESH

DATA = Path(__file__).resolve().parents[1] / "data" / "fhir"
EXAMPLES = DATA / "no-basis-examples"
TRUST_A_ORG_NUMBER = "999000002"  # invented, valid check digit


@pytest.fixture
def units(network: dict[str, Clinic]) -> dict[str, Clinic]:
    a, b = network["a"], network["b"]
    a.resh_id, a.her_id = UNIT_A_RESH, UNIT_A_HER
    b.resh_id, b.her_id = UNIT_B_RESH, UNIT_B_HER
    a.save()
    b.save()
    a.trust.org_number = TRUST_A_ORG_NUMBER
    a.trust.save()
    return {"a": a, "b": b}


@pytest.fixture
def users(units: dict[str, Clinic], make_user: Callable[..., User]) -> dict[str, User]:
    return {
        "intake_a": make_user("inntak.a", Role.INTAKE, [units["a"]]),
        "intake_b": make_user("inntak.b", Role.INTAKE, [units["b"]]),
        "integration": make_user("integrasjon", Role.ADMIN),
        "referrer": make_user(
            "fastlege", Role.REFERRER, hpr_number="9144889", first_name="Hilde", last_name="Solberg"
        ),
        "analyst": make_user("analytiker", Role.ANALYST),
    }


@pytest.fixture
def api(users: dict[str, User]) -> Callable[..., Client]:
    """A client that sends ``Authorization: Bearer`` for the named user."""

    def make(username: str) -> Client:
        _, token = ApiToken.issue(users[username])
        return Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    return make


def read(name: str) -> bytes:
    return (DATA / name).read_bytes()


def load(name: str) -> dict[str, Any]:
    return json.loads(read(name))


def diagnostics(body: dict[str, Any], severity: str = "error") -> list[str]:
    return [i["diagnostics"] for i in body["issue"] if i["severity"] == severity]
