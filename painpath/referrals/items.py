"""What users read about the fourteen referral items (D3) and the special-group flags (D8).

The rules (``rules.completeness``, ``rules.special_groups``) speak in codes; the words a GP or an
intake team reads live here, translated (English msgids, Norwegian bokmål catalog).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Item:
    code: str
    label: StrOrPromise
    hint: StrOrPromise


# In the order of the guideline (D3, items 1-14).
ITEMS: tuple[Item, ...] = (
    Item(
        "patient_view",
        _("The patient's own view and wish for help"),
        _(
            "How does the patient describe the situation, and what do they want help with? "
            "For example: “Wants to manage to stay at work.”"
        ),
    ),
    Item(
        "pain_description",
        _("Pain: character, location and duration"),
        _(
            "Where the pain is, what it feels like (burning, aching, stabbing) and how long it "
            "has lasted."
        ),
    ),
    Item(
        "physical_function",
        _("Physical function"),
        _("What the patient manages in daily life: walking, housework, exercise, work tasks."),
    ),
    Item(
        "comorbidity",
        _("Comorbidity: somatic and mental illness, sleep problems"),
        _("Other illnesses, mental health problems and sleep problems, also when there are none."),
    ),
    Item(
        "psychosocial",
        _("Psychosocial situation"),
        _("Family, social network, work ability, sick leave and follow-up from NAV."),
    ),
    Item(
        "medication",
        _("Medicines: current list and earlier use"),
        _("Today's medicine list with doses, and what has been tried before."),
    ),
    Item(
        "dependence",
        _("Substance or medicine dependence"),
        _(
            "Whether there are signs of dependence or misuse, also when there are none "
            "(“no signs of dependence”)."
        ),
    ),
    Item(
        "alcohol_drugs",
        _("Alcohol and drug use"),
        _(
            "How much alcohol, and any use of other drugs (“drinks 1–2 glasses of wine at weekends”)."
        ),
    ),
    Item(
        "examinations",
        _("Results of clinical and supplementary examinations"),
        _(
            "Findings on clinical examination, imaging (MRI, CT, X-ray), blood tests, nerve studies."
        ),
    ),
    Item(
        "previous_assessments",
        _("Earlier relevant assessments, with documentation"),
        _(
            "Assessments by specialists (neurologist, orthopaedic surgeon, rheumatologist …) and "
            "their conclusions; attach the discharge summary if you have it."
        ),
    ),
    Item(
        "previous_treatments",
        _("Earlier treatments and their effect"),
        _("What has been tried (physiotherapy, medicines, injections, courses) and how it worked."),
    ),
    Item(
        "expectations",
        _("Expectations of patient and referrer"),
        _(
            "What you ask the pain clinic for: assessment, advice on medicines, tapering, a plan "
            "for return to work."
        ),
    ),
    Item(
        "motivation",
        _("The patient's motivation for interdisciplinary assessment"),
        _(
            "Is the patient motivated for interdisciplinary assessment and treatment (doctor, "
            "psychologist, physiotherapist)?"
        ),
    ),
    Item(
        "trauma",
        _("Traumatic experiences"),
        _(
            "Psychological trauma, violence, abuse, war or loss, or that the patient denies such "
            "experiences."
        ),
    ),
)

ITEMS_BY_CODE: Mapping[str, Item] = {item.code: item for item in ITEMS}


def item_label(code: str) -> str:
    item = ITEMS_BY_CODE.get(code)
    return str(item.label) if item else code


# Special-group flags (D8) ----------------------------------------------------------------------

FLAG_LABELS: Mapping[str, Promise] = {
    "out_of_scope": _("Under 18: outside the guideline's scope"),
    "young_adult": _("Young adult (18–22 years)"),
    "older": _("Older patient (65 years or more)"),
    "interpreter": _("Needs an interpreter"),
    "dropout_risk": _("Out of, or at risk of dropping out of, school or work"),
    "trauma": _("Has experienced trauma"),
    "mental_health": _("Mental health problems"),
    "dependence": _("Substance or medicine dependence"),
}

FLAG_ADAPTATIONS: Mapping[str, Promise] = {
    "out_of_scope": _(
        "Children are outside the pain clinics' guideline: consider whether the referral belongs "
        "to paediatrics."
    ),
    "young_adult": _("Early intake, a short deadline and a focus on school and work ability."),
    "older": _(
        "Review polypharmacy and interactions; take care with habit-forming medicines over 65."
    ),
    "interpreter": _("Book an interpreter for every appointment."),
    "dropout_risk": _("Plan with a focus on school and work ability, with NAV where relevant."),
    "trauma": _("Consider referral to trauma treatment; ask about the need for an interpreter."),
    "mental_health": _("Collaborate closely with the mental health services (DPS)."),
    "dependence": _("Collaborate with the GP and TSB; adjust medicines; consider testing."),
}

FLAG_ORDER: tuple[str, ...] = tuple(FLAG_LABELS)

# Short forms for badges in lists.
FLAG_SHORT_LABELS: Mapping[str, Promise] = {
    "out_of_scope": _("Under 18"),
    "young_adult": _("Young adult"),
    "older": _("65+"),
    "interpreter": _("Interpreter"),
    "dropout_risk": _("School/work"),
    "trauma": _("Trauma"),
    "mental_health": _("Mental health"),
    "dependence": _("Dependence"),
}

CHANNEL_SHORT_LABELS: Mapping[str, Promise] = {
    "web": _("Web form"),
    "fhir": _("FHIR"),
    "paper": _("Paper"),
    "e_referral": _("E-referral"),
}


def flag_label(code: str) -> str:
    label = FLAG_LABELS.get(code)
    return str(label) if label is not None else code


def flag_reason_text(reason: str) -> str:
    """The stored ``ReferralFlag.reason`` (``"text_cue: sykmeldt"``) as a sentence."""
    code, _sep, evidence = (reason or "").partition(":")
    code, evidence = code.strip(), evidence.strip()
    if code == "age_under_18":
        return gettext("Under 18 years old when referred.")
    if code == "age_18_to_22":
        return gettext("18–22 years old when referred.")
    if code == "age_65_or_over":
        return gettext("65 years or older when referred.")
    if code == "text_cue" and evidence:
        return gettext("The referral says “%(evidence)s”.") % {"evidence": evidence}
    if code == "staff":
        return gettext("Added by staff.")
    return reason


# Completeness, for templates -------------------------------------------------------------------


def _evidence_texts(raw: Any) -> list[str]:
    texts = []
    for entry in raw or []:
        if isinstance(entry, str):
            text = entry
        elif isinstance(entry, Mapping):
            text = str(entry.get("text") or entry.get("sentence") or "")
        else:
            text = str(entry)
        if text.strip():
            texts.append(text.strip())
    return texts


def completeness_rows(completeness: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """One row per item, in guideline order: label, hint, present, evidence sentences."""
    items = (completeness or {}).get("items") or {}
    rows = []
    for item in ITEMS:
        result = items.get(item.code) or {}
        rows.append(
            {
                "code": item.code,
                "label": item.label,
                "hint": item.hint,
                "present": bool(result.get("present")),
                "evidence": _evidence_texts(result.get("evidence")),
            }
        )
    return rows


def missing_items(completeness: Mapping[str, Any] | None) -> list[Item]:
    missing = set((completeness or {}).get("missing") or [])
    return [item for item in ITEMS if item.code in missing]


def all_evidence(completeness: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """(item code, evidence sentence) for every present item, for highlighting in the text."""
    found = []
    for row in completeness_rows(completeness):
        for text in row["evidence"]:
            found.append((row["code"], text))
    return found


def completeness_view(completeness: Mapping[str, Any] | None) -> dict[str, Any]:
    """Rows plus the counts a page shows: how many points are covered, which are missing."""
    rows = completeness_rows(completeness)
    present = sum(1 for row in rows if row["present"])
    return {
        "checked": bool((completeness or {}).get("items")),
        "rows": rows,
        "missing": [row for row in rows if not row["present"]],
        "present_count": present,
        "total": len(rows),
    }
