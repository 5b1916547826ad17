"""Demo for FHIR import (issue 3): RESH-ids and HER-ids on the demo units, and two referrals that
arrive as FHIR Bundles (one JSON to Ahus by RESH-id, one XML to OUS by HER-id, urgent, with the
referral text as a document and an earlier date of receipt as from a forwarding).

The identifiers are invented (RESH-ids 99xxxxx, HER-ids 98xxxxx) and only set where a unit has
none, so real values entered by an administrator are never overwritten. The Bundles are imported
through the same service as the API and the CLI; running the demo again finds them as duplicates.
"""

from __future__ import annotations

from datetime import date

from painpath.demo.registry import DemoContext
from painpath.interop import fhir
from painpath.interop.samples import SampleReferral, build_bundle, to_json, to_xml
from painpath.interop.services import REFUSED, import_bundle
from painpath.organisation.demo import UNITS
from painpath.organisation.models import Clinic
from painpath.rules.working_days import add_working_days

ORDER = 35

AHUS = "Smerteklinikken, Ahus"
OUS = "Regionalt senter for smertebehandling, OUS"

OUS_TEXT = """Henvisning - viderehenvist fra Smerteklinikken, Sykehuset Østfold.

Kvinne med generaliserte muskel- og leddsmerter i over fem år, verst i nakke og skuldre, \
murrende og stikkende. Kan gå 15 min, trenger hvile etter husarbeid. Søvn: våkner av smerter.
Hypotyreose, angst. Bor alene, uføretrygdet 50 %. Faste medisiner: Levaxin, OxyContin 10 mg x 2 \
siden 2023 - økende dosebehov, pasienten ber om mer. Alkohol: sjelden.
Utredet ved revmatologisk poliklinikk 2024 uten funn av inflammatorisk sykdom. \
Fysioterapi og bassengtrening uten varig effekt.
Pasienten ønsker hjelp til nedtrapping og bedre funksjon i hverdagen."""


def unit_identifiers(index: int) -> tuple[str, str]:
    """Invented, clearly fake RESH-id and HER-id for the demo unit at ``index`` in ``UNITS``."""
    return f"99{index + 1:05d}", f"98{index + 1:05d}"


def load(ctx: DemoContext) -> None:
    units: dict[str, Clinic] = {}
    for index, (_region, _trust, name, _kind, _city) in enumerate(UNITS):
        unit = Clinic.objects.filter(name=name).first()
        if unit is None:
            continue
        resh, her = unit_identifiers(index)
        changed = []
        if not unit.resh_id:
            unit.resh_id = resh
            changed.append("resh_id")
        if not unit.her_id:
            unit.her_id = her
            changed.append("her_id")
        if changed:
            unit.save(update_fields=changed)
        units[name] = unit
    if AHUS not in units or OUS not in units:
        return

    ahus = SampleReferral(
        identifier="DEMO-FHIR-0001",
        birth_date=date(1979, 9, 14),
        individual=71,
        given_name="Siri",
        family_name="Fhirsen",
        unit_identifiers=[(fhir.RESH, units[AHUS].resh_id)],
        authored_on=ctx.today,
    )
    ous = SampleReferral(
        identifier="DEMO-FHIR-0002",
        birth_date=date(1966, 2, 2),
        individual=83,
        given_name="Randi",
        family_name="Bundesen",
        unit_identifiers=[(fhir.HER, units[OUS].her_id)],
        text=OUS_TEXT,
        text_as_document=True,
        priority="urgent",
        referrer_name=("Jon Vidar", "Holt"),
        referrer_hpr="9100076",
        referrer_organisation="Smerteklinikken, Sykehuset Østfold",
        referrer_her_id="9990202",
        referrer_is_gp=False,
        referrer_resh_id="9900006",
        gp_name="Thomas Nilsen",
        diagnosis_codes=[(fhir.ICD10, "M79.7"), (fhir.ICD10, "F41.1")],
    )
    forwarded = build_bundle(ous)
    received = add_working_days(ctx.today, -4)
    request = forwarded["entry"][-1]["resource"]
    request["extension"] = [{"url": fhir.EXT_RECEIVED_ON, "valueDate": received.isoformat()}]
    for raw, name in ((to_json(build_bundle(ahus)), "ahus.json"), (to_xml(forwarded), "ous.xml")):
        result = import_bundle(raw, filename=name, today=ctx.today)
        if result.outcome == REFUSED:
            raise RuntimeError(f"demo FHIR bundle {name} refused: {result.reasons}")
    ctx.notes.append(
        "FHIR: two referrals arrived as Bundles (Ahus, OUS); export one with "
        "GET /api/fhir/ServiceRequest/<id>, import with `painpath import-fhir FILE_OR_DIR`."
    )
