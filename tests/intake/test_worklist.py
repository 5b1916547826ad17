"""The intake worklist (issue 4): most urgent first, working days left, completeness, flags,
where a forwarded referral came from, filters and counts; constant queries; only the own unit."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from painpath.intake import services
from painpath.intake.models import ForwardingRecord
from painpath.referrals.models import ReferralFlag

TODAY = date(2026, 3, 2)  # a Monday

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch) -> None:
    monkeypatch.setattr(services, "today", lambda: TODAY)


def test_most_urgent_first_with_working_days_left(client: Client, team, make_referral) -> None:
    a = team["a"]
    later = make_referral(a, date(2026, 2, 27), given="Senere", family="Saksen")  # due 13.03
    overdue = make_referral(a, date(2026, 2, 9), given="Forsinket", family="Fredriksen")  # 23.02
    soon = make_referral(a, date(2026, 2, 17), given="Snart", family="Sørensen")  # due 03.03
    make_referral(a, date(2026, 2, 2), given="Ferdigvurdert", family="Dahl", status="decided")
    make_referral(team["b"], date(2026, 2, 2), given="Annen", family="Enhet")
    work = services.worklist(team["lege"], a, services.WorklistFilters(), day=TODAY)
    assert [r.referral for r in work.rows] == [overdue, soon, later]
    assert [r.working_days_left for r in work.rows] == [-5, 1, 9]
    assert work.rows[0].overdue and not work.rows[1].overdue
    assert work.counts["total"] == 3 and work.counts["overdue"] == 1

    client.force_login(team["lege"])
    body = client.get("/intake/").content.decode()
    assert body.index("Forsinket") < body.index("Snart") < body.index("Senere")
    assert "forsinket med 5 virkedager" in body
    assert "1 virkedag igjen" in body
    assert "Ferdigvurdert" not in body and "Annen" not in body


def test_completeness_flags_and_forwarded_from_are_shown(
    client: Client, team, make_referral
) -> None:
    a = team["a"]
    referral = make_referral(a, date(2026, 2, 25), missing=["trauma", "motivation"])
    ReferralFlag.objects.create(referral=referral, code="interpreter", confirmed=True)
    ReferralFlag.objects.create(referral=referral, code="older", confirmed=False)  # removed
    work = services.worklist(team["lege"], a, services.WorklistFilters(), day=TODAY)
    row = work.rows[0]
    assert (row.present, row.total_items, row.missing) == (12, 14, ["motivation", "trauma"])
    assert [f.code for f in row.flags] == ["interpreter"]

    client.force_login(team["lege"])
    body = client.get("/intake/").content.decode()
    assert "12/14" in body and '<span class="badge badge-warn">Tolk</span>' in body
    assert '<span class="badge badge-warn">eldre pasient</span>' not in body


def test_filters_and_counts(client: Client, team, make_referral) -> None:
    a = team["a"]
    make_referral(a, date(2026, 2, 9), given="Ola", family="Overdue")
    make_referral(a, date(2026, 2, 26), given="Siri", family="Alvorlig", serious=True)
    flagged = make_referral(a, date(2026, 2, 27), given="Tor", family="Tolk", channel="paper")
    ReferralFlag.objects.create(referral=flagged, code="interpreter")

    def names(**params: str) -> list[str]:
        f = services.WorklistFilters.from_params(params)
        return [
            r.referral.patient.family_name
            for r in services.worklist(team["lege"], a, f, day=TODAY).rows
        ]

    assert names(overdue="1") == ["Overdue"]
    assert names(serious="1") == ["Alvorlig"]
    assert names(flag="interpreter") == ["Tolk"]
    assert names(flag="any") == ["Tolk"]
    assert names(channel="paper") == ["Tolk"]
    assert names(q="alvor") == ["Alvorlig"]
    counts = services.worklist_counts(a, TODAY)
    assert counts["total"] == 3
    assert counts["overdue"] == 1 and counts["serious"] == 1 and counts["flagged"] == 1
    assert counts["channel_paper"] == 1 and counts["channel_web"] == 2

    client.force_login(team["lege"])
    body = client.get("/intake/", {"serious": "1"}).content.decode()
    assert "Alvorlig" in body and "Overdue" not in body
    assert "1 forsinket" in body


def test_forwarded_referral_shows_where_it_came_from(team, make_referral) -> None:
    a, b = team["a"], team["b"]
    referral = make_referral(a, date(2026, 2, 25))
    from painpath.intake.models import Decision

    decision = Decision.objects.create(
        referral=referral,
        outcome="forwarded",
        decided_by=team["lege"],
        decided_on=TODAY,
        forwarded_to=b,
        clinic=a,
    )
    ForwardingRecord.objects.create(
        referral=referral,
        decision=decision,
        from_clinic=a,
        to_clinic=b,
        forwarded_by=team["lege"],
        forwarded_on=TODAY,
    )
    referral.clinic = b
    referral.save()
    work = services.worklist(team["other"], b, services.WorklistFilters(), day=TODAY)
    assert work.rows[0].forwarded_from == a
    assert work.counts["forwarded"] == 1


def test_the_worklist_is_paginated(team, make_referral) -> None:
    for n in range(7):
        make_referral(team["a"], date(2026, 2, 20 + n % 5), given=f"P{n}")
    work = services.worklist(
        team["lege"], team["a"], services.WorklistFilters(), 2, day=TODAY, page_size=5
    )
    assert work.page.paginator.num_pages == 2
    assert len(work.rows) == 2
    assert work.counts["total"] == 7


def _queries_for_worklist(client: Client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/intake/")
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_referrals(
    client: Client, team, make_referral
) -> None:
    a = team["a"]
    client.force_login(team["lege"])
    for n in range(5):
        r = make_referral(a, date(2026, 2, 16 + n), given=f"Fem{n}")
        ReferralFlag.objects.create(referral=r, code="trauma")
    few = _queries_for_worklist(client)
    for n in range(45):
        r = make_referral(a, date(2026, 2, 2 + n % 25), given=f"Mange{n}")
        ReferralFlag.objects.create(referral=r, code="older")
    many = _queries_for_worklist(client)
    assert many == few


def test_the_worklist_is_for_unit_staff_only(client: Client, team) -> None:
    client.force_login(team["referrer_user"])
    assert client.get("/intake/").status_code == 403


def test_the_menu_offers_the_worklist(client: Client, team) -> None:
    client.force_login(team["lege"])
    assert 'href="/intake/"' in client.get("/intake/").content.decode()
    assert "Arbeidsliste" in client.get("/intake/").content.decode()
