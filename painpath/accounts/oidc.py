"""Sign-in through OpenID Connect (HelseID is OIDC), switched on by PAINPATH_OIDC_ENABLED.

Users are never created from an IdP login: the administrator creates the user with role and units,
and HelseID's HPR-number claim links the login to that user. An unknown person is refused.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from painpath.accounts.models import User


class HelseIDBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        hpr = str(claims.get(settings.OIDC_HPR_CLAIM, "")).strip()
        if not hpr:
            return User.objects.none()
        return User.objects.filter(hpr_number=hpr, is_active=True)

    def create_user(self, claims: dict[str, Any]) -> None:
        return None  # no self-service accounts: see module docstring

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        return user
