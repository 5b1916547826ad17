"""One mechanism writes the audit log (issue 2).

Writes of patient data are recorded by signal for every model that says which patient it belongs
to (an ``audit_patient_id`` property); reads are recorded by ``record_read``, which the access helpers call, so no
view has to remember it.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from painpath.audit.context import current_actor
from painpath.audit.models import AuditAction, AuditEvent


def holds_patient_data(obj: object) -> bool:
    """Whether a model holds data about one patient: its class defines ``audit_patient_id``.

    Asked of the class, so that checking never evaluates the property (which may follow a
    foreign key) for the thousands of saves that are not patient data.
    """
    return hasattr(type(obj), "audit_patient_id")


def record(
    action: AuditAction | str,
    obj: models.Model | None = None,
    *,
    patient_id: int | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    actor = current_actor()
    if patient_id is None and obj is not None and holds_patient_data(obj):
        patient_id = getattr(obj, "audit_patient_id", None)
    return AuditEvent.objects.create(
        user_id=actor.user_id,
        username=actor.username,
        role=actor.role,
        unit_id=actor.unit_id,
        unit_name=actor.unit_name,
        patient_id=patient_id,
        object_type=object_type or (obj._meta.label if obj is not None else ""),
        object_id=object_id if object_id is not None else str(getattr(obj, "pk", "") or ""),
        action=AuditAction(action),
        request_id=actor.request_id,
        path=actor.path,
        detail=detail or {},
    )


def record_read(obj: models.Model, **detail: Any) -> AuditEvent:
    return record(AuditAction.READ, obj, detail=detail or None)


def record_list_read(model: type[models.Model], patient_ids: list[int], **detail: Any) -> None:
    """A list view shows several patients: one record per patient shown."""
    actor = current_actor()
    AuditEvent.objects.bulk_create(
        AuditEvent(
            user_id=actor.user_id,
            username=actor.username,
            role=actor.role,
            unit_id=actor.unit_id,
            unit_name=actor.unit_name,
            patient_id=pid,
            object_type=model._meta.label,
            object_id="",
            action=AuditAction.READ,
            request_id=actor.request_id,
            path=actor.path,
            detail={"list": True, **detail},
        )
        for pid in patient_ids
    )
