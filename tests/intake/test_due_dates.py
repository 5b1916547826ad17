"""`painpath due-dates`: the 10th working day after receipt, earlier with --serious (D4)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from painpath.cli import main


def run(*args: str) -> str:
    out = StringIO()
    call_command("due_dates", *args, stdout=out)
    return out.getvalue()


def test_one_line_per_date_of_receipt_with_iso_dates() -> None:
    # Easter 2026: Maundy Thursday 2 April, Good Friday 3 April, Easter Monday 6 April.
    assert run("2026-03-30", "2026-01-05").splitlines() == [
        "2026-03-30 2026-04-16",
        "2026-01-05 2026-01-19",
    ]


def test_serious_illness_gives_the_earlier_due_date() -> None:
    assert run("--serious", "2026-03-30") == "2026-03-30 2026-04-09\n"


def test_a_bad_date_is_refused_with_a_clear_message() -> None:
    with pytest.raises(CommandError, match="Ugyldig dato: '2026-02-30'"):
        run("2026-02-30")


def test_the_painpath_command_exits_non_zero_on_a_bad_date(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["due-dates", "i morgen"])
    assert exit_info.value.code != 0
    assert "ÅÅÅÅ-MM-DD" in capsys.readouterr().err
