"""painpath generate-referrals: synthetic patients and referrals in bulk, for demos and benchmarks.

    painpath generate-referrals --total 200000 --open-at-unit "Smerteklinikken, Ahus" 5000

Tops up to ``--total`` generated referrals spread over the active units (decided ones with their
decisions, most with care started), of which at least COUNT are undecided at the named unit, plus
a share of granted rights waiting for care there. Idempotent: a second run with the same numbers
adds nothing. Patients carry synthetic identity numbers (Tenor style); needs the network
(``painpath demo`` or real units). Written with bulk_create in batches: minutes, not hours. Rows
created this way bypass the per-row audit signal; the command writes one audit record for the
batch run instead.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from datetime import date, timedelta
from functools import cache
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from painpath.accounts.models import Role, User
from painpath.audit.context import Actor, acting_as
from painpath.audit.services import record
from painpath.intake.models import Decision, Outcome, PriorityRule
from painpath.organisation.models import Clinic
from painpath.patients.models import Patient
from painpath.referrals.models import Channel, Referral, ReferralFlag, ReferralStatus, Referrer
from painpath.rules.completeness import ITEM_CODES
from painpath.rules.deadlines import assessment_due_on, suggested_care_deadline
from painpath.rules.identity import make_synthetic

SYSTEM = "urn:painpath:generated"
BATCH = 2000
GIVEN = [
    "Anne", "Inger", "Kari", "Marit", "Ingrid", "Liv", "Eva", "Berit", "Astrid", "Bjørg",
    "Hilde", "Randi", "Solveig", "Nina", "Ida", "Emma", "Nora", "Sara", "Thea", "Maja",
    "Jan", "Per", "Bjørn", "Ole", "Lars", "Kjell", "Knut", "Arne", "Svein", "Thomas",
    "Hans", "Geir", "Tor", "Morten", "Terje", "Jonas", "Emil", "Mathias", "Ali", "Sindre",
]  # fmt: skip
FAMILY = [
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
    "Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen",
    "Johannessen", "Andreassen", "Jacobsen", "Dahl", "Jørgensen", "Halvorsen", "Henriksen",
    "Lund", "Sørensen", "Jakobsen", "Moen", "Gundersen", "Iversen", "Strand", "Solberg",
    "Svendsen", "Eide", "Knutsen", "Martinsen", "Paulsen", "Bakken", "Kristoffersen", "Mathisen",
    "Lie",
]  # fmt: skip
FLAG_CODES = ["young_adult", "older", "interpreter", "dropout_risk", "trauma", "mental_health"]
TEXT = (
    "Pasienten har hatt smerter i korsryggen i flere år, brennende og konstant. "
    "Bruker paracetamol og ibuprofen. Sykmeldt 50 %. Ønsker hjelp til å mestre hverdagen."
)


@cache
def _due(received: date, serious: bool) -> date:
    return assessment_due_on(received, serious)


@cache
def _suggested(received: date, weeks: int) -> date:
    return suggested_care_deadline(received, weeks)


def _completeness(rng: random.Random) -> tuple[dict[str, Any], int]:
    missing = sorted(rng.sample(range(len(ITEM_CODES)), rng.choice([0, 1, 2, 3, 4, 5, 7])))
    codes = [ITEM_CODES[i] for i in missing]
    items = {
        code: {"present": code not in codes, "evidence": [] if code in codes else ["(generert)"]}
        for code in ITEM_CODES
    }
    score = round((len(ITEM_CODES) - len(codes)) / len(ITEM_CODES), 3)
    return {"items": items, "missing": codes, "score": score}, len(codes)


def _national_ids(taken: set[str]) -> Iterator[tuple[str, date]]:
    """Synthetic numbers (individual numbers 500-999, so the demo's are never reused)."""
    start, days = date(1940, 1, 1), (date(2005, 12, 31) - date(1940, 1, 1)).days
    for individual in range(999, 499, -1):
        for offset in range(0, days, 1):
            birth = start + timedelta(days=offset)
            try:
                number = make_synthetic(birth, individual)
            except ValueError:
                continue
            if number not in taken:
                yield number, birth


class Command(BaseCommand):
    help = "Generate synthetic referrals in bulk (demo and benchmark data); idempotent top-up."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--total", type=int, default=1000, help="generated referrals in all")
        parser.add_argument(
            "--open-at-unit",
            nargs=2,
            metavar=("UNIT", "COUNT"),
            help="at least COUNT undecided referrals at the unit named UNIT",
        )
        parser.add_argument("--seed", type=int, default=2024)

    def handle(self, *args: Any, **options: Any) -> None:
        total = options["total"]
        if total < 0:
            raise CommandError(_("--total must be zero or more."))
        units = list(Clinic.objects.filter(active=True).order_by("pk"))
        if not units:
            raise CommandError(_("No units: load the network first (painpath demo)."))
        open_unit: Clinic | None = None
        open_count = 0
        if options["open_at_unit"]:
            name, count = options["open_at_unit"]
            open_unit = Clinic.objects.filter(name=name).first()
            if open_unit is None:
                raise CommandError(_("Unknown unit: %(name)s.") % {"name": name})
            try:
                open_count = int(count)
            except ValueError:
                raise CommandError(_("COUNT must be a whole number.")) from None
        started = time.monotonic()
        with acting_as(Actor(None, "generate_referrals", role="system")):
            created = self._generate(options["seed"], total, units, open_unit, open_count)
            if created:
                record(
                    "create",
                    object_type="referrals.Referral",
                    object_id="",
                    detail={"generated": created, "system": SYSTEM},
                )
        generated = Referral.objects.filter(external_system=SYSTEM).count()
        self.stdout.write(
            _("%(created)s referrals created (%(total)s generated in all) in %(seconds).1f s.")
            % {"created": created, "total": generated, "seconds": time.monotonic() - started}
        )
        if open_unit is not None:
            self.stdout.write(
                _("%(n)s undecided referrals at %(unit)s.")
                % {
                    "n": Referral.objects.filter(
                        clinic=open_unit,
                        status__in=[ReferralStatus.RECEIVED, ReferralStatus.UNDER_ASSESSMENT],
                    ).count(),
                    "unit": open_unit.name,
                }
            )

    def _generate(
        self,
        seed: int,
        total: int,
        units: list[Clinic],
        open_unit: Clinic | None,
        open_count: int,
    ) -> int:
        existing = Referral.objects.filter(external_system=SYSTEM)
        have = existing.count()
        open_have = (
            existing.filter(
                clinic=open_unit,
                status__in=[ReferralStatus.RECEIVED, ReferralStatus.UNDER_ASSESSMENT],
            ).count()
            if open_unit
            else 0
        )
        open_needed = max(open_count - open_have, 0)
        to_create = max(total - have, open_needed)
        if to_create == 0:
            return 0
        rng = random.Random(seed + have)
        today = timezone.localdate()
        referrers = self._referrers()
        decider = self._decider()
        rules = {r.code: r for r in PriorityRule.objects.filter(active=True)}
        granted_rules = [r for r in rules.values() if r.right_granted and r.max_weeks]
        no_right_rules = [r for r in rules.values() if not r.right_granted]
        taken = set(Patient.objects.values_list("national_id", flat=True))
        numbers = _national_ids(taken)
        waiting_share = max(open_needed // 10, 0)
        made = 0
        while made < to_create:
            size = min(BATCH, to_create - made)
            with transaction.atomic():
                patients = []
                for _i in range(size):
                    number, birth = next(numbers)
                    patients.append(
                        Patient(
                            national_id=number,
                            id_kind="synthetic",
                            given_name=rng.choice(GIVEN),
                            family_name=rng.choice(FAMILY),
                            birth_date=birth,
                            gp_name="Generert fastlege",
                            registered_by=None,
                        )
                    )
                Patient.objects.bulk_create(patients, batch_size=BATCH)
                referrals: list[Referral] = []
                plans: list[str] = []
                for i, patient in enumerate(patients):
                    index = made + i
                    serious = rng.random() < 0.04
                    completeness, missing = _completeness(rng)
                    if index < open_needed and open_unit is not None:
                        unit = open_unit
                        received = today - timedelta(days=rng.randint(0, 24))
                        plan = "open"
                    elif index < open_needed + waiting_share and open_unit is not None:
                        unit = open_unit
                        received = today - timedelta(days=rng.randint(20, 90))
                        plan = "waiting"
                    else:
                        unit = rng.choice(units)
                        received = today - timedelta(days=rng.randint(30, 730))
                        plan = "decided"
                    status = ReferralStatus.DECIDED
                    if plan == "open":
                        status = rng.choice(
                            [ReferralStatus.RECEIVED, ReferralStatus.UNDER_ASSESSMENT]
                        )
                    referrals.append(
                        Referral(
                            patient=patient,
                            clinic=unit,
                            received_by=unit,
                            referrer=rng.choice(referrers),
                            channel=rng.choice(Channel.values),
                            received_on=received,
                            assessment_due_on=_due(received, serious),
                            serious_illness_suspected=serious,
                            status=status,
                            free_text=TEXT,
                            completeness=completeness,
                            missing_count=missing,
                            external_system=SYSTEM,
                            external_id=f"{have + index + 1}",
                        )
                    )
                    plans.append(plan)
                Referral.objects.bulk_create(referrals, batch_size=BATCH)
                flags = [
                    ReferralFlag(
                        referral=r, code=rng.choice(FLAG_CODES), reason="generated", suggested=True
                    )
                    for r in referrals
                    if rng.random() < 0.12
                ]
                ReferralFlag.objects.bulk_create(flags, batch_size=BATCH)
                decisions = [
                    self._decision(rng, r, plan, decider, granted_rules, no_right_rules, today)
                    for r, plan in zip(referrals, plans, strict=True)
                    if plan != "open"
                ]
                Decision.objects.bulk_create(decisions, batch_size=BATCH)
            made += size
            self.stdout.write(f"  {made}/{to_create}", ending="\r")
            self.stdout.flush()
        self.stdout.write("")
        return made

    def _decision(
        self,
        rng: random.Random,
        referral: Referral,
        plan: str,
        decider: User,
        granted_rules: list[PriorityRule],
        no_right_rules: list[PriorityRule],
        today: date,
    ) -> Decision:
        decided_on = min(referral.assessment_due_on, today)
        granted = plan == "waiting" or not no_right_rules or rng.random() < 0.75
        if granted and granted_rules:
            rule = rng.choice(granted_rules)
            weeks = rule.max_weeks or 16
            deadline = _suggested(referral.received_on, weeks)
            if plan == "waiting" and deadline < today:
                deadline = today + timedelta(days=rng.randint(-5, 60))
            started = None
            if plan != "waiting":
                started = min(deadline - timedelta(days=rng.randint(0, 20)), today)
                started = max(started, decided_on)
            return Decision(
                referral=referral,
                outcome=Outcome.RIGHT_GRANTED,
                decided_by=decider,
                decided_alone=False,
                decided_on=decided_on,
                clinic=referral.clinic,
                priority_rule=rule,
                care_deadline=deadline,
                care_started_on=started,
            )
        return Decision(
            referral=referral,
            outcome=Outcome.NO_RIGHT,
            decided_by=decider,
            decided_alone=False,
            decided_on=decided_on,
            clinic=referral.clinic,
            priority_rule=no_right_rules[0] if no_right_rules else None,
            justification="Kan følges opp av fastlege (generert).",
            advice="Fysisk aktivitet og oppfølging hos fastlege.",
        )

    def _referrers(self) -> list[Referrer]:
        referrers = list(Referrer.objects.filter(organisation="Generert legesenter")[:20])
        if not referrers:
            referrers = Referrer.objects.bulk_create(
                [
                    Referrer(
                        name=f"Lege {family}",
                        role="gp",
                        organisation="Generert legesenter",
                    )
                    for family in FAMILY[:20]
                ]
            )
        return referrers

    def _decider(self) -> User:
        user, created = User.objects.get_or_create(
            username="generert.inntak",
            defaults={"role": Role.INTAKE, "first_name": "Generert", "last_name": "Inntak"},
        )
        if created:
            user.set_unusable_password()
            user.save()
        return user
