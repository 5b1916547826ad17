"""Treatment plan (D7) and special-group adaptations (D8)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from painpath.pathways import services
from painpath.pathways.models import TreatmentMeasure
from tests.pathways.conftest import days_ago

OXYCODONE = {
    "kind": "medicine",
    "medicine_name": "Oksykodon",
    "atc_code": "N02AA05",
    "status": "ongoing",
    "setting": "clinic",
    "delivery": "individual",
    "opioid_substance": "oxycodone",
    "route": "oral",
    "daily_dose": "20",
    "dose_unit": "mg/day",
}


def test_habit_forming_medicine_needs_the_alternatives_recorded(
    client: Client, make_pathway, clinician
) -> None:
    pathway = make_pathway()
    client.force_login(clinician)
    url = f"/pathways/{pathway.pk}/measures/new/"
    page = client.post(url, OXYCODONE).content.decode()
    assert "Et vanedannende legemiddel kan ikke startes" in page
    assert not TreatmentMeasure.objects.filter(kind="medicine").exists()
    response = client.post(
        url,
        {
            **OXYCODONE,
            "alternatives_considered": "on",
            "alternatives_note": "Fysioterapi og mestringskurs",
        },
    )
    assert response.status_code == 302
    measure = TreatmentMeasure.objects.get(kind="medicine")
    assert measure.habit_forming_class == "opioid"
    assert measure.omeq_mg_per_day == Decimal("30.0")  # oxycodone 20 mg x 1.5
    assert measure.started_on == timezone.localdate()
    page = client.get(f"/pathways/{pathway.pk}/").content.decode()
    assert "30,0 mg orale morfinekvivalenter per døgn" in page
    # The dose's unit and route in bokmål, not the stored values.
    assert "20 mg per døgn, peroralt" in page
    assert "mg/day" not in page


def test_a_medicine_that_is_not_habit_forming_starts_without_the_question(
    make_pathway, clinician
) -> None:
    pathway = make_pathway()
    measure = services.add_measure(
        clinician,
        pathway,
        {"kind": "medicine", "medicine_name": "Amitriptylin", "atc_code": "N06AA09"},
    )
    assert measure.habit_forming_class == ""
    assert measure.omeq_mg_per_day is None


def test_fentanyl_patch_is_converted_from_micrograms_per_hour(make_pathway, clinician) -> None:
    pathway = make_pathway()
    measure = services.add_measure(
        clinician,
        pathway,
        {
            "kind": "medicine",
            "medicine_name": "Fentanyl plaster",
            "atc_code": "N02AB03",
            "alternatives_considered": True,
            "alternatives_note": "Vurdert",
            "opioid_substance": "fentanyl",
            "route": "transdermal",
            "daily_dose": Decimal("25"),
            "dose_unit": "microgram/h",
        },
    )
    assert measure.omeq_mg_per_day == Decimal("60.0")


def test_opioid_without_dose_or_with_wrong_unit_is_refused(make_pathway, clinician) -> None:
    pathway = make_pathway()
    base = {**OXYCODONE, "alternatives_considered": True, "alternatives_note": "Vurdert"}
    with pytest.raises(ValidationError) as exc:
        services.add_measure(clinician, pathway, {**base, "daily_dose": None})
    assert "daily_dose" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.add_measure(clinician, pathway, {**base, "dose_unit": "microgram/h"})
    assert "dose_unit" in exc.value.message_dict
    assert not TreatmentMeasure.objects.filter(kind="medicine").exists()


def test_methadone_is_recorded_without_a_conversion(make_pathway, clinician) -> None:
    pathway = make_pathway()
    measure = services.add_measure(
        clinician,
        pathway,
        {
            "kind": "medicine",
            "medicine_name": "Metadon",
            "atc_code": "N07BC02",
            "alternatives_considered": True,
            "alternatives_note": "LAR i samarbeid med TSB",
            "opioid_substance": "methadone",
            "route": "oral",
            "daily_dose": Decimal("60"),
            "dose_unit": "mg/day",
        },
    )
    assert measure.omeq_mg_per_day is None
    assert "Metadon har ingen fast omregning" in measure.omeq_note


def test_experimental_treatment_needs_a_clinical_study(
    client: Client, make_pathway, clinician
) -> None:
    pathway = make_pathway()
    client.force_login(clinician)
    data = {
        "kind": "interventional",
        "description": "Gjentatte ketamininfusjoner",
        "experimental": "on",
        "setting": "clinic",
        "delivery": "individual",
        "status": "planned",
    }
    page = client.post(f"/pathways/{pathway.pk}/measures/new/", data).content.decode()
    assert "bare gis innenfor en klinisk studie" in page
    assert not TreatmentMeasure.objects.exists()
    client.post(
        f"/pathways/{pathway.pk}/measures/new/", {**data, "study_name": "KETAPAIN (REK 2024/123)"}
    )
    assert TreatmentMeasure.objects.get().study_name == "KETAPAIN (REK 2024/123)"


def test_older_patient_gets_polypharmacy_item_and_habit_forming_warning(
    client: Client, make_pathway, clinician
) -> None:
    pathway = make_pathway(birth=date(1950, 1, 1), flags=("older",))
    assert pathway.measures.get().kind == "polypharmacy_review"
    client.force_login(clinician)
    page = client.get(f"/pathways/{pathway.pk}/measures/new/?kind=medicine").content.decode()
    assert "Pasienten er 65 år eller eldre" in page
    response = client.post(
        f"/pathways/{pathway.pk}/measures/new/",
        {**OXYCODONE, "alternatives_considered": "on", "alternatives_note": "Vurdert"},
        follow=True,
    )
    assert "vanedannende legemidler gir økt risiko" in response.content.decode()


def test_young_adult_gets_work_focus_and_the_shortest_suggested_dates(
    client: Client, make_pathway, clinician
) -> None:
    pathway = make_pathway(start_days_ago=10, birth=date(2005, 1, 1), flags=("young_adult",))
    assert pathway.measures.get().kind == "work_school"
    view = services.overview(pathway)
    assert view.state.next_step_due_on == days_ago(10) + timedelta(weeks=12)
    assert view.suggested_next_on == days_ago(10) + timedelta(weeks=6)
    assert services.suggested_followup_date(days_ago(0), view.adaptations) == days_ago(
        0
    ) + timedelta(weeks=13)
    client.force_login(clinician)
    page = client.get(f"/pathways/{pathway.pk}/").content.decode()
    assert "Ung voksen: korteste frister" in page
    assert "Foreslått dato for denne pasienten" in page


def test_trauma_asks_the_trauma_question_and_shows_interpreter_need(
    client: Client, make_pathway, clinician, staff
) -> None:
    pathway = make_pathway(flags=("trauma",))
    client.force_login(clinician)
    form = client.get(f"/pathways/{pathway.pk}/assessment/").content.decode()
    assert "Er henvisning til traumebehandling vurdert?" in form
    assert "Tolk trengs" in form
    response = client.post(
        f"/pathways/{pathway.pk}/assessment/",
        {
            "patient_goals": "Gå tur",
            "patient_expectations": "En plan",
            "work_and_finances": "Ufør 50 %",
            "trauma_treatment_considered": "unknown",
            "complete": "1",
        },
    )
    assert "svar på om traumebehandling er vurdert" in response.content.decode()
    client.post(
        f"/pathways/{pathway.pk}/assessment/",
        {
            "patient_goals": "Gå tur",
            "patient_expectations": "En plan",
            "work_and_finances": "Ufør 50 %",
            "trauma_treatment_considered": "true",
            "complete": "1",
        },
    )
    assert pathway.assessment.completed_on == timezone.localdate()
    services.record_consultation(
        clinician,
        pathway,
        kind="assessment",
        held_on=days_ago(0),
        delivery="individual",
        mode="in_person",
        clinicians=[staff["doctor"], staff["psychologist"]],
    )
    page = client.get(f"/pathways/{pathway.pk}/").content.decode()
    assert "tolk trengs" in page
    assert "1 av 1 utredningskonsultasjoner hadde flere profesjoner" in page


def test_no_trauma_question_without_the_flag(client: Client, make_pathway, clinician) -> None:
    pathway = make_pathway()
    client.force_login(clinician)
    assert (
        "traumebehandling" not in client.get(f"/pathways/{pathway.pk}/assessment/").content.decode()
    )


def test_continuity_counts_distinct_clinicians(make_pathway, clinician, staff) -> None:
    pathway = make_pathway(start_days_ago=30)
    services.add_team_member(clinician, pathway, staff["doctor"])
    for day, members in [(20, ["doctor"]), (10, ["doctor", "physiotherapist"]), (5, ["doctor"])]:
        services.record_consultation(
            clinician,
            pathway,
            kind="treatment",
            held_on=days_ago(day),
            delivery="individual",
            mode="in_person",
            clinicians=[staff[m] for m in members],
        )
    continuity = services.overview(pathway).continuity
    assert continuity.distinct_clinicians == 2
    assert continuity.contacts == 3 and continuity.contacts_with_team == 3
    assert continuity.clinicians[0].staff == staff["doctor"]
    assert continuity.clinicians[0].contacts == 3
