"""Collaboration meetings (D6, D9): participants, the patient's own words, the plan, the booked
follow-up, the pathway event, and the summary stored as sent for the GP and the patient."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from painpath.letters.models import Letter
from painpath.pathways import services
from painpath.pathways.models import CollaborationMeeting, Pathway, TreatmentMeasure
from tests.pathways.conftest import days_ago


@pytest.fixture
def assessed(make_pathway, clinician) -> Pathway:
    pathway = make_pathway(start_days_ago=60)
    services.append_event(
        clinician, pathway, code=services.code_for("assessment_start"), occurred_on=days_ago(30)
    )
    return pathway


def _form(staff, **extra: object) -> dict[str, object]:
    today = timezone.localdate()
    data: dict[str, object] = {
        "held_on": today.isoformat(),
        "mode": "digital",
        "patient_present": "on",
        "gp": "Hilde Solberg",
        "nav": "NAV Lørenskog, Ida Lie",
        "team": [staff["doctor"].pk, staff["psychologist"].pk],
        "patient_own_words": "Jeg vil tilbake i jobb.",
        "discussion": "Gradert aktivitet.",
        "followup_on": (today + timedelta(weeks=26)).isoformat(),
        "plan-TOTAL_FORMS": "2",
        "plan-INITIAL_FORMS": "0",
        "plan-0-kind": "physiotherapy",
        "plan-0-description": "Trening to ganger i uken",
        "plan-0-responsible": "Kommunal fysioterapeut",
        "plan-0-setting": "municipality",
        "plan-0-delivery": "individual",
        "plan-1-kind": "",
        "plan-1-setting": "clinic",
        "plan-1-delivery": "individual",
    }
    data.update(extra)
    return data


def test_holding_the_summarising_meeting(client: Client, assessed, clinician, staff) -> None:
    client.force_login(clinician)
    response = client.post(f"/pathways/{assessed.pk}/meetings/new/?kind=summary", _form(staff))
    meeting = CollaborationMeeting.objects.get(pathway=assessed, status="held")
    assert response["Location"] == f"/pathways/{assessed.pk}/meetings/{meeting.pk}/"
    roles = sorted(meeting.participants.values_list("role", flat=True))
    assert roles == ["gp", "nav", "patient", "team", "team"]
    assert meeting.event is not None and meeting.event.code.meaning == "summary_meeting"
    measure = TreatmentMeasure.objects.get(pathway=assessed, kind="physiotherapy")
    assert (measure.meeting, measure.setting, measure.responsible) == (
        meeting,
        "municipality",
        "Kommunal fysioterapeut",
    )
    booked = CollaborationMeeting.objects.get(pathway=assessed, status="booked")
    assert booked.kind == "followup"
    assert booked.scheduled_on == timezone.localdate() + timedelta(weeks=26)
    assessed.refresh_from_db()
    assert assessed.phase == "followup_treatment"
    assert assessed.running_time == "summary_to_followup"
    # The summary for the GP and the patient, stored as sent (HTML and PDF).
    letters = Letter.objects.filter(kind="summary_meeting").order_by("recipient_kind")
    assert [lt.recipient_kind for lt in letters] == ["gp", "patient"]
    assert all(lt.verify() and lt.pdf_bytes.startswith(b"%PDF") for lt in letters)
    assert "Jeg vil tilbake i jobb." in letters[0].html
    assert "Oppsummering av oppsummerende samhandlingsmøte" in letters[0].html
    page = client.get(response["Location"]).content.decode()
    assert "Pasientens egne ord" in page and "NAV Lørenskog" in page
    pdf = client.get(
        f"/pathways/{assessed.pk}/meetings/{meeting.pk}/documents/{letters[0].pk}/pdf/"
    )
    assert pdf["Content-Type"] == "application/pdf"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"patient_present": ""}, "Pasienten må delta"),
        ({"team": []}, "Minst én fra klinikkens team"),
        ({"patient_own_words": ""}, "Pasienten snakker først"),
        ({"followup_on": ""}, "Avtal det oppfølgende samhandlingsmøtet"),
    ],
    ids=["no-patient", "no-team", "no-own-words", "no-followup"],
)
def test_meeting_without_what_it_needs_is_refused(
    client: Client, assessed, clinician, staff, change, message
) -> None:
    client.force_login(clinician)
    response = client.post(
        f"/pathways/{assessed.pk}/meetings/new/?kind=summary", _form(staff, **change)
    )
    assert "Møtet ble ikke registrert" in response.content.decode()
    assert message in response.content.decode()
    assert not CollaborationMeeting.objects.exists()
    assert not TreatmentMeasure.objects.exists()
    assert assessed.events.count() == 2


def test_followup_later_than_6_months_needs_a_reason(assessed, clinician, staff) -> None:
    today = timezone.localdate()
    kwargs = {
        "kind": "summary",
        "held_on": today,
        "mode": "in_person",
        "patient_own_words": "Vondt",
        "discussion": "",
        "participants": [
            services.ParticipantIn("patient"),
            services.ParticipantIn("team", staff=staff["doctor"]),
        ],
        "measures": [{"kind": "learning_coping", "description": "Mestringskurs"}],
        "followup_on": today + timedelta(weeks=30),
    }
    with pytest.raises(ValidationError) as exc:
        services.hold_meeting(clinician, assessed, **kwargs)
    assert "followup_late_reason" in exc.value.message_dict
    services.hold_meeting(
        clinician, assessed, followup_late_reason="Pasienten er på rehabilitering", **kwargs
    )


def test_holding_the_booked_followup_meeting_records_the_event(assessed, clinician, staff) -> None:
    participants = [
        services.ParticipantIn("patient"),
        services.ParticipantIn("gp", "Hilde Solberg"),
        services.ParticipantIn("team", staff=staff["doctor"]),
    ]
    services.hold_meeting(
        clinician,
        assessed,
        kind="summary",
        held_on=days_ago(20),
        mode="digital",
        patient_own_words="Ord",
        discussion="",
        participants=participants,
        measures=[{"kind": "physiotherapy", "description": "Trening"}],
        followup_on=days_ago(1),
    )
    booked = assessed.meetings.get(status="booked")
    services.hold_meeting(
        clinician,
        assessed,
        kind="followup",
        held_on=days_ago(0),
        mode="in_person",
        patient_own_words="Bedre nå",
        discussion="",
        participants=participants,
        booked=booked,
    )
    booked.refresh_from_db()
    assert booked.status == "held" and booked.event is not None
    state = services.state_of(assessed)
    assert state.time(services.rules.PathwayTimeCode.SUMMARY_TO_FOLLOWUP).status.value == "on_time"
    assert Letter.objects.filter(kind="followup_meeting").count() == 2


def test_dps_collaboration_required_for_mental_health(make_pathway, clinician, staff) -> None:
    pathway = make_pathway(start_days_ago=60, flags=("mental_health",))
    services.append_event(
        clinician, pathway, code=services.code_for("assessment_start"), occurred_on=days_ago(30)
    )
    kwargs = {
        "kind": "summary",
        "held_on": days_ago(0),
        "mode": "digital",
        "patient_own_words": "Ord",
        "discussion": "",
        "participants": [
            services.ParticipantIn("patient"),
            services.ParticipantIn("team", staff=staff["psychologist"]),
        ],
        "followup_on": days_ago(-150),
    }
    with pytest.raises(ValidationError) as exc:
        services.hold_meeting(
            clinician, pathway, measures=[{"kind": "psychological", "description": "ACT"}], **kwargs
        )
    assert "DPS" in str(exc.value)
    services.hold_meeting(
        clinician,
        pathway,
        measures=[
            {"kind": "psychological", "description": "ACT"},
            {"kind": "collaboration", "partner_kind": "dps", "description": "Felles oppfølging"},
        ],
        **kwargs,
    )


def test_other_units_meeting_is_not_found(client: Client, assessed, other_clinician) -> None:
    client.force_login(other_clinician)
    assert client.get(f"/pathways/{assessed.pk}/meetings/new/").status_code == 404
    assert client.get(f"/pathways/{assessed.pk}/").status_code == 404


def test_a_plan_row_without_its_measure_is_not_dropped(
    client: Client, assessed, clinician, staff
) -> None:
    client.force_login(clinician)
    page = client.get(f"/pathways/{assessed.pk}/meetings/new/?kind=summary").content.decode()
    assert "Møtet ble ikke registrert" not in page
    data = _form(staff, **{"plan-1-description": "Frisklivsresept", "plan-1-kind": ""})
    page = client.post(f"/pathways/{assessed.pk}/meetings/new/?kind=summary", data)
    assert "Velg tiltaket for denne raden" in page.content.decode()
    assert not CollaborationMeeting.objects.exists()


def test_meeting_form_names_the_partners_the_plan_must_include(
    client: Client, make_pathway, clinician
) -> None:
    pathway = make_pathway(start_days_ago=60, flags=("mental_health", "dependence"))
    client.force_login(clinician)
    page = client.get(f"/pathways/{pathway.pk}/meetings/new/?kind=summary").content.decode()
    assert (
        "Planen må omfatte samarbeid med distriktspsykiatrisk senter (DPS), "
        "tverrfaglig spesialisert rusbehandling (TSB)." in page
    )
    plain = make_pathway(start_days_ago=60, given="Ola")
    page = client.get(f"/pathways/{plain.pk}/meetings/new/?kind=summary").content.decode()
    assert "Planen må omfatte samarbeid" not in page
