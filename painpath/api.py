"""The typed JSON API at /api/ (django-ninja); OpenAPI at /api/openapi.json, docs at /api/docs."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError

from painpath.core.api_auth import API_AUTH
from painpath.intake.api import router as intake_router
from painpath.interop.api import router as fhir_router
from painpath.letters.api import router as letters_router
from painpath.organisation.api import router as organisation_router
from painpath.pathways.api import router as pathways_router
from painpath.patients.api import router as patients_router
from painpath.referrals.api import router as referrals_router

api = NinjaAPI(
    title="painpath API",
    version="1",
    description="Referrals and patient pathways for Norwegian pain clinics.",
    auth=API_AUTH,
    urls_namespace="api",
)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
    else:
        errors = {"__all__": [str(m) for m in exc.messages]}
    return api.create_response(
        request, {"detail": _("Invalid input."), "errors": errors}, status=400
    )


@api.exception_handler(SchemaError)
def schema_error(request: HttpRequest, exc: SchemaError) -> HttpResponse:
    """The request did not match the operation's schema: say where, in Norwegian first."""
    errors = [
        {"loc": list(e.get("loc", [])), "type": e.get("type", ""), "msg": e.get("msg", "")}
        for e in exc.errors
    ]
    fields = ", ".join(
        ".".join(str(p) for p in e["loc"][1:]) or str(e["loc"][0]) for e in errors if e["loc"]
    )
    detail = _("The request does not have the expected form (check: %(fields)s).") % {
        "fields": fields or "body"
    }
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    detail = str(exc)
    if exc.status_code == 400 and detail.startswith("Cannot parse request body"):
        detail = _("The request body could not be read: it is not valid JSON.")
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or _("Not allowed.")}, status=403)


@api.exception_handler(AuthenticationError)
def unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": _("Sign-in required.")}, status=401)


api.add_router("/units", organisation_router)
api.add_router("/patients", patients_router)
api.add_router("/referrals", referrals_router)
api.add_router("/intake", intake_router)
api.add_router("/letters", letters_router)
api.add_router("/pathways", pathways_router)
api.add_router("/fhir", fhir_router)
