"""Letter pages and API (D5): access (404 outside the referral's units), audit (read, export),
the PDF download, and the outbox with marking as printed/sent."""

from __future__ import annotations

import pytest
from django.test import Client

from painpath.accounts.models import ApiToken
from painpath.audit.models import AuditEvent
from painpath.letters.decisions import produce_decision_letters
from painpath.letters.models import Letter

pytestmark = pytest.mark.django_db


@pytest.fixture
def granted(letters_setup, make_decision) -> dict[str, Letter]:
    decision = make_decision("right_granted")
    letters = {x.recipient_kind: x for x in produce_decision_letters(decision)}
    return {"decision": decision, **letters}


def test_letters_of_a_decision_page(client: Client, letters_setup, granted) -> None:
    client.force_login(letters_setup["intake_a"])
    before = AuditEvent.objects.count()
    response = client.get(f"/letters/decision/{granted['decision'].pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Brev for avgjørelsen" in body
    assert "Per Henviser" in body and "Nora Testesen" in body and "Hilde Solberg" in body
    assert "1 – innkalling til behandling" in body or "2 – informasjon om behandling" in body
    assert f"/letters/{granted['patient'].pk}/pdf/" in body
    event = AuditEvent.objects.order_by("id")[before]
    assert (event.action, event.patient_id) == ("read", letters_setup["patient"].pk)


def test_url_name_for_the_intake_pages() -> None:
    from django.urls import reverse

    assert reverse("letters:for_decision", kwargs={"decision_id": 7}) == "/letters/decision/7/"


def test_letter_detail_shows_the_html_as_sent_sandboxed(
    client: Client, letters_setup, granted
) -> None:
    client.force_login(letters_setup["intake_a"])
    letter = granted["patient"]
    before = AuditEvent.objects.count()
    body = client.get(f"/letters/{letter.pk}/").content.decode()
    assert 'sandbox=""' in body and "srcdoc=" in body
    assert "Du har rett til nødvendig helsehjelp" in body  # escaped inside srcdoc, still text
    assert "uendret siden sending" in body  # checksum verified
    assert letter.pdf_sha256 in body
    events = list(AuditEvent.objects.order_by("id")[before:])
    assert [(e.action, e.object_type, e.object_id) for e in events] == [
        ("read", "letters.Letter", str(letter.pk))
    ]


def test_pdf_download_is_the_stored_pdf_and_is_audited_as_export(
    client: Client, letters_setup, granted
) -> None:
    client.force_login(letters_setup["intake_a"])
    letter = granted["patient"]
    response = client.get(f"/letters/{letter.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert "brev-2026-" in response["Content-Disposition"]
    assert "-pasient-" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == letter.pdf_bytes  # type: ignore[attr-defined]
    event = AuditEvent.objects.order_by("-id").first()
    assert event is not None
    assert (event.action, event.object_id, event.patient_id) == (
        "export",
        str(letter.pk),
        letters_setup["patient"].pk,
    )


def test_other_units_get_404_everywhere(client: Client, letters_setup, granted) -> None:
    client.force_login(letters_setup["clinician_b"])
    letter = granted["patient"]
    before = AuditEvent.objects.count()
    for url in (
        f"/letters/decision/{granted['decision'].pk}/",
        f"/letters/{letter.pk}/",
        f"/letters/{letter.pk}/pdf/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/letters/{letter.pk}/mark/").status_code == 404
    assert AuditEvent.objects.count() == before  # nothing read, nothing exported
    body = client.get("/letters/outbox/").content.decode()
    assert "Nora Testesen" not in body
    assert Letter.objects.get(pk=letter.pk).dispatch_state == "pending"


def test_a_referrer_sees_no_letters_pages(client: Client, letters_setup, granted) -> None:
    client.force_login(letters_setup["referrer_user"])
    assert client.get(f"/letters/{granted['patient'].pk}/").status_code == 404
    assert client.get("/letters/outbox/").status_code == 404


def test_after_forwarding_the_receiving_unit_sees_the_forwarding_letters(
    client: Client, letters_setup, make_decision
) -> None:
    b = letters_setup["b"]
    decision = make_decision("forwarded", forwarded_to=b)
    referral = letters_setup["referral"]
    referral.clinic = b
    referral.save()
    letters = produce_decision_letters(decision)
    assert {x.clinic_id for x in letters} == {letters_setup["a"].pk}  # sent by the deciding unit
    client.force_login(letters_setup["clinician_b"])
    assert client.get(f"/letters/{letters[0].pk}/").status_code == 200
    assert client.post(f"/letters/{letters[0].pk}/mark/").status_code == 403  # not its outbox


def test_outbox_lists_and_marks_as_printed_and_sent(client: Client, letters_setup, granted) -> None:
    client.force_login(letters_setup["intake_a"])
    body = client.get("/letters/outbox/").content.decode()
    assert "Utboks" in body and "Til utskrift" in body
    assert "Nora Testesen" in body and "Hilde Solberg" in body  # patient and GP: print
    assert "Per Henviser" not in body  # electronic: the other list
    body = client.get("/letters/outbox/?list=electronic").content.decode()
    assert "Per Henviser" in body and "HER 8765432" in body

    patient, gp = granted["patient"], granted["gp"]
    response = client.post(
        "/letters/outbox/mark/", {"letter": [patient.pk, gp.pk], "next": "/letters/outbox/"}
    )
    assert response.status_code == 302 and response["Location"] == "/letters/outbox/"
    for letter in (patient, gp):
        letter = Letter.objects.get(pk=letter.pk)
        assert letter.dispatch_state == "printed"
        assert letter.dispatched_by == letters_setup["intake_a"]
        assert letter.verify()
    referrer = granted["referrer"]
    client.post(f"/letters/{referrer.pk}/mark/")
    assert Letter.objects.get(pk=referrer.pk).dispatch_state == "sent"
    body = client.get("/letters/outbox/").content.decode()
    assert "Ingen brev venter på utskrift." in body
    body = client.get("/letters/outbox/?list=done").content.decode()
    assert "skrevet ut og sendt i posten" in body and "sendt elektronisk" in body
    # Marking twice says so, and changes nothing.
    response = client.post(f"/letters/{referrer.pk}/mark/", follow=True)
    assert "Brevet er allerede merket" in response.content.decode()


def test_outbox_is_in_the_menu_for_unit_staff(client: Client, letters_setup) -> None:
    client.force_login(letters_setup["intake_a"])
    assert 'href="/letters/outbox/"' in client.get("/patients/").content.decode()
    client.force_login(letters_setup["referrer_user"])
    assert 'href="/letters/outbox/"' not in client.get("/start/").content.decode()


def test_patient_page_lists_the_letters(client: Client, letters_setup, granted) -> None:
    client.force_login(letters_setup["intake_a"])
    body = client.get(f"/patients/{letters_setup['patient'].pk}/").content.decode()
    assert 'data-testid="patient-letters"' in body
    assert f"/letters/{granted['referrer'].pk}/" in body


def test_a_decision_without_letters_can_have_them_produced(
    client: Client, letters_setup, make_decision
) -> None:
    decision = make_decision("no_right", justification="B.", advice="R.")
    client.force_login(letters_setup["intake_a"])
    body = client.get(f"/letters/decision/{decision.pk}/").content.decode()
    assert "Lag brevene nå" in body
    client.post(f"/letters/decision/{decision.pk}/")
    assert Letter.objects.filter(related_id=decision.pk).count() == 3


# --- API ---------------------------------------------------------------------------------------


def _auth(user) -> dict[str, str]:
    _, token = ApiToken.issue(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_api_letters_of_a_decision_metadata_pdf_and_outbox(
    client: Client, letters_setup, granted
) -> None:
    auth = _auth(letters_setup["intake_a"])
    decision = granted["decision"]
    rows = client.get(f"/api/letters/decisions/{decision.pk}", **auth).json()
    assert {r["recipient_kind"] for r in rows} == {"referrer", "patient", "gp"}
    referrer = next(r for r in rows if r["recipient_kind"] == "referrer")
    assert referrer["status_code"] in (1, 2) and referrer["channel"] == "electronic"
    assert referrer["decision_id"] == decision.pk
    letter = granted["patient"]
    meta = client.get(f"/api/letters/{letter.pk}", **auth).json()
    assert meta["pdf_sha256"] == letter.pdf_sha256 and "html" not in meta
    response = client.get(f"/api/letters/{letter.pk}/pdf", **auth)
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == letter.pdf_bytes  # type: ignore[attr-defined]
    assert AuditEvent.objects.filter(action="export", object_id=str(letter.pk)).exists()
    outbox = client.get("/api/letters/outbox?which=print", **auth).json()
    assert {r["recipient_kind"] for r in outbox} == {"patient", "gp"}
    marked = client.post(f"/api/letters/{letter.pk}/dispatched", **auth)
    assert marked.status_code == 200 and marked.json()["dispatch_state"] == "printed"
    again = client.post(f"/api/letters/{letter.pk}/dispatched", **auth)
    assert again.status_code == 400 and "allerede merket" in str(again.json())


def test_api_answers_404_outside_the_units(client: Client, letters_setup, granted) -> None:
    auth = _auth(letters_setup["clinician_b"])
    letter = granted["patient"]
    assert client.get(f"/api/letters/decisions/{granted['decision'].pk}", **auth).status_code == 404
    assert client.get(f"/api/letters/{letter.pk}", **auth).status_code == 404
    assert client.get(f"/api/letters/{letter.pk}/pdf", **auth).status_code == 404
    assert client.post(f"/api/letters/{letter.pk}/dispatched", **auth).status_code == 404
    assert (
        client.get(f"/api/letters/outbox?unit_id={letters_setup['a'].pk}", **auth).status_code
        == 404
    )
    assert client.get("/api/letters/outbox", **auth).json() == []


def test_the_api_is_documented_in_openapi(client: Client) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/letters/decisions/{decision_id}",
        "/api/letters/outbox",
        "/api/letters/{letter_id}",
        "/api/letters/{letter_id}/pdf",
        "/api/letters/{letter_id}/dispatched",
    ):
        assert path in paths, path


def test_the_outbox_is_paged(client: Client, letters_setup) -> None:
    from painpath.letters.services import store_document

    for n in range(55):
        store_document(
            clinic=letters_setup["a"],
            patient=letters_setup["patient"],
            kind="notice",
            recipient_kind="patient",
            recipient_name=f"Mottaker {n:02d}",
            channel="print",
            html=f"<p>Brev {n}</p>",
            pdf=b"%PDF-1.7 stand-in",
            title=f"Brev {n:02d}",
        )
    client.force_login(letters_setup["intake_a"])
    first = client.get("/letters/outbox/").content.decode()
    assert "Side 1 av 2" in first and "Mottaker 00" in first and "Mottaker 54" not in first
    second = client.get("/letters/outbox/?list=print&page=2").content.decode()
    assert "Mottaker 54" in second and "Mottaker 00" not in second


def test_an_administrator_edits_a_units_template_starting_from_the_defaults(
    client: Client, letters_setup, make_user
) -> None:
    from painpath.letters.models import LetterTemplate

    admin = make_user("admin", "admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    body = client.get("/admin/letters/lettertemplate/add/").content.decode()
    assert "Mange får time tidligere" in body  # the default wording, ready to edit
    assert "kan ikke redigeres bort" in body
    response = client.post(
        "/admin/letters/lettertemplate/add/",
        {
            "clinic": letters_setup["a"].pk,
            "patient_channel": "print",
            "signature": "for inntaksteamet\nSmerteklinikken A",
            "granted_text": "Egen tekst.",
        },
    )
    assert response.status_code == 302
    assert LetterTemplate.objects.get(clinic=letters_setup["a"]).granted_text == "Egen tekst."
    # Stored letters can be looked at, never changed or deleted.
    assert client.get("/admin/letters/letter/add/").status_code == 403


def test_the_api_outbox_reads_a_constant_number_of_queries(
    client: Client, letters_setup, granted
) -> None:
    """Each letter's decision_id comes from its content type id, not one query per letter."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from painpath.letters.services import store_document

    auth = _auth(letters_setup["intake_a"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            rows = client.get("/api/letters/outbox?which=print", **auth).json()
        assert any(r["decision_id"] == granted["decision"].pk for r in rows)
        return len(ctx.captured_queries)

    few = queries()
    for n in range(5):
        store_document(
            clinic=letters_setup["a"],
            patient=letters_setup["patient"],
            kind="notice",
            recipient_kind="other",
            recipient_name=f"Mottaker {n}",
            channel="print",
            html=f"<p>Brev {n}</p>",
            pdf=b"%PDF-1.7 stand-in",
            title=f"Brev {n}",
            related=granted["decision"] if n == 0 else letters_setup["referral"],
        )
    assert queries() == few


def test_a_corrections_letters_page_marks_replacements_without_loading_the_old_pdfs(
    client: Client, letters_setup, granted, make_decision
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    correction = make_decision(
        "no_right",
        corrects=granted["decision"],
        correction_reason="Nye opplysninger.",
        justification="Ikke rett.",
        advice="Råd.",
    )
    produce_decision_letters(correction)
    client.force_login(letters_setup["intake_a"])
    with CaptureQueriesContext(connection) as ctx:
        body = client.get(f"/letters/decision/{correction.pk}/").content.decode()
    assert body.count("erstatter tidligere brev") == 3
    assert not any('"pdf"' in q["sql"] for q in ctx.captured_queries)
    new = Letter.objects.get(related_id=correction.pk, kind="decision", recipient_kind="patient")
    with CaptureQueriesContext(connection) as ctx:
        body = client.get(f"/letters/{new.pk}/").content.decode()
    assert "Dette brevet erstatter brevet av" in body
    assert f'href="/letters/{granted["patient"].pk}/"' in body
    assert sum('"pdf"' in q["sql"] for q in ctx.captured_queries) == 1  # the letter's own
    body = client.get(f"/letters/{granted['patient'].pk}/").content.decode()
    assert "Dette brevet er erstattet av et korrigert brev" in body
    assert f'href="/letters/{new.pk}/"' in body
