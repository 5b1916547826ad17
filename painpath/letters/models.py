"""Letters kept exactly as sent (DOMAIN.md D5) and the per-unit letter templates.

A ``Letter`` holds the HTML and the PDF bytes that went out, each with its SHA-256, the recipient,
the channel and the time. Its content can never change (the model refuses it and, on PostgreSQL, a
trigger refuses it too); only the dispatch state moves (pending → printed/sent, or withdrawn when a
correction replaced it before it went out).
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from painpath.organisation.models import Clinic
from painpath.patients.models import Patient


class LetterImmutable(Exception):
    """Raised on any attempt to change the content of a stored letter or to delete it."""


class RecipientKind(models.TextChoices):
    REFERRER = "referrer", _("referrer")
    PATIENT = "patient", _("patient")
    GP = "gp", _("general practitioner")
    OTHER = "other", _("other recipient")


class LetterChannel(models.TextChoices):
    PRINT = "print", _("print and post")
    ELECTRONIC = "electronic", _("electronic message (HER id)")
    HELSENORGE = "helsenorge", _("digital via helsenorge")


class DispatchState(models.TextChoices):
    PENDING = "pending", _("not yet sent")
    PRINTED = "printed", _("printed and posted")
    SENT = "sent", _("sent electronically")
    WITHDRAWN = "withdrawn", _("withdrawn, replaced before sending")


class ReferralStatusCode(models.IntegerChoices):
    """The structured code of the national "Status på henvisning" message (D12)."""

    SUMMONED = 1, _("1 – summoned to treatment")
    INFORMATION = 2, _("2 – information about treatment")
    FORWARDED = 3, _("3 – forwarded")
    REJECTED = 4, _("4 – rejected")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Letter(models.Model):
    """One document as sent to one recipient: HTML and PDF, never re-rendered."""

    # Only these fields may change after the letter is stored.
    DISPATCH_FIELDS = frozenset({"dispatch_state", "dispatched_at", "dispatched_by"})

    clinic = models.ForeignKey(
        Clinic, on_delete=models.PROTECT, related_name="letters", verbose_name=_("sending unit")
    )
    patient = models.ForeignKey(
        Patient, on_delete=models.PROTECT, related_name="letters", verbose_name=_("patient")
    )
    # The referral the letter concerns, when there is one: its units may see the letter.
    referral = models.ForeignKey(
        "referrals.Referral",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name=_("referral"),
    )
    kind = models.CharField(
        _("kind of document"),
        max_length=40,
        db_index=True,
        help_text=_('What the document is, e.g. "decision" or "summary_meeting".'),
    )
    title = models.CharField(_("title"), max_length=300)
    reference = models.CharField(_("our reference"), max_length=60, blank=True)
    letter_date = models.DateField(_("letter date"))
    # What the document is about (a decision, a meeting, …), generic so any app can use it.
    related_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    related_id = models.PositiveBigIntegerField(null=True, blank=True)
    related = GenericForeignKey("related_type", "related_id")
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    recipient_kind = models.CharField(_("recipient"), max_length=10, choices=RecipientKind.choices)
    recipient_name = models.CharField(_("recipient name"), max_length=200)
    recipient_address = models.TextField(_("recipient address"), blank=True)
    recipient_her_id = models.CharField(_("recipient HER id"), max_length=20, blank=True)
    channel = models.CharField(_("channel"), max_length=12, choices=LetterChannel.choices)
    status_code = models.PositiveSmallIntegerField(
        _("status on referral"), choices=ReferralStatusCode.choices, null=True, blank=True
    )
    html = models.TextField(_("HTML as sent"))
    pdf = models.BinaryField(_("PDF as sent"))
    html_sha256 = models.CharField(_("SHA-256 of the HTML"), max_length=64)
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64)
    created_at = models.DateTimeField(_("stored"), auto_now_add=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("stored by"),
    )
    dispatch_state = models.CharField(
        _("dispatch"),
        max_length=10,
        choices=DispatchState.choices,
        default=DispatchState.PENDING,
        db_index=True,
    )
    dispatched_at = models.DateTimeField(_("dispatched"), null=True, blank=True)
    dispatched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dispatched by"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        indexes = [
            models.Index(fields=["related_type", "related_id"]),
            models.Index(fields=["clinic", "dispatch_state", "channel"]),
        ]
        constraints = [
            # One decision letter per recipient: producing them twice (signal and demo, two
            # workers) can never send a second set.
            models.UniqueConstraint(
                fields=["related_type", "related_id", "recipient_kind"],
                condition=models.Q(kind="decision"),
                name="one_decision_letter_per_recipient",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} → {self.recipient_name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._state.adding:
            super().save(*args, **kwargs)
            return
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) <= self.DISPATCH_FIELDS:
            super().save(*args, **kwargs)
            return
        stored = Letter.objects.filter(pk=self.pk).values(*self._content_fields()).first()
        if stored is None:
            raise LetterImmutable("a stored letter cannot be re-created")
        for name, value in stored.items():
            mine = getattr(self, name)
            if isinstance(value, memoryview | bytearray):
                value = bytes(value)
            if isinstance(mine, memoryview | bytearray):
                mine = bytes(mine)
            if mine != value:
                raise LetterImmutable(f"the content of a letter cannot change ({name})")
        kwargs["update_fields"] = sorted(self.DISPATCH_FIELDS)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise LetterImmutable("letters are kept as sent and cannot be deleted")

    @property
    def audit_patient_id(self) -> int | None:
        return self.patient_id

    @property
    def pdf_bytes(self) -> bytes:
        return bytes(self.pdf)

    def verify(self) -> bool:
        """The stored content still matches the hashes taken when it was sent."""
        return (
            sha256_hex(self.html.encode("utf-8")) == self.html_sha256
            and sha256_hex(self.pdf_bytes) == self.pdf_sha256
        )

    @property
    def is_pending(self) -> bool:
        return self.dispatch_state == DispatchState.PENDING

    @classmethod
    def _content_fields(cls) -> list[str]:
        names = []
        for field in cls._meta.concrete_fields:
            if field.name in cls.DISPATCH_FIELDS or field.name == "id":
                continue
            names.append(field.attname)
        return names


class LetterTemplate(models.Model):
    """A unit's letter settings, edited by an administrator. Every field may stay empty: the
    letter then uses the default (unit and trust from the register, the standard wording), so
    every unit can send letters out of the box. The legally required parts (the right to
    complain, the rights on a missed deadline) are not editable: they are always printed."""

    clinic = models.OneToOneField(
        Clinic, on_delete=models.CASCADE, related_name="letter_template", verbose_name=_("unit")
    )
    letterhead = models.TextField(
        _("letterhead"),
        blank=True,
        help_text=_("Lines under the unit's name, e.g. the hospital trust and the department."),
    )
    contact = models.TextField(
        _("contact"),
        blank=True,
        help_text=_("Postal address, phone and opening hours, one per line."),
    )
    signature = models.TextField(
        _("signature"),
        blank=True,
        help_text=_(
            'Lines under the name of the person who decided, e.g. "for inntaksteamet" and the '
            "unit, one per line."
        ),
    )
    patient_channel = models.CharField(
        _("patient letters are sent"),
        max_length=12,
        choices=[
            (LetterChannel.PRINT.value, LetterChannel.PRINT.label),
            (LetterChannel.HELSENORGE.value, LetterChannel.HELSENORGE.label),
        ],
        default=LetterChannel.PRINT,
    )
    granted_text = models.TextField(
        _("text when the right is granted"),
        blank=True,
        help_text=_("Paragraphs, blank line between."),
    )
    no_right_text = models.TextField(
        _("text when there is no right"), blank=True, help_text=_("Paragraphs, blank line between.")
    )
    forwarded_text = models.TextField(
        _("text when forwarded"), blank=True, help_text=_("Paragraphs, blank line between.")
    )
    referred_on_text = models.TextField(
        _("text when referred on"), blank=True, help_text=_("Paragraphs, blank line between.")
    )
    closing_text = models.TextField(
        _("closing text"),
        blank=True,
        help_text=_("Printed at the end of every decision letter, e.g. how to reach the unit."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")

    def __str__(self) -> str:
        return str(self.clinic)
