"""Forms of the assessment page; the rules themselves are checked in services (shared with the
API), and their errors land on these fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from painpath.intake.labels import item_choices
from painpath.intake.models import AddressedTo, Outcome, PriorityRule
from painpath.organisation.models import Clinic, ProfessionChoices


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class RuleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: PriorityRule) -> str:
        if obj.right_granted:
            return str(
                _("%(group)s — right, at most %(weeks)s weeks")
                % {"group": obj.condition_group, "weeks": obj.max_weeks}
            )
        return str(_("%(group)s — no right") % {"group": obj.condition_group})


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Clinic) -> str:
        return f"{obj.name} ({obj.trust.region.name})"


def _rules() -> Any:
    return PriorityRule.objects.filter(active=True).order_by("max_weeks", "code")


class ViewForm(forms.Form):
    profession = forms.ChoiceField(label=_("Profession"), choices=ProfessionChoices.choices)
    proposed_outcome = forms.ChoiceField(label=_("Proposed outcome"), choices=Outcome.choices)
    priority_rule = RuleChoiceField(
        label=_("Condition group (priority guideline)"), queryset=_rules(), required=False
    )
    proposed_weeks = forms.IntegerField(
        label=_("Proposed weeks to care"), min_value=1, max_value=104, required=False
    )
    reasoning = forms.CharField(label=_("Reasoning"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "view_%s")  # the decision form on the same page uses id_
        super().__init__(*args, **kwargs)
        self.fields["priority_rule"].queryset = _rules()  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    priority_rule = RuleChoiceField(
        label=_("Condition group (priority guideline)"), queryset=_rules(), required=False
    )
    care_deadline = forms.DateField(
        label=_("Care deadline (latest start of care)"), required=False, widget=DateInput()
    )
    care_what = forms.CharField(
        label=_("What care"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    care_when = forms.CharField(label=_("When"), required=False, max_length=200)
    care_where = forms.CharField(label=_("Where"), required=False, max_length=200)
    enters_pathway = forms.BooleanField(
        label=_("The patient enters the national patient pathway"), required=False
    )
    justification = forms.CharField(
        label=_("Professional justification"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    advice = forms.CharField(
        label=_("Advice on treatment or follow-up"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    municipal_guidance_helpful = forms.BooleanField(
        label=_("Guidance to the municipal service would help"), required=False
    )
    forwarded_to = UnitChoiceField(
        label=_("Forward to unit"), queryset=Clinic.objects.none(), required=False
    )
    referred_on_to = forms.CharField(
        label=_("Referred on to (specialist service)"), required=False, max_length=200
    )
    mapping_consultation_offered = forms.BooleanField(
        label=_("Offer a mapping consultation (when in doubt)"), required=False
    )
    deviation_justification = forms.CharField(
        label=_("Justification for departing from the priority guideline"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, forward_targets: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["priority_rule"].queryset = _rules()  # type: ignore[attr-defined]
        if forward_targets is not None:
            self.fields["forwarded_to"].queryset = forward_targets  # type: ignore[attr-defined]


class CorrectionForm(DecisionForm):
    correction_reason = forms.CharField(
        label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 2})
    )


class InformationRequestForm(forms.Form):
    addressed_to = forms.ChoiceField(
        label=_("Ask"), choices=AddressedTo.choices, initial=AddressedTo.REFERRER
    )
    items = forms.MultipleChoiceField(
        label=_("Missing items"),
        choices=item_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    question = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "ask_%s")
        super().__init__(*args, **kwargs)


class CareStartForm(forms.Form):
    started_on = forms.DateField(label=_("Care started on"), widget=DateInput())
