"""Pathway start from a granted decision, with the entry criteria (D6)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from painpath.intake.models import Decision, Outcome
from painpath.pathways import services
from painpath.pathways.models import Pathway, PathwayEvent
from tests.pathways.conftest import days_ago


def _start(client: Client, decision: Decision, **data: object) -> str:
    form = {
        "starts_on": days_ago(0).isoformat(),
        "pain_since": days_ago(400).isoformat(),
        "complex_pain": "on",
        **data,
    }
    response = client.post(f"/pathways/start/{decision.pk}/", form)
    return response.content.decode() if response.status_code == 200 else response["Location"]


def test_start_from_granted_decision_registers_the_start_event(
    client: Client, clinician, make_decision, staff
) -> None:
    decision = make_decision()
    client.force_login(clinician)
    page = client.get(f"/pathways/start/{decision.pk}/").content.decode()
    assert "Start forløp" in page
    location = _start(client, decision, coordinator=staff["doctor"].pk)
    pathway = Pathway.objects.get(decision=decision)
    assert location == f"/pathways/{pathway.pk}/"
    assert pathway.clinic == decision.referral.clinic
    assert pathway.phase == "referral_start"
    assert pathway.next_step == "start_assessment"
    assert pathway.started_on == days_ago(0)
    event = PathwayEvent.objects.get(pathway=pathway)
    assert (event.code.meaning, event.occurred_on) == ("start", days_ago(0))
    assert pathway.team.get().staff == staff["doctor"]


@pytest.mark.parametrize(
    ("kw", "data", "message"),
    [
        ({"birth": date.today().replace(year=date.today().year - 17)}, {}, "18 år eller eldre"),
        ({}, {"pain_since": days_ago(100).isoformat()}, "mer enn 6 måneder"),
        ({}, {"complex_pain": ""}, "sammensatt"),
        ({"outcome": Outcome.NO_RIGHT}, {}, "innvilge rett"),
    ],
    ids=["child", "pain-too-short", "not-complex", "no-right"],
)
def test_entry_criteria_say_which_one_fails(
    client: Client, clinician, make_decision, kw, data, message
) -> None:
    decision = make_decision(**kw)
    client.force_login(clinician)
    page = _start(client, decision, **data)
    assert "Forløpet ble ikke startet" in page
    assert message in page
    assert not Pathway.objects.exists()


def test_future_start_and_start_before_referral_are_refused(clinician, make_decision) -> None:
    decision = make_decision(received_days_ago=30)
    with pytest.raises(ValidationError) as exc:
        services.start_pathway(
            clinician, decision, starts_on=days_ago(-1), pain_since=days_ago(400), complex_pain=True
        )
    assert "fram i tid" in str(exc.value.message_dict["starts_on"])
    with pytest.raises(ValidationError):
        services.start_pathway(
            clinician, decision, starts_on=days_ago(31), pain_since=days_ago(400), complex_pain=True
        )
    assert not Pathway.objects.exists()


def test_one_active_pathway_per_patient_and_unit(clinician, make_decision) -> None:
    first = make_decision()
    patient = first.referral.patient
    second = make_decision(patient=patient)
    services.start_pathway(
        clinician, first, starts_on=days_ago(5), pain_since=days_ago(400), complex_pain=True
    )
    with pytest.raises(ValidationError) as exc:
        services.start_pathway(
            clinician, second, starts_on=days_ago(1), pain_since=days_ago(400), complex_pain=True
        )
    assert "allerede et aktivt forløp" in str(exc.value)
    assert Pathway.objects.count() == 1
    # The database itself holds the rule, whatever the code path.
    with pytest.raises(IntegrityError), transaction.atomic():
        Pathway.objects.create(
            patient=patient,
            clinic=first.referral.clinic,
            referral=second.referral,
            decision=second,
            pain_since=days_ago(400),
            complex_pain=True,
            created_by=clinician,
        )


def test_a_closed_pathway_allows_a_new_one(clinician, make_decision) -> None:
    first = make_decision()
    pathway = services.start_pathway(
        clinician, first, starts_on=days_ago(20), pain_since=days_ago(400), complex_pain=True
    )
    services.append_event(
        clinician, pathway, code=services.code_for("closed", "other"), occurred_on=days_ago(10)
    )
    second = make_decision(patient=first.referral.patient)
    services.start_pathway(
        clinician, second, starts_on=days_ago(1), pain_since=days_ago(400), complex_pain=True
    )
    assert Pathway.objects.count() == 2


def test_corrected_decision_cannot_start(clinician, make_decision) -> None:
    decision = make_decision()
    Decision.objects.create(
        referral=decision.referral,
        corrects=decision,
        correction_reason="feil frist",
        outcome=Outcome.RIGHT_GRANTED,
        decided_by=decision.decided_by,
        decided_on=decision.decided_on,
    )
    with pytest.raises(ValidationError):
        services.start_pathway(
            clinician, decision, starts_on=days_ago(1), pain_since=days_ago(400), complex_pain=True
        )


def test_other_units_decision_is_not_found(client: Client, other_clinician, make_decision) -> None:
    decision = make_decision()
    client.force_login(other_clinician)
    assert client.get(f"/pathways/start/{decision.pk}/").status_code == 404


def test_awaiting_list_shows_granted_decisions_without_pathway(
    client: Client, clinician, make_decision
) -> None:
    waiting = make_decision(given="Frida", family="Fremtidig")
    make_decision(given="Geir", family="Gjetning", outcome=Outcome.NO_RIGHT)
    client.force_login(clinician)
    page = client.get("/pathways/").content.decode()
    assert "Frida Fremtidig" in page
    assert "Geir Gjetning" not in page
    assert f"/pathways/start/{waiting.pk}/" in page
