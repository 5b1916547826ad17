"""Issue 5, done-when: a clinician starts a pathway from a granted referral, records the assessment
start, holds the summarising meeting with the patient, GP and NAV, books the follow-up and sees the
pathway times update; starting a habit-forming medicine without the alternatives is stopped."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from painpath.accounts import demo as accounts_demo
from painpath.demo.registry import DEMO_PASSWORD, DemoContext
from painpath.organisation import demo as organisation_demo
from painpath.pathways import demo as pathways_demo
from painpath.pathways.models import Pathway, TreatmentMeasure
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _demo() -> None:
    """The network, the users and the pathway demo (its own granted referrals)."""
    ctx = DemoContext(today=timezone.localdate())
    for module in (organisation_demo, accounts_demo, pathways_demo):
        module.load(ctx)


def test_clinician_runs_a_pathway(live_server, page: Page) -> None:
    _demo()
    sign_in(page, live_server.url, "kliniker.ahus", DEMO_PASSWORD)
    page.get_by_role("link", name="Forløp", exact=True).first.click()
    expect(page.get_by_role("heading", name="Forløp", exact=True)).to_be_visible()
    expect(page.get_by_test_id("at-risk-count")).to_contain_text("i fare eller overskredet")
    screenshot(page, "pathways_unit_list")

    # Start the pathway from a granted referral.
    awaiting = page.get_by_test_id("awaiting")
    awaiting.get_by_role("row").filter(has_text="Frida Fremtidig").get_by_role(
        "link", name="Start forløp"
    ).click()
    expect(page.get_by_role("heading", name="Start forløp")).to_be_visible()
    page.fill("#id_pain_since", "2024-01-15")
    page.get_by_test_id("start-form").get_by_role("button", name="Start forløp").click()
    expect(page.get_by_test_id("phase")).to_have_text("Henvisning og start")
    expect(page.get_by_test_id("next-step")).to_contain_text("Start den tverrfaglige utredningen")
    expect(page.get_by_test_id("time-start_to_assessment")).to_contain_text("84 dager igjen")
    screenshot(page, "pathway_started")

    # Record the start of the interdisciplinary assessment.
    page.get_by_role("link", name="Registrer start utredning").click()
    page.get_by_role("button", name="Registrer", exact=True).click()
    expect(page.get_by_test_id("phase")).to_have_text("Kartlegging og utredning")
    expect(page.get_by_test_id("time-start_to_assessment")).to_contain_text("i tide")
    expect(page.get_by_test_id("time-assessment_to_summary")).to_contain_text("84 dager igjen")

    # Hold the summarising meeting with the patient, the GP and NAV; book the follow-up.
    page.get_by_role("link", name="Hold oppsummerende møte").click()
    form = page.get_by_test_id("meeting-form")
    expect(form.locator("#id_gp")).to_have_value("Hilde Solberg")
    form.locator("#id_nav").fill("NAV Lørenskog, veileder Ida Lie")
    form.locator("input[name=team]").first.check()
    form.locator("#id_patient_own_words").fill(
        "Jeg vil tilbake i jobb som frisør, men hendene verker etter få timer."
    )
    form.locator("#id_discussion").fill("Gradert tilbakeføring til arbeid med NAV.")
    form.locator("#id_plan-0-kind").select_option("physiotherapy")
    form.locator("#id_plan-0-description").fill("Håndtrening to ganger i uken")
    form.locator("#id_plan-0-responsible").fill("Kommunal fysioterapeut")
    form.locator("#id_plan-0-setting").select_option("municipality")
    expect(form.locator("#id_followup_on")).not_to_have_value("")
    screenshot(page, "pathway_meeting_form")
    form.get_by_role("button", name="Registrer møtet som holdt").click()
    expect(page.get_by_test_id("followup-booked")).to_contain_text(
        "Oppfølgende samhandlingsmøte er avtalt"
    )
    expect(page.get_by_test_id("participants")).to_contain_text("NAV Lørenskog")
    expect(page.get_by_test_id("documents").get_by_role("listitem")).to_have_count(2)
    screenshot(page, "pathway_meeting_held")

    # The pathway times have moved on.
    page.get_by_role("link", name="Forløp: Frida Fremtidig").click()
    expect(page.get_by_test_id("phase")).to_have_text("Oppfølging og behandling")
    expect(page.get_by_test_id("time-assessment_to_summary")).to_contain_text("i tide")
    expect(page.get_by_test_id("time-summary_to_followup")).to_contain_text("182 dager igjen")
    expect(page.get_by_test_id("next-step")).to_contain_text(
        "Hold det oppfølgende samhandlingsmøtet"
    )
    expect(page.get_by_test_id("meetings")).to_contain_text("avtalt")
    screenshot(page, "pathway_followup_phase")

    # A habit-forming medicine cannot be started without the alternatives question.
    page.get_by_role("link", name="Legg til legemiddel").click()
    medicine = page.get_by_test_id("measure-form")
    medicine.locator("#id_medicine_name").fill("Oksykodon")
    medicine.locator("#id_atc_code").fill("N02AA05")
    medicine.locator("#id_status").select_option("ongoing")
    medicine.locator("#id_opioid_substance").select_option("oxycodone")
    medicine.locator("#id_route").select_option("oral")
    medicine.locator("#id_daily_dose").fill("20")
    medicine.locator("#id_dose_unit").select_option("mg/day")
    medicine.get_by_role("button", name="Legg til i planen").click()
    expect(page.get_by_role("alert")).to_contain_text("Ingenting er lagret")
    expect(page.get_by_test_id("alternatives")).to_contain_text(
        "Et vanedannende legemiddel kan ikke startes"
    )
    screenshot(page, "pathway_habit_forming_stopped")
    pathway = Pathway.objects.get(patient__family_name="Fremtidig")
    assert not TreatmentMeasure.objects.filter(pathway=pathway, kind="medicine").exists()
    assert pathway.phase == "followup_treatment"
