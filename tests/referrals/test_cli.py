"""``painpath check-referral FILE [--json]`` (D3): the same result as the API, readable output,
a clear refusal of text that is not UTF-8."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from painpath.referrals import services

TEXT = (
    "Brennende smerter i nakke og skuldre siden 2019.\n"
    "Drikker ikke alkohol. Benekter traumatiske opplevelser.\n"
)


def test_human_output_lists_each_item_with_its_evidence(tmp_path: Path) -> None:
    path = tmp_path / "henvisning.txt"
    path.write_text(TEXT, encoding="utf-8")
    out = StringIO()
    call_command("check_referral", str(path), stdout=out)
    text = out.getvalue()
    assert "3 av 14 punkter dekket" in text
    assert "✓  2. Smertene: karakter, lokalisasjon og varighet [pain_description]: finnes" in text
    assert "«Brennende smerter i nakke og skuldre siden 2019.»" in text
    assert "✗  3. Fysisk funksjon [physical_function]: mangler" in text
    assert "Mangler: Pasientens eget syn" in text


def test_json_output_is_the_api_shape(tmp_path: Path) -> None:
    path = tmp_path / "henvisning.txt"
    path.write_text("\ufeff" + TEXT, encoding="utf-8")  # a BOM is fine
    out = StringIO()
    call_command("check_referral", str(path), "--json", stdout=out)
    assert json.loads(out.getvalue()) == services.check_text(TEXT)


def test_non_utf8_text_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Smerter i høyre skulder".encode("latin-1"))
    with pytest.raises(CommandError) as exc:
        call_command("check_referral", str(path))
    assert "er ikke UTF-8-tekst" in str(exc.value)
    with pytest.raises(CommandError) as exc:
        call_command("check_referral", str(tmp_path / "missing.txt"))
    assert "finnes ikke" in str(exc.value)


def test_the_painpath_command_maps_the_hyphen_and_exits_non_zero(tmp_path: Path) -> None:
    good = tmp_path / "ok.txt"
    good.write_text(TEXT, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Smerter \xff\xfe i nakken")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "painpath.test_settings"}
    cli = [sys.executable, "-m", "painpath.cli", "check-referral"]
    ok = subprocess.run([*cli, str(good), "--json"], capture_output=True, text=True, env=env)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["items"]["pain_description"]["present"] is True
    refused = subprocess.run([*cli, str(bad)], capture_output=True, text=True, env=env)
    assert refused.returncode != 0
    assert "er ikke UTF-8-tekst" in refused.stderr
