"""The referral completeness check (DOMAIN.md D3) and the labelling rules of
tests/data/referrals/README.md."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from painpath.rules import completeness
from painpath.rules.completeness import (
    ITEM_CODES,
    CompletenessResult,
    ItemResult,
    check_fields,
    check_referral,
)

DATA = Path(__file__).resolve().parent.parent / "data"


def present(text: str) -> set[str]:
    return {code for code, item in check_referral(text).items.items() if item.present}


def assert_item(text: str, code: str, expected: bool = True) -> None:
    result = check_referral(text).items[code]
    assert result.present is expected, (code, text, result)


# --- D3: the fourteen items, in order -------------------------------------------------------


def test_item_codes_are_the_fourteen_d3_items_in_order() -> None:
    assert ITEM_CODES == (
        "patient_view",
        "pain_description",
        "physical_function",
        "comorbidity",
        "psychosocial",
        "medication",
        "dependence",
        "alcohol_drugs",
        "examinations",
        "previous_assessments",
        "previous_treatments",
        "expectations",
        "motivation",
        "trauma",
    )


def test_module_is_pure_python_without_django() -> None:
    source = Path(completeness.__file__).read_text(encoding="utf-8")
    assert not re.search(r"^\s*(?:from|import)\s+django", source, re.MULTILINE)


# --- Each item is found under its heading ... ----------------------------------------------

HEADINGS = [
    ("patient_view", "Pasientens perspektiv: Vil bli kvitt smertene og tilbake til normalen."),
    ("pain_description", "Smertebeskrivelse: Korsrygg, utstråling til venstre legg."),
    ("physical_function", "Funksjon: Selvstendig i alt, men tåler lite belastning."),
    ("comorbidity", "Andre sykdommer: Ingen."),
    ("psychosocial", "Sosialt: Bor på gård, har hund."),
    ("medication", "Faste medisiner: Ingen."),
    ("dependence", "Avhengighet: Nei."),
    ("alcohol_drugs", "Rus: Nei."),
    ("examinations", "Funn: Upåfallende."),
    ("previous_assessments", "Tidligere vurderinger: Revmatolog 2022."),
    ("previous_treatments", "Tidligere behandling: Ingen."),
    ("expectations", "Spørsmål: Kan opioidene trappes ned?"),
    ("motivation", "Motivasjon: God."),
    ("trauma", "Traumer: Ingen kjente."),
]


@pytest.mark.parametrize(("code", "text"), HEADINGS, ids=[c for c, _ in HEADINGS])
def test_item_is_found_under_its_heading(code: str, text: str) -> None:
    result = check_referral(f"Henvisning til smerteklinikk\n\n{text}\n").items[code]
    assert result.present
    assert text in result.evidence


def test_heading_on_its_own_line_and_nynorsk_heading() -> None:
    text = "Tilvising\n\nTidlegare behandling:\nAkupunktur utan verknad.\n\nRus:\nIngen.\n"
    result = check_referral(text)
    assert result.items["previous_treatments"].evidence == (
        "Tidlegare behandling: Akupunktur utan verknad.",
    )
    assert result.items["alcohol_drugs"].present


def test_headings_without_colon_in_capitals() -> None:
    text = "Henvisning\n\nKONKLUSJON\nHar ikke tatt stilling.\n\nTRAUMER\nBenekter.\n"
    assert_item(text, "trauma")
    assert_item(text, "previous_assessments", False)  # a GP's conclusion is not a specialist's


# --- ... and in prose ----------------------------------------------------------------------

PROSE = [
    ("patient_view", "Hun sier selv at hun er lei av ikke å bli tatt på alvor."),
    ("pain_description", "Smertene sitter i høyre lyske og beskrives som brennende."),
    ("physical_function", "Hun klarer ikke å gå mer enn 200 meter og bruker krykker."),
    ("comorbidity", "Han har hypertensjon og sover dårlig."),
    ("psychosocial", "Hun er gift, har to barn og er 50 % sykmeldt."),
    ("medication", "Bruker Paralgin forte 2 tbl. x 3 og Sobril ved behov."),
    ("dependence", "Jeg er bekymret for et avhengighetsmønster for kodein."),
    ("alcohol_drugs", "Drikker 1–2 glass vin i helgene."),
    ("examinations", "MR lumbalcolumna viste lite prolaps L5/S1."),
    (
        "previous_assessments",
        "Han har vært vurdert av nevrokirurg, som ikke fant operasjonsindikasjon.",
    ),
    ("previous_treatments", "Fysioterapi i ett år ga ingen bedring."),
    ("expectations", "Jeg ber om hjelp til en plan for nedtrapping av opioider."),
    ("motivation", "Hun er motivert for en tverrfaglig vurdering."),
    ("trauma", "Hun ble utsatt for vold fra tidligere samboer."),
]


@pytest.mark.parametrize(("code", "text"), PROSE, ids=[c for c, _ in PROSE])
def test_item_is_found_in_prose(code: str, text: str) -> None:
    result = check_referral(text).items[code]
    assert result.present
    assert result.evidence == (text,)
    assert result.cues  # which cue matched, for the explanation


# --- An explicit negative means the item was addressed (README) ----------------------------

NEGATIVES = [
    ("alcohol_drugs", "Ingen rus."),
    ("alcohol_drugs", "Benekter bruk av alkohol og andre rusmidler."),
    ("trauma", "Benekter traumer."),
    ("trauma", "Ingen traumatiske opplevelser."),
    ("dependence", "Ingen holdepunkter for avhengighet av vanedannende legemidler."),
    ("dependence", "Det er ingen mistanke om misbruk."),
    ("comorbidity", "Tidligere frisk."),
    ("medication", "Bruker ingen faste medisiner."),
    ("motivation", "Han er ambivalent til henvisningen."),
    ("previous_treatments", "Hun har ikke fått noen behandling."),
]


@pytest.mark.parametrize(("code", "text"), NEGATIVES)
def test_explicit_negative_counts_as_addressed(code: str, text: str) -> None:
    assert_item(text, code)


def test_item_named_but_not_asked_is_not_addressed() -> None:
    assert_item("Rusanamnese ikke kartlagt.", "alcohol_drugs", False)
    assert_item("Har ikke spurt om traumer.", "trauma", False)


# --- Words that look like an item but are not (README, D3) ---------------------------------


def test_physical_injury_is_not_trauma() -> None:
    assert_item("Smerter i skulderen etter fall på isen (traume mot skulderen).", "trauma", False)
    assert_item("Gradvis debut uten forutgående traume.", "trauma", False)
    assert_item("Innlagt etter høyenergitraume med costafrakturer.", "trauma", False)
    # ... but psychological trauma after an accident is.
    assert_item("Etter ulykken har hun mareritt og posttraumatiske reaksjoner.", "trauma")


def test_opioid_list_says_nothing_about_dependence() -> None:
    text = "Bruker OxyContin 20 mg x 2, OxyNorm 10 mg ved behov og Sobril 10 mg."
    assert_item(text, "dependence", False)
    assert_item(text, "medication")


def test_dependent_on_a_walker_is_not_dependence() -> None:
    assert_item("Hun er avhengig av rullator utendørs.", "dependence", False)
    assert_item("Hun er avhengig av rullator utendørs.", "physical_function")
    assert_item("Han har blitt avhengig av opioidene.", "dependence")


def test_medicine_list_is_not_an_earlier_treatment() -> None:
    assert_item(
        "Bruker Paracet, Lyrica 75 mg x 2, Metformin og Januvia.", "previous_treatments", False
    )
    assert_item("Lyrica 300 mg/døgn forsøkt uten effekt.", "previous_treatments")


def test_generic_request_is_not_an_expectation() -> None:
    assert_item("Ønskes vurdert hos dere.", "expectations", False)
    assert_item("Henvises for vurdering. Takk for hjelpen.", "expectations", False)
    assert_item("Vi ber om tverrfaglig vurdering.", "expectations", False)
    assert_item("Ønsker råd om medikamentell behandling.", "expectations")


def test_motivation_for_something_else_is_not_motivation_for_assessment() -> None:
    assert_item("Motivasjonen for å slutte å røyke er god.", "motivation", False)
    assert_item("Han er motivert for å gå ned i vekt.", "motivation", False)
    assert_item("Jeg ønsker en tverrfaglig vurdering.", "motivation", False)


def test_sleeping_pill_without_a_word_on_sleep_is_not_comorbidity() -> None:
    assert_item("Bruker Stilnoct 10 mg hver kveld.", "comorbidity", False)
    assert_item("Bruker Stilnoct 10 mg hver kveld og sover likevel dårlig.", "comorbidity")


def test_pain_needs_location_or_character() -> None:
    assert_item("Henviser pas., kvinne 57 år, for smerter.", "pain_description", False)
    assert_item("Kroniske smerter i mange år etter en arbeidsulykke.", "pain_description", False)
    assert_item("Kroniske korsryggsmerter i mange år.", "pain_description")


def test_previous_assessment_needs_a_specialist() -> None:
    text = "Har gått til psykolog i kommunen og til fysioterapeut. Helsesykepleier er involvert."
    assert_item(text, "previous_assessments", False)
    assert_item("Henvises smerteklinikk for vurdering.", "previous_assessments", False)
    assert_item(
        "Vurdert av revmatolog i fjor, som konkluderte med fibromyalgi.", "previous_assessments"
    )


def test_specialist_referrers_own_conclusion_counts_a_gps_does_not() -> None:
    body = "Henvisning til smerteklinikken\n\nVurdering: Forenlig med fibromyalgi.\n\nMed vennlig hilsen\n"
    specialist = "Revmatologisk poliklinikk, Sykehuset i Vestfold\n" + body + "Overlege\n"
    gp = "Legesenteret Sentrum\n" + body + "Fastlege\n"
    assert check_referral(specialist).items["previous_assessments"].present
    assert not check_referral(gp).items["previous_assessments"].present


def test_letterhead_is_not_read_as_content() -> None:
    text = "Ortopedisk avdeling / Traumeseksjonen, Sykehuset\n\nHenvisning\n\nSmerter i kneet.\n"
    assert_item(text, "trauma", False)


# --- Spelling: æøå as ae/oe/aa, nynorsk, abbreviations, typos -------------------------------


def to_ascii(text: str) -> str:
    for a, b in (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("Æ", "Ae"), ("Ø", "Oe"), ("Å", "Aa")):
        text = text.replace(a, b)
    return text


@pytest.mark.parametrize("name", ["03.txt", "09.txt", "12.txt", "14.txt"])
def test_ae_oe_aa_spelling_reads_like_aeoeaa(name: str) -> None:
    text = (DATA / "referrals" / name).read_text(encoding="utf-8")
    assert present(to_ascii(text)) == present(text)


def test_normalise_folds_and_expands() -> None:
    assert completeness.normalise("Søvnvansker, sykm. 50 %") == "soevnvansker, sykmeldt 50 %"
    assert completeness.normalise("Fysio u/ effekt") == "fysioterapi uten effekt"
    assert completeness.normalise("Tidl. beh.") == "tidligere behandling"


def test_small_typos_are_tolerated() -> None:
    assert_item("Har prøvd fysioterpi uten effket.", "previous_treatments")
    assert_item("Ingen holdepunkter for avhengihet.", "dependence")
    assert_item("Hun er motivret for tverrfaglig opplegg.", "motivation")


def test_inflections_are_not_mistaken_for_typos() -> None:
    # "motivere" is a word of its own, not a misspelt "motivert".
    assert completeness.normalise("prøver å motivere henne") == "proever aa motivere henne"


def test_nynorsk() -> None:
    text = (
        "Ho søv dårleg. Drikk ikkje alkohol. Ho har hatt ein valdeleg sambuar. "
        "Ho ynskjer sjølv hjelp til å meistre smertene. Ingen haldepunkt for avhengnad. "
        "Ho bur åleine med to born. Akupunktur utan verknad."
    )
    found = present(text)
    for code in (
        "comorbidity",
        "alcohol_drugs",
        "trauma",
        "patient_view",
        "expectations",
        "dependence",
        "psychosocial",
        "previous_treatments",
    ):
        assert code in found, code


def test_icpc2_and_icd10_codes() -> None:
    assert_item("Diagnoser: L03 Korsryggsmerter, P76 Depresjon.", "comorbidity")
    assert_item("F11.2 Opioidavhengighet.", "dependence")
    assert_item("Diagnose: L03 Korsryggsmerter.", "comorbidity", False)


# --- Result shape ---------------------------------------------------------------------------


def test_as_dict_has_exactly_the_documented_shape() -> None:
    result = check_referral("Hun er gift. Bruker Paracet 1 g x 3. Drikker ikke alkohol.")
    data = result.as_dict()
    assert set(data) == {"items", "missing", "score"}
    assert list(data["items"]) == list(ITEM_CODES)
    for item in data["items"].values():
        assert set(item) == {"present", "evidence"}
        assert isinstance(item["present"], bool)
        assert isinstance(item["evidence"], list)
    assert data["missing"] == [c for c in ITEM_CODES if not data["items"][c]["present"]]
    assert data["score"] == round(3 / 14, 3) == 0.214
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_missing_and_score() -> None:
    items = {
        code: ItemResult(code in ITEM_CODES[:6], ("x",) if code in ITEM_CODES[:6] else ())
        for code in ITEM_CODES
    }
    result = CompletenessResult(items)
    assert result.missing == list(ITEM_CODES[6:])
    assert result.score == 0.429


@pytest.mark.parametrize("name", ["03.txt", "06.txt", "14.txt", "18.txt", "35.txt"])
def test_every_present_item_carries_evidence_found_verbatim_in_the_text(name: str) -> None:
    # Evidence is a passage of the referral (whitespace aside), so the UI can mark it.
    text = (DATA / "referrals" / name).read_text(encoding="utf-8")
    flat = " ".join(text.split())
    for code, item in check_referral(text).items.items():
        assert item.present == bool(item.evidence), code
        for sentence in item.evidence:
            assert " ".join(sentence.split()) in flat, (code, sentence)


def test_first_sentence_under_a_heading_line_is_shown_with_its_heading() -> None:
    text = "Henvisning\n\nTRAUMER\nBenekter.\n\nRus/avhengighet:\nIngen.\nDrikker lite.\n"
    result = check_referral(text)
    assert result.items["trauma"].evidence == ("TRAUMER Benekter.",)
    assert result.items["alcohol_drugs"].evidence == ("Rus/avhengighet: Ingen.", "Drikker lite.")


def test_empty_referral_misses_everything() -> None:
    result = check_referral("")
    assert result.missing == list(ITEM_CODES)
    assert result.score == 0.0


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_any_text_gives_a_consistent_result(text: str) -> None:
    result = check_referral(text)
    assert list(result.items) == list(ITEM_CODES)
    assert 0.0 <= result.score <= 1.0
    assert len(result.missing) == round((1 - result.score) * 14)


# --- check_fields: the web form with one field per item -------------------------------------


def test_own_field_with_content_is_present_with_that_field_as_evidence() -> None:
    result = check_fields({"motivation": "Positiv til tverrfaglig opplegg", "trauma": "Ingen"})
    assert result.items["motivation"].evidence[0] == "Positiv til tverrfaglig opplegg"
    assert result.items["trauma"].present  # an explicit negative is an answer
    assert not result.items["expectations"].present


@pytest.mark.parametrize("empty", ["", "  ", "-", "?", "ukjent", "Vet ikke", "vet ikke."])
def test_empty_or_unknown_field_is_not_an_answer(empty: str) -> None:
    assert not check_fields({"alcohol_drugs": empty}).items["alcohol_drugs"].present


def test_explicit_negative_field_counts() -> None:
    result = check_fields({"alcohol_drugs": "nei, ingen rus", "dependence": "ingen"})
    assert result.items["alcohol_drugs"].present
    assert result.items["dependence"].present


def test_item_found_in_another_field_or_the_free_text() -> None:
    result = check_fields(
        {"medication": "Paracet 1 g x 3. Drikker 2 glass vin i uka.", "alcohol_drugs": "-"},
        free_text="Hun sover dårlig og er motivert for tverrfaglig vurdering.",
    )
    assert result.items["alcohol_drugs"].evidence == ("Drikker 2 glass vin i uka.",)
    assert result.items["comorbidity"].present
    assert result.items["motivation"].present
    assert result.items["medication"].evidence[0] == "Paracet 1 g x 3. Drikker 2 glass vin i uka."


# --- The labelled referrals: aggregate quality ----------------------------------------------


def macro_f1(folder: Path) -> float:
    labels: dict[str, dict[str, bool]] = json.loads((folder / "labels.json").read_text("utf-8"))
    counts = {code: [0, 0, 0] for code in ITEM_CODES}  # tp, fp, fn
    for name, wanted in labels.items():
        result = check_referral((folder / name).read_text(encoding="utf-8"))
        for code in ITEM_CODES:
            got, want = result.items[code].present, wanted[code]
            counts[code][0] += got and want
            counts[code][1] += got and not want
            counts[code][2] += want and not got
    f1s = []
    for tp, fp, fn in counts.values():
        f1s.append(1.0 if tp + fp + fn == 0 else 2 * tp / (2 * tp + fp + fn))
    return sum(f1s) / len(f1s)


def test_development_referrals_macro_f1_at_least_085() -> None:
    assert macro_f1(DATA / "referrals") >= 0.85


def test_heldout_referrals_macro_f1_at_least_085() -> None:
    assert macro_f1(DATA / "referrals_heldout") >= 0.85


def test_blind_referrals_macro_f1_at_least_085() -> None:
    """The blind set was written and labelled by someone who never saw the checker (D3 goal)."""
    assert macro_f1(DATA / "referrals_blind") >= 0.85
