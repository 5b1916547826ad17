"""painpath generate-pathways: synthetic pathways with their events in bulk, for benchmarks.

    painpath generate-pathways --unit "Smerteklinikken, Ahus" --pathways 20000 --events 300000

Tops up to ``--pathways`` generated pathways at the unit (each with its own synthetic patient,
referral and granted decision) in every phase, some late, and to about ``--events`` events in
all: the milestones each phase needs plus date corrections. The stored list fields come from the
pathway rules over the generated events, exactly as when events are appended one by one
(``services.stored_values``). Idempotent by the referrals' external identifier. Written with
bulk_create in batches, so rows bypass the per-row audit signal; one audit record is written for
the run instead. Needs the network and users (``painpath demo``).
"""

from __future__ import annotations

import random
import time
from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from painpath.accounts.models import User
from painpath.audit.context import Actor, acting_as
from painpath.audit.services import record
from painpath.intake.models import Decision, Outcome
from painpath.organisation.models import Clinic
from painpath.pathways import services
from painpath.pathways.models import Pathway, PathwayEvent, PathwayEventCode
from painpath.patients.models import Patient
from painpath.referrals.models import Referral, Referrer
from painpath.rules import pathway_times as rules
from painpath.rules.identity import make_synthetic

SYSTEM = "urn:painpath:generated-pathways"
BATCH = 2000
GIVEN = ["Anne", "Kari", "Liv", "Eva", "Nora", "Sara", "Jan", "Per", "Ole", "Lars", "Ali", "Emil"]
FAMILY = ["Hansen", "Olsen", "Larsen", "Berg", "Dahl", "Lie", "Moen", "Strand", "Eide", "Lund"]
MILESTONES = ("start", "assessment_start", "summary_meeting", "followup_meeting")


def _plan(rng: random.Random, today: date) -> list[tuple[str, str, date]]:
    """The events of one generated pathway, oldest first: (meaning, closing outcome, date).

    A fifth waits for the assessment, 30 % are in assessment, 35 % in follow-up and 15 % are
    closed (after the follow-up meeting, transferred, or early). Gaps of up to 120 days between
    milestones and up to 150 days since the last one leave a good share late."""
    stage = rng.choices([0, 1, 2, 3], [0.2, 0.3, 0.35, 0.15])[0]
    outcome = ""
    reach = stage
    if stage == 3:
        outcome = rng.choice(["followup_completed", "transferred", "other"])
        reach = {"followup_completed": 3, "transferred": rng.randint(1, 2), "other": 0}[outcome]
    gaps = [rng.randint(20, 120) if n < 2 else rng.randint(120, 200) for n in range(reach)]
    closing_gap = rng.randint(1, 30) if outcome else 0
    day = today - timedelta(days=sum(gaps) + closing_gap + rng.randint(0, 150))
    events = [(MILESTONES[0], "", day)]
    for n, gap in enumerate(gaps, start=1):
        day += timedelta(days=gap)
        events.append((MILESTONES[n], "", day))
    if outcome:
        events.append(("closed", outcome, day + timedelta(days=closing_gap)))
    return events


class Command(BaseCommand):
    help = "Generate pathways with events at a unit (bulk, for benchmarks). Idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", default="Smerteklinikken, Ahus")
        parser.add_argument("--pathways", type=int, default=20_000)
        parser.add_argument("--events", type=int, default=300_000)
        parser.add_argument("--seed", type=int, default=5)

    def handle(self, *args: Any, **options: Any) -> None:
        unit = Clinic.objects.filter(name=options["unit"]).first()
        user = User.objects.filter(units=unit).order_by("id").first() if unit else None
        if unit is None or user is None:
            raise CommandError("Unknown unit or no staff: run `painpath demo` first.")
        existing = Referral.objects.filter(external_system=SYSTEM).count()
        wanted = options["pathways"] - existing
        if wanted <= 0:
            self.stdout.write(f"{existing} generated pathways already there.")
            return
        started = time.monotonic()
        with acting_as(Actor(None, "generate-pathways", role="system")), transaction.atomic():
            made, events = self._generate(unit, user, existing, wanted, options)
            record(
                "create",
                object_type="pathways.Pathway",
                object_id="",
                detail={"generated": made, "events": events, "unit": unit.name},
            )
        # Fresh statistics for the query planner after a bulk load (SQLite and PostgreSQL).
        with connection.cursor() as cursor:
            for table in ("pathways_pathway", "pathways_pathwayevent", "intake_decision"):
                cursor.execute(f"ANALYZE {table}")
        self.stdout.write(
            f"Generated {made} pathways with {events} events at {unit.name} "
            f"in {time.monotonic() - started:.0f} s."
        )

    def _generate(
        self, unit: Clinic, user: User, offset: int, count: int, options: dict[str, Any]
    ) -> tuple[int, int]:
        rng = random.Random(options["seed"] + offset)
        today = timezone.localdate()
        codes = {(c.meaning, c.outcome): c for c in PathwayEventCode.objects.filter(active=True)}
        referrer, _ = Referrer.objects.get_or_create(
            hpr_number="9100099", defaults={"name": "Generert Fastlege", "role": "gp"}
        )
        taken = set(Patient.objects.values_list("national_id", flat=True))
        plans = [_plan(rng, today) for _ in range(count)]
        # Pad with date corrections to reach the wanted number of events overall.
        milestones = sum(len(p) for p in plans)
        already = PathwayEvent.objects.filter(pathway__referral__external_system=SYSTEM).count()
        target_events = options["events"] * (offset + count) // options["pathways"] - already
        corrections = [0] * count
        for _ in range(max(0, target_events - milestones)):
            corrections[rng.randrange(count)] += 1

        patients = []
        for i in range(count):
            born = date(1945, 1, 1) + timedelta(days=(offset + i) * 7 % 20000)
            number = ""
            for individual in range((offset + i) % 400, 500):
                try:
                    candidate = make_synthetic(born, individual)
                except ValueError:
                    continue
                if candidate not in taken:
                    number = candidate
                    break
            if not number:
                raise CommandError(f"no free synthetic number for {born}")
            taken.add(number)
            patients.append(
                Patient(
                    national_id=number,
                    id_kind="synthetic",
                    given_name=rng.choice(GIVEN),
                    family_name=rng.choice(FAMILY),
                    birth_date=born,
                    registered_by=unit,
                )
            )
        Patient.objects.bulk_create(patients, batch_size=BATCH)
        referrals = [
            Referral(
                patient=patient,
                clinic=unit,
                received_by=unit,
                referrer=referrer,
                channel="e_referral",
                received_on=plan[0][2] - timedelta(days=40),
                assessment_due_on=plan[0][2] - timedelta(days=26),
                status="decided",
                external_system=SYSTEM,
                external_id=str(offset + i),
            )
            for i, (patient, plan) in enumerate(zip(patients, plans, strict=True))
        ]
        Referral.objects.bulk_create(referrals, batch_size=BATCH)
        decisions = [
            Decision(
                referral=referral,
                outcome=Outcome.RIGHT_GRANTED,
                decided_by=user,
                decided_on=referral.received_on + timedelta(days=10),
                care_deadline=referral.received_on + timedelta(weeks=12),
                care_started_on=plan[0][2],
                enters_pathway=True,
            )
            for referral, plan in zip(referrals, plans, strict=True)
        ]
        Decision.objects.bulk_create(decisions, batch_size=BATCH)

        # The rules' state per pathway, from the events in the order they will be stored:
        # all originals first, then the corrections (each naming the original it corrects).
        pathways = []
        for i, plan in enumerate(plans):
            stored = [
                rules.PathwayEvent(
                    n + 1,
                    rules.EventCode(meaning),
                    day,
                    outcome=rules.ClosedOutcome(outcome) if outcome else None,
                )
                for n, (meaning, outcome, day) in enumerate(plan)
            ]
            for k in range(corrections[i]):
                original = stored[k % len(plan)]
                stored.append(
                    rules.PathwayEvent(
                        len(stored) + 1,
                        original.code,
                        original.occurred_on,
                        corrects=original.id,
                        reason="Generert retting",
                        outcome=original.outcome,
                    )
                )
            state = rules.pathway_state(stored, today)
            pathways.append(
                Pathway(
                    patient=patients[i],
                    clinic=unit,
                    referral=referrals[i],
                    decision=decisions[i],
                    pain_since=plan[0][2] - timedelta(days=500),
                    complex_pain=True,
                    created_by=user,
                    **services.stored_values(state, len(stored)),
                )
            )
        Pathway.objects.bulk_create(pathways, batch_size=BATCH)

        originals: list[list[PathwayEvent]] = []
        rows = []
        for pathway, plan in zip(pathways, plans, strict=True):
            mine = [
                PathwayEvent(
                    pathway=pathway,
                    code=codes[(meaning, outcome)],
                    occurred_on=day,
                    recorded_by=user,
                )
                for meaning, outcome, day in plan
            ]
            originals.append(mine)
            rows.extend(mine)
        PathwayEvent.objects.bulk_create(rows, batch_size=BATCH)
        fixes = []
        for i, mine in enumerate(originals):
            for k in range(corrections[i]):
                corrected = mine[k % len(mine)]
                fixes.append(
                    PathwayEvent(
                        pathway=corrected.pathway,
                        code=corrected.code,
                        occurred_on=corrected.occurred_on,
                        corrects=corrected,
                        reason="Generert retting",
                        recorded_by=user,
                    )
                )
        PathwayEvent.objects.bulk_create(fixes, batch_size=BATCH)
        return count, len(rows) + len(fixes)
