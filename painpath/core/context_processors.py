from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from painpath.core.navigation import items_for


def painpath(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    active_unit = None
    units: list[Any] = []
    if user is not None and user.is_authenticated and hasattr(user, "active_unit"):
        active_unit = user.active_unit(request)
        if len(user.unit_ids()) > 1:
            units = list(user.staff_units())
    return {
        "active_unit": active_unit,
        "switchable_units": units,
        "demo_mode": settings.DEMO_MODE,
        "oidc_enabled": settings.OIDC_ENABLED,
        "nav_items": items_for(request),
    }
