"""Habit-forming medicines, oral morphine equivalents and experimental treatment (D7)."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from painpath.rules.medication import (
    ExperimentalBlocker,
    HabitFormingClass,
    Medicine,
    OpioidDose,
    StartBlocker,
    can_start,
    experimental_requires_study,
    habit_forming_class,
    oral_morphine_equivalent,
    total_oral_morphine_equivalent,
)

H = HabitFormingClass

ATC_CASES = [
    ("N02AA01", H.OPIOID, "morphine"),
    ("N02AA05", H.OPIOID, "oxycodone"),
    ("N02AB03", H.OPIOID, "fentanyl"),
    ("N02AX02", H.OPIOID, "tramadol"),
    ("N02AJ06", H.OPIOID, "codeine with paracetamol"),
    ("N07BC02", H.OPIOID, "methadone"),
    ("R05DA01", H.OPIOID, "ethylmorphine cough mixture"),
    ("N05BA01", H.BENZODIAZEPINE, "diazepam"),
    ("N05CD08", H.BENZODIAZEPINE, "midazolam"),
    ("N05CF01", H.Z_HYPNOTIC, "zopiclone"),
    ("N03AX12", H.GABAPENTINOID, "gabapentin, pre-2023 code"),
    ("N03AX16", H.GABAPENTINOID, "pregabalin, pre-2023 code"),
    ("N02BF02", H.GABAPENTINOID, "pregabalin, 2023 code"),
    ("M03BA02", H.CENTRALLY_ACTING_MUSCLE_RELAXANT, "carisoprodol"),
    ("n02aa05", H.OPIOID, "lower case is accepted"),
    ("N02BE01", None, "paracetamol"),
    ("M01AE01", None, "ibuprofen"),
    ("N03AX09", None, "lamotrigine: another N03AX antiepileptic"),
    ("N06AA09", None, "amitriptyline"),
    ("M03BX01", None, "baclofen"),
]


@pytest.mark.parametrize(("atc", "expected", "what"), ATC_CASES)
def test_habit_forming_class(atc: str, expected: HabitFormingClass | None, what: str) -> None:
    assert habit_forming_class(atc) is expected, what


class TestStartingAMedicine:
    def test_habit_forming_needs_non_drug_alternatives_considered(self) -> None:
        oxycodone = Medicine("OxyNorm", "N02AA05")
        assert can_start(oxycodone, alternatives_considered=False) == [
            StartBlocker.NON_DRUG_ALTERNATIVES_NOT_CONSIDERED
        ]
        assert can_start(oxycodone, alternatives_considered=True) == []

    def test_other_medicines_are_not_blocked(self) -> None:
        assert can_start(Medicine("Paracet", "N02BE01"), alternatives_considered=False) == []


@pytest.mark.parametrize(
    ("experimental", "study", "expected"),
    [
        (True, None, [ExperimentalBlocker.CLINICAL_STUDY_MISSING]),
        (True, "   ", [ExperimentalBlocker.CLINICAL_STUDY_MISSING]),
        (True, "NCT01234567 Repeterte ketamininfusjoner", []),
        (False, None, []),
    ],
)
def test_experimental_treatment_only_within_a_named_study(
    experimental: bool, study: str | None, expected: list[ExperimentalBlocker]
) -> None:
    assert experimental_requires_study(experimental, study) == expected


OME_CASES = [
    # substance, route, dose, unit, mg OMEQ per day
    ("morphine", "oral", 60, "mg/day", 60.0),
    ("oxycodone", "oral", 20, "mg/day", 30.0),
    ("hydromorphone", "oral", 8, "mg/day", 40.0),
    ("tramadol", "oral", 200, "mg/day", 30.0),
    ("codeine", "oral", 240, "mg/day", 24.0),
    ("codeine", "rectal", 240, "mg", 24.0),
    ("tapentadol", "oral", 200, "mg/day", 40.0),
    ("ketobemidone", "oral", 30, "mg/day", 30.0),
    ("pethidine", "rectal", 300, "mg/day", 30.0),
    ("fentanyl", "transdermal", 25, "µg/h", 60.0),  # 0.6 mg/day x 100
    ("fentanyl", "transdermal", 12, "mcg/h", 28.8),
    ("fentanyl", "intranasal", 0.2, "mg/day", 50.0),
    ("buprenorphine", "transdermal", 10, "microgram/h", 22.2),  # 0.24 mg/day x 92.5
    ("buprenorphine", "sublingual", 2, "mg/day", 96.0),
    ("oksykodon", "oral", 20, "mg/day", 30.0),  # Norwegian name
    ("N02AA05", "oral", 20, "mg/day", 30.0),  # ATC code
    (" Oxycodone ", "Oral", 20, "MG/DAY", 30.0),
]


@pytest.mark.parametrize(("substance", "route", "dose", "unit", "expected"), OME_CASES)
def test_oral_morphine_equivalent(
    substance: str, route: str, dose: float, unit: str, expected: float
) -> None:
    assert oral_morphine_equivalent(substance, route, dose, unit) == pytest.approx(expected)


def test_total_sums_all_opioids() -> None:
    doses = [
        OpioidDose("fentanyl", "transdermal", 25, "µg/h"),
        OpioidDose("oxycodone", "oral", 10, "mg/day"),
    ]
    assert total_oral_morphine_equivalent(doses) == pytest.approx(75.0)
    assert total_oral_morphine_equivalent([]) == 0


@pytest.mark.parametrize(
    ("substance", "route", "dose", "unit", "message"),
    [
        ("methadone", "oral", 30, "mg/day", "methadone.*dose"),
        ("metadon", "oral", 30, "mg/day", "methadone"),
        ("paracetamol", "oral", 4000, "mg/day", "no oral morphine equivalent conversion"),
        ("oxycodone", "transdermal", 10, "µg/h", "known routes: oral"),
        ("fentanyl", "transdermal", 0.6, "mg/day", "dosed in microgram/h"),
        ("morphine", "oral", 30, "tablets", "dosed in mg/day"),
        ("morphine", "oral", -5, "mg/day", "negative"),
    ],
)
def test_conversion_refuses_what_it_cannot_convert(
    substance: str, route: str, dose: float, unit: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        oral_morphine_equivalent(substance, route, dose, unit)


def test_conversion_table_is_data_with_a_cited_source() -> None:
    raw = json.loads(
        resources.files("painpath.rules")
        .joinpath("data", "opioid_conversion.json")
        .read_text(encoding="utf-8")
    )
    assert raw["source"]["publisher"] == "Helsedirektoratet"
    assert raw["source"]["url"].startswith("https://www.helsedirektoratet.no/")
    for substance, spec in raw["substances"].items():
        if "refused" in spec:
            continue
        for route, conversion in spec["routes"].items():
            low, high = conversion["range"]
            assert low <= conversion["ratio"] <= high, (substance, route)


def test_methadone_is_known_but_has_no_fixed_conversion() -> None:
    from painpath.rules.medication import NoFixedConversion, conversion_entry

    with pytest.raises(NoFixedConversion) as exc:
        conversion_entry("Metadon", "oral")
    assert exc.value.substance == "methadone"


def test_substances_for_choosing_one() -> None:
    from painpath.rules.medication import opioid_substances

    substances = opioid_substances()
    assert "morphine" in substances and "oxycodone" in substances
    assert all(name[:1].isupper() for name in substances.values())
