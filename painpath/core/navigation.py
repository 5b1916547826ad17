"""The main menu. Each app registers its entries in its AppConfig.ready(), so no app edits another's
template to appear in the menu."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: frozenset[str]  # empty: every signed-in user
    order: int = 100


_ITEMS: list[NavItem] = []


def register(item: NavItem) -> None:
    if item not in _ITEMS:
        _ITEMS.append(item)


def items_for(request: HttpRequest) -> list[dict[str, str | bool | Promise]]:
    user = request.user
    if not user.is_authenticated:
        return []
    role = getattr(user, "role", "")
    entries = []
    for item in sorted(_ITEMS, key=lambda i: i.order):
        if item.roles and role not in item.roles and not user.is_superuser:
            continue
        url = reverse(item.url_name)
        entries.append({"label": item.label, "url": url, "active": request.path.startswith(url)})
    return entries
