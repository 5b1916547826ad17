"""Measure letter production: HTML rendering, PDF rendering and storing (figures only, no
assertions). Uses the first decision in the database; everything stored is rolled back.

    painpath bench-letters [--rounds 10]
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from painpath.intake.models import Decision
from painpath.letters import services
from painpath.letters.decisions import planned_letters, render_decision_letter, sending_unit


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time decision letters: HTML, PDF and storing (rolled back)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--rounds", type=int, default=10)

    def handle(self, *args: Any, rounds: int, **options: Any) -> None:
        decision = Decision.objects.select_related("referral").order_by("id").first()
        if decision is None:
            raise CommandError("No decision to write letters for (run `painpath demo` first).")
        clinic = sending_unit(decision)
        plans = planned_letters(decision, clinic)
        html_ms, pdf_ms, sizes = [], [], []
        for _ in range(rounds):
            for plan in plans:
                start = time.perf_counter()
                html = render_decision_letter(
                    decision,
                    plan,
                    clinic=clinic,
                    copies=[],
                    letter_date=decision.decided_on,
                    replaces=None,
                )
                html_ms.append((time.perf_counter() - start) * 1000)
                start = time.perf_counter()
                pdf = services.render_pdf(html)
                pdf_ms.append((time.perf_counter() - start) * 1000)
                sizes.append(len(pdf))
        store_ms = []
        for _ in range(max(1, rounds // 2)):
            try:
                with transaction.atomic():
                    start = time.perf_counter()
                    for plan in plans:
                        html = render_decision_letter(
                            decision,
                            plan,
                            clinic=clinic,
                            copies=[],
                            letter_date=decision.decided_on,
                            replaces=None,
                        )
                        services.store_document(
                            clinic=clinic,
                            patient=decision.referral.patient,
                            kind="bench",
                            recipient_kind=plan.recipient.kind,
                            recipient_name=plan.recipient.name,
                            recipient_her_id=plan.recipient.her_id,
                            channel=plan.channel,
                            html=html,
                            title="bench",
                            related=decision,
                        )
                    store_ms.append((time.perf_counter() - start) * 1000)
                    raise _Rollback
            except _Rollback:
                pass

        def line(name: str, values: list[float]) -> str:
            return (
                f"{name:<42} median {statistics.median(values):7.1f} ms   "
                f"max {max(values):7.1f} ms   n={len(values)}"
            )

        self.stdout.write(line("HTML per letter", html_ms))
        self.stdout.write(line("PDF per letter (WeasyPrint)", pdf_ms))
        self.stdout.write(line(f"render + store a decision's {len(plans)} letters", store_ms))
        size_kib = statistics.median(sizes) / 1024
        self.stdout.write(f"{'PDF size':<42} median {size_kib:7.1f} KiB")
