"""The patient page's section listing the patient's referrals (patients/sections.py)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from painpath.accounts.models import User
from painpath.patients.models import Patient
from painpath.referrals.services import visible_referrals


def patient_referrals(request: HttpRequest, patient: Patient) -> dict[str, Any]:
    user = request.user
    if not isinstance(user, User):
        return {"referrals": []}
    referrals = (
        visible_referrals(user)
        .filter(patient=patient)
        .select_related("clinic", "referrer")
        .order_by("-received_on", "-pk")
    )
    return {"referrals": list(referrals)}
