"""Template helpers for letters."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def css_string(value: object) -> SafeString:
    """Text safe inside a double-quoted CSS string in a <style> element (page headers, footers).

    HTML escaping does not apply inside <style>, so this escapes for CSS instead and makes sure the
    text can never close the element."""
    text = str(value)
    out = []
    for ch in text:
        if ch in '\\"<>&' or ord(ch) < 0x20:
            out.append(f"\\{ord(ch):X} ")
        else:
            out.append(ch)
    return mark_safe("".join(out))  # noqa: S308  (escaped above for the CSS context)


@register.filter
def paragraphs(value: object) -> list[str]:
    """Split a text into paragraphs on blank lines (editable letter texts)."""
    blocks = [b.strip() for b in str(value or "").replace("\r\n", "\n").split("\n\n")]
    return [b for b in blocks if b]
