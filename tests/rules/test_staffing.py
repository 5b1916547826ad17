"""The staffing rule of DOMAIN.md D2, every case."""

import pytest

from painpath.rules.staffing import Profession, UnitKind, assess_staffing

D, PS, PT, N = (
    Profession.DOCTOR,
    Profession.PSYCHOLOGIST,
    Profession.PHYSIOTHERAPIST,
    Profession.NURSE,
)


@pytest.mark.parametrize(
    ("kind", "staff", "missing"),
    [
        # A clinic needs doctor, psychologist and physiotherapist with fixed attachment.
        (UnitKind.CLINIC, [(D, True), (PS, True), (PT, True)], ()),
        (UnitKind.CLINIC, [(D, True), (PS, True), (PT, True), (N, True)], ()),
        (UnitKind.CLINIC, [(D, True), (PT, True)], (PS,)),
        (UnitKind.CLINIC, [(PS, True), (PT, True)], (D,)),
        (UnitKind.CLINIC, [(D, True), (PS, True)], (PT,)),
        (UnitKind.CLINIC, [], (D, PS, PT)),
        # Staff without fixed attachment do not count.
        (UnitKind.CLINIC, [(D, True), (PS, False), (PT, True)], (PS,)),
        # A nurse is not required in a clinic, and cannot replace a required profession.
        (UnitKind.CLINIC, [(D, True), (N, True), (PT, True)], (PS,)),
        # A centre needs the three plus a nurse.
        (UnitKind.CENTRE, [(D, True), (PS, True), (PT, True), (N, True)], ()),
        (UnitKind.CENTRE, [(D, True), (PS, True), (PT, True)], (N,)),
        (UnitKind.CENTRE, [(D, True), (PS, True), (PT, True), (N, False)], (N,)),
        (UnitKind.CENTRE, [(N, True)], (D, PS, PT)),
        (UnitKind.CENTRE, [], (D, PS, PT, N)),
    ],
)
def test_staffing_rule(
    kind: UnitKind, staff: list[tuple[Profession, bool]], missing: tuple[Profession, ...]
) -> None:
    result = assess_staffing(kind, staff)
    assert result.missing == missing
    assert result.compliant is (not missing)


def test_two_of_a_profession_count_once() -> None:
    result = assess_staffing("clinic", [("doctor", True), ("doctor", True), ("psychologist", True)])
    assert result.missing == (Profession.PHYSIOTHERAPIST,)
