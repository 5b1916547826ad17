"""Identifier systems, extensions and small helpers for FHIR R4 (DOMAIN.md D12).

Norway's base profiles (HL7 Norway "no-basis") are FHIR R4; ``fhir.resources``' top-level classes
are R5, so painpath reads and writes with ``fhir.resources.R4B`` (R4-compatible).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# HL7 Norway no-basis identifier systems (D12).
FNR = "urn:oid:2.16.578.1.12.4.1.4.1"  # fødselsnummer
DNR = "urn:oid:2.16.578.1.12.4.1.4.2"  # D-number
FHN = "urn:oid:2.16.578.1.12.4.1.4.3"  # FH-number (no birth date: not accepted)
HPR = "urn:oid:2.16.578.1.12.4.1.4.4"  # health personnel register number
DUF = "urn:oid:2.16.578.1.12.4.1.4.5"  # DUF-number (not accepted)
ORGNR = "urn:oid:2.16.578.1.12.4.1.4.101"  # organisation number (Enhetsregisteret)
RESH = "urn:oid:2.16.578.1.12.4.1.4.102"  # RESH-id (Reshregisteret)
HER = "urn:oid:2.16.578.1.12.4.1.2"  # HER-id (Adresseregisteret)
PERSON_SYSTEMS = (FNR, DNR, FHN, DUF)

# Code systems (Volven, the Norwegian code registry).
ICD10 = "urn:oid:2.16.578.1.12.4.1.1.7110"
ICD10_INTERNATIONAL = "http://hl7.org/fhir/sid/icd-10"
ICPC2 = "urn:oid:2.16.578.1.12.4.1.1.7170"
HPR_SPECIALTY = "urn:oid:2.16.578.1.12.4.1.1.7426"  # code "1": Allmennmedisin
HPR_SPECIALTY_GP = "1"
HEALTH_PERSONNEL_CATEGORY = "urn:oid:2.16.578.1.12.4.1.1.9060"  # "LE": lege

# painpath's own systems, for what no national profile carries (documented in services.py).
PAINPATH = "https://painpath.no/fhir"
EXT_RECEIVED_ON = f"{PAINPATH}/StructureDefinition/received-on"
EXT_REFERRAL_ITEM = f"{PAINPATH}/StructureDefinition/referral-item"
CS_REFERRER_ROLE = f"{PAINPATH}/CodeSystem/referrer-role"
CS_DOCUMENT_CATEGORY = f"{PAINPATH}/CodeSystem/document-category"
CS_REFERRAL_STATUS = f"{PAINPATH}/CodeSystem/referral-status"
NS_REFERRAL = f"{PAINPATH}/NamingSystem/referral"
NS_UNIT = f"{PAINPATH}/NamingSystem/unit"
DOCUMENT_ATTACHMENT = "attachment"

SERIOUS_PRIORITIES = frozenset({"urgent", "asap", "stat"})
PRIORITIES = frozenset({"routine", *SERIOUS_PRIORITIES})


def identifiers(resource: Any) -> list[tuple[str, str]]:
    """(system, value) of every identifier with both set."""
    found = []
    for identifier in getattr(resource, "identifier", None) or []:
        system, value = (identifier.system or "").strip(), (identifier.value or "").strip()
        if system and value:
            found.append((system, value))
    return found


def identifier_value(resource: Any, systems: Iterable[str]) -> str:
    wanted = tuple(systems)
    for system, value in identifiers(resource):
        if system in wanted:
            return value
    return ""


def reference_identifiers(reference: Any) -> list[tuple[str, str]]:
    """A logical reference's identifier (``Reference.identifier``), as a list."""
    identifier = getattr(reference, "identifier", None)
    if identifier is None:
        return []
    system, value = (identifier.system or "").strip(), (identifier.value or "").strip()
    return [(system, value)] if system and value else []


def human_name(resource: Any) -> tuple[str, str, str]:
    """(text, given, family) of the official name, else the first one."""
    names = list(getattr(resource, "name", None) or [])
    if not names:
        return "", "", ""
    name = next((n for n in names if n.use == "official"), names[0])
    given = " ".join(g.strip() for g in (name.given or []) if g and g.strip())
    family = (name.family or "").strip()
    text = (name.text or "").strip()
    return text, given, family


def codings(concepts: Iterable[Any] | Any) -> list[Any]:
    if concepts is None:
        return []
    if not isinstance(concepts, list | tuple):
        concepts = [concepts]
    found: list[Any] = []
    for concept in concepts:
        found.extend(getattr(concept, "coding", None) or [])
    return found
