"""Demo letters (D5): every demo decision gets its letters, dated the day it was decided. The
intake demo (ORDER 50) and the pathways demo (ORDER 70, decisions of patients already in a pathway)
both create decisions, so this runs after both: a second `painpath demo` then changes nothing. Letters of decisions older than two weeks are marked as printed/sent, so the
outbox shows letters waiting and letters gone out. Without demo decisions nothing happens."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from painpath.demo.registry import DemoContext
from painpath.intake.models import Decision
from painpath.letters import services
from painpath.letters.decisions import KIND, produce_decision_letters

ORDER = 80


def load(ctx: DemoContext) -> None:
    decisions = list(
        Decision.objects.select_related("decided_by").order_by("decided_on", "created_at", "id")
    )
    if not decisions:
        return
    produced = 0
    for decision in decisions:
        if services.letters_for(decision).filter(kind=KIND).exists():
            continue
        produce_decision_letters(decision, letter_date=decision.decided_on)
        produced += 1
        if decision.decided_on <= ctx.today - timedelta(days=14):
            for letter in services.letters_for(decision).filter(kind=KIND):
                if services.can_dispatch(decision.decided_by, letter):
                    services.mark_dispatched(decision.decided_by, letter)
                    # Sent the day they were written, as they would have been.
                    letter.dispatched_at = timezone.make_aware(
                        datetime.combine(letter.letter_date, time(14, 30))
                    )
                    letter.save(update_fields=["dispatched_at"])
    if produced:
        ctx.notes.append(
            f"Letters: {produced} demo decision(s) got their letters; inntak.ahus sees them "
            "under Utboks (Outbox)."
        )
