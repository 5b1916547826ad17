"""The referrals API (D3): check, create, list and read, with access checks and audit."""

from __future__ import annotations

import base64
import json
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from painpath.accounts.models import ApiToken
from painpath.audit.models import AuditEvent
from painpath.referrals import services
from painpath.referrals.models import Referral
from tests.referrals.conftest import FULL_ITEMS, PDF, number

pytestmark = pytest.mark.django_db


def _auth(user) -> dict[str, str]:
    _, token = ApiToken.issue(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _post(client: Client, url: str, payload: object, user) -> object:
    return client.post(url, json.dumps(payload), content_type="application/json", **_auth(user))


TEXT = "Brennende smerter i nakke og skuldre siden 2019. Drikker ikke alkohol."


def test_check_returns_the_one_result_shape(client: Client, people) -> None:
    response = _post(client, "/api/referrals/check", {"text": TEXT}, people["analyst"])
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"items", "missing", "score"}
    assert body == services.check_text(TEXT)
    assert body["items"]["pain_description"]["present"] is True
    assert body["items"]["pain_description"]["evidence"]
    assert "trauma" in body["missing"]
    assert len(body["items"]) == 14


def test_check_needs_sign_in(client: Client) -> None:
    response = client.post("/api/referrals/check", {"text": TEXT}, content_type="application/json")
    assert response.status_code == 401


def test_malformed_json_is_a_readable_4xx(client: Client, people) -> None:
    response = client.post(
        "/api/referrals", "{not json", content_type="application/json", **_auth(people["gp"])
    )
    assert 400 <= response.status_code < 500
    assert response.json()["detail"]
    missing_field = _post(client, "/api/referrals/check", {"txt": "x"}, people["gp"])
    assert missing_field.status_code in (400, 422)
    assert missing_field.json()["detail"]


def _payload(network, **extra) -> dict:
    data = {
        "unit_id": network["a"].pk,
        "patient": {
            "national_id": number(date(1982, 4, 4), 5),
            "given_name": "Nora",
            "family_name": "Testesen",
        },
        "item_texts": {"pain_description": "Brennende smerter i korsryggen i to år."},
        "free_text": "Ingen traumer.",
    }
    data.update(extra)
    return data


def test_a_referrer_creates_a_referral_that_lands_in_the_units_view(
    client: Client, network, people
) -> None:
    pdf = base64.b64encode(PDF).decode()
    response = _post(
        client,
        "/api/referrals",
        _payload(network, attachments=[{"name": "epikrise.pdf", "data_base64": pdf}]),
        people["gp"],
    )
    assert response.status_code == 201, response.content
    body = response.json()
    referral = Referral.objects.get()
    assert body["id"] == referral.pk
    assert body["received_on"] == timezone.localdate().isoformat()
    assert body["assessment_due_on"] == referral.assessment_due_on.isoformat()
    assert body["channel"] == "web"
    assert body["completeness"]["items"]["pain_description"]["present"] is True
    assert body["completeness"]["items"]["trauma"]["present"] is True
    assert body["missing_count"] == len(body["completeness"]["missing"])
    assert body["attachments"][0]["content_type"] == "application/pdf"
    assert referral.referrer.user == people["gp"]
    # The receiving unit sees it.
    listed = client.get("/api/referrals", **_auth(people["intake_a"])).json()
    assert [r["id"] for r in listed] == [referral.pk]
    assert client.get("/api/referrals", **_auth(people["intake_b"])).json() == []


def test_unit_staff_register_a_referral_received_earlier(client: Client, network, people):
    received = (timezone.localdate() - timedelta(days=4)).isoformat()
    response = _post(
        client,
        "/api/referrals",
        _payload(
            network,
            channel="paper",
            received_on=received,
            referrer={"name": "Erik Lunde", "role": "gp", "hpr_number": "9100038"},
            item_texts={},
            free_text=TEXT,
        ),
        people["intake_a"],
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["received_on"], body["channel"]) == (received, "paper")
    assert body["referrer"]["name"] == "Erik Lunde"
    other_unit = _post(
        client,
        "/api/referrals",
        _payload(network, unit_id=network["b"].pk, referrer={"name": "X", "role": "gp"}),
        people["intake_a"],
    )
    assert other_unit.status_code == 403
    no_referrer = _post(client, "/api/referrals", _payload(network), people["intake_a"])
    assert no_referrer.status_code == 400


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"patient": {"national_id": "12345678901", "given_name": "A", "family_name": "B"}},
            "national_id",
            "kontrollsifrene",
        ),
        ({"unit_id": 999999}, "unit", "Enheten finnes ikke."),
        ({"item_texts": {"horoscope": "x"}}, "item_texts", "horoscope"),
        (
            {"attachments": [{"name": "x.pdf", "data_base64": base64.b64encode(b"MZ").decode()}]},
            "attachments",
            "er ikke en PDF-, PNG- eller JPEG-fil",
        ),
        ({"attachments": [{"name": "x.pdf", "data_base64": "%%%"}]}, "attachments", "base64"),
    ],
)
def test_bad_input_is_a_400_with_a_norwegian_message(
    client: Client, network, people, change, field, message
) -> None:
    response = _post(client, "/api/referrals", _payload(network, **change), people["gp"])
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Ugyldige data."
    assert message in " ".join(body["errors"][field])
    assert not Referral.objects.exists()


def test_other_roles_cannot_create(client: Client, network, people) -> None:
    response = _post(client, "/api/referrals", _payload(network), people["analyst"])
    assert response.status_code == 403


def test_get_is_access_checked_and_audited(client: Client, make_referral, people) -> None:
    referral = make_referral(unit="a", referrer="gp", items=FULL_ITEMS)
    url = f"/api/referrals/{referral.pk}"
    before = AuditEvent.objects.filter(action="read", object_type="referrals.Referral").count()
    response = client.get(url, **_auth(people["intake_a"]))
    assert response.status_code == 200
    assert response.json()["completeness"]["missing"] == []
    assert (
        AuditEvent.objects.filter(action="read", object_type="referrals.Referral").count()
        == before + 1
    )
    assert client.get(url, **_auth(people["gp"])).status_code == 200
    for other in ("intake_b", "gp2", "analyst"):
        response = client.get(url, **_auth(people[other]))
        assert response.status_code == 404, other
        assert response.json() == {"detail": "Fant ikke."}


def test_the_list_shows_only_the_callers_referrals(client: Client, make_referral, people):
    mine = make_referral(unit="a", referrer="gp")
    make_referral(unit="b", referrer="gp2")
    assert [r["id"] for r in client.get("/api/referrals", **_auth(people["gp"])).json()] == [
        mine.pk
    ]
    assert client.get("/api/referrals", **_auth(people["analyst"])).json() == []


def test_the_list_writes_one_read_record_per_patient_listed(
    client: Client, make_referral, people
) -> None:
    listed = [make_referral(unit="a"), make_referral(unit="a")]
    make_referral(unit="b", referrer="gp2")
    reads = AuditEvent.objects.filter(action="read", object_type="referrals.Referral")
    before = reads.count()
    assert len(client.get("/api/referrals", **_auth(people["intake_a"])).json()) == 2
    events = list(reads.order_by("id")[before:])
    assert sorted(e.patient_id for e in events) == sorted(r.patient_id for r in listed)
    assert all(e.detail == {"list": True, "api": True} for e in events)
