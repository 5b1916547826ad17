"""Demo data is loaded by each app's ``demo`` module: ``ORDER`` (int) and ``load(ctx)``.

The ``demo`` command discovers them, so an app adds its demo content without touching another's.
Every loader must be idempotent: running ``painpath demo`` twice changes nothing the second time.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import date
from types import ModuleType

from django.apps import apps

DEMO_PASSWORD = "demo-painpath"  # noqa: S105  (demo mode only; printed by `make run`)


@dataclass
class DemoContext:
    today: date
    sign_ins: list[tuple[str, str, str]] = field(default_factory=list)  # username, role, unit
    notes: list[str] = field(default_factory=list)


def loaders() -> list[ModuleType]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("painpath."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        found.append(module)
    return sorted(found, key=lambda m: getattr(m, "ORDER", 100))
