"""painpath import-fhir FILE_OR_DIR (issue 3): progress per file, summary, exit code."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from painpath.audit.models import AuditEvent
from painpath.cli import main
from painpath.interop import fhir
from painpath.interop.samples import write_bundles
from painpath.referrals.models import Referral
from tests.data.fhir.generate import UNIT_A_RESH, UNIT_B_HER
from tests.interop.conftest import DATA

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str, CommandError | None]:
    out, err = StringIO(), StringIO()
    try:
        call_command("import_fhir", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), exc
    return out.getvalue(), err.getvalue(), None


def test_folder_import_shows_progress_and_a_summary(tmp_path: Path, units) -> None:
    write_bundles(tmp_path / "a", 12, [(fhir.RESH, UNIT_A_RESH)], prefix="a")
    write_bundles(tmp_path / "b", 5, [(fhir.HER, UNIT_B_HER)], prefix="b")
    out, err, error = run(str(tmp_path))
    assert error is None
    lines = err.splitlines()
    assert len(lines) == 17
    assert lines[0].startswith(
        f"[ 1/17] {tmp_path / 'a' / 'a-00000.json'}: importert som henvisning"
    )
    assert lines[2].endswith("(Smerteklinikken A)") and "a-00002.xml" in lines[2]
    assert lines[-1].startswith("[17/17]") and lines[-1].endswith("(Smerteklinikken B)")
    assert out.splitlines() == ["Importert: 17, duplikater: 0, avvist: 0 (av 17)."]
    assert Referral.objects.filter(clinic=units["a"]).count() == 12
    assert Referral.objects.filter(clinic=units["b"]).count() == 5
    # The import is audited as the command, not as a person.
    assert set(AuditEvent.objects.values_list("username", flat=True)) == {"import-fhir"}

    out, err, error = run(str(tmp_path))
    assert error is None
    assert out.splitlines() == ["Importert: 0, duplikater: 17, avvist: 0 (av 17)."]
    assert "duplikat av henvisning" in err.splitlines()[0]
    assert Referral.objects.count() == 17


def test_refused_bundles_are_listed_with_reasons_and_the_exit_code_is_not_zero(
    tmp_path: Path, units
) -> None:
    write_bundles(tmp_path, 3, [(fhir.RESH, UNIT_A_RESH)])
    shutil.copy(DATA / "refused-many-problems.json", tmp_path / "x-refused.json")
    (tmp_path / "y-broken.xml").write_text("<Bundle xmlns='http://hl7.org/fhir'>")
    (tmp_path / "notes.txt").write_text("not a bundle, not read")
    out, err, error = run(str(tmp_path))
    assert error is not None and error.returncode == 1
    assert str(error) == "2 av 5 bunter ble avvist."
    assert "[4/5]" in err and "x-refused.json: avvist (4 feil)" in err
    lines = out.splitlines()
    assert lines[0] == "Importert: 3, duplikater: 0, avvist: 2 (av 5)."
    assert lines[1] == f"Avvist: {tmp_path / 'x-refused.json'}"
    assert any("maskert" in line for line in lines[2:6])
    assert lines[6] == f"Avvist: {tmp_path / 'y-broken.xml'}"
    assert lines[7].startswith("  - Dokumentet er ikke velformet XML")
    assert Referral.objects.count() == 3


def test_single_files_json_and_xml(units) -> None:
    out, _, error = run(
        str(DATA / "referral-unit-a.json"), str(DATA / "referral-unit-a-document.xml")
    )
    assert error is None
    assert out.startswith("Importert: 2, duplikater: 0, avvist: 0 (av 2).")


def test_missing_path_is_an_error(tmp_path: Path, units) -> None:
    _, _, error = run(str(tmp_path / "nowhere"))
    assert error is not None and "Finnes ikke" in str(error)


def test_the_painpath_command_maps_the_hyphenated_name(tmp_path: Path, units, capsys) -> None:
    shutil.copy(DATA / "refused-one-bad-resource.json", tmp_path / "bad.json")
    with pytest.raises(SystemExit) as exit_info:
        main(["import-fhir", str(tmp_path)])
    assert exit_info.value.code == 1
    captured = capsys.readouterr()
    assert "Importert: 0, duplikater: 0, avvist: 1 (av 1)." in captured.out
    assert "[1/1]" in captured.err


def test_the_generator_writes_valid_distinct_patients(tmp_path: Path) -> None:
    from painpath.interop.reading import read_bundle
    from painpath.rules.identity import parse_identity_number

    paths = write_bundles(tmp_path, 120, [(fhir.RESH, UNIT_A_RESH)])
    numbers = set()
    for path in paths:
        read = read_bundle(path.read_bytes(), filename=path.name)
        assert not read.problems.issues
        patient = next(e.resource for e in read.entries if e.resource_type == "Patient")
        numbers.add(parse_identity_number(fhir.identifiers(patient)[0][1], allow_synthetic=True))
    assert len(numbers) == 120
