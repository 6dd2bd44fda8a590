"""The room's timer in Chromium (issue 16): started from the control room on a 1366 × 768 laptop,
counting down live on the wall and on a 320 px phone with text at 200 %, and saying "Time is up"
to screen readers once. Nothing sticks out sideways; axe-core finds nothing serious.
Screenshots go to $SCREENSHOT_DIR when set, to look at."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import select

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
from workshop.extensions import db
from workshop.models import Workshop, utcnow

pytestmark = pytest.mark.browser


def _ends_in(actions: Actions, code: str, seconds: int) -> None:
    with actions.app.app_context():
        workshop = db.session.scalars(select(Workshop).where(Workshop.code == code)).one()
        workshop.timer_ends_at = utcnow() + timedelta(seconds=seconds)
        workshop.touch()
        db.session.commit()


def test_the_timer_counts_down_on_the_wall_and_a_small_phone(
    browser: Browser, live_server: LiveServer, signed_in: Actions
) -> None:
    code = signed_in.workshop()
    signed_in.phone_for(code).post("I will ask three patients what changed for them by March.")
    laptop = browser.new_context(**LAPTOP)
    with_axe(laptop)
    carry_cookies(laptop, signed_in.client, signed_in.app, live_server.url)
    room = laptop.new_page()
    try:
        room.goto(f"{live_server.url}/facilitate/w/{code}")
        timer = room.locator("#timer")
        timer.get_by_label("Minutes (1 to 120)").fill("0")
        timer.get_by_role("button", name="Start the timer").click()
        expect(room.get_by_text("Type a whole number of minutes from 1 to 120.")).to_be_visible()
        room.locator("#timer").get_by_role("button", name="3 min").click()
        expect(room.get_by_text("The timer is running: 3 minutes.")).to_be_visible()
        first = room.locator("#timer-room [data-timer-text]").text_content()
        expect(room.locator("#timer-room [data-timer-text]")).not_to_have_text(first or "", timeout=5000)  # live
        assert axe_violations(room) == []
        room.locator("#timer").scroll_into_view_if_needed()
        shoot(room, "timer-room-1366x768")

        wall = laptop.new_page()
        wall.goto(f"{live_server.url}/wall/{code}")
        expect(wall.locator("#timer-wall")).to_contain_text("Time left: 2:5")
        assert axe_violations(wall) == []
        shoot(wall, "timer-wall-1366x768")
        _ends_in(signed_in, code, 3)
        wall.reload()
        expect(wall.locator("#timer-wall")).to_have_text("Time is up", timeout=6000)
        expect(wall.locator("#announcer")).to_have_text("Time is up.")
        shoot(wall, "timer-wall-up-1366x768")
    finally:
        laptop.close()

    _ends_in(signed_in, code, 4)
    phone = browser.new_context(**SMALL_PHONE)
    with_axe(phone)
    small = page_with_text_at_200_percent(phone)
    try:
        small.goto(f"{live_server.url}/j/{code}")
        assert small.evaluate("getComputedStyle(document.documentElement).fontSize") == "32px"
        expect(small.locator("#timer-phone")).to_contain_text("Time left: 0:0")
        assert small.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        assert axe_violations(small) == []
        shoot(small, "timer-phone-320-text-200")
        expect(small.locator("#timer-phone")).to_have_text("Time is up", timeout=7000)
        expect(small.locator("#announcer")).to_have_text("Time is up.")
        small.wait_for_timeout(2500)  # said once, not each second: still the same single sentence
        expect(small.locator("#announcer")).to_have_text("Time is up.")
        expect(small.get_by_role("button", name="Send")).to_be_visible()  # it closed nothing
        shoot(small, "timer-phone-up-320-text-200")
    finally:
        phone.close()
