"""FHIR R4 endpoints at /api/fhir (issue 3): import a transaction Bundle, export a referral.

POST /api/fhir                        a transaction Bundle (application/fhir+json or +xml):
                                      201 created, 200 duplicate, 400/403/422 refused — always an
                                      OperationOutcome (JSON) listing every problem, in Norwegian.
GET  /api/fhir/ServiceRequest/{id}    the referral as a transaction Bundle (404 outside your
                                      units; audited as an export). ``_format=xml`` for XML.
GET  /api/fhir/Task/{id}              the referral's handling status as a FHIR Task (D12).
"""

from __future__ import annotations

import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from fhir.resources.R4B.bundle import Bundle
from ninja import Query, Router

from painpath.core.api_auth import api_user
from painpath.interop.outcome import Issue, operation_outcome
from painpath.interop.reading import JSON_TYPES, XML_TYPES
from painpath.interop.services import (
    MAX_BUNDLE_BYTES,
    export_referral,
    import_bundle,
    referral_task,
)

router = Router(tags=["interop"])

FHIR_JSON = "application/fhir+json; charset=utf-8"
FHIR_XML = "application/fhir+xml; charset=utf-8"

_BUNDLE_BODY = {
    "requestBody": {
        "required": True,
        "description": "A FHIR R4 transaction Bundle: Patient, Practitioner/PractitionerRole, "
        "Organization (the receiving unit, by RESH-id, HER-id or organisation number), "
        "ServiceRequest, optional DocumentReferences.",
        "content": {
            "application/fhir+json": {"schema": {"type": "object"}},
            "application/fhir+xml": {"schema": {"type": "string"}},
        },
    }
}


def fhir_response(body: dict[str, Any], status: int = 200, **headers: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), content_type=FHIR_JSON, status=status
    )
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _outcome(status: int, code: str, diagnostics: str) -> HttpResponse:
    return fhir_response(operation_outcome([Issue("error", code, diagnostics)]), status)


@router.post(
    "",
    summary="Import a referral (FHIR R4 transaction Bundle, JSON or XML)",
    openapi_extra=_BUNDLE_BODY,
)
def import_fhir(request: HttpRequest) -> HttpResponse:
    user = api_user(request)
    media = (request.content_type or "").lower()
    if media and media not in JSON_TYPES | XML_TYPES and media != "text/plain":
        return _outcome(
            415,
            "not-supported",
            _("Send the Bundle as application/fhir+json or application/fhir+xml."),
        )
    raw = request.read(MAX_BUNDLE_BYTES + 1)
    if not raw.strip():
        return _outcome(400, "required", _("The request has no content: send a FHIR Bundle."))
    full_type = request.META.get("CONTENT_TYPE", "")
    result = import_bundle(raw, content_type=full_type, user=user)
    headers = {}
    if result.referral is not None:
        headers["Location"] = f"/api/fhir/ServiceRequest/{result.referral.pk}"
    return fhir_response(operation_outcome(result.issues), result.http_status, **headers)


def _wants_xml(request: HttpRequest, fmt: str) -> bool:
    fmt = fmt.lower()
    if fmt:
        return "xml" in fmt
    accept = request.headers.get("Accept", "").lower()
    return "fhir+xml" in accept and "fhir+json" not in accept


@router.get(
    "/ServiceRequest/{referral_id}",
    summary="A referral as FHIR R4 (transaction Bundle; audited as an export)",
)
def get_service_request(
    request: HttpRequest, referral_id: int, fhir_format: str = Query("", alias="_format")
) -> HttpResponse:
    user = api_user(request)
    xml = _wants_xml(request, fhir_format)
    try:
        bundle = export_referral(user, referral_id, fmt="xml" if xml else "json")
    except Http404:
        return _outcome(404, "not-found", _("Not found."))
    if xml:
        document = Bundle.model_validate(bundle).model_dump_xml()
        return HttpResponse(document, content_type=FHIR_XML)
    return fhir_response(bundle)


@router.get("/Task/{referral_id}", summary="The referral's handling status as a FHIR Task")
def get_task(request: HttpRequest, referral_id: int) -> HttpResponse:
    user = api_user(request)
    try:
        return fhir_response(referral_task(user, referral_id))
    except Http404:
        return _outcome(404, "not-found", _("Not found."))
