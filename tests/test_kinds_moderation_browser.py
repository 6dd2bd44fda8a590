"""A word cloud's and the questions' moderation pages in Chromium (issue 16): a word held for personal
data waiting for approval, hidden words, and the record of who changed what, at 1366 × 768 and on a
320 px screen with text at 200 %. axe-core finds nothing serious and nothing sticks out sideways.
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
from tests.conftest import Actions, LiveServer, room_on_newest
from workshop.extensions import db
from workshop.kinds import operations as kinds
from workshop.models import Activity, Facilitator, Participant

pytestmark = pytest.mark.browser

ANSWERS = (
    (["Librarians", "trust"], False),
    (["librarian", "Evidence-based-commissioning", "time"], False),
    (["jo.bloggs@nhs.net", "Trust"], True),
    (["idiot"], False),
)


def test_the_moderation_pages_show_what_waits_and_who_changed_what(
    browser: Browser, live_server: LiveServer, signed_in: Actions
) -> None:
    code = signed_in.workshop()
    added = signed_in.post_form(
        f"/facilitate/w/{code}/activities/new?kind=words",
        {"prompt": "What drives impact where you work?", "max_words": "3"},
    )
    assert added.status_code == 303
    cloud_id = room_on_newest(signed_in.app, code)
    with signed_in.app.app_context():
        cloud = db.session.get(Activity, cloud_id)
        owner = db.session.query(Facilitator).one()
        assert cloud is not None
        for words, confirmed in ANSWERS:
            person = Participant(workshop=cloud.workshop)
            db.session.add(person)
            db.session.flush()
            kinds.answer_words(cloud, person, words, confirmed=confirmed)
        kinds.hide_word(cloud, "idiot", owner)
        kinds.hide_word(cloud, "time", owner)
        kinds.show_word(cloud, "time", owner)
        db.session.commit()
    base = live_server.url
    moderate = f"{base}/facilitate/w/{code}/activities/{cloud_id}/moderate"
    laptop = browser.new_context(**LAPTOP)
    phone = browser.new_context(**SMALL_PHONE)
    for context in (laptop, phone):
        with_axe(context)
        carry_cookies(context, signed_in.client, signed_in.app, base)
    try:
        wide = laptop.new_page()
        wide.goto(moderate)
        expect(wide.locator("#w-jo\\.bloggs\\@nhs\\.net")).to_contain_text("May contain an email address")
        wide.locator("#changes summary").click()
        expect(wide.locator("#changes")).to_contain_text("Tracey hid the word “idiot”")
        shoot(wide, "kinds-moderation-words-1366x768", full_page=True)
        assert axe_violations(wide) == []
        small = page_with_text_at_200_percent(phone)
        small.goto(moderate)
        assert axe_violations(small) == []
        assert overflowing(small) == []
        shoot(small, "kinds-moderation-waiting-320px-200", scroll_to=".status-pending")
        wide.get_by_role("button", name="Approve “jo.bloggs@nhs.net”").click()
        expect(wide.locator(".flashes")).to_contain_text("is approved")
        small.goto(moderate)
        small.locator("#changes summary").click()
        expect(small.locator("#changes")).to_contain_text("Tracey approved the word “jo.bloggs@nhs.net”")
        assert axe_violations(small) == []
        assert overflowing(small) == []
        shoot(small, "kinds-moderation-words-320px-200", scroll_to="#changes")
    finally:
        laptop.close()
        phone.close()
