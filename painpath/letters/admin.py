"""Administrators edit each unit's letter template; stored letters are read-only (D5)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from painpath.letters.models import Letter, LetterTemplate
from painpath.letters.texts import DEFAULT_TEXTS, default_text


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    list_display = ["clinic", "patient_channel", "updated_at"]
    search_fields = ["clinic__name"]
    fieldsets = [
        (None, {"fields": ["clinic", "patient_channel"]}),
        (_("Letterhead and signature"), {"fields": ["letterhead", "contact", "signature"]}),
        (
            _("Editable paragraphs (empty: the standard wording is used)"),
            {
                "fields": [
                    "granted_text",
                    "no_right_text",
                    "forwarded_text",
                    "referred_on_text",
                    "closing_text",
                ],
                "description": _(
                    "The right to complain and the rights if the deadline is not met are always "
                    "printed in letters to patients and cannot be edited away."
                ),
            },
        ),
    ]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)
        for field in DEFAULT_TEXTS:
            initial.setdefault(field, default_text(field))
        return initial


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    """Letters are kept exactly as sent: the admin can look, never change or delete."""

    list_display = [
        "letter_date",
        "title",
        "recipient_kind",
        "recipient_name",
        "channel",
        "dispatch_state",
        "clinic",
    ]
    list_filter = ["kind", "channel", "dispatch_state", "clinic"]
    exclude = ["html", "pdf"]
    readonly_fields = [
        "clinic",
        "patient",
        "referral",
        "kind",
        "title",
        "reference",
        "letter_date",
        "related_type",
        "related_id",
        "replaces",
        "recipient_kind",
        "recipient_name",
        "recipient_address",
        "recipient_her_id",
        "channel",
        "status_code",
        "html_sha256",
        "pdf_sha256",
        "created_at",
        "created_by",
        "dispatch_state",
        "dispatched_at",
        "dispatched_by",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
