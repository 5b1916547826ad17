"""The shared service every channel uses (D3, D4, D8): validation, completeness, deadlines, flags,
attachments, duplicates, and all-or-nothing storage."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from painpath.patients.models import Patient
from painpath.referrals import services
from painpath.referrals.models import Channel, Referral, ReferralAttachment, ReferralFlag, Referrer
from painpath.rules.deadlines import assessment_due_on
from tests.referrals.conftest import FULL_ITEMS, PDF, PNG, number

pytestmark = pytest.mark.django_db


def _patient(born: date = date(1980, 5, 17), seed: int = 3) -> Patient:
    return services.resolve_patient(
        national_id=number(born, seed), given_name="Nora", family_name="Testesen"
    )


def _referrer() -> Referrer:
    return services.resolve_referrer(name="Erik Lunde", role="gp", hpr_number="9100038")


def test_resolve_patient_validates_the_identity_number_in_norwegian() -> None:
    with pytest.raises(ValidationError) as exc:
        services.resolve_patient(national_id="12345678901", given_name="A", family_name="B")
    assert "kontrollsifrene" in exc.value.message_dict["national_id"][0]
    with pytest.raises(ValidationError) as exc:
        services.resolve_patient(national_id="1234", given_name="A", family_name="B")
    assert "elleve sifre" in exc.value.message_dict["national_id"][0]
    assert not Patient.objects.exists()


def test_resolve_patient_finds_an_existing_patient_and_fills_blanks_only() -> None:
    first = _patient()
    again = services.resolve_patient(
        national_id=first.national_id, given_name="Other", family_name="Name", gp_name="Dr. GP"
    )
    assert again.pk == first.pk
    again.refresh_from_db()
    assert (again.given_name, again.gp_name, again.registered_by) == ("Nora", "Dr. GP", None)
    assert again.birth_date == date(1980, 5, 17)


def test_resolve_referrer_reuses_by_hpr_number() -> None:
    first = _referrer()
    again = services.resolve_referrer(
        name="E. Lunde", role="gp", hpr_number="9100038", organisation="Lillestrøm legesenter"
    )
    assert again.pk == first.pk
    assert again.organisation == "Lillestrøm legesenter"
    other = services.resolve_referrer(name="Anne Bakke", role="hospital_doctor")
    assert other.pk != first.pk
    with pytest.raises(ValidationError):
        services.resolve_referrer(name="X", role="astrologer")
    with pytest.raises(ValidationError):
        services.resolve_referrer(name="X", role="gp", hpr_number="12ab")


def test_receive_referral_checks_completeness_and_sets_the_deadline(network) -> None:
    today = timezone.localdate()
    referral = services.receive_referral(
        patient=_patient(),
        clinic=network["a"],
        referrer=_referrer(),
        channel=Channel.WEB,
        received_on=today,
        item_texts=FULL_ITEMS,
    )
    assert referral.received_by == referral.clinic == network["a"]
    assert referral.assessment_due_on == assessment_due_on(today)
    assert referral.completeness["missing"] == []
    assert referral.missing_count == 0
    assert set(referral.completeness["items"]) == set(FULL_ITEMS)
    assert referral.completeness["items"]["trauma"]["present"] is True


def test_free_text_is_checked_and_missing_items_are_counted(network) -> None:
    referral = services.receive_referral(
        patient=_patient(),
        clinic=network["a"],
        referrer=_referrer(),
        channel=Channel.PAPER,
        received_on=timezone.localdate() - timedelta(days=10),
        free_text="Brennende smerter i nakke og skuldre siden 2019. Bruker Paracet 1 g x 3.",
    )
    assert referral.completeness["items"]["pain_description"]["present"] is True
    assert referral.completeness["items"]["pain_description"]["evidence"]
    assert "trauma" in referral.completeness["missing"]
    assert referral.missing_count == len(referral.completeness["missing"]) > 5


def test_serious_illness_moves_the_deadline_earlier(network) -> None:
    received = date(2026, 11, 2)  # a Monday
    kwargs = {
        "clinic": network["a"],
        "referrer": _referrer(),
        "channel": Channel.WEB,
        "received_on": received,
        "free_text": "Smerter.",
    }
    ordinary = services.receive_referral(patient=_patient(seed=1), **kwargs)
    serious = services.receive_referral(
        patient=_patient(seed=9), serious_illness_suspected=True, **kwargs
    )
    assert ordinary.assessment_due_on == date(2026, 11, 16)
    assert serious.assessment_due_on == date(2026, 11, 9)


def test_flags_are_suggested_from_age_and_text(network) -> None:
    young = services.receive_referral(
        patient=_patient(date(2010, 3, 1), seed=5),
        clinic=network["a"],
        referrer=_referrer(),
        channel=Channel.PAPER,
        received_on=date(2026, 11, 2),
        free_text="Mye skolefravær. Trenger tolk.",
    )
    flags = {f.code: f for f in young.flags.all()}
    assert set(flags) >= {"out_of_scope", "interpreter", "dropout_risk"}
    assert flags["out_of_scope"].reason == "age_under_18"
    assert flags["interpreter"].reason.startswith("text_cue: ")
    assert all(f.suggested and f.confirmed is None for f in flags.values())

    older = services.receive_referral(
        patient=_patient(date(1950, 1, 2), seed=6),
        clinic=network["a"],
        referrer=_referrer(),
        channel=Channel.PAPER,
        received_on=date(2026, 11, 2),
        free_text="Smerter i hofte.",
    )
    assert list(older.flags.values_list("code", flat=True)) == ["older"]


def test_attachments_are_stored_with_the_type_found_in_their_content(network) -> None:
    referral = services.receive_referral(
        patient=_patient(),
        clinic=network["a"],
        referrer=_referrer(),
        channel=Channel.WEB,
        received_on=timezone.localdate(),
        free_text="Smerter.",
        attachments=[
            services.AttachmentIn("epikrise.pdf", "application/octet-stream", PDF),
            services.AttachmentIn("../../bilde.png", "image/png", PNG),
        ],
    )
    stored = {a.name: a for a in referral.attachments.all()}
    assert set(stored) == {"epikrise.pdf", "bilde.png"}
    assert stored["epikrise.pdf"].content_type == "application/pdf"
    assert stored["epikrise.pdf"].size == len(PDF)
    assert stored["epikrise.pdf"].file.read() == PDF


@pytest.mark.parametrize(
    ("attachment", "message"),
    [
        (services.AttachmentIn("virus.pdf", "application/pdf", b"MZ\x90\x00 not a pdf"), "PDF"),
        (services.AttachmentIn("side.html", "text/html", b"<script>alert(1)</script>"), "PDF"),
        (
            services.AttachmentIn(
                "stor.pdf", "application/pdf", PDF + b"0" * services.MAX_ATTACHMENT_BYTES
            ),
            "for stor",
        ),
        (services.AttachmentIn("tom.pdf", "application/pdf", b""), "tom"),
    ],
)
def test_a_refused_attachment_stores_nothing(network, attachment, message) -> None:
    with pytest.raises(ValidationError) as exc:
        services.receive_referral(
            patient=_patient(),
            clinic=network["a"],
            referrer=_referrer(),
            channel=Channel.WEB,
            received_on=timezone.localdate(),
            free_text="Smerter.",
            attachments=[services.AttachmentIn("ok.pdf", "application/pdf", PDF), attachment],
        )
    assert message in exc.value.message_dict["attachments"][0]
    assert not Referral.objects.exists()
    assert not ReferralAttachment.objects.exists()
    assert not ReferralFlag.objects.exists()


def test_unknown_and_inactive_units_and_future_dates_are_refused(network) -> None:
    inactive = network["b"]
    inactive.active = False
    inactive.save()
    base = {
        "patient": _patient(),
        "referrer": _referrer(),
        "channel": Channel.WEB,
        "free_text": "Smerter.",
    }
    with pytest.raises(ValidationError) as exc:
        services.receive_referral(clinic=inactive, received_on=timezone.localdate(), **base)
    assert "tar ikke imot henvisninger" in exc.value.message_dict["unit"][0]
    with pytest.raises(ValidationError) as exc:
        services.receiving_unit(999_999)
    assert exc.value.message_dict["unit"] == ["Enheten finnes ikke."]
    with pytest.raises(ValidationError) as exc:
        services.receive_referral(
            clinic=network["a"], received_on=timezone.localdate() + timedelta(days=1), **base
        )
    assert "fram i tid" in exc.value.message_dict["received_on"][0]
    with pytest.raises(ValidationError):
        services.receive_referral(
            clinic=network["a"],
            received_on=timezone.localdate(),
            **{**base, "channel": "carrier_pigeon"},
        )
    with pytest.raises(ValidationError) as exc:
        services.receive_referral(
            clinic=network["a"],
            received_on=timezone.localdate(),
            **{**base, "free_text": " "},
        )
    assert "ikke noe innhold" in exc.value.messages[0]
    assert not Referral.objects.exists()


def test_unknown_item_codes_are_refused(network) -> None:
    with pytest.raises(ValidationError) as exc:
        services.receive_referral(
            patient=_patient(),
            clinic=network["a"],
            referrer=_referrer(),
            channel=Channel.WEB,
            received_on=timezone.localdate(),
            item_texts={"horoscope": "Væren"},
        )
    assert "horoscope" in exc.value.message_dict["item_texts"][0]


def test_a_duplicate_external_id_raises_a_recognisable_error(network) -> None:
    kwargs = {
        "patient": _patient(),
        "clinic": network["a"],
        "referrer": _referrer(),
        "channel": Channel.FHIR,
        "received_on": timezone.localdate(),
        "free_text": "Smerter i nakke.",
        "external_system": "urn:ehr",
        "external_id": "SR-1",
    }
    first = services.receive_referral(**kwargs)
    with pytest.raises(services.DuplicateReferral) as exc:
        services.receive_referral(**kwargs)
    assert exc.value.existing == first
    assert "allerede mottatt" in exc.value.messages[0]
    assert Referral.objects.count() == 1
    # The same id from another system is another referral.
    services.receive_referral(**{**kwargs, "external_system": "urn:other"})
    assert Referral.objects.count() == 2


def test_text_is_stored_as_typed_minus_control_characters(network) -> None:
    referral = services.receive_referral(
        patient=_patient(),
        clinic=network["a"],
        referrer=_referrer(),
        channel=Channel.WEB,
        received_on=timezone.localdate(),
        free_text="<script>alert('x')</script>\x00 Smerter\r\ni nakke",
    )
    referral.refresh_from_db()
    assert referral.free_text == "<script>alert('x')</script> Smerter\ni nakke"


def test_send_referral_is_all_or_nothing(network, people) -> None:
    patient = services.PatientIn(number(date(1970, 1, 1), 40), "Ny", "Pasient")
    with pytest.raises(ValidationError):
        services.send_referral(
            people["gp"],
            unit_id=network["a"].pk,
            patient=patient,
            free_text="Smerter.",
            attachments=[services.AttachmentIn("x.pdf", "application/pdf", b"nope")],
        )
    # Neither the patient nor the referrer profile was left behind.
    assert not Patient.objects.exists()
    assert not Referrer.objects.exists()


def test_only_referrers_send_and_only_own_units_register(network, people) -> None:
    from django.core.exceptions import PermissionDenied

    patient = services.PatientIn(number(date(1970, 1, 1), 40), "Ny", "Pasient")
    with pytest.raises(PermissionDenied):
        services.send_referral(
            people["intake_a"], unit_id=network["a"].pk, patient=patient, free_text="x"
        )
    with pytest.raises(PermissionDenied):
        services.register_referral(
            people["intake_a"],
            unit_id=network["b"].pk,
            channel=Channel.PAPER,
            received_on=timezone.localdate(),
            patient=patient,
            referrer=services.ReferrerIn("Erik Lunde", "gp"),
            free_text="x",
        )


def test_visible_referrals_follow_the_access_rule(make_referral, people) -> None:
    mine = make_referral(unit="a", referrer="gp")
    other = make_referral(unit="b", referrer="gp2")
    assert list(services.visible_referrals(people["intake_a"])) == [mine]
    assert list(services.visible_referrals(people["intake_b"])) == [other]
    assert list(services.visible_referrals(people["gp"])) == [mine]
    assert list(services.visible_referrals(people["gp2"])) == [other]
    assert not services.visible_referrals(people["analyst"]).exists()


def test_a_forwarded_referral_stays_visible_to_the_first_unit(make_referral, network, people):
    referral = make_referral(unit="a")
    Referral.objects.filter(pk=referral.pk).update(clinic=network["b"])
    assert services.visible_referrals(people["intake_a"]).filter(pk=referral.pk).exists()
    assert services.visible_referrals(people["intake_b"]).filter(pk=referral.pk).exists()
