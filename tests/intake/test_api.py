"""The intake API at /api/intake (issue 4): the same rules as the pages, 409 on conflict, 404 for
other units."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from painpath.accounts.models import ApiToken
from painpath.intake import services
from painpath.intake.models import Decision, InformationRequest

TODAY = date(2026, 3, 2)
RECEIVED = date(2026, 2, 23)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch) -> None:
    monkeypatch.setattr(services, "today", lambda: TODAY)


def auth(user) -> dict[str, str]:
    _, token = ApiToken.issue(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_worklist_with_counts_and_filters(client: Client, team, make_referral) -> None:
    make_referral(team["a"], date(2026, 2, 9), given="Forsinket")
    make_referral(team["a"], RECEIVED, given="Nyere", serious=True)
    headers = auth(team["lege"])
    data = client.get("/api/intake/worklist", **headers).json()
    assert data["counts"]["total"] == 2 and data["counts"]["overdue"] == 1
    assert data["counts"]["by_channel"]["web"] == 2
    assert [i["patient_name"] for i in data["items"]] == ["Forsinket Testesen", "Nyere Testesen"]
    assert data["items"][0]["working_days_left"] == -5 and data["items"][0]["overdue"]
    assert (data["page"], data["pages"], data["total"]) == (1, 1, 2)
    only = client.get("/api/intake/worklist?serious=true", **headers).json()
    assert [i["patient_name"] for i in only["items"]] == ["Nyere Testesen"]


def test_referral_json_has_the_due_date_and_working_days_left(
    client: Client, team, make_referral
) -> None:
    referral = make_referral(team["a"], RECEIVED)
    data = client.get(f"/api/intake/referrals/{referral.pk}", **auth(team["lege"])).json()
    assert data["assessment_due_on"] == "2026-03-09"
    assert data["working_days_left"] == 5
    assert {s["code"] for s in data["suggestions"]} >= {"subacute_chronification_risk"}
    assert (
        client.get(f"/api/intake/referrals/{referral.pk}", **auth(team["other"])).status_code == 404
    )


def test_view_decision_deviation_and_conflict(client: Client, team, make_referral, rules) -> None:
    referral = make_referral(team["a"], RECEIVED)
    headers = auth(team["lege"])
    view = client.post(
        f"/api/intake/referrals/{referral.pk}/views",
        {
            "proposed_outcome": "right_granted",
            "proposed_weeks": 16,
            "reasoning": "Ok",
            "profession": "doctor",
        },
        content_type="application/json",
        **headers,
    )
    assert view.status_code == 201
    assert (view.json()["member"], view.json()["proposed_weeks"]) == ("Lars Strand", 16)
    payload = {
        "outcome": "right_granted",
        "priority_rule_id": rules["chronic_complex_known_cause"].pk,
        "care_deadline": "2026-08-15",
    }
    refused = client.post(
        f"/api/intake/referrals/{referral.pk}/decision",
        payload,
        content_type="application/json",
        **headers,
    )
    assert refused.status_code == 400
    assert "Vedtaket avviker fra prioriteringsveilederen" in str(
        refused.json()["errors"]["deviation_justification"]
    )
    payload["deviation_justification"] = "Pasienten ønsker utsettelse."
    made = client.post(
        f"/api/intake/referrals/{referral.pk}/decision",
        payload,
        content_type="application/json",
        **headers,
    )
    assert made.status_code == 201
    assert made.json()["priority_rule_version"] == 1 and made.json()["decided_alone"]
    again = client.post(
        f"/api/intake/referrals/{referral.pk}/decision",
        payload,
        content_type="application/json",
        **auth(team["psykolog"]),
    )
    assert again.status_code == 409
    assert again.json()["detail"].startswith("Henvisningen ble nettopp avgjort av Lars Strand")
    assert Decision.objects.count() == 1

    decision_id = made.json()["id"]
    started = client.post(
        f"/api/intake/decisions/{decision_id}/care-start",
        {"started_on": "2026-03-02"},
        content_type="application/json",
        **headers,
    )
    assert started.status_code == 200 and started.json()["care_state"] == "met"
    assert (
        client.post(
            f"/api/intake/decisions/{decision_id}/care-start",
            {"started_on": "2026-03-02"},
            content_type="application/json",
            **auth(team["other"]),
        ).status_code
        == 404
    )


def test_information_request(client: Client, team, make_referral) -> None:
    referral = make_referral(team["a"], RECEIVED)
    response = client.post(
        f"/api/intake/referrals/{referral.pk}/information-requests",
        {"question": "Hvilke behandlinger er prøvd?", "items": ["previous_treatments"]},
        content_type="application/json",
        **auth(team["lege"]),
    )
    assert response.status_code == 201
    assert InformationRequest.objects.get().items == ["previous_treatments"]
    assert response.json()["items"] == ["previous_treatments"] and response.json()["answer"] == ""
    shown = client.get(f"/api/intake/referrals/{referral.pk}", **auth(team["lege"])).json()
    assert [q["question"] for q in shown["questions"]] == ["Hvilke behandlinger er prøvd?"]
    bad = client.post(
        f"/api/intake/referrals/{referral.pk}/information-requests",
        {"question": "", "items": ["nonsense"]},
        content_type="application/json",
        **auth(team["lege"]),
    )
    assert bad.status_code == 400 and "items" in bad.json()["errors"]
