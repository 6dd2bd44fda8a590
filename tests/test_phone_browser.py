"""The phone at its hardest: 320 × 640 CSS px with text at 200 %, in Chromium (issue 10).

Text is resized the honest way (the browser's own font-size setting through the DevTools
protocol, as in test_a11y): the root font is 32 px. Checked here: Send sits straight under the
text box with one folded hint below it; no word is broken inside itself (a line may end only
between words, or at a soft hyphen or a hyphen); the page opens and closes by itself; axe-core
finds nothing serious. Screenshots go to $SCREENSHOT_DIR when set, to look at.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.browser_support import (
    axe_violations,
    broken_words,
    carry_cookies,
    page_with_text_at_200_percent,
    participant_token,
    shoot,
    with_axe,
)
from tests.conftest import Actions, LiveServer, readable
from workshop.models import WorkshopState

pytestmark = pytest.mark.browser

SMALL_PHONE: dict[str, Any] = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True}
LONG_WORDS = (
    "Talk to the Head of Transformation about responsibilities for evidence-based commissioning "
    "and interprofessional collaboration"
)


@pytest.fixture()
def app_settings() -> dict[str, Any]:
    return {"PHONE_WAITING_POLL_SECONDS": 1, "PHONE_IDLE_POLL_SECONDS": 1}


def _phone(browser: Browser, server: LiveServer, actions: Actions, client: Any = None) -> Page:
    context = browser.new_context(**SMALL_PHONE)
    with_axe(context)
    if client is not None:
        carry_cookies(context, client, actions.app, server.url)
    return page_with_text_at_200_percent(context)


def test_send_sits_under_the_text_box_and_one_hint_folds_below_it(
    browser: Browser, live_server: LiveServer, signed_in: Actions
) -> None:
    code = signed_in.workshop(title="Demonstrating impact: interprofessional collaboration")
    page = _phone(browser, live_server, signed_in)
    page.goto(f"{live_server.url}/j/{code}")
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "32px"
    box = page.locator("#text")
    send = page.get_by_role("button", name="Send")
    box.press_sequentially("think about social media more", delay=5)
    summary = page.locator("#smart-hints summary")
    summary.wait_for(timeout=5000)
    assert page.locator("#smart-hints details").count() == 1
    assert page.locator("#smart-hints details[open]").count() == 0  # folded to one line
    text_box, button, hints = (el.bounding_box() for el in (box, send, page.locator("#smart-hints")))
    assert text_box and button and hints
    counter = page.locator("#text-count").bounding_box()
    assert counter
    gap = button["y"] - (text_box["y"] + text_box["height"])
    assert gap <= counter["height"] + 64, f"Send is {gap:.0f} px below the text box"  # the counter and its margins only
    assert hints["y"] >= button["y"] + button["height"], "the hint pushes Send away"
    assert (
        summary.bounding_box()["height"] <= 4 * 48
    )  # a few lines at 32 px, not a wall of advice  # type: ignore[index]
    shoot(page, "phone-320-200pc-typing-hint-folded", "#smart-hints")
    summary.click()
    page.locator("#smart-hints details[open]").get_by_text("'Post…'").wait_for()
    shoot(page, "phone-320-200pc-hint-open", "#smart-hints")
    assert axe_violations(page) == []
    assert broken_words(page) == []
    page.context.close()


def test_no_word_breaks_inside_itself_on_the_phone_and_the_private_page(
    browser: Browser, live_server: LiveServer, signed_in: Actions
) -> None:
    code = signed_in.workshop(
        title="Demonstrating impact in 5 easy steps", ask_names=True, char_limit=500, review_weeks=8
    )
    phone = signed_in.phone_for(code)
    for text in (LONG_WORDS, "Write 3 case studies with my team by the end of March"):
        assert phone.post(text, share_consent="y").status_code == 302
    page = _phone(browser, live_server, signed_in, phone.client)
    page.goto(f"{live_server.url}/j/{code}")
    assert page.locator("#share_consent").is_checked()  # remembered from the last statement
    assert broken_words(page) == []
    shoot(page, "phone-320-200pc-statements", "#mine .card")
    token = participant_token(signed_in.app, code)
    page.goto(f"{live_server.url}/mine/{token}")
    first_link = page.locator("main a.button").first
    assert readable(first_link.inner_text()) == "Download my pack"
    assert first_link.bounding_box()["y"] < 640  # type: ignore[index]  # on the first screen, no scrolling
    assert broken_words(page) == []
    assert axe_violations(page) == []
    shoot(page, "phone-320-200pc-private-page")
    page.context.close()


def test_the_phone_opens_and_closes_by_itself(browser: Browser, live_server: LiveServer, signed_in: Actions) -> None:
    code = signed_in.workshop(state=WorkshopState.DRAFT)
    phone = signed_in.phone_for(code)
    phone.open()
    page = _phone(browser, live_server, signed_in, phone.client)
    page.goto(f"{live_server.url}/j/{code}")
    page.get_by_text("has not opened yet").wait_for()
    page.evaluate("window.__sameDocument = true")
    assert axe_violations(page) == []
    shoot(page, "phone-320-200pc-waiting")

    state = f"/facilitate/w/{code}/state"
    signed_in.post_form(state, {"state": "open"}, page=f"/facilitate/w/{code}")
    page.locator("#text").wait_for(timeout=6000)
    page.locator("#text").fill("Write 3 case studies with my team by the end of March")
    page.get_by_role("button", name="Send").click()
    page.locator(".flash-success", has_text="Thank you").wait_for()

    signed_in.post_form(state, {"state": "closed"}, page=f"/facilitate/w/{code}")
    page.get_by_role("link", name="Download my pack").wait_for(timeout=6000)
    assert page.get_by_text("This workshop is closed").is_visible()
    assert page.locator("#text").count() == 0
    assert page.evaluate("window.__sameDocument") is True, "the page reloaded instead of updating"
    assert axe_violations(page) == []
    assert broken_words(page) == []
    shoot(page, "phone-320-200pc-closed-pack")
    page.context.close()
