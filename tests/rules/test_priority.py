"""The priority guideline rows as seed data (DOMAIN.md D4)."""

from __future__ import annotations

import dataclasses

import pytest

from painpath.rules.priority import (
    SEED_PRIORITY_RULES,
    STATUS_CHANGING_FACTORS,
    PriorityRuleRow,
    rule_by_code,
    shortest_max_weeks,
)

EXPECTED_ROWS = [
    # code, right granted, max weeks, words the guideline text must contain
    ("subacute_chronification_risk", True, 2, ("Subakutte", "CRPS")),
    ("chronic_complex_substance_psychiatric", True, 16, ("rusmisbruk", "psykiatrisk")),
    ("chronic_complex_known_cause", True, 16, ("kjent utløsende årsak", "postherpetisk")),
    ("long_lasting_manageable_elsewhere", False, None, ("håndteres andre steder",)),
]


@pytest.mark.parametrize(("code", "right", "weeks", "words"), EXPECTED_ROWS)
def test_seed_rows_follow_the_guideline(
    code: str, right: bool, weeks: int | None, words: tuple[str, ...]
) -> None:
    row = rule_by_code(code)
    assert (row.right_granted, row.max_weeks) == (right, weeks)
    for word in words:
        assert word in row.condition_group


def test_there_are_exactly_the_four_known_rows_with_unique_codes() -> None:
    codes = [row.code for row in SEED_PRIORITY_RULES]
    assert codes == [code for code, *_ in EXPECTED_ROWS]
    assert len(set(codes)) == len(codes)


def test_status_changing_factors() -> None:
    assert set(STATUS_CHANGING_FACTORS) == {
        "earlier_pain_history",
        "age_under_23",
        "caring_for_children",
        "reduced_quality_of_life",
    }
    for row in SEED_PRIORITY_RULES:
        assert set(row.factors) == set(STATUS_CHANGING_FACTORS)


def test_rows_are_immutable() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        SEED_PRIORITY_RULES[0].max_weeks = 4  # type: ignore[misc]


@pytest.mark.parametrize(
    ("right", "weeks", "factors", "message"),
    [
        (True, None, (), "needs max_weeks"),
        (True, 0, (), "needs max_weeks"),
        (False, 16, (), "no max_weeks"),
        (True, 16, ("lives_alone",), "unknown factors"),
    ],
)
def test_inconsistent_rows_are_refused(
    right: bool, weeks: int | None, factors: tuple[str, ...], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        PriorityRuleRow("x", "Testgruppe", right, weeks, factors)


def test_unknown_code_raises_key_error() -> None:
    with pytest.raises(KeyError, match="no_such_row"):
        rule_by_code("no_such_row")


def test_shortest_deadline_is_two_weeks() -> None:
    assert shortest_max_weeks() == 2
    assert shortest_max_weeks([rule_by_code("long_lasting_manageable_elsewhere")]) is None
