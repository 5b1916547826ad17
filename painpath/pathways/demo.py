"""Demo pathways (D6–D9): every phase, some late, with meetings, plans and special groups.

At Ahus: pathways just started, at risk and overdue before the assessment; assessments running on
time, overdue and with a corrected event; the follow-up phase on time, after a late start, and
with the follow-up meeting overdue; closed after the follow-up meeting, transferred, and closed
early; one on hold. Two granted decisions wait for a pathway start. A couple of pathways at OUS.

The pathway patients, their referrals and granted decisions are this app's own (idempotent by the
referral's external identifier), so the demo works whether or not the intake demo ran; decisions
from the intake demo are left for clinicians to start.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from painpath.accounts.models import User
from painpath.demo.registry import DemoContext
from painpath.intake.models import Decision, Outcome
from painpath.letters import services as letters
from painpath.organisation.models import Clinic, StaffMember
from painpath.pathways import services
from painpath.pathways.models import (
    EventMeaning,
    MeetingKind,
    Pathway,
)
from painpath.patients.models import Patient
from painpath.referrals.models import Referral, ReferralFlag, Referrer
from painpath.rules.identity import synthetic_number
from painpath.rules.working_days import add_working_days

ORDER = 70

AHUS = "Smerteklinikken, Ahus"
OUS = "Regionalt senter for smertebehandling, OUS"
SYSTEM = "urn:painpath:demo:pathways"


@dataclass
class Case:
    key: str
    unit: str
    given: str
    family: str
    born: date
    text: str
    flags: tuple[str, ...] = ()
    start: int | None = None  # days ago; None: a granted decision awaiting start
    assessment: int | None = None
    summary: int | None = None
    followup: int | None = None
    closed: tuple[int, str] | None = None  # days ago, outcome
    correction: tuple[int, str] | None = None  # assessment registered this many days ago first
    measures: list[dict[str, Any]] = field(default_factory=list)
    on_hold: str = ""


PHYSIO = {
    "kind": "physiotherapy",
    "description": "Gradert aktivitet og treningsprogram to ganger i uken.",
    "responsible": "Kommunal fysioterapeut",
    "setting": "municipality",
    "delivery": "individual",
}
COPING = {
    "kind": "learning_coping",
    "description": "Smertemestringskurs (8 samlinger) ved lærings- og mestringssenteret.",
    "responsible": "Smerteklinikkens sykepleier og psykolog",
    "setting": "clinic",
    "delivery": "group",
}
HEALTHY = {
    "kind": "healthy_life",
    "description": "Frisklivsresept: fysisk aktivitet og søvnkurs.",
    "responsible": "Frisklivssentralen",
    "setting": "municipality",
    "delivery": "group",
}
PSYCH = {
    "kind": "psychological",
    "description": "Aksept- og forpliktelsesterapi (ACT), 10 timer.",
    "responsible": "Psykolog ved smerteklinikken",
    "setting": "clinic",
    "delivery": "individual",
}
OXY = {
    "kind": "medicine",
    "medicine_name": "Oksykodon depottablett",
    "atc_code": "N02AA05",
    "status": "ongoing",
    "alternatives_considered": True,
    "alternatives_note": "Fysioterapi og mestringskurs prøvd; plan for gradvis nedtrapping.",
    "opioid_substance": "oxycodone",
    "route": "oral",
    "daily_dose": Decimal("20"),
    "dose_unit": "mg/day",
    "description": "Nedtrapping med 10 % hver andre uke, fastlegen følger opp.",
    "responsible": "Fastlege",
    "setting": "municipality",
}
DPS = {
    "kind": "collaboration",
    "partner_kind": "dps",
    "description": "Felles oppfølging av depresjon med DPS, allmennpsykiatrisk poliklinikk.",
    "responsible": "DPS og smerteklinikkens psykolog",
    "setting": "elsewhere",
}
TSB = {
    "kind": "collaboration",
    "partner_kind": "tsb",
    "description": "Samarbeid med TSB-poliklinikken og fastlegen om nedtrapping av vanedannende legemidler.",
    "responsible": "TSB-poliklinikken",
    "setting": "elsewhere",
}

CASES = [
    Case(
        "new",
        AHUS,
        "Jorunn",
        "Jobbsøker",
        date(1979, 5, 3),
        "Langvarige nakke- og skuldersmerter i 2 år etter trafikkulykke, redusert søvn.",
        start=10,
    ),
    Case(
        "start_risk",
        AHUS,
        "Bjørn",
        "Brukerhistorie",
        date(1972, 2, 14),
        "Utbredte smerter i 4 år, fibromyalgi, sykmeldt 50 %.",
        start=75,
    ),
    Case(
        "start_late",
        AHUS,
        "Randi",
        "Referanse",
        date(1969, 10, 21),
        "Korsryggsmerter med utstråling i 3 år, operert 2021 uten effekt.",
        start=100,
    ),
    Case(
        "assess",
        AHUS,
        "Hassan",
        "Hypotese",
        date(1983, 7, 7),
        "Kroniske bekkensmerter i 18 måneder. Flyktning, snakker lite norsk, trenger tolk. "
        "Traumatiske opplevelser fra krig.",
        flags=("trauma", "interpreter"),
        start=60,
        assessment=20,
    ),
    Case(
        "assess_late",
        AHUS,
        "Wenche",
        "Vurdering",
        date(1975, 12, 1),
        "Hodepine og kjevesmerter i 5 år, depresjon, følges av DPS.",
        flags=("mental_health",),
        start=150,
        assessment=95,
    ),
    Case(
        "assess_corrected",
        AHUS,
        "Leif",
        "Lærebok",
        date(1966, 4, 18),
        "Nevropatiske smerter i føttene i 3 år, diabetes type 2.",
        start=70,
        assessment=40,
        correction=(30, "Feil dato registrert: utredningen startet ved første konsultasjon."),
    ),
    Case(
        "followup",
        AHUS,
        "Astrid",
        "Aldersrik",
        date(1955, 8, 30),
        "Artrosesmerter i knær og hofter i mange år, bruker oksykodon, flere legemidler.",
        flags=("older",),
        start=200,
        assessment=150,
        summary=100,
        measures=[PHYSIO, COPING, OXY],
    ),
    Case(
        "followup_late_start",
        AHUS,
        "Sander",
        "Studentsen",
        date(2004, 3, 12),
        "Hodepine og nakkesmerter i 2 år, har falt ut av videregående skole.",
        flags=("young_adult", "dropout_risk"),
        start=260,
        assessment=150,
        summary=40,
        measures=[PHYSIO, PSYCH],
    ),
    Case(
        "followup_overdue",
        AHUS,
        "Marit",
        "Mønster",
        date(1981, 1, 25),
        "Langvarige magesmerter og ryggsmerter, angst og depresjon.",
        flags=("mental_health",),
        start=330,
        assessment=270,
        summary=190,
        measures=[PSYCH, DPS, HEALTHY],
    ),
    Case(
        "closed_done",
        AHUS,
        "Geir",
        "Gjennomført",
        date(1970, 6, 6),
        "Kroniske skuldersmerter etter arbeidsskade, 3 år.",
        start=420,
        assessment=360,
        summary=300,
        followup=130,
        closed=(120, "followup_completed"),
        measures=[PHYSIO, COPING],
    ),
    Case(
        "closed_transferred",
        AHUS,
        "Tone",
        "Tilflytter",
        date(1986, 9, 15),
        "Bekkenløsning og ryggsmerter etter fødsel for 2 år siden.",
        start=120,
        assessment=80,
        closed=(30, "transferred"),
    ),
    Case(
        "closed_early",
        AHUS,
        "Kjell",
        "Kortvarig",
        date(1964, 11, 9),
        "Langvarige knesmerter, ønsket ikke videre utredning.",
        start=50,
        closed=(20, "other"),
    ),
    Case(
        "on_hold",
        AHUS,
        "Ylva",
        "Ytterst",
        date(1992, 2, 2),
        "Migrene og nakkesmerter i 6 år, bruker benzodiazepiner og opioider daglig.",
        flags=("dependence",),
        start=40,
        assessment=12,
        on_hold="Pasienten er innlagt på sykehus for annen sykdom.",
    ),
    Case(
        "awaiting",
        AHUS,
        "Frida",
        "Fremtidig",
        date(1988, 4, 4),
        "Smerter i begge hender og underarmer i 14 måneder, sykmeldt fra jobb som frisør.",
    ),
    Case(
        "awaiting_young",
        AHUS,
        "Emma",
        "Elevsen",
        date(2005, 10, 10),
        "Ryggsmerter i 9 måneder, mye fravær fra skolen.",
        flags=("young_adult",),
    ),
    Case(
        "ous_assess",
        OUS,
        "Petter",
        "Pilot",
        date(1977, 3, 3),
        "Komplekse ansikts- og kjevesmerter i 4 år, vurdert ved flere avdelinger.",
        start=90,
        assessment=30,
    ),
    Case(
        "ous_followup",
        OUS,
        "Sigrid",
        "Sentrum",
        date(1961, 12, 24),
        "CRPS i venstre fot i 2 år etter ankelbrudd.",
        flags=("older",),
        start=300,
        assessment=220,
        summary=150,
        measures=[PHYSIO, PSYCH],
    ),
]


def _patient(unit: Clinic, case: Case, seed: int) -> Patient:
    existing = Patient.objects.filter(
        given_name=case.given, family_name=case.family, birth_date=case.born
    ).first()
    if existing is not None:
        return existing
    for attempt in range(20):
        number = synthetic_number(case.born, 700 + seed * 11 + attempt * 3)
        if not Patient.objects.filter(national_id=number).exists():
            break
    return Patient.objects.create(
        national_id=number,
        id_kind="synthetic",
        given_name=case.given,
        family_name=case.family,
        birth_date=case.born,
        gp_name="Hilde Solberg",
        gp_hpr_number="9144889",
        gp_practice="Storgata legesenter",
        registered_by=unit,
    )


def _referrer() -> Referrer:
    referrer = Referrer.objects.filter(hpr_number="9144889").first()
    if referrer is None:
        referrer = Referrer.objects.create(
            name="Hilde Solberg",
            role="gp",
            hpr_number="9144889",
            organisation="Storgata legesenter",
            user=User.objects.filter(username="fastlege").first(),
        )
    return referrer


def _decision(ctx: DemoContext, unit: Clinic, case: Case, seed: int, decider: User) -> Decision:
    referral = Referral.objects.filter(external_system=SYSTEM, external_id=case.key).first()
    days_back = (case.start or 0) + 45
    received = ctx.today - timedelta(days=days_back)
    if referral is None:
        referral = Referral.objects.create(
            patient=_patient(unit, case, seed),
            clinic=unit,
            received_by=unit,
            referrer=_referrer(),
            channel="e_referral",
            received_on=received,
            assessment_due_on=add_working_days(received, 10),
            status="decided",
            free_text=case.text,
            gp_name="Hilde Solberg",
            external_system=SYSTEM,
            external_id=case.key,
        )
    for code in case.flags:
        ReferralFlag.objects.update_or_create(
            referral=referral,
            code=code,
            defaults={"confirmed": True, "suggested": True, "reason": "text_cue"},
        )
    decision = Decision.objects.filter(referral=referral, corrects__isnull=True).first()
    if decision is None:
        decided = add_working_days(received, 8)
        extra: dict[str, Any] = {}
        if any(f.name == "clinic" for f in Decision._meta.get_fields()):
            extra["clinic"] = unit
        decision = Decision.objects.create(
            referral=referral,
            outcome=Outcome.RIGHT_GRANTED,
            decided_by=decider,
            decided_on=decided,
            care_deadline=decided + timedelta(weeks=12),
            care_what="Tverrfaglig utredning i pasientforløp for langvarige og sammensatte smerter.",
            care_where=unit.name,
            enters_pathway=True,
            **extra,
        )
    return decision


def _staff(unit: Clinic) -> dict[str, StaffMember]:
    by_profession: dict[str, StaffMember] = {}
    for member in StaffMember.objects.filter(clinic=unit, fixed_attachment=True).order_by("name"):
        by_profession.setdefault(member.profession, member)
    return by_profession


def _run(ctx: DemoContext, user: User, decision: Decision, case: Case) -> None:
    today = ctx.today
    unit = decision.referral.clinic
    staff = _staff(unit)
    team = [s for s in (staff.get(p) for p in ("doctor", "psychologist", "physiotherapist")) if s]
    if case.start is None:
        return

    def ago(days: int) -> date:
        return today - timedelta(days=days)

    pathway = services.start_pathway(
        user,
        decision,
        starts_on=ago(case.start),
        pain_since=ago(case.start + 800),
        complex_pain=True,
        coordinator=staff.get("nurse") or (team[0] if team else None),
    )
    Decision.objects.filter(pk=decision.pk, care_started_on__isnull=True).update(
        care_started_on=ago(case.start)
    )
    for member in team:
        services.add_team_member(user, pathway, member)
    interpreter = "interpreter" in case.flags or "trauma" in case.flags
    services.record_consultation(
        user,
        pathway,
        kind="mapping",
        held_on=ago(case.start - 3),
        delivery="individual",
        mode="in_person",
        clinicians=team[:1],
        interpreter_used=interpreter,
        note="Kartleggingssamtale.",
    )
    if case.assessment is not None:
        first = case.correction[0] if case.correction else case.assessment
        services.record_consultation(
            user,
            pathway,
            kind="assessment",
            held_on=ago(first),
            delivery="individual",
            mode="in_person",
            clinicians=team,
            interpreter_used=interpreter,
            note="Tverrfaglig utredning med lege, psykolog og fysioterapeut.",
            starts_assessment=True,
        )
        if case.correction is not None:
            event = pathway.events.get(code__meaning=EventMeaning.ASSESSMENT_START)
            services.correct_event(
                user, pathway, event, occurred_on=ago(case.assessment), reason=case.correction[1]
            )
        services.record_consultation(
            user,
            pathway,
            kind="assessment",
            held_on=ago(max(case.assessment - 14, 1)),
            delivery="individual",
            mode="in_person",
            clinicians=team[1:2] or team,
            interpreter_used=interpreter,
        )
        services.save_assessment(
            user,
            pathway,
            {
                "history": "Langvarige smerter, se henvisning. " + case.text,
                "physical_function": "Redusert gangdistanse og løftefunksjon.",
                "mental_function": "Lett nedstemt, god innsikt.",
                "patient_goals": "Å kunne gå tur med hunden og komme tilbake i arbeid.",
                "patient_expectations": "Forstå smertene bedre og få en plan.",
                "work_and_finances": "Sykmeldt 50 %, arbeidsavklaringspenger vurderes.",
                "trauma_treatment_considered": True if "trauma" in case.flags else None,
                "trauma_treatment_note": "Henvises til traumebehandling ved DPS."
                if "trauma" in case.flags
                else "",
                "conclusion": "Sammensatt smertetilstand; tverrfaglig oppfølging anbefales.",
            },
            complete=case.summary is not None,
            completed_on=ago(case.summary + 7) if case.summary is not None else None,
        )
    if case.summary is not None:
        held = ago(case.summary)
        services.hold_meeting(
            user,
            pathway,
            kind=MeetingKind.SUMMARY,
            held_on=held,
            mode="digital",
            patient_own_words="Jeg vil klare hverdagen bedre og komme tilbake i jobb, "
            "men er redd for å få mer vondt av trening.",
            discussion="Gjennomgang av utredningen. Enighet om gradert aktivitet og mestring.",
            participants=[
                services.ParticipantIn("patient"),
                services.ParticipantIn("gp", "Hilde Solberg"),
                services.ParticipantIn("nav", "NAV Lørenskog, veileder Ida Lie"),
                *(services.ParticipantIn("team", s.name, staff=s) for s in team[:2]),
            ],
            measures=[m for m in case.measures if m["kind"] != "medicine"],
            followup_on=services.suggested_followup_date(held, services.adaptations_of(pathway)),
        )
        for measure in case.measures:
            if measure["kind"] == "medicine":
                services.add_measure(user, pathway, measure)
    if case.followup is not None:
        booked = pathway.meetings.filter(status="booked").first()
        services.hold_meeting(
            user,
            pathway,
            kind=MeetingKind.FOLLOWUP,
            held_on=ago(case.followup),
            mode="in_person",
            patient_own_words="Jeg går lengre turer nå og er tilbake i 60 % stilling.",
            discussion="Planen videreføres i kommunen; smerteklinikken avslutter forløpet.",
            participants=[
                services.ParticipantIn("patient"),
                services.ParticipantIn("gp", "Hilde Solberg"),
                services.ParticipantIn("physiotherapist", "Kari Fysio, Lørenskog fysioterapi"),
                *(services.ParticipantIn("team", s.name, staff=s) for s in team[:1]),
            ],
            booked=booked,
        )
    if case.closed is not None:
        days, outcome = case.closed
        services.append_event(
            user,
            pathway,
            code=services.code_for(EventMeaning.CLOSED, outcome),
            occurred_on=ago(days),
        )
    if case.on_hold:
        services.set_on_hold(user, pathway, on_hold=True, reason=case.on_hold)


def _dispatch_summaries(ctx: DemoContext, user: User, pathway: Pathway) -> None:
    """Summaries of meetings held two weeks ago or more went out on the day of the meeting."""
    for meeting in pathway.meetings.filter(status="held", held_on__lte=ctx.today - timedelta(14)):
        for letter in letters.letters_for(meeting).defer("html", "pdf"):
            if letter.is_pending and letters.can_dispatch(user, letter):
                letters.mark_dispatched(user, letter)
                letter.dispatched_at = timezone.make_aware(
                    datetime.combine(letter.letter_date, time(15, 0))
                )
                letter.save(update_fields=["dispatched_at"])


def load(ctx: DemoContext) -> None:
    units = {u.name: u for u in Clinic.objects.filter(name__in=[AHUS, OUS])}
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["kliniker.ahus", "kliniker.ous", "inntak.ahus"])
    }
    if len(units) < 2 or "kliniker.ahus" not in users or "kliniker.ous" not in users:
        return  # the network and users come first (organisation and accounts demo)
    services.ensure_event_codes()  # seeded by migration; a flushed test database lacks them
    for seed, case in enumerate(CASES):
        unit = units[case.unit]
        user = users["kliniker.ahus"] if case.unit == AHUS else users["kliniker.ous"]
        decider = users.get("inntak.ahus", user)
        decision = _decision(ctx, unit, case, seed, decider)
        if Pathway.objects.filter(decision=decision).exists():
            continue
        _run(ctx, user, decision, case)
        pathway = Pathway.objects.filter(decision=decision).first()
        if pathway is not None:
            _dispatch_summaries(ctx, user, pathway)
    ctx.notes.append(
        "Forløp: kliniker.ahus ser enhetens pasientforløp i alle faser under «Forløp»."
    )
