"""Coaching on a real phone browser: hints appear while typing (htmx, debounced), the personal-data
check and the hints after sending come back without a reload, and "remind me" downloads a file.
"""

from __future__ import annotations

import icalendar
import pytest

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
PROMPT = "When I get back to work, I'm going to…"


def test_a_participant_is_coached_while_typing_and_after_sending(browser, live_server, actions):
    actions.facilitator()
    code = actions.workshop()
    context = browser.new_context(**PHONE, accept_downloads=True)
    phone = context.new_page()
    phone.goto(f"{live_server.url}/j/{code}")
    phone.evaluate("window.__sameDocument = true")
    hints = phone.locator("#smart-hints")
    assert hints.get_attribute("aria-live") == "polite"

    box = phone.get_by_label(PROMPT)
    box.press_sequentially("think about social media more", delay=5)
    idea = hints.get_by_text("Idea: start with your first step")
    idea.wait_for(timeout=5000)
    assert "when you'll do this" not in hints.inner_text()  # one idea at a time, folded
    idea.click()
    hints.get_by_text("'Post…'").wait_for()

    box.fill("Send the results to jane.doe@nhs.net by Friday")
    box.dispatch_event("input")
    hints.get_by_text("an email address").wait_for(timeout=5000)

    phone.get_by_role("button", name="Send").click()
    phone.get_by_role("heading", name="Check before you send").wait_for()
    assert box.input_value() == "Send the results to jane.doe@nhs.net by Friday"
    phone.get_by_label("Post it as it is: the details are fine to share").check()
    phone.get_by_role("button", name="Send").click()
    phone.locator(".flash-success", has_text="the facilitator will check it before it goes on the wall").wait_for()
    assert "To make it SMARTer next time" in phone.locator("#panel").inner_text()
    assert phone.evaluate("window.__sameDocument") is True, "posting reloaded the phone's page"

    with phone.expect_download() as download_info:
        phone.get_by_role("link", name="in 8 weeks").click()
    download = download_info.value
    assert download.suggested_filename == "review-reminder-8-weeks.ics"
    with open(download.path(), "rb") as file:
        [event] = icalendar.Calendar.from_ical(file.read()).walk("VEVENT")
    assert "jane.doe@nhs.net" in str(event["DESCRIPTION"])
    context.close()
