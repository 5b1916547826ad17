"""Sets the acting user, role, unit and a request id for everything a request writes to the log."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from painpath.audit.context import Actor, acting_as, set_actor

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def actor_for(request: HttpRequest) -> Actor:
    request_id = getattr(request, "request_id", "")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return Actor(None, "anonymous", request_id=request_id, path=request.path[:500])
    unit = user.active_unit(request) if hasattr(user, "active_unit") else None
    return Actor(
        user_id=user.pk,
        username=user.get_username(),
        role=getattr(user, "role", ""),
        unit_id=unit.pk if unit else None,
        unit_name=unit.name if unit else "",
        request_id=request_id,
        path=request.path[:500],
    )


def bind_request_user(request: HttpRequest) -> None:
    """Called when a user is authenticated late in the request (API token sign-in)."""
    set_actor(actor_for(request))


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex  # type: ignore[attr-defined]
        with acting_as(actor_for(request)):
            response = self.get_response(request)
        response["X-Request-ID"] = request.request_id  # type: ignore[attr-defined]
        return response
