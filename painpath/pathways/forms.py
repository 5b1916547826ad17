"""Forms of the pathway screens. Validation of the domain rules lives in services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from painpath.organisation.models import Clinic, PartnerKind, StaffMember
from painpath.pathways import services
from painpath.pathways.models import (
    DOSE_UNITS,
    ROUTES,
    AssessmentRecord,
    ConsultationKind,
    Delivery,
    EventMeaning,
    MeasureKind,
    MeasureStatus,
    Mode,
    PathwayEventCode,
    Setting,
    TreatmentMeasure,
)
from painpath.rules.medication import opioid_substances


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: StaffMember) -> str:
        return f"{obj.name} ({obj.get_profession_display()})"


class StaffMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: StaffMember) -> str:
        return f"{obj.name} ({obj.get_profession_display()})"


class StartPathwayForm(forms.Form):
    starts_on = forms.DateField(label=_("Pathway start"), widget=DateInput())
    pain_since = forms.DateField(
        label=_("Pain since"),
        widget=DateInput(),
        help_text=_("When the pain began, as far as known (the pain must have lasted > 6 months)."),
    )
    complex_pain = forms.BooleanField(
        label=_("The pain is long-lasting and complex (the team's judgement)"), required=False
    )
    coordinator = StaffChoiceField(
        label=_("Pathway coordinator"), queryset=StaffMember.objects.none(), required=False
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, unit: Clinic, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = services.unit_staff(unit)  # type: ignore[attr-defined]


class EventForm(forms.Form):
    code = forms.ModelChoiceField(label=_("Event"), queryset=PathwayEventCode.objects.none())
    occurred_on = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].queryset = PathwayEventCode.objects.filter(  # type: ignore[attr-defined]
            active=True
        ).exclude(meaning=EventMeaning.START)


class CorrectionForm(forms.Form):
    retract = forms.BooleanField(
        label=_("Retract the event (it was registered by mistake)"), required=False
    )
    occurred_on = forms.DateField(label=_("Correct date"), widget=DateInput(), required=False)
    reason = forms.CharField(
        label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("retract") and not data.get("occurred_on"):
            self.add_error("occurred_on", _("Give the correct date, or retract the event."))
        return data


class ConsultationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ConsultationKind.choices)
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    delivery = forms.ChoiceField(label=_("Individual or group"), choices=Delivery.choices)
    mode = forms.ChoiceField(label=_("Form"), choices=Mode.choices)
    clinicians = StaffMultipleChoiceField(
        label=_("Clinicians present"),
        queryset=StaffMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Several professions at the same consultation count as simultaneous presence."),
    )
    interpreter_used = forms.BooleanField(label=_("Interpreter used"), required=False)
    starts_assessment = forms.BooleanField(
        label=_("This consultation starts the interdisciplinary assessment (registers the event)"),
        required=False,
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, unit: Clinic, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["clinicians"].queryset = services.unit_staff(unit)  # type: ignore[attr-defined]


class AssessmentForm(forms.ModelForm):
    trauma_treatment_considered = forms.NullBooleanField(
        label=_("Is referral to trauma treatment considered?"),
        required=False,
        widget=forms.Select(
            choices=[("unknown", _("not answered")), ("true", _("yes")), ("false", _("no"))]
        ),
    )

    class Meta:
        model = AssessmentRecord
        fields = list(services.ASSESSMENT_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in services.ASSESSMENT_FIELDS}

    def __init__(self, *args: Any, trauma: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not trauma:
            del self.fields["trauma_treatment_considered"]
            del self.fields["trauma_treatment_note"]


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    mode = forms.ChoiceField(label=_("Form"), choices=Mode.choices, initial=Mode.DIGITAL)
    patient_present = forms.BooleanField(
        label=_("The patient took part"), required=False, initial=True
    )
    next_of_kin = forms.CharField(label=_("Next of kin"), required=False)
    gp = forms.CharField(label=_("General practitioner"), required=False)
    physiotherapist = forms.CharField(label=_("Treating physiotherapist"), required=False)
    nav = forms.CharField(label=_("NAV"), required=False, help_text=_("Name and office"))
    dps = forms.CharField(label=_("DPS"), required=False)
    tsb = forms.CharField(label=_("TSB"), required=False)
    other = forms.CharField(label=_("Others"), required=False, help_text=_("Name and role"))
    team = StaffMultipleChoiceField(
        label=_("From the clinic's team"),
        queryset=StaffMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    patient_own_words = forms.CharField(
        label=_("The patient's own words"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("The patient speaks first: the patient's view of the situation and wishes."),
    )
    discussion = forms.CharField(
        label=_("What was discussed and agreed"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    followup_on = forms.DateField(
        label=_("Follow-up collaboration meeting booked for"), widget=DateInput(), required=False
    )
    followup_late_reason = forms.CharField(
        label=_("Why later than 6 months"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    PARTICIPANT_FIELDS = ("next_of_kin", "gp", "physiotherapist", "nav", "dps", "tsb", "other")

    def __init__(self, *args: Any, unit: Clinic, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = services.unit_staff(unit)  # type: ignore[attr-defined]

    def participants(self) -> list[services.ParticipantIn]:
        data = self.cleaned_data
        result = []
        if data.get("patient_present"):
            result.append(services.ParticipantIn("patient"))
        for role in self.PARTICIPANT_FIELDS:
            if (data.get(role) or "").strip():
                result.append(services.ParticipantIn(role, name=data[role].strip()))
        for staff in data.get("team") or []:
            result.append(services.ParticipantIn("team", name=staff.name, staff=staff))
        return result


PLAN_KINDS = [(k, label) for k, label in MeasureKind.choices if k != MeasureKind.MEDICINE]


class PlanRowForm(forms.Form):
    """One measure agreed at a meeting: who does what, where."""

    kind = forms.ChoiceField(label=_("Measure"), choices=[("", "–"), *PLAN_KINDS], required=False)
    description = forms.CharField(label=_("What"), required=False)
    responsible = forms.CharField(label=_("Who"), required=False)
    setting = forms.ChoiceField(label=_("Where"), choices=Setting.choices)
    delivery = forms.ChoiceField(label=_("Individual or group"), choices=Delivery.choices)
    partner_kind = forms.ChoiceField(
        label=_("Collaboration partner"), choices=[("", "–"), *PartnerKind.choices], required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("kind") and any(
            (data.get(name) or "").strip() for name in ("description", "responsible")
        ):
            self.add_error("kind", _("Choose the measure for this row."))
        return data


PlanFormSet = forms.formset_factory(PlanRowForm, extra=4)


def opioid_substance_choices() -> list[tuple[str, str]]:
    names = opioid_substances().items()
    return [("", "–"), *sorted(names, key=lambda n: n[1])]


ROUTE_CHOICES = [("", "–"), *ROUTES.items()]
DOSE_UNIT_CHOICES = [("", "–"), *DOSE_UNITS.items()]


class MeasureForm(forms.ModelForm):
    opioid_substance = forms.ChoiceField(label=_("Opioid substance"), required=False, choices=[])
    route = forms.ChoiceField(label=_("Route"), required=False, choices=ROUTE_CHOICES)
    dose_unit = forms.ChoiceField(label=_("Dose unit"), required=False, choices=DOSE_UNIT_CHOICES)

    class Meta:
        model = TreatmentMeasure
        fields = list(services.MEASURE_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "alternatives_note": forms.Textarea(attrs={"rows": 2}),
            "started_on": DateInput(),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opioid_substance"].choices = opioid_substance_choices()  # type: ignore[attr-defined]
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (MeasureStatus.PLANNED, MeasureStatus.PLANNED.label),
            (MeasureStatus.ONGOING, MeasureStatus.ONGOING.label),
        ]


class MeasureStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=MeasureStatus.choices)
    setting = forms.ChoiceField(label=_("Where"), choices=Setting.choices)


class TeamMemberForm(forms.Form):
    staff = StaffChoiceField(label=_("Clinician"), queryset=StaffMember.objects.none())
    responsibility = forms.CharField(label=_("Responsibility"), required=False)

    def __init__(self, *args: Any, unit: Clinic, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = services.unit_staff(unit)  # type: ignore[attr-defined]


class HoldForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False)
