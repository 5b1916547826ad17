"""Sign-in: Argon2, lock-out after repeated failures, API tokens, OpenID Connect (issue 2)."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password
from django.test import Client, override_settings

from painpath.accounts.models import ApiToken, Role, User
from painpath.accounts.oidc import HelseIDBackend
from tests.conftest import PASSWORD


def test_argon2_is_the_configured_hasher() -> None:
    from painpath import settings as prod

    assert prod.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    with override_settings(PASSWORD_HASHERS=prod.PASSWORD_HASHERS):
        assert make_password("x").startswith("argon2")


def test_sign_in_with_password(client: Client, network, make_user) -> None:
    make_user("leder", Role.LEADER, [network["a"]])
    response = client.post("/accounts/login/", {"username": "leder", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/start/").status_code == 200


def test_wrong_password_gives_a_norwegian_message(client: Client, make_user) -> None:
    make_user("leder", Role.LEADER)
    response = client.post("/accounts/login/", {"username": "leder", "password": "wrong"})
    assert "Feil brukernavn eller passord" in response.content.decode()


def test_lock_out_after_repeated_failures(client: Client, make_user, settings) -> None:
    make_user("leder", Role.LEADER)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "leder", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "leder", "password": PASSWORD})
    assert response.status_code == 429
    assert "Kontoen er låst" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_pages_need_sign_in(client: Client) -> None:
    response = client.get("/patients/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_api_needs_authentication(client: Client) -> None:
    response = client.get("/api/patients")
    assert response.status_code == 401


def test_api_token_authenticates_and_revoked_token_does_not(client: Client, make_user) -> None:
    user = make_user("integrasjon", Role.CLINICIAN)
    token, raw = ApiToken.issue(user, "EPJ")
    assert token.key_hash != raw and raw not in token.key_hash
    assert client.get("/api/patients", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    token.revoked = True
    token.save()
    assert client.get("/api/patients", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_token_command_creates_a_working_token(client: Client, make_user, capsys) -> None:
    from django.core.management import call_command

    make_user("integrasjon", Role.CLINICIAN)
    call_command("token", "create", "integrasjon")
    raw = capsys.readouterr().out.strip()
    assert client.get("/api/patients", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200


@pytest.mark.django_db
def test_helseid_links_a_login_to_an_existing_user_by_hpr_number(make_user) -> None:
    user = make_user("lege", Role.CLINICIAN, hpr_number="1234567")
    backend = HelseIDBackend.__new__(HelseIDBackend)  # no IdP needed for the claim mapping
    claims = {"sub": "abc", "helseid://claims/hpr/hpr_number": "1234567"}
    assert list(backend.filter_users_by_claims(claims)) == [user]


@pytest.mark.django_db
def test_helseid_never_creates_unknown_users() -> None:
    backend = HelseIDBackend.__new__(HelseIDBackend)
    assert not backend.filter_users_by_claims(
        {"helseid://claims/hpr/hpr_number": "7654321"}
    ).exists()
    assert not backend.filter_users_by_claims({"sub": "no-hpr"}).exists()
    assert backend.create_user({"sub": "x"}) is None
    assert not User.objects.exists()


@override_settings(OIDC_ENABLED=True)
def test_login_page_offers_helseid_when_switched_on(client: Client, db) -> None:
    from django.urls import clear_url_caches, include, path

    from painpath import urls

    urls.urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
    clear_url_caches()
    try:
        assert "Logg inn med HelseID" in client.get("/accounts/login/").content.decode()
    finally:
        urls.urlpatterns.pop()
        clear_url_caches()


def test_login_page_has_no_helseid_when_off(client: Client, db) -> None:
    assert "HelseID" not in client.get("/accounts/login/").content.decode()
