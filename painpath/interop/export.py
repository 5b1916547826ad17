"""A referral as FHIR R4 (DOMAIN.md D12): a transaction Bundle that imports back as the same referral.

The Bundle holds the Patient, the referrer (Practitioner + PractitionerRole + Organization), the
receiving unit (Organization), the ServiceRequest, one DocumentReference per attachment and a Task
with the referral's handling status. Importing it again (here or in another painpath) gives the
same values: the ServiceRequest keeps the source identifier (or painpath's own referral id), the
``received-on`` extension keeps the date the specialist service first received it (D3), per-item
texts keep their D3 item, and attachments are marked as attachments so that a text file is not
mistaken for referral text.
"""

from __future__ import annotations

import base64
import re
import uuid
from typing import Any

from django.utils.translation import gettext as _
from fhir.resources.R4B.bundle import Bundle

from painpath.interop import fhir
from painpath.referrals.models import Referral, ReferralStatus, ReferrerRole
from painpath.rules.identity import IdentityKind

_NAMESPACE = uuid.UUID("6f1c3f3e-8c55-4d0e-9a43-2f6f3c1d9b11")
_ICPC2_CODE = re.compile(r"^[A-Z]\d{2}$")
_ICPC2_CHAPTERS = frozenset("ABDFHKLNPRSTUWXYZ")


def _urn(referral: Referral, part: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'painpath:referral:{referral.pk}:{part}')}"


def diagnosis_system(code: str) -> str:
    """ICPC-2 for a letter and two digits from an ICPC-2 chapter (GPs code in ICPC-2), else ICD-10."""
    if _ICPC2_CODE.match(code) and code[0] in _ICPC2_CHAPTERS:
        return fhir.ICPC2
    return fhir.ICD10


def split_name(full: str) -> tuple[list[str], str]:
    parts = full.split()
    if len(parts) < 2:
        return [], full
    return [" ".join(parts[:-1])], parts[-1]


def request_identifier(referral: Referral) -> tuple[str, str]:
    if referral.external_id:
        return referral.external_system, referral.external_id
    return fhir.NS_REFERRAL, str(referral.pk)


def task_status(referral: Referral) -> tuple[str, str, str]:
    """(Task.status, business status code, its Norwegian label) for the referral's handling (D12).

    Received and being assessed are both Task ``received`` (the assessment is the receiver's
    work before it accepts or rejects); right granted is ``accepted`` (``in-progress`` once care
    has started); no right, forwarded and referred on are ``rejected`` with the reason in the
    business status.
    """
    decision = (
        referral.decisions.filter(corrected_by__isnull=True).order_by("-created_at", "-id").first()
    )
    if referral.status == ReferralStatus.FORWARDED:
        return "rejected", "forwarded", _("forwarded to another unit")
    if referral.status == ReferralStatus.DECIDED and decision is not None:
        if decision.outcome == "right_granted":
            if decision.care_started_on:
                return "in-progress", "care_started", _("care has started")
            return "accepted", "right_granted", _("right granted")
        if decision.outcome == "forwarded":
            return "rejected", "forwarded", _("forwarded to another unit")
        if decision.outcome == "referred_on":
            return "rejected", "referred_on", _("referred on to another specialist service")
        return "rejected", "no_right", _("no right to necessary health care")
    if referral.status == ReferralStatus.UNDER_ASSESSMENT:
        return "received", "under_assessment", _("being assessed")
    return "received", "received", _("received, not yet assessed")


def _reference(reference: str | None, display: str) -> dict[str, str]:
    return {"reference": reference, "display": display} if reference else {"display": display}


def task_resource(referral: Referral, refs: dict[str, str] | None = None) -> dict[str, Any]:
    """The referral's handling as a FHIR Task (D12). ``refs``: fullUrls inside a Bundle."""
    refs = refs or {}
    status, code, label = task_status(referral)
    task: dict[str, Any] = {
        "resourceType": "Task",
        "status": status,
        "businessStatus": {
            "coding": [{"system": fhir.CS_REFERRAL_STATUS, "code": code, "display": label}],
            "text": label,
        },
        "intent": "order",
        "focus": {"reference": refs.get("request") or f"ServiceRequest/{referral.pk}"},
        "for": _reference(refs.get("patient"), referral.patient.full_name),
        "authoredOn": referral.received_on.isoformat(),
        "lastModified": referral.updated_at.isoformat(),
        "owner": _reference(refs.get("unit"), referral.clinic.name),
    }
    if not refs:
        task["id"] = str(referral.pk)
    return task


def _entry(full_url: str, resource: dict[str, Any], if_none_exist: str = "") -> dict[str, Any]:
    request: dict[str, Any] = {"method": "POST", "url": resource["resourceType"]}
    if if_none_exist:
        request["ifNoneExist"] = if_none_exist
    return {"fullUrl": full_url, "resource": resource, "request": request}


def referral_bundle(referral: Referral) -> dict[str, Any]:
    """The referral as a FHIR R4 transaction Bundle (plain JSON-ready dict, validated with R4B)."""
    patient = referral.patient
    clinic = referral.clinic
    referrer = referral.referrer
    refs = {
        "patient": _urn(referral, "patient"),
        "practitioner": _urn(referral, "practitioner"),
        "role": _urn(referral, "practitioner-role"),
        "referrer_org": _urn(referral, "referrer-organisation"),
        "unit": _urn(referral, "unit"),
        "request": _urn(referral, "service-request"),
    }
    entries: list[dict[str, Any]] = []

    person_system = fhir.DNR if patient.id_kind == IdentityKind.D_NUMBER.value else fhir.FNR
    patient_resource: dict[str, Any] = {
        "resourceType": "Patient",
        "meta": {"profile": ["http://hl7.no/fhir/StructureDefinition/no-basis-Patient"]},
        "identifier": [{"system": person_system, "value": patient.national_id}],
        "name": [{"use": "official", "family": patient.family_name, "given": [patient.given_name]}],
        "birthDate": patient.birth_date.isoformat(),
    }
    if patient.phone:
        patient_resource["telecom"] = [{"system": "phone", "value": patient.phone}]
    if referral.gp_name or patient.gp_hpr_number:
        gp: dict[str, Any] = {}
        if referral.gp_name:
            gp["display"] = referral.gp_name
        if patient.gp_hpr_number:
            gp["identifier"] = {"system": fhir.HPR, "value": patient.gp_hpr_number}
        patient_resource["generalPractitioner"] = [gp]
    entries.append(
        _entry(
            refs["patient"], patient_resource, f"identifier={person_system}|{patient.national_id}"
        )
    )

    given, family = split_name(referrer.name)
    practitioner: dict[str, Any] = {
        "resourceType": "Practitioner",
        "meta": {"profile": ["http://hl7.no/fhir/StructureDefinition/no-basis-Practitioner"]},
        "name": [{"text": referrer.name, "family": family, **({"given": given} if given else {})}],
    }
    if referrer.hpr_number:
        practitioner["identifier"] = [{"system": fhir.HPR, "value": referrer.hpr_number}]
    entries.append(
        _entry(
            refs["practitioner"],
            practitioner,
            f"identifier={fhir.HPR}|{referrer.hpr_number}" if referrer.hpr_number else "",
        )
    )
    role: dict[str, Any] = {
        "resourceType": "PractitionerRole",
        "practitioner": {"reference": refs["practitioner"]},
        "code": [
            {
                "coding": [
                    {
                        "system": fhir.CS_REFERRER_ROLE,
                        "code": referrer.role,
                        "display": str(ReferrerRole(referrer.role).label),
                    }
                ]
            }
        ],
    }
    if referrer.her_id:
        role["identifier"] = [{"system": fhir.HER, "value": referrer.her_id}]
    if referrer.organisation:
        role["organization"] = {"reference": refs["referrer_org"]}
        entries.append(
            _entry(
                refs["referrer_org"],
                {"resourceType": "Organization", "name": referrer.organisation},
            )
        )
    entries.append(_entry(refs["role"], role))

    unit_ids = []
    if clinic.resh_id:
        unit_ids.append({"system": fhir.RESH, "value": clinic.resh_id})
    if clinic.her_id:
        unit_ids.append({"system": fhir.HER, "value": clinic.her_id})
    unit_ids.append({"system": fhir.NS_UNIT, "value": str(clinic.pk)})
    unit: dict[str, Any] = {
        "resourceType": "Organization",
        "meta": {"profile": ["http://hl7.no/fhir/StructureDefinition/no-basis-Organization"]},
        "identifier": unit_ids,
        "name": clinic.name,
    }
    if clinic.trust.org_number:
        unit["partOf"] = {
            "identifier": {"system": fhir.ORGNR, "value": clinic.trust.org_number},
            "display": clinic.trust.name,
        }
    entries.append(
        _entry(refs["unit"], unit, f"identifier={unit_ids[0]['system']}|{unit_ids[0]['value']}")
    )

    documents = []
    for n, attachment in enumerate(referral.attachments.order_by("pk")):
        with attachment.file.open("rb") as handle:
            data = handle.read()
        url = _urn(referral, f"document-{attachment.pk}")
        documents.append(url)
        entries.append(
            _entry(
                url,
                {
                    "resourceType": "DocumentReference",
                    "status": "current",
                    "category": [
                        {
                            "coding": [
                                {
                                    "system": fhir.CS_DOCUMENT_CATEGORY,
                                    "code": fhir.DOCUMENT_ATTACHMENT,
                                    "display": _("attachment"),
                                }
                            ]
                        }
                    ],
                    "subject": {"reference": refs["patient"]},
                    "description": _("Attachment %(n)s") % {"n": n + 1},
                    "content": [
                        {
                            "attachment": {
                                "contentType": attachment.content_type,
                                "data": base64.b64encode(data).decode("ascii"),
                                "title": attachment.name,
                                "size": len(data),
                            }
                        }
                    ],
                },
            )
        )

    system, value = request_identifier(referral)
    notes: list[dict[str, Any]] = [
        {
            "extension": [{"url": fhir.EXT_REFERRAL_ITEM, "valueCode": code}],
            "text": text,
        }
        for code, text in (referral.item_texts or {}).items()
        if text
    ]
    if referral.free_text:
        notes.append({"text": referral.free_text})
    request: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "extension": [{"url": fhir.EXT_RECEIVED_ON, "valueDate": referral.received_on.isoformat()}],
        "identifier": [{"system": system, "value": value}],
        "status": "active",
        "intent": "order",
        "category": [
            {
                "coding": [
                    {
                        "system": "http://snomed.info/sct",
                        "code": "3457005",
                        "display": "Patient referral",
                    }
                ]
            }
        ],
        "priority": "urgent" if referral.serious_illness_suspected else "routine",
        "subject": {"reference": refs["patient"], "display": patient.full_name},
        "requester": {"reference": refs["role"], "display": referrer.name},
        "performer": [{"reference": refs["unit"], "display": clinic.name}],
    }
    codes = [c.strip() for c in referral.diagnosis_codes.split(",") if c.strip()]
    if codes:
        request["reasonCode"] = [
            {"coding": [{"system": diagnosis_system(code), "code": code}]} for code in codes
        ]
    if documents:
        request["supportingInfo"] = [{"reference": url} for url in documents]
    if notes:
        request["note"] = notes
    entries.append(_entry(refs["request"], request, f"identifier={system}|{value}"))
    entries.append(_entry(_urn(referral, "task"), task_resource(referral, refs)))

    bundle = {"resourceType": "Bundle", "type": "transaction", "entry": entries}
    # Validate with the R4B classes: painpath never hands out FHIR it would refuse itself.
    return Bundle.model_validate(bundle).model_dump(mode="json", by_alias=True, exclude_none=True)
