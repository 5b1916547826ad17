"""The pathway API at /api/pathways and the FHIR R4 export (EpisodeOfCare + Encounters)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from painpath.accounts.models import ApiToken
from painpath.audit.models import AuditEvent
from painpath.pathways.models import CollaborationMeeting, Pathway
from tests.pathways.conftest import days_ago


@pytest.fixture
def api(clinician) -> dict[str, str]:
    _, token = ApiToken.issue(clinician)
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _post(client: Client, url: str, data: dict, api: dict[str, str]):
    return client.post(url, data, content_type="application/json", **api)


def test_start_and_read_a_pathway(client: Client, api, make_decision) -> None:
    decision = make_decision()
    response = _post(
        client,
        "/api/pathways",
        {
            "decision_id": decision.pk,
            "starts_on": days_ago(20).isoformat(),
            "pain_since": days_ago(400).isoformat(),
            "complex_pain": True,
        },
        api,
    )
    assert response.status_code == 201
    body = response.json()
    assert body["phase"] == "referral_start"
    assert body["times"][0]["status"] == "running"
    assert body["times"][0]["days_left"] == 84 - 20
    assert [e["code"] for e in body["events"]] == ["SM-A"]
    listing = client.get("/api/pathways", **api).json()
    assert listing["count"] == 1
    assert listing["items"][0]["days_left"] == 64


def test_start_refused_with_readable_errors(client: Client, api, make_decision) -> None:
    decision = make_decision()
    response = _post(
        client,
        "/api/pathways",
        {"decision_id": decision.pk, "starts_on": days_ago(0).isoformat(), "complex_pain": False},
        api,
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["pain_since"] == ["Smertene må ha vart i mer enn 6 måneder når forløpet starter."]
    assert "complex_pain" in errors
    assert not Pathway.objects.exists()


def test_other_units_decision_is_404(client: Client, other_clinician, make_decision) -> None:
    _, token = ApiToken.issue(other_clinician)
    decision = make_decision()
    response = client.post(
        "/api/pathways",
        {"decision_id": decision.pk, "starts_on": days_ago(0).isoformat()},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 404


def test_events_corrections_and_retractions(client: Client, api, make_pathway) -> None:
    pathway = make_pathway(start_days_ago=40)
    url = f"/api/pathways/{pathway.pk}/events"
    codes = {
        c["meaning"] + c["outcome"]: c["code"]
        for c in client.get("/api/pathways/event-codes", **api).json()
    }
    response = _post(
        client,
        url,
        {"code": codes["assessment_start"], "occurred_on": days_ago(5).isoformat()},
        api,
    )
    assert response.status_code == 201
    event_id = response.json()["id"]
    response = _post(
        client, url, {"corrects": event_id, "occurred_on": days_ago(6).isoformat()}, api
    )
    assert response.status_code == 400
    assert "Oppgi begrunnelsen" in str(response.json()["errors"])
    response = _post(
        client,
        url,
        {"corrects": event_id, "occurred_on": days_ago(6).isoformat(), "reason": "Feil dato"},
        api,
    )
    assert response.status_code == 201
    assert client.get(f"/api/pathways/{pathway.pk}", **api).json()["times"][0]["ended_on"] == (
        days_ago(6).isoformat()
    )
    response = _post(client, url, {"corrects": event_id, "reason": "Feil pasient"}, api)
    assert response.status_code == 201
    detail = client.get(f"/api/pathways/{pathway.pk}", **api).json()
    assert detail["phase"] == "referral_start"
    assert [e["effective"] for e in detail["events"]] == [True, False, False, False]
    assert _post(client, url, {"code": "XX", "occurred_on": "2025-01-01"}, api).status_code == 400
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    response = _post(client, url, {"code": codes["assessment_start"], "occurred_on": future}, api)
    assert response.status_code == 400


def test_meetings_through_the_api(client: Client, api, make_pathway, staff) -> None:
    pathway = make_pathway(start_days_ago=40)
    _post(
        client,
        f"/api/pathways/{pathway.pk}/events",
        {"code": "SM-U", "occurred_on": days_ago(20).isoformat()},
        api,
    )
    meeting = {
        "kind": "summary",
        "held_on": days_ago(0).isoformat(),
        "mode": "digital",
        "patient_own_words": "Jeg vil klare hverdagen.",
        "participants": [
            {"role": "patient"},
            {"role": "gp", "name": "Hilde Solberg"},
            {"role": "nav", "name": "NAV Lørenskog"},
        ],
        "measures": [
            {"kind": "physiotherapy", "description": "Trening", "setting": "municipality"}
        ],
        "followup_on": (timezone.localdate() + timedelta(weeks=26)).isoformat(),
    }
    url = f"/api/pathways/{pathway.pk}/meetings"
    response = _post(client, url, meeting, api)
    assert response.status_code == 400
    assert "Minst én fra klinikkens team må delta." in str(response.json()["errors"])
    meeting["participants"].append({"role": "team", "staff_id": staff["doctor"].pk})
    response = _post(client, url, meeting, api)
    assert response.status_code == 201
    body = response.json()
    assert body["event_id"] is not None
    assert body["followup_booked_on"] == meeting["followup_on"]
    assert [m["status"] for m in client.get(url, **api).json()] == ["held", "booked"]


def test_fhir_episode_of_care_with_encounters(client: Client, api, make_pathway, staff) -> None:
    pathway = make_pathway(start_days_ago=40)
    _post(
        client,
        f"/api/pathways/{pathway.pk}/events",
        {"code": "SM-U", "occurred_on": days_ago(20).isoformat()},
        api,
    )
    _post(
        client,
        f"/api/pathways/{pathway.pk}/meetings",
        {
            "held_on": days_ago(1).isoformat(),
            "patient_own_words": "Ord",
            "participants": [{"role": "patient"}, {"role": "team", "staff_id": staff["doctor"].pk}],
            "measures": [{"kind": "learning_coping", "description": "Kurs"}],
            "followup_on": (timezone.localdate() + timedelta(weeks=20)).isoformat(),
        },
        api,
    )
    response = client.get(f"/api/pathways/{pathway.pk}/fhir", **api)
    assert response["Content-Type"] == "application/fhir+json"
    data = response.json()
    bundle = Bundle.model_validate(data)  # valid R4 (R4B classes)
    episode = data["entry"][0]["resource"]
    assert episode["resourceType"] == "EpisodeOfCare"
    assert episode["status"] == "active"
    assert episode["patient"]["identifier"] == {
        "system": "urn:oid:2.16.578.1.12.4.1.4.1",
        "value": pathway.patient.national_id,
    }
    assert episode["period"] == {"start": days_ago(40).isoformat()}
    encounters = [e["resource"] for e in data["entry"][1:]]
    assert sorted(e["status"] for e in encounters) == ["finished", "planned"]
    assert all(
        e["episodeOfCare"][0]["reference"] == data["entry"][0]["fullUrl"] for e in encounters
    )
    assert {e["class"]["code"] for e in encounters} == {"VR"}
    assert len(bundle.entry or []) == 3
    # One record for the export, not a read and an export.
    records = AuditEvent.objects.filter(object_type="pathways.Pathway", object_id=str(pathway.pk))
    assert [r.action for r in records.filter(path__endswith="/fhir")] == ["export"]


def test_fhir_status_on_hold(client: Client, api, make_pathway, clinician) -> None:
    pathway = make_pathway()
    client.force_login(clinician)
    client.post(f"/pathways/{pathway.pk}/hold/", {"reason": "Innlagt på sykehus"})
    response = client.get(f"/api/pathways/{pathway.pk}/fhir", **api)
    assert response.json()["entry"][0]["resource"]["status"] == "onhold"


def test_meeting_list_queries_do_not_grow_with_the_meetings(
    client: Client, api, make_pathway, clinician
) -> None:
    """Each meeting's booked follow-up is read with the meetings, not one query per meeting."""
    pathway = make_pathway(start_days_ago=40)
    url = f"/api/pathways/{pathway.pk}/meetings"

    def book(n: int) -> None:
        for _ in range(n):
            CollaborationMeeting.objects.create(
                pathway=pathway,
                kind="followup",
                status="booked",
                scheduled_on=days_ago(-30),
                recorded_by=clinician,
            )

    book(1)
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(url, **api).json()) == 1
    book(5)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(url, **api).json()) == 6
    assert len(many.captured_queries) == len(few.captured_queries)
