"""Write the FHIR test bundles of this folder, or N generated bundles for a folder import.

    python tests/data/fhir/generate.py                 # rewrite the fixed bundles below
    python tests/data/fhir/generate.py OUT_DIR N       # N bundles (JSON, every third XML) to OUT_DIR

Every patient has a synthetic identity number (accepted in demo/test mode only). The receiving
units are named by invented RESH-ids and HER-ids (999xxxx) that tests/interop/conftest.py gives
the test units.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from painpath.interop import fhir  # noqa: E402
from painpath.interop.samples import (  # noqa: E402
    SampleReferral,
    build_bundle,
    to_json,
    to_xml,
    write_bundles,
)

HERE = Path(__file__).resolve().parent
UNIT_A_RESH, UNIT_A_HER = "9990001", "9990011"
UNIT_B_RESH, UNIT_B_HER = "9990002", "9990012"
TINY_PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def fixed_bundles() -> dict[str, bytes]:
    first = build_bundle(
        SampleReferral(
            identifier="H-2026-0001",
            birth_date=date(1975, 4, 12),
            individual=11,
            given_name="Kari",
            family_name="Testesen",
            unit_identifiers=[(fhir.RESH, UNIT_A_RESH)],
            authored_on=date(2026, 11, 2),
        )
    )
    second = build_bundle(
        SampleReferral(
            identifier="H-2026-0002",
            birth_date=date(1968, 11, 3),
            individual=21,
            given_name="Ola",
            family_name="Prøvesen",
            unit_identifiers=[(fhir.HER, UNIT_A_HER)],
            text_as_document=True,
            priority="urgent",
            attachments=[("MR-beskrivelse.pdf", "application/pdf", TINY_PDF)],
            diagnosis_codes=[(fhir.ICD10, "M54.5"), (fhir.ICPC2, "L03")],
        )
    )
    # Every kind of problem at once: masked identity number, unknown unit, no referrer,
    # an unknown priority.
    many = build_bundle(
        SampleReferral(
            identifier="H-2026-0003",
            birth_date=date(1977, 3, 21),
            national_id="210377xxxxx",
            given_name="Espen",
            family_name="Eksempel",
            unit_identifiers=[(fhir.RESH, "1234567")],
        )
    )
    request = many["entry"][-1]["resource"]
    del request["requester"]
    request["priority"] = "high"
    # One bad resource (an Organization id with a space, as in HL7 Norway's HealthcareService
    # example) in an otherwise good bundle: nothing may be stored.
    one_bad = build_bundle(
        SampleReferral(
            identifier="H-2026-0004",
            birth_date=date(1981, 6, 30),
            individual=31,
            given_name="Nora",
            family_name="Eksempel",
            unit_identifiers=[(fhir.RESH, UNIT_B_RESH)],
        )
    )
    one_bad["entry"][2]["resource"]["id"] = "Storgata legesenter"
    return {
        "referral-unit-a.json": to_json(first),
        "referral-unit-a-document.xml": to_xml(second),
        "refused-many-problems.json": to_json(many),
        "refused-one-bad-resource.json": json.dumps(one_bad, ensure_ascii=False, indent=2).encode(),
    }


def main(argv: list[str]) -> None:
    if len(argv) == 2:
        written = write_bundles(Path(argv[0]), int(argv[1]), [(fhir.RESH, UNIT_A_RESH)])
        print(f"{len(written)} bundles written to {argv[0]}")
        return
    for name, content in fixed_bundles().items():
        (HERE / name).write_bytes(content)
        print(HERE / name)


if __name__ == "__main__":
    main(sys.argv[1:])
