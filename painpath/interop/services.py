"""FHIR R4 import and export of referrals (issue 3; DOMAIN.md D3, D12), shared by API and CLI.

Import: one transaction Bundle is one referral, all or nothing. The Bundle is read with
``fhir.resources.R4B`` (``reading``), mapped to plain values with every problem collected
(``mapping``), the receiving unit is found by RESH-id, HER-id or organisation number, and the
referral is stored through ``referrals.services.receive_referral`` (channel ``fhir``, external id
= the ServiceRequest identifier) inside one transaction. The answer is an OperationOutcome: created,
duplicate (the same ServiceRequest identifier again: nothing new is stored), or refused with every
problem found, in Norwegian.

Export: ``export_referral`` gives a referral the user may see as a transaction Bundle (``export``),
and writes an audit record with action ``export``; ``referral_task`` gives the FHIR Task with the
referral's handling status.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from painpath.accounts.models import Role, User
from painpath.audit.models import AuditAction
from painpath.interop import fhir
from painpath.interop.export import referral_bundle, task_resource
from painpath.interop.mapping import ReferralData, UnitCandidate, map_bundle
from painpath.interop.outcome import Issue, Problems
from painpath.interop.reading import read_bundle
from painpath.organisation.models import Clinic
from painpath.patients.access import get_visible_or_404
from painpath.referrals.models import Channel, Referral, ReferrerRole
from painpath.referrals.services import (
    DuplicateReferral,
    receive_referral,
    resolve_patient,
    resolve_referrer,
    visible_referrals,
)

MAX_BUNDLE_BYTES = 64 * 1024 * 1024  # ten 10 MB attachments in base64, and the text
BUNDLE_SUFFIXES = (".json", ".xml")

CREATED = "created"
DUPLICATE = "duplicate"
REFUSED = "refused"


@dataclass
class ImportResult:
    outcome: str  # created | duplicate | refused
    issues: list[Issue] = field(default_factory=list)
    referral: Referral | None = None
    forbidden: bool = False
    unreadable: bool = False  # not valid FHIR R4 (400); else the content was refused (422)

    @property
    def http_status(self) -> int:
        if self.outcome == CREATED:
            return 201
        if self.outcome == DUPLICATE:
            return 200
        if self.forbidden:
            return 403
        if any(i.code == "too-long" for i in self.issues):
            return 413
        if self.unreadable:
            return 400
        return 422

    @property
    def reasons(self) -> list[str]:
        return [i.diagnostics for i in self.issues if i.is_error]


# Units -----------------------------------------------------------------------------------------


def find_unit(candidates: list[UnitCandidate], problems: Problems) -> Clinic | None:
    """The painpath unit a performer names: by RESH-id, HER-id, painpath's unit id, or the trust's
    organisation number when that trust has exactly one active unit."""
    if not candidates:
        return None
    reported = len(problems.errors)
    for candidate in candidates:
        unit = _match_unit(candidate, problems)
        if unit is not None:
            return unit
    # Unless matching said why itself, say that the unit is unknown: problems found elsewhere in
    # the Bundle (a dangling reference is also "not-found") must not hide this one.
    if len(problems.errors) == reported:
        first = candidates[0]
        shown = ", ".join(f"{_system_label(s)} {v}" for s, v in first.identifiers) or first.display
        problems.error(
            "not-found",
            _(
                "The receiving unit (%(unit)s) is not a unit in painpath: the referral cannot be "
                "delivered. Check the RESH-id, HER-id or organisation number."
            )
            % {"unit": shown or "?"},
            first.expression,
        )
    return None


def _system_label(system: str) -> str:
    return {
        fhir.RESH: "RESH-id",
        fhir.HER: "HER-id",
        fhir.ORGNR: _("organisation number"),
        fhir.NS_UNIT: _("painpath unit"),
    }.get(system, system)


def _match_unit(candidate: UnitCandidate, problems: Problems) -> Clinic | None:
    units = Clinic.objects.select_related("trust")
    found: dict[int, Clinic] = {}
    matches: list[Clinic]
    for system, value in candidate.identifiers:
        if system == fhir.RESH:
            matches = list(units.filter(resh_id=value))
        elif system == fhir.HER:
            matches = list(units.filter(her_id=value))
        elif system == fhir.NS_UNIT and value.isdigit():
            # painpath's own unit id: only with the same name (another painpath has other ids).
            matches = list(units.filter(pk=int(value), name=candidate.display))
        else:
            continue
        for unit in matches:
            found[unit.pk] = unit
    if not found:
        for system, value in candidate.identifiers:
            if system != fhir.ORGNR:
                continue
            trust_units = list(units.filter(trust__org_number=value, active=True))
            if len(trust_units) == 1:
                found[trust_units[0].pk] = trust_units[0]
            elif len(trust_units) > 1:
                problems.error(
                    "not-found",
                    _(
                        "The organisation number %(number)s belongs to %(trust)s, which has "
                        "%(n)s units: give the unit's RESH-id or HER-id."
                    )
                    % {"number": value, "trust": trust_units[0].trust.name, "n": len(trust_units)},
                    candidate.expression,
                )
                return None
    if len(found) > 1:
        problems.error(
            "invalid",
            _("The receiving unit's identifiers point to different units (%(units)s).")
            % {"units": ", ".join(sorted(u.name for u in found.values()))},
            candidate.expression,
        )
        return None
    chosen = next(iter(found.values()), None)
    if chosen is not None and not chosen.active:
        problems.error(
            "business-rule",
            _("%(unit)s does not receive referrals.") % {"unit": chosen.name},
            candidate.expression,
        )
        return None
    return chosen


# Import ----------------------------------------------------------------------------------------


def _check_user(user: User | None, unit: Clinic | None, data: ReferralData) -> str:
    """Who may import: the CLI (no user), administrators and integrations with the admin role,
    unit staff to their own units, and referrers in their own name. Returns a refusal or ''."""
    if user is None or user.is_superuser or user.role == Role.ADMIN:
        return ""
    if user.role == Role.REFERRER:
        hpr = data.referrer.hpr_number
        if hpr and user.hpr_number and hpr != user.hpr_number:
            return _(
                "A referrer can only send referrals in their own name (HPR number %(hpr)s)."
            ) % {"hpr": user.hpr_number}
        return ""
    if user.is_unit_staff:
        if unit is not None and unit.pk not in user.unit_ids():
            return _("You can only import referrals to your own units (not to %(unit)s).") % {
                "unit": unit.name
            }
        return ""
    return _("Your role cannot import referrals.")


def _is_pain_unit(data: ReferralData) -> bool:
    """Is the referrer's organisation a pain clinic or centre in painpath (by RESH-id/HER-id)?"""
    condition = Q()
    for system, value in data.referrer.organisation_ids:
        if system == fhir.RESH:
            condition |= Q(resh_id=value)
        elif system == fhir.HER:
            condition |= Q(her_id=value)
    return bool(condition) and Clinic.objects.filter(condition).exists()


def _find_existing(data: ReferralData) -> Referral | None:
    if not data.external_id:
        return None
    existing = Referral.objects.filter(
        external_system=data.external_system, external_id=data.external_id
    ).first()
    if existing is None and data.external_system == fhir.NS_REFERRAL and data.external_id.isdigit():
        # A referral painpath exported itself (it had no source identifier): the same referral
        # when the id and the patient match.
        existing = (
            Referral.objects.filter(
                pk=int(data.external_id), patient__national_id=data.patient.national_id
            )
            .filter(Q(external_id="") | Q(external_system=fhir.NS_REFERRAL))
            .first()
        )
    return existing


def _duplicate(existing: Referral, data: ReferralData, issues: list[Issue]) -> ImportResult:
    if existing.patient.national_id != data.patient.national_id:
        return ImportResult(
            REFUSED,
            [
                *issues,
                Issue(
                    "error",
                    "duplicate",
                    _(
                        "The ServiceRequest identifier %(id)s is already used for a referral of "
                        "another patient."
                    )
                    % {"id": data.external_id},
                    "ServiceRequest.identifier",
                ),
            ],
        )
    return ImportResult(
        DUPLICATE,
        [
            *issues,
            Issue(
                "information",
                "duplicate",
                _(
                    "Duplicate: this referral (identifier %(id)s) was already received on "
                    "%(date)s as referral %(pk)s. Nothing new was stored."
                )
                % {
                    "id": data.external_id,
                    "date": existing.received_on.strftime("%d.%m.%Y"),
                    "pk": existing.pk,
                },
                "ServiceRequest.identifier",
                details=_referral_details(existing),
            ),
        ],
        referral=existing,
    )


def _referral_details(referral: Referral) -> dict[str, Any]:
    return {
        "coding": [{"system": fhir.NS_REFERRAL, "code": str(referral.pk)}],
        "text": f"ServiceRequest/{referral.pk}",
    }


def _validation_issues(exc: ValidationError) -> list[Issue]:
    if hasattr(exc, "error_dict"):
        return [
            Issue("error", "business-rule", f"{message}", field)
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    return [Issue("error", "business-rule", message) for message in exc.messages]


def import_bundle(
    raw: bytes,
    *,
    content_type: str = "",
    filename: str = "",
    user: User | None = None,
    today: date | None = None,
) -> ImportResult:
    """Import one transaction Bundle (JSON or XML): created, duplicate, or refused with reasons."""
    if len(raw) > MAX_BUNDLE_BYTES:
        return ImportResult(
            REFUSED,
            [
                Issue(
                    "error",
                    "too-long",
                    _("The document is too large (at most %(mb)s MB).")
                    % {"mb": MAX_BUNDLE_BYTES // (1024 * 1024)},
                )
            ],
        )
    today = today or timezone.localdate()
    read = read_bundle(raw, content_type, filename)
    problems = Problems()
    problems.extend(read.problems.issues)
    data, mapped = map_bundle(read, today=today)
    problems.extend(mapped.issues)
    unit = find_unit(data.units, problems) if data is not None else None

    refusal = _check_user(user, unit, data) if data is not None else ""
    if refusal:
        problems.error("forbidden", refusal)
    if data is None or problems.has_errors:
        return ImportResult(
            REFUSED,
            problems.issues,
            forbidden=bool(refusal),
            unreadable=read.problems.has_errors,
        )
    assert unit is not None

    existing = _find_existing(data)
    if existing is not None:
        return _duplicate(existing, data, problems.issues)

    received_on = data.received_on or today
    role = data.referrer.role
    if not data.referrer.role_coded and role != ReferrerRole.GP and _is_pain_unit(data):
        role = ReferrerRole.PAIN_CLINIC  # forwarded by another pain clinic or centre
    link_user = user if user is not None and user.role == Role.REFERRER else None
    try:
        with transaction.atomic():
            patient = resolve_patient(
                national_id=data.patient.national_id,
                given_name=data.patient.given_name,
                family_name=data.patient.family_name,
                gp_name=data.patient.gp_name,
                gp_hpr_number=data.patient.gp_hpr_number,
                phone=data.patient.phone,
            )
            referrer = resolve_referrer(
                name=data.referrer.name,
                role=role,
                hpr_number=data.referrer.hpr_number,
                organisation=data.referrer.organisation,
                her_id=data.referrer.her_id,
                user=link_user,
            )
            referral = receive_referral(
                patient=patient,
                clinic=unit,
                referrer=referrer,
                channel=Channel.FHIR,
                received_on=received_on,
                item_texts=data.item_texts,
                free_text=data.free_text,
                serious_illness_suspected=data.serious_illness_suspected,
                diagnosis_codes=data.diagnosis_codes,
                gp_name=data.patient.gp_name,
                external_system=data.external_system,
                external_id=data.external_id,
                attachments=data.attachments,
            )
    except DuplicateReferral as exc:  # sent twice at the same moment
        return _duplicate(exc.existing, data, problems.issues)
    except ValidationError as exc:
        return ImportResult(REFUSED, [*problems.issues, *_validation_issues(exc)])

    missing = len(referral.completeness.get("missing", []))
    message = _(
        "The referral was received by %(unit)s as referral %(pk)s (received %(received)s, "
        "assessment due %(due)s). The completeness check found %(missing)s of 14 items missing."
    ) % {
        "unit": unit.name,
        "pk": referral.pk,
        "received": referral.received_on.strftime("%d.%m.%Y"),
        "due": referral.assessment_due_on.strftime("%d.%m.%Y"),
        "missing": missing,
    }
    issue = Issue("information", "informational", message, details=_referral_details(referral))
    return ImportResult(CREATED, [issue, *problems.issues], referral=referral)


def bundle_files(paths: list[Path]) -> list[Path]:
    """The bundle files named: files as given, folders searched (recursively) for .json/.xml."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and p.suffix.lower() in BUNDLE_SUFFIXES
                )
            )
        else:
            found.append(path)
    return found


# Export ----------------------------------------------------------------------------------------


def _exportable(user: User, pk: int, action: AuditAction, detail: dict[str, Any]) -> Referral:
    """A referral the user may see, with its one audit record; 404 as if it did not exist."""
    queryset = visible_referrals(user).select_related("clinic__trust", "patient", "referrer")
    return get_visible_or_404(queryset, audit_action=action, audit_detail=detail, pk=pk)


def export_referral(user: User, pk: int, *, fmt: str = "json") -> dict[str, Any]:
    """A referral the user may see, as a FHIR transaction Bundle; audited as an export."""
    referral = _exportable(
        user, pk, AuditAction.EXPORT, {"format": f"fhir+{fmt}", "resource": "ServiceRequest"}
    )
    return referral_bundle(referral)


def referral_task(user: User, pk: int) -> dict[str, Any]:
    """The FHIR Task with the referral's handling status (D12); audited as a read."""
    referral = _exportable(user, pk, AuditAction.READ, {"format": "fhir", "resource": "Task"})
    return task_resource(referral)
