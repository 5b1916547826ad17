"""The network register: public overview, the leader's unit page, admin input rules (issue 2)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from painpath.accounts.models import Role, User
from painpath.organisation.models import Clinic, HospitalTrust, StaffMember


def test_public_overview_needs_no_sign_in(client: Client, network) -> None:
    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Smerteklinikker i Norge" in body
    assert "Helse Sør-Øst" in body and "Helse Vest" in body
    assert "Smerteklinikken A" in body and "Akershus universitetssykehus HF" in body


def test_public_api_lists_units_without_sign_in(client: Client, network) -> None:
    units = client.get("/api/units").json()
    assert {u["name"] for u in units} == {"Smerteklinikken A", "Smerteklinikken B"}
    assert all("waiting_time_weeks" in u for u in units)


def test_leader_sees_compliance(client: Client, network, make_user) -> None:
    client.force_login(make_user("leder", Role.LEADER, [network["a"]]))
    body = client.get(f"/units/{network['a'].pk}/").content.decode()
    assert "Enheten oppfyller bemanningskravet" in body


def test_leader_sees_exactly_what_is_missing(client: Client, network, make_user) -> None:
    unit = network["a"]
    StaffMember.objects.filter(clinic=unit, profession="psychologist").update(
        fixed_attachment=False
    )
    client.force_login(make_user("leder", Role.LEADER, [unit]))
    body = client.get(f"/units/{unit.pk}/").content.decode()
    assert "Enheten oppfyller ikke bemanningskravet" in body
    assert "Mangler: <strong>psykolog</strong>" in body


def test_leader_sees_overdue_competence_follow_up(client: Client, network, make_user) -> None:
    unit = network["a"]
    StaffMember.objects.filter(clinic=unit, profession="doctor").update(
        competence_plan="ACT-kurs", last_appraisal_on=timezone.localdate() - timedelta(days=400)
    )
    client.force_login(make_user("leder", Role.LEADER, [unit]))
    body = client.get(f"/units/{unit.pk}/").content.decode()
    assert "forfalt siden" in body


def test_unit_page_of_another_unit_is_404(client: Client, network, make_user) -> None:
    client.force_login(make_user("leder", Role.LEADER, [network["a"]]))
    assert client.get(f"/units/{network['b'].pk}/").status_code == 404
    assert client.get(f"/api/units/{network['b'].pk}/staffing").status_code == 404
    assert client.get(f"/api/units/{network['a'].pk}/staffing").json()["compliant"] is True


@pytest.fixture
def admin_client(client: Client, make_user) -> Client:
    client.force_login(make_user("admin", Role.ADMIN, is_staff=True, is_superuser=True))
    return client


def test_admin_refuses_a_unit_without_region(admin_client: Client, network) -> None:
    response = admin_client.post(
        "/admin/organisation/clinic/add/",
        {"name": "Ny", "kind": "clinic", "staff-TOTAL_FORMS": 0, "staff-INITIAL_FORMS": 0},
    )
    assert response.status_code == 200
    assert (
        "Velg helseforetaket enheten hører til; helseforetaket gir helseregionen."
        in response.content.decode()
    )
    assert not Clinic.objects.filter(name="Ny").exists()


def test_admin_refuses_a_duplicate_unit(admin_client: Client, network) -> None:
    trust = HospitalTrust.objects.get(name="Akershus universitetssykehus HF")
    response = admin_client.post(
        "/admin/organisation/clinic/add/",
        {
            "name": "Smerteklinikken A",
            "kind": "clinic",
            "trust": trust.pk,
            "staff-TOTAL_FORMS": 0,
            "staff-INITIAL_FORMS": 0,
        },
    )
    assert "Dette helseforetaket har allerede en enhet med det navnet." in response.content.decode()
    assert Clinic.objects.filter(name="Smerteklinikken A").count() == 1


def test_admin_refuses_a_staff_member_without_profession(admin_client: Client, network) -> None:
    response = admin_client.post(
        "/admin/organisation/staffmember/add/",
        {"clinic": network["a"].pk, "name": "Uten Yrke", "profession": "", "position_percent": 100},
    )
    assert "Feltet er påkrevet" in response.content.decode()
    assert not StaffMember.objects.filter(name="Uten Yrke").exists()


def test_demo_data_is_idempotent_and_shows_the_warnings(db) -> None:
    call_command("demo")
    counts = (Clinic.objects.count(), StaffMember.objects.count(), User.objects.count())
    call_command("demo")
    assert (Clinic.objects.count(), StaffMember.objects.count(), User.objects.count()) == counts
    assert Clinic.objects.filter(kind="centre").count() == 4
    assert Clinic.objects.filter(kind="clinic").count() >= 10
    assert {u.role for u in User.objects.all()} == {r.value for r in Role}
    non_compliant = [u.name for u in Clinic.objects.all() if not u.staffing().compliant]
    assert non_compliant == ["Smerteklinikken, Helse Førde"]
    today = timezone.localdate()
    assert any(s.competence_followup(today).status == "overdue" for s in StaffMember.objects.all())
