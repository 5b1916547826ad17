"""The ``painpath`` command for operators: a thin wrapper around the management commands.

painpath demo                  load the demo data (idempotent)
painpath serve [ADDR:PORT]     serve painpath (Django's server; use gunicorn in production)
painpath token create USER     create an API token for a user
painpath <any manage.py command> ...
"""

from __future__ import annotations

import os
import sys

ALIASES = {"serve": "runserver"}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "painpath.settings")
    if not args or args[0] in {"-h", "--help"}:
        print(__doc__)
        return
    args[0] = ALIASES.get(args[0], args[0].replace("-", "_"))
    from django.core.management import execute_from_command_line

    execute_from_command_line(["painpath", *args])


if __name__ == "__main__":
    main()
