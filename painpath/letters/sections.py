"""The patient page's section listing the letters sent about the patient (patients/sections.py)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from painpath.accounts.models import User
from painpath.letters.services import visible_letters
from painpath.patients.models import Patient


def patient_letters(request: HttpRequest, patient: Patient) -> dict[str, Any]:
    user = request.user
    if not isinstance(user, User):
        return {"letters": []}
    letters = (
        visible_letters(user)
        .filter(patient=patient)
        .defer("html", "pdf")
        .order_by("-letter_date", "-id")[:50]
    )
    return {"letters": list(letters)}
