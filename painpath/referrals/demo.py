"""Demo referrals (D3, D8): to Ahus, OUS and Førde, through every channel, with varied completeness,
received over the last three weeks so that deadlines vary and some are overdue.

Every patient is invented and carries a synthetic identity number; every text is written for the
demo. Idempotent: each referral is keyed on its external id (system ``painpath-demo``) and is
created once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from painpath.accounts.models import User
from painpath.demo.registry import DemoContext
from painpath.organisation.models import Clinic
from painpath.referrals import services
from painpath.referrals.models import Channel, Referral, ReferralStatus, ReferrerRole
from painpath.rules.identity import synthetic_number
from painpath.rules.working_days import add_working_days

ORDER = 40

SYSTEM = "painpath-demo"
AHUS = "Smerteklinikken, Ahus"
OUS = "Regionalt senter for smertebehandling, OUS"
FORDE = "Smerteklinikken, Helse Førde"

# The demo referrer user (accounts/demo.py) and other invented referrers.
FASTLEGE = "fastlege"
REFERRERS = {
    "bakke": services.ReferrerIn(
        "Anne Bakke", ReferrerRole.HOSPITAL_DOCTOR, "9100021", "Nevrologisk avd., Sykehuset Østfold"
    ),
    "lunde": services.ReferrerIn("Erik Lunde", ReferrerRole.GP, "9100038", "Lillestrøm legesenter"),
    "nilsen": services.ReferrerIn("Thomas Nilsen", ReferrerRole.GP, "9100045", "Førde legekontor"),
    "haug": services.ReferrerIn(
        "Mona Haug", ReferrerRole.HOSPITAL_DOCTOR, "9100052", "Ortopedisk avd., Ahus", "8011223"
    ),
}


@dataclass(frozen=True)
class DemoReferral:
    key: str
    unit: str
    channel: str
    working_days_ago: int
    patient: tuple[str, str, date, str]  # given, family, born, GP
    referrer: str  # "fastlege" or a REFERRERS key
    free_text: str = ""
    items: dict[str, str] = field(default_factory=dict)
    serious: bool = False
    codes: str = ""
    status: str = ReferralStatus.RECEIVED


ANDERSEN_WEB = {
    "patient_view": "Ønsker å forstå smertene bedre og å komme tilbake i full jobb som sykepleier.",
    "pain_description": (
        "Konstante smerter i korsrygg med utstråling til venstre sete og lår siden vinteren 2024, "
        "verkende og tidvis stikkende, NRS 6–8."
    ),
    "physical_function": (
        "Går 2 km med pauser, klarer lett husarbeid. Kan ikke løfte pasienter på jobb. Sover "
        "4–5 timer."
    ),
    "comorbidity": "Lett astma. Søvnvansker pga. smerter. Ingen kjent psykisk lidelse.",
    "psychosocial": (
        "Samboer, to barn på 6 og 9 år. Sykepleier, 50 % sykmeldt siden mai, fast kontakt med NAV."
    ),
    "medication": (
        "Paracet 1 g x 3, Ibux 400 mg ved behov. Har brukt Tramadol i tre uker i fjor, seponert "
        "pga. kvalme."
    ),
    "dependence": "Ingen holdepunkter for avhengighet av legemidler eller rusmidler.",
    "alcohol_drugs": "Drikker 2–3 glass vin i uka. Ingen andre rusmidler.",
    "examinations": (
        "MR columna lumbalis (mars): lett skiveprolaps L5/S1 uten rotaffeksjon. Nevrologisk "
        "status normal."
    ),
    "previous_assessments": "Vurdert av ortoped på Ahus i april: ikke indikasjon for kirurgi.",
    "previous_treatments": (
        "Fysioterapi 12 ganger med noe effekt på bevegelighet, ikke på smerte. Kiropraktor "
        "uten effekt."
    ),
    "expectations": (
        "Ber om tverrfaglig vurdering og en plan for gradvis opptrapping i jobb. Pasienten håper "
        "på mindre smerter."
    ),
    "motivation": "Motivert for tverrfaglig tilnærming, også samtaler med psykolog.",
    "trauma": "Benekter traumatiske opplevelser.",
}

REFERRALS: tuple[DemoReferral, ...] = (
    DemoReferral(
        "web-01",
        AHUS,
        Channel.WEB,
        3,
        ("Kristin", "Andersen", date(1984, 4, 12), "Hilde Solberg"),
        FASTLEGE,
        items=ANDERSEN_WEB,
        codes="L03, M54.5",
    ),
    DemoReferral(
        "web-02",
        AHUS,
        Channel.WEB,
        12,
        ("Jonas", "Lie", date(2005, 2, 3), "Hilde Solberg"),
        FASTLEGE,
        items={
            "pain_description": (
                "Hodepine og nakkesmerter daglig i snart to år, trykkende, verst om ettermiddagen."
            ),
            "psychosocial": (
                "Bor hos mor. Har falt ut av videregående skole og har ikke jobb. Lite venner."
            ),
            "medication": "Paracet og Ibux nesten daglig. Har prøvd Sumatriptan uten effekt.",
            "expectations": "Ønsker en vurdering av medikamentoverforbrukshodepine og en plan.",
        },
        codes="N02",
    ),
    DemoReferral(
        "web-03",
        AHUS,
        Channel.WEB,
        1,
        ("Bjørg", "Halvorsen", date(1951, 9, 30), "Hilde Solberg"),
        FASTLEGE,
        items={
            "pain_description": (
                "Brennende smerter i begge føtter og legger siden 2022, verst om natten."
            ),
            "comorbidity": "Diabetes type 2, hypertensjon, atrieflimmer. Sover dårlig.",
            "medication": (
                "Metformin, Eliquis, Amlodipin, Sarotex 25 mg vesp., OxyNorm 5 mg x 2 ved behov, "
                "Sobril 10 mg vesp."
            ),
            "examinations": "Nevrografi: sensorimotorisk polynevropati. HbA1c 58.",
            "expectations": "Ønsker råd om legemidler og nedtrapping av Sobril og OxyNorm.",
        },
    ),
    DemoReferral(
        "web-04",
        OUS,
        Channel.WEB,
        6,
        ("Amir", "Rahimi", date(1979, 11, 18), "Hilde Solberg"),
        FASTLEGE,
        items={
            "patient_view": "Ønsker å klare å være sammen med barna uten å være så sliten.",
            "pain_description": (
                "Utbredte smerter i nakke, skuldre og rygg i ti år, brennende og verkende."
            ),
            "psychosocial": (
                "Gift, fire barn. Kom til Norge som flyktning i 2015. Uføretrygdet 50 %."
            ),
            "trauma": (
                "Opplevde krig og fengsling i hjemlandet. Har mareritt. Snakker lite norsk, "
                "trenger tolk (dari)."
            ),
            "motivation": "Motivert, men usikker på hva smerteklinikken kan tilby.",
        },
    ),
    DemoReferral(
        "paper-01",
        AHUS,
        Channel.PAPER,
        14,
        ("Per", "Olsen", date(1968, 1, 22), "Erik Lunde"),
        "lunde",
        free_text=(
            "Henvisning til smerteklinikk\n\n"
            "56 år gammel mann med kroniske smerter i høyre skulder og arm etter fall på jobb for "
            "tre år siden. Smertene er brennende og stikkende, med nummenhet i fingrene.\n"
            "Operert for rotatorcuffruptur 2022. Ortoped mener det ikke er mer å gjøre kirurgisk.\n"
            "Medisiner: Paracet, Lyrica 150 mg x 2, Tramadol 50 mg x 3.\n"
            "Arbeider som snekker, sykmeldt 100 % siden januar. AAP søkt.\n"
            "Takk for hjelpen.\n\nErik Lunde, fastlege"
        ),
        codes="L92",
    ),
    DemoReferral(
        "paper-02",
        FORDE,
        Channel.PAPER,
        9,
        ("Ingrid", "Sæther", date(1990, 7, 7), "Thomas Nilsen"),
        "nilsen",
        free_text=(
            "Tilvising til smerteklinikken\n\n"
            "Kvinne, 34 år. Smerter i bekken og korsrygg sidan fødsel for to år sidan, verkande "
            "og stikkande. Klarer ikkje å gå meir enn 500 meter.\n"
            "Tidlegare behandling: fysioterapi med lite effekt, bekkenbelte utan effekt.\n"
            "Sosialt: gift, to små born, i permisjon frå jobb som lærar.\n"
            "Ingen rus. Drikk ikkje alkohol.\n"
            "Ho ønskjer hjelp til å meistre smertene og kome tilbake i jobb.\n"
            "Motivert for tverrfagleg utgreiing.\n\nThomas Nilsen, fastlege"
        ),
    ),
    DemoReferral(
        "ereferral-01",
        AHUS,
        Channel.E_REFERRAL,
        11,
        ("Ole", "Berntsen", date(1974, 3, 3), "Erik Lunde"),
        "bakke",
        free_text=(
            "Nevrologisk avdeling – henvisning til tverrfaglig smerteklinikk\n\n"
            "Problemstilling: Trigeminusnevralgi venstre side, terapiresistent.\n"
            "Sykehistorie: Anfall av jagende, elektriske smerter i venstre kjeve og kinn siden "
            "2021, utløst av tygging og berøring.\n"
            "Undersøkelser: MR caput med angio: ingen nevrovaskulær kompresjon. Normal nevrologisk "
            "status.\n"
            "Vurdering: Klassisk trigeminusnevralgi. Vi har ikke mer å tilby fra nevrologisk side.\n"
            "Tidligere behandling: Tegretol ga god effekt første år, nå avtagende; Trileptal ga "
            "hyponatremi.\n"
            "Medikamenter: Tegretol 400 mg x 2.\n"
            "Rus: Ingen alkohol. Ingen holdepunkter for avhengighet.\n"
            "Komorbiditet: Depresjon, behandlet av DPS 2019. Søvn forstyrret av anfall.\n"
            "Spørsmål: Vurdering av videre medikamentell behandling og eventuelt nevrokirurgisk "
            "vurdering.\n\nAnne Bakke, overlege"
        ),
        codes="G50.0",
        status=ReferralStatus.UNDER_ASSESSMENT,
    ),
    DemoReferral(
        "ereferral-02",
        AHUS,
        Channel.E_REFERRAL,
        2,
        ("Hanne", "Vik", date(1987, 12, 1), "Erik Lunde"),
        "lunde",
        free_text=(
            "Henvisning\n\n"
            "37 år gammel kvinne med magesmerter og vekttap på 8 kg siste tre måneder. Smertene "
            "sitter i øvre del av magen, konstante, verkende, verst om natten.\n"
            "Gastroskopi normal. CT abdomen bestilt.\n"
            "Ber om rask vurdering, mistenker alvorlig sykdom.\n"
            "Medisiner: Paracet, Somac.\n"
            "Erik Lunde, fastlege"
        ),
        serious=True,
        codes="D01",
    ),
    DemoReferral(
        "ereferral-03",
        OUS,
        Channel.E_REFERRAL,
        13,
        ("Sigrid", "Moe", date(1958, 5, 25), "Erik Lunde"),
        "haug",
        free_text=(
            "Ortopedisk avdeling, Ahus\n\n"
            "66 år gammel kvinne med komplekst regionalt smertesyndrom (CRPS) i høyre hånd etter "
            "distal radiusfraktur for fem måneder siden. Hånden er hoven, misfarget og svært "
            "berøringsømfintlig; brennende smerter.\n"
            "Funksjon: Klarer ikke å kle på seg selv eller lage mat med høyre hånd.\n"
            "Behandlet med ergoterapi og speilterapi uten effekt. Prednisolonkur ga forbigående "
            "bedring.\n"
            "Bruker Paracet og OxyContin 10 mg x 2, og Imovane for søvn.\n"
            "Bor alene, enke. Datteren hjelper til.\n"
            "Vi ber om rask vurdering ved regionalt senter, tilstanden progredierer.\n"
            "Pasienten er svært motivert og ønsker å få tilbake funksjon i hånden.\n\n"
            "Mona Haug, overlege"
        ),
        codes="M89.0",
    ),
    DemoReferral(
        "ereferral-04",
        FORDE,
        Channel.E_REFERRAL,
        4,
        ("Lars", "Rønning", date(1962, 10, 14), "Thomas Nilsen"),
        "nilsen",
        free_text=(
            "Tilvising\n\n"
            "62 år gamal mann med kroniske nakkesmerter og hovudverk etter nakkeslengskade i 2015.\n"
            "Bruker OxyNorm 10 mg x 4 og Sobril, har auka dosen sjølv. Mistanke om "
            "opioidavhengigheit. Drikk 4–5 øl i helga.\n"
            "Ønskjer hjelp til nedtrapping.\n"
            "Thomas Nilsen, fastlege"
        ),
    ),
    DemoReferral(
        "fhir-01",
        OUS,
        Channel.FHIR,
        8,
        ("Tone", "Eriksen", date(1995, 8, 19), "Erik Lunde"),
        "lunde",
        free_text=(
            "Pasientens ønske: Vil klare å fullføre mastergraden.\n"
            "Smerter: Kroniske bekkensmerter og smerter ved samleie i fem år, brennende.\n"
            "Funksjon: Studerer 50 %, klarer ikke å sitte lenge.\n"
            "Andre sykdommer: Endometriose, angst. Sover dårlig.\n"
            "Sosialt: Student, bor med kjæreste. Får AAP.\n"
            "Legemidler: Visanne, Paracet, tidligere prøvd Lyrica med bivirkninger.\n"
            "Rus: Drikker lite, ingen rusmidler. Ingen avhengighet.\n"
            "Undersøkelser: Laparoskopi 2023 med eksisjon av endometriose.\n"
            "Tidligere vurdert av gynekolog og smertefysioterapeut; bekkenbunnsfysioterapi hjalp "
            "noe.\n"
            "Forventninger: Ber om tverrfaglig vurdering og plan for smertemestring.\n"
            "Motivasjon: Svært motivert for tverrfaglig behandling.\n"
            "Traumer: Opplyser om seksuelt overgrep i ungdommen, har gått i traumebehandling."
        ),
        codes="N80.9",
        status=ReferralStatus.UNDER_ASSESSMENT,
    ),
    DemoReferral(
        "paper-03",
        AHUS,
        Channel.PAPER,
        7,
        ("Emma", "Nguyen", date(2009, 4, 2), "Erik Lunde"),
        "lunde",
        free_text=(
            "Henvisning\n\n"
            "17 år gammel jente med langvarige magesmerter og hodepine, mye skolefravær siste "
            "år. Smertene er diffuse, verkende, daglig.\n"
            "Utredet hos barnelege, ingen organisk årsak funnet.\n"
            "Bor med foreldre og to søsken.\n"
            "Ønsker vurdering av tverrfaglig tilbud.\n"
            "Erik Lunde, fastlege"
        ),
    ),
    DemoReferral(
        "web-05",
        FORDE,
        Channel.WEB,
        5,
        ("Martin", "Aasen", date(2003, 1, 9), "Hilde Solberg"),
        FASTLEGE,
        items={
            "patient_view": "Vil tilbake på studiet og fotballen.",
            "pain_description": "Smerter i venstre kne og legg etter korsbåndsoperasjon, brennende.",
            "physical_function": "Går med krykker, kan ikke løpe.",
            "psychosocial": "Student, har avbrutt semesteret. Bor i kollektiv.",
            "medication": "Paracet og Ibux.",
            "dependence": "Ingen avhengighet.",
            "alcohol_drugs": "Drikker i helgene, ingen andre rusmidler.",
            "examinations": "MR kne: godt innvokst graft. Mistanke om CRPS.",
            "previous_treatments": "Fysioterapi to ganger i uka, lite fremgang.",
            "expectations": "Ber om rask vurdering pga. mistenkt CRPS.",
            "motivation": "Svært motivert.",
        },
    ),
    DemoReferral(
        "paper-04",
        OUS,
        Channel.PAPER,
        15,
        ("Geir", "Dahl", date(1970, 6, 6), "Erik Lunde"),
        "bakke",
        free_text=(
            "Nevrologisk avdeling\n\n"
            "Postherpetisk nevralgi thorakalt venstre side etter helvetesild for ett år siden. "
            "Brennende, konstante smerter, allodyni.\n"
            "Prøvd Lyrica, Sarotex og lidokainplaster med moderat effekt.\n"
            "Ingen holdepunkter for rus eller avhengighet. Drikker sjelden alkohol.\n"
            "Jobber fullt som ingeniør, gift.\n"
            "Ønsker vurdering av Qutenza-behandling.\n\nAnne Bakke, overlege"
        ),
        codes="B02.2",
    ),
)


def _referrer(spec: DemoReferral, fastlege: User | None) -> services.Referrer | None:
    if spec.referrer == FASTLEGE:
        return services.referrer_for_user(fastlege) if fastlege is not None else None
    return services.resolve_referrer(**REFERRERS[spec.referrer].__dict__)


def load(ctx: DemoContext) -> None:
    units = {u.name: u for u in Clinic.objects.filter(name__in={AHUS, OUS, FORDE})}
    fastlege = User.objects.filter(username=FASTLEGE).first()
    created = 0
    for n, spec in enumerate(REFERRALS):
        if spec.unit not in units:
            continue
        if Referral.objects.filter(external_system=SYSTEM, external_id=spec.key).exists():
            continue
        referrer = _referrer(spec, fastlege)
        if referrer is None:
            continue
        given, family, born, gp = spec.patient
        patient = services.resolve_patient(
            national_id=synthetic_number(born, 200 + n * 13),
            given_name=given,
            family_name=family,
            gp_name=gp,
        )
        referral = services.receive_referral(
            patient=patient,
            clinic=units[spec.unit],
            referrer=referrer,
            channel=spec.channel,
            received_on=add_working_days(ctx.today, -spec.working_days_ago),
            item_texts=spec.items or None,
            free_text=spec.free_text,
            serious_illness_suspected=spec.serious,
            diagnosis_codes=spec.codes,
            gp_name=gp,
            external_system=SYSTEM,
            external_id=spec.key,
        )
        if spec.status != ReferralStatus.RECEIVED:
            Referral.objects.filter(pk=referral.pk).update(status=spec.status)
        created += 1
    _demo_question(fastlege)
    if created:
        ctx.notes.append(f"Referrals: {created} demo referrals to Ahus, OUS and Førde.")


def _demo_question(fastlege: User | None) -> None:
    """One question from Ahus's intake team to the demo GP, for the status page."""
    from painpath.intake.models import AddressedTo, InformationRequest

    referral = Referral.objects.filter(external_system=SYSTEM, external_id="web-02").first()
    asker = User.objects.filter(username="inntak.ahus").first()
    if referral is None or asker is None or fastlege is None:
        return
    InformationRequest.objects.get_or_create(
        referral=referral,
        addressed_to=AddressedTo.REFERRER,
        question=(
            "Kan du beskrive pasientens fysiske funksjon og hvordan han selv ser på situasjonen? "
            "Er han motivert for tverrfaglig utredning?"
        ),
        defaults={
            "asked_by": asker,
            "items": ["physical_function", "patient_view", "motivation"],
        },
    )
