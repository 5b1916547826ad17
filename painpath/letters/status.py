"""The structured code of the national "Status på henvisning" message for a decision (D12).

Plain Python, no Django: the mapping is a domain rule and is documented here.

- 1 *summoned to treatment*: the right is granted and the appointment is known — the decision's
  *when* holds a concrete day (``14.04.2026``, ``14. april kl. 09.30``, ``2026-04-14``), so the
  letter is a summons. Vague times ("innen fristen", "i løpet av mai") are not a summons.
- 2 *information about treatment*: the right is granted but no appointment is set yet (the letter
  gives the deadline and says a summons follows), including a mapping consultation offered
  without a day yet.
- 3 *forwarded*: the referral itself was sent on to another pain clinic or centre
  ("Viderehenvisning"); it keeps its original receipt date and the new unit answers it.
- 4 *rejected*: the referral is closed here. That covers *no right* and *referred on*: referring
  on to another specialist service (DPS, TSB, rehabilitation, …) is a new referral from the
  clinic, not the original one carried onward, so the original referral ends here as "avvist";
  the letter names the service it went to.
"""

from __future__ import annotations

import re

SUMMONED = 1
INFORMATION = 2
FORWARDED = 3
REJECTED = 4

_MONTHS = (
    "januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|des"
)
_CONCRETE_DAY = re.compile(
    rf"\b\d{{4}}-\d{{2}}-\d{{2}}\b"  # 2026-04-14
    rf"|\b\d{{1,2}}\.\s?\d{{1,2}}\.(?:\s?\d{{2,4}})?"  # 14.04. / 14.4.2026
    rf"|\b\d{{1,2}}\.\s?(?:{_MONTHS})\b",  # 14. april
    re.IGNORECASE,
)


def names_a_day(text: str) -> bool:
    """Whether a free-text "when" names a concrete day (an appointment), not just a period."""
    return bool(_CONCRETE_DAY.search(text or ""))


def status_code_for(outcome: str, *, care_when: str = "") -> int:
    """The "Status på henvisning" code for a decision outcome (see the module docstring)."""
    if outcome == "right_granted":
        return SUMMONED if names_a_day(care_when) else INFORMATION
    if outcome == "forwarded":
        return FORWARDED
    if outcome in ("no_right", "referred_on"):
        return REJECTED
    raise ValueError(f"unknown outcome: {outcome!r}")
