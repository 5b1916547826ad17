"""The interop demo (ORDER 35): invented RESH-/HER-ids on the demo units and two FHIR referrals,
idempotent."""

from __future__ import annotations

import pytest
from django.utils import timezone

from painpath.accounts import demo as accounts_demo
from painpath.demo.registry import DemoContext
from painpath.interop import demo
from painpath.organisation import demo as organisation_demo
from painpath.organisation.models import Clinic
from painpath.referrals.models import Referral
from painpath.rules.working_days import add_working_days

pytestmark = pytest.mark.django_db


def load_all(ctx: DemoContext) -> None:
    organisation_demo.load(ctx)
    accounts_demo.load(ctx)
    demo.load(ctx)


def test_demo_sets_identifiers_and_imports_two_referrals_once() -> None:
    ctx = DemoContext(today=timezone.localdate())
    load_all(ctx)
    units = list(Clinic.objects.all())
    assert all(u.resh_id.startswith("99") and u.her_id.startswith("98") for u in units)
    assert len({u.resh_id for u in units}) == len(units) == 15
    ahus = Referral.objects.get(external_id="DEMO-FHIR-0001")
    ous = Referral.objects.get(external_id="DEMO-FHIR-0002")
    assert ahus.clinic.name == demo.AHUS and ahus.channel == "fhir"
    assert ahus.referrer.hpr_number == "9144889"  # the demo GP (fastlege)
    assert ous.clinic.name == demo.OUS and ous.serious_illness_suspected
    assert ous.received_on == add_working_days(ctx.today, -4)  # kept from the forwarding
    assert ous.referrer.role == "pain_clinic"  # forwarded from Sykehuset Østfold's clinic

    load_all(DemoContext(today=timezone.localdate()))
    assert Referral.objects.count() == 2


def test_demo_keeps_identifiers_an_administrator_entered() -> None:
    ctx = DemoContext(today=timezone.localdate())
    organisation_demo.load(ctx)
    Clinic.objects.filter(name=demo.AHUS).update(resh_id="4001031")
    demo.load(ctx)
    assert Clinic.objects.get(name=demo.AHUS).resh_id == "4001031"
    assert Referral.objects.get(external_id="DEMO-FHIR-0001").clinic.name == demo.AHUS


def test_a_hospital_referrer_is_not_taken_for_the_patients_gp() -> None:
    ctx = DemoContext(today=timezone.localdate())
    load_all(ctx)
    ous = Referral.objects.get(external_id="DEMO-FHIR-0002")
    assert ous.gp_name == ous.patient.gp_name == "Thomas Nilsen"
    assert ous.referrer.name == "Jon Vidar Holt"
