"""``painpath check-referral FILE [--json]``: the completeness check (D3) on a referral text file.

Human output lists each of the fourteen items, present or missing, with the sentences that showed
it; ``--json`` prints the same shape as ``POST /api/referrals/check``. ``-`` reads standard input.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from painpath.referrals import items, services


class Command(BaseCommand):
    help = "Check a referral text (UTF-8) for the fourteen items of the guideline (D3)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a UTF-8 text file with the referral, or - for stdin")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            text = self._read(options["file"])
            try:
                result = services.check_text(text)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            if options["json"]:
                self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            else:
                self._print(result)

    def _read(self, name: str) -> str:
        if name == "-":
            data = sys.stdin.buffer.read()
        else:
            path = Path(name)
            if not path.is_file():
                raise CommandError(_("%(file)s: no such file.") % {"file": name})
            data = path.read_bytes()
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CommandError(
                _(
                    "%(file)s is not UTF-8 text (byte %(pos)s cannot be read). Save the referral "
                    "as UTF-8 and try again."
                )
                % {"file": name, "pos": exc.start}
            ) from exc

    def _print(self, result: dict[str, Any]) -> None:
        view = items.completeness_view(result)
        self.stdout.write(
            _("%(n)s of %(total)s points covered (score %(score)s).")
            % {"n": view["present_count"], "total": view["total"], "score": result["score"]}
        )
        for number, row in enumerate(view["rows"], start=1):
            mark = "✓" if row["present"] else "✗"
            state = _("present") if row["present"] else _("missing")
            self.stdout.write(f"{mark} {number:2d}. {row['label']} [{row['code']}]: {state}")
            for sentence in row["evidence"]:
                self.stdout.write(f"        «{' '.join(sentence.split())}»")
        if view["missing"]:
            self.stdout.write(
                _("Missing: %(items)s")
                % {"items": ", ".join(str(row["label"]) for row in view["missing"])}
            )
