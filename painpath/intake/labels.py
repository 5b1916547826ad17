"""Words the intake pages show for codes that live in painpath.rules (D3 items, D8 flags)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django.utils.functional import Promise

from painpath.referrals.items import FLAG_SHORT_LABELS, ITEMS_BY_CODE
from painpath.rules.completeness import ITEM_CODES


class _LowerFirst(Mapping[str, str]):
    """Item labels as they read inside a sentence ("Mangler: fysisk funksjon, …"), from the one
    place that words the D3 items (referrals/items.py), translated at the time of use."""

    def __getitem__(self, code: str) -> str:
        label = str(ITEMS_BY_CODE[code].label)
        return label[:1].lower() + label[1:]

    def __iter__(self) -> Iterator[str]:
        return iter(ITEMS_BY_CODE)

    def __len__(self) -> int:
        return len(ITEMS_BY_CODE)


ITEM_LABELS: Mapping[str, str] = _LowerFirst()

# Short flag labels for lists and filters (D8), shared with the referral pages.
FLAG_LABELS: Mapping[str, str | Promise] = FLAG_SHORT_LABELS

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
