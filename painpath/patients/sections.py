"""Sections of the patient page contributed by other apps (referrals, pathways, …).

An app registers a template and a context function in its AppConfig.ready(); the patient page
renders them in order, so no app edits another's template. The context function receives the
request and a patient the user may already see (access checked, read audited by the page).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from painpath.patients.models import Patient


@dataclass(frozen=True)
class PatientSection:
    template: str
    context: Callable[[HttpRequest, Patient], dict[str, Any]]
    order: int = 100


_SECTIONS: dict[str, PatientSection] = {}


def register_section(section: PatientSection) -> None:
    _SECTIONS[section.template] = section


def render_context(request: HttpRequest, patient: Patient) -> list[dict[str, Any]]:
    return [
        {"template": s.template, **s.context(request, patient)}
        for s in sorted(_SECTIONS.values(), key=lambda s: s.order)
    ]
