"""painpath check-deadlines: warn before care deadlines pass and record breaches (D4).

Idempotent: run it every day from cron; a warning or a breach is recorded once.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from painpath.audit.context import Actor, acting_as
from painpath.intake import services


class Command(BaseCommand):
    help = "Record care-deadline warnings and breaches (idempotent; run daily)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="check as of this date (YYYY-MM-DD); default today")

    def handle(self, *args: Any, **options: Any) -> None:
        day = services.today()
        if options.get("date"):
            try:
                day = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(
                    _("Invalid date: %(text)s. Write the date as YYYY-MM-DD, e.g. 2026-03-02.")
                    % {"text": repr(options["date"])}
                ) from None
        with acting_as(Actor(None, "check_deadlines", role="system")):
            result = services.check_deadlines(day)
        for decision in result.breached:
            self.stdout.write(_("BREACH") + f"  {_line(decision)}")
        for decision in result.warned:
            self.stdout.write(_("WARNING") + f"  {_line(decision)}")
        self.stdout.write(
            _("%(day)s: %(breaches)s new deadline breaches, %(warnings)s new warnings.")
            % {
                "day": day.isoformat(),
                "breaches": len(result.breached),
                "warnings": len(result.warned),
            }
        )


def _line(decision: Any) -> str:
    return _("decision %(d)s, referral %(r)s, care deadline %(deadline)s, %(unit)s") % {
        "d": decision.pk,
        "r": decision.referral_id,
        "deadline": decision.care_deadline.isoformat(),
        "unit": decision.referral.clinic,
    }
