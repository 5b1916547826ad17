"""The staffing rule for clinics and centres (DOMAIN.md D2; guideline 002 ch. 2).

A pain clinic has at least three professions with fixed attachment: doctor, psychologist and
physiotherapist (nurse when needed). A regional pain centre has at least four: doctor,
psychologist, physiotherapist and nurse. Only staff with a fixed attachment count.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class UnitKind(StrEnum):
    CLINIC = "clinic"
    CENTRE = "centre"


class Profession(StrEnum):
    DOCTOR = "doctor"
    PSYCHOLOGIST = "psychologist"
    PHYSIOTHERAPIST = "physiotherapist"
    NURSE = "nurse"
    OCCUPATIONAL_THERAPIST = "occupational_therapist"
    SOCIAL_WORKER = "social_worker"
    SECRETARY = "secretary"
    OTHER = "other"


REQUIRED_PROFESSIONS: dict[UnitKind, tuple[Profession, ...]] = {
    UnitKind.CLINIC: (Profession.DOCTOR, Profession.PSYCHOLOGIST, Profession.PHYSIOTHERAPIST),
    UnitKind.CENTRE: (
        Profession.DOCTOR,
        Profession.PSYCHOLOGIST,
        Profession.PHYSIOTHERAPIST,
        Profession.NURSE,
    ),
}


@dataclass(frozen=True)
class StaffingAssessment:
    kind: UnitKind
    required: tuple[Profession, ...]
    present: frozenset[Profession]
    missing: tuple[Profession, ...]

    @property
    def compliant(self) -> bool:
        return not self.missing


def assess_staffing(
    kind: UnitKind | str, staff: Iterable[tuple[Profession | str, bool]]
) -> StaffingAssessment:
    """Check a unit's staff, given as (profession, has fixed attachment) pairs."""
    unit_kind = UnitKind(kind)
    present = frozenset(Profession(p) for p, fixed in staff if fixed)
    required = REQUIRED_PROFESSIONS[unit_kind]
    missing = tuple(p for p in required if p not in present)
    return StaffingAssessment(unit_kind, required, present, missing)
