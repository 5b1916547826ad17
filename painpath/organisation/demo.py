"""Demo network (DOMAIN.md D2): the four regional centres and eleven clinics, with invented staff.

Unit names and trusts are public facts; every person is invented. Helse Førde's clinic falls short
of the staffing rule (its psychologist has no fixed attachment) and one person at Ahus is overdue
for the yearly competence follow-up, so both warnings show.
"""

from __future__ import annotations

from datetime import timedelta

from painpath.demo.registry import DemoContext
from painpath.organisation.models import (
    Clinic,
    CollaborationAgreement,
    CollaborationPartner,
    HealthRegion,
    HospitalTrust,
    StaffMember,
)

ORDER = 10

REGIONS = [
    ("sor-ost", "Helse Sør-Øst"),
    ("vest", "Helse Vest"),
    ("midt", "Helse Midt-Norge"),
    ("nord", "Helse Nord"),
]

# (region code, trust, unit name, kind, city)
UNITS = [
    (
        "sor-ost",
        "Oslo universitetssykehus HF",
        "Regionalt senter for smertebehandling, OUS",
        "centre",
        "Oslo",
    ),
    ("sor-ost", "Akershus universitetssykehus HF", "Smerteklinikken, Ahus", "clinic", "Lørenskog"),
    (
        "sor-ost",
        "Sykehuset i Vestfold HF",
        "Smerteklinikken, Sykehuset i Vestfold",
        "clinic",
        "Tønsberg",
    ),
    (
        "sor-ost",
        "Sykehuset Innlandet HF",
        "Smerteklinikken, Sykehuset Innlandet",
        "clinic",
        "Lillehammer",
    ),
    ("sor-ost", "Sykehuset Telemark HF", "Smerteklinikken, Sykehuset Telemark", "clinic", "Skien"),
    ("sor-ost", "Sykehuset Østfold HF", "Smerteklinikken, Sykehuset Østfold", "clinic", "Grålum"),
    (
        "sor-ost",
        "Sørlandet sykehus HF",
        "Smerteklinikken, Sørlandet sykehus",
        "clinic",
        "Kristiansand",
    ),
    (
        "vest",
        "Helse Bergen HF",
        "Regionalt kompetansesenter for smerte, Haukeland",
        "centre",
        "Bergen",
    ),
    (
        "vest",
        "Helse Stavanger HF",
        "Smerteklinikken, Stavanger universitetssjukehus",
        "clinic",
        "Stavanger",
    ),
    ("vest", "Helse Førde HF", "Smerteklinikken, Helse Førde", "clinic", "Førde"),
    ("vest", "Helse Fonna HF", "Smerteklinikken, Helse Fonna", "clinic", "Haugesund"),
    ("midt", "St. Olavs hospital HF", "Smertesenteret, St. Olavs hospital", "centre", "Trondheim"),
    (
        "midt",
        "Helse Møre og Romsdal HF",
        "Smerteklinikken, Helse Møre og Romsdal",
        "clinic",
        "Ålesund",
    ),
    (
        "nord",
        "Universitetssykehuset Nord-Norge HF",
        "Smertesenteret, UNN Tromsø",
        "centre",
        "Tromsø",
    ),
    ("nord", "Nordlandssykehuset HF", "Smerteklinikken, Nordlandssykehuset", "clinic", "Bodø"),
]

CLINIC_OFFER = (
    "Tverrfaglig utredning og behandling av langvarige og sammensatte smertetilstander: "
    "kartlegging, samhandlingsmøter med fastlege og NAV, smertemestringsgrupper og fysioterapi."
)
CENTRE_OFFER = (
    "Regionalt smertesenter: tverrfaglig utredning og behandling av de mest sammensatte "
    "tilstandene, veiledning av regionens smerteklinikker, forskning og undervisning."
)

GIVEN = [
    "Kari",
    "Ola",
    "Ingrid",
    "Lars",
    "Marte",
    "Per",
    "Silje",
    "Jonas",
    "Hilde",
    "Anders",
    "Ragnhild",
    "Eirik",
    "Tone",
    "Magnus",
    "Liv",
    "Sindre",
    "Ane",
    "Torbjørn",
    "Vilde",
    "Håkon",
]
FAMILY = [
    "Nordmann",
    "Bakken",
    "Lien",
    "Strand",
    "Haugen",
    "Moen",
    "Dahl",
    "Berg",
    "Solberg",
    "Eide",
    "Vik",
    "Aas",
    "Lund",
    "Holm",
    "Rønning",
    "Fjeld",
    "Sæther",
    "Brekke",
    "Myhre",
]

SPECIALISATION = {
    "doctor": "Anestesiologi; kompetanseområde smertemedisin",
    "psychologist": "Klinisk psykologi, spesialist i helsepsykologi",
    "physiotherapist": "Psykomotorisk fysioterapi",
    "nurse": "Videreutdanning i smertebehandling",
    "social_worker": "Trygd og arbeidsrettet rehabilitering",
}


def demo_name(i: int) -> str:
    return f"{GIVEN[i % len(GIVEN)]} {FAMILY[(i * 7) % len(FAMILY)]}"


def _staff_for(unit: Clinic, index: int) -> list[tuple[str, bool]]:
    professions = ["doctor", "doctor", "psychologist", "physiotherapist", "nurse"]
    if unit.kind == "centre":
        professions += ["psychologist", "physiotherapist", "social_worker"]
    staff = [(p, True) for p in professions]
    if unit.trust.name == "Helse Førde HF":
        # Non-compliant on purpose: the psychologist is on loan, not attached (D2 warning).
        staff = [("doctor", True), ("psychologist", False), ("physiotherapist", True)]
    return staff


def load(ctx: DemoContext) -> None:
    regions = {}
    for order, (code, name) in enumerate(REGIONS):
        regions[code], _ = HealthRegion.objects.update_or_create(
            code=code, defaults={"name": name, "sort_order": order}
        )
    person = 0
    for index, (region, trust_name, unit_name, kind, city) in enumerate(UNITS):
        trust, _ = HospitalTrust.objects.update_or_create(
            name=trust_name, defaults={"region": regions[region]}
        )
        unit, _ = Clinic.objects.update_or_create(
            trust=trust,
            name=unit_name,
            defaults={
                "kind": kind,
                "offer": CENTRE_OFFER if kind == "centre" else CLINIC_OFFER,
                "address": city,
            },
        )
        for n, (profession, fixed) in enumerate(_staff_for(unit, index)):
            person += 1
            last_appraisal = ctx.today - timedelta(days=30 + (person * 37) % 300)
            if unit_name.endswith("Ahus") and n == 0:
                last_appraisal = ctx.today - timedelta(days=430)  # overdue (D2, ch. 6)
            StaffMember.objects.update_or_create(
                clinic=unit,
                name=demo_name(person),
                defaults={
                    "profession": profession,
                    "fixed_attachment": fixed,
                    "position_percent": 100 if fixed else 20,
                    "specialisations": SPECIALISATION.get(profession, ""),
                    "further_education": "Tverrfaglig smertebehandling (30 stp.)" if n % 2 else "",
                    "competence_plan": "Kurs i ACT og motiverende intervju; hospitering ved regionalt senter.",
                    "last_appraisal_on": last_appraisal,
                },
            )
        partners = [
            ("Fastlegene i opptaksområdet", "gp", True),
            ("NAV arbeidslivssenter", "nav", True),
            ("Frisklivssentralen", "healthy_life", False),
            ("DPS, allmennpsykiatrisk poliklinikk", "dps", True),
            ("TSB-poliklinikken", "tsb", False),
        ]
        for name, pkind, regular in partners:
            partner, _ = CollaborationPartner.objects.update_or_create(
                clinic=unit, name=name, defaults={"kind": pkind, "meets_regularly": regular}
            )
            if regular:
                CollaborationAgreement.objects.update_or_create(
                    partner=partner,
                    title="Samarbeidsavtale og faste samhandlingsmøter",
                    defaults={
                        "kind": "agreement",
                        "valid_from": ctx.today.replace(month=1, day=1),
                        "review_due_on": ctx.today.replace(month=12, day=31),
                    },
                )
