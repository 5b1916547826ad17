"""Referral completeness check: the fourteen D3 items in Norwegian free text.

DOMAIN.md D3 (guideline 002 ch. 3; consultation answer 004 §§ 5-6) lists what a referral to a pain
clinic should contain. This module finds each item in a free-text referral (or in the fields of the
web form) and returns, for every item, whether it is addressed and the sentences that show it, so a
clinician can see *why* an item counts as present and what is missing. It is pure Python (no
Django); user-visible labels for the codes live in the Django layer.

How a referral is read:

1. Normalisation. Text is lower-cased and æ/ø/å are folded to ae/oe/aa, so "søvn", "soevn" and
   "SØVN" read the same. Common clinical abbreviations are expanded ("sykm." -> sykmeldt, "u/"
   -> uten, "tidl. beh." -> tidligere behandling). A cheap typo pass corrects a word one edit away
   from a key clinical word ("fysioterpi" -> fysioterapi), unless the two are just inflections of
   one word (the Snowball Norwegian stemmer decides).
2. Segmentation. The text is cut into lines and sentences. Headings ("Rus/avhengighet:",
   "Sosialt:", "Tidlegare behandling:", "OBJEKTIVT") are recognised and remembered for the lines
   below them. The letterhead and the signature are set aside; they only tell whether the referrer
   is a specialist (a specialist's own conclusion counts as an earlier assessment, README rule).
3. Detection. Each item has a small rule built from named cues: a heading for the item with real
   content, word lists (data/completeness_lexicon.json: body parts, pain qualities, diseases, drug
   names, specialists) and phrase patterns. Explicit negatives count as addressed ("ingen rus",
   "benekter traumer", "tidligere frisk"). Decoys are ruled out where the labelling rules say so
   (tests/data/referrals/README.md): a physical "traume" is not trauma, an opioid list says nothing
   about dependence, a medicine list is not an earlier treatment, "ønskes vurdert" is not an
   expectation, "avhengig av rullator" is not dependence, "motivert for å slutte å røyke" is not
   motivation for interdisciplinary assessment.
4. Result. Every present item carries its evidence sentences (and, for explanation, the names of
   the cues that matched).
"""

from __future__ import annotations

import json
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import snowballstemmer  # type: ignore[import-untyped,unused-ignore]

__all__ = [
    "ITEM_CODES",
    "CompletenessResult",
    "ItemResult",
    "check_fields",
    "check_referral",
    "normalise",
]

# The fourteen items of DOMAIN.md D3, in D3 order.
ITEM_CODES: Final[tuple[str, ...]] = (
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

# At most this many evidence sentences are kept per item (in document order).
MAX_EVIDENCE: Final = 5


@dataclass(frozen=True)
class ItemResult:
    """One D3 item: addressed or not, and the sentences that show it.

    ``cues`` names the rule parts that matched (e.g. "heading", "pain word + location"); it helps
    explain a result but is not part of :meth:`CompletenessResult.as_dict`.
    """

    present: bool
    evidence: tuple[str, ...] = ()
    cues: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class CompletenessResult:
    """The completeness of one referral: an :class:`ItemResult` per D3 item code."""

    items: dict[str, ItemResult]

    @property
    def missing(self) -> list[str]:
        """Codes of the items not addressed, in D3 order."""
        return [code for code in ITEM_CODES if not self.items[code].present]

    @property
    def score(self) -> float:
        """Share of the fourteen items addressed, rounded to three decimals."""
        present = sum(1 for code in ITEM_CODES if self.items[code].present)
        return round(present / len(ITEM_CODES), 3)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form: ``{"items": {code: {"present", "evidence"}}, "missing", "score"}``."""
        return {
            "items": {
                code: {
                    "present": self.items[code].present,
                    "evidence": list(self.items[code].evidence),
                }
                for code in ITEM_CODES
            },
            "missing": self.missing,
            "score": self.score,
        }


# ---------------------------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------------------------

_FOLD_TABLE: Final = str.maketrans(
    {
        "æ": "ae",
        "ø": "oe",
        "å": "aa",
        "ä": "ae",
        "ö": "oe",
        "ü": "u",
        "é": "e",
        "è": "e",
        "ê": "e",
        "á": "a",
        "à": "a",
        "ó": "o",
        "ò": "o",
        "ô": "o",
        "í": "i",
        "ç": "c",
        "–": "-",
        "—": "-",
        "‒": "-",
        "−": "-",
        "«": '"',
        "»": '"',
        "“": '"',
        "”": '"',
        "„": '"',
        "’": "'",
        "‘": "'",
        "\u00a0": " ",
        "µ": "mikro",
        "μ": "mikro",
    }
)


def _fold(text: str) -> str:
    """Lower-case and fold æ/ø/å (and a few accents and dashes) to ASCII spellings."""
    return unicodedata.normalize("NFC", text).lower().translate(_FOLD_TABLE)


# Clinical abbreviations, expanded after folding so the cue patterns need only the long form.
_ABBREVIATIONS: Final[Mapping[str, str]] = {
    "tidl": "tidligere",
    "beh": "behandling",
    "sykm": "sykmeldt",
    "sjukm": "sjukmeldt",
    "henv": "henvisning",
    "pas": "pasienten",
    "pt": "pasienten",
    "us": "undersoekelse",
    "ve": "venstre",
    "hoe": "hoeyre",
    "fysio": "fysioterapi",
    "kons": "konsultasjon",
    "sos": "sosialt",
    "probl": "problemstilling",
    "diagn": "diagnoser",
    "medik": "medikamenter",
    "rtg": "rtg",
}
_ABBREVIATION_RX: Final = re.compile(r"\b(" + "|".join(_ABBREVIATIONS) + r")\b\.?")
_SHORT_FORMS: Final[Mapping[str, str]] = {
    "u/": "uten ",
    "m/": "med ",
    "v/": "ved ",
    "u.a.": "uten anmerkning",
    "u.a": "uten anmerkning",
    "ua.": "uten anmerkning",
    "ua": "uten anmerkning",
}
_SHORT_FORM_RX: Final = re.compile(r"\b(?:([umv]/)\s*|(u\.a\.?|ua\b\.?))")


def _expand(folded: str) -> str:
    folded = _SHORT_FORM_RX.sub(lambda m: _SHORT_FORMS[m.group(1) or m.group(2)], folded)
    return _ABBREVIATION_RX.sub(lambda m: _ABBREVIATIONS[m.group(1)], folded)


_local = threading.local()


def _stemmer() -> Any:
    # Snowball stemmer objects keep state while stemming: one per thread.
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = snowballstemmer.stemmer("norwegian")
        _local.stemmer = stemmer
    return stemmer


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """Snowball Norwegian stem of a folded word."""
    return str(_stemmer().stemWord(word))


# ---------------------------------------------------------------------------------------------
# Lexicon (word lists in data/completeness_lexicon.json)
# ---------------------------------------------------------------------------------------------

_LEXICON_PATH: Final = Path(__file__).parent / "data" / "completeness_lexicon.json"
_LEX: Final[dict[str, Any]] = json.loads(_LEXICON_PATH.read_text(encoding="utf-8"))


def _words(key: str) -> list[str]:
    return [_fold(w) for w in _LEX[key]]


class _WordList:
    """A word list matched against single folded tokens (syntax in the lexicon's `_about`)."""

    def __init__(self, entries: Iterable[str]) -> None:
        stems: set[str] = set()
        forms: set[str] = set()
        prefixes: list[str] = []
        heads: list[str] = []
        for raw in entries:
            entry = _fold(raw)
            if entry.startswith("="):
                forms.add(entry[1:])
            elif entry.startswith("*"):
                heads.append(_stem(entry[1:]))
            elif entry.endswith("*"):
                prefixes.append(entry[:-1])
            else:
                stems.add(_stem(entry))
                forms.add(entry)
        self._stems = frozenset(stems)
        self._forms = frozenset(forms)
        self._prefixes = tuple(prefixes)
        self._heads = tuple(heads)

    def matches(self, token: str) -> bool:
        if token in self._forms or token.startswith(self._prefixes):
            return True
        stem = _stem(token)
        return stem in self._stems or stem.endswith(self._heads)


_GROUPS: Final[Mapping[str, _WordList]] = {
    "pain": _WordList(_LEX["pain_words"]),
    "location": _WordList(_LEX["pain_locations"]),
    "quality": _WordList(_LEX["pain_qualities"]),
    "quality_weak": _WordList(_LEX["pain_qualities_weak"]),
    "disease": _WordList(_LEX["diseases"]),
    # Drug names: a trade or generic name with any ending ("Paracet", "Paracetamol").
    "drug": _WordList(
        w.split()[0].split("-")[0] + "*" for w in _LEX["drugs"] if len(w.split()[0]) >= 4
    ),
}


@lru_cache(maxsize=65536)
def _token_groups(token: str) -> frozenset[str]:
    return frozenset(name for name, words in _GROUPS.items() if words.matches(token))


def _has_drug(text: str) -> bool:
    return any("drug" in _token_groups(token) for token in _TOKEN_RX.findall(text))


def _alternation(words: Iterable[str]) -> str:
    """Regex alternation of folded words; a trailing '*' allows any ending (compounds)."""
    parts = []
    for word in sorted({_fold(w) for w in words}, key=len, reverse=True):
        if word.endswith("*"):
            parts.append(re.escape(word[:-1]) + r"\w*")
        elif word.startswith("*"):
            parts.append(r"\w*" + re.escape(word[1:]))
        else:
            parts.append(re.escape(word))
    return "(?:" + "|".join(parts) + ")"


_DRUG_CLASS_RX: Final = re.compile(r"\b" + _alternation(_words("drug_classes")) + r"\b")
_SPECIALIST_RX: Final = re.compile(
    r"\b" + _alternation(_words("specialists")) + r"(?:en|er|ar|ane|ene|a)?\b(?! i allmennmedisin)"
)

# ---------------------------------------------------------------------------------------------
# Cheap typo correction (one edit away from a key clinical word)
# ---------------------------------------------------------------------------------------------

_TYPO_VOCABULARY: Final = frozenset(
    w
    for w in _words("typo_vocabulary") + _words("drugs")
    if len(w) >= 6 and re.fullmatch(r"[a-z]+", w)
)
_DELETIONS: Final[dict[str, set[str]]] = {}
for _word in _TYPO_VOCABULARY:
    for _i in range(len(_word)):
        _DELETIONS.setdefault(_word[:_i] + _word[_i + 1 :], set()).add(_word)

# Endings that make two words inflections of one another rather than a typo.
_INFLECTIONS: Final = frozenset(
    (
        "",
        "e",
        "er",
        "en",
        "et",
        "ene",
        "ert",
        "erte",
        "ere",
        "t",
        "te",
        "s",
        "a",
        "ar",
        "ane",
        "ande",
        "ende",
        "ing",
        "inga",
        "ingen",
        "ingar",
        "else",
        "lig",
        "leg",
        "het",
        "heten",
        "ig",
    )
)


def _is_inflection(token: str, word: str) -> bool:
    token_stem, word_stem = _stem(token), _stem(word)
    if token_stem == word_stem:
        return True
    if token.startswith(word_stem) and token[len(word_stem) :] in _INFLECTIONS:
        return True
    return word.startswith(token_stem) and word[len(token_stem) :] in _INFLECTIONS


@lru_cache(maxsize=65536)
def _correct(token: str) -> str:
    """Return the key word one edit from ``token`` (if exactly one), else ``token`` itself."""
    if len(token) < 6 or token in _TYPO_VOCABULARY:
        return token
    candidates = set(_DELETIONS.get(token, ()))  # a letter missing
    for i in range(len(token)):
        shorter = token[:i] + token[i + 1 :]
        if shorter in _TYPO_VOCABULARY:  # a letter too many
            candidates.add(shorter)
        candidates.update(_DELETIONS.get(shorter, ()))  # a letter wrong or two swapped
    if len(candidates) != 1:
        return token
    (candidate,) = candidates
    return token if _is_inflection(token, candidate) else candidate


_LONG_WORD_RX: Final = re.compile(r"[a-z]{6,}")
_TOKEN_RX: Final = re.compile(r"[a-z0-9]+")


def normalise(text: str) -> str:
    """Normalised form used for matching: folded, abbreviations expanded, typos corrected."""
    expanded = _expand(_fold(text))
    expanded = _LONG_WORD_RX.sub(lambda m: _correct(m.group()), expanded)
    return re.sub(r"\s+", " ", expanded).strip()


def _rx(pattern: str) -> re.Pattern[str]:
    """Compile a cue pattern written in ordinary Norwegian spelling (æøå are folded).

    Patterns are written in lower case; only letters are folded, so escapes such as \\S and
    group names keep their case.
    """
    return re.compile(unicodedata.normalize("NFC", pattern).translate(_FOLD_TABLE))


# ---------------------------------------------------------------------------------------------
# Segmentation
# ---------------------------------------------------------------------------------------------


def _heading_table() -> tuple[dict[str, frozenset[str]], tuple[str, ...]]:
    table: dict[str, set[str]] = {}
    for code, labels in _LEX["headings"].items():
        if code == "_about":
            continue
        for label in labels:
            key = _heading_key(label)
            table.setdefault(key, set())
            if code != "_neutral":
                table[key].add(code)
    keys_by_length = tuple(sorted(table, key=len, reverse=True))
    return {k: frozenset(v) for k, v in table.items()}, keys_by_length


def _heading_key(label: str) -> str:
    key = _expand(_fold(label))
    key = re.sub(r"[.:()\"'*_#]", " ", key)
    return re.sub(r"\s+", " ", key).strip()


_HEADING_SPLIT_RX: Final = re.compile(r"\s*(?:/|&|\+|,|\bog\b|\beller\b)\s*")
_HEADINGS, _HEADING_KEYS = _heading_table()


@lru_cache(maxsize=4096)
def _lookup_heading(label: str, exact: bool = False) -> frozenset[str] | None:
    """Item codes for a heading label; ``None`` if the heading is unknown.

    With ``exact`` every part must be a known heading ("Rus/avhengighet"); otherwise a part may
    also start with one ("Spørsmål til smerteklinikken").
    """
    key = _heading_key(label)
    if key in _HEADINGS:
        return _HEADINGS[key]
    found = False
    items: set[str] = set()
    for part in _HEADING_SPLIT_RX.split(key):
        if not part:
            continue
        if part in _HEADINGS:
            found = True
            items |= _HEADINGS[part]
            continue
        if exact:
            return None
        for known in _HEADING_KEYS:
            if part.startswith(known + " "):
                found = True
                items |= _HEADINGS[known]
                break
    return frozenset(items) if found else None


@dataclass(frozen=True)
class _Unit:
    """A sentence (or a line without sentence punctuation) of the referral."""

    text: str  # the sentence as written
    # The evidence shown: the sentence as written; the first sentence under a heading that stood
    # alone on its line gets the heading in front ("Rus: Ingen."), which still reads as a
    # contiguous passage of the text (whitespace aside), so a UI can find and mark it.
    display: str
    norm: str  # normalised sentence, heading label included
    body: str  # normalised sentence without its heading label
    groups: frozenset[str]  # word-list groups found in the sentence
    heading: frozenset[str]  # item codes named by the heading above the sentence
    para: int  # paragraph number (blank lines separate paragraphs)


@dataclass(frozen=True)
class _Document:
    units: tuple[_Unit, ...]
    specialist: bool  # written by a specialist (hospital, DPS, ...), not a GP or out-of-hours


_BULLET_RX: Final = re.compile(r"^\s*(?:[-–•*·>]+|\d{1,2}[.)])\s+")
_HEADING_RX: Final = re.compile(r"^([^\W\d_][^:\n]{0,48}?)\s*:\s*(.*)$")
_SENTENCE_END_RX: Final = re.compile(r"(?<=[.!?])\s+(?=[\"«(]?[A-ZÆØÅ])")
# Abbreviations that are often followed by a capitalised name ("bl.a. MR", "dr. Hansen", "St.
# Olavs"): a full stop after them does not end the sentence. Others ("2 tbl.", "sykm.") may.
_NO_SPLIT_AFTER: Final = frozenset(
    (
        "ca",
        "pga",
        "bl.a",
        "evt",
        "ev",
        "f.eks",
        "dvs",
        "dr",
        "st",
        "prof",
        "spes",
        "avd",
        "kl",
        "nr",
        "n",
        "v",
        "inkl",
        "mht",
        "ift",
        "ifm",
        "iflg",
        "jf",
        "jfr",
        "vs",
        "ref",
        "etc",
        "el",
        "ved",
    )
)
_CLOSING_RX: Final = _rx(
    r"^(?:med vennlig hilsen|vennlig hilsen|vennleg helsing|med hilsen|med helsing|hilsen|helsing"
    r"|mvh|beste hilsen)\b"
)
_TITLE_RX: Final = _rx(r"^(?:henvisning|henv\b|tilvising|tilvisning|fra\s*:|frå\s*:)")
_SPECIALIST_LINE_RX: Final = _rx(
    r"\b(?:\w*poliklinikk\w*|\w*avdeling\w*|avd|\w*sykehus\w*|\w*sjukehus\w*|hospital\w*|dps|bup"
    r"|overlege|avdelingsoverlege|psykiater|lis|lis-lege|lis\d|lege i spesialisering"
    r"|klinikk for|\w*seksjon\w*|nevrolog\w*|revmatolog\w*|ortoped\w*|\w*kirurg\w*|anestesi\w*"
    r"|psykologspesialist|spesialist i (?!allmennmedisin)\w+)\b"
)
_GP_LINE_RX: Final = _rx(
    r"\b(?:fastlege\w*|allmennlege\w*|legevakt\w*|legekontor\w*|legesenter\w*|allmennmedisin"
    r"|kommunelege|kommuneoverlege)\b"
)
# A line naming the receiver ("Til: Smerteklinikken, Haukeland") says nothing about the sender.
_RECEIVER_LINE_RX: Final = _rx(
    r"^\s*(?:til\b|henvisning|henv\b|tilvising|tilvisning)|smerteklinikk|smertesenter"
)
_SENDER_LINE_RX: Final = _rx(r"^\s*(?:fra|frå)\s*:")


def _split_sentences(line: str) -> list[str]:
    pieces = _SENTENCE_END_RX.split(line)
    sentences: list[str] = []
    for piece in pieces:
        if sentences:
            last_word = _fold(sentences[-1].rsplit(None, 1)[-1]).rstrip(".!?")
            if (len(last_word) == 1 and last_word.isalpha()) or last_word in _NO_SPLIT_AFTER:
                sentences[-1] = f"{sentences[-1]} {piece}"
                continue
        sentences.append(piece)
    return [s.strip() for s in sentences if s.strip()]


def _make_unit(text: str, display: str, label: str, heading: frozenset[str], para: int) -> _Unit:
    norm = normalise(text)
    body = normalise(text[len(label) :].lstrip(" :")) if label else norm
    groups: set[str] = set()
    for token in _TOKEN_RX.findall(norm):
        groups |= _token_groups(token)
    return _Unit(text, display, norm, body, frozenset(groups), heading, para)


def _from_specialist(
    lines: Sequence[str], content: Sequence[int], header_end: int, signature_start: int
) -> bool:
    """Whether the letterhead or signature shows a specialist sender (hospital, DPS, ...).

    A GP, out-of-hours doctor or medical centre anywhere in them means not a specialist.
    """
    sender = [i for i in content if i < header_end or i >= signature_start]
    sender += [i for i in content[:4] if _SENDER_LINE_RX.search(_fold(lines[i]))]
    if signature_start == len(lines):  # no closing formula: a short last line may be a signature
        sender += [i for i in content[-2:] if len(lines[i].strip()) <= 60]
    specialist = False
    for i in sender:
        folded = _fold(lines[i])
        if _GP_LINE_RX.search(folded):
            return False
        if _SPECIALIST_LINE_RX.search(folded) and not _RECEIVER_LINE_RX.search(folded):
            specialist = True
    return specialist


def _segment(text: str) -> _Document:
    lines = text.splitlines()
    content = [i for i, line in enumerate(lines) if line.strip()]
    if not content:
        return _Document((), False)

    # Letterhead: the lines before a title ("Henvisning ...", "Fra: ...") among the first four.
    header_end = content[0]
    for i in content[:4]:
        if _TITLE_RX.search(_fold(_BULLET_RX.sub("", lines[i]).strip())):
            header_end = i
            break
    # Signature: everything after a closing formula ("Med vennlig hilsen", "Mvh fastlege").
    signature_start = len(lines)
    for i in content[1:]:
        if _CLOSING_RX.search(_fold(lines[i].strip())):
            signature_start = i
            break
    specialist = _from_specialist(lines, content, header_end, signature_start)

    units: list[_Unit] = []
    para = 0
    heading: frozenset[str] = frozenset()
    heading_label = ""  # the heading line as written
    standalone = False  # the heading stood on its own line
    has_body = False  # the section has had a line of text
    for i in range(header_end, signature_start):
        raw = lines[i]
        if not raw.strip():
            para += 1
            if has_body:
                heading, heading_label, standalone, has_body = frozenset(), "", False, False
            continue
        bullet = bool(_BULLET_RX.match(raw)) or raw[:1] in (" ", "\t")
        line = _BULLET_RX.sub("", raw).strip()
        match = _HEADING_RX.match(line)
        label = ""
        if match and len(match.group(1).split()) <= 6:
            items = _lookup_heading(match.group(1))
            label = match.group(1)
            heading = items if items is not None else frozenset()
            heading_label, standalone, has_body = line, not match.group(2).strip(), False
            if standalone:
                continue
        elif len(line) <= 40 and not re.search(r"[.!?]", line.rstrip(":")):
            # A heading alone on its line ("TRAUMER", "Sosialt") must be a known heading exactly.
            items = _lookup_heading(line.rstrip(": "), exact=True)
            if items is not None:
                heading, heading_label, standalone, has_body = items, line, True, False
                continue
            if heading and not standalone and not bullet:
                heading = frozenset()
        elif heading and not standalone and not bullet:
            heading = frozenset()  # an inline heading covers its own line and bullets below it
        for n, sentence in enumerate(_split_sentences(line)):
            first = standalone and not has_body and n == 0 and heading_label
            display = f"{heading_label} {sentence}" if first else sentence
            units.append(_make_unit(sentence, display, label if n == 0 else "", heading, para))
        has_body = True
    return _Document(tuple(units), specialist)


# ---------------------------------------------------------------------------------------------
# Cue patterns shared by several items
# ---------------------------------------------------------------------------------------------

# A request to the clinic ("ber om", "ønskes", a question): what is asked is not yet done.
_REQUEST_RX: Final = _rx(
    r"\b(?:ber om|ber vi|ber dere|bes om|bes det|ønskes|ønsker|ønskjer|ynskjer|ønsket|håper"
    r"|håpar|lurer på|spørsmål|spør om|spør|anmoder|vil gjerne|kunne dere|kan dere|ville dere"
    r"|henvises|tilvises|henviser|tilviser|takknemlig for|takksam for)\b|\?"
)
# Marks of something already done (so a sentence with a request word may still report history).
_PAST_RX: Final = _rx(
    r"\b(?:har|hadde|ga|gav|gitt|fikk|fått|forsøkt|prøvd|gjennomført|gjennomgått|brukt|tidligere"
    r"|tidlegare|uten|utan|var|vore|vært)\b"
)
_NEGATIVE_RX: Final = _rx(r"\b(?:ingen|nei|ikke|ikkje|benekter|neker|aldri|inga|intet)\b")
_NON_SUBSTANTIVE: Final = frozenset(
    _fold(s)
    for s in (
        "",
        "ukjent",
        "vet ikke",
        "veit ikkje",
        "veit ikke",
        "ikke kjent",
        "ikkje kjent",
        "ikke spurt",
        "ikkje spurt",
        "ikke avklart",
        "uklart",
        "n/a",
        "na",
        "tbd",
        "se over",
        "se under",
        "se vedlegg",
    )
)


def _substantive(body: str) -> bool:
    """Real content: not empty, not "-", "?", "ukjent", "vet ikke"; "ingen" counts."""
    cleaned = re.sub(r"[^\w/ ]+", " ", _fold(body))
    cleaned = re.sub(r"\s+", " ", cleaned).strip()
    return bool(re.search(r"\w", cleaned)) and cleaned not in _NON_SUBSTANTIVE


# ---------------------------------------------------------------------------------------------
# Item rules. Each takes the document and a unit index and returns the name of the cue that
# makes the unit evidence for the item, or None.
# ---------------------------------------------------------------------------------------------

_Rule = Callable[[_Document, int], "str | None"]

# D3.1 the patient's own view of the situation and wish for help.
_PV_SUBJECT: Final = r"(?:hun|han|ho|pasienten|pasienta|vedkommende)"
_PV_VERB: Final = (
    r"(?:sier|seier|opplever|uttrykker|uttrykkjer|tenker|tenkjer|tror|trur|føler|kjenner seg"
    r"|mener|meiner|ønsker|ønskjer|ynskjer|vil gjerne|vil helst|håper|håpar|frykter|fryktar"
    r"|gruer seg|er redd|er bekymret|er bekymra|er urolig|er uroleg|er engstelig|er frustrert"
    r"|er fortvilet|er fortvila|er oppgitt|er lei|er sliten av|er overbevist|er lettet|er letta"
    r"|har lyst|har et ønske|har eit ønske|har selv|har sjølv|er usikker på|forstår ikke"
    r"|forstår ikkje|skjønner ikke|synes|synest|savner|saknar|beskriver selv|forteller selv"
    r"|tviler|tvilar|er ambivalent|er skeptisk|lurer på|lurar på"
    r"|har (?:lite|liten|ingen|stor|god|lita) (?:tro|tiltro|trus) på|har mistet troen|har mista trua"
    r"|innser|innsér|erkjenner|vedgår|vil ha hjelp|vil ha"
    r"|(?:lite|liten|ingen|lita) (?:tro|tiltro|trus) på)"
)
_PATIENT_VIEW_RX: Final = _rx(
    rf"\b{_PV_SUBJECT}\b(?:[\s,]+(?!jeg\b|vi\b|eg\b|me\b|dere\b|dykk\b)\w+){{0,8}}?[\s,]+"
    rf"(?P<verb>{_PV_VERB})\b(?P<rest>[^.;]{{0,40}})"
    r"|\b(?:sier|seier|opplever|mener|meiner|ønsker|ønskjer|ynskjer|beskriver|forteller|fortel"
    r"|uttrykker) (?:selv|sjølv)\b|\b\w+(?:er|ar) (?:selv|sjølv) at\b"
    r"|\b(?:hennes|hans|pasientens|hennar|pasienten sitt|pasienten sine)\s+(?:eget |egne |eige )?"
    r"(?:ønske|ønsker|mål|perspektiv|syn|opplevelse|oppleving|bekymring\w*|frykt|håp"
    r"|forventning\w*|forventing\w*)\b"
    r"|\b(?:eget|egne|eige) (?:ønske|ønsker|mål)\b"
    r"|\bikke (?:\w+ )?(?:blir |blitt |bli |å bli )?(?:trodd|tatt på alvor|forstått)\b"
    r"|\bikkje (?:\w+ )?(?:blir |blitt |bli |å bli )?(?:trudd|teken på alvor|forstått)\b"
)


# "Han ønsker en vurdering." is a bare request for assessment, not the patient's own view.
_GENERIC_WISH_RX: Final = _rx(
    r"^\s*(?:en |ei |et )?(?:tverrfaglig |tverrfagleg )?(?:vurdering|henvisning|tilvising|time)"
    r"(?: (?:hos|ved|på) (?:dere|dykk|smerteklinikk\w*))?\s*$"
)


def _patient_view(doc: _Document, i: int) -> str | None:
    for match in _PATIENT_VIEW_RX.finditer(doc.units[i].norm):
        verb = match.group("verb") or ""
        if verb.startswith(("oensk", "ynskj")) and _GENERIC_WISH_RX.match(match.group("rest")):
            continue
        return "patient's own words or wish"
    return None


# D3.2 the pain: character, location, duration. README: location or character is needed.
def _pain_description(doc: _Document, i: int) -> str | None:
    groups = doc.units[i].groups
    strong = "quality" in groups
    if "pain" in groups and ("location" in groups or strong or "quality_weak" in groups):
        return "pain word + location/character"
    if strong and "location" in groups:
        return "pain character + location"
    return None


# D3.3 physical function.
_ACTIVITY: Final = (
    r"(?:gå|går|gange|gåtur\w*|turer|tur|handle|handla|innkjøp\w*|trapp(?:er|ene|a|egang\w*)?"
    r"|husarbeid\w*"
    r"|matlaging|lage mat|dusje|vaske\w*|kle på seg|kle seg|kle av seg|påkledning|bære|bere"
    r"|løfte|lyfte|sitte|sykle|jogge|løpe|springe|trene|trening|svømme|ski|hagearbeid"
    r"|rengjøring|støvsuge|skjære maten|kjøre bil|kjøre|gjøremål|gjeremål|personlig hygiene"
    r"|egenomsorg|komme seg ut|ta seg av|ta vare på|passe barna|leke|leike|opne|åpne|stelle"
    r"|reise seg|stå lenge"
    r"|stå oppreist|hverdagsaktiviteter)"
)
_FUNCTION_RX: Final = _rx(
    r"\b(?:klarer|klarar|klarte|klare|greier|greide|greie|orker|orkar|maktar|evner|kan|kunne"
    r"|tåler|tålar|tålte"
    r"|i stand til|problemer med|problem med|vansker med|vanskar med|vanskelig å|vanskeleg å"
    r"|hindrer|hindrar|begrenset i|avgrensa i|ute av stand til)\b(?:\s+\w+){0,4}?\s+(?:å\s+)?"
    + _ACTIVITY
    + r"\b"
    r"|\b(?:gangdistanse\w*|gangavstand\w*|gangfunksjon\w*|gangtoleranse|gåavstand)"
    r"|\bgår (?:tur|turer|\d|daglig|dagleg|med|sakte|kort|korte|ca|om lag)\b|\bgåtur\w*"
    r"|\btur med hunden"
    r"|\b(?:sluttet|slutta)\s+(?:å |med )(?:\w+ ){0,2}?(?:trene|trening|løpe|jogge|idrett\w*"
    r"|håndball|fotball|ski|sykle|svømme|dans\w*|tur\w*|aktivitet\w*|gå)\b"
    r"|\b(?:aktivitetsnivå\w*|funksjonsnivå\w*|funksjonsevne\w*|funksjonsnedsettelse\w*"
    r"|funksjonstap|funksjonssvikt|funksjonsbegrens\w*)"
    r"|\b(?:fysisk|nedsatt|redusert|god|normal|dårlig|dårleg) funksjon\b"
    r"|\b(?:sengeliggende|rullestol\w*|rullator\w*|krykker|krykke|stokk|ganghjelpemid\w*"
    r"|hjelpemidler|hjelpemiddel|selvhjulpen|sjølvhjelpen|adl)\b"
    r"|\bklare\w* seg (?:selv|sjølv)\b"
    r"|\b(?:daglige|daglege) (?:gjøremål|gjeremål|aktiviteter|aktivitetar)\b"
    r"|\bmå (?:\w+ og )?(?:hvile|kvile|ta pauser|ta pausar|legge seg|ligge)\b"
    r"|\b(?:gå|går|gått|gikk|gjekk)\s+(?:ca\.?\s+|om lag\s+)?[\d-]+\s*(?:m|meter|km|minutter|min)\b"
    r"|\bhjelp\w* (?:\w+ )?(?:med|til) (?:påkledning|dusj\w*|stell|innkjøp|handling|husarbeid\w*"
    r"|matlaging|personlig hygiene|å kle)"
    r"|\b(?:ligger|ligg) (?:mye|mykje)\b|\bligge ned\b|\bmobilisert|\bmobiliseres"
    r"|\b(?:lite|fysisk) aktiv\b|\binaktiv\b|\bstillesittende\b"
    r"|\b(?:trener|trenar|mosjonerer|jogger|sykler)\b"
    r"|\bfungerer (?:\w+ ){0,2}(?:i hverdagen|i dagliglivet|i kvardagen)"
    r"|\b(?:korte|lengre|lange) (?:avstander|distanser|distansar)"
    r"|\b\d+\s*(?:m|meter|km|min|minutter)\b(?:\s+\w+){0,3}?\s+(?:gange|gå|uten|utan)\b"
)


def _physical_function(doc: _Document, i: int) -> str | None:
    return "activity or function" if _FUNCTION_RX.search(doc.units[i].norm) else None


# D3.4 comorbidity: somatic and mental illness, sleep problems.
_SLEEP_RX: Final = _rx(
    r"\bs(?:ø|o)vn\w*(?:vansk|problem|forstyrr|løs|mangel|apn)\w*"
    r"|\b(?:dårlig|dårleg|urolig|uroleg|forstyrret|oppstykket|lite|bedre|betre) søvn\b"
    r"|\b(?:sover|søv|sov|sove)\s+(?:\w+\s+)?(?:dårlig|dårleg|darlig|urolig|uroleg|lite|godt|bra"
    r"|ok|middels|dårligere)\b"
    r"|\bsovne\b|\binnsovning\w*|\binsomni\w*|\boppvåkning\w*|\bsovevansk\w*"
    r"|\bvåkner (?:\w+ ){0,3}?(?:om natta|om natten|av smerter\w*|flere ganger|ofte|tidlig)"
    r"|\btrett på dagtid|\bdøgnrytme\w*|\b(?:sover|søv|sov) (?:om|på) dagen"
)
_COMORBID_RX: Final = _rx(
    r"\b(?:tidligere|ellers|somatisk|psykisk|tidlegare|elles) frisk\b"
    r"|\b(?:ingen|ikke|ikkje) (?:\w+ ){0,4}?(?:sykdommer|sjukdomar|sykdom|sjukdom|diagnoser"
    r"|lidelser|lidingar|psykiske plager|sykehistorie|sjukehistorie)\b"
    r"|\b(?:psykisk|somatisk) (?:sykdom|sjukdom|lidelse|plager)\b"
    r"|\bpsykiske (?:plager|lidelser|vansker|problemer|helseplager)\b"
    r"|\bstemningsleie\w* (?:er )?(?:senket|lavt|nedsatt|normalt|stabilt)"
    r"|\bnedstemt\w*|\b(?:høyt|høgt) blodtrykk|\btype [12]-?diabetes|\bdiabetes type"
    r"|\bmultippel sklerose|\birritabel tarm|\bkronisk utmattelse|\bstoffskifte\w*"
    r"|\bkjent (?:med )?migrene\b"
    # ICD-10 chapters for mental, endocrine, circulatory, respiratory and other disease (not
    # substance use F1x, which is dependence, nor somatoform pain F45).
    r"|\b(?:f(?:[2-36-9]\d|4[0-46-9])|e0[3-5]|e1[0-4]|e66|i1\d|i2[0-5]|i4[89]|i50|i6\d|j4[45]"
    r"|g20|g35|g4[07]|c\d\d|k5[018]|n18)(?:\.\d+)?\b"
    # ICPC-2: P (mental, not substance P15-P19), T (endocrine), K (circulatory), R95-96.
    r"|\b(?:p0[1-6]|p7\d|p8[0-2]|p2\d|t8[5-9]|t9[0-3]|k7[4-9]|k8[67]|r9[56])\b"
)
# A disease of a relative ("mor har diabetes") is not the patient's comorbidity.
_RELATIVE_RX: Final = _rx(
    r"\b(?:mor|far|moren|faren|mora|foreldre\w*|bror\w*|søster\w*|mormor|morfar|farmor|farfar"
    r"|datter\w*|sønn\w*|ektemannen|kona|mannen|samboeren)\b (?:\w+ ){0,2}?(?:har|hadde|fikk"
    r"|døde|led)\b"
)


def _comorbidity(doc: _Document, i: int) -> str | None:
    unit = doc.units[i]
    if _SLEEP_RX.search(unit.norm):
        return "sleep"
    if ("disease" in unit.groups or _COMORBID_RX.search(unit.norm)) and not _RELATIVE_RX.search(
        unit.norm
    ):
        return "disease or health statement"
    return None


# D3.5 psychosocial situation: family, network, work ability, NAV.
_PSYCHOSOCIAL_RX: Final = _rx(
    r"student|sjåfør|assistent|lærer\b|arbeider\b"  # also inside compounds
    r"|\b(?:(?:gift|samboer\w*|sambuar\w*|skilt|skild|separert|enslig|einsleg|enke|enkemann|enkje"
    r"|ektefelle\w*|ektemann\w*|kona|kone|kjæreste\w*|barna|barnet|born|borna|barnebarn"
    r"|familie\w*|nettverk\w*|venner|venninner|vener|venninne\w*|isolert|ensom\w*|einsam\w*"
    r"|pårørende|foreldre\w*|pensjonist|pensjonert|alderspensjon\w*|lillebror|lillesøster"
    r"|storebror|storesøster|søsken|datteren|døtrene|sønnen|sønnene|svigerdatter\w*"
    r"|svigersønn\w*|nabo\w*|hjemmehjelp\w*|hjemmesykepleie\w*|hjemmetjeneste\w*"
    r"|sykmeld\w*|sjukmeld\w*|sykemeld\w*|uføretrygd\w*|ufør\w*|aap|arbeidsavklaring\w*|nav"
    r"|attføring|arbeidsledig\w*|arbeidsløs\w*|dagpenger|sosialhjelp|introduksjonsstønad"
    r"|yrkesaktiv\w*|yrke|arbeidsgiver\w*|arbeidsgjevar\w*|arbeidsplass\w*|dialogmøte\w*"
    r"|arbeidsevne|arbeidsfør\w*|arbeidsufør\w*|jobber|jobbar|jobbet|jobba|arbeidar"
    r"|arbeidde|utdannet|utdanna|utdanning\w*|studerer|studiet|studier|skole\w*"
    r"|skule\w*|videregående|vidaregåande|elev|lærling\w*|permisjon|deltid|heltid"
    r"|lærar|renholder|reinhaldar|snekker|tømrer|elektriker|frisør|selger|kokk"
    r"|bonde|fisker|ingeniør|økonom|advokat|sekretær|butikkmedarbeider"
    r"|hjelpepleier|vekter|mekaniker|rørlegger|murer|konsulent|saksbehandler"
    r"|vaktmester|servitør|ansatt)\b"
    r"|(?<!som )barn\b"
    r"|bo(?:r|ende)? (?:alene|åleine|sammen|saman|med|hos|i (?:egen|eiga|leilighet|hus"
    r"|omsorgsbolig))\b|bur (?:åleine|aleine|saman|med|hos|i)\b"
    r"|(?<!psykiatrisk )(?<!hos )(?<!med )(?<!til )sykepleier\b"
    r"|i (?:full |fullt |redusert )?(?:jobb|arbeid)\b|\d+\s*%\s*(?:stilling|jobb|arbeid)"
    r"|nav-\w+|på (?:sykehjem|sjukeheim|omsorgsbolig|bofellesskap|institusjon)\b)"
)


def _psychosocial(doc: _Document, i: int) -> str | None:
    return "family, network or work" if _PSYCHOSOCIAL_RX.search(doc.units[i].norm) else None


# D3.6 medicines: current list and earlier use.
_DOSE_RX: Final = _rx(
    r"\b\d+(?:[.,]\d+)?\s*(?:mg|mikrog|mcg|ie)\b|\b\d+(?:[.,]\d+)?\s*g\s*x\s*\d|\b\d+\s*tbl\b"
)
_MEDICATION_RX: Final = _rx(
    r"\b(?:ingen|ikke|ikkje|bruker ingen|brukar ingen) (?:\w+ ){0,2}?(?:faste )?(?:medisiner"
    r"|medisinar|medikamenter|legemidler|legemiddel|tabletter|smertestillende)\b"
    r"|\bingen faste\b"
)
_DRUG_USE_RX: Final = _rx(
    r"\b(?:bruker|brukar|brukt|bruk av|tar|tok|står på|sto på|forsøkt|prøvd|får|fikk|fått"
    r"|forskrevet|seponert|nedtrapping av|trappe ned)\b"
)


# A capitalised name right after a verb of use is taken as a medicine not in the lexicon.
_NAMED_MEDICINE_RX: Final = re.compile(
    r"\b(?:med|bruker|brukar|brukt|tar|tok|forsøkt|prøvd|startet|satt på|står på|fått|fikk)"
    r"\s+[A-ZÆØÅ][a-zæøå]{3,}(?:-[A-Za-z]+)?\b(?:\s+(?:ga|gav|gir|har|hadde|uten|med|\d))"
)


def _medication(doc: _Document, i: int) -> str | None:
    norm = doc.units[i].norm
    if _NAMED_MEDICINE_RX.search(doc.units[i].text):
        return "named medicine"
    if "drug" in doc.units[i].groups:
        return "drug name"
    if _DOSE_RX.search(norm):
        return "dose"
    if _MEDICATION_RX.search(norm):
        return "explicit statement on medicines"
    if _DRUG_CLASS_RX.search(norm) and _DRUG_USE_RX.search(norm):
        return "drug class in use"
    return None


# D3.7 substance or medicine dependence. README: needs an explicit statement about dependence or
# misuse; a list of opioids alone says nothing about it.
_DEPENDENCE_RX: Final = _rx(
    r"(?<!u)avhengighe(?:t|it|ts)|overforbruk|(?:bruk|forbruk)\w* (?:\w+ ){0,2}?(?:et |eit )?problem\b"
    r"|\b(?:avhengnad|feilbruk|skadelig bruk\b|toleranseutvikling\b|abstinens|tsb\b|tsb-"
    r"|rusbehandling|narkoman|rusavhengig|ruslidelse|rusproblem|alkoholproblem|alkoholisme\b"
    r"|alkoholiker|(?:tidlig|tidleg) fornyelse|f1\d(?:\.\d)?\b|p1[5689]\b"
    r"|problematisk\w* (?:\w+ )?\w*bruk\b|som vanedannende\b"
    r"|(?:opplev\w*|blitt|blir) (?:\w+ ){0,2}?vanedannende\b)"
)
_MISUSE_RX: Final = _rx(r"misbruk")
_ABUSE_RX: Final = _rx(r"\bseksu\w*|\boverg(?:rep|rip)\w*|\bmisbrukt\b|\bbarndom\w*|\bsom barn\b")
_DEPENDENT_ADJ_RX: Final = _rx(r"\bavhengige?\b(?P<rest>(?:\s+\S+){0,5})")
_SUBSTANCE_RX: Final = _rx(
    r"\b(?:opioid\w*|medikament\w*|medisin\w*|legemid\w*|tablett\w*|alkohol\w*|rus\w*|benzo\w*"
    r"|vanedannende|piller|smertestillende|sovemedisin\w*|sovetablett\w*|morfin\w*|kodein\w*)"
)


def _dependence(doc: _Document, i: int) -> str | None:
    unit = doc.units[i]
    norm = unit.norm
    if _DEPENDENCE_RX.search(norm):
        return "dependence or misuse statement"
    if re.search(r"\bLAR\b", unit.text):  # legemiddelassistert rehabilitering
        return "LAR (opioid substitution)"
    if _MISUSE_RX.search(norm) and not _ABUSE_RX.search(norm):
        return "misuse statement"
    for match in _DEPENDENT_ADJ_RX.finditer(norm):
        rest = match.group("rest")
        # "avhengig av opioider" counts; "avhengig av rullator/hjelp" does not (decoy).
        if not rest.lstrip().startswith("av ") or _SUBSTANCE_RX.search(rest) or _has_drug(rest):
            return "dependence statement"
    return None


# D3.8 alcohol and drug use (consumption; "benekter rusmidler" counts).
_ALCOHOL_RX: Final = _rx(
    r"alkohol"
    r"|\b(?:drikker\b|drikk\b|drakk\b|drukket\b|drikke\b|glas+ (?:\w+ )?(?:vin|øl|brennevin)|vin\b"
    r"|øl\b|rødvin|kvitvin|hvitvin|pils\b|sprit\b|vodka|whisky|akevitt|cider\b"
    r"|brennevin|enheter (?:i uka|i uken|per uke|i veka)|audit\b|promille\b|beruset\b|avhold"
    r"|avhaldande\b|totalavhold|edru|rus(?:\b|mid|bruk|misbruk|problem|lidelse|anamnese\b"
    r"|avhengig|påvirk|et\b|fri)|narkotika|narkotiske\b|illegale\b|ulovlige (?:stoff|rusmidler)"
    r"|cannabis\b|hasj\b|marihuana\b|amfetamin|kokain|heroin|ecstasy\b|mdma\b|ghb\b"
    r"|f1[0245689](?:\.\d)?\b|p1[569]\b)"
)
_NON_ALCOHOL_DRINK_RX: Final = _rx(
    r"\b(?:drikker|drikk|drikke) (?:\w+ )?(?:kaffe|te|vann|brus|cola|melk|energidrikk\w*|saft"
    r"|juice|væske)\b"
)


def _alcohol_drugs(doc: _Document, i: int) -> str | None:
    norm = doc.units[i].norm
    match = _ALCOHOL_RX.search(norm)
    if not match:
        return None
    if _NON_ALCOHOL_DRINK_RX.search(norm) and not re.search(r"alkohol|\bvin\b|\bøl\b", norm):
        return None
    return "alcohol or drug use"


# D3.9 results of clinical and supplementary examinations.
_EXAM_RX: Final = _rx(
    r"\b(?:mr|mri|ct|rtg|røntgen\w*|rontgen\w*|ultralyd\w*|scintigrafi\w*|\w+scintigrafi"
    r"|pet|pet-ct|dexa|beintetthet\w*|myelografi|artrografi|bildediagnostikk|billeddiagnostikk"
    r"|mr-\w+|ct-\w+|rtg-\w+)\b"
    r"|\b(?:eng|emg|nevrografi\w*|eeg|ekg|qst|nerveledning\w*|elektronevrografi|nevrofysiolog\w*)\b"
    r"|\b(?:blodprø\w*|blodprov\w*|lab|labsvar|laboratorie\w*|prøvesvar|crp|sr|senkning|hba1c"
    r"|tsh|ft4|ck|ana|rf|anti-ccp|ccp|hla-b27|b12|folat|ferritin|kreatinin|egfr|alat|asat|hb"
    r"|leukocytter|urinprøve\w*|urinstix|elektrolytter)\b"
    r"|\bklinisk\w* (?:undersøkelse|undersøking|status|funn|undersøkt)\b|\bklinisk\s*:"
    r"|\bved (?:undersøkelse|undersøking|klinisk)\b|\bundersøkelse (?:viser|viste)\b"
    r"|\b(?:nevrologisk|ortopedisk|revmatologisk|somatisk|generell) (?:status|undersøkelse"
    r"|undersøking)\b"
    r"|\bnormal (?:nevrologisk|status|undersøkelse|leddstatus|funn)\b"
    r"|\bpalpasjon\w*|\btrykkøm\w*|\btender ?points?\b|\btenderpoints?\b|\blas[eè]g[uq]e\w*"
    r"|\b(?:nedsatt|normal|redusert|økt|øket) (?:kraft|sensibilitet|refleks\w*|bevegelighet"
    r"|rotasjon|fleksjon|ekstensjon|styrke|\w+styrke)\b"
    r"|\b(?:hypoestesi|hyperestesi|allodyni|hyperalgesi|refleks\w*|sensibilitet\w*|beighton"
    r"|objektivt|status presens|bmi|synovitt|effusjon)\b"
    r"|\b(?:ingen|uten|utan) (?:patologiske? )?funn\b|\bnormale? funn\b|\bfunn\s*:"
    r"|\b(?:viste|viser|vist) (?:\w+ ){0,3}?(?:normal\w*|forandring\w*|prolaps|fraktur\w*"
    r"|artrose|degenerativ\w*|tegn til)"
    r"|\b(?:utredning|undersøkelse|undersøking|kontroll)\w* (?:[\w.]+ ){0,6}?(?:var|er|viste|viser)"
    r" (?:\w+ )?(?:normal\w*|uten funn|uten anmerkning|negativ\w*|upåfallende)"
)
_PENDING_EXAM_RX: Final = _rx(
    r"\b(?:bestilt|planlagt|rekvirert|henvist til|venter på|skal ta|ikke tatt|ikke utført"
    r"|ikke gjort|ikke gjennomført|ikkje teke)\b"
)
_EXAM_RESULT_RX: Final = _rx(
    r"\b(?:normal\w*|viste|viser|uten anmerkning|funn|patolog\w*|forandring\w*|prolaps|fraktur\w*"
    r"|artrose|neg|negativ\w*|positiv\w*|forhøy\w*|tilhel\w*|lett|lite|ingen)\b"
)


def _examinations(doc: _Document, i: int) -> str | None:
    norm = doc.units[i].norm
    if not _EXAM_RX.search(norm):
        return None
    if _PENDING_EXAM_RX.search(norm) and not _EXAM_RESULT_RX.search(norm):
        return None  # an examination asked for or not done is not a result
    return "examination or result"


# D3.10 earlier relevant assessments. README: by a specialist (a specialist referrer's own stated
# conclusion counts); municipal psychologists, public-health nurses, physiotherapists do not.
_PLACE_RX: Final = _rx(
    r"poliklinikk|avdeling|sykehus|sjukehus|hospital|kirurgisk"
    r"|legespesialist|ryggklinikk"
    r"|\b(?:avd|dps|tsb|bup|spesialisthelsetjenesten|ortopedisk|psykiatrisk|geriatrisk"
    r"|indremedisinsk|(?:nevro|revmato|uro|gyneko|kardio|gastroentero|endokrino|onko|dermato"
    r"|hemato|nefro|radio|anestesio|nevrofysio)logisk)\b"
)
_ASSESSED_RX: Final = _rx(
    r"\b(?:vurdert|vurdering|vurderinga|utredet|utreda|utredning|utgreidd|utgreiing|undersøkt"
    r"|sett|konklu\w*|diagnostisert|fulgt|fylgd|behandlet|tilsett|epikrise\w*|vurdering fra"
    r"|gått til|gått i|går til|går i|gjekk til|i behandling)\b"
)
_PENDING_RX: Final = _rx(
    r"\b(?:venter på|ventar på|har time|skal til|planlagt|satt opp|er henvist til|blir henvist"
    r"|henvist videre)\b|\b(?:henvisning|tilvising|henvises|tilvises) til\b"
)
_OWN_CONCLUSION_RX: Final = _rx(
    r"\b(?:vår|min|mi|vårt) vurdering|\bvurderingen vår|\better (?:min|vår) vurdering"
    r"|\b(?:vi|jeg|eg) vurderer\b|\bvurderer (?:vi |eg |jeg )?at\b|\bvi har (?:vurdert|konkludert)"
    r"|\bkonklu\w*|\bforenlig med\b|\btaler (?:ikke |ikkje )?for\b"
    r"|\b(?:fyller|oppfyller) (?:\w+ ){0,2}?kriterie\w*"
    r"|\bikke (?:noe |mer |meir |flere |fleire |noko )?(?:\w+ ){0,2}?(?:å )?tilby\b"
    r"|\bikkje (?:noko |meir )?(?:\w+ ){0,2}?å tilby\b"
    r"|\b(?:ingenting|ikke noe|ikkje noko) (?:\w+ ){0,2}?(?:å )?tilby\b"
    r"|\bikke (?:\w+ )?(?:indikasjon|indisert)\b"
    r"|\b(?:sett|vurdert|undersøkt|utredet) (?:her|hos oss|ved vår|på vår|i (?:to|tre|\d) "
    r"konsultasjon\w*)|\bfulgt (?:opp )?(?:ved|hos) (?:oss|vår)\b|\bi behandling hos oss\b"
    r"|\bvi har sett\b|\b(?:fulgt|fulgt opp|behandlet|behandla|i behandling) her\b"
)


# The clinic being referred to counts only when the patient has been there before.
_EARLIER_PAIN_CLINIC_RX: Final = _rx(
    r"\b(?:tidligere|tidlegare|før|har vært|har vore|vært|vore)\b.*\b(?:\w*smerteklinikk\w*"
    r"|\w*smertesenter\w*|\w*smertepoliklinikk\w*)|\b(?:\w*smerteklinikk\w*|\w*smertesenter\w*)"
    r".*\b(?:tidligere|tidlegare|i (?:19|20)\d\d)\b"
)


def _previous_assessments(doc: _Document, i: int) -> str | None:
    unit = doc.units[i]
    norm = unit.norm
    if _PENDING_RX.search(norm):
        return None
    request = bool(_REQUEST_RX.search(norm)) and not _PAST_RX.search(norm)
    if request:
        return None
    if doc.specialist and "@specialist_conclusion" in unit.heading and _substantive(unit.body):
        return "specialist referrer's conclusion"
    if doc.specialist and _OWN_CONCLUSION_RX.search(norm):
        return "specialist referrer's conclusion"
    if _SPECIALIST_RX.search(norm):
        return "specialist named"
    if (_PLACE_RX.search(norm) or _EARLIER_PAIN_CLINIC_RX.search(norm)) and _ASSESSED_RX.search(
        norm
    ):
        return "assessed at a specialist unit"
    return None


# D3.11 earlier treatments and their effect. README: the treatment and something about its
# effect; a medicine list alone is not enough.
_TREATMENT_RX: Final = _rx(
    # words that also occur inside compounds ("bassengtrening", "coeliacusblokade")
    r"fysioterap|psykomotorisk|manuellterap|kiropraktor|naprapat|osteopat|akupunktur|massasje"
    r"|trening|rehabilitering|smertemestring|smerteskole|frisklivs|psykolog|terapi|kognitiv"
    r"|injeksjon|blokade|kortison|steroid|radiofrekvens|botox|botulinum|operasjon|operert"
    r"|artroskop|kirurgi|ektomi\b|plastikk\b|protese|ergoterap|skinne|ortose|profylakse"
    r"|behandling|behandlet|behandla|seponer|lidokain|plaster\b|infusjon|kurs\b"
    r"|\b(?:tens|lms|samtaler|samtalar|act|emdr|net|forsøkt|prøvd|stoppet|avsluttet|tiltak)\b"
)
_EFFECT_RX: Final = _rx(
    r"effekt|verknad|virkning|bedring|betring|lindr"
    r"|\b(?:bedre|betre|forbedr\w*|forverr\w*|verre|hjalp|hjelper|hjelpte|hjulpet|hjelpt|nyttig|nytte|uendret"
    r"|uendra|endret seg|endra seg|bivirkning\w*|biverknad\w*|mislykt\w*|mislyktes|virket"
    r"|virker|verka|verkar|respons|responderte|tålte ikke|tålte ikkje|tolererte ikke"
    r"|uten (?:varig )?(?:resultat|nytte)|forbigående|endret (?:noe|noko|smertene)"
    r"|(?:godt |vel)?(?:kontrollert|regulert) (?:på|med)|(?:god|ingen|lite|noe|noko|stor|til) hjelp\b"
    r"|endra (?:noko|smertene))\b"
    r"|\b(?:seponert|stoppet|avsluttet|slutta|sluttet) (?:\w+ )?(?:pga|på grunn av|grunnet"
    r"|etter|fordi)\b"
)
# Pain persisting after a treatment named in the same sentence ("Protese 2021, fortsatt smerter").
_PERSISTING_RX: Final = _rx(
    r"\b(?:fortsatt|fremdeles|framleis|vedvarende) (?:\w+ )?(?:smerter|smertar|vondt|plager)\b"
)
_NO_TREATMENT_RX: Final = _rx(
    r"\b(?:ingen|ikke (?:\w+ )?(?:fått|hatt|prøvd|forsøkt|gjennomført|gjennomgått)"
    r"|ikkje (?:\w+ )?(?:fått|hatt|prøvd|forsøkt)) (?:noen |nokon |noe |noko )?(?:tidligere "
    r"|tidlegare |annen |anna |spesifikk |egen )?(?:behandling|fysioterapi|psykologbehandling"
    r"|smertebehandling|tiltak)\b"
)


def _is_request(norm: str) -> bool:
    return bool(_REQUEST_RX.search(norm)) and not _PAST_RX.search(norm)


def _previous_treatments(doc: _Document, i: int) -> str | None:
    unit = doc.units[i]
    norm = unit.norm
    if _NO_TREATMENT_RX.search(norm):
        return "explicit: no earlier treatment"
    if _is_request(norm):
        return None
    treatment = bool(_TREATMENT_RX.search(norm)) or "drug" in unit.groups
    if treatment and _PERSISTING_RX.search(norm):
        return "treatment + pain persisting"
    if not _EFFECT_RX.search(norm):
        return None
    if treatment:
        return "treatment + effect"
    if "previous_treatments" in unit.heading:
        return "treatment heading + effect"
    if i > 0:  # "Fikk fysioterapi i et år. Dette hadde ingen effekt."
        before = doc.units[i - 1]
        if before.para == unit.para and (
            _TREATMENT_RX.search(before.norm) or "drug" in before.groups
        ):
            return "treatment (sentence before) + effect"
    return None


# D3.12 expectations of patient and referrer. README: a stated aim or question (tapering, advice
# on medicines, a return-to-work plan); a generic "ønskes vurdert" or "takk for hjelpen" is not.
_EXPECTATION_RX: Final = _rx(
    r"\b(?:forventer|forventar|forventning\w*|forventing\w*|målet|mål om|har som mål"
    r"|målsetting\w*|ta stilling til)\b"
    r"|\b(?:ønsker|ønskjer|ynskjer|vil gjerne|håper|håpar) (?:å )?(?:kunne|klare|greie|bli kvitt"
    r"|bli bedre|bli betre|komme tilbake|komme i)\b"
)
_ASK_RX: Final = _rx(
    r"\b(?:ber om|ber vi|ber dere|bes om|bes det|ønskes|ønsker|ønskjer|ynskjer|ønsket|håper"
    r"|håpar|lurer på|spørsmål|spør om|anmoder|vil gjerne|kunne dere|kan dere|ville dere"
    r"|takknemlig for|takksam for|tenker (?:også |og )?at|tenkjer at|vurdere om|vurdering av om"
    r"|spørsmål\w*|aktuelt å vurdere|aktuelt med)\b"
    r"|\?"
)
_AIM_RX: Final = _rx(
    r"\b(?:råd\w*|hjelp (?:til|med|i)|hjelpe (?:henne|han|ham|ho|pasienten|oss|meg)|bistand"
    r"|plan|planer|opplegg\w*|nedtrapp\w*|trappe ned|trappast ned|seponer\w*|avslutt\w*"
    r"|redusere|reduksjon|tilbud\w*|tilbod\w*|behandlingsmulighet\w*|behandlingstilbud\w*"
    r"|behandlingsalternativ\w*|alternativ\w*|om det er aktuelt|om det finnes|om det fins"
    r"|vurdering av om|med tanke på|avklar\w*|tilrettelegg\w*|opptrening|gradert\w*"
    r"|arbeidsrett\w*|skoleretting|gjenoppta\w*|fullføre\w*|mestre|meistre|mestring\w*"
    r"|meistring\w*|håndtere|handtere|leve bedre|smerteskole|gruppe\w*|innleggelse|innlegging"
    r"|second opinion|forklaring|årsaken|årsak|intervensjon\w*|blokade\w*|qutenza"
    r"|nevromodulering|radiofrekvens\w*|medikamentell\w*|medisinering|legemiddelgjennomgang"
    r"|forslag|helhetlig\w*|heilskap\w*|forstå\w*|sammenheng\w*|samanheng\w*|slutte (?:med|på)"
    r"|som før|som tidlegare|som tidligere"
    r"|(?:andre|arbeidsrettede|konkrete|alternative|nye|ikke-medikamentelle|smertelindrende) tiltak"
    r"|behandling (?:med|av)|rehabilitering\w*|utredning av|diagnostikk|opioid\w*"
    r"|benzodiazepin\w*|skole\w*|jobb\w*|arbeid|studere|studiet)\b"
    r"|\btilbake (?:i|til) (?:\w+ )?(?:jobb|arbeid|skole\w*|studi\w*|utdanning\w*)"
    r"|\bkomme i (?:jobb|arbeid)|\bsmertekontroll\b|\bkontroll (?:på|over) smerte\w*"
    r"|\b\w*stimulering\b"
)
_GENERIC_WORDS: Final = frozenset(
    _fold(w)
    for w in (
        "vurdering",
        "vurderes",
        "vurdert",
        "ønskes",
        "ønsker",
        "henvises",
        "henvisning",
        "tilvising",
        "takk",
        "for",
        "hjelpen",
        "hjelp",
        "tverrfaglig",
        "tverrfagleg",
        "smerteklinikken",
        "smerteklinikk",
        "smertesenter",
        "ved",
        "hos",
        "dere",
        "dykk",
        "av",
        "en",
        "ei",
        "et",
        "og",
        "i",
        "til",
        "vi",
        "jeg",
        "eg",
        "ber",
        "om",
        "pasienten",
        "pas",
        "mvh",
        "vennlig",
        "hilsen",
    )
)


def _expectations(doc: _Document, i: int) -> str | None:
    unit = doc.units[i]
    norm = unit.norm
    if _EXPECTATION_RX.search(norm):
        return "stated expectation or aim"
    if _ASK_RX.search(norm) and _AIM_RX.search(norm):
        return "question or request with an aim"
    if "expectations" in unit.heading and _substantive(unit.body):
        content = [w for w in _TOKEN_RX.findall(unit.body) if w not in _GENERIC_WORDS]
        if _AIM_RX.search(unit.body) or "?" in unit.body or len(content) >= 3:
            return "question heading"
    return None


# D3.13 the patient's motivation for interdisciplinary assessment.
_MOTIVATION_WORD_RX: Final = _rx(r"\b(?:u|lite |ikke |ikkje |godt |svært |høyt )?motiv\w*")
_MOTIVATION_TARGET_RX: Final = _rx(
    r"\b(?:tverrfag\w*|vurdering\w*|henvisning\w*|tilvising\w*|utredning\w*|utgreiing\w*"
    r"|smerteklinikk\w*|smertesenter\w*|team\w*|behandling\w*|tilbud\w*|tilbod\w*|opphold"
    r"|samtale\w*|samtalar|psykolog\w*|fysioterap\w*|gruppe\w*|endring\w*|opplegg\w*|program\w*"
    r"|kurs\w*|innleggelse|poliklinikk\w*|hjelp|tiltak|tilnærming\w*|dette|det|oppfølging"
    r"|smertemestring|mestring|nedtrapping|å møte|å delta|å få hjelp)\b"
)
_MOTIVATION_OTHER_RX: Final = _rx(
    r"\b(?:røyk\w*|vekt\w*|slank\w*|trene|trening|opptrening|jobb\w*|arbeid\w*|skole\w*"
    r"|studie\w*|kosthold\w*|diett\w*|mosjon\w*|aktivitet\w*|idrett\w*|slutte|stilling\w*"
    r"|operasjon\w*|kirurgi\w*|inngrep|protese\w*|\w*operer\w*)\b"
)
_MOTIVATION_RX: Final = _rx(
    r"\bpositiv\w* til (?:\w+ ){0,4}?(?:henvisning\w*|tilvising\w*|tverrfag\w*|vurdering\w*"
    r"|utredning\w*|utgreiing\w*|smerteklinikk\w*|psykolog\w*|opphold|tilnærming\w*|team\w*"
    r"|behandling\w*|tilbud\w*|samtale\w*|gruppe\w*|dette|det)\b"
    r"|\b(?:negativ\w*|skeptisk\w*|ambivalent\w*|usikker\w*|avvisende|tvilende|innstilt på"
    r"|klar for|interessert i|åpen for|open for|villig til|innforstått med|tviler på at"
    r"|takket ja til|takka ja til|takket nei til|takka nei til|sagt ja til|sagt nei til"
    r"|samtykket til|(?:lite|liten|ingen|lita) tro på)"
    r" (?:\w+ ){0,6}?(?:henvisning|tilvising|tverrfag|vurdering|utredning|utgreiing"
    r"|smerteklinikk|psykolog|opphold|tilnærming|team|behandling|tilbud|samtale|gruppe"
    r"|fysioterapeut|opplegg|program|å delta|å møte|sykehus|sjukehus|å reise)\w*"
    r"|\b(?:hun|han|ho|pasienten|pasienta) (?:\w+ )?(?:ønsker|ønskjer|ynskjer|har) (?:selv |sjølv )?"
    r"(?:bedt om |spurt om )?(?:en |ei )?(?:henvisning|tilvising|tverrfag\w* vurdering)\b"
    r"|\b(?:ønsker|ønskjer|ynskjer) (?:selv|sjølv) (?:en |ei )?(?:henvisning|tilvising"
    r"|tverrfag\w* vurdering)\b"
    r"|\b(?:selv|sjølv) (?:bedt|spurt) om (?:å bli )?(?:henvis\w*|tilvis\w*|vurdert)"
)


def _motivation(doc: _Document, i: int) -> str | None:
    norm = doc.units[i].norm
    if _MOTIVATION_RX.search(norm):
        return "attitude to the referral"
    for match in _MOTIVATION_WORD_RX.finditer(norm):
        clause = " ".join(re.split(r"[.;:,]", norm[match.end() :], maxsplit=1)[0].split()[:8])
        before = norm[max(0, match.start() - 40) : match.start()]
        if _MOTIVATION_TARGET_RX.search(clause) or _MOTIVATION_TARGET_RX.search(before):
            return "motivation for assessment"
        if _MOTIVATION_OTHER_RX.search(clause) or _MOTIVATION_OTHER_RX.search(before):
            continue  # motivation for something else (decoy)
        return "motivation"
    return None


# D3.14 traumatic experiences (004). README: psychological trauma, violence, abuse, war, grief, or
# an explicit denial; a physical injury mechanism on its own is not trauma.
_TRAUMA_RX: Final = _rx(
    r"\bposttraum\w*|\bptsd\b|\bptss\b|\bf43(?:\.1)?\b|\btraumatiser\w*"
    r"|\btraumatiske? (?:opplevelse\w*|oppleving\w*|hendelse\w*|erfaring\w*|minner|barndom"
    r"|oppvekst)|\btraume(?:erfaring|belast|fokusert|behandling|terapi|reaksjon)\w*"
    r"|\bpsykiske? traume\w*|\btraume\w* i (?:barndommen|oppveksten)"
    r"|\bvold\b|\bvolden\b|\bvold(?:elig\w*|tekt\w*|sutsatt|soffer\w*|shandling\w*|sepisode\w*"
    r"|sopplevelse\w*|sutøver\w*|sproblematikk)|\bvaldeleg\w*|\bvaldtekt\w*|\bvaldsutsett\w*"
    r"|\butsett for vald\b|\bvald i\b"
    r"|\boverg(?:rep|rip)\w*|\bmishandl\w*|\bomsorgssvikt\b|\bincest\b|\bseksuelt misbruk\w*"
    r"|\bmisbrukt\b|\bmobb\w*|\bkrig\w*|\bflyktning\w*|\bflukt fra|\btortur\w*|\bfengsling\b"
    r"|\bsorg\w*|\bsørger\b(?! for)|\bsørgje\w*|\bdødsfall\w*|\bselvmord\w*|\bsjølvmord\w*"
    r"|\bomkom\w*"
    r"|\bmistet (?:\w+ ){0,2}?(?:sønn\w*|datter\w*|døtre|barn\w*|mann\w*|kone|kona|ektefelle\w*"
    r"|mor|moren|far|faren|bror\w*|søster\w*|samboer\w*)"
    r"|\b(?:mannen|kona|ektemannen|samboeren|sønnen|datteren|barnet|moren|mora|faren|broren"
    r"|søsteren|ektefellen)(?: hennes| hans| hennar)? (?:døde|dødde|omkom|gikk bort|tok sitt liv)"
    r"|\b(?:vanskelig|vanskeleg|utrygg|uforutsigbar\w*|belastende|traumatisk) oppvekst"
    r"|\boppvekst\w* (?:med|prega av|preget av) (?:\w+ ){0,2}?(?:vold\w*|rus\w*|alkohol\w*|uro"
    r"|omsorgssvikt|overgrep|mishandling|psykisk syk\w*|krangel|konflikt\w*|utrygghet)"
    r"|\bbelastende (?:livshendelser|opplevelser|hendelser)|\balvorlige livshendelser"
    r"|\blivsbelastning\w*|\bgjenopplev\w*|\bflashback\w*|\bdissosia\w*|\bace\b"
)
_TRAUMA_DENIAL_RX: Final = _rx(
    r"\b(?:benekter|neker) (?:\w+ ){0,2}?traum\w*"
    r"|\bingen (?:kjente |tidligere |psykiske |særlige |spesielle |kjende )?traum\w*"
    r"|\bikke (?:opplevd|vært utsatt for) (?:\w+ ){0,2}?traum\w*"
)
_TRAUMA_WORD_RX: Final = _rx(r"\btraum(?:e|er|a|ene|et|ane)\b")
_PHYSICAL_TRAUMA_RX: Final = _rx(
    r"\b\w+traum(?:e|er|a|et)\b"  # compounds: høyenergitraume, hodetraume, sportstraume
    r"|\btraume\w* (?:mot|i|til|på) (?:\w+ ){0,2}?(?:hode\w*|nakke\w*|rygg\w*|kne\w*|skulder\w*"
    r"|arm\w*|bein\w*|ben\w*|fot\w*|hånd\w*|bryst\w*|thorax|bekken\w*|ansikt\w*|kjeve\w*)"
    r"|\bforutgående traume|\butløsende traume|\b(?:uten|utan) (?:kjent |noe |noko |forutgående )?"
    r"traume|\better (?:et |eit )?(?:mindre |lett |lite |kraftig |stort )?traume\b"
    r"|\btraumeavdeling\w*|\btraumeseksjon\w*|\btraumemottak\w*|\btraumeteam\w*|\btraumatolog\w*"
    r"|\btraumatisk (?:skade|hjerneskade|brudd|fraktur|amputasjon|ruptur)|\btraumesenter\w*"
)
_INJURY_RX: Final = _rx(
    r"\b(?:\w*skade\w*|brudd|\w*fraktur\w*|fall|falt|\w*ulykke\w*|kontusjon|distorsjon|forstuing"
    r"|whiplash|nakkesleng|slag mot|smell)\b"
)


def _trauma_in(norm: str) -> str | None:
    if _TRAUMA_RX.search(norm):
        return "traumatic experience"
    physical = bool(_PHYSICAL_TRAUMA_RX.search(norm))
    if _TRAUMA_DENIAL_RX.search(norm) and not physical:
        return "explicit denial of trauma"
    if _TRAUMA_WORD_RX.search(norm) and not physical and not _INJURY_RX.search(norm):
        return "trauma"
    return None


def _trauma(doc: _Document, i: int) -> str | None:
    return _trauma_in(doc.units[i].norm)


# "Rusanamnese ikke kartlagt", "ikke spurt om traumer": the item is named but not addressed.
_NOT_ASKED_RX: Final = _rx(
    r"\b(?:ikke|ikkje) (?:\w+ )?(?:kartlagt|spurt|avklart|etterspurt|tatt opp|undersøkt nærmere"
    r"|kjent for meg|kjent for oss)\b|\bikke (?:blitt )?(?:tema|berørt)\b|\bvet (?:ikke|ikkje) om\b"
)
_NOT_ASKED_ITEMS: Final = frozenset(
    {"patient_view", "dependence", "alcohol_drugs", "motivation", "trauma", "expectations"}
)

_RULES: Final[Mapping[str, _Rule]] = {
    "patient_view": _patient_view,
    "pain_description": _pain_description,
    "physical_function": _physical_function,
    "comorbidity": _comorbidity,
    "psychosocial": _psychosocial,
    "medication": _medication,
    "dependence": _dependence,
    "alcohol_drugs": _alcohol_drugs,
    "examinations": _examinations,
    "previous_assessments": _previous_assessments,
    "previous_treatments": _previous_treatments,
    "expectations": _expectations,
    "motivation": _motivation,
    "trauma": _trauma,
}

# ---------------------------------------------------------------------------------------------
# Headings: an item's own heading with real content counts, with a few item-specific checks.
# ---------------------------------------------------------------------------------------------


def _heading_pain(unit: _Unit) -> bool:
    return bool(unit.groups & {"location", "quality", "quality_weak"})


def _heading_dependence(unit: _Unit) -> bool:
    # "Rus/avhengighet: Drikker lite" says nothing explicit on dependence; "Nei"/"Ingen" does.
    return bool(_NEGATIVE_RX.search(unit.body))


def _heading_treatments(unit: _Unit) -> bool:
    return bool(_EFFECT_RX.search(unit.body) or _NEGATIVE_RX.search(unit.body))


def _heading_assessments(unit: _Unit) -> bool:
    return bool(
        _SPECIALIST_RX.search(unit.body)
        or _PLACE_RX.search(unit.body)
        or _NEGATIVE_RX.search(unit.body)
    )


def _heading_trauma(unit: _Unit) -> bool:
    body = unit.body
    if _trauma_in(body) or _NEGATIVE_RX.search(body):
        return True
    return not (_PHYSICAL_TRAUMA_RX.search(body) or _INJURY_RX.search(body))


_HEADING_CHECKS: Final[Mapping[str, Callable[[_Unit], bool]]] = {
    "pain_description": _heading_pain,
    "dependence": _heading_dependence,
    "previous_treatments": _heading_treatments,
    "previous_assessments": _heading_assessments,
    "trauma": _heading_trauma,
    "expectations": lambda unit: False,  # handled in _expectations (needs a real question)
}


def _detect(doc: _Document) -> dict[str, ItemResult]:
    results: dict[str, ItemResult] = {}
    not_asked = [bool(_NOT_ASKED_RX.search(unit.norm)) for unit in doc.units]
    for code in ITEM_CODES:
        rule = _RULES[code]
        check = _HEADING_CHECKS.get(code)
        evidence: list[str] = []
        cues: list[str] = []
        for i, unit in enumerate(doc.units):
            cue = None
            if not_asked[i] and code in _NOT_ASKED_ITEMS:
                continue
            if code in unit.heading and _substantive(unit.body) and (check is None or check(unit)):
                cue = "heading"
            cue = rule(doc, i) or cue
            if cue is None:
                continue
            if cue == "treatment (sentence before) + effect":
                _add(evidence, doc.units[i - 1].display)
            _add(evidence, unit.display)
            if cue not in cues:
                cues.append(cue)
        results[code] = ItemResult(bool(evidence), tuple(evidence[:MAX_EVIDENCE]), tuple(cues))
    return results


def _add(evidence: list[str], sentence: str) -> None:
    if sentence not in evidence:
        evidence.append(sentence)


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------


def check_referral(text: str) -> CompletenessResult:
    """Check a free-text referral for the fourteen D3 items, with evidence for each one found."""
    return CompletenessResult(_detect(_segment(text)))


def check_fields(fields: Mapping[str, str], free_text: str = "") -> CompletenessResult:
    """Check a web-form referral with one field per D3 item (plus optional free text).

    An item is present when its own field holds real content (not empty, "-", "?", "ukjent",
    "vet ikke"; an explicit negative such as "ingen" counts as addressed), with that field as its
    evidence, or when the detector finds it in the other fields or the free text.
    """
    parts: list[str] = []
    for value in fields.values():
        if value and value.strip():
            parts.append(value.strip())
    if free_text.strip():
        parts.append(free_text.strip())
    detected = _detect(_segment("\n\n".join(parts)))
    items: dict[str, ItemResult] = {}
    for code in ITEM_CODES:
        own = (fields.get(code) or "").strip()
        found = detected[code]
        if own and _substantive(own):
            evidence = (own, *(e for e in found.evidence if e not in own))
            items[code] = ItemResult(True, evidence[:MAX_EVIDENCE], ("own field", *found.cues))
        else:
            items[code] = found
    return CompletenessResult(items)
