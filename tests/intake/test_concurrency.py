"""Two team members deciding the same referral at the same moment: exactly one decision stands
and the other gets a readable conflict (issue 4, "must hold"). Real connections need PostgreSQL;
on SQLite the constraint path is tested in test_assessment.py."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection, connections

from painpath.intake import services
from painpath.intake.models import Decision
from painpath.referrals.models import Referral

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="two real connections need PostgreSQL"
    ),
]


def test_two_members_deciding_at_once_leave_exactly_one_decision(
    team, make_referral, rules
) -> None:
    referral = make_referral(team["a"], date.today())
    members = [team["lege"], team["psykolog"]]
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def decide(member) -> None:
        try:
            fresh = Referral.objects.get(pk=referral.pk)
            data = services.DecisionInput(
                outcome="referred_on", referred_on_to=f"Avdeling for {member.username}"
            )
            barrier.wait(timeout=10)
            outcomes[member.username] = services.decide(member, fresh, data)
        except services.DecisionConflict as conflict:
            outcomes[member.username] = conflict
        except Exception as error:  # noqa: BLE001 - reported by the assertions below
            outcomes[member.username] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide, args=(m,)) for m in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    decisions = list(Decision.objects.filter(referral=referral))
    assert len(decisions) == 1
    winner = decisions[0].decided_by.username
    loser = next(m.username for m in members if m.username != winner)
    assert isinstance(outcomes[winner], Decision)
    conflict = outcomes[loser]
    assert isinstance(conflict, services.DecisionConflict), conflict
    assert conflict.existing is not None and conflict.existing.pk == decisions[0].pk
    name = decisions[0].decided_by.get_full_name()
    assert f"Henvisningen ble nettopp avgjort av {name}" in conflict.message
