"""Synthetic demo patients (Tenor-style numbers, month + 80): never a real person."""

from __future__ import annotations

from datetime import date

from painpath.demo.registry import DemoContext
from painpath.organisation.models import Clinic
from painpath.patients.models import Patient
from painpath.rules.identity import IdentityKind, synthetic_number

ORDER = 30

# given, family, birth date, unit
PATIENTS = [
    ("Nora", "Testesen", date(1985, 3, 14), "Smerteklinikken, Ahus"),
    ("Emil", "Prøvesen", date(1962, 11, 2), "Smerteklinikken, Ahus"),
    ("Sara", "Eksempel", date(2003, 6, 21), "Smerteklinikken, Ahus"),
    ("Ali", "Demo", date(1978, 1, 30), "Regionalt senter for smertebehandling, OUS"),
    ("Tuva", "Fiktiv", date(1990, 9, 9), "Regionalt senter for smertebehandling, OUS"),
]


def load(ctx: DemoContext) -> None:
    units = {u.name: u for u in Clinic.objects.all()}
    for n, (given, family, born, unit) in enumerate(PATIENTS):
        number = synthetic_number(born, 100 + n * 17)
        Patient.objects.update_or_create(
            national_id=number,
            defaults={
                "id_kind": IdentityKind.SYNTHETIC.value,
                "given_name": given,
                "family_name": family,
                "birth_date": born,
                "address": f"Eksempelveien {n + 1}\n0001 Oslo",
                "gp_name": "Hilde Solberg",
                "gp_hpr_number": "9144889",
                "gp_practice": "Storgata legesenter",
                "registered_by": units[unit],
            },
        )
