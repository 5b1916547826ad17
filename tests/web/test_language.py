"""Norwegian bokmål by default, English when the user switches (through Django's translation)."""

from django.test import Client


def test_bokmal_is_the_default(client: Client, db) -> None:
    assert "Smerteklinikker i Norge" in client.get("/").content.decode()


def test_english_can_be_switched_on(client: Client, db) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    body = response.content.decode()
    assert "Pain clinics in Norway" in body
    assert "Smerteklinikker i Norge" not in body
