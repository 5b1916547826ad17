"""Words the intake pages show for codes that live in painpath.rules (D3 items, D8 flags)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from painpath.rules.completeness import ITEM_CODES

ITEM_LABELS: Mapping[str, str | Promise] = {
    "patient_view": _("patient's own view and wish for help"),
    "pain_description": _("pain: character, location and duration"),
    "physical_function": _("physical function"),
    "comorbidity": _("comorbidity and sleep"),
    "psychosocial": _("psychosocial situation"),
    "medication": _("medicines, now and earlier"),
    "dependence": _("substance or medicine dependence"),
    "alcohol_drugs": _("alcohol and drug use"),
    "examinations": _("examination results"),
    "previous_assessments": _("earlier assessments"),
    "previous_treatments": _("earlier treatments and their effect"),
    "expectations": _("expectations"),
    "motivation": _("motivation for interdisciplinary assessment"),
    "trauma": _("traumatic experiences"),
}

FLAG_LABELS: Mapping[str, str | Promise] = {
    "out_of_scope": _("under 18"),
    "young_adult": _("young adult"),
    "older": _("older patient"),
    "interpreter": _("interpreter"),
    "dropout_risk": _("out of work or school"),
    "trauma": _("trauma"),
    "mental_health": _("mental health"),
    "dependence": _("dependence"),
}

ITEM_COUNT = len(ITEM_CODES)


def item_choices() -> list[tuple[str, str | Promise]]:
    return [(code, ITEM_LABELS.get(code, code)) for code in ITEM_CODES]


def missing_codes(completeness: Mapping[str, Any] | None) -> list[str]:
    """The D3 item codes a stored completeness result names as missing, in D3 order."""
    if not completeness:
        return []
    missing = completeness.get("missing")
    if missing is None:
        items = completeness.get("items") or {}
        missing = [code for code, item in items.items() if not item.get("present")]
    wanted = set(missing)
    return [code for code in ITEM_CODES if code in wanted]
