"""Building FHIR R4 referral Bundles the way a GP's record system sends them: for the demo, the
tests and the folder-import generator. Patients carry synthetic identity numbers only."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from painpath.interop import fhir
from painpath.rules.identity import synthetic_number

SENDER_SYSTEM = "urn:oid:2.16.578.1.12.4.1.2.999001"  # the sending EPJ's referral ids (invented)

REFERRAL_TEXT = """Henvisning til tverrfaglig smerteklinikk.

Pasienten har hatt langvarige smerter i korsrygg med utstråling til venstre legg i over to år, \
brennende og verkende karakter, VAS 7. Gangdistanse ca. 500 meter, sitter maks 30 minutter.

Komorbiditet: depresjon, behandlet hos DPS 2022. Søvnproblemer med 2-3 oppvåkninger hver natt.
Sosialt: gift, to barn. Sykmeldt 100 % fra jobb som hjelpepleier siden mars, oppfølging fra NAV.
Faste medisiner: Paracet 1 g x 4, Sarotex 25 mg vesp. Tidligere brukt Tramadol uten effekt.
Ingen kjent rus eller avhengighet. Alkohol: 2-3 enheter i uken.
MR LS-columna 2025: degenerative forandringer, ingen rotaffeksjon. Vurdert av ortoped, ikke \
operasjonsindikasjon. Fysioterapi i 6 måneder med liten effekt.

Pasienten ønsker hjelp til å mestre smertene og komme tilbake i arbeid, og er motivert for \
tverrfaglig utredning. Vi forventer en helhetlig vurdering og råd om videre oppfølging."""


@dataclass
class SampleReferral:
    identifier: str
    birth_date: date
    given_name: str
    family_name: str
    unit_identifiers: Sequence[tuple[str, str]]
    unit_name: str = ""
    individual: int = 1
    national_id: str = ""  # default: a synthetic number from birth_date and individual
    text: str = REFERRAL_TEXT
    text_as_document: bool = False
    referrer_name: tuple[str, str] = ("Hilde", "Solberg")
    referrer_hpr: str = "9144889"
    referrer_organisation: str = "Storgata legesenter"
    referrer_her_id: str = "9990101"
    referrer_is_gp: bool = True  # else a hospital doctor (Overlege) at a unit with a RESH-id
    referrer_resh_id: str = ""
    gp_name: str = "Hilde Solberg"
    phone: str = "+4791234567"
    priority: str = "routine"
    authored_on: date | None = None
    diagnosis_codes: Sequence[tuple[str, str]] = (("urn:oid:2.16.578.1.12.4.1.1.7170", "L03"),)
    attachments: Sequence[tuple[str, str, bytes]] = field(default_factory=tuple)
    system: str = SENDER_SYSTEM

    def number(self) -> str:
        if self.national_id:
            return self.national_id
        return synthetic_number(self.birth_date, self.individual)


def _uuid(identifier: str, part: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{identifier}/{part}')}"


def _entry(full_url: str, resource: dict[str, Any]) -> dict[str, Any]:
    return {
        "fullUrl": full_url,
        "resource": resource,
        "request": {"method": "POST", "url": resource["resourceType"]},
    }


def build_bundle(sample: SampleReferral) -> dict[str, Any]:
    """A transaction Bundle: Patient, Practitioner, PractitionerRole, two Organizations,
    ServiceRequest and, when asked, DocumentReferences."""
    ids = {
        part: _uuid(sample.identifier, part)
        for part in ("patient", "practitioner", "role", "practice", "unit", "request", "text")
    }
    given, family = sample.referrer_name
    entries = [
        _entry(
            ids["patient"],
            {
                "resourceType": "Patient",
                "meta": {"profile": ["http://hl7.no/fhir/StructureDefinition/no-basis-Patient"]},
                "identifier": [{"system": fhir.FNR, "value": sample.number()}],
                "name": [{"family": sample.family_name, "given": [sample.given_name]}],
                "telecom": [{"system": "phone", "value": sample.phone, "use": "mobile"}],
                # The referring GP is the patient's GP; a hospital referrer is not.
                "generalPractitioner": [
                    {"reference": ids["practitioner"], "display": sample.gp_name}
                    if sample.referrer_is_gp
                    else {"display": sample.gp_name}
                ],
            },
        ),
        _entry(
            ids["practitioner"],
            {
                "resourceType": "Practitioner",
                "meta": {
                    "profile": ["http://hl7.no/fhir/StructureDefinition/no-basis-Practitioner"]
                },
                "identifier": [{"system": fhir.HPR, "value": sample.referrer_hpr}],
                "name": [{"family": family, "given": [given]}],
                "qualification": [
                    {
                        "code": {
                            "coding": [
                                {
                                    "system": fhir.HEALTH_PERSONNEL_CATEGORY,
                                    "code": "LE",
                                    "display": "Lege",
                                }
                            ]
                        }
                    },
                    *(
                        [
                            {
                                "code": {
                                    "coding": [
                                        {
                                            "system": fhir.HPR_SPECIALTY,
                                            "code": fhir.HPR_SPECIALTY_GP,
                                            "display": "Allmennmedisin",
                                        }
                                    ]
                                }
                            }
                        ]
                        if sample.referrer_is_gp
                        else []
                    ),
                ],
            },
        ),
        _entry(
            ids["practice"],
            {
                "resourceType": "Organization",
                "identifier": [
                    {"system": fhir.HER, "value": sample.referrer_her_id},
                    *(
                        [{"system": fhir.RESH, "value": sample.referrer_resh_id}]
                        if sample.referrer_resh_id
                        else []
                    ),
                ],
                "name": sample.referrer_organisation,
            },
        ),
        _entry(
            ids["role"],
            {
                "resourceType": "PractitionerRole",
                "practitioner": {"reference": ids["practitioner"]},
                "organization": {"reference": ids["practice"]},
                "code": [{"text": "Fastlege" if sample.referrer_is_gp else "Overlege"}],
            },
        ),
        _entry(
            ids["unit"],
            {
                "resourceType": "Organization",
                "identifier": [{"system": s, "value": v} for s, v in sample.unit_identifiers],
                **({"name": sample.unit_name} if sample.unit_name else {}),
            },
        ),
    ]
    request: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "identifier": [{"system": sample.system, "value": sample.identifier}],
        "status": "active",
        "intent": "order",
        "priority": sample.priority,
        "subject": {"reference": ids["patient"]},
        "requester": {"reference": ids["role"]},
        "performer": [{"reference": ids["unit"]}],
        "reasonCode": [{"coding": [{"system": s, "code": c}]} for s, c in sample.diagnosis_codes],
    }
    if sample.authored_on is not None:
        request["authoredOn"] = sample.authored_on.isoformat()
    documents = []
    if sample.text_as_document:
        documents.append(("text/plain; charset=utf-8", "Henvisning", sample.text.encode()))
    elif sample.text:
        request["note"] = [{"text": sample.text}]
    documents += [(ct, title, data) for title, ct, data in sample.attachments]
    for n, (content_type, title, data) in enumerate(documents):
        url = _uuid(sample.identifier, f"document-{n}")
        entries.append(
            _entry(
                url,
                {
                    "resourceType": "DocumentReference",
                    "status": "current",
                    "subject": {"reference": ids["patient"]},
                    "content": [
                        {
                            "attachment": {
                                "contentType": content_type,
                                "title": title,
                                "data": base64.b64encode(data).decode("ascii"),
                            }
                        }
                    ],
                },
            )
        )
        request.setdefault("supportingInfo", []).append({"reference": url})
    entries.append(_entry(ids["request"], request))
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries}


def to_json(bundle: dict[str, Any]) -> bytes:
    return json.dumps(bundle, ensure_ascii=False, indent=2).encode("utf-8")


def to_xml(bundle: dict[str, Any]) -> bytes:
    document = Bundle.model_validate(bundle).model_dump_xml(pretty_print=True)
    return document.encode("utf-8") if isinstance(document, str) else document


def write_bundles(
    folder: Path,
    count: int,
    unit_identifiers: Sequence[tuple[str, str]],
    *,
    prefix: str = "gen",
    xml_every: int = 3,
) -> list[Path]:
    """Write ``count`` bundles (every ``xml_every``-th as XML) with distinct synthetic patients."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for n in range(count):
        sample = SampleReferral(
            identifier=f"{prefix}-{n:05d}",
            birth_date=date(1950 + n % 50, 1 + n % 12, 1 + n % 28),
            individual=(n * 7) % 499 + 1,  # 000-499: born in the 1900s
            given_name=["Kari", "Ola", "Ingrid", "Per", "Silje"][n % 5],
            family_name=["Testesen", "Prøvesen", "Eksempel", "Demo"][n % 4],
            unit_identifiers=unit_identifiers,
        )
        bundle = build_bundle(sample)
        if xml_every and n % xml_every == xml_every - 1:
            path = folder / f"{prefix}-{n:05d}.xml"
            path.write_bytes(to_xml(bundle))
        else:
            path = folder / f"{prefix}-{n:05d}.json"
            path.write_bytes(to_json(bundle))
        written.append(path)
    return written
