"""Bad input to the API gets a 4xx with a readable Norwegian message (issue 2, issue 3)."""

from django.test import Client

from painpath.accounts.models import ApiToken, Role


def test_malformed_json_is_a_readable_400(client: Client, network, make_user) -> None:
    _, token = ApiToken.issue(make_user("k", Role.CLINICIAN, [network["a"]]))
    response = client.post(
        "/api/patients",
        "{not json",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Forespørselen kunne ikke leses: den er ikke gyldig JSON."


def test_missing_fields_are_named(client: Client, network, make_user) -> None:
    _, token = ApiToken.issue(make_user("k", Role.CLINICIAN, [network["a"]]))
    response = client.post(
        "/api/patients",
        {"given_name": "A"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 422
    body = response.json()
    assert "national_id" in body["detail"] and "family_name" in body["detail"]
    assert body["detail"].startswith("Forespørselen har ikke forventet form")
