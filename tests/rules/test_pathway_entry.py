"""Entry criteria for the pain patient pathway (DOMAIN.md D6)."""

from __future__ import annotations

from datetime import date

import pytest

from painpath.rules.identity import age_on
from painpath.rules.pathway_entry import EntryCriterion, failing_entry_criteria

D = date.fromisoformat
C = EntryCriterion


def failing(
    birth: str | None = "1980-05-01",
    start: str = "2025-03-03",
    pain_since: str | None = "2024-01-15",
    complex_pain: bool | None = True,
    right: bool | None = True,
) -> list[EntryCriterion]:
    return failing_entry_criteria(
        birth_date=D(birth) if birth else None,
        starts_on=D(start),
        pain_since=D(pain_since) if pain_since else None,
        complex_pain=complex_pain,
        right_granted=right,
    )


def test_an_adult_with_complex_pain_for_over_6_months_and_a_right_may_enter() -> None:
    assert failing() == []


CASES = [
    ("18 today", {"birth": "2007-03-03"}, []),
    ("18 tomorrow", {"birth": "2007-03-04"}, [C.ADULT]),
    ("birth date unknown", {"birth": None}, [C.ADULT]),
    (
        "born 29 Feb: still 17 on 28 Feb",
        {"birth": "2004-02-29", "start": "2022-02-28", "pain_since": "2021-01-04"},
        [C.ADULT],
    ),
    (
        "born 29 Feb: 18 on 1 Mar",
        {"birth": "2004-02-29", "start": "2022-03-01", "pain_since": "2021-01-04"},
        [],
    ),
    ("pain exactly 6 months is not more", {"pain_since": "2024-09-03"}, [C.PAIN_OVER_6_MONTHS]),
    ("pain 6 months and a day", {"pain_since": "2024-09-02"}, []),
    (
        "month end: 31 Aug + 6 months is 28 Feb",
        {"pain_since": "2024-08-31", "start": "2025-02-28"},
        [C.PAIN_OVER_6_MONTHS],
    ),
    ("month end, a day later", {"pain_since": "2024-08-31", "start": "2025-03-01"}, []),
    ("pain onset unknown", {"pain_since": None}, [C.PAIN_OVER_6_MONTHS]),
    ("not complex", {"complex_pain": False}, [C.COMPLEX]),
    ("complexity not yet assessed", {"complex_pain": None}, [C.COMPLEX]),
    ("no right granted", {"right": False}, [C.RIGHT_GRANTED]),
    (
        "everything unknown fails everything, in guideline order",
        {"birth": None, "pain_since": None, "complex_pain": None, "right": None},
        [C.ADULT, C.PAIN_OVER_6_MONTHS, C.COMPLEX, C.RIGHT_GRANTED],
    ),
]


@pytest.mark.parametrize(("why", "overrides", "expected"), CASES, ids=[c[0] for c in CASES])
def test_failing_criteria(why: str, overrides: dict[str, object], expected: list[C]) -> None:
    assert failing(**overrides) == expected, why  # type: ignore[arg-type]


def test_codes_are_plain_strings() -> None:
    assert [str(c) for c in failing(right=False, complex_pain=False)] == [
        "complex",
        "right_granted",
    ]


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        ("1980-05-01", "2025-04-30", 44),
        ("1980-05-01", "2025-05-01", 45),
        ("2004-02-29", "2024-02-29", 20),
    ],
)
def test_age_on(birth: str, on: str, age: int) -> None:
    assert age_on(D(birth), D(on)) == age


@pytest.mark.parametrize(
    ("pain_since", "start", "failing_criteria"),
    [
        # Six months from 31 August end on the last day of February (leap year or not).
        ("2024-08-31", "2025-02-28", [C.PAIN_OVER_6_MONTHS]),
        ("2024-08-31", "2025-03-01", []),
        ("2023-08-31", "2024-02-29", [C.PAIN_OVER_6_MONTHS]),
        ("2023-08-31", "2024-03-01", []),
    ],
)
def test_six_months_at_the_end_of_a_month(
    pain_since: str, start: str, failing_criteria: list[EntryCriterion]
) -> None:
    assert failing(pain_since=pain_since, start=start) == failing_criteria
