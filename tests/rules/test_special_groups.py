"""Suggested special-group flags and the adaptations they drive (DOMAIN.md D8)."""

from __future__ import annotations

import pytest

from painpath.rules.special_groups import (
    Adaptation,
    FlagReason,
    FlagReasonCode,
    SpecialGroupFlag,
    adaptations_for,
    suggest_flags,
)

F = SpecialGroupFlag
A = Adaptation

AGE_CASES = [
    (17, F.OUT_OF_SCOPE, FlagReasonCode.AGE_UNDER_18),
    (18, F.YOUNG_ADULT, FlagReasonCode.AGE_18_TO_22),
    (22, F.YOUNG_ADULT, FlagReasonCode.AGE_18_TO_22),
    (65, F.OLDER, FlagReasonCode.AGE_65_OR_OVER),
    (91, F.OLDER, FlagReasonCode.AGE_65_OR_OVER),
]


@pytest.mark.parametrize(("age", "flag", "reason"), AGE_CASES)
def test_flags_from_age_at_referral(age: int, flag: F, reason: FlagReasonCode) -> None:
    assert suggest_flags(age) == {flag: FlagReason(reason)}


@pytest.mark.parametrize("age", [None, 23, 40, 64])
def test_no_age_flag_between_23_and_64(age: int | None) -> None:
    assert suggest_flags(age) == {}


CUE_CASES = [
    # text, flag suggested, the evidence shown to staff
    ("Pasienten trenger tolk (arabisk).", F.INTERPRETER, "tolk"),
    ("Betydelige språkbarrierer.", F.INTERPRETER, "språkbarrierer"),
    ("Snakker lite norsk.", F.INTERPRETER, "Snakker lite norsk"),
    ("Sykmeldt 100 % siden mars.", F.DROPOUT_RISK, "Sykmeldt"),
    ("Mottar AAP.", F.DROPOUT_RISK, "AAP"),
    ("Droppet ut av videregående i fjor.", F.DROPOUT_RISK, "Droppet ut"),
    ("Hoeyt fravaer fra skolen.", F.DROPOUT_RISK, "Hoeyt fravaer"),  # æøå typed as oe/ae
    ("Flyktning fra Syria.", F.TRAUMA, "Flyktning"),
    ("Opplevd tortur.", F.TRAUMA, "tortur"),
    ("Kjent PTSD.", F.TRAUMA, "PTSD"),
    ("Traumatiske opplevelser i barndommen.", F.TRAUMA, "Traumatiske opplevelser"),
    ("Utsatt for vold i nære relasjoner.", F.TRAUMA, "vold"),
    ("Depresjon, behandlet med SSRI.", F.MENTAL_HEALTH, "Depresjon"),
    ("Følges opp ved DPS.", F.MENTAL_HEALTH, "DPS"),
    ("Diagnoser: M79.7, F32.1", F.MENTAL_HEALTH, "F32.1"),
    ("ICPC-2 P76", F.MENTAL_HEALTH, "P76"),
    ("Legemiddelavhengighet (opioider).", F.DEPENDENCE, "Legemiddelavhengighet"),
    ("Tidligere rusmisbruk, nå i LAR.", F.DEPENDENCE, "rusmisbruk"),
    ("Opioidavhengig etter operasjon.", F.DEPENDENCE, "Opioidavhengig"),
    ("F11.2", F.DEPENDENCE, "F11.2"),
]


@pytest.mark.parametrize(("text", "flag", "evidence"), CUE_CASES)
def test_text_cues_suggest_a_flag_with_the_text_as_evidence(
    text: str, flag: F, evidence: str
) -> None:
    assert suggest_flags(None, text)[flag] == FlagReason(FlagReasonCode.TEXT_CUE, evidence)


FALSE_FRIENDS = [
    ("Ikke behov for tolk.", F.INTERPRETER, "negated"),
    ("Vanskelig å tolke MR-funnene.", F.INTERPRETER, "'tolke' = interpret a finding"),
    ("Traume mot venstre kne 2019.", F.TRAUMA, "physical injury"),
    ("Voldsomme smerter om natten.", F.TRAUMA, "'voldsom' = intense"),
    ("Psykososial situasjon: bor alene.", F.MENTAL_HEALTH, "'psykososial' is not psychosis"),
    ("Uttalt bevegelsesangst.", F.MENTAL_HEALTH, "fear of movement"),
    ("Belastningsavhengige smerter.", F.DEPENDENCE, "load-dependent pain"),
    ("Insulinavhengig diabetes.", F.DEPENDENCE, "insulin-dependent"),
    ("Uavhengig i ADL.", F.DEPENDENCE, "independent"),
    ("Avhengig av hjelp til påkledning.", F.DEPENDENCE, "needs help dressing"),
    ("Ingen kjent rusavhengighet.", F.DEPENDENCE, "negated"),
    ("Benekter rusbruk.", F.DEPENDENCE, "negated"),
    ("Har ikke vært sykmeldt.", F.DROPOUT_RISK, "negated"),
    ("Falt av sykkelen.", F.DROPOUT_RISK, "fell off a bike"),
    ("Russisk statsborger.", F.DEPENDENCE, "'russisk' is not 'rus'"),
]


@pytest.mark.parametrize(("text", "flag", "why"), FALSE_FRIENDS)
def test_false_friends_do_not_suggest_a_flag(text: str, flag: F, why: str) -> None:
    assert flag not in suggest_flags(None, text), why


def test_negation_stops_at_the_clause_boundary() -> None:
    flags = suggest_flags(None, "Ingen rus, men depresjon.")
    assert F.MENTAL_HEALTH in flags
    assert F.DEPENDENCE not in flags


def test_age_and_text_together() -> None:
    flags = suggest_flags(20, "Sykmeldt fra lærlingplass. Angst.")
    assert flags == {
        F.YOUNG_ADULT: FlagReason(FlagReasonCode.AGE_18_TO_22),
        F.DROPOUT_RISK: FlagReason(FlagReasonCode.TEXT_CUE, "Sykmeldt"),
        F.MENTAL_HEALTH: FlagReason(FlagReasonCode.TEXT_CUE, "Angst"),
    }


ADAPTATION_CASES = [
    (F.YOUNG_ADULT, {A.SHORTEST_SUGGESTED_DEADLINE, A.WORK_SCHOOL_FOCUS_PLAN_ITEM}),
    (F.DROPOUT_RISK, {A.WORK_SCHOOL_FOCUS_PLAN_ITEM}),
    (F.TRAUMA, {A.INTERPRETER_NEED_EVERY_APPOINTMENT, A.TRAUMA_TREATMENT_QUESTION}),
    (F.INTERPRETER, {A.INTERPRETER_NEED_EVERY_APPOINTMENT}),
    (F.OLDER, {A.POLYPHARMACY_REVIEW_PLAN_ITEM, A.HABIT_FORMING_MEDICINE_WARNING}),
    (F.MENTAL_HEALTH, {A.DPS_PARTNER_REQUIRED}),
    (F.DEPENDENCE, {A.TSB_PARTNER_REQUIRED}),
    (F.OUT_OF_SCOPE, set()),
]


@pytest.mark.parametrize(("flag", "expected"), ADAPTATION_CASES)
def test_each_confirmed_flag_drives_its_adaptations(flag: F, expected: set[Adaptation]) -> None:
    assert adaptations_for([flag]) == expected


def test_adaptations_are_combined_and_accept_stored_codes() -> None:
    assert adaptations_for(["mental_health", "dependence"]) == {
        A.DPS_PARTNER_REQUIRED,
        A.TSB_PARTNER_REQUIRED,
    }
    assert adaptations_for([]) == frozenset()
    with pytest.raises(ValueError):
        adaptations_for(["left_handed"])


@pytest.mark.parametrize(
    "text",
    [
        "Rus: Ingen alkohol eller andre rusmidler.",
        "Rus/avhengighet: Ingen holdepunkter for avhengighet.",
        "Rus: drikker 1-2 glass vin i helgene.",
        "Tolk: nei.",
    ],
)
def test_a_heading_alone_is_not_a_cue(text: str) -> None:
    """D8: "Rus:" only says the referral addresses the topic; what follows decides."""
    assert suggest_flags(40, text) == {}


def test_a_heading_followed_by_a_finding_still_counts() -> None:
    flags = suggest_flags(40, "Rus/avhengighet: Mistanke om opioidavhengighet.")
    assert flags[SpecialGroupFlag.DEPENDENCE].evidence == "opioidavhengighet"
