"""A ranking question on a 320 px phone with JavaScript off: a select per item, nothing wider than the screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import Actions
from tests.test_browser_survey_skip import PHONE
from tests.test_surveys_web import Designer

pytestmark = pytest.mark.browser

ITEMS = ("Finding evidence for a clinical decision", "Keeping up to date", "Training and teaching")


def test_a_phone_without_javascript_ranks_the_items(browser, live_server, signed_in: Actions) -> None:
    designer = Designer(signed_in)
    code = designer.create()
    assert (
        designer.write(code, "Put these in order of importance.", "ranking", options="\n".join(ITEMS)).status_code
        == 302
    )
    assert designer.publish(code).status_code == 302
    context = browser.new_context(**PHONE)
    phone = context.new_page()
    phone.goto(f"{live_server.url}/s/{code}")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the page is {width} px wide on a 320 px screen"
    phone.get_by_label(ITEMS[0]).select_option("1")
    phone.get_by_label(ITEMS[1]).select_option("1")
    phone.get_by_label(ITEMS[2]).select_option("2")
    phone.get_by_role("button", name="Send my answers").click()
    expect(phone.locator(".error-message", has_text="each number once")).to_be_visible()
    for item, rank in zip(ITEMS, ("3", "1", "2"), strict=True):
        phone.get_by_label(item).select_option(rank)
    phone.get_by_role("button", name="Send my answers").click()
    phone.get_by_role("heading", name="Thank you").wait_for()
    context.close()
    assert designer.response_count(code) == 1
