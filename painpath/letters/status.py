"""The structured code of the national "Status på henvisning" message for a decision (D12).

Plain Python, no Django: the mapping is a domain rule and is documented here.

- 1 *summoned to treatment*: the right is granted and the appointment is known — both *when*
  and *where* are filled in, so the letter is a summons.
- 2 *information about treatment*: the right is granted but no appointment is set yet (the letter
  gives the deadline and says a summons follows), or a mapping consultation is offered without a
  time and place yet.
- 3 *forwarded*: the referral itself was sent on to another pain clinic or centre
  ("Viderehenvisning"); it keeps its original receipt date and the new unit answers it.
- 4 *rejected*: the referral is closed here. That covers *no right* and *referred on*: referring
  on to another specialist service (DPS, TSB, rehabilitation, …) is a new referral from the
  clinic, not the original one carried onward, so the original referral ends here as "avvist";
  the letter names the service it went to.
"""

from __future__ import annotations

SUMMONED = 1
INFORMATION = 2
FORWARDED = 3
REJECTED = 4


def status_code_for(outcome: str, *, care_when: str = "", care_where: str = "") -> int:
    """The "Status på henvisning" code for a decision outcome (see the module docstring)."""
    if outcome == "right_granted":
        if care_when.strip() and care_where.strip():
            return SUMMONED
        return INFORMATION
    if outcome == "forwarded":
        return FORWARDED
    if outcome in ("no_right", "referred_on"):
        return REJECTED
    raise ValueError(f"unknown outcome: {outcome!r}")
