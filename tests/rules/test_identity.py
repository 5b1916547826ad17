"""Identity numbers (DOMAIN.md D3): check digits, D-numbers, synthetic numbers only in demo mode.

The numbers below are constructed here from invented birth dates; none belongs to a real person.
"""

from datetime import date

import pytest
from stdnum.no import fodselsnummer

from painpath.rules.identity import (
    IdentityError,
    IdentityKind,
    InvalidIdentityNumber,
    age_on,
    make_synthetic,
    parse_identity_number,
)


def with_check_digits(stem: str) -> str:
    first = fodselsnummer.calc_check_digit1(stem)
    return stem + first + fodselsnummer.calc_check_digit2(stem + first)


def valid_number(stem9_prefix: str) -> str:
    for individual in range(100, 500):
        number = with_check_digits(f"{stem9_prefix}{individual:03d}")
        if len(number) == 11:
            return number
    raise AssertionError


FNR = valid_number("010180")  # 1 Jan 1980
DNR = valid_number("410180")  # D-number: day + 40


def test_fodselsnummer_with_valid_check_digits() -> None:
    parsed = parse_identity_number(FNR, allow_synthetic=False)
    assert parsed.kind is IdentityKind.FODSELSNUMMER
    assert parsed.birth_date == date(1980, 1, 1)


def test_d_number_is_recognised_and_gives_the_birth_date() -> None:
    parsed = parse_identity_number(DNR, allow_synthetic=False)
    assert parsed.kind is IdentityKind.D_NUMBER
    assert parsed.birth_date == date(1980, 1, 1)


def test_spaces_are_ignored() -> None:
    assert parse_identity_number(f"{FNR[:6]} {FNR[6:]}", allow_synthetic=False).value == FNR


@pytest.mark.parametrize("raw", ["", "123", "1234567890123", "0101801234x", "210377xxxxx"])
def test_wrong_format_is_refused(raw: str) -> None:
    with pytest.raises(InvalidIdentityNumber) as exc:
        parse_identity_number(raw, allow_synthetic=True)
    assert exc.value.reason is IdentityError.FORMAT


def test_wrong_check_digit_is_refused() -> None:
    broken = FNR[:10] + str((int(FNR[10]) + 1) % 10)
    with pytest.raises(InvalidIdentityNumber) as exc:
        parse_identity_number(broken, allow_synthetic=True)
    assert exc.value.reason is IdentityError.CHECKSUM


def test_impossible_birth_date_is_refused() -> None:
    number = valid_number("310280")  # 31 February
    with pytest.raises(InvalidIdentityNumber) as exc:
        parse_identity_number(number, allow_synthetic=False)
    assert exc.value.reason is IdentityError.BIRTH_DATE


def test_synthetic_numbers_only_in_demo_mode() -> None:
    number = valid_number("148385")  # Tenor style: month 03 + 80
    parsed = parse_identity_number(number, allow_synthetic=True)
    assert parsed.kind is IdentityKind.SYNTHETIC
    assert parsed.birth_date == date(1985, 3, 14)
    with pytest.raises(InvalidIdentityNumber) as exc:
        parse_identity_number(number, allow_synthetic=False)
    assert exc.value.reason is IdentityError.SYNTHETIC_NOT_ALLOWED


def test_nav_style_synthetic_numbers_month_plus_40() -> None:
    number = valid_number("015280")  # month 12 + 40
    assert parse_identity_number(number, allow_synthetic=True).birth_date == date(1980, 12, 1)
    with pytest.raises(InvalidIdentityNumber):
        parse_identity_number(number, allow_synthetic=False)


def test_fh_numbers_are_not_accepted() -> None:
    number = valid_number("810180")
    with pytest.raises(InvalidIdentityNumber) as exc:
        parse_identity_number(number, allow_synthetic=True)
    assert exc.value.reason is IdentityError.UNSUPPORTED_KIND


def test_make_synthetic_gives_a_valid_demo_number() -> None:
    for individual in range(100, 120):
        try:
            number = make_synthetic(date(1990, 9, 9), individual)
        except ValueError:
            continue  # some individual numbers have no valid check digit, as for real numbers
        assert parse_identity_number(number, allow_synthetic=True).birth_date == date(1990, 9, 9)


def test_make_synthetic_refuses_an_individual_number_of_another_century() -> None:
    # Individual numbers 000-499 mean 1900-1999: a child born in 2014 needs 500-999.
    with pytest.raises(ValueError):
        make_synthetic(date(2014, 5, 1), 123)
    number = next(
        n for n in (_try_synthetic(date(2014, 5, 1), i) for i in range(500, 560)) if n is not None
    )
    assert parse_identity_number(number, allow_synthetic=True).birth_date == date(2014, 5, 1)


def _try_synthetic(birth: date, individual: int) -> str | None:
    try:
        return make_synthetic(birth, individual)
    except ValueError:
        return None


def test_age() -> None:
    assert age_on(date(2000, 6, 15), date(2018, 6, 14)) == 17
    assert age_on(date(2000, 6, 15), date(2018, 6, 15)) == 18
