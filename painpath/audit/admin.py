"""Administrators search the audit log by patient and by user; nobody edits it (issue 2)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from painpath.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = [
        "at",
        "username",
        "role",
        "unit_name",
        "action",
        "object_type",
        "object_id",
        "patient_id",
        "request_id",
    ]
    list_filter = ["action", "role", "object_type"]
    search_fields = ["username", "request_id"]
    search_help_text = _(
        "Search by username or request id, 'patient:<id>' or an identity number for a patient, "
        "'user:<id>' for a user id."
    )
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[AuditEvent], search_term: str
    ) -> tuple[QuerySet[AuditEvent], bool]:
        from painpath.patients.models import Patient

        term = search_term.strip()
        if term.startswith("patient:") and term[8:].isdigit():
            return queryset.filter(patient_id=int(term[8:])), False
        if term.startswith("user:") and term[5:].isdigit():
            return queryset.filter(user_id=int(term[5:])), False
        if len(term) == 11 and term.isdigit():
            ids = list(Patient.objects.filter(national_id=term).values_list("pk", flat=True))
            return queryset.filter(patient_id__in=ids), False
        return super().get_search_results(request, queryset, search_term)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
