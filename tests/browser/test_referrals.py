"""Issue 3, done-when: a referrer writes a referral and sees what is missing change as they type,
sends it (confirming it is incomplete) and gets a receipt; the receiving unit's intake team sees it
with its evidence; another unit's staff get 404."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Browser, Page, expect

from painpath.accounts.models import Role
from painpath.referrals.models import Referral
from tests.browser.conftest import screenshot, sign_in
from tests.conftest import PASSWORD
from tests.referrals.conftest import number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_referrer_sends_and_the_intake_team_sees_the_evidence(
    live_server, page: Page, browser: Browser, network, make_user
) -> None:
    make_user(
        "fastlege",
        Role.REFERRER,
        first_name="Hilde",
        last_name="Solberg",
        hpr_number="9144889",
        organisation="Storgata legesenter",
    )
    make_user("inntak.a", Role.INTAKE, [network["a"]])
    make_user("inntak.b", Role.INTAKE, [network["b"]])

    sign_in(page, live_server.url, "fastlege", PASSWORD)
    page.get_by_role("link", name="Ny henvisning").first.click()
    expect(page.get_by_role("heading", name="Ny henvisning til smerteklinikk")).to_be_visible()
    live = page.get_by_test_id("live-summary")
    missing = page.get_by_test_id("missing-list")
    expect(live).to_contain_text("0 av 14 punkter dekket")
    expect(missing).to_contain_text("Smertene: karakter, lokalisasjon og varighet")

    page.select_option("#id_unit", label="Smerteklinikken A")
    page.fill("#id_national_id", number(date(1979, 3, 14), 21))
    page.fill("#id_given_name", "Kari")
    page.fill("#id_family_name", "Nordlys")
    page.fill("#id_gp_name", "Hilde Solberg")
    screenshot(page, "referral_form_empty")

    pain = "Brennende smerter i korsryggen med utstråling til venstre ben siden 2022."
    page.locator("#id_item_pain_description").press_sequentially(pain, delay=5)
    expect(live).to_contain_text("1 av 14 punkter dekket")
    expect(missing).not_to_contain_text("Smertene: karakter, lokalisasjon og varighet")
    expect(page.locator("#item-status-pain_description")).to_contain_text("dekket")
    expect(page.locator("#item-status-trauma")).to_contain_text("mangler")

    page.locator("#id_item_trauma").press_sequentially("Benekter traumatiske opplevelser.")
    expect(live).to_contain_text("2 av 14 punkter dekket")
    expect(missing).not_to_contain_text("Traumatiske opplevelser")
    expect(missing).to_contain_text("Fysisk funksjon")
    screenshot(page, "referral_form_typing")

    page.get_by_test_id("send").click()
    dialog = page.get_by_test_id("confirm-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Fysisk funksjon")
    screenshot(page, "referral_form_confirm")
    dialog.get_by_role("button", name="Send ufullstendig henvisning").click()

    expect(page.get_by_role("heading", name="Kvittering: henvisningen er sendt")).to_be_visible()
    expect(page.get_by_test_id("receipt")).to_contain_text("Smerteklinikken A mottok henvisningen")
    expect(page.get_by_text("Henvisningen ble sendt uten 12 punkter")).to_be_visible()
    screenshot(page, "referral_receipt")
    referral = Referral.objects.get()
    assert referral.missing_count == 12

    page.get_by_role("link", name="Se henvisningens status").click()
    expect(page.get_by_test_id("status-steps")).to_contain_text("Mottatt")
    screenshot(page, "referral_status")

    intake_a = browser.new_context(locale="nb-NO", viewport={"width": 1280, "height": 900})
    page_a = intake_a.new_page()
    sign_in(page_a, live_server.url, "inntak.a", PASSWORD)
    page_a.get_by_role("link", name="Innkomne henvisninger").first.click()
    page_a.get_by_role("link", name="Kari Nordlys").click()
    expect(page_a.get_by_role("heading", name="Henvisning: Kari Nordlys")).to_be_visible()
    row = page_a.get_by_test_id("item-pain_description")
    expect(row).to_contain_text("dekket")
    expect(row.locator("blockquote.evidence")).to_contain_text(pain)
    expect(page_a.get_by_test_id("item-physical_function")).to_contain_text("mangler")
    expect(page_a.get_by_test_id("referrer")).to_contain_text("Hilde Solberg")
    screenshot(page_a, "referral_intake_detail")
    intake_a.close()

    intake_b = browser.new_context(locale="nb-NO")
    page_b = intake_b.new_page()
    sign_in(page_b, live_server.url, "inntak.b", PASSWORD)
    response = page_b.goto(f"{live_server.url}/referrals/{referral.pk}/")
    assert response is not None and response.status == 404
    page_b.goto(f"{live_server.url}/referrals/incoming/")
    expect(page_b.get_by_test_id("incoming")).not_to_contain_text("Kari Nordlys")
    intake_b.close()
