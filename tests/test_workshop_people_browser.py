"""The People section in Chromium (issue 16): the owner shares a workshop on a 1366 × 768 projector
laptop and removes the person again; the same section on a 320 px phone with text at 200 %.

Nothing may stick out sideways, axe-core finds nothing serious, and the moderator's own browser
shows the workshop with their role. Screenshots go to $SCREENSHOT_DIR when set, to look at.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.browser_support import (
    LAPTOP,
    SMALL_PHONE,
    axe_violations,
    carry_cookies,
    page_with_text_at_200_percent,
    shoot,
    with_axe,
)
from tests.conftest import Actions, LiveServer

pytestmark = pytest.mark.browser


_OVERFLOWING = """() => {
    const width = document.documentElement.clientWidth;
    const out = [];
    for (const el of document.querySelectorAll("#people *")) {
        const box = el.getBoundingClientRect();
        if (box.width && box.right > width + 1) out.push(`${el.tagName.toLowerCase()}.${el.className} right=${box.right}`);
    }
    return out;
}"""


def test_the_owner_shares_and_removes_people_in_the_browser(
    browser: Browser, live_server: LiveServer, signed_in: Actions
) -> None:
    code = signed_in.workshop(venue="Taunton")
    signed_in.facilitator("mo@example.nhs.uk", "Mo Ahmed")
    signed_in.facilitator("victoria@example.nhs.uk", "Victoria Lee")
    signed_in.phone_for(code).post("I will ask three patients what changed for them by March.")

    context = browser.new_context(**LAPTOP)
    with_axe(context)
    carry_cookies(context, signed_in.client, signed_in.app, live_server.url)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/facilitate/w/{code}#people")
        people = page.locator("#people")
        expect(people.get_by_text("Only you can open this workshop.")).to_be_visible()

        # A typo first: the form comes back saying so, with what was typed kept.
        people.get_by_label("E-mail address of their facilitator account").fill("mo@example.nhs.ukk")
        people.get_by_label("Moderator", exact=True).check()
        people.get_by_role("button", name="Share").click()
        expect(page.locator(".error-summary")).to_contain_text("There is no facilitator account for mo@example.nhs.ukk")
        assert page.get_by_label("E-mail address of their facilitator account").input_value() == "mo@example.nhs.ukk"
        assert axe_violations(page) == []

        page.get_by_label("E-mail address of their facilitator account").fill("mo@example.nhs.uk")
        page.get_by_label("Moderator", exact=True).check()
        page.locator("#people").get_by_role("button", name="Share").click()
        page.get_by_label("E-mail address of their facilitator account").fill("victoria@example.nhs.uk")
        page.locator("#people").get_by_role("button", name="Share").click()  # co-facilitator is the default
        expect(page.locator(".people-list li")).to_have_count(2)
        expect(page.locator(".people-list")).to_contain_text("Mo Ahmed")
        expect(page.locator(".people-list li").first).to_contain_text("Moderator")
        expect(page.locator(".people-list li").last).to_contain_text("Co-facilitator")
        assert axe_violations(page) == []
        page.locator("#people").scroll_into_view_if_needed()
        shoot(page, "people-1366x768")

        # Mo's own browser: the workshop is in his list, marked as his role.
        mo = browser.new_context(**LAPTOP)
        mo_client = signed_in.app.test_client()
        assert signed_in.sign_in("mo@example.nhs.uk", client=mo_client).status_code == 302
        carry_cookies(mo, mo_client, signed_in.app, live_server.url)
        mo_page = mo.new_page()
        mo_page.goto(f"{live_server.url}/facilitate/")
        expect(mo_page.locator(".role-tag")).to_have_text("Moderator · shared by Tracey")
        shoot(mo_page, "dashboard-moderator-1366x768")
        mo_page.get_by_role("link", name="Demonstrating impact in 5 easy steps").click()
        expect(mo_page.locator("#my-role")).to_contain_text("You are a moderator of this workshop")
        expect(mo_page.locator("#people")).to_have_count(0)
        shoot(mo_page, "workshop-moderator-1366x768")
        # Mo hides the statement; the owner's page follows by itself (it polls) and says who did it.
        mo_page.get_by_role("button", name="Hide statement").click()
        expect(mo_page.locator(".moderation-list")).to_contain_text("Hidden by Mo Ahmed")
        expect(page.locator(".moderation-list")).to_contain_text("Hidden by Mo Ahmed", timeout=6000)
        page.locator("#changes summary").click()
        expect(page.locator("#changes")).to_contain_text("Mo Ahmed hid statement")
        # The list stays open while the page refreshes itself after the next change.
        mo_page.get_by_role("button", name="Pin statement").click()
        expect(page.locator("#changes")).to_contain_text("Mo Ahmed pinned statement", timeout=6000)
        assert page.locator("#changes").evaluate("el => el.open")
        page.locator("#moderation").scroll_into_view_if_needed()
        shoot(page, "moderation-changes-1366x768")

        # The owner removes Mo with the keyboard: the button says whom it removes.
        remove = page.get_by_role("button", name="Remove Mo Ahmed")
        remove.focus()
        page.keyboard.press("Enter")
        expect(page.get_by_text("Mo Ahmed can no longer open this workshop.")).to_be_visible()
        expect(page.locator(".people-list li")).to_have_count(1)
        mo_page.reload()
        assert "We could not find that page" in mo_page.content()
        mo.close()
    finally:
        context.close()

    phone = browser.new_context(**SMALL_PHONE)
    with_axe(phone)
    carry_cookies(phone, signed_in.client, signed_in.app, live_server.url)
    small = page_with_text_at_200_percent(phone)
    try:
        small.goto(f"{live_server.url}/facilitate/w/{code}")
        assert small.evaluate("getComputedStyle(document.documentElement).fontSize") == "32px"
        small.locator("#people").scroll_into_view_if_needed()
        assert small.evaluate(_OVERFLOWING) == []
        assert small.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        assert axe_violations(small) == []
        small.locator("#people-title").scroll_into_view_if_needed()
        shoot(small, "people-320-text-200")
        small.locator("#people .share-form").scroll_into_view_if_needed()
        shoot(small, "people-form-320-text-200")
    finally:
        phone.close()
