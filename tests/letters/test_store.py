"""The reusable "store a document as sent" service (D5): HTML + PDF, hashes, immutable."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from painpath.letters.models import DispatchState, Letter, LetterImmutable, sha256_hex
from painpath.letters.services import (
    Recipient,
    letters_for,
    render_letter,
    render_pdf,
    store_document,
)

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes, tmp_path) -> str:
    """The text of a PDF, by poppler's pdftotext (installed with poppler-utils)."""
    assert shutil.which("pdftotext"), "poppler-utils (pdftotext) is needed for the PDF tests"
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def _store(setup, **kw):
    unit, patient = setup["a"], setup["patient"]
    recipient = Recipient("gp", "Hilde Solberg", ["Storgata legesenter"])
    html = render_letter(
        "letters/base_letter.html",
        clinic=unit,
        recipient=recipient,
        title="Oppsummering etter samhandlingsmøte",
        patient=patient,
        reference="2026/7",
    )
    values = {
        "clinic": unit,
        "patient": patient,
        "kind": "summary_meeting",
        "recipient_kind": "gp",
        "recipient_name": recipient.name,
        "recipient_address": recipient.address,
        "channel": "print",
        "html": html,
        "title": "Oppsummering etter samhandlingsmøte",
        "related": setup["referral"],
        "referral": setup["referral"],
    }
    values.update(kw)
    return store_document(**values)


def test_a_document_is_stored_as_sent_with_matching_hashes(letters_setup, tmp_path) -> None:
    letter = _store(letters_setup)
    letter.refresh_from_db()
    assert letter.pdf_bytes.startswith(b"%PDF-")
    assert letter.html_sha256 == sha256_hex(letter.html.encode())
    assert letter.pdf_sha256 == sha256_hex(letter.pdf_bytes)
    assert letter.verify()
    assert letter.dispatch_state == DispatchState.PENDING
    assert list(letters_for(letters_setup["referral"])) == [letter]
    text = pdf_text(letter.pdf_bytes, tmp_path)
    assert "Nora Testesen" in text
    assert "Smerteklinikken A" in text
    assert "Vår ref." in text and "2026/7" in text


def test_the_pdf_embeds_its_fonts_and_fetches_nothing_remote(letters_setup, tmp_path) -> None:
    pdf = render_pdf(
        '<html><body style="font-family: DejaVu Sans">Blåbærsyltetøy'
        '<img src="https://example.org/tracker.png">'
        '<link rel="stylesheet" href="http://example.org/x.css"></body></html>'
    )
    path = tmp_path / "x.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "DejaVu" in fonts
    for row in fonts.splitlines()[2:]:
        assert row.split()[-5] == "yes", row  # the "emb" column: every font embedded
    assert "Blåbærsyltetøy" in pdf_text(pdf, tmp_path)


def test_bad_input_stores_nothing(letters_setup) -> None:
    with pytest.raises(ValidationError) as err:
        _store(letters_setup, html=" ", channel="electronic")
    assert "channel" in err.value.message_dict and "html" in err.value.message_dict
    assert not Letter.objects.exists()


def test_content_cannot_change_but_dispatch_state_can(letters_setup) -> None:
    letter = _store(letters_setup)
    letter.html = letter.html.replace("Nora", "Nina")
    with pytest.raises(LetterImmutable):
        letter.save()
    letter = Letter.objects.get(pk=letter.pk)
    letter.pdf = b"%PDF-forged"
    with pytest.raises(LetterImmutable):
        letter.save()
    letter = Letter.objects.get(pk=letter.pk)
    with pytest.raises(LetterImmutable):
        letter.delete()
    letter.dispatch_state = DispatchState.PRINTED
    letter.save()
    fresh = Letter.objects.get(pk=letter.pk)
    assert fresh.dispatch_state == DispatchState.PRINTED
    assert fresh.verify()


def test_on_postgresql_the_table_refuses_content_updates(letters_setup) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    letter = _store(letters_setup)
    with pytest.raises(DatabaseError), transaction.atomic():
        Letter.objects.filter(pk=letter.pk).update(html="forged")
    with pytest.raises(DatabaseError), transaction.atomic():
        Letter.objects.filter(pk=letter.pk).delete()
    Letter.objects.filter(pk=letter.pk).update(dispatch_state="printed")
    assert Letter.objects.get(pk=letter.pk).dispatch_state == "printed"
