"""The web channels (D3): the referrer's form with its live check, receipt and status page; the
unit's incoming list, referral page, flags and paste registration; access and audit."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from painpath.audit.models import AuditEvent
from painpath.intake.models import AddressedTo, InformationRequest
from painpath.patients.models import Patient
from painpath.referrals.models import Channel, Referral, ReferralFlag
from tests.referrals.conftest import FULL_ITEMS, PDF, number

pytestmark = pytest.mark.django_db


def _form(network, **extra) -> dict:
    data = {
        "unit": str(network["a"].pk),
        "referrer_role": "gp",
        "national_id": number(date(1975, 2, 14), 11),
        "given_name": "Kari",
        "family_name": "Testesen",
        "gp_name": "Hilde Solberg",
        "diagnosis_codes": "L03",
    }
    data.update(extra)
    return data


def _items(**texts: str) -> dict[str, str]:
    return {f"item_{code}": text for code, text in texts.items()}


def test_the_form_shows_the_fourteen_points_in_norwegian(client: Client, people) -> None:
    client.force_login(people["gp"])
    body = client.get("/referrals/new/").content.decode()
    assert "Ny henvisning til smerteklinikk" in body
    assert body.count('class="item-field') == 14
    assert "Pasientens eget syn på situasjonen og ønske om hjelp" in body
    assert "Traumatiske opplevelser" in body
    assert "0 av 14 punkter dekket" in body
    assert 'hx-post="/referrals/check/?mode=items"' in body


def test_the_live_check_names_what_is_missing_with_hints(client: Client, people) -> None:
    client.force_login(people["gp"])
    response = client.post(
        "/referrals/check/?mode=items",
        _items(pain_description="Brennende smerter i korsrygg i to år.", trauma="Ingen traumer."),
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "2 av 14 punkter dekket" in body
    assert "Mangler fortsatt (12 punkter)" in body
    assert "Fysisk funksjon" in body
    assert "Hva pasienten klarer i hverdagen" in body  # the hint
    # One out-of-band badge per item, so each field shows its own state.
    assert body.count('hx-swap-oob="true"') == 14
    assert 'id="item-status-pain_description"' in body
    assert "✓ dekket" in body.split('id="item-status-pain_description"')[1].split("</span>")[0]


def test_the_live_check_of_pasted_text(client: Client, people) -> None:
    client.force_login(people["intake_a"])
    body = client.post(
        "/referrals/check/?mode=text", {"free_text": "Drikker ikke alkohol."}
    ).content.decode()
    assert "1 av 14 punkter dekket" in body
    assert "hx-swap-oob" not in body


def test_an_incomplete_referral_asks_for_confirmation_before_it_is_sent(
    client: Client, network, people
) -> None:
    client.force_login(people["gp"])
    data = _form(network, **_items(pain_description="Brennende smerter i nakken i tre år."))
    response = client.post("/referrals/new/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Henvisningen mangler 13 av retningslinjens fjorten punkter" in body
    assert "Send ufullstendig henvisning" in body
    assert not Referral.objects.exists()

    response = client.post("/referrals/new/", {**data, "confirm_incomplete": "1"})
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/referrals/{referral.pk}/receipt/"
    assert referral.channel == Channel.WEB
    assert referral.received_on == timezone.localdate()
    assert referral.missing_count == 13
    assert referral.referrer.user == people["gp"]
    assert referral.referrer.hpr_number == "9144889"
    assert referral.patient.registered_by is None
    assert referral.item_texts == {"pain_description": "Brennende smerter i nakken i tre år."}


def test_a_complete_referral_is_sent_without_questions_and_gives_a_receipt(
    client: Client, network, people
) -> None:
    client.force_login(people["gp"])
    upload = SimpleUploadedFile("epikrise.pdf", PDF, content_type="application/pdf")
    response = client.post(
        "/referrals/new/",
        {
            **_form(network, serious_illness_suspected="on"),
            **_items(**FULL_ITEMS),
            "attachments": [upload],
        },
    )
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert referral.missing_count == 0
    assert referral.serious_illness_suspected
    assert referral.attachments.get().name == "epikrise.pdf"
    body = client.get(response["Location"]).content.decode()
    assert "Kvittering: henvisningen er sendt" in body
    assert "Smerteklinikken A mottok henvisningen" in body
    assert "mistanke om alvorlig sykdom" in body
    assert "ble sendt uten" not in body


def test_bad_input_is_refused_with_norwegian_messages_and_nothing_stored(
    client: Client, network, people
) -> None:
    client.force_login(people["gp"])
    bad_id = client.post(
        "/referrals/new/", {**_form(network, national_id="12345678901"), "confirm_incomplete": "1"}
    )
    assert bad_id.status_code == 400
    assert "kontrollsifrene" in bad_id.content.decode()

    fake_pdf = SimpleUploadedFile("henvisning.pdf", b"MZ\x90\x00", content_type="application/pdf")
    wrong_type = client.post(
        "/referrals/new/",
        {**_form(network), **_items(**FULL_ITEMS), "attachments": [fake_pdf]},
    )
    assert wrong_type.status_code == 400
    assert "er ikke en PDF-, PNG- eller JPEG-fil" in wrong_type.content.decode()

    unknown_unit = client.post(
        "/referrals/new/", {**_form(network, unit="999999"), **_items(**FULL_ITEMS)}
    )
    assert unknown_unit.status_code == 400
    assert not Referral.objects.exists()
    assert not Patient.objects.exists()


def test_a_too_large_attachment_is_refused(client: Client, network, people, settings) -> None:
    from painpath.referrals import services

    client.force_login(people["gp"])
    big = SimpleUploadedFile(
        "skann.pdf", PDF + b"0" * services.MAX_ATTACHMENT_BYTES, content_type="application/pdf"
    )
    response = client.post(
        "/referrals/new/", {**_form(network), **_items(**FULL_ITEMS), "attachments": [big]}
    )
    assert response.status_code == 400
    assert "skann.pdf er for stor (10,0 MB); et vedlegg kan være høyst 10 MB." in (
        response.content.decode()
    )
    assert not Referral.objects.exists()


def test_unit_staff_cannot_use_the_referrer_form(client: Client, people) -> None:
    client.force_login(people["intake_a"])
    assert client.get("/referrals/new/").status_code == 403


def test_script_tags_are_shown_as_text(client: Client, make_referral, people) -> None:
    referral = make_referral(
        free_text="<script>alert('x')</script> Smerter i nakken.",
        items={"pain_description": "<img src=x onerror=alert(1)> brennende smerter i ryggen"},
    )
    for user in ("intake_a", "gp"):
        client.force_login(people[user])
        body = client.get(f"/referrals/{referral.pk}/").content.decode()
        assert "<script>alert" not in body
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in body
        assert "<img src=x" not in body
        assert "&lt;img src=x onerror=alert(1)&gt;" in body


def test_the_intake_page_shows_each_item_with_its_evidence(client: Client, network, people) -> None:
    from painpath.referrals import services

    referral = services.receive_referral(
        patient=services.resolve_patient(
            national_id=number(date(1966, 6, 6), 2), given_name="Per", family_name="Olsen"
        ),
        clinic=network["a"],
        referrer=services.resolve_referrer(name="Erik Lunde", role="gp"),
        channel=Channel.PAPER,
        received_on=timezone.localdate() - timedelta(days=3),
        free_text=(
            "Brennende smerter i høyre skulder siden 2021. Drikker ikke alkohol.\nTakk for hjelpen."
        ),
    )
    client.force_login(people["intake_a"])
    response = client.get(f"/referrals/{referral.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Henvisningens kompletthet" in body
    row = body.split('data-testid="item-pain_description"')[1].split("</tr>")[0]
    assert "dekket" in row
    assert "Brennende smerter i høyre skulder siden 2021." in row
    row = body.split('data-testid="item-trauma"')[1].split("</tr>")[0]
    assert "mangler" in row
    # The evidence is highlighted in the referral text.
    assert '<mark class="evidence-mark" data-items="pain_description"' in body
    assert "Erik Lunde" in body
    assert "papir, registrert av klinikken" in body


def test_the_completeness_partial_can_be_included_with_a_dict(make_referral) -> None:
    from django.template.loader import render_to_string

    referral = make_referral(items={"trauma": "Ingen traumer."})
    html = render_to_string("referrals/_completeness.html", {"completeness": referral.completeness})
    assert "1 av 14 punkter dekket" in html
    assert "Traumatiske opplevelser" in html


def test_under_18_is_flagged_prominently(client: Client, make_referral, people) -> None:
    referral = make_referral(born=date(2011, 8, 1))
    client.force_login(people["intake_a"])
    body = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert 'data-testid="out-of-scope"' in body
    assert "utenfor retningslinjens målgruppe" in body
    listing = client.get("/referrals/incoming/").content.decode()
    assert "Under 18 år" in listing
    client.force_login(people["gp"])
    receipt = client.get(f"/referrals/{referral.pk}/receipt/").content.decode()
    assert "Pasienten er under 18 år" in receipt


def test_staff_confirm_remove_and_add_flags(client: Client, make_referral, people) -> None:
    referral = make_referral(born=date(1950, 1, 1))
    client.force_login(people["intake_a"])
    url = f"/referrals/{referral.pk}/flags/"
    assert client.post(url, {"code": "older", "action": "confirm"}).status_code == 302
    assert ReferralFlag.objects.get(referral=referral, code="older").confirmed is True
    client.post(url, {"code": "older", "action": "remove"})
    assert ReferralFlag.objects.get(referral=referral, code="older").confirmed is False
    client.post(url, {"code": "interpreter", "action": "confirm"})
    added = ReferralFlag.objects.get(referral=referral, code="interpreter")
    assert (added.suggested, added.confirmed) == (False, True)
    body = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Behov for tolk" in body and "Lagt til av ansatte." in body
    # Another unit's staff and the referrer cannot touch the flags.
    for other in ("intake_b", "gp"):
        client.force_login(people[other])
        assert client.post(url, {"code": "trauma", "action": "confirm"}).status_code == 404
    assert not ReferralFlag.objects.filter(code="trauma").exists()


def test_staff_register_a_pasted_referral_received_earlier(client: Client, network, people) -> None:
    client.force_login(people["intake_a"])
    received = timezone.localdate() - timedelta(days=6)
    response = client.post(
        "/referrals/register/",
        {
            "unit": str(network["a"].pk),
            "channel": Channel.E_REFERRAL,
            "received_on": received.isoformat(),
            "national_id": number(date(1960, 3, 3), 8),
            "given_name": "Ole",
            "family_name": "Berntsen",
            "referrer_name": "Anne Bakke",
            "referrer_role": "hospital_doctor",
            "referrer_hpr_number": "9100021",
            "referrer_organisation": "Nevrologisk avd.",
            "referrer_her_id": "8011223",
            "free_text": "Jagende smerter i venstre kjeve siden 2021. Ingen alkohol.",
        },
    )
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/referrals/{referral.pk}/"
    assert referral.received_on == received
    assert referral.channel == Channel.E_REFERRAL
    assert (referral.referrer.name, referral.referrer.her_id) == ("Anne Bakke", "8011223")
    assert referral.completeness["items"]["pain_description"]["present"]
    listing = client.get("/referrals/incoming/").content.decode()
    assert "Ole Berntsen" in listing
    assert "E-henvisning" in listing


def test_registration_refuses_a_future_date_and_another_unit(
    client: Client, network, people
) -> None:
    client.force_login(people["intake_a"])
    base = {
        "channel": Channel.PAPER,
        "national_id": number(date(1960, 3, 3), 8),
        "given_name": "Ole",
        "family_name": "Berntsen",
        "referrer_name": "Anne Bakke",
        "referrer_role": "gp",
        "free_text": "Smerter.",
    }
    future = client.post(
        "/referrals/register/",
        {
            **base,
            "unit": str(network["a"].pk),
            "received_on": (timezone.localdate() + timedelta(days=2)).isoformat(),
        },
    )
    assert future.status_code == 400
    assert "kan ikke være fram i tid" in future.content.decode()
    other_unit = client.post(
        "/referrals/register/",
        {**base, "unit": str(network["b"].pk), "received_on": timezone.localdate().isoformat()},
    )
    assert other_unit.status_code == 400
    assert not Referral.objects.exists()


def test_incoming_lists_only_the_units_referrals_whatever_the_channel(
    client: Client, make_referral, people
) -> None:
    web = make_referral(unit="a")
    paper = make_referral(unit="a", channel=Channel.PAPER, referrer="gp2")
    other = make_referral(unit="b")
    client.force_login(people["intake_a"])
    body = client.get("/referrals/incoming/").content.decode()
    assert web.patient.full_name in body and paper.patient.full_name in body
    assert other.patient.full_name not in body
    client.force_login(people["gp"])
    assert client.get("/referrals/incoming/").status_code == 404


def test_the_referral_page_is_404_outside_the_access_rule(
    client: Client, make_referral, people
) -> None:
    referral = make_referral(unit="a", referrer="gp")
    for user, status in (
        ("intake_a", 200),
        ("gp", 200),
        ("intake_b", 404),
        ("gp2", 404),
        ("analyst", 404),
    ):
        client.force_login(people[user])
        assert client.get(f"/referrals/{referral.pk}/").status_code == status, user
    # The receipt is the sending referrer's alone; a refused receipt reads (and audits) nothing.
    reads = AuditEvent.objects.filter(action="read", object_type="referrals.Referral")
    before = reads.count()
    for user in ("intake_a", "gp2"):
        client.force_login(people[user])
        assert client.get(f"/referrals/{referral.pk}/receipt/").status_code == 404, user
    assert reads.count() == before
    client.force_login(people["gp"])
    assert client.get(f"/referrals/{referral.pk}/receipt/").status_code == 200
    assert reads.count() == before + 1


def test_each_view_of_a_referral_writes_one_read_record(
    client: Client, make_referral, people
) -> None:
    referral = make_referral(unit="a")
    client.force_login(people["intake_a"])
    before = AuditEvent.objects.count()
    client.get(f"/referrals/{referral.pk}/")
    events = list(AuditEvent.objects.order_by("id")[before:])
    assert len(events) == 1
    event = events[0]
    assert (event.action, event.object_type, event.object_id) == (
        "read",
        "referrals.Referral",
        str(referral.pk),
    )
    assert (event.username, event.patient_id) == ("inntak.a", referral.patient_id)
    client.get(f"/referrals/{referral.pk}/")
    assert AuditEvent.objects.count() == before + 2
    # A refused view reads nothing.
    client.force_login(people["intake_b"])
    client.get(f"/referrals/{referral.pk}/")
    assert AuditEvent.objects.count() == before + 2


def test_the_referrer_sees_the_status_and_answers_the_teams_question(
    client: Client, make_referral, people
) -> None:
    referral = make_referral(items={"pain_description": "Brennende smerter i ryggen i to år."})
    question = InformationRequest.objects.create(
        referral=referral,
        asked_by=people["intake_a"],
        addressed_to=AddressedTo.REFERRER,
        items=["trauma"],
        question="Har pasienten opplevd traumer?",
    )
    InformationRequest.objects.create(
        referral=referral,
        asked_by=people["intake_a"],
        addressed_to=AddressedTo.PATIENT,
        question="Internt spørsmål til pasienten",
    )
    client.force_login(people["gp"])
    body = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Henvisning for" in body
    assert "Mottatt" in body and "Under vurdering" in body and "Avgjort" in body
    assert "Har pasienten opplevd traumer?" in body
    assert "Internt spørsmål til pasienten" not in body
    mine = client.get("/referrals/mine/").content.decode()
    assert "1 spørsmål å svare på" in mine

    assert referral.completeness["items"]["trauma"]["present"] is False
    response = client.post(
        f"/referrals/{referral.pk}/questions/{question.pk}/answer/",
        {"answer": "Benekter traumatiske opplevelser."},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.answer == "Benekter traumatiske opplevelser." and question.answered_at
    referral.refresh_from_db()
    assert referral.completeness["items"]["trauma"]["present"] is True
    # Another referrer cannot answer.
    client.force_login(people["gp2"])
    url = f"/referrals/{referral.pk}/questions/{question.pk}/answer/"
    assert client.post(url, {"answer": "x"}).status_code == 404


def test_my_referrals_lists_only_my_own(client: Client, make_referral, people) -> None:
    mine = make_referral(referrer="gp")
    theirs = make_referral(referrer="gp2")
    client.force_login(people["gp"])
    body = client.get("/referrals/mine/").content.decode()
    assert mine.patient.full_name in body
    assert theirs.patient.full_name not in body


def test_attachments_are_served_to_those_who_may_see_the_referral(
    client: Client, make_referral, people
) -> None:
    from painpath.referrals import services

    referral = make_referral(
        attachments=[services.AttachmentIn("epikrise.pdf", "application/pdf", PDF)]
    )
    attachment = referral.attachments.get()
    url = f"/referrals/{referral.pk}/attachments/{attachment.pk}/"
    client.force_login(people["intake_a"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert AuditEvent.objects.filter(
        action="read", object_type="referrals.ReferralAttachment"
    ).exists()
    client.force_login(people["intake_b"])
    assert client.get(url).status_code == 404


def test_menus_and_the_patient_page(client: Client, make_referral, people) -> None:
    referral = make_referral(unit="a")
    client.force_login(people["gp"])
    home = client.get("/start/").content.decode()
    assert "Ny henvisning" in home and "Mine henvisninger" in home
    assert "Innkomne henvisninger" not in home
    client.force_login(people["intake_a"])
    home = client.get("/start/").content.decode()
    assert "Innkomne henvisninger" in home and "Ny henvisning" not in home
    page = client.get(f"/patients/{referral.patient_id}/").content.decode()
    assert 'data-testid="patient-referrals"' in page
    assert f"/referrals/{referral.pk}/" in page


def test_the_status_follows_the_intakes_decisions(client: Client, make_referral, network, people):
    from painpath.intake.models import Decision, Outcome
    from painpath.referrals.services import status_steps

    referral = make_referral(unit="a")
    assert [(s.key, s.done, s.current) for s in status_steps(referral)] == [
        ("received", True, True),
        ("under_assessment", False, False),
        ("decided", False, False),
    ]
    today = timezone.localdate()
    Decision.objects.create(
        referral=referral,
        outcome=Outcome.FORWARDED,
        decided_by=people["intake_a"],
        decided_on=today,
        forwarded_to=network["b"],
    )
    Referral.objects.filter(pk=referral.pk).update(clinic=network["b"], status="received")
    referral.refresh_from_db()
    steps = status_steps(referral)
    assert (steps[1].current, steps[1].on, steps[2].done) == (True, today, False)
    assert steps[1].detail == "Videresendt til Smerteklinikken B"
    client.force_login(people["gp"])
    body = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Videresendt til Smerteklinikken B" in body
    assert "først mottatt av Smerteklinikken A" in body

    Referral.objects.filter(pk=referral.pk).update(status="decided")
    referral.refresh_from_db()
    assert status_steps(referral)[2].done is True


def test_each_list_writes_one_read_record_per_patient_shown(
    client: Client, make_referral, people
) -> None:
    shown = [make_referral(unit="a", referrer="gp"), make_referral(unit="a", referrer="gp")]
    make_referral(unit="b", referrer="gp2")  # neither list shows it
    list_reads = AuditEvent.objects.filter(
        action="read", object_type="referrals.Referral", object_id=""
    )
    for user, url, view in (
        ("intake_a", "/referrals/incoming/", "incoming"),
        ("gp", "/referrals/mine/", "my_referrals"),
    ):
        client.force_login(people[user])
        before = list_reads.count()
        assert client.get(url).status_code == 200
        events = list(list_reads.order_by("id")[before:])
        assert sorted(e.patient_id for e in events) == sorted(r.patient_id for r in shown), view
        assert {(e.username, e.detail["view"]) for e in events} == {(people[user].username, view)}
