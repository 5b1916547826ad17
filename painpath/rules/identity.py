"""Norwegian national identity numbers (DOMAIN.md D3, "Identity").

A patient is identified by a fødselsnummer or a D-number, both validated with their two mod-11
check digits (python-stdnum does the arithmetic). Synthetic test numbers (Skatteetaten's Tenor:
month + 80; NAV's test numbers: month + 40) carry valid check digits too but are accepted only in
demo/test mode, so a production system never mistakes a test person for a real one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from stdnum.exceptions import ValidationError
from stdnum.no import fodselsnummer


class IdentityKind(StrEnum):
    FODSELSNUMMER = "fnr"
    D_NUMBER = "dnr"
    SYNTHETIC = "synthetic"


class IdentityError(StrEnum):
    """Why a number was refused; the web layer turns each into a Norwegian sentence."""

    FORMAT = "format"  # not eleven digits
    CHECKSUM = "checksum"  # check digits do not match
    BIRTH_DATE = "birth_date"  # digits do not hold a real birth date
    SYNTHETIC_NOT_ALLOWED = "synthetic_not_allowed"
    UNSUPPORTED_KIND = "unsupported_kind"  # e.g. FH-numbers: no birth date by design


class InvalidIdentityNumber(ValueError):
    def __init__(self, reason: IdentityError) -> None:
        super().__init__(reason.value)
        self.reason = reason


@dataclass(frozen=True)
class IdentityNumber:
    value: str
    kind: IdentityKind
    birth_date: date


_SYNTHETIC_MONTH_OFFSETS = (80, 40)


def _birth_date(number: str, kind: IdentityKind) -> date:
    day, month = int(number[0:2]), int(number[2:4])
    if kind is IdentityKind.D_NUMBER:
        day -= 40
    if kind is IdentityKind.SYNTHETIC:
        month -= next(offset for offset in _SYNTHETIC_MONTH_OFFSETS if month > offset)
        if day > 40:  # a synthetic D-number
            day -= 40
    # Recompose with the real day and month so stdnum resolves the century as usual.
    plain = f"{day:02d}{month:02d}{number[4:]}"
    try:
        return fodselsnummer.get_birth_date(plain)
    except ValidationError as exc:
        raise InvalidIdentityNumber(IdentityError.BIRTH_DATE) from exc


def parse_identity_number(raw: str, *, allow_synthetic: bool) -> IdentityNumber:
    """Validate ``raw`` and say what kind of number it is and whose birth date it carries."""
    number = fodselsnummer.compact(raw or "")
    if len(number) != 11 or not number.isdigit():
        raise InvalidIdentityNumber(IdentityError.FORMAT)
    if (
        fodselsnummer.calc_check_digit1(number[:9]) != number[9]
        or fodselsnummer.calc_check_digit2(number[:10]) != number[10]
    ):
        raise InvalidIdentityNumber(IdentityError.CHECKSUM)
    day, month = int(number[0:2]), int(number[2:4])
    if day >= 80:
        raise InvalidIdentityNumber(IdentityError.UNSUPPORTED_KIND)
    if month > 40:
        if not allow_synthetic:
            raise InvalidIdentityNumber(IdentityError.SYNTHETIC_NOT_ALLOWED)
        kind = IdentityKind.SYNTHETIC
    elif day > 40:
        kind = IdentityKind.D_NUMBER
    else:
        kind = IdentityKind.FODSELSNUMMER
    return IdentityNumber(number, kind, _birth_date(number, kind))


def make_synthetic(birth_date: date, individual: int) -> str:
    """A Tenor-style synthetic number (month + 80) with valid check digits, for demo data."""
    if not 0 <= individual <= 999:
        raise ValueError("individual number must be 0..999")
    stem = f"{birth_date.day:02d}{birth_date.month + 80:02d}{birth_date.year % 100:02d}"
    stem += f"{individual:03d}"
    first = fodselsnummer.calc_check_digit1(stem)
    if first == "10":
        raise ValueError("no valid check digit for this individual number")
    second = fodselsnummer.calc_check_digit2(stem + first)
    if second == "10":
        raise ValueError("no valid check digit for this individual number")
    number = stem + first + second
    # The individual number also encodes the century: refuse one that gives another birth date.
    try:
        parsed = parse_identity_number(number, allow_synthetic=True)
    except InvalidIdentityNumber as exc:
        raise ValueError("this individual number does not fit the birth year") from exc
    if parsed.birth_date != birth_date:
        raise ValueError("this individual number does not fit the birth year")
    return number


def synthetic_number(birth_date: date, seed: int = 0) -> str:
    """A synthetic number for ``birth_date``: the first individual number from ``seed`` that gives
    valid check digits and the right century (000-499 for 1900-1999, 500-999 for 2000-2039)."""
    base = 500 if birth_date.year >= 2000 else 0
    for step in range(500):
        try:
            return make_synthetic(birth_date, base + (seed + step) % 500)
        except ValueError:
            continue
    raise ValueError("no synthetic number for this birth date")


def age_on(birth_date: date, on: date) -> int:
    """Whole years of age on a day."""
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
