"""The assessment page and the decision (issue 4, D4): views, outcomes, the deviation rule,
forwarding, questions, corrections, conflicts, start of care — and 404 for other units."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from painpath.audit.models import AuditEvent
from painpath.intake import services
from painpath.intake.models import AssessmentView, Decision, InformationRequest, Outcome
from painpath.intake.signals import decision_recorded
from painpath.referrals.models import Referral

TODAY = date(2026, 3, 2)  # Monday
RECEIVED = date(2026, 2, 23)  # due 09.03.2026; 2 weeks → 09.03.2026; 16 weeks → 15.06.2026

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch) -> None:
    monkeypatch.setattr(services, "today", lambda: TODAY)


@pytest.fixture
def referral(team, make_referral) -> Referral:
    return make_referral(team["a"], RECEIVED, missing=["trauma", "motivation"])


def granted(rules, **extra) -> dict:
    return {
        "outcome": "right_granted",
        "priority_rule": rules["chronic_complex_known_cause"].pk,
        "care_deadline": "2026-06-15",
        "care_what": "Tverrfaglig utredning",
        **extra,
    }


def test_the_page_shows_due_date_suggestions_and_completeness(
    client: Client, team, referral, rules
) -> None:
    client.force_login(team["lege"])
    body = client.get(f"/intake/referrals/{referral.pk}/").content.decode()
    assert "09.03.2026" in body  # assessment due
    assert "15.06.2026" in body  # 16 weeks from received_on
    assert "Subakutte smerter" in body
    assert "Registrer teamets vedtak" in body
    assert "12 av 14 punkter dekket" in body  # the completeness, as on the referral page
    assert f'href="/referrals/{referral.pk}/"' in body


def test_other_units_get_404_on_every_page(client: Client, team, referral, rules) -> None:
    decision = services.decide(
        team["lege"],
        referral,
        services.DecisionInput(outcome="referred_on", referred_on_to="Nevrologisk avd."),
    )
    client.force_login(team["other"])
    assert client.get(f"/intake/referrals/{referral.pk}/").status_code == 404
    assert (
        client.post(f"/intake/referrals/{referral.pk}/decide/", granted(rules)).status_code == 404
    )
    assert client.post(f"/intake/referrals/{referral.pk}/view/", {}).status_code == 404
    assert client.get(f"/intake/decisions/{decision.pk}/").status_code == 404
    assert client.get(f"/intake/decisions/{decision.pk}/correct/").status_code == 404
    client.force_login(team["referrer_user"])
    assert client.get(f"/intake/referrals/{referral.pk}/").status_code == 404


def test_reading_the_page_is_audited(client: Client, team, referral) -> None:
    client.force_login(team["lege"])
    client.get(f"/intake/referrals/{referral.pk}/")
    assert AuditEvent.objects.filter(
        action="read", object_type="referrals.Referral", patient_id=referral.patient_id
    ).exists()


def test_each_member_records_a_view(client: Client, team, referral, rules) -> None:
    client.force_login(team["psykolog"])
    response = client.post(
        f"/intake/referrals/{referral.pk}/view/",
        {
            "profession": "psychologist",
            "proposed_outcome": "right_granted",
            "priority_rule": rules["chronic_complex_known_cause"].pk,
            "proposed_weeks": 16,
            "reasoning": "Kjent utløsende årsak.",
        },
    )
    assert response.status_code == 302
    view = AssessmentView.objects.get(referral=referral)
    assert (view.member, view.profession, view.proposed_weeks) == (
        team["psykolog"],
        "psychologist",
        16,
    )
    referral.refresh_from_db()
    assert referral.status == "under_assessment"
    assert AuditEvent.objects.filter(action="create", object_type="intake.AssessmentView").exists()


def test_a_view_without_reasoning_is_refused_in_norwegian(client: Client, team, referral) -> None:
    client.force_login(team["psykolog"])
    response = client.post(
        f"/intake/referrals/{referral.pk}/view/",
        {"profession": "psychologist", "proposed_outcome": "no_right", "reasoning": ""},
    )
    assert response.status_code == 400
    assert "Feltet er påkrevet." in response.content.decode()
    assert not AssessmentView.objects.exists()


def test_granting_the_right_as_suggested(
    client: Client, team, referral, rules, django_capture_on_commit_callbacks
) -> None:
    services.record_view(
        team["psykolog"],
        referral,
        proposed_outcome="right_granted",
        proposed_weeks=16,
        priority_rule=rules["chronic_complex_known_cause"],
        reasoning="Enig.",
    )
    received: list = []

    def receiver(sender, decision, **kwargs) -> None:
        received.append(decision)

    decision_recorded.connect(receiver)
    try:
        client.force_login(team["lege"])
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                f"/intake/referrals/{referral.pk}/decide/", granted(rules, enters_pathway="on")
            )
    finally:
        decision_recorded.disconnect(receiver)
    assert response.status_code == 302
    decision = Decision.objects.get(referral=referral)
    assert decision.outcome == Outcome.RIGHT_GRANTED
    assert decision.care_deadline == date(2026, 6, 15)
    assert decision.priority_rule == rules["chronic_complex_known_cause"]
    assert decision.enters_pathway and not decision.decided_alone
    assert decision.deviation_justification == ""
    assert received == [decision]
    referral.refresh_from_db()
    assert referral.status == "decided"


def test_deciding_alone_is_recorded_as_such(team, referral, rules) -> None:
    services.record_view(
        team["lege"],
        referral,
        proposed_outcome="no_right",
        reasoning="Klart.",
        priority_rule=rules["long_lasting_manageable_elsewhere"],
    )
    decision = services.decide(
        team["lege"],
        referral,
        services.DecisionInput(
            outcome="no_right",
            priority_rule=rules["long_lasting_manageable_elsewhere"],
            justification="Lette plager.",
            advice="Fysioterapi i kommunen.",
            municipal_guidance_helpful=True,
        ),
    )
    assert decision.decided_alone and decision.municipal_guidance_helpful


def test_a_departure_needs_a_written_justification(client: Client, team, referral, rules) -> None:
    client.force_login(team["lege"])
    late = granted(rules, care_deadline="2026-07-15", care_what="Utredning hos oss")
    response = client.post(f"/intake/referrals/{referral.pk}/decide/", late)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Vedtaket avviker fra prioriteringsveilederen" in body
    assert "30 dager senere enn foreslått 15.06.2026" in body
    assert "Utredning hos oss" in body  # the input is kept
    assert not Decision.objects.exists()

    late["deviation_justification"] = "Pasienten ønsker å vente til etter ferien."
    assert client.post(f"/intake/referrals/{referral.pk}/decide/", late).status_code == 302
    decision = Decision.objects.get()
    assert decision.deviation_justification == "Pasienten ønsker å vente til etter ferien."


def test_another_right_than_the_guideline_is_a_departure(team, referral, rules) -> None:
    data = services.DecisionInput(
        outcome="no_right",
        priority_rule=rules["subacute_chronification_risk"],
        justification="Allerede fulgt opp.",
        advice="Fastlege.",
    )
    with pytest.raises(ValidationError) as error:
        services.decide(team["lege"], referral, data)
    assert "deviation_justification" in error.value.message_dict
    assert not Decision.objects.exists()


def test_the_margin_is_a_setting(settings, team, referral, rules) -> None:
    settings.INTAKE_DEVIATION_MARGIN_DAYS = 40
    data = services.DecisionInput(
        outcome="right_granted",
        priority_rule=rules["chronic_complex_known_cause"],
        care_deadline=date(2026, 7, 15),
    )
    assert services.deviations(referral, data) == ()
    settings.INTAKE_DEVIATION_MARGIN_DAYS = 7
    assert services.deviations(referral, data) != ()


def test_no_right_needs_justification_and_advice(client: Client, team, referral, rules) -> None:
    client.force_login(team["lege"])
    response = client.post(
        f"/intake/referrals/{referral.pk}/decide/",
        {"outcome": "no_right", "priority_rule": rules["long_lasting_manageable_elsewhere"].pk},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Skriv den faglige begrunnelsen." in body
    assert "Skriv råd om behandling eller oppfølging andre steder." in body


def test_forwarding_moves_the_referral_and_keeps_its_dates(
    client: Client, team, referral, rules
) -> None:
    a, b = team["a"], team["b"]
    client.force_login(team["lege"])
    response = client.post(
        f"/intake/referrals/{referral.pk}/decide/",
        {"outcome": "forwarded", "forwarded_to": b.pk},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.clinic == b and referral.received_by == a
    assert referral.received_on == RECEIVED and referral.assessment_due_on == date(2026, 3, 9)
    assert referral.status == "received"

    client.force_login(team["other"])
    body = client.get("/intake/").content.decode()
    assert "Testesen" in body and "videresendt fra Smerteklinikken A" in body
    # The new unit decides anew.
    decision = services.decide(
        team["other"],
        referral,
        services.DecisionInput(outcome="referred_on", referred_on_to="Nevrologisk avdeling"),
    )
    assert decision.assessment_round == 1 and decision.clinic == b
    # The first unit can read the history but no longer act.
    client.force_login(team["lege"])
    assert client.get(f"/intake/referrals/{referral.pk}/").status_code == 200
    assert (
        client.post(f"/intake/referrals/{referral.pk}/decide/", granted(rules)).status_code == 403
    )


def test_the_second_decision_gets_a_conflict_and_keeps_its_input(
    client: Client, team, referral, rules
) -> None:
    services.decide(
        team["psykolog"],
        referral,
        services.DecisionInput(outcome="referred_on", referred_on_to="Revmatologisk avdeling"),
    )
    client.force_login(team["lege"])
    response = client.post(
        f"/intake/referrals/{referral.pk}/decide/", granted(rules, care_what="Min egen tekst")
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Henvisningen ble nettopp avgjort av Ingrid Lien" in body
    assert "Min egen tekst" in body  # nothing typed is lost
    assert Decision.objects.count() == 1


def test_the_constraint_allows_one_original_decision_only(team, referral) -> None:
    Decision.objects.create(
        referral=referral, outcome="no_right", decided_by=team["lege"], decided_on=TODAY
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            referral=referral,
            outcome="right_granted",
            decided_by=team["psykolog"],
            decided_on=TODAY,
        )


def test_a_lost_race_on_the_constraint_becomes_a_conflict(
    monkeypatch, team, referral, rules
) -> None:
    """On SQLite the lock cannot be raced: skip the pre-check so the constraint path is taken."""
    Decision.objects.create(
        referral=referral, outcome="no_right", decided_by=team["psykolog"], decided_on=TODAY
    )
    real = services._original_in_round
    calls = {"n": 0}

    def first_sees_nothing(referral, round_):
        calls["n"] += 1
        return None if calls["n"] == 1 else real(referral, round_)

    monkeypatch.setattr(services, "_original_in_round", first_sees_nothing)
    with pytest.raises(services.DecisionConflict) as conflict:
        services.decide(
            team["lege"],
            referral,
            services.DecisionInput(outcome="referred_on", referred_on_to="X"),
        )
    assert "Henvisningen ble nettopp avgjort av Ingrid Lien" in conflict.value.message
    assert Decision.objects.count() == 1


def test_a_correction_is_a_new_decision_with_a_reason(
    client: Client, team, referral, rules
) -> None:
    first = services.decide(
        team["lege"],
        referral,
        services.DecisionInput(
            outcome="right_granted",
            priority_rule=rules["chronic_complex_known_cause"],
            care_deadline=date(2026, 6, 15),
        ),
    )
    client.force_login(team["lege"])
    data = granted(rules, care_deadline="2026-06-12")
    response = client.post(f"/intake/decisions/{first.pk}/correct/", data)
    assert response.status_code == 400
    assert "Feltet er påkrevet." in response.content.decode()
    data["correction_reason"] = "Feil dato i første vedtak."
    assert client.post(f"/intake/decisions/{first.pk}/correct/", data).status_code == 302
    first.refresh_from_db()
    assert first.care_deadline == date(2026, 6, 15)  # never edited in place
    new = Decision.objects.get(corrects=first)
    assert (
        new.care_deadline == date(2026, 6, 12)
        and new.correction_reason == "Feil dato i første vedtak."
    )
    assert services.current_decision(referral) == new


def test_asking_for_more_keeps_the_clock_running(client: Client, team, referral) -> None:
    client.force_login(team["lege"])
    response = client.post(
        f"/intake/referrals/{referral.pk}/ask/",
        {
            "addressed_to": "referrer",
            "items": ["trauma", "motivation"],
            "question": "Er pasienten motivert?",
        },
    )
    assert response.status_code == 302
    question = InformationRequest.objects.get(referral=referral)
    assert question.items == ["motivation", "trauma"] and question.asked_by == team["lege"]
    referral.refresh_from_db()
    assert referral.assessment_due_on == date(2026, 3, 9)
    assert (
        client.post(
            f"/intake/referrals/{referral.pk}/ask/", {"addressed_to": "referrer", "question": ""}
        ).status_code
        == 400
    )


def test_start_of_care_and_deadline_tracking(client: Client, team, referral, rules) -> None:
    decision = services.decide(
        team["lege"],
        referral,
        services.DecisionInput(
            outcome="right_granted",
            priority_rule=rules["subacute_chronification_risk"],
            care_deadline=date(2026, 3, 9),
        ),
    )
    # Warned before the deadline, breached after it — each once.
    result = services.check_deadlines(TODAY)
    assert result.warned == [decision] and result.breached == []
    assert services.check_deadlines(TODAY).warned == []
    after = date(2026, 3, 10)
    assert services.check_deadlines(after).breached == [decision]
    assert services.check_deadlines(after).breached == []
    decision.refresh_from_db()
    assert (
        decision.deadline_warning_recorded_on == TODAY
        and decision.deadline_breach_recorded_on == after
    )

    client.force_login(team["lege"])
    future = (TODAY + timedelta(days=3)).isoformat()
    client.post(f"/intake/decisions/{decision.pk}/care-start/", {"started_on": future})
    decision.refresh_from_db()
    assert decision.care_started_on is None
    client.post(f"/intake/decisions/{decision.pk}/care-start/", {"started_on": "2026-03-02"})
    decision.refresh_from_db()
    assert decision.care_started_on == TODAY and decision.care_start_recorded_by == team["lege"]
    assert (
        "helsehjelp startet i tide"
        in client.get(f"/intake/referrals/{referral.pk}/").content.decode()
    )
    work = services.waiting_list(team["lege"], team["a"], day=TODAY)
    assert work.rows == []


def test_check_deadlines_command_is_idempotent(team, referral, rules) -> None:
    from io import StringIO

    from django.core.management import call_command

    services.decide(
        team["lege"],
        referral,
        services.DecisionInput(
            outcome="right_granted",
            priority_rule=rules["subacute_chronification_risk"],
            care_deadline=date(2026, 3, 9),
        ),
    )
    out = StringIO()
    call_command("check_deadlines", "--date", "2026-03-10", stdout=out)
    assert "1 nye fristbrudd" in out.getvalue()
    out = StringIO()
    call_command("check_deadlines", "--date", "2026-03-10", stdout=out)
    assert "0 nye fristbrudd, 0 nye varsler" in out.getvalue()


def test_waiting_list_orders_by_care_deadline_with_state(
    client: Client, team, make_referral, rules
) -> None:
    a = team["a"]
    later = make_referral(a, RECEIVED, given="Senere")
    sooner = make_referral(a, RECEIVED, given="Tidligere")
    for r, deadline in ((later, date(2026, 6, 15)), (sooner, date(2026, 3, 9))):
        services.decide(
            team["lege"],
            r,
            services.DecisionInput(
                outcome="right_granted",
                priority_rule=rules["chronic_complex_known_cause"],
                care_deadline=deadline,
                deviation_justification="Klinisk vurdering.",
            ),
        )
    waiting = services.waiting_list(team["lege"], a, day=TODAY)
    assert [row.referral for row in waiting.rows] == [sooner, later]
    assert [str(row.state.status) for row in waiting.rows] == ["warning", "ok"]
    assert waiting.counts == {"total": 2, "warning": 1, "breached": 0}
    client.force_login(team["lege"])
    body = client.get("/intake/").content.decode()
    assert "Venter på oppstart av helsehjelp" in body


def test_the_form_shows_a_departure_while_it_is_filled_in(
    client: Client, team, referral, rules
) -> None:
    client.force_login(team["lege"])
    url = f"/intake/referrals/{referral.pk}/deviation/"
    rule = rules["subacute_chronification_risk"].pk
    shown = client.get(
        url, {"outcome": "right_granted", "priority_rule": rule, "care_deadline": "2026-04-20"}
    )
    assert "Vedtaket avviker fra prioriteringsveilederen" in shown.content.decode()
    quiet = client.get(
        url, {"outcome": "right_granted", "priority_rule": rule, "care_deadline": "2026-03-09"}
    )
    assert "avviker" not in quiet.content.decode()
