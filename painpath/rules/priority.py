"""The priority guideline rows as data (prioriteringsveileder for smertetilstander; DOMAIN.md D4).

Each row suggests, for a condition group, whether the right to necessary health care is granted
and the maximum number of weeks to the care deadline. The rows are configuration: the Django
layer stores them, versioned and editable by an administrator; `SEED_PRIORITY_RULES` holds the
rows known from the older version of the pain priority guideline, to be reviewed before use.
The condition group is kept in Norwegian: it is guideline text, shown to the intake team as is.

The intake team always makes an individual assessment that may depart from the suggestion
(002 ch. 3); see `painpath.rules.deadlines.decision_deviates` for when a departure needs a
written justification.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class PriorityRuleRow:
    """One guideline row: condition group → right granted and maximum weeks to the deadline."""

    code: str
    condition_group: str
    right_granted: bool
    max_weeks: int | None
    factors: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.code:
            raise ValueError("a priority rule needs a code")
        if self.right_granted and (self.max_weeks is None or self.max_weeks < 1):
            raise ValueError(f"{self.code}: a row that grants the right needs max_weeks >= 1")
        if not self.right_granted and self.max_weeks is not None:
            raise ValueError(f"{self.code}: a row without the right has no max_weeks")
        unknown = [f for f in self.factors if f not in STATUS_CHANGING_FACTORS]
        if unknown:
            raise ValueError(f"{self.code}: unknown factors {unknown}")


# Factors that can change a patient's status under the guideline (D4). Codes map to the
# guideline's Norwegian wording.
STATUS_CHANGING_FACTORS: MappingProxyType[str, str] = MappingProxyType(
    {
        "earlier_pain_history": "Tidligere smertehistorie",
        "age_under_23": "Alder under 23 år",
        "caring_for_children": "Omsorg for barn",
        "reduced_quality_of_life": "Redusert livskvalitet",
    }
)

_ALL_FACTORS = tuple(STATUS_CHANGING_FACTORS)

SEED_PRIORITY_RULES: tuple[PriorityRuleRow, ...] = (
    PriorityRuleRow(
        code="subacute_chronification_risk",
        condition_group=(
            "Subakutte smerter (inntil 6 måneder) med fare for kronifisering, "
            "f.eks. CRPS i progresjon"
        ),
        right_granted=True,
        max_weeks=2,
        factors=_ALL_FACTORS,
    ),
    PriorityRuleRow(
        code="chronic_complex_substance_psychiatric",
        condition_group=(
            "Kroniske komplekse smertetilstander med rusmisbruk og/eller psykiatrisk sykdom"
        ),
        right_granted=True,
        max_weeks=16,
        factors=_ALL_FACTORS,
    ),
    PriorityRuleRow(
        code="chronic_complex_known_cause",
        condition_group=(
            "Kroniske komplekse smertetilstander med kjent utløsende årsak, "
            "f.eks. postherpetisk nevralgi"
        ),
        right_granted=True,
        max_weeks=16,
        factors=_ALL_FACTORS,
    ),
    PriorityRuleRow(
        code="long_lasting_manageable_elsewhere",
        condition_group=(
            "Langvarige smertetilstander som kan eller bør håndteres andre steder i helsetjenesten"
        ),
        right_granted=False,
        max_weeks=None,
        factors=_ALL_FACTORS,
    ),
)


def rule_by_code(
    code: str, rules: Iterable[PriorityRuleRow] = SEED_PRIORITY_RULES
) -> PriorityRuleRow:
    """The row with `code`; KeyError names the code when no row has it."""
    for row in rules:
        if row.code == code:
            return row
    raise KeyError(code)


def shortest_max_weeks(rules: Iterable[PriorityRuleRow] = SEED_PRIORITY_RULES) -> int | None:
    """The shortest deadline any row suggests (D8: young adults get a short deadline)."""
    weeks = [row.max_weeks for row in rules if row.max_weeks is not None]
    return min(weeks) if weeks else None
