"""The room in Chromium (issue 16): the facilitator adds a quick poll on a 1366 × 768 laptop and
moves the room to it; a 320 px phone with text at 200 % follows by itself and answers; the wall
says the results are hidden, and shows them (bars with counts and percentages) once the remote,
on a phone, reveals them. A phone with JavaScript off answers with a plain form post. axe-core
finds nothing serious on any of these pages; nothing sticks out sideways.

Screenshots go to $SCREENSHOT_DIR when set, to look at. How long the phone took to follow is
logged (the figure, not an assertion: the machine is shared).
"""

from __future__ import annotations

import logging
import time

import pytest
from playwright.sync_api import Browser, expect

from tests.browser_support import (
    LAPTOP,
    SMALL_PHONE,
    axe_violations,
    broken_words,
    carry_cookies,
    overflowing,
    page_with_text_at_200_percent,
    shoot,
    with_axe,
)
from tests.conftest import Actions, LiveServer

pytestmark = pytest.mark.browser
log = logging.getLogger(__name__)

PROJECTOR = {"viewport": {"width": 1920, "height": 1080}}
QUESTION = "What kind of aim did you bring today?"


def test_the_room_moves_to_a_poll_and_phones_and_the_wall_follow(
    browser: Browser, live_server: LiveServer, signed_in: Actions
) -> None:
    code = signed_in.workshop()
    base = live_server.url
    laptop = browser.new_context(**LAPTOP)
    with_axe(laptop)
    carry_cookies(laptop, signed_in.client, signed_in.app, base)
    phone = browser.new_context(**SMALL_PHONE)
    with_axe(phone)
    remote_phone = browser.new_context(**SMALL_PHONE)
    with_axe(remote_phone)
    carry_cookies(remote_phone, signed_in.client, signed_in.app, base)
    try:
        room = laptop.new_page()
        room.goto(f"{base}/facilitate/w/{code}")
        room.get_by_role("link", name="Add a quick poll").click()
        room.get_by_role("button", name="Add to the agenda").click()
        expect(room.get_by_text("Write the question the room will answer.").first).to_be_visible()
        assert axe_violations(room) == []
        room.get_by_label("Question for the room").fill(QUESTION)
        room.get_by_label("Title on the agenda (optional)").fill("Kind of aim")
        room.get_by_label("Options, one a line").fill("A change for patients\nA change for staff\nA saving")
        room.get_by_label("Hide results until I reveal them").check()
        shoot(room, "room-add-poll-1366x768")
        room.get_by_role("button", name="Add to the agenda").click()
        expect(room.get_by_text("Added to the agenda as number 2.")).to_be_visible()
        agenda = room.locator("#agenda")
        expect(agenda.locator(".agenda-item")).to_have_count(2)
        assert axe_violations(room) == []
        agenda.scroll_into_view_if_needed()
        shoot(room, "room-agenda-1366x768")

        small = page_with_text_at_200_percent(phone)
        refused: list[str] = []  # what the page's Content-Security-Policy refused, as the console says
        small.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
        small.goto(f"{base}/j/{code}")
        expect(small.get_by_role("button", name="Send")).to_be_visible()  # the statements, as today

        wall = laptop.new_page()
        wall.goto(f"{base}/wall/{code}")
        expect(wall.locator("#wall-title")).not_to_have_text(QUESTION)

        agenda.get_by_role("button", name="Next activity").click()
        moved_at = time.monotonic()
        expect(small.get_by_role("group", name=QUESTION)).to_be_visible(timeout=6000)
        log.info("the phone followed the room in %.2f s", time.monotonic() - moved_at)
        expect(wall.locator("#wall-title")).to_have_text(QUESTION, timeout=6000)
        log.info("the wall followed the room in %.2f s", time.monotonic() - moved_at)
        expect(wall.get_by_text("Results hidden until the facilitator reveals them.")).to_be_visible()

        assert small.evaluate("getComputedStyle(document.documentElement).fontSize") == "32px"
        assert overflowing(small) == []
        assert broken_words(small) == []
        assert axe_violations(small) == []
        shoot(small, "room-phone-poll-320-text-200", scroll_to="#activity")
        # A browser (or an extension) may leave an empty style attribute on a control it touched
        # (through the CSSOM, which the policy allows): the swaps below must not copy it as markup.
        small.evaluate(
            "document.querySelectorAll('#activity input').forEach(i => { i.style.color = 'red'; i.style.color = ''; })"
        )
        small.get_by_label("A change for staff").check()
        small.get_by_role("button", name="Send my answer").click()
        expect(small.locator("p.flash-success")).to_contain_text("Thank you: your answer is in.")
        expect(small.get_by_label("A change for staff")).to_be_checked()
        expect(small.get_by_role("button", name="Change my answer")).to_be_visible()
        shoot(small, "room-phone-answered-320-text-200", scroll_to="#activity")

        # A phone with JavaScript off answers too: a plain form post and a redirect.
        plain = browser.new_context(**SMALL_PHONE, java_script_enabled=False)
        try:
            still = plain.new_page()
            still.goto(f"{base}/j/{code}")
            expect(still.locator(".no-script-note")).to_contain_text("Reload it when the facilitator moves on")
            assert still.locator(".no-script-note a").get_attribute("href") == f"/j/{code}"
            still.get_by_label("A change for patients").check()
            still.get_by_role("button", name="Send my answer").click()
            expect(still.locator(".flash-success").first).to_contain_text("Thank you: your answer is in.")
        finally:
            plain.close()

        expect(wall.locator(".wall-counts")).to_contain_text("2 people have answered", timeout=6000)
        assert axe_violations(wall) == []
        shoot(wall, "room-wall-hidden-1366x768")

        remote = page_with_text_at_200_percent(remote_phone)
        remote.goto(f"{base}/facilitate/w/{code}/remote")
        expect(remote.get_by_text("Now: 2 of 2 · Quick poll")).to_be_visible()
        assert overflowing(remote) == []
        assert axe_violations(remote) == []
        shoot(remote, "room-remote-320-text-200", scroll_to="#remote")
        remote.get_by_role("button", name="Reveal the results").click()
        expect(remote.get_by_text("The results are on the wall.")).to_be_visible()
        expect(remote.get_by_role("button", name="Hide the results again")).to_be_visible()

        results = wall.locator(".wall-poll")
        expect(results).to_be_visible(timeout=6000)
        expect(results.locator(".wall-poll-row")).to_have_count(3)
        expect(results.locator(".wall-poll-row").nth(0)).to_contain_text("A change for patients")
        expect(results.locator(".wall-poll-row").nth(0)).to_contain_text("1 (50%)")
        expect(results.locator(".wall-poll-row").nth(2)).to_contain_text("0 (0%)")
        assert axe_violations(wall) == []
        assert wall.evaluate("document.documentElement.scrollHeight <= window.innerHeight + 1")  # one screen
        shoot(wall, "room-wall-results-1366x768")
        # The phone redraws its answered poll with the results under it: settling the ticked boxes'
        # new copies copied no style attribute onto them (the policy refuses inline styles).
        expect(small.locator(".phone-results")).to_be_visible(timeout=6000)
        assert refused == []
    finally:
        phone.close()
        remote_phone.close()
        laptop.close()

    projector = browser.new_context(**PROJECTOR)
    with_axe(projector)
    carry_cookies(projector, signed_in.client, signed_in.app, base)
    try:
        big = projector.new_page()
        big.goto(f"{base}/wall/{code}")
        expect(big.locator(".wall-poll-row")).to_have_count(3)
        assert axe_violations(big) == []
        assert big.evaluate("document.documentElement.scrollHeight <= window.innerHeight + 1")
        shoot(big, "room-wall-results-1920x1080")
        big.goto(f"{base}/wall/{code}?contrast=high")
        assert axe_violations(big) == []
        shoot(big, "room-wall-results-high-contrast-1920x1080")
    finally:
        projector.close()
