"""Phones show the room's results, in Chromium (issue 16): a 320 px phone with text at 200 % answers
a poll whose results are hidden and is told so in words; the facilitator reveals them and the
phone draws them by itself (its results section polls); another answer reaches it too. With
JavaScript off the results are there after the answer's redirect. A word cloud's top words on the
phone, and the wall at 1366 × 768. axe-core finds nothing serious and nothing sticks out sideways.
Screenshots go to $SCREENSHOT_DIR when set, to look at.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.browser_support import (
    LAPTOP,
    SMALL_PHONE,
    axe_violations,
    carry_cookies,
    overflowing,
    page_with_text_at_200_percent,
    shoot,
    with_axe,
)
from tests.conftest import Actions, LiveServer, csrf_from, room_on_newest
from workshop.extensions import db
from workshop.kinds import operations as kinds
from workshop.models import Activity, ActivityKind, Participant, Workshop

pytestmark = pytest.mark.browser

HIDDEN = "Results will appear when the facilitator reveals them"
POLL = {
    "prompt": "What kind of aim does your project have?",
    "options": "A change for patients or service users\nSaving staff time\nBetter decisions from evidence",
    "multiple": "single",
    "hide_results": "y",
}


def _answer_from_another_phone(actions: Actions, code: str, poll_id: int, choice: str) -> None:
    phone = actions.phone_for(code).client
    page = phone.get(f"/j/{code}").get_data(as_text=True)
    sent = phone.post(f"/j/{code}/a/{poll_id}", data={"csrf_token": csrf_from(page), "choice": choice})
    assert sent.status_code == 302


def _check(page) -> None:  # type: ignore[no-untyped-def]
    assert overflowing(page) == []
    assert axe_violations(page) == []


def test_a_phone_is_told_results_are_hidden_then_draws_them_when_revealed(
    browser: Browser, live_server: LiveServer, signed_in: Actions
) -> None:
    code = signed_in.workshop()
    added = signed_in.post_form(f"/facilitate/w/{code}/activities/new?kind=poll", POLL)
    assert added.status_code == 303
    poll_id = room_on_newest(signed_in.app, code)
    _answer_from_another_phone(signed_in, code, poll_id, "0")
    base = live_server.url
    phone = browser.new_context(**SMALL_PHONE)
    with_axe(phone)
    laptop = browser.new_context(**LAPTOP)
    with_axe(laptop)
    carry_cookies(laptop, signed_in.client, signed_in.app, base)
    try:
        small = page_with_text_at_200_percent(phone)
        small.goto(f"{base}/j/{code}")
        expect(small.locator("#results")).to_have_count(0)
        small.get_by_label("Better decisions from evidence").check()
        small.get_by_role("button", name="Send my answer").click()
        results = small.locator("#results")
        expect(results).to_contain_text(HIDDEN)
        expect(results.locator(".wall-poll-row")).to_have_count(0)
        _check(small)
        shoot(small, "phone-results-hidden-320-text-200", scroll_to="#results")

        revealed = signed_in.post_form(
            f"/facilitate/w/{code}/activities/{poll_id}/reveal", {"shown": "1"}, page=f"/facilitate/w/{code}"
        )
        assert revealed.status_code in (302, 303)
        # No reload: the section's own poll (every 3 s) brings the results.
        expect(results.locator(".wall-poll-row")).to_have_count(3, timeout=10_000)
        expect(results).not_to_contain_text(HIDDEN)
        expect(results).to_contain_text("2 people have answered")
        expect(results.locator(".wall-poll-row").nth(2)).to_contain_text("1 (50%)")
        _check(small)
        shoot(small, "phone-results-poll-320-text-200", scroll_to="#results")

        _answer_from_another_phone(signed_in, code, poll_id, "2")
        expect(results).to_contain_text("3 people have answered", timeout=15_000)
        expect(results.locator(".wall-poll-row").nth(2)).to_contain_text("2 (67%)")

        wall = laptop.new_page()
        wall.goto(f"{base}/wall/{code}")
        expect(wall.locator(".wall-poll-row")).to_have_count(3)
        _check(wall)
        shoot(wall, "phone-results-wall-1366x768")

        plain = browser.new_context(**SMALL_PHONE, java_script_enabled=False)
        try:
            still = plain.new_page()
            still.goto(f"{base}/j/{code}")
            still.get_by_label("Saving staff time").check()
            still.get_by_role("button", name="Send my answer").click()
            expect(still.locator("#results")).to_contain_text("4 people have answered")
            expect(still.locator("#results .wall-poll-row").nth(1)).to_contain_text("1 (25%)")
        finally:
            plain.close()
    finally:
        phone.close()
        laptop.close()


def test_a_phone_shows_the_word_clouds_top_words_at_320_px(
    browser: Browser, live_server: LiveServer, signed_in: Actions
) -> None:
    code = signed_in.workshop()
    with signed_in.app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        cloud = Activity(kind=ActivityKind.WORDS, prompt="What drives impact where you work?", position=1)
        cloud.settings = {"max_words": 3}
        cloud.workshop = workshop
        db.session.add(cloud)
        db.session.flush()
        workshop.current_activity_id = cloud.id
        answers = [["Librarians", "trust"], ["librarian", "data quality"], ["Patients", "trust"], ["Funding"],
                   ["patient experience", "librarians", "Time"], ["تعاون"], ["trust", "funding"],
                   ["interdisciplinarycollaboration"]]  # fmt: skip
        for words in answers:
            person = Participant(workshop=workshop)
            db.session.add(person)
            db.session.flush()
            kinds.answer_words(cloud, person, words)
        db.session.commit()
    phone = browser.new_context(**SMALL_PHONE)
    with_axe(phone)
    try:
        small = page_with_text_at_200_percent(phone)
        small.goto(f"{live_server.url}/j/{code}")
        small.get_by_label("Word 1").fill("Trust")
        small.get_by_role("button", name="Send my words").click()
        results = small.locator("#results")
        expect(results.locator(".wall-word").first).to_contain_text("trust 4")
        expect(results).to_contain_text("9 people have answered")
        _check(small)
        shoot(small, "phone-results-words-320-text-200", scroll_to="#results")
    finally:
        phone.close()
