"""Priority rules are versioned data (D4): seeded from painpath.rules.priority, edited in the admin
as new versions; a decision records the version it used."""

from __future__ import annotations

import pytest
from django.test import Client

from painpath.accounts.models import User
from painpath.intake.models import PriorityRule
from painpath.rules.priority import SEED_PRIORITY_RULES

pytestmark = pytest.mark.django_db


def test_the_four_seed_rows_are_in_the_database() -> None:
    rows = {
        (r.code, r.condition_group, r.right_granted, r.max_weeks)
        for r in PriorityRule.objects.filter(active=True, version=1)
    }
    assert rows == {
        (s.code, s.condition_group, s.right_granted, s.max_weeks) for s in SEED_PRIORITY_RULES
    }


def test_editing_a_rule_in_the_admin_saves_a_new_version(client: Client) -> None:
    admin = User.objects.create_superuser(
        "admin", "admin@example.no", "pw-painpath-123", role="admin"
    )
    client.force_login(admin)
    rule = PriorityRule.objects.get(code="subacute_chronification_risk", active=True)
    response = client.post(
        f"/admin/intake/priorityrule/{rule.pk}/change/",
        {
            "condition_group": rule.condition_group,
            "right_granted": "on",
            "max_weeks": "3",
            "factors": rule.factors,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    rule.refresh_from_db()
    assert (rule.max_weeks, rule.version, rule.active) == (2, 1, False)
    new = PriorityRule.objects.get(code="subacute_chronification_risk", active=True)
    assert (new.max_weeks, new.version) == (3, 2)
