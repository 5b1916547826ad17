"""Identity numbers with clear Norwegian messages, for forms, API and imports alike."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from painpath.rules.identity import (
    IdentityError,
    IdentityNumber,
    InvalidIdentityNumber,
    parse_identity_number,
)

IDENTITY_MESSAGES = {
    IdentityError.FORMAT: _("An identity number has exactly eleven digits."),
    IdentityError.CHECKSUM: _(
        "The identity number's check digits do not match. Check for a typing error."
    ),
    IdentityError.BIRTH_DATE: _("The identity number does not contain a valid birth date."),
    IdentityError.SYNTHETIC_NOT_ALLOWED: _(
        "Synthetic test numbers are only accepted in demo and test mode."
    ),
    IdentityError.UNSUPPORTED_KIND: _(
        "Only national identity numbers (fødselsnummer) and D-numbers are accepted."
    ),
}


def validate_identity_number(raw: str) -> IdentityNumber:
    """Parse an identity number or raise a ``ValidationError`` with a Norwegian message."""
    try:
        return parse_identity_number(raw, allow_synthetic=settings.DEMO_MODE)
    except InvalidIdentityNumber as exc:
        raise ValidationError(IDENTITY_MESSAGES[exc.reason], code=exc.reason.value) from exc
