"""Decision letters (D5): content per outcome in plain bokmål, the copies, the status code
("Status på henvisning", D12), the patient's rights, corrections, and the intake's signal."""

from __future__ import annotations

from datetime import date

import pytest

from painpath.intake.models import Decision
from painpath.intake.signals import decision_recorded
from painpath.letters.decisions import produce_decision_letters
from painpath.letters.models import DispatchState, Letter, LetterTemplate, sha256_hex
from painpath.letters.status import status_code_for
from painpath.organisation.models import Clinic

from .test_store import pdf_text

pytestmark = pytest.mark.django_db


def by_kind(letters: list[Letter]) -> dict[str, Letter]:
    return {letter.recipient_kind: letter for letter in letters}


def flat(html: str) -> str:
    """The letter's HTML with whitespace runs collapsed, for phrase searches."""
    return " ".join(html.split())


COMPLAINT = "klage til Statsforvalteren"
COMPLAINT_LAW = "pasient- og brukerrettighetsloven § 7-2"
FOUR_WEEKS = "fire uker"
MISSED_DEADLINE = "rett til å få helsehjelp uten opphold"


def assert_patient_rights(html: str) -> None:
    text = flat(html)
    assert "Du kan klage" in text
    assert COMPLAINT in text and COMPLAINT_LAW in text and FOUR_WEEKS in text
    assert "Hvis fristen ikke blir holdt" in text
    assert MISSED_DEADLINE in text and "Helfo" in text and "helsenorge.no" in text


def test_granted_letters_to_referrer_patient_and_gp(letters_setup, make_decision, tmp_path) -> None:
    decision = make_decision(
        "right_granted",
        care_when="tirsdag 14. april 2026 kl. 09.30",
        care_where="Smerteklinikken A, inngang B, 3. etasje",
    )
    letters = by_kind(produce_decision_letters(decision))
    assert set(letters) == {"referrer", "patient", "gp"}

    referrer = letters["referrer"]
    text = flat(referrer.html)
    assert referrer.recipient_name == "Per Henviser"
    assert referrer.channel == "electronic" and referrer.recipient_her_id == "8765432"
    assert referrer.status_code == 1
    assert "Status på henvisning:</strong> 1 – innkalling til behandling" in text
    assert "Svar på henvisning: rett til nødvendig helsehjelp" in text
    assert "Nora Testesen har rett til nødvendig helsehjelp i spesialisthelsetjenesten" in text
    assert "22. juni 2026" in text  # the care deadline
    assert "Tverrfaglig utredning ved smerteklinikken" in text  # what
    assert "tirsdag 14. april 2026 kl. 09.30" in text  # when
    assert "inngang B, 3. etasje" in text  # where
    assert "Vår ref." in text and "2026/" in text
    assert "for inntaksteamet" in text and "Kari Lege, lege" in text
    assert "Nora Testesen (pasient)" in text and "Hilde Solberg (fastlege)" in text  # copies

    patient = letters["patient"]
    text = flat(patient.html)
    assert patient.channel == "print" and patient.status_code is None
    assert "Du har rett til nødvendig helsehjelp i spesialisthelsetjenesten" in text
    assert "Status på henvisning" not in text
    assert_patient_rights(patient.html)
    assert "innen fristen 22. juni 2026" in text

    gp = letters["gp"]
    assert gp.recipient_name == "Hilde Solberg" and "Storgata legesenter" in gp.recipient_address
    assert "Du får denne kopien som pasientens fastlege" in flat(gp.html)

    for letter in letters.values():
        assert letter.html_sha256 == sha256_hex(letter.html.encode())
        assert letter.pdf_sha256 == sha256_hex(letter.pdf_bytes)
        assert letter.pdf_bytes.startswith(b"%PDF-")
    pdf = pdf_text(patient.pdf_bytes, tmp_path)
    assert "Nora Testesen" in pdf and "Statsforvalteren" in pdf and "Helfo" in pdf


def test_granted_without_appointment_is_information_and_says_a_summons_follows(
    letters_setup, make_decision
) -> None:
    decision = make_decision("right_granted", mapping_consultation_offered=True)
    letters = by_kind(produce_decision_letters(decision))
    assert letters["referrer"].status_code == 2
    text = flat(letters["patient"].html)
    assert "Du får innkalling med tidspunkt i et eget brev" in text
    assert "kartleggingssamtale" in text


def test_refused_letters_carry_justification_advice_and_municipal_guidance(
    letters_setup, make_decision, tmp_path
) -> None:
    decision = make_decision(
        "no_right",
        justification="Smertene er godt kartlagt og kan følges opp av fastlegen.",
        advice="Fysisk aktivitet etter plan, og oppfølging hos fysioterapeut i kommunen.",
        municipal_guidance_helpful=True,
    )
    letters = by_kind(produce_decision_letters(decision))
    referrer, patient = letters["referrer"], letters["patient"]
    assert referrer.status_code == 4
    assert "4 – avvist" in flat(referrer.html)
    text = flat(patient.html)
    assert "ikke rett til nødvendig helsehjelp i spesialisthelsetjenesten" in text
    assert "Begrunnelse" in text and "kan følges opp av fastlegen" in text
    assert "Råd om behandling og oppfølging" in text and "fysioterapeut i kommunen" in text
    assert "Veiledning til kommunehelsetjenesten" in text
    assert_patient_rights(patient.html)
    assert "Får du senere rett til nødvendig helsehjelp" in text
    assert "Nora Testesen" in pdf_text(patient.pdf_bytes, tmp_path)


def test_refused_without_municipal_guidance_does_not_mention_it(
    letters_setup, make_decision
) -> None:
    decision = make_decision("no_right", justification="Begrunnelse.", advice="Råd.")
    patient = by_kind(produce_decision_letters(decision))["patient"]
    assert "Veiledning til kommunehelsetjenesten" not in patient.html


def test_forwarded_letters_name_the_unit_and_keep_the_receipt_date(
    letters_setup, make_decision
) -> None:
    b: Clinic = letters_setup["b"]
    decision = make_decision("forwarded", forwarded_to=b, justification="Nærmere bosted.")
    letters = by_kind(produce_decision_letters(decision))
    assert letters["referrer"].status_code == 3
    assert "3 – videresendt" in flat(letters["referrer"].html)
    text = flat(letters["patient"].html)
    assert "sendt henvisningen din videre til Smerteklinikken B (Helse Førde HF)" in text
    assert "2. mars 2026" in text and "gjelder fortsatt" in text
    assert "Du mister ikke tid" in text
    assert_patient_rights(letters["patient"].html)
    assert "Den opprinnelige mottaksdatoen, 2. mars 2026, gjelder fortsatt" in flat(
        letters["referrer"].html
    )


def test_referred_on_letters_name_the_service(letters_setup, make_decision) -> None:
    decision = make_decision(
        "referred_on", referred_on_to="DPS Nedre Romerike", justification="Psykisk helse først."
    )
    letters = by_kind(produce_decision_letters(decision))
    assert letters["referrer"].status_code == 4
    assert "Vi har henvist Nora Testesen videre til DPS Nedre Romerike" in flat(
        letters["referrer"].html
    )
    text = flat(letters["patient"].html)
    assert "Vi mener at du får best hjelp hos DPS Nedre Romerike" in text
    assert_patient_rights(letters["patient"].html)


def test_status_code_mapping_is_documented_and_total() -> None:
    assert status_code_for("right_granted", care_when="tirsdag 14. april kl. 09.30") == 1
    assert status_code_for("right_granted", care_when="14.04.2026 kl. 9") == 1
    assert status_code_for("right_granted", care_when="2026-04-14") == 1
    assert status_code_for("right_granted", care_when="Innkalling kommer innen fristen") == 2
    assert status_code_for("right_granted", care_when="i løpet av mai") == 2
    assert status_code_for("right_granted", care_when="uke 14") == 2
    assert status_code_for("right_granted") == 2
    assert status_code_for("forwarded") == 3
    assert status_code_for("no_right") == 4
    assert status_code_for("referred_on") == 4
    with pytest.raises(ValueError):
        status_code_for("maybe")


def test_no_gp_copy_when_the_gp_is_the_referrer(letters_setup, make_decision) -> None:
    referrer = letters_setup["referrer"]
    referrer.hpr_number = letters_setup["patient"].gp_hpr_number
    referrer.save()
    letters = by_kind(produce_decision_letters(make_decision("right_granted")))
    assert set(letters) == {"referrer", "patient"}


def test_referrer_without_her_id_gets_a_printed_letter(letters_setup, make_decision) -> None:
    referrer = letters_setup["referrer"]
    referrer.her_id = ""
    referrer.save()
    letters = by_kind(produce_decision_letters(make_decision("right_granted")))
    assert letters["referrer"].channel == "print"


def test_the_units_template_is_used_and_the_rights_cannot_be_edited_away(
    letters_setup, make_decision
) -> None:
    LetterTemplate.objects.create(
        clinic=letters_setup["a"],
        letterhead="Akershus universitetssykehus HF\nKlinikk for kirurgi",
        contact="Postboks 1000, 1478 Lørenskog\nTelefon 67 96 00 00 (kl. 8–15)",
        signature="for inntaksteamet ved Smerteklinikken A",
        granted_text="Ta med medisinlisten din til første time.",
        patient_channel="helsenorge",
    )
    letters = by_kind(produce_decision_letters(make_decision("right_granted")))
    text = flat(letters["patient"].html)
    assert "Klinikk for kirurgi" in text and "(kl. 8–15)" in text
    assert "for inntaksteamet ved Smerteklinikken A" in text
    assert "Ta med medisinlisten din til første time." in text
    assert "Mange får time tidligere" not in text  # the default gave way
    assert_patient_rights(letters["patient"].html)
    assert letters["patient"].channel == "helsenorge"
    assert "Sendt digitalt via helsenorge.no" in text


def test_letters_are_produced_once_only(letters_setup, make_decision) -> None:
    decision = make_decision("right_granted")
    first = produce_decision_letters(decision)
    second = produce_decision_letters(decision)
    assert [x.pk for x in first] == [x.pk for x in second]
    assert Letter.objects.count() == 3


def test_a_correction_produces_new_letters_that_replace_the_earlier_ones(
    letters_setup, make_decision
) -> None:
    original = make_decision("no_right", justification="Feil vurdert.", advice="Råd.")
    old = by_kind(produce_decision_letters(original, letter_date=date(2026, 3, 9)))
    old["referrer"].dispatch_state = DispatchState.SENT
    old["referrer"].save(update_fields=["dispatch_state"])
    correction = make_decision(
        "right_granted",
        corrects=original,
        correction_reason="Nye opplysninger fra fastlegen om funksjonstap.",
        decided_on=date(2026, 3, 11),
    )
    new = by_kind(produce_decision_letters(correction, letter_date=date(2026, 3, 11)))
    assert set(new) == set(old)
    for kind, letter in new.items():
        assert letter.replaces_id == old[kind].pk
        text = flat(letter.html)
        assert "Korrigert svar." in text
        assert "Dette brevet erstatter brevet vårt av 9. mars 2026" in text
        assert "Nye opplysninger fra fastlegen om funksjonstap." in text
        assert letter.title.startswith("Korrigert svar på henvisning")
    # The earlier letters are kept unchanged; the ones not yet sent are withdrawn.
    assert Letter.objects.get(pk=old["referrer"].pk).dispatch_state == "sent"
    assert Letter.objects.get(pk=old["patient"].pk).dispatch_state == "withdrawn"
    assert Letter.objects.get(pk=old["patient"].pk).verify()


def test_the_intake_signal_produces_the_letters(letters_setup, make_decision) -> None:
    decision: Decision = make_decision("right_granted")
    decision_recorded.send(sender=Decision, decision=decision)
    assert Letter.objects.filter(related_id=decision.pk, kind="decision").count() == 3


def test_letters_are_in_bokmal_whatever_the_users_language(letters_setup, make_decision) -> None:
    from django.utils import translation

    with translation.override("en"):
        letters = by_kind(produce_decision_letters(make_decision("right_granted")))
    assert "Du har rett til nødvendig helsehjelp" in flat(letters["patient"].html)
    assert '<html lang="nb">' in letters["patient"].html


def test_deciding_in_the_intake_produces_letters_after_commit(
    letters_setup, django_capture_on_commit_callbacks
) -> None:
    """End to end with the intake's own service: the letters follow the committed decision."""
    from painpath.intake import services as intake
    from painpath.intake.models import PriorityRule

    referral = letters_setup["referral"]
    rule = PriorityRule.objects.filter(right_granted=False, active=True).first()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        decision = intake.decide(
            letters_setup["intake_a"],
            referral,
            intake.DecisionInput(
                outcome="no_right",
                priority_rule=rule,
                justification="Godt kartlagt, kan følges opp av fastlegen.",
                advice="Gradert trening med fysioterapeut.",
            ),
            day=date(2026, 3, 9),
        )
        assert not Letter.objects.exists()  # nothing before the decision has committed
    assert callbacks
    letters = by_kind(list(Letter.objects.filter(related_id=decision.pk, kind="decision")))
    assert set(letters) == {"referrer", "patient", "gp"}
    assert letters["referrer"].status_code == 4
    assert "Gradert trening med fysioterapeut." in letters["patient"].html
