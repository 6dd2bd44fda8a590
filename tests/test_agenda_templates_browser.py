"""Workshop templates in Chromium (issue 16): a facilitator starts a workshop from the five-steps
template on a 1366 x 768 laptop, saves its agenda as their own template, and the same pages on a
320 px phone with text at 200 %: nothing sticks out sideways and axe-core finds nothing serious.
Screenshots go to $SCREENSHOT_DIR when set, to look at.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.browser_support import (
    axe_violations,
    carry_cookies,
    overflowing,
    page_with_text_at_200_percent,
    shoot,
    with_axe,
)
from tests.conftest import Actions, LiveServer

pytestmark = pytest.mark.browser

LAPTOP = {"viewport": {"width": 1366, "height": 768}}
SMALL_PHONE = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True}


def test_start_from_the_five_steps_template_and_save_it_as_mine(
    browser: Browser, live_server: LiveServer, signed_in: Actions
) -> None:
    context = browser.new_context(**LAPTOP)
    with_axe(context)
    carry_cookies(context, signed_in.client, signed_in.app, live_server.url)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/facilitate/")
        page.get_by_role("link", name="New workshop from a template").click()
        expect(page.get_by_label("Demonstrate impact in 5 easy steps")).to_be_checked()
        page.get_by_role("button", name="Create workshop").click()  # no title yet
        expect(page.locator(".error-summary")).to_contain_text("Give the workshop a title.")
        assert axe_violations(page) == []
        shoot(page, "from-template-1366x768")
        page.get_by_label("Title").fill("Impact in 5 steps – Winchester")
        page.get_by_role("button", name="Create workshop").click()
        expect(page.locator(".flash")).to_contain_text("Workshop created from “Demonstrate impact in 5 easy steps”")

        page.get_by_role("link", name="Save as template…").click()
        expect(page.get_by_label("Template name")).to_have_value("Impact in 5 steps – Winchester")
        assert "Step 2: identify the drivers" in page.locator("main ol").inner_text()
        page.get_by_label("Template name").fill("Our tour")
        page.get_by_role("button", name="Save template").click()
        expect(page.locator(".flash")).to_contain_text("Saved as your template “Our tour”")
        assert axe_violations(page) == []

        phone = browser.new_context(**SMALL_PHONE)
        with_axe(phone)
        carry_cookies(phone, signed_in.client, signed_in.app, live_server.url)
        small = page_with_text_at_200_percent(phone)
        for url, name in (("/facilitate/new/from-template", "from-template"),):
            small.goto(f"{live_server.url}{url}")
            expect(small.get_by_label("Our tour")).to_be_visible()
            assert overflowing(small) == []
            assert axe_violations(small) == []
            shoot(small, f"{name}-320px-200pc", scroll_to="fieldset .checkbox-group:last-child")
        code = page.url.rstrip("/").split("/")[-1]
        small.goto(f"{live_server.url}/facilitate/w/{code}/save-as-template")
        assert overflowing(small) == []
        shoot(small, "save-template-320px-200pc")
        phone.close()
    finally:
        context.close()
