from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from painpath.pathways.models import Pathway, PathwayEvent, PathwayEventCode


@admin.register(PathwayEventCode)
class PathwayEventCodeAdmin(admin.ModelAdmin):
    """Event codes are configuration (D6): an administrator edits the values."""

    list_display = ["code", "label", "meaning", "outcome", "active", "sort_order"]
    list_editable = ["label", "active", "sort_order"]
    list_filter = ["meaning", "active"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Registered events keep their code: retire a code by marking it not in use.
        return False


class PathwayEventInline(admin.TabularInline):
    model = PathwayEvent
    fk_name = "pathway"
    extra = 0
    can_delete = False
    fields = ("code", "occurred_on", "corrects", "reason", "recorded_by", "recorded_at")
    readonly_fields = ("code", "occurred_on", "corrects", "reason", "recorded_by", "recorded_at")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Pathway)
class PathwayAdmin(admin.ModelAdmin):
    """Read-only: pathways are run in the clinical screens, where every change is an event."""

    list_display = ["patient", "clinic", "phase", "started_on", "running_target_on", "closed_on"]
    list_filter = ["phase", "clinic"]
    search_fields = ["patient__family_name", "patient__national_id"]
    inlines = [PathwayEventInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
