"""Admin: the priority guideline rows are versioned data (D4). Editing a row saves a new version
and takes the old one out of use; a version that decisions used is never changed in place."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils.translation import gettext as _

from painpath.intake.models import PriorityRule


@admin.register(PriorityRule)
class PriorityRuleAdmin(admin.ModelAdmin):
    list_display = ["condition_group", "code", "version", "right_granted", "max_weeks", "active"]
    list_filter = ["active", "right_granted"]
    search_fields = ["code", "condition_group"]
    readonly_fields = ["version", "active", "created_at"]
    fields = [
        "code",
        "condition_group",
        "right_granted",
        "max_weeks",
        "factors",
        "version",
        "active",
        "created_at",
    ]
    ordering = ["code", "-version"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # The code names the row across its versions: fixed once created.
        return [*self.readonly_fields, "code"] if obj is not None else self.readonly_fields

    def save_model(self, request: HttpRequest, obj: PriorityRule, form: Any, change: bool) -> None:
        if not change:
            latest = PriorityRule.objects.filter(code=obj.code).aggregate(v=Max("version"))["v"]
            with transaction.atomic():
                if latest is not None:
                    PriorityRule.objects.filter(code=obj.code, active=True).update(active=False)
                    obj.version = latest + 1
                obj.active = True
                obj.save()
            return
        if not form.has_changed():
            return
        with transaction.atomic():
            old = PriorityRule.objects.select_for_update().get(pk=obj.pk)
            latest = PriorityRule.objects.filter(code=old.code).aggregate(v=Max("version"))["v"]
            PriorityRule.objects.filter(code=old.code, active=True).update(active=False)
            obj.pk = None
            obj.id = None
            obj._state.adding = True
            obj.code = old.code
            obj.version = (latest or old.version) + 1
            obj.active = True
            obj.save()
        messages.info(
            request,
            _("Saved as version %(version)s; version %(old)s is no longer in use.")
            % {"version": obj.version, "old": old.version},
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Decisions point at the version they used; old versions stay as history.
        if obj is not None and obj.decisions.exists():
            return False
        return super().has_delete_permission(request, obj)
