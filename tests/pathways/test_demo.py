"""The demo has pathways in every phase, some late, so every pathway screen shows real content."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from painpath.accounts import demo as accounts_demo
from painpath.accounts.models import User
from painpath.demo.registry import DemoContext
from painpath.organisation import demo as organisation_demo
from painpath.pathways import demo as pathways_demo
from painpath.pathways.models import CollaborationMeeting, Pathway, PathwayEvent, TreatmentMeasure


def _load_alone() -> None:
    """The network and users only: the pathway demo must not need the other apps' demo data."""
    ctx = DemoContext(today=timezone.localdate())
    organisation_demo.load(ctx)
    accounts_demo.load(ctx)
    pathways_demo.load(ctx)


@pytest.mark.django_db
def test_demo_pathways_in_every_phase_some_late() -> None:
    _load_alone()
    today = timezone.localdate()
    phases = set(Pathway.objects.values_list("phase", flat=True))
    assert phases == {"referral_start", "mapping_assessment", "followup_treatment", "closed"}
    late = Pathway.objects.filter(running_target_on__lt=today)
    assert {p.phase for p in late} >= {"referral_start", "mapping_assessment", "followup_treatment"}
    assert set(Pathway.objects.values_list("closed_outcome", flat=True)) >= {
        "followup_completed",
        "transferred",
        "other",
    }
    assert PathwayEvent.objects.filter(corrects__isnull=False).exists()
    assert CollaborationMeeting.objects.filter(status="held").exists()
    assert CollaborationMeeting.objects.filter(status="booked").exists()
    assert TreatmentMeasure.objects.filter(omeq_mg_per_day__isnull=False).exists()
    assert Pathway.objects.filter(on_hold=True).exists()


@pytest.mark.django_db
def test_demo_is_idempotent() -> None:
    _load_alone()
    counts = (
        Pathway.objects.count(),
        PathwayEvent.objects.count(),
        TreatmentMeasure.objects.count(),
    )
    _load_alone()
    assert counts == (
        Pathway.objects.count(),
        PathwayEvent.objects.count(),
        TreatmentMeasure.objects.count(),
    )


@pytest.mark.django_db
def test_every_demo_screen_renders(client: Client) -> None:
    call_command("demo")
    user = User.objects.get(username="kliniker.ahus")
    client.force_login(user)
    listing = client.get("/pathways/").content.decode()
    assert "dager over fristen" in listing
    assert "Innvilgede henvisninger som venter på forløpsstart" in listing
    for pathway in Pathway.objects.filter(clinic__in=user.unit_ids()):
        assert client.get(f"/pathways/{pathway.pk}/").status_code == 200
        for meeting in pathway.meetings.filter(status="held"):
            page = client.get(f"/pathways/{pathway.pk}/meetings/{meeting.pk}/").content.decode()
            assert "Oppsummering til fastlege og pasient" in page
            assert "/documents/" in page
        assert client.get(f"/pathways/{pathway.pk}/assessment/").status_code == 200
