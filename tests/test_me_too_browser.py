""" "Me too" in Chromium (issue 16): two phones, one adds "Me too" to the other's statement; the wall
(1366 × 768) and the facilitator's board show 1; withdrawing shows 0. The phone is 320 px wide with
text at 200 %, once with JavaScript (htmx swaps the one statement) and once without (a plain form
post). Nothing sticks out sideways; axe-core finds nothing serious; keyboard only on the phone.
Screenshots go to $SCREENSHOT_DIR when set, to look at."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.board_helpers import board_post, group, seeded_workshop, themes
from tests.browser_support import (
    LAPTOP,
    SMALL_PHONE,
    axe_violations,
    carry_cookies,
    overflowing,
    page_with_text_at_200_percent,
    shoot,
    statement_ids,
    with_axe,
)
from tests.conftest import Actions, LiveServer

pytestmark = pytest.mark.browser


def test_two_phones_me_too_reaches_the_wall_and_the_board_and_withdraws(
    browser: Browser, live_server: LiveServer, signed_in: Actions
) -> None:
    code = signed_in.workshop(me_too=True)
    writer = signed_in.phone_for(code)
    writer.post("I will ask three patients what changed for them after the new leaflet, by March.")
    signed_in.phone_for(code).post("Share the evidence summary with the ward sisters at the May meeting.")
    first = statement_ids(signed_in.app, code)[0]

    laptop = browser.new_context(**LAPTOP)
    with_axe(laptop)
    carry_cookies(laptop, signed_in.client, signed_in.app, live_server.url)
    wall = laptop.new_page()
    wall.goto(f"{live_server.url}/wall/{code}")
    card = wall.locator(f'.wall-card[data-id="{first}"]')
    expect(card).to_be_visible()
    expect(card.locator(".me-too-tally")).to_have_count(0)

    phone = browser.new_context(**SMALL_PHONE)
    with_axe(phone)
    small = page_with_text_at_200_percent(phone)
    try:
        small.goto(f"{live_server.url}/j/{code}")
        assert small.evaluate("getComputedStyle(document.documentElement).fontSize") == "32px"
        item = small.locator(f"#o{first}")
        button = item.get_by_role("button", name="Me too (0)")
        expect(button).to_have_attribute("aria-pressed", "false")
        button.focus()
        small.keyboard.press("Enter")  # the keyboard alone
        pressed = small.locator(f"#o{first}").get_by_role("button", name="Me too (1)")
        expect(pressed).to_have_attribute("aria-pressed", "true")
        expect(small.locator("#announcer")).to_have_text("Your “Me too” is counted.")
        assert overflowing(small) == []
        assert axe_violations(small) == []
        shoot(small, "me-too-phone-320-text-200", scroll_to=f"#o{first}")

        expect(card.locator(".me-too-tally")).to_have_text("1 × me too", timeout=6000)  # the wall follows by itself
        assert axe_violations(wall) == []
        shoot(wall, "me-too-wall-1366x768")
        board = laptop.new_page()
        board.goto(f"{live_server.url}/facilitate/w/{code}/themes")
        expect(board.locator(f"#s{first} .me-too-tally")).to_have_text("1 × me too")
        shoot(board, "me-too-board-1366x768", scroll_to=f"#s{first}")

        small.locator(f"#o{first}").get_by_role("button", name="Me too (1)").click()
        expect(small.locator(f"#o{first}").get_by_role("button", name="Me too (0)")).to_have_attribute(
            "aria-pressed", "false"
        )
        expect(card.locator(".me-too-tally")).to_have_count(0, timeout=6000)
        board.reload()
        expect(board.locator(f"#s{first} .me-too-tally")).to_have_count(0)
    finally:
        phone.close()

    # Without JavaScript: the same button is a form post, and the page comes back counted.
    plain = browser.new_context(**SMALL_PHONE, java_script_enabled=False)
    try:
        page = page_with_text_at_200_percent(plain)
        page.goto(f"{live_server.url}/j/{code}")
        page.locator(f"#o{first}").get_by_role("button", name="Me too (0)").click()
        expect(page.locator(f"#o{first}").get_by_role("button", name="Me too (1)")).to_have_attribute(
            "aria-pressed", "true"
        )
        expect(page.get_by_text("Your “Me too” is counted.")).to_be_visible()
        assert overflowing(page) == []
        shoot(page, "me-too-phone-320-text-200-no-js", scroll_to=f"#o{first}")
        expect(card.locator(".me-too-tally")).to_have_text("1 × me too", timeout=6000)
    finally:
        plain.close()
        laptop.close()


def test_a_post_keeps_the_themes_and_others_statements_the_phone_shows(
    browser: Browser, live_server: LiveServer, signed_in: Actions
) -> None:
    """Posting with htmx redraws the form and the phone's own statements only: the shared themes
    and others' statements stay as the page shows them (hx-preserve), and their polls carry on."""
    code = seeded_workshop(signed_in, me_too=True)
    group(signed_in, code)
    board_post(signed_in, code, "/share", {"state": "on"})
    board_post(signed_in, code, "/voting", {"state": "on"})
    first = themes(signed_in, code)[0]

    phone = browser.new_context(**SMALL_PHONE)
    with_axe(phone)
    try:
        page = page_with_text_at_200_percent(phone)
        page.goto(f"{live_server.url}/j/{code}")
        cards, others = page.locator("#themes .phone-theme"), page.locator("#others .others-list > li")
        expect(cards.first).to_be_visible()
        shown_themes, shown_others = cards.count(), others.count()
        assert shown_themes == len(themes(signed_in, code)) and shown_others > 0
        page.evaluate("window.__sameDocument = true")

        page.locator("#text").fill("Write 3 case studies with my team by the end of March")
        page.get_by_role("button", name="Send").click()
        expect(page.locator(".flash-success", has_text="Thank you")).to_be_visible()
        expect(page.locator("#mine .my-statements > li")).to_have_count(1)
        expect(cards).to_have_count(shown_themes)  # kept as they were, not emptied
        expect(others).to_have_count(shown_others)
        assert page.evaluate("window.__sameDocument") is True

        page.locator(f"#vote-{first['id']}").click()  # the kept section still works
        expect(page.locator("#themes .meta strong", has_text="your vote")).to_have_count(1)
        renamed = board_post(signed_in, code, f"/t/{first['id']}/rename", {"label": "Telling our story"})
        assert renamed.status_code in (200, 303)
        expect(page.locator("#themes .phone-theme-title").first).to_have_text("Telling our story", timeout=8000)
        assert overflowing(page) == []
        assert axe_violations(page) == []
        shoot(page, "phone-320-200pc-after-post-themes-kept", scroll_to="#themes")
    finally:
        phone.close()
