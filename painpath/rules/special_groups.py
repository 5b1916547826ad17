"""Patient groups with special needs: suggested flags and the adaptations they drive (D8).

Guideline 002 ch. 5 names groups that need adapted care: young adults at risk of dropping out of
school, education or work; patients who have experienced trauma; older patients; patients with
mental health problems; patients with substance or medicine dependence. painpath *suggests* flags
from the age at referral and from cues in the referral text, each with its reason and the text it
matched, so that staff can confirm or remove them. Only confirmed flags drive adaptations.

Codes only: user-facing wording belongs to the presentation layer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

ADULT_AGE = 18
YOUNG_ADULT_UNTIL_AGE = 23  # the priority guideline's factor "age under 23" (D4)
OLDER_FROM_AGE = 65  # habit-forming medicines need special care over 65 (002 ch. 5)


class SpecialGroupFlag(StrEnum):
    OUT_OF_SCOPE = "out_of_scope"
    """Under 18: children are outside the pain clinics' guideline (D3)."""
    YOUNG_ADULT = "young_adult"
    OLDER = "older"
    INTERPRETER = "interpreter"
    DROPOUT_RISK = "dropout_risk"
    """Out of, or at risk of dropping out of, school, education or work."""
    TRAUMA = "trauma"
    MENTAL_HEALTH = "mental_health"
    DEPENDENCE = "dependence"


class FlagReasonCode(StrEnum):
    AGE_UNDER_18 = "age_under_18"
    AGE_18_TO_22 = "age_18_to_22"
    AGE_65_OR_OVER = "age_65_or_over"
    TEXT_CUE = "text_cue"


@dataclass(frozen=True)
class FlagReason:
    code: FlagReasonCode
    evidence: str = ""
    """The referral text that matched, for a text cue; empty for an age-based flag."""


class Adaptation(StrEnum):
    SHORTEST_SUGGESTED_DEADLINE = "shortest_suggested_deadline"
    WORK_SCHOOL_FOCUS_PLAN_ITEM = "work_school_focus_plan_item"
    INTERPRETER_NEED_EVERY_APPOINTMENT = "interpreter_need_every_appointment"
    TRAUMA_TREATMENT_QUESTION = "trauma_treatment_question"
    POLYPHARMACY_REVIEW_PLAN_ITEM = "polypharmacy_review_plan_item"
    HABIT_FORMING_MEDICINE_WARNING = "habit_forming_medicine_warning"
    DPS_PARTNER_REQUIRED = "dps_partner_required"
    TSB_PARTNER_REQUIRED = "tsb_partner_required"


FLAG_ADAPTATIONS: Mapping[SpecialGroupFlag, frozenset[Adaptation]] = MappingProxyType(
    {
        # Early intake, a short deadline and a focus on restoring work ability (002 ch. 5).
        SpecialGroupFlag.YOUNG_ADULT: frozenset(
            {Adaptation.SHORTEST_SUGGESTED_DEADLINE, Adaptation.WORK_SCHOOL_FOCUS_PLAN_ITEM}
        ),
        SpecialGroupFlag.DROPOUT_RISK: frozenset({Adaptation.WORK_SCHOOL_FOCUS_PLAN_ITEM}),
        # Consider referral to specialised trauma treatment, and the need for an interpreter.
        SpecialGroupFlag.TRAUMA: frozenset(
            {Adaptation.INTERPRETER_NEED_EVERY_APPOINTMENT, Adaptation.TRAUMA_TREATMENT_QUESTION}
        ),
        SpecialGroupFlag.INTERPRETER: frozenset({Adaptation.INTERPRETER_NEED_EVERY_APPOINTMENT}),
        # Polypharmacy, interactions, reduced metabolism; habit-forming medicines over 65.
        SpecialGroupFlag.OLDER: frozenset(
            {Adaptation.POLYPHARMACY_REVIEW_PLAN_ITEM, Adaptation.HABIT_FORMING_MEDICINE_WARNING}
        ),
        SpecialGroupFlag.MENTAL_HEALTH: frozenset({Adaptation.DPS_PARTNER_REQUIRED}),
        SpecialGroupFlag.DEPENDENCE: frozenset({Adaptation.TSB_PARTNER_REQUIRED}),
        SpecialGroupFlag.OUT_OF_SCOPE: frozenset(),
    }
)


def adaptations_for(confirmed_flags: Iterable[SpecialGroupFlag | str]) -> frozenset[Adaptation]:
    """The adaptations that the confirmed flags drive (D8)."""
    result: set[Adaptation] = set()
    for flag in confirmed_flags:
        result |= FLAG_ADAPTATIONS[SpecialGroupFlag(flag)]
    return frozenset(result)


def age_flag(age_at_referral: int | None) -> tuple[SpecialGroupFlag, FlagReason] | None:
    """The flag the age at referral suggests, if any."""
    if age_at_referral is None:
        return None
    if age_at_referral < ADULT_AGE:
        return SpecialGroupFlag.OUT_OF_SCOPE, FlagReason(FlagReasonCode.AGE_UNDER_18)
    if age_at_referral < YOUNG_ADULT_UNTIL_AGE:
        return SpecialGroupFlag.YOUNG_ADULT, FlagReason(FlagReasonCode.AGE_18_TO_22)
    if age_at_referral >= OLDER_FROM_AGE:
        return SpecialGroupFlag.OLDER, FlagReason(FlagReasonCode.AGE_65_OR_OVER)
    return None


# Text cues --------------------------------------------------------------------------------
#
# Patterns run on folded text: lower case with æ, ø, å written ae, oe, aa, so that referrals
# typed without Norwegian letters match too. They are deliberately narrow where a word has an
# innocent meaning that referrals use a lot: bare "traume" is usually a physical injury, "tolke"
# means to interpret a finding, "voldsom" means intense, "avhengig av hjelp" is about function,
# "bevegelsesangst" is fear of movement.

# Dependence is named by what one depends on: "belastningsavhengig" (load-dependent pain) and
# "insulinavhengig" are not dependence.
_SUBSTANCES = (
    "rus|rusmiddel|legemiddel|medikament|opioid|alkohol|benzo|benzodiazepin|narkotika|tablett"
)

_CUES: Mapping[SpecialGroupFlag, tuple[str, ...]] = MappingProxyType(
    {
        SpecialGroupFlag.INTERPRETER: (
            r"\btolk(?:en|ene|ebehov\w*|etjeneste\w*|ebruk)?\b",
            r"\bspraakbarriere\w*",
            r"\b(?:snakker|forstaar|kan) (?:ikke|lite|daarlig) norsk\b",
        ),
        SpecialGroupFlag.DROPOUT_RISK: (
            r"\b(?:syk|sjuk)e?meld\w*",
            r"\barbeidsavklaringspeng\w*",
            r"\baap\b",
            r"\bufoer\w*",
            r"\barbeidsledig\w*",
            r"\b(?:falt|faller|falle|droppet|dropper|droppa) ut\b",
            r"\bhopp(?:et|a) av (?:skole\w*|studie\w*|utdanning\w*)",
            r"\b(?:skole|hoeyt )fravaer\w*",
            r"\bfravaer fra (?:skole\w*|jobb\w*|arbeid\w*|studie\w*)",
            r"\butenfor (?:arbeid\w*|skole\w*|utdanning\w*)",
        ),
        SpecialGroupFlag.TRAUMA: (
            r"\bpts[ds]\b",
            r"\bp82\b",  # ICPC-2 post-traumatic stress disorder
            r"\bf43(?:\.\d+)?\b",  # ICD-10 reaction to severe stress, incl. PTSD
            r"\bposttraumatisk\w*",
            r"\btraumatiser\w*",
            r"\btraumatisk\w* (?:opplevelse\w*|hendelse\w*|erfaring\w*|barndom\w*|oppvekst\w*)",
            r"\b(?:psykisk\w*|psykologisk\w*|komplekse?) traume\w*",
            r"\btraumer? i (?:barndom\w*|oppvekst\w*)",
            r"\bvold(?:tekt\w*|tatt|sutsatt\w*|soffer\w*)?\b",
            r"\boverg(?:rep|ripp)\w*",
            r"\btortur\w*",
            r"\bflyktning\w*",
            r"\bkrig\w*",
        ),
        SpecialGroupFlag.MENTAL_HEALTH: (
            r"\bdepresj\w*",
            r"\bdepressiv\w*",
            r"\bdeprimert\w*",
            r"\bangst\w*",
            r"\bpsykisk\w* (?:lidelse\w*|sykdom\w*|sjukdom\w*|plage\w*|helse\w*|uhelse)",
            r"\bpsykiatri\w*",
            r"\bbipolar\w*",
            r"\bschizofren\w*",
            r"\bpsykose\w*",  # not "psykososial"
            r"\bpsykotisk\w*",
            r"\bpersonlighetsforstyrr\w*",
            r"\bspiseforstyrr\w*",
            r"\b(?:selvmord|sjoelvmord|suicid)\w*",
            r"\bdps\b",
            r"\bf(?:2\d|3\d|4[0-8]|6\d)(?:\.\d+)?\b",  # ICD-10 F20-F48, F60-F69
            r"\bp(?:7[2346]|8[06])\b",  # ICPC-2 psychosis, anxiety, depression, personality, eating
        ),
        SpecialGroupFlag.DEPENDENCE: (
            rf"\b(?:{_SUBSTANCES})?avhengighe(?:t|it)\w*",
            rf"\b(?:{_SUBSTANCES})avhengig\w*",
            r"\brus(?:(?:misbruk|problem|bruk|middel|avhengig|behandling|lidelse)\w*)?\b",
            r"\bmisbruk\w*",
            r"\boverforbruk\w*",
            r"\balkoholi\w*",
            r"\blegemiddelassistert\w*",
            r"\btsb\b",
            r"\bf1\d(?:\.\d+)?\b",  # ICD-10 F10-F19, mental disorders due to substance use
            r"\bp1[59]\b",  # ICPC-2 chronic alcohol abuse, drug abuse
        ),
    }
)

_COMPILED_CUES: Mapping[SpecialGroupFlag, tuple[re.Pattern[str], ...]] = MappingProxyType(
    {flag: tuple(re.compile(p) for p in patterns) for flag, patterns in _CUES.items()}
)

# A cue preceded in the same clause, within a few words, by a negation does not count:
# "ikke behov for tolk", "ingen kjent rusavhengighet", "benekter rusbruk".
_NEGATIONS = frozenset(
    {"ikke", "ikkje", "ingen", "inga", "intet", "ingenting", "uten", "benekter", "neger"}
)
_NEGATION_WINDOW_WORDS = 3
_CLAUSE_END = re.compile(r"[.;:!?\n,]")
_WORD = re.compile(r"\w+")

_FOLD = {"æ": "ae", "ø": "oe", "å": "aa"}


def _fold(text: str) -> tuple[str, list[int]]:
    """Fold text for matching; also return, per folded character, its index in `text`."""
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for piece in _FOLD.get(char.lower(), char.lower()):
            folded.append(piece)
            origin.append(index)
    return "".join(folded), origin


def _negated(folded: str, start: int) -> bool:
    clause_start = max((m.end() for m in _CLAUSE_END.finditer(folded, 0, start)), default=0)
    words = _WORD.findall(folded, clause_start, start)
    return any(word in _NEGATIONS for word in words[-_NEGATION_WINDOW_WORDS:])


# A cue that is only a heading's label ("Rus:", "Rus/avhengighet:", "Tolk -") says that the
# referral addresses the topic, not what it found: what follows the heading decides.
_HEADING_TAIL = re.compile(r"[ \t]*(?:/[ \t]*[\w ]{1,30}?[ \t]*)?(?::|[ \t]+-[ \t])")


def _is_heading_label(folded: str, end: int) -> bool:
    return _HEADING_TAIL.match(folded, end) is not None


def text_cue(flag: SpecialGroupFlag, text: str) -> str | None:
    """The first fragment of `text` that suggests `flag`, or None."""
    folded, origin = _fold(text)
    for pattern in _COMPILED_CUES.get(flag, ()):
        for match in pattern.finditer(folded):
            if (
                match.end() > match.start()
                and not _negated(folded, match.start())
                and not _is_heading_label(folded, match.end())
            ):
                return text[origin[match.start()] : origin[match.end() - 1] + 1]
    return None


def suggest_flags(
    age_at_referral: int | None, text: str = ""
) -> dict[SpecialGroupFlag, FlagReason]:
    """Suggested flags, each with its reason, for staff to confirm or remove (D8).

    Age: under 18 → out_of_scope; 18-22 → young_adult; 65 or over → older. Text: the referral
    (or any free text about the patient) is searched for cues of interpreter need, dropping out
    of school or work, trauma, mental health problems and dependence.
    """
    suggestions: dict[SpecialGroupFlag, FlagReason] = {}
    by_age = age_flag(age_at_referral)
    if by_age is not None:
        suggestions[by_age[0]] = by_age[1]
    for flag in _CUES:
        evidence = text_cue(flag, text)
        if evidence is not None:
            suggestions.setdefault(flag, FlagReason(FlagReasonCode.TEXT_CUE, evidence))
    return suggestions
