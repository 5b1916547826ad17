"""An intake team member works through the worklist (issue 4): opens the most urgent referral,
records a view, decides with a departure from the priority guideline (stopped until the
justification is written) and opens the decision letter as PDF."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from painpath.accounts.models import Role
from painpath.intake.models import Decision, PriorityRule
from painpath.referrals.models import Referral, Referrer
from painpath.rules.deadlines import assessment_due_on, suggested_care_deadline
from painpath.rules.working_days import add_working_days
from tests.browser.conftest import screenshot, sign_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def make_referral(unit, patient, referrer, working_days_ago: int) -> Referral:
    received = add_working_days(timezone.localdate(), -working_days_ago)
    return Referral.objects.create(
        patient=patient,
        clinic=unit,
        received_by=unit,
        referrer=referrer,
        channel="web",
        received_on=received,
        assessment_due_on=assessment_due_on(received),
        free_text="CRPS i høyre hånd etter brudd for 4 måneder siden, tiltagende.",
        completeness={"missing": ["trauma"], "items": {}, "score": 0.929},
        missing_count=1,
    )


def test_intake_member_assesses_and_decides_the_most_urgent_referral(
    live_server, page: Page, network, make_user, make_patient
) -> None:
    unit = network["a"]
    make_user(
        "inntak", Role.INTAKE, [unit], profession="doctor", first_name="Lars", last_name="Strand"
    )
    referrer = Referrer.objects.create(name="Hilde Solberg", role="gp")
    make_referral(unit, make_patient(unit, "Siri", "Senere"), referrer, 2)
    urgent = make_referral(unit, make_patient(unit, "Tor", "Travel"), referrer, 9)
    # Seeded by a data migration; a transactional test before this one may have flushed it.
    rule, _ = PriorityRule.objects.get_or_create(
        code="subacute_chronification_risk",
        active=True,
        defaults={"condition_group": "Subakutte smerter", "right_granted": True, "max_weeks": 2},
    )
    suggested = suggested_care_deadline(urgent.received_on, 2)

    sign_in(page, live_server.url, "inntak", PASSWORD)
    page.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name="Arbeidsliste"
    ).click()
    expect(page.get_by_role("heading", name="Arbeidsliste")).to_be_visible()
    first_row = page.locator("[data-testid=worklist] tbody tr").first
    expect(first_row).to_contain_text("Tor Travel")
    expect(first_row).to_contain_text("1 virkedag igjen")
    screenshot(page, "intake-worklist")
    first_row.get_by_role("link", name="Tor Travel").click()

    expect(page.get_by_role("heading", name="Vurdering: Tor Travel")).to_be_visible()
    page.get_by_text("Registrer min vurdering").click()
    page.select_option("#view_proposed_outcome", "right_granted")
    page.select_option("#view_priority_rule", str(rule.pk))
    page.fill("#view_proposed_weeks", "2")
    page.fill("#view_reasoning", "CRPS i progresjon: kort frist.")
    page.get_by_role("button", name="Registrer vurdering").click()
    expect(page.get_by_text("Vurderingen din er registrert.")).to_be_visible()

    page.check("input[name=outcome][value=right_granted]")
    page.select_option("#id_priority_rule", str(rule.pk))
    later = suggested + timedelta(days=21)
    page.fill("#id_care_deadline", later.isoformat())
    page.fill("#id_care_what", "Tverrfaglig utredning")
    page.get_by_role("button", name="Registrer teamets vedtak").click()
    expect(page.get_by_text("Vedtaket avviker fra prioriteringsveilederen").first).to_be_visible()
    assert Decision.objects.count() == 0
    expect(page.locator("#id_care_what")).to_have_value("Tverrfaglig utredning")
    screenshot(page, "intake-deviation")

    page.fill("#id_deviation_justification", "Pasienten er på rehabiliteringsopphold til da.")
    page.get_by_role("button", name="Registrer teamets vedtak").click()
    expect(page.get_by_text("Vedtaket er registrert.")).to_be_visible()
    decision = Decision.objects.get(referral=urgent)
    assert decision.care_deadline == later and decision.deviation_justification
    screenshot(page, "intake-decided")

    page.get_by_test_id("letters-link").first.click()
    pdf_link = page.locator("a[href$='/pdf/']").first
    expect(pdf_link).to_be_visible()
    response = page.request.get(live_server.url + pdf_link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    assert re.search(r"/letters/", page.url)
