"""Pathway events and pathway times at the Django level (D6): the stored state, the page and the
unit list all come from the pure rules over the events, in a table of scenarios."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from painpath.pathways import services
from painpath.pathways.models import AppendOnlyError, Pathway, PathwayEvent
from tests.pathways.conftest import days_ago


@dataclass(frozen=True)
class Scenario:
    name: str
    start: int
    events: list[tuple[str, str, int]] = field(default_factory=list)  # meaning, outcome, days ago
    # (event index, corrected to days ago or None to retract, reason)
    corrections: list[tuple[int, int | None]] = field(default_factory=list)
    phase: str = ""
    statuses: tuple[str, str, str] = ("", "", "")
    days_left: tuple[int | None, int | None, int | None] = (None, None, None)
    running: str = ""
    sort_group: int = 1
    fhir_status: str = "active"


SCENARIOS = [
    Scenario(
        "on time",
        start=100,
        events=[("assessment_start", "", 60), ("summary_meeting", "", 10)],
        phase="followup_treatment",
        statuses=("on_time", "on_time", "running"),
        days_left=(44, 34, 172),
        running="summary_to_followup",
        sort_group=0,
    ),
    Scenario(
        "late, still waiting for the assessment",
        start=120,
        phase="referral_start",
        statuses=("overdue_running", "pending", "pending"),
        days_left=(-36, None, None),
        running="start_to_assessment",
        sort_group=0,
    ),
    Scenario(
        "late assessment start, summary running",
        start=200,
        events=[("assessment_start", "", 100)],
        phase="mapping_assessment",
        statuses=("late", "overdue_running", "pending"),
        days_left=(-16, -16, None),
        running="assessment_to_summary",
        sort_group=0,
    ),
    Scenario(
        "corrected event",
        start=90,
        events=[("assessment_start", "", 10)],
        corrections=[(0, 80)],
        phase="mapping_assessment",
        statuses=("on_time", "running", "pending"),
        days_left=(74, 4, None),
        running="assessment_to_summary",
        sort_group=0,
    ),
    Scenario(
        "retracted event",
        start=30,
        events=[("assessment_start", "", 10)],
        corrections=[(0, None)],
        phase="referral_start",
        statuses=("running", "pending", "pending"),
        days_left=(54, None, None),
        running="start_to_assessment",
        sort_group=0,
    ),
    Scenario(
        "transferred",
        start=120,
        events=[("assessment_start", "", 80), ("closed", "transferred", 30)],
        phase="closed",
        statuses=("on_time", "not_applicable", "not_applicable"),
        days_left=(44, None, None),
        sort_group=2,
        fhir_status="finished",
    ),
    Scenario(
        "closed early",
        start=50,
        events=[("closed", "other", 20)],
        phase="closed",
        statuses=("not_applicable", "not_applicable", "not_applicable"),
        sort_group=2,
        fhir_status="cancelled",
    ),
    Scenario(
        "closed after the follow-up meeting",
        start=400,
        events=[
            ("assessment_start", "", 320),
            ("summary_meeting", "", 250),
            ("closed", "followup_completed", 80),
        ],
        phase="closed",
        statuses=("on_time", "on_time", "on_time"),
        days_left=(4, 14, 12),
        sort_group=2,
        fhir_status="finished",
    ),
]


def _build(scenario: Scenario, make_pathway, clinician) -> Pathway:
    pathway = make_pathway(start_days_ago=scenario.start)
    registered = []
    for meaning, outcome, ago in scenario.events:
        registered.append(
            services.append_event(
                clinician,
                pathway,
                code=services.code_for(meaning, outcome),
                occurred_on=days_ago(ago),
            )
        )
    for index, ago in scenario.corrections:
        services.correct_event(
            clinician,
            pathway,
            registered[index],
            occurred_on=days_ago(ago) if ago is not None else None,
            reason="Feil dato registrert",
        )
    return Pathway.objects.get(pk=pathway.pk)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_pathway_times_from_events(
    scenario: Scenario, make_pathway, clinician, client: Client
) -> None:
    pathway = _build(scenario, make_pathway, clinician)
    state = services.state_of(pathway)
    assert state.phase.value == scenario.phase
    assert tuple(t.status.value for t in state.times) == scenario.statuses
    assert tuple(t.days_left for t in state.times) == scenario.days_left
    # What the unit list stores is the rules' state.
    assert pathway.phase == scenario.phase
    assert pathway.running_time == scenario.running
    assert pathway.sort_group == scenario.sort_group
    running = state.running_time
    assert pathway.running_target_on == (running.target_on if running else None)
    # The page shows it; the FHIR export carries the status.
    client.force_login(clinician)
    page = client.get(f"/pathways/{pathway.pk}/").content.decode()
    if "overdue_running" in scenario.statuses:
        assert "dager over fristen" in page
    if "late" in scenario.statuses:
        assert "for sent" in page
    bundle = client.get(f"/api/pathways/{pathway.pk}/fhir").json()
    assert bundle["entry"][0]["resource"]["status"] == scenario.fhir_status


def test_the_unit_list_puts_pathway_times_at_risk_first(make_pathway, clinician, client) -> None:
    built = {s.name: _build(s, make_pathway, clinician) for s in SCENARIOS}
    client.force_login(clinician)
    response = client.get("/pathways/")
    rows = [row.pk for row in response.context["rows"]]
    expected_first = [
        built["late, still waiting for the assessment"].pk,  # 36 days overdue
        built["late assessment start, summary running"].pk,  # 16 days overdue
        built["corrected event"].pk,  # 4 days left
        built["retracted event"].pk,  # 54 days left
        built["on time"].pk,  # 172 days left
    ]
    assert rows[:5] == expected_first
    assert set(rows[5:]) == {
        built["transferred"].pk,
        built["closed early"].pk,
        built["closed after the follow-up meeting"].pk,
    }
    at_risk = client.get("/pathways/?at_risk=1").context["rows"]
    assert [row.pk for row in at_risk] == expected_first[:3]


def test_correction_keeps_the_original_event(make_pathway, clinician) -> None:
    pathway = make_pathway(start_days_ago=60)
    event = services.append_event(
        clinician, pathway, code=services.code_for("assessment_start"), occurred_on=days_ago(5)
    )
    correction = services.correct_event(
        clinician, pathway, event, occurred_on=days_ago(20), reason="Feil dato"
    )
    assert PathwayEvent.objects.filter(pathway=pathway).count() == 3
    assert correction.corrects == event
    event.refresh_from_db()
    assert event.occurred_on == days_ago(5)  # never edited
    # A second correction of the same event applies to the latest in the chain.
    second = services.correct_event(
        clinician, pathway, event, occurred_on=days_ago(21), reason="Enda en feil"
    )
    assert second.corrects == correction
    assert services.state_of(pathway).time(
        services.rules.PathwayTimeCode.START_TO_ASSESSMENT
    ).ended_on == days_ago(21)


def test_events_are_append_only(make_pathway) -> None:
    pathway = make_pathway()
    event = pathway.events.get()
    event.occurred_on = days_ago(3)
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")
def test_postgresql_refuses_update_of_events(make_pathway) -> None:  # pragma: no cover
    pathway = make_pathway()
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        PathwayEvent.objects.filter(pathway=pathway).update(note="changed")


@pytest.mark.parametrize(
    ("meaning", "ago", "message"),
    [
        ("assessment_start", -3, "fram i tid"),
        ("summary_meeting", 2, "Steget før"),
        ("assessment_start", 40, "før forrige steg"),
    ],
    ids=["future", "missing-predecessor", "before-start"],
)
def test_events_that_break_the_pathway_are_refused(
    make_pathway, clinician, meaning, ago, message
) -> None:
    pathway = make_pathway(start_days_ago=30)
    with pytest.raises(ValidationError) as exc:
        services.append_event(
            clinician, pathway, code=services.code_for(meaning), occurred_on=days_ago(ago)
        )
    assert message in str(exc.value)
    assert pathway.events.count() == 1


def test_duplicate_event_is_refused_in_the_ui(client: Client, make_pathway, clinician) -> None:
    pathway = make_pathway(start_days_ago=30)
    code = services.code_for("assessment_start")
    services.append_event(clinician, pathway, code=code, occurred_on=days_ago(10))
    client.force_login(clinician)
    response = client.post(
        f"/pathways/{pathway.pk}/events/new/",
        {"code": code.pk, "occurred_on": days_ago(5).isoformat()},
    )
    assert "allerede registrert i forløpet" in response.content.decode()
    assert pathway.events.count() == 2


def test_closed_pathway_takes_no_new_events_until_the_closing_is_retracted(
    make_pathway, clinician
) -> None:
    pathway = make_pathway(start_days_ago=30)
    closing = services.append_event(
        clinician, pathway, code=services.code_for("closed", "other"), occurred_on=days_ago(1)
    )
    with pytest.raises(ValidationError, match="avsluttet"):
        services.append_event(
            clinician, pathway, code=services.code_for("assessment_start"), occurred_on=days_ago(0)
        )
    services.correct_event(clinician, pathway, closing, occurred_on=None, reason="Feil pasient")
    pathway.refresh_from_db()
    assert pathway.phase == "referral_start"
    services.append_event(
        clinician, pathway, code=services.code_for("assessment_start"), occurred_on=days_ago(0)
    )


def test_correction_in_the_ui_needs_a_reason(client: Client, make_pathway, clinician) -> None:
    pathway = make_pathway(start_days_ago=30)
    start = pathway.events.get()
    client.force_login(clinician)
    url = f"/pathways/{pathway.pk}/events/{start.pk}/correct/"
    response = client.post(url, {"occurred_on": days_ago(25).isoformat(), "reason": ""})
    assert "Feltet er påkrevet" in response.content.decode()
    response = client.post(url, {"occurred_on": days_ago(25).isoformat(), "reason": "Skrivefeil"})
    assert response.status_code == 302
    pathway.refresh_from_db()
    assert pathway.started_on == days_ago(25)
    page = client.get(f"/pathways/{pathway.pk}/").content.decode()
    assert "rettet til" in page and "Skrivefeil" in page


def test_assessment_start_from_the_ui_updates_the_times(
    client: Client, make_pathway, clinician
) -> None:
    pathway = make_pathway(start_days_ago=30)
    client.force_login(clinician)
    code = services.code_for("assessment_start")
    client.post(
        f"/pathways/{pathway.pk}/events/new/",
        {"code": code.pk, "occurred_on": timezone.localdate().isoformat()},
    )
    pathway.refresh_from_db()
    assert pathway.phase == "mapping_assessment"
    assert pathway.running_time == "assessment_to_summary"
    assert pathway.running_target_on == timezone.localdate() + timedelta(weeks=12)


def test_event_codes_are_seeded_and_edited_in_admin(client: Client, make_user) -> None:
    codes = {(c.meaning, c.outcome): c.code for c in services.active_codes()}
    assert set(codes) == {
        ("start", ""),
        ("assessment_start", ""),
        ("summary_meeting", ""),
        ("followup_meeting", ""),
        ("closed", "followup_completed"),
        ("closed", "transferred"),
        ("closed", "other"),
    }
    admin = make_user("admin", "admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    code = services.code_for("assessment_start")
    page = client.get(f"/admin/pathways/pathwayeventcode/{code.pk}/change/")
    assert page.status_code == 200
    response = client.post(
        f"/admin/pathways/pathwayeventcode/{code.pk}/change/",
        {
            "code": "PF-U",
            "label": "Start utredning",
            "meaning": "assessment_start",
            "outcome": "",
            "active": "on",
            "sort_order": "10",
        },
    )
    assert response.status_code == 302
    assert services.code_for("assessment_start").code == "PF-U"


def test_missing_default_codes_are_restored(db) -> None:
    from painpath.pathways.models import PathwayEventCode

    PathwayEventCode.objects.filter(meaning="closed").delete()
    assert services.ensure_event_codes() == 3
    assert services.ensure_event_codes() == 0
    assert services.code_for("closed", "transferred").code == "SM-X2"


def test_closing_cannot_be_retracted_while_a_newer_pathway_runs(
    make_pathway, make_decision, clinician
) -> None:
    """Reopening would give the patient two active pathways at the unit: refused, nothing stored."""
    first = make_pathway(start_days_ago=30)
    closing = services.append_event(
        clinician, first, code=services.code_for("closed", "other"), occurred_on=days_ago(2)
    )
    services.start_pathway(
        clinician,
        make_decision(patient=first.patient, received_days_ago=5),
        starts_on=days_ago(1),
        pain_since=days_ago(400),
        complex_pain=True,
    )
    events = PathwayEvent.objects.count()
    with pytest.raises(ValidationError, match="kan ikke åpnes igjen"):
        services.correct_event(clinician, first, closing, occurred_on=None, reason="Feil")
    assert PathwayEvent.objects.count() == events
    first.refresh_from_db()
    assert first.phase == "closed"
