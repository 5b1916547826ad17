"""From a read FHIR transaction Bundle to the plain values of one referral (DOMAIN.md D3, D12).

Every check runs and every problem is collected, so the sender sees all of them at once. Nothing
here writes to the database; ``services.import_bundle`` finds the receiving unit and stores.

What is read from where:

- The referral is the Bundle's one ``ServiceRequest``; its first identifier (system and value) is
  the source system's id of the referral: the same identifier imported again is a duplicate.
- The patient is ``ServiceRequest.subject`` (a Patient in the Bundle) with a fødselsnummer
  (``urn:oid:2.16.578.1.12.4.1.4.1``) or D-number (``…4.1.4.2``), checked with its check digits;
  masked numbers ("210377xxxxx", as in HL7 Norway's own example) are refused. The GP comes from
  ``Patient.generalPractitioner``.
- The referrer is ``ServiceRequest.requester``: a PractitionerRole (practitioner + organisation)
  or a Practitioner, with HPR number (``…4.1.4.4``) and HER-id (``urn:oid:2.16.578.1.12.4.1.2``).
- The receiving unit is ``ServiceRequest.performer``: an Organization identified by RESH-id,
  HER-id or organisation number (matched to a unit by the services).
- The referral text is ``ServiceRequest.note``, ``reasonCode.text``, ``supportingInfo.display``
  and every DocumentReference with ``text/plain`` content (base64), in that order, separated by a
  blank line. Other DocumentReferences (PDF, PNG, JPEG) become attachments. Notes carrying
  painpath's ``referral-item`` extension fill that D3 item (web-form referrals exported by
  painpath). ICD-10 and ICPC-2 codes in ``reasonCode`` (and in referenced Conditions) become the
  diagnosis codes.
- Serious illness is suspected when ``ServiceRequest.priority`` is urgent, asap or stat.
- ``received_on`` (D3: when the specialist health service *first* received the referral) is the
  date in painpath's ``received-on`` extension on the ServiceRequest when the Bundle carries one
  (a forwarded referral, or a referral exported by painpath), else the day of import. It is
  deliberately *not* ``authoredOn``: that is when the referrer wrote it, not when the specialist
  service received it.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from painpath.interop import fhir
from painpath.interop.outcome import Problems
from painpath.interop.reading import Entry, ReadBundle
from painpath.patients.validation import validate_identity_number
from painpath.referrals.models import ReferrerRole
from painpath.referrals.services import AttachmentIn, sniff_content_type, validate_attachments
from painpath.rules.completeness import ITEM_CODES
from painpath.rules.identity import IdentityNumber

_HPR_RE = re.compile(r"^\d{6,9}$")
_HER_RE = re.compile(r"^\d{1,20}$")
_MASKED_RE = re.compile(r"[xX*#?]")
_GP_WORDS = ("fastlege", "allmennlege", "allmennmedisin", "allmennpraktiker")

# Resource types a referral bundle may carry; others are ignored with a warning.
KNOWN_TYPES = frozenset(
    {
        "ServiceRequest",
        "Patient",
        "Practitioner",
        "PractitionerRole",
        "Organization",
        "DocumentReference",
        "Condition",
        "HealthcareService",
        "Task",
    }
)


@dataclass
class PatientData:
    national_id: str = ""
    given_name: str = ""
    family_name: str = ""
    phone: str = ""
    gp_name: str = ""
    gp_hpr_number: str = ""
    identity: IdentityNumber | None = None


@dataclass
class ReferrerData:
    name: str = ""
    role: str = ReferrerRole.OTHER.value
    hpr_number: str = ""
    organisation: str = ""
    her_id: str = ""
    organisation_ids: list[tuple[str, str]] = field(default_factory=list)
    role_coded: bool = False  # painpath's referrer-role code said so (an export)


@dataclass
class UnitCandidate:
    identifiers: list[tuple[str, str]]
    display: str
    expression: str


@dataclass
class ReferralData:
    """The plain values of one referral, as ``receive_referral`` takes them."""

    external_system: str = ""
    external_id: str = ""
    patient: PatientData = field(default_factory=PatientData)
    referrer: ReferrerData = field(default_factory=ReferrerData)
    units: list[UnitCandidate] = field(default_factory=list)
    received_on: date | None = None  # None: the day of import
    authored_on: date | None = None
    item_texts: dict[str, str] = field(default_factory=dict)
    free_text: str = ""
    serious_illness_suspected: bool = False
    diagnosis_codes: str = ""
    attachments: list[AttachmentIn] = field(default_factory=list)


class _Index:
    """Resolves references inside the Bundle: fullUrl, ``Type/id``, and contained ``#id``."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self._by_key: dict[str, Any] = {}
        entries = list(entries)
        self.entries = [e for e in entries if e.resource is not None]
        # Entries whose resource could not be read (already reported): references to them are
        # not reported again as dangling.
        self._broken = {e.full_url for e in entries if e.resource is None and e.full_url}
        for entry in self.entries:
            resource = entry.resource
            rtype = resource.get_resource_type()
            if entry.full_url:
                self._by_key[entry.full_url] = resource
            if resource.id:
                self._by_key[f"{rtype}/{resource.id}"] = resource
                if entry.full_url.endswith(f"/{rtype}/{resource.id}"):
                    self._by_key[entry.full_url] = resource
            for contained in getattr(resource, "contained", None) or []:
                if contained.id:
                    self._by_key[f"#{contained.id}"] = contained

    def resolve(self, reference: Any) -> Any:
        if reference is None or not reference.reference:
            return None
        key = reference.reference.strip()
        key = re.sub(r"/_history/[^/]+$", "", key)
        if key in self._by_key:
            return self._by_key[key]
        tail = re.search(r"([A-Za-z]+/[A-Za-z0-9\-.]{1,64})$", key)
        return self._by_key.get(tail.group(1)) if tail else None

    def is_broken(self, reference: Any) -> bool:
        return bool(reference is not None and reference.reference in self._broken)

    def of_type(self, resource_type: str) -> list[tuple[Entry, Any]]:
        return [
            (e, e.resource) for e in self.entries if e.resource.get_resource_type() == resource_type
        ]


def _type(resource: Any) -> str:
    return resource.get_resource_type() if resource is not None else ""


def as_date(value: Any) -> date | None:
    """A FHIR date/dateTime as a date in Norwegian time; partial dates (``2026-01``) give None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            return timezone.localtime(value).date()
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def map_bundle(
    read: ReadBundle, *, today: date | None = None
) -> tuple[ReferralData | None, Problems]:
    """Map a read Bundle to one referral's values, collecting every problem found."""
    today = today or timezone.localdate()
    problems = Problems()
    index = _Index(read.entries)
    if read.problems.has_errors and not index.entries:
        return None, problems

    for entry in read.entries:
        if entry.method and entry.method.upper() not in {"POST", "PUT"}:
            problems.error(
                "not-supported",
                _("Only POST and PUT entries can be imported (found: %(method)s).")
                % {"method": entry.method},
                f"Bundle.entry[{entry.index}].request.method",
            )
        if entry.resource is not None and entry.resource_type not in KNOWN_TYPES:
            problems.warning(
                "informational",
                _("%(type)s is not used by painpath and was ignored.")
                % {"type": entry.resource_type},
                entry.where,
            )

    requests = index.of_type("ServiceRequest")
    request_entry: Entry | None = None
    request: Any | None = None
    if not requests:
        if not any(e.resource_type == "ServiceRequest" for e in read.entries):
            problems.error(
                "required",
                _("The Bundle has no ServiceRequest (the referral itself)."),
                "Bundle.entry",
            )
    elif len(requests) > 1:
        problems.error(
            "invalid",
            _("The Bundle has %(n)s ServiceRequests; one Bundle must carry exactly one referral.")
            % {"n": len(requests)},
            "Bundle.entry",
        )
    else:
        request_entry, request = requests[0]

    data = ReferralData()
    if request is not None and request_entry is not None:
        _map_request(request, request_entry.where, data, index, problems, today)

    # The patient: the request's subject, or (without a usable request) the Bundle's only one.
    patient = index.resolve(request.subject) if request is not None else None
    where = "Bundle.entry(Patient)"
    if request is not None and index.is_broken(request.subject):
        patient = None
    elif request is not None and request.subject is not None and _type(patient) != "Patient":
        problems.error(
            "not-found",
            _("ServiceRequest.subject does not point to a Patient in the Bundle."),
            f"{request_entry.where}.subject" if request_entry else "",
        )
        patient = None
    if patient is None and request is None:
        patients = index.of_type("Patient")
        if len(patients) == 1:
            patient = patients[0][1]
    if patient is None:
        if not any(e.resource_type == "Patient" for e in read.entries):
            problems.error("required", _("The Bundle has no Patient."), "Bundle.entry")
    else:
        where = _where(index, patient)
        data.patient = _map_patient(patient, where, index, problems)
        # A patient under 18 is accepted and flagged as outside the guideline's scope by the
        # referral service (issue 3, D3), as on every other channel: no refusal here.

    # The referrer.
    requester = request.requester if request is not None else None
    if request is not None and requester is None:
        problems.error(
            "required",
            _("ServiceRequest.requester is missing: who referred the patient?"),
            f"{request_entry.where}.requester" if request_entry else "",
        )
    elif request is not None:
        data.referrer = _map_referrer(requester, request_entry, index, problems)
    elif index.of_type("PractitionerRole") or index.of_type("Practitioner"):
        pr = index.of_type("PractitionerRole") or index.of_type("Practitioner")
        fake = _LocalReference(pr[0][0].full_url)
        data.referrer = _map_referrer(fake, pr[0][0], index, problems)

    return (data if request is not None else None), problems


@dataclass
class _LocalReference:
    reference: str
    display: str | None = None
    identifier: Any | None = None


def _where(index: _Index, resource: Any) -> str:
    for entry in index.entries:
        if entry.resource is resource:
            return entry.where
    return f"contained({_type(resource)})"


# ServiceRequest --------------------------------------------------------------------------------


def _map_request(
    request: Any, where: str, data: ReferralData, index: _Index, problems: Problems, today: date
) -> None:
    ids = fhir.identifiers(request)
    if not ids:
        problems.error(
            "required",
            _(
                "ServiceRequest.identifier (system and value) is missing; painpath needs it to "
                "recognise the same referral if it is sent again."
            ),
            f"{where}.identifier",
        )
    else:
        data.external_system, data.external_id = ids[0]
        if len(data.external_system) > 200 or len(data.external_id) > 200:
            problems.error(
                "value",
                _("ServiceRequest.identifier is too long (at most 200 characters)."),
                f"{where}.identifier",
            )
    if request.status != "active":
        problems.error(
            "business-rule",
            _("ServiceRequest.status is «%(status)s»; only an active referral can be received.")
            % {"status": request.status or "?"},
            f"{where}.status",
        )
    if not request.intent:
        problems.error("required", _("ServiceRequest.intent is missing."), f"{where}.intent")
    if request.doNotPerform:
        problems.error(
            "business-rule",
            _("ServiceRequest.doNotPerform is set: that is not a referral."),
            f"{where}.doNotPerform",
        )
    if request.priority and request.priority not in fhir.PRIORITIES:
        problems.error(
            "value",
            _("ServiceRequest.priority «%(value)s» is not routine, urgent, asap or stat.")
            % {"value": request.priority},
            f"{where}.priority",
        )
    data.serious_illness_suspected = request.priority in fhir.SERIOUS_PRIORITIES

    data.authored_on = as_date(request.authoredOn)
    if data.authored_on is not None and data.authored_on > today:
        problems.error(
            "value",
            _("ServiceRequest.authoredOn (%(date)s) is in the future.")
            % {"date": data.authored_on.strftime("%d.%m.%Y")},
            f"{where}.authoredOn",
        )
    for n, extension in enumerate(request.extension or []):
        if extension.url != fhir.EXT_RECEIVED_ON:
            continue
        received = as_date(extension.valueDate or extension.valueDateTime)
        if received is None:
            problems.error(
                "value",
                _("The received-on extension must carry a full date (valueDate)."),
                f"{where}.extension[{n}]",
            )
        elif received > today:
            problems.error(
                "value",
                _("The date received (%(date)s) is in the future.")
                % {"date": received.strftime("%d.%m.%Y")},
                f"{where}.extension[{n}]",
            )
        elif data.authored_on is not None and received < data.authored_on:
            problems.error(
                "value",
                _(
                    "The date received (%(received)s) is before the referral was written (%(authored)s)."
                )
                % {
                    "received": received.strftime("%d.%m.%Y"),
                    "authored": data.authored_on.strftime("%d.%m.%Y"),
                },
                f"{where}.extension[{n}]",
            )
        else:
            data.received_on = received

    _map_performer(request, where, data, index, problems)
    _map_content(request, where, data, index, problems)


def _map_performer(
    request: Any, where: str, data: ReferralData, index: _Index, problems: Problems
) -> None:
    for n, performer in enumerate(request.performer or []):
        expression = f"{where}.performer[{n}]"
        target = index.resolve(performer)
        if _type(target) == "HealthcareService":
            target = index.resolve(target.providedBy) or target.providedBy
        elif _type(target) == "PractitionerRole":
            target = index.resolve(target.organization) or target.organization
        if _type(target) == "Organization":
            data.units.append(
                UnitCandidate(fhir.identifiers(target), (target.name or "").strip(), expression)
            )
            continue
        ids = fhir.reference_identifiers(target if target is not None else performer)
        if ids:
            display = getattr(target if target is not None else performer, "display", "") or ""
            data.units.append(UnitCandidate(ids, display, expression))
    if not data.units and not any(index.is_broken(p) for p in request.performer or []):
        problems.error(
            "required",
            _(
                "ServiceRequest.performer is missing: which unit is the referral for? Give an "
                "Organization with RESH-id, HER-id or organisation number."
            ),
            f"{where}.performer",
        )


def _map_content(
    request: Any, where: str, data: ReferralData, index: _Index, problems: Problems
) -> None:
    parts: list[str] = []
    for n, note in enumerate(request.note or []):
        text = (note.text or "").strip()
        item = next(
            (
                ext.valueCode or ext.valueString
                for ext in note.extension or []
                if ext.url == fhir.EXT_REFERRAL_ITEM
            ),
            None,
        )
        if item is None:
            if text:
                parts.append(text)
        elif item not in ITEM_CODES:
            problems.error(
                "value",
                _("Unknown referral item «%(code)s».") % {"code": item},
                f"{where}.note[{n}].extension",
            )
        elif text:
            previous = data.item_texts.get(item)
            data.item_texts[item] = f"{previous}\n\n{text}" if previous else text

    codes: list[str] = []
    for concept in request.reasonCode or []:
        if concept.text and concept.text.strip():
            parts.append(concept.text.strip())
        codes.extend(_diagnosis_codes(concept))
    for reference in request.reasonReference or []:
        target = index.resolve(reference)
        if _type(target) == "Condition" and target.code is not None:
            codes.extend(_diagnosis_codes(target.code))
        elif reference.display and reference.display.strip():
            parts.append(reference.display.strip())
    for reference in request.supportingInfo or []:
        target = index.resolve(reference)
        if target is None and reference.display and reference.display.strip():
            parts.append(reference.display.strip())

    for entry, document in index.of_type("DocumentReference"):
        _map_document(entry, document, parts, data, problems)

    data.free_text = "\n\n".join(parts)
    data.diagnosis_codes = ", ".join(dict.fromkeys(codes))
    if len(data.diagnosis_codes) > 200:
        problems.error(
            "value",
            _("Too many diagnosis codes (at most 200 characters in all)."),
            f"{where}.reasonCode",
        )
    if not data.item_texts and not data.free_text and not data.attachments:
        problems.error(
            "required",
            _(
                "The referral has no text: give it in ServiceRequest.note or as a DocumentReference "
                "with text/plain content."
            ),
            f"{where}.note",
        )
    for n, attachment in enumerate(data.attachments):
        try:
            validate_attachments([attachment])
        except ValidationError as exc:
            for message in exc.messages:
                problems.error("value", message, f"DocumentReference[{n}]")


def _diagnosis_codes(concept: Any) -> list[str]:
    systems = {fhir.ICD10, fhir.ICD10_INTERNATIONAL, fhir.ICPC2}
    return [
        c.code.strip()
        for c in fhir.codings(concept)
        if c.code and c.code.strip() and (c.system or "") in systems
    ]


def _map_document(
    entry: Entry, document: Any, parts: list[str], data: ReferralData, problems: Problems
) -> None:
    if document.status == "entered-in-error":
        return
    is_attachment = any(
        c.system == fhir.CS_DOCUMENT_CATEGORY and c.code == fhir.DOCUMENT_ATTACHMENT
        for c in fhir.codings(document.category)
    )
    for n, content in enumerate(document.content or []):
        expression = f"{entry.where}.content[{n}].attachment"
        attachment = content.attachment
        content_type = (attachment.contentType or "").strip()
        media = content_type.split(";")[0].strip().lower()
        if attachment.data is None:
            problems.error(
                "not-supported",
                _(
                    "The document must be included in the Bundle (attachment.data); painpath "
                    "does not fetch documents from links."
                ),
                expression,
            )
            continue
        payload = _attachment_bytes(attachment.data)
        if payload is None:
            problems.error("value", _("attachment.data is not valid base64."), expression)
            continue
        if media == "text/plain" and not is_attachment:
            charset = "utf-8"
            match = re.search(r"charset=([\w\-]+)", content_type, re.IGNORECASE)
            if match:
                charset = match.group(1)
            try:
                text = payload.decode(charset).strip()
            except (LookupError, UnicodeDecodeError):
                problems.error(
                    "value",
                    _("The text document cannot be read as %(charset)s text.")
                    % {"charset": charset},
                    expression,
                )
                continue
            if text:
                parts.append(text)
            continue
        name = (attachment.title or document.description or "").strip()
        if not name:
            sniffed = sniff_content_type(payload)
            name = f"vedlegg-{len(data.attachments) + 1}{sniffed[1] if sniffed else ''}"
        data.attachments.append(AttachmentIn(name=name, content_type=media, data=payload))


def _attachment_bytes(data: Any) -> bytes | None:
    if isinstance(data, bytes):
        return data
    try:
        return base64.b64decode(str(data), validate=True)
    except (binascii.Error, ValueError):
        return None


# Patient ---------------------------------------------------------------------------------------


def _map_patient(patient: Any, where: str, index: _Index, problems: Problems) -> PatientData:
    result = PatientData()
    person_ids = [(s, v) for s, v in fhir.identifiers(patient) if s in fhir.PERSON_SYSTEMS]
    accepted = [(s, v) for s, v in person_ids if s in (fhir.FNR, fhir.DNR)]
    expression = f"{where}.identifier"
    if not accepted:
        if person_ids:
            problems.error(
                "not-supported",
                _(
                    "The patient is identified by an FH-number or DUF-number; painpath needs a "
                    "fødselsnummer or D-number."
                ),
                expression,
            )
        else:
            problems.error(
                "required",
                _(
                    "The patient has no fødselsnummer or D-number (identifier with system "
                    "urn:oid:2.16.578.1.12.4.1.4.1 or urn:oid:2.16.578.1.12.4.1.4.2)."
                ),
                expression,
            )
    else:
        _system, number = accepted[0]
        result.national_id = number
        if _MASKED_RE.search(number):
            problems.error(
                "value",
                _(
                    "The patient's identity number «%(number)s» is masked (digits replaced by "
                    "x); a referral can only be registered with the full fødselsnummer or "
                    "D-number."
                )
                % {"number": number},
                expression,
            )
        else:
            try:
                result.identity = validate_identity_number(number)
                result.national_id = result.identity.value
            except ValidationError as exc:
                problems.error(
                    "value",
                    _("The patient's identity number «%(number)s»: %(reason)s")
                    % {"number": number, "reason": " ".join(exc.messages)},
                    expression,
                )
    text, given, family = fhir.human_name(patient)
    result.given_name, result.family_name = given, family
    if not given or not family:
        problems.error(
            "required",
            _("The patient's name must have both a given name and a family name."),
            f"{where}.name",
        )
    phones = [t for t in patient.telecom or [] if t.system == "phone" and t.value]
    phones.sort(key=lambda t: {"mobile": 0, "home": 1}.get(t.use or "", 2))
    if phones:
        result.phone = phones[0].value.strip()[:30]
    for reference in patient.generalPractitioner or []:
        gp_name, gp_hpr = _person_name_and_hpr(reference, index)
        if gp_name or gp_hpr:
            result.gp_name, result.gp_hpr_number = gp_name, gp_hpr
            break
    if result.gp_hpr_number and not _HPR_RE.match(result.gp_hpr_number):
        problems.error(
            "value",
            _("The GP's HPR number «%(value)s» must have six to nine digits.")
            % {"value": result.gp_hpr_number},
            f"{where}.generalPractitioner",
        )
    return result


def _practitioner_name(practitioner: Any) -> str:
    text, given, family = fhir.human_name(practitioner)
    return text or " ".join(p for p in (given, family) if p)


def _person_name_and_hpr(reference: Any, index: _Index) -> tuple[str, str]:
    target = index.resolve(reference)
    if _type(target) == "PractitionerRole":
        target = index.resolve(target.practitioner)
    if _type(target) == "Practitioner":
        return _practitioner_name(target), fhir.identifier_value(target, [fhir.HPR])
    if _type(target) == "Organization":
        return "", ""
    hpr = next((v for s, v in fhir.reference_identifiers(reference) if s == fhir.HPR), "")
    return (reference.display or "").strip(), hpr


# Referrer --------------------------------------------------------------------------------------


def _map_referrer(
    reference: Any, request_entry: Entry | None, index: _Index, problems: Problems
) -> ReferrerData:
    result = ReferrerData()
    where = f"{request_entry.where}.requester" if request_entry is not None else ""
    target = index.resolve(reference)
    role_resource = target if _type(target) == "PractitionerRole" else None
    practitioner = target if _type(target) == "Practitioner" else None
    organisation = None
    if role_resource is not None:
        practitioner = index.resolve(role_resource.practitioner)
        organisation = index.resolve(role_resource.organization)
        if organisation is None and role_resource.organization is not None:
            result.organisation = (role_resource.organization.display or "").strip()
        if practitioner is None and role_resource.practitioner is not None:
            result.name = (role_resource.practitioner.display or "").strip()
            result.hpr_number = next(
                (
                    v
                    for s, v in fhir.reference_identifiers(role_resource.practitioner)
                    if s == fhir.HPR
                ),
                "",
            )
    elif _type(target) == "Organization":
        problems.error(
            "invalid",
            _(
                "The referrer must be a person (Practitioner or PractitionerRole), not an "
                "organisation."
            ),
            where,
        )
        return result
    elif target is None:
        result.name = (getattr(reference, "display", None) or "").strip()
        result.hpr_number = next(
            (v for s, v in fhir.reference_identifiers(reference) if s == fhir.HPR), ""
        )
    if practitioner is not None:
        result.name = _practitioner_name(practitioner)
        result.hpr_number = fhir.identifier_value(practitioner, [fhir.HPR])
    if organisation is not None:
        result.organisation = (organisation.name or "").strip()
        result.organisation_ids = fhir.identifiers(organisation)
    result.her_id = (
        fhir.identifier_value(role_resource, [fhir.HER])
        or fhir.identifier_value(practitioner, [fhir.HER])
        or fhir.identifier_value(organisation, [fhir.HER])
    )
    result.role = _referrer_role(role_resource, practitioner, organisation)
    result.role_coded = any(
        c.system == fhir.CS_REFERRER_ROLE
        for c in fhir.codings(list(role_resource.code or []) if role_resource else [])
    )

    broken = index.is_broken(reference) or (
        role_resource is not None and index.is_broken(role_resource.practitioner)
    )
    if not result.name and not broken:
        problems.error(
            "required",
            _("The referrer has no name (Practitioner.name)."),
            _where(index, practitioner) + ".name" if practitioner is not None else where,
        )
    if result.hpr_number and not _HPR_RE.match(result.hpr_number):
        problems.error(
            "value",
            _("The referrer's HPR number «%(value)s» must have six to nine digits.")
            % {"value": result.hpr_number},
            _where(index, practitioner) + ".identifier" if practitioner is not None else where,
        )
    if result.her_id and not _HER_RE.match(result.her_id):
        problems.error(
            "value",
            _("The HER-id «%(value)s» must be digits only.") % {"value": result.her_id},
            where,
        )
    if len(result.organisation) > 200:
        result.organisation = result.organisation[:200]
    return result


def _referrer_role(role_resource: Any, practitioner: Any, organisation: Any) -> str:
    concepts: list[Any] = []
    if role_resource is not None:
        concepts += list(role_resource.code or []) + list(role_resource.specialty or [])
    for coding in fhir.codings(concepts):
        if coding.system == fhir.CS_REFERRER_ROLE and coding.code in ReferrerRole.values:
            return str(coding.code)
    if practitioner is not None:
        concepts += [q.code for q in practitioner.qualification or [] if q.code is not None]
    words = []
    for concept in concepts:
        words.append((concept.text or "").lower())
        for coding in concept.coding or []:
            if coding.system == fhir.HPR_SPECIALTY and coding.code == fhir.HPR_SPECIALTY_GP:
                return ReferrerRole.GP.value
            words.append((coding.display or "").lower())
    if any(word in text for text in words for word in _GP_WORDS):
        return ReferrerRole.GP.value
    if organisation is not None and fhir.identifier_value(organisation, [fhir.RESH]):
        return ReferrerRole.HOSPITAL_DOCTOR.value
    return ReferrerRole.OTHER.value
