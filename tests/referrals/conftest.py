"""Fixtures for the referral tests: two units, their staff, two referrers, a complete referral."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.utils import timezone

from painpath.accounts.models import Role, User
from painpath.referrals import services
from painpath.referrals.models import Channel, Referral
from painpath.rules.identity import synthetic_number

FULL_ITEMS = {
    "patient_view": "Ønsker å klare å stå i jobb og å forstå smertene bedre.",
    "pain_description": "Brennende smerter i korsryggen med utstråling til venstre ben i to år.",
    "physical_function": "Går 1 km, klarer lett husarbeid, kan ikke løfte tungt.",
    "comorbidity": "Hypertensjon. Søvnvansker pga. smerter. Ingen psykisk lidelse.",
    "psychosocial": "Gift, to barn. Sykepleier, 50 % sykmeldt, oppfølging fra NAV.",
    "medication": "Paracet 1 g x 3, Ibux ved behov. Tramadol prøvd tidligere.",
    "dependence": "Ingen holdepunkter for avhengighet.",
    "alcohol_drugs": "Drikker 1–2 glass vin i helgene. Ingen andre rusmidler.",
    "examinations": "MR lumbalcolumna: lett prolaps L5/S1 uten rotaffeksjon.",
    "previous_assessments": "Vurdert av ortoped i mars: ikke indikasjon for kirurgi.",
    "previous_treatments": "Fysioterapi 12 ganger med noe effekt.",
    "expectations": "Ber om tverrfaglig vurdering og plan for retur til arbeid.",
    "motivation": "Motivert for tverrfaglig utredning og samtaler med psykolog.",
    "trauma": "Benekter traumatiske opplevelser.",
}

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def number(born: date, seed: int = 1) -> str:
    """A synthetic identity number for ``born`` with the right century digits."""
    return synthetic_number(born, seed)


@pytest.fixture
def people(network, make_user) -> dict[str, User]:
    a, b = network["a"], network["b"]
    return {
        "intake_a": make_user("inntak.a", Role.INTAKE, [a]),
        "intake_b": make_user("inntak.b", Role.INTAKE, [b]),
        "gp": make_user(
            "fastlege.a",
            Role.REFERRER,
            first_name="Hilde",
            last_name="Solberg",
            hpr_number="9144889",
            organisation="Storgata legesenter",
        ),
        "gp2": make_user(
            "fastlege.b", Role.REFERRER, first_name="Erik", last_name="Lunde", hpr_number="9100038"
        ),
        "analyst": make_user("analytiker", Role.ANALYST),
    }


@pytest.fixture
def make_referral(network, people) -> Callable[..., Referral]:
    counter = iter(range(1, 1000))

    def make(
        unit: str = "a",
        referrer: str = "gp",
        born: date = date(1980, 5, 17),
        free_text: str = "",
        items: dict[str, str] | None = None,
        **kw: Any,
    ) -> Referral:
        n = next(counter)
        patient = services.resolve_patient(
            national_id=number(born, n * 7), given_name=f"Pasient{n}", family_name="Testesen"
        )
        return services.receive_referral(
            patient=patient,
            clinic=network[unit],
            referrer=services.referrer_for_user(people[referrer]),
            channel=kw.pop("channel", Channel.WEB),
            received_on=kw.pop("received_on", timezone.localdate()),
            item_texts=items if items is not None else FULL_ITEMS,
            free_text=free_text,
            **kw,
        )

    return make
