"""Forms of the referral channels: the referrer's web form and the clinic's paste registration."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from painpath.organisation.models import Clinic
from painpath.patients.validation import validate_identity_number
from painpath.referrals import services
from painpath.referrals.items import CHANNEL_SHORT_LABELS, ITEMS
from painpath.referrals.models import Channel, ReferrerRole


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several attachments in one field; each is checked by content (PDF, PNG, JPEG)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[services.AttachmentIn]:
        uploads = [d for d in (data if isinstance(data, list | tuple) else [data]) if d]
        if len(uploads) > services.MAX_ATTACHMENTS:
            raise ValidationError(
                _("At most %(n)s attachments per referral.") % {"n": services.MAX_ATTACHMENTS}
            )
        attachments: list[services.AttachmentIn] = []
        errors: list[str] = []
        for upload in uploads:
            if not isinstance(upload, UploadedFile):
                continue
            name = services.attachment_name(upload.name or "")
            upload.seek(0)
            head = upload.read(16)
            error = services.attachment_error(name, upload.size or 0, head)
            if error:
                errors.append(error)
                continue
            upload.seek(0)
            attachments.append(
                services.AttachmentIn(
                    name=name, content_type=upload.content_type or "", data=upload.read()
                )
            )
        if errors:
            raise ValidationError(errors)
        return attachments


def unit_choices() -> list[tuple[str, Any]]:
    """Active units grouped by health region, for a select with optgroups."""
    grouped: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for unit in Clinic.objects.filter(active=True).select_related("trust__region"):
        grouped[unit.trust.region.name].append((unit.pk, unit.name))
    return [("", "———"), *((region, units) for region, units in grouped.items())]


class PatientFieldsMixin(forms.Form):
    national_id = forms.CharField(
        label=_("Identity number"),
        max_length=14,
        help_text=_("Fødselsnummer or D-number, 11 digits."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    given_name = forms.CharField(label=_("Given name"), max_length=100)
    family_name = forms.CharField(label=_("Family name"), max_length=100)
    phone = forms.CharField(label=_("Patient's phone"), max_length=30, required=False)
    gp_name = forms.CharField(label=_("Patient's GP"), max_length=200, required=False)
    gp_hpr_number = forms.CharField(label=_("HPR number of the GP"), max_length=9, required=False)

    def clean_national_id(self) -> str:
        return validate_identity_number(self.cleaned_data.get("national_id", "")).value

    def patient_in(self) -> services.PatientIn:
        d = self.cleaned_data
        return services.PatientIn(
            national_id=d["national_id"],
            given_name=d["given_name"],
            family_name=d["family_name"],
            gp_name=d.get("gp_name", ""),
            gp_hpr_number=d.get("gp_hpr_number", ""),
            phone=d.get("phone", ""),
        )


def item_field_name(code: str) -> str:
    return f"item_{code}"


class ReferralForm(PatientFieldsMixin):
    """The referrer's form: one field per D3 item, checked live while they type."""

    unit = forms.ChoiceField(label=_("Send to"), choices=())
    referrer_role = forms.ChoiceField(
        label=_("You refer as"),
        choices=[(ReferrerRole.GP, ReferrerRole.GP.label)]
        + [
            (ReferrerRole.HOSPITAL_DOCTOR, ReferrerRole.HOSPITAL_DOCTOR.label),
            (ReferrerRole.OTHER, ReferrerRole.OTHER.label),
        ],
    )
    serious_illness_suspected = forms.BooleanField(
        label=_("Serious illness is suspected"),
        required=False,
        help_text=_("The referral is then assessed sooner (within 5 working days)."),
    )
    diagnosis_codes = forms.CharField(
        label=_("Diagnosis codes (ICD-10 or ICPC-2)"),
        max_length=200,
        required=False,
        help_text=_("If known, e.g. M79.7, L03."),
    )
    free_text = forms.CharField(
        label=_("Other information"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("PDF or image (PNG, JPEG), at most 10 MB each."),
    )
    confirm_incomplete = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = unit_choices()  # type: ignore[attr-defined]
        for item in ITEMS:
            self.fields[item_field_name(item.code)] = forms.CharField(
                label=item.label,
                required=False,
                help_text=item.hint,
                widget=forms.Textarea(attrs={"rows": 3, "class": "item-text"}),
            )

    def item_fields(self) -> list[forms.BoundField]:
        return [self[item_field_name(item.code)] for item in ITEMS]

    def item_texts(self) -> dict[str, str]:
        d = self.cleaned_data
        return {
            item.code: d.get(item_field_name(item.code), "")
            for item in ITEMS
            if d.get(item_field_name(item.code), "").strip()
        }


class RegisterForm(PatientFieldsMixin):
    """Clinic staff register a referral that came on paper or as an e-referral message."""

    unit = forms.ChoiceField(label=_("Received by"), choices=())
    channel = forms.ChoiceField(
        label=_("Came as"),
        choices=[(c.value, CHANNEL_SHORT_LABELS[c.value]) for c in services.STAFF_CHANNELS],
        initial=Channel.PAPER,
    )
    received_on = forms.DateField(
        label=_("Received on"),
        help_text=_(
            "The date the specialist health service first received the referral; it may be "
            "earlier than today."
        ),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    referrer_name = forms.CharField(label=_("Referrer's name"), max_length=200)
    referrer_role = forms.ChoiceField(
        label=_("Referrer is"), choices=ReferrerRole.choices, initial=ReferrerRole.GP
    )
    referrer_hpr_number = forms.CharField(
        label=_("Referrer's HPR number"), max_length=9, required=False
    )
    referrer_organisation = forms.CharField(
        label=_("Practice or hospital"), max_length=200, required=False
    )
    referrer_her_id = forms.CharField(label=_("HER id"), max_length=20, required=False)
    serious_illness_suspected = forms.BooleanField(
        label=_("Serious illness is suspected"), required=False
    )
    diagnosis_codes = forms.CharField(
        label=_("Diagnosis codes (ICD-10 or ICPC-2)"), max_length=200, required=False
    )
    free_text = forms.CharField(
        label=_("Referral text"),
        help_text=_("Paste the whole referral text; the completeness check runs on it."),
        widget=forms.Textarea(attrs={"rows": 18}),
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("E.g. the scanned paper referral: PDF or image, at most 10 MB each."),
    )

    def __init__(self, *args: Any, units: list[Clinic], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]  # type: ignore[attr-defined]
        self.fields["received_on"].initial = timezone.localdate()

    def clean_received_on(self) -> Any:
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise ValidationError(_("The date received cannot be in the future."))
        return value

    def referrer_in(self) -> services.ReferrerIn:
        d = self.cleaned_data
        return services.ReferrerIn(
            name=d["referrer_name"],
            role=d["referrer_role"],
            hpr_number=d.get("referrer_hpr_number", ""),
            organisation=d.get("referrer_organisation", ""),
            her_id=d.get("referrer_her_id", ""),
        )


def apply_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ``ValidationError`` on the form, each message next to its field."""
    aliases = {
        "unit": "unit",
        "name": "referrer_name",
        "hpr_number": "referrer_hpr_number",
        "organisation": "referrer_organisation",
        "her_id": "referrer_her_id",
        "role": "referrer_role",
    }
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            form.add_error(None, message)
        return
    for field, messages in exc.message_dict.items():
        target = field if field in form.fields else aliases.get(field)
        if target not in form.fields:
            target = item_field_name(field) if item_field_name(field) in form.fields else None
        for message in messages:
            form.add_error(target, message)
