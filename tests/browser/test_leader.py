"""Issue 2, done-when: a leader signs in and sees the staffing warning of the non-compliant unit."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from painpath.demo.registry import DEMO_PASSWORD
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leader_sees_the_staffing_warning(live_server, page: Page) -> None:
    call_command("demo")
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Smerteklinikker i Norge")).to_be_visible()
    screenshot(page, "public_overview")

    sign_in(page, live_server.url, "leder.forde", DEMO_PASSWORD)
    page.get_by_role("link", name="Min enhet").first.click()
    status = page.get_by_test_id("staffing-status")
    expect(status).to_contain_text("Enheten oppfyller ikke bemanningskravet")
    expect(status).to_contain_text("psykolog")
    screenshot(page, "leader_unit_forde")


def test_leader_of_a_compliant_unit_sees_the_competence_warning(live_server, page: Page) -> None:
    call_command("demo")
    sign_in(page, live_server.url, "leder.ahus", DEMO_PASSWORD)
    page.get_by_role("link", name="Min enhet").first.click()
    expect(page.get_by_test_id("staffing-status")).to_contain_text("oppfyller bemanningskravet")
    expect(page.locator(".badge-danger").first).to_contain_text("forfalt siden")
    screenshot(page, "leader_unit_ahus")
