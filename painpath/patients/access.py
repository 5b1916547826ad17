"""The access rule for patient data (issue 2).

A user sees a patient only when the patient is linked to one of the user's units: registered by
it, or (once they exist) through a referral to it or a pathway run by it. Anything else answers as
if it did not exist (404), in the UI and in the API alike. Reading through these helpers writes
the audit record, so no view can forget it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from painpath.accounts.models import User
from painpath.audit.models import AuditAction
from painpath.audit.services import record
from painpath.patients.models import Patient

M = TypeVar("M", bound=Model)

# Relations from Patient to a unit that link the patient to that unit's staff. Other apps add
# theirs with ``register_patient_link`` (referrals, pathways) so the rule stays in one place.
_PATIENT_UNIT_LINKS: list[str] = ["registered_by"]


def register_patient_link(path: str) -> None:
    if path not in _PATIENT_UNIT_LINKS:
        _PATIENT_UNIT_LINKS.append(path)


def patient_links() -> Iterable[str]:
    return tuple(_PATIENT_UNIT_LINKS)


def visible_patients(user: User) -> QuerySet[Patient]:
    unit_ids = user.unit_ids() if user.is_authenticated else []
    if not unit_ids:
        return Patient.objects.none()
    condition = Q()
    for path in _PATIENT_UNIT_LINKS:
        condition |= Q(**{f"{path}__in": unit_ids})
    return Patient.objects.filter(pk__in=Patient.objects.filter(condition).values("pk"))


def get_visible_or_404(
    queryset: QuerySet[M],
    *,
    audit_action: AuditAction = AuditAction.READ,
    audit_detail: dict[str, Any] | None = None,
    **lookup: object,
) -> M:
    """Fetch one object of an already access-filtered queryset and write its one audit record
    (a read, or e.g. an export), or answer 404 and record nothing."""
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404
    record(audit_action, obj, detail=audit_detail)
    return obj


def get_patient_or_404(user: User, pk: int) -> Patient:
    return get_visible_or_404(visible_patients(user), pk=pk)
