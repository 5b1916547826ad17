"""painpath import-fhir FILE_OR_DIR... : import FHIR R4 referral Bundles (issue 3).

Each file is one transaction Bundle (JSON or XML) and is imported all or nothing; a folder is
searched for .json and .xml files. A progress line per file goes to stderr, the summary to stdout
(imported, duplicates, refused with every reason). The exit code is 1 if anything was refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from painpath.audit.context import Actor, acting_as
from painpath.interop import services


class Command(BaseCommand):
    help = (
        "Import referrals from FHIR R4 transaction Bundles (JSON or XML files, or folders of "
        "them). Exit code 1 if any Bundle was refused."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
        parser.add_argument(
            "--quiet", action="store_true", help="no progress line per file, only the summary"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        paths = [Path(p) for p in options["paths"]]
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise CommandError(_("Not found: %(paths)s") % {"paths": ", ".join(missing)})
        files = services.bundle_files(paths)
        if not files:
            raise CommandError(_("No .json or .xml files found."))
        total = len(files)
        width = len(str(total))
        counts = {services.CREATED: 0, services.DUPLICATE: 0, services.REFUSED: 0}
        refused: list[tuple[Path, list[str]]] = []
        with acting_as(Actor(None, "import-fhir", role="system")):
            for n, path in enumerate(files, start=1):
                try:
                    raw = path.read_bytes()
                except OSError as exc:
                    result = services.ImportResult(services.REFUSED)
                    reasons = [_("The file cannot be read: %(error)s") % {"error": exc.strerror}]
                else:
                    result = services.import_bundle(raw, filename=path.name)
                    reasons = result.reasons
                counts[result.outcome] += 1
                if result.outcome == services.REFUSED:
                    refused.append((path, reasons))
                if not options["quiet"]:
                    self.stderr.write(f"[{n:>{width}}/{total}] {path}: {_line(result, reasons)}")
        self.stdout.write(
            _(
                "Imported: %(created)s, duplicates: %(duplicate)s, refused: %(refused)s (of %(total)s)."
            )
            % {
                "created": counts[services.CREATED],
                "duplicate": counts[services.DUPLICATE],
                "refused": counts[services.REFUSED],
                "total": total,
            }
        )
        for path, reasons in refused:
            self.stdout.write(_("Refused: %(path)s") % {"path": path})
            for reason in reasons:
                self.stdout.write(f"  - {reason}")
        if refused:
            raise CommandError(
                _("%(n)s of %(total)s Bundles were refused.") % {"n": len(refused), "total": total},
                returncode=1,
            )


def _line(result: services.ImportResult, reasons: list[str]) -> str:
    if result.outcome == services.CREATED and result.referral is not None:
        return _("imported as referral %(pk)s (%(unit)s)") % {
            "pk": result.referral.pk,
            "unit": result.referral.clinic.name,
        }
    if result.outcome == services.DUPLICATE and result.referral is not None:
        return _("duplicate of referral %(pk)s, nothing stored") % {"pk": result.referral.pk}
    return _("refused (%(n)s problems)") % {"n": len(reasons)}
