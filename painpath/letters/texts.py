"""The default wording of the editable parts of a decision letter (D5), used when a unit's
``LetterTemplate`` leaves a field empty. Written for everyone who gets a copy: patient, referrer
and GP. The parts the law requires (complaint, missed deadline) live in the letter template and
cannot be edited away."""

from __future__ import annotations

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from painpath.letters.models import LetterTemplate

DEFAULT_TEXTS: dict[str, Promise] = {
    "granted_text": _(
        "The deadline is the latest date on which the care will start; many patients are seen "
        "earlier. If the time and place are not in this letter, a summons follows in a separate "
        "letter.\n\nIf an appointment does not suit, please tell us as early as possible so that "
        "the time can go to another patient."
    ),
    "no_right_text": _(
        "If the health condition changes, or new information comes to light, a new referral "
        "can be sent."
    ),
    "forwarded_text": _(
        "Nothing needs to be done now. The answer to the referral comes from the unit it has "
        "been forwarded to."
    ),
    "referred_on_text": _(
        "Nothing needs to be done now. Further word comes from the service the referral has "
        "been sent to."
    ),
    "closing_text": _(
        "If you have questions about this letter, you can call us on weekdays; the number is at "
        "the top of the letter. Please give our reference."
    ),
}

TEXT_FIELD_FOR_OUTCOME = {
    "right_granted": "granted_text",
    "no_right": "no_right_text",
    "forwarded": "forwarded_text",
    "referred_on": "referred_on_text",
}


def default_text(field: str, language: str = "nb") -> str:
    with translation.override(language):
        return str(DEFAULT_TEXTS[field])


def text_for(template: LetterTemplate, field: str) -> str:
    """The unit's own text for a field, or the default."""
    own = str(getattr(template, field, "") or "").strip()
    return own or default_text(field)
