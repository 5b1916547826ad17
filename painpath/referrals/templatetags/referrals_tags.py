"""Template helpers for referrals: item and flag wording, completeness rows, evidence marks."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from painpath.referrals import items

register = template.Library()


@register.simple_tag
def completeness_view(completeness: Mapping[str, Any] | None) -> dict[str, Any]:
    return items.completeness_view(completeness)


@register.simple_tag
def missing_items(completeness: Mapping[str, Any] | None) -> list[items.Item]:
    return items.missing_items(completeness)


@register.filter
def item_label(code: str) -> str:
    return items.item_label(code)


@register.filter
def flag_label(code: str) -> str:
    return items.flag_label(code)


@register.filter
def flag_short(code: str) -> str:
    return str(items.FLAG_SHORT_LABELS.get(code, code))


@register.filter
def channel_short(code: str) -> str:
    return str(items.CHANNEL_SHORT_LABELS.get(code, code))


@register.filter
def flag_reason(reason: str) -> str:
    return items.flag_reason_text(reason)


@register.filter
def flag_adaptation(code: str) -> str:
    return str(items.FLAG_ADAPTATIONS.get(code, ""))


def _evidence_pattern(evidence: str) -> re.Pattern[str] | None:
    words = evidence.split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(w) for w in words[:200]), re.IGNORECASE)


def highlight(text: str, evidence: list[tuple[str, str]]) -> SafeString:
    """``text`` escaped, with each evidence sentence found in it wrapped in ``<mark>``.

    Every piece of the referral is escaped before any markup is added, so text such as
    ``<script>`` stays text.
    """
    spans: list[tuple[int, int, str]] = []
    whole = " ".join(text.split())
    for code, sentence in evidence:
        if " ".join(sentence.split()) == whole:
            continue  # a web-form field is its own evidence: nothing to point at
        pattern = _evidence_pattern(sentence)
        if pattern is None:
            continue
        for match in pattern.finditer(text):
            spans.append((match.start(), match.end(), code))
    spans.sort()
    merged: list[tuple[int, int, list[str]]] = []
    for start, end, code in spans:
        if merged and start < merged[-1][1]:
            last_start, last_end, codes = merged[-1]
            if code not in codes:
                codes.append(code)
            merged[-1] = (last_start, max(last_end, end), codes)
        else:
            merged.append((start, end, [code]))
    out: list[str] = []
    position = 0
    for start, end, codes in merged:
        out.append(escape(text[position:start]))
        title = "; ".join(items.item_label(c) for c in codes)
        out.append(
            f'<mark class="evidence-mark" data-items="{escape(" ".join(codes))}" '
            f'title="{escape(title)}">{escape(text[start:end])}</mark>'
        )
        position = end
    out.append(escape(text[position:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped


@register.simple_tag
def highlight_evidence(text: str, completeness: Mapping[str, Any] | None) -> SafeString:
    return highlight(text or "", items.all_evidence(completeness))
