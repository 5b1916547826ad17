"""The unit's pathway list (constant queries, at risk first), the patient page, access and audit."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from painpath.audit.models import AuditEvent
from painpath.pathways import services
from painpath.pathways.models import Pathway
from painpath.patients.access import patient_links, visible_patients
from painpath.referrals.models import Referral
from tests.pathways.conftest import days_ago


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_list_takes_the_same_number_of_queries_for_many_pathways(
    client: Client, make_pathway, clinician
) -> None:
    client.force_login(clinician)
    for n in range(3):
        make_pathway(start_days_ago=10 + n)
    few = _queries(client, "/pathways/")
    for n in range(30):
        make_pathway(start_days_ago=20 + n)
    many = _queries(client, "/pathways/")
    assert few == many
    assert _queries(client, "/pathways/?page=2&at_risk=1") <= many


def test_the_list_pages_and_audits_what_it_shows(client: Client, make_pathway, clinician) -> None:
    for n in range(55):
        make_pathway(start_days_ago=n + 1)
    client.force_login(clinician)
    before = AuditEvent.objects.filter(action="read", object_type="pathways.Pathway").count()
    response = client.get("/pathways/")
    rows = response.context["rows"]
    assert len(rows) == 50
    assert "Side 1 av 2 (55 forløp)" in response.content.decode()
    # The oldest start (fewest days left) comes first.
    assert Pathway.objects.get(pk=rows[0].pk).started_on == days_ago(55)
    assert rows[0].days_text == "29 dager igjen"
    after = AuditEvent.objects.filter(action="read", object_type="pathways.Pathway").count()
    assert after - before == 50
    assert len(client.get("/pathways/?page=2").context["rows"]) == 5


def test_other_units_pathways_are_invisible(client: Client, make_pathway, other_clinician) -> None:
    pathway = make_pathway()
    client.force_login(other_clinician)
    assert "Nora Testesen" not in client.get("/pathways/").content.decode()
    assert client.get(f"/pathways/{pathway.pk}/").status_code == 404
    assert client.get(f"/api/pathways/{pathway.pk}").status_code == 404
    assert client.get(f"/api/pathways/{pathway.pk}/fhir").status_code == 404
    assert client.get("/api/pathways").json()["count"] == 0


def test_forwarded_patients_pathway_belongs_to_the_unit_that_runs_it(
    client: Client, make_decision, make_user, network, clinician, make_patient
) -> None:
    """Registered at unit B, referred on to unit A which runs the pathway: staff at B still see
    the patient (registered there) but not the pathway; staff at A see both through the pathway."""
    patient = make_patient(network["b"], given="Mona", family="Modell")
    decision = make_decision(patient=patient)
    pathway = services.start_pathway(
        clinician, decision, starts_on=days_ago(1), pain_since=days_ago(400), complex_pain=True
    )
    at_b = make_user("kliniker.b2", "clinician", [network["b"]])
    client.force_login(at_b)
    assert client.get(f"/patients/{patient.pk}/").status_code == 200
    assert client.get(f"/pathways/{pathway.pk}/").status_code == 404
    assert (
        "Ingen forløp ved dine enheter" in client.get(f"/patients/{patient.pk}/").content.decode()
    )
    # The pathway link makes the patient visible to the unit that runs it.
    assert visible_patients(clinician).filter(pk=patient.pk).exists()


def test_pathway_alone_links_patient_to_the_running_unit(
    make_decision, make_patient, network, clinician, make_user
) -> None:
    patient = make_patient(network["b"])
    decision = make_decision(patient=patient)
    services.start_pathway(
        clinician, decision, starts_on=days_ago(1), pain_since=days_ago(400), complex_pain=True
    )
    # The referral moves on to unit B afterwards: the pathway still links the patient to A.
    Referral.objects.filter(pk=decision.referral_id).update(
        clinic=network["b"], received_by=network["b"]
    )
    assert "pathways__clinic" in patient_links()
    at_a = make_user("leder.a", "leader", [network["a"]])
    assert visible_patients(at_a).filter(pk=patient.pk).exists()


def test_patient_page_lists_the_pathways_and_offers_the_start(
    client: Client, make_pathway, make_decision, clinician
) -> None:
    pathway = make_pathway(start_days_ago=100)
    waiting = make_decision(patient=pathway.patient)
    client.force_login(clinician)
    page = client.get(f"/patients/{pathway.patient_id}/").content.decode()
    assert "Pasientforløp" in page
    assert f"/pathways/{pathway.pk}/" in page
    assert "Start interdisciplinary" not in page
    assert "Start den tverrfaglige utredningen" in page
    # The patient has an active pathway at the unit: no second start is offered.
    assert f"/pathways/start/{waiting.pk}/" not in page


@pytest.mark.parametrize("role", ["clinician", "leader", "intake"])
def test_menu_entry_for_unit_staff(client: Client, make_user, network, role) -> None:
    user = make_user(f"u-{role}", role, [network["a"]])
    client.force_login(user)
    page = client.get("/start/").content.decode()
    assert 'href="/pathways/"' in page
    assert ">Forløp<" in page


def test_no_menu_entry_for_referrers(client: Client, make_user) -> None:
    client.force_login(make_user("henviser", "referrer"))
    assert 'href="/pathways/"' not in client.get("/start/").content.decode()
