"""Medicines in pain treatment: habit-forming medicines, opioid doses, experimental treatment.

DOMAIN.md D7 (guideline 002 ch. 4):

- Before a habit-forming medicine is started, non-drug alternatives must be considered, and
  painpath requires that to be recorded.
- Habit-forming medicines are kept to a minimum; opioid doses are tracked as oral morphine
  equivalents (OMEQ, mg per day). The conversion ratios are data, in
  `data/opioid_conversion.json`, taken from Helsedirektoratet's veileder for habit-forming
  medicines (the source is named in the file).
- Experimental treatment is given only within a clinical study, which must be recorded.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any


class HabitFormingClass(StrEnum):
    OPIOID = "opioid"
    BENZODIAZEPINE = "benzodiazepine"
    Z_HYPNOTIC = "z_hypnotic"
    GABAPENTINOID = "gabapentinoid"
    CENTRALLY_ACTING_MUSCLE_RELAXANT = "centrally_acting_muscle_relaxant"


# ATC code prefixes of habit-forming medicines, as Norwegian practice counts them. The longest
# matching prefix decides the class.
HABIT_FORMING_ATC_PREFIXES: Mapping[str, HabitFormingClass] = MappingProxyType(
    {
        "N02A": HabitFormingClass.OPIOID,  # opioid analgesics
        "N01AH": HabitFormingClass.OPIOID,  # opioid anaesthetics, e.g. parenteral fentanyl
        "N07BC": HabitFormingClass.OPIOID,  # methadone, buprenorphine for opioid dependence
        "R05DA": HabitFormingClass.OPIOID,  # cough remedies: codeine, ethylmorphine
        "N05BA": HabitFormingClass.BENZODIAZEPINE,  # anxiolytics
        "N05CD": HabitFormingClass.BENZODIAZEPINE,  # hypnotics
        "N05CF": HabitFormingClass.Z_HYPNOTIC,  # zopiclone, zolpidem
        # Gabapentinoids: counted as habit-forming in Norwegian practice. WHO moved them from
        # N03AX (antiepileptics) to N02BF in the 2023 ATC index; both codes are in use.
        "N03AX12": HabitFormingClass.GABAPENTINOID,  # gabapentin, before 2023
        "N03AX16": HabitFormingClass.GABAPENTINOID,  # pregabalin, before 2023
        "N02BF": HabitFormingClass.GABAPENTINOID,  # gabapentin, pregabalin, since 2023
        "M03BA02": HabitFormingClass.CENTRALLY_ACTING_MUSCLE_RELAXANT,  # carisoprodol
    }
)


@dataclass(frozen=True)
class Medicine:
    name: str
    atc_code: str


class StartBlocker(StrEnum):
    NON_DRUG_ALTERNATIVES_NOT_CONSIDERED = "non_drug_alternatives_not_considered"


class ExperimentalBlocker(StrEnum):
    CLINICAL_STUDY_MISSING = "clinical_study_missing"


def _normalise_atc(atc_code: str) -> str:
    return atc_code.replace(" ", "").upper()


def habit_forming_class(atc_code: str) -> HabitFormingClass | None:
    """The habit-forming class of a medicine by its ATC code, or None when it is not one."""
    code = _normalise_atc(atc_code)
    matches = [prefix for prefix in HABIT_FORMING_ATC_PREFIXES if code.startswith(prefix)]
    if not matches:
        return None
    return HABIT_FORMING_ATC_PREFIXES[max(matches, key=len)]


def is_habit_forming(atc_code: str) -> bool:
    return habit_forming_class(atc_code) is not None


def can_start(medicine: Medicine, alternatives_considered: bool) -> list[StartBlocker]:
    """What blocks starting `medicine`; empty = may start (D7).

    A habit-forming medicine may not be started until it is recorded that non-drug alternatives
    were considered together with the patient (002 ch. 4).
    """
    if is_habit_forming(medicine.atc_code) and not alternatives_considered:
        return [StartBlocker.NON_DRUG_ALTERNATIVES_NOT_CONSIDERED]
    return []


def experimental_requires_study(
    is_experimental: bool, study_name: str | None
) -> list[ExperimentalBlocker]:
    """What blocks an experimental treatment; empty = may go ahead (D7).

    Experimental treatment (e.g. repeated infusions, injections or nerve blocks without
    documented effect) is given only within a clinical study, which must be named.
    """
    if is_experimental and not (study_name or "").strip():
        return [ExperimentalBlocker.CLINICAL_STUDY_MISSING]
    return []


# Opioid doses as oral morphine equivalents -------------------------------------------------

MG_PER_DAY = "mg/day"
MICROGRAM_PER_HOUR = "microgram/h"

# Keys are compared case-folded (which also turns the micro sign µ into the Greek μ).
_UNIT_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        alias.casefold(): unit
        for alias, unit in {
            "mg/day": MG_PER_DAY,
            "mg/d": MG_PER_DAY,
            "mg/døgn": MG_PER_DAY,
            "mg": MG_PER_DAY,
            "microgram/h": MICROGRAM_PER_HOUR,
            "µg/h": MICROGRAM_PER_HOUR,
            "ug/h": MICROGRAM_PER_HOUR,
            "mcg/h": MICROGRAM_PER_HOUR,
            "mcg/t": MICROGRAM_PER_HOUR,
            "µg/t": MICROGRAM_PER_HOUR,
        }.items()
    }
)

_HOURS_PER_DAY = 24
_MICROGRAMS_PER_MG = 1000


@dataclass(frozen=True)
class ConversionEntry:
    substance: str
    route: str
    unit: str
    ratio: float
    """mg oral morphine per mg of the substance per day (the source's equianalgesic ratio)."""


@dataclass(frozen=True)
class OpioidDose:
    substance: str
    route: str
    daily_dose: float
    unit: str


class NoFixedConversion(ValueError):
    """The substance is known but has no fixed conversion (methadone: dose-dependent, D7)."""

    def __init__(self, substance: str, reason: str) -> None:
        super().__init__(f"cannot convert {substance} to oral morphine equivalents: {reason}")
        self.substance = substance
        self.reason = reason


@dataclass(frozen=True)
class _ConversionTable:
    entries: Mapping[tuple[str, str], ConversionEntry]
    refused: Mapping[str, str]
    name_to_substance: Mapping[str, str]
    display_names: Mapping[str, str]


@cache
def _conversion_table() -> _ConversionTable:
    raw: Any = json.loads(
        resources.files("painpath.rules")
        .joinpath("data", "opioid_conversion.json")
        .read_text(encoding="utf-8")
    )
    entries: dict[tuple[str, str], ConversionEntry] = {}
    refused: dict[str, str] = {}
    names: dict[str, str] = {}
    display: dict[str, str] = {}
    for substance, spec in raw["substances"].items():
        display[substance] = str((spec.get("names") or [substance])[0]).capitalize()
        for name in [substance, *spec.get("names", []), *spec.get("atc", [])]:
            names[str(name).casefold()] = substance
        if "refused" in spec:
            refused[substance] = str(spec["refused"])
            continue
        for route, conversion in spec["routes"].items():
            unit = str(conversion["unit"])
            if unit not in (MG_PER_DAY, MICROGRAM_PER_HOUR):
                raise ValueError(f"opioid_conversion.json: unknown unit {unit!r} for {substance}")
            entries[(substance, route)] = ConversionEntry(
                substance, route, unit, float(conversion["ratio"])
            )
    return _ConversionTable(
        MappingProxyType(entries),
        MappingProxyType(refused),
        MappingProxyType(names),
        MappingProxyType(display),
    )


def opioid_substances() -> Mapping[str, str]:
    """The conversion table's substances (canonical key → display name), for choosing one."""
    return _conversion_table().display_names


def conversion_entry(substance: str, route: str) -> ConversionEntry:
    """The conversion for a substance (English or Norwegian name, or ATC code) and route.

    Raises ValueError for an unknown substance or route, and ``NoFixedConversion`` for methadone,
    whose conversion is not linear and is left to a specialist.
    """
    table = _conversion_table()
    key = substance.strip().casefold()
    canonical = table.name_to_substance.get(key)
    if canonical is None:
        raise ValueError(f"no oral morphine equivalent conversion for substance {substance!r}")
    if canonical in table.refused:
        raise NoFixedConversion(canonical, table.refused[canonical])
    entry = table.entries.get((canonical, route.strip().casefold()))
    if entry is None:
        known = sorted(r for s, r in table.entries if s == canonical)
        raise ValueError(
            f"no conversion for {canonical} by route {route!r}; known routes: {', '.join(known)}"
        )
    return entry


def oral_morphine_equivalent(substance: str, route: str, daily_dose: float, unit: str) -> float:
    """A daily opioid dose as oral morphine equivalents, mg per day (OMEQ; D7).

    `daily_dose` is mg per day, except for patches (transdermal), where it is the patch strength
    in micrograms per hour: fentanyl 25 µg/h is 0.6 mg/day, times ratio 100 = 60 mg OMEQ.
    """
    entry = conversion_entry(substance, route)
    normalised_unit = _UNIT_ALIASES.get(unit.strip().casefold())
    if normalised_unit != entry.unit:
        raise ValueError(f"{entry.substance} {entry.route} is dosed in {entry.unit}, not {unit!r}")
    if daily_dose < 0:
        raise ValueError(f"a daily dose cannot be negative, got {daily_dose}")
    mg_per_day = daily_dose
    if entry.unit == MICROGRAM_PER_HOUR:
        mg_per_day = daily_dose * _HOURS_PER_DAY / _MICROGRAMS_PER_MG
    return mg_per_day * entry.ratio


def total_oral_morphine_equivalent(doses: Iterable[OpioidDose]) -> float:
    """The sum over all the patient's opioids, as Helfo's OMEQ table sums them."""
    return sum(oral_morphine_equivalent(d.substance, d.route, d.daily_dose, d.unit) for d in doses)
