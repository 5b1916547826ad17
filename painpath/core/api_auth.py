"""Authentication for the JSON API: bearer tokens for integrations, the session for the browser."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from painpath.accounts.models import ApiToken, User
from painpath.audit.middleware import bind_request_user


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = ApiToken.authenticate(token)
        if user is None:
            return None
        request.user = user
        bind_request_user(request)
        return user


API_AUTH = [TokenAuth(), SessionAuth()]


def api_user(request: HttpRequest) -> User:
    """The authenticated user of an API request (token or session)."""
    user = getattr(request, "auth", None)
    if not isinstance(user, User):
        raise AuthenticationError
    return user
