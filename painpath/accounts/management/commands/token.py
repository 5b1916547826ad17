from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from painpath.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "Manage API tokens: `token create USER [--name NAME]`, `token revoke PREFIX`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["create", "revoke"])
        parser.add_argument("subject", help="username (create) or token prefix (revoke)")
        parser.add_argument("--name", default="", help="what the token is for")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "create":
            try:
                user = User.objects.get(username=options["subject"], is_active=True)
            except User.DoesNotExist as exc:
                raise CommandError(f"No active user named {options['subject']!r}.") from exc
            _, raw = ApiToken.issue(user, options["name"])
            self.stdout.write(raw)
            self.stderr.write("Store this token now: it is not shown again.")
        else:
            n = ApiToken.objects.filter(prefix=options["subject"]).update(revoked=True)
            if not n:
                raise CommandError("No token with that prefix.")
            self.stdout.write(f"Revoked {n} token(s).")
