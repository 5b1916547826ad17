"""painpath due-dates DATE... : the assessment due date for each date of receipt (D4)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from painpath.rules.deadlines import assessment_due_on


class Command(BaseCommand):
    help = (
        "Print 'RECEIVED_ON ASSESSMENT_DUE_ON' (ISO dates) for each date of receipt: the 10th "
        "working day after it, or earlier with --serious."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dates", nargs="+", metavar="DATE", help="date received, YYYY-MM-DD")
        parser.add_argument(
            "--serious",
            action="store_true",
            help="serious illness is suspected: the earlier limit applies",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        received: list[date] = []
        for text in options["dates"]:
            try:
                received.append(date.fromisoformat(text.strip()))
            except ValueError:
                raise CommandError(
                    _("Invalid date: %(text)s. Write the date as YYYY-MM-DD, e.g. 2026-03-02.")
                    % {"text": repr(text)}
                ) from None
        for day in received:
            due = assessment_due_on(day, options["serious"])
            self.stdout.write(f"{day.isoformat()} {due.isoformat()}")
