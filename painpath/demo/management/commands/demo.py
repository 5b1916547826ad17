from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from painpath.audit.context import Actor, acting_as
from painpath.demo.registry import DEMO_PASSWORD, DemoContext, loaders


class Command(BaseCommand):
    help = "Load the demo data (invented staff and synthetic patients). Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("Demo data needs PAINPATH_DEMO_MODE=1 (synthetic identity numbers).")
        ctx = DemoContext(today=timezone.localdate())
        with acting_as(Actor(None, "demo-loader", role="system")), transaction.atomic():
            for module in loaders():
                module.load(ctx)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        for username, role, unit in ctx.sign_ins:
            self.stdout.write(f"  {username:<18} {role:<22} {unit}")
        for note in ctx.notes:
            self.stdout.write(f"  {note}")
