from __future__ import annotations

from django import template

register = template.Library()


@register.filter(name="absolute")
def absolute(value: int | None) -> int:
    """|n| for counts shown as "overdue by n days"."""
    return abs(int(value or 0))
