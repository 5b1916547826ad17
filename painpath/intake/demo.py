"""Demo intake (issue 4): views and decisions on demo referrals at Ahus, so that the worklist shows
both lists — undecided referrals (some overdue, one with a question to the referrer) and granted
rights waiting for care (one near its deadline, one breached) — plus a decision that departs from
the priority guideline with a justification, a refusal, and a referral forwarded Ahus → OUS.

Uses the referrals app's demo referrals (ORDER 40) when they are there, and registers its own
demo referrals otherwise (idempotent through their external identifier).
"""

from __future__ import annotations

from datetime import date

from painpath.accounts.models import User
from painpath.demo.registry import DemoContext
from painpath.intake import services
from painpath.intake.models import (
    AssessmentView,
    Decision,
    ForwardingRecord,
    InformationRequest,
    Outcome,
    PriorityRule,
)
from painpath.intake.services import ensure_seed_priority_rules
from painpath.organisation.models import Clinic
from painpath.patients.models import Patient
from painpath.referrals.models import Referral, Referrer
from painpath.rules.identity import synthetic_number
from painpath.rules.working_days import add_working_days

ORDER = 50

AHUS = "Smerteklinikken, Ahus"
OUS = "Regionalt senter for smertebehandling, OUS"
SYSTEM = "urn:painpath:demo:intake"

# key, given, family, birth date, working days since received, serious, text
CASES = [
    (
        "overdue",
        "Ola",
        "Oppdiktet",
        date(1971, 4, 2),
        13,
        False,
        "Henviser 53 år gammel mann med kroniske korsryggsmerter i 3 år, utstråling til venstre "
        "bein, brennende karakter. Har prøvd fysioterapi uten effekt. Bruker paracetamol og "
        "tramadol. MR lumbalcolumna 2024: degenerative forandringer, ingen prolaps. Sykmeldt 100 %. "
        "Ønsker tverrfaglig vurdering.",
    ),
    (
        "question",
        "Kari",
        "Konstruert",
        date(1984, 9, 19),
        7,
        False,
        "Kvinne 41 år med utbredte muskelsmerter og søvnvansker. Bruker amitriptylin 10 mg. "
        "Henvises for vurdering.",
    ),
    (
        "open_new",
        "Per",
        "Plassholder",
        date(1958, 1, 8),
        2,
        True,
        "Mann 68 år med raskt tiltagende smerter i thorax og rygg siste 6 uker, vekttap 6 kg og "
        "nattlige smerter. Mistanke om alvorlig sykdom, ber om rask vurdering. Bruker oksykodon "
        "5 mg x 4. Tidligere frisk. Ingen rus. Bor med kone, pensjonist.",
    ),
    (
        "open_young",
        "Lise",
        "Liksom",
        date(2004, 2, 27),
        4,
        False,
        "21 år gammel kvinne med hodepine og nakkesmerter etter whiplash for 8 måneder siden. "
        "Har falt ut av studiet. Paracetamol ved behov. Fysioterapi med noe effekt. "
        "Pasienten ønsker hjelp til å komme tilbake til studiene og er motivert for tverrfaglig "
        "utredning.",
    ),
    (
        "deviation",
        "Tor",
        "Tenkt",
        date(1990, 11, 11),
        9,
        False,
        "34 år gammel mann med CRPS i høyre hånd etter håndleddsbrudd for 4 måneder siden, "
        "tiltagende hevelse, fargeforandringer og allodyni. Bruker pregabalin. Jobber som snekker, "
        "sykmeldt. Ønsker rask hjelp.",
    ),
    (
        "breach",
        "Siri",
        "Skisse",
        date(1966, 6, 30),
        100,
        False,
        "Kvinne 59 år med postherpetisk nevralgi thorakalt venstre side i 14 måneder. Lidokain "
        "plaster og gabapentin uten tilstrekkelig effekt. Redusert søvn. Bor alene.",
    ),
    (
        "no_right",
        "Geir",
        "Gjetning",
        date(1979, 3, 3),
        30,
        False,
        "Mann 46 år med lette, periodevise knesmerter etter fotball. God funksjon, i full jobb. "
        "Ønsker vurdering av smertebehandling.",
    ),
    (
        "forwarded",
        "Mona",
        "Modell",
        date(1988, 8, 8),
        5,
        False,
        "Kvinne 37 år med trigeminusnevralgi og atypiske ansiktssmerter, vurdert av nevrolog og "
        "kjevekirurg. Karbamazepin med bivirkninger. Ønsker vurdering ved regionalt senter.",
    ),
]


def _patient(unit: Clinic, given: str, family: str, born: date, seed: int) -> Patient:
    existing = Patient.objects.filter(given_name=given, family_name=family, birth_date=born).first()
    if existing is not None:
        return existing
    return Patient.objects.create(
        national_id=synthetic_number(born, 300 + seed * 7),
        id_kind="synthetic",
        given_name=given,
        family_name=family,
        birth_date=born,
        gp_name="Hilde Solberg",
        gp_hpr_number="9144889",
        gp_practice="Storgata legesenter",
        registered_by=unit,
    )


def _referrer() -> Referrer:
    user = User.objects.filter(username="fastlege").first()
    referrer, _ = Referrer.objects.get_or_create(
        hpr_number="9144889",
        name="Hilde Solberg",
        defaults={"role": "gp", "organisation": "Storgata legesenter", "user": user},
    )
    return referrer


def _received(today: date, working_days_ago: int) -> date:
    return add_working_days(today, -working_days_ago)


def _referrals(ctx: DemoContext, unit: Clinic) -> dict[str, Referral]:
    from painpath.referrals.services import receive_referral

    referrer = _referrer()
    found: dict[str, Referral] = {}
    for n, (key, given, family, born, ago, serious, text) in enumerate(CASES):
        referral = Referral.objects.filter(external_system=SYSTEM, external_id=key).first()
        if referral is None:
            referral = receive_referral(
                patient=_patient(unit, given, family, born, n),
                clinic=unit,
                referrer=referrer,
                channel="web" if n % 2 == 0 else "e_referral",
                received_on=_received(ctx.today, ago),
                free_text=text,
                serious_illness_suspected=serious,
                external_system=SYSTEM,
                external_id=key,
            )
        found[key] = referral
    return found


def _rule(code: str) -> PriorityRule:
    return PriorityRule.objects.get(code=code, active=True)


def _view(
    referral: Referral, user: User, outcome: str, weeks: int | None, rule: str, why: str
) -> None:
    if AssessmentView.objects.filter(referral=referral, member=user).exists():
        return
    if referral.status not in services.OPEN_STATUSES:
        return
    services.record_view(
        user,
        referral,
        proposed_outcome=outcome,
        proposed_weeks=weeks,
        priority_rule=_rule(rule),
        reasoning=why,
    )


def _decide(
    referral: Referral, user: User, data: services.DecisionInput, day: date
) -> Decision | None:
    if Decision.objects.filter(referral=referral).exists():
        return None
    return services.decide(user, referral, data, day=day)


def load(ctx: DemoContext) -> None:
    ahus = Clinic.objects.filter(name=AHUS).first()
    ous = Clinic.objects.filter(name=OUS).first()
    lars = User.objects.filter(username="inntak.ahus").first()
    ingrid = User.objects.filter(username="psykolog.ahus").first()
    if ahus is None or ous is None or lars is None or ingrid is None:
        return  # the network and users come first (organisation and accounts demo)
    ensure_seed_priority_rules()
    cases = _referrals(ctx, ahus)
    today = ctx.today

    # An information request: the clock keeps running.
    question = cases["question"]
    _view(
        question,
        ingrid,
        Outcome.RIGHT_GRANTED,
        16,
        "chronic_complex_substance_psychiatric",
        "Mulig fibromyalgi med søvnvansker; trenger mer om psykisk helse og tidligere tiltak.",
    )
    if not InformationRequest.objects.filter(referral=question).exists():
        services.ask_for_information(
            lars,
            question,
            items=["psychosocial", "previous_treatments", "expectations"],
            question=(
                "Kan du beskrive arbeidssituasjon og sosialt nettverk, hvilke behandlinger som er "
                "prøvd og hva pasienten forventer av oss?"
            ),
        )

    _view(
        cases["open_young"],
        ingrid,
        Outcome.RIGHT_GRANTED,
        2,
        "subacute_chronification_risk",
        "Ung voksen, falt ut av studiet: kort frist og fokus på skole/arbeid.",
    )

    # Right granted with a departure from the guideline (a later deadline), justified.
    deviation = cases["deviation"]
    _view(
        deviation,
        ingrid,
        Outcome.RIGHT_GRANTED,
        2,
        "subacute_chronification_risk",
        "CRPS i progresjon: rett og kort frist etter veilederen.",
    )
    dev_day = add_working_days(deviation.received_on, 8)
    _decide(
        deviation,
        lars,
        services.DecisionInput(
            outcome=Outcome.RIGHT_GRANTED,
            priority_rule=_rule("subacute_chronification_risk"),
            care_deadline=add_working_days(today, 10),
            care_what="Tverrfaglig utredning (lege og fysioterapeut), oppstart av CRPS-behandling.",
            care_when="Innkalling kommer innen fristen",
            care_where=AHUS,
            enters_pathway=True,
            deviation_justification=(
                "Pasienten er allerede i tett oppfølging hos håndkirurg og ergoterapeut; første "
                "time hos oss samordnes med kontrollen der, noen dager etter foreslått frist."
            ),
        ),
        dev_day,
    )

    # Right granted, care deadline already passed without care: a recorded breach.
    breach = cases["breach"]
    breach_day = add_working_days(breach.received_on, 9)
    _decide(
        breach,
        lars,
        services.DecisionInput(
            outcome=Outcome.RIGHT_GRANTED,
            priority_rule=_rule("chronic_complex_known_cause"),
            care_deadline=services.suggested_care_deadline(breach.received_on, 16),
            care_what="Tverrfaglig utredning",
            care_where=AHUS,
            enters_pathway=True,
        ),
        breach_day,
    )
    services.check_deadlines(today)

    # No right, with justification and advice.
    refusal = cases["no_right"]
    _view(
        refusal,
        ingrid,
        Outcome.NO_RIGHT,
        None,
        "long_lasting_manageable_elsewhere",
        "Lette plager med god funksjon; kan følges opp hos fastlege og fysioterapeut.",
    )
    _decide(
        refusal,
        lars,
        services.DecisionInput(
            outcome=Outcome.NO_RIGHT,
            priority_rule=_rule("long_lasting_manageable_elsewhere"),
            justification=(
                "Periodevise knesmerter med god funksjon og full arbeidsevne; ingen tegn til "
                "kompleks smertetilstand."
            ),
            advice="Gradert trening med fysioterapeut; ny henvisning ved forverring.",
            municipal_guidance_helpful=True,
        ),
        add_working_days(refusal.received_on, 7),
    )

    # Forwarded Ahus → OUS: OUS sees it in its worklist, with where it came from.
    forwarded = cases["forwarded"]
    if not ForwardingRecord.objects.filter(referral=forwarded).exists():
        _decide(
            forwarded,
            lars,
            services.DecisionInput(
                outcome=Outcome.FORWARDED,
                forwarded_to=ous,
                justification="Ansiktssmerter: vurderes best ved regionalt senter.",
            ),
            add_working_days(forwarded.received_on, 2),
        )
    ctx.notes.append(
        "Intake: inntak.ahus sees the worklist (Arbeidsliste); inntak.ous sees the referral "
        "forwarded from Ahus."
    )
