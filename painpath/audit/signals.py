from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from painpath.audit.models import AuditAction
from painpath.audit.services import holds_patient_data, record


@receiver(post_save)
def audit_patient_data_write(
    sender: type[models.Model], instance: models.Model, created: bool, raw: bool = False, **_: Any
) -> None:
    if raw or not holds_patient_data(instance):
        return
    record(AuditAction.CREATE if created else AuditAction.UPDATE, instance)


@receiver(post_delete)
def audit_patient_data_delete(sender: type[models.Model], instance: models.Model, **_: Any) -> None:
    if holds_patient_data(instance):
        record(AuditAction.DELETE, instance)
