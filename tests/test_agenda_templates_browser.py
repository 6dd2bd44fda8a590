"""Workshop templates in Chromium (issue 16): a facilitator starts a workshop from the five-steps
template on a 1366 x 768 laptop, saves its agenda as their own template, and the same pages on a
320 px phone with text at 200 %: nothing sticks out sideways and axe-core finds nothing serious.
Screenshots go to $SCREENSHOT_DIR when set, to look at.
"""

from __future__ import annotations

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


LONG_TITLE = "Interprofessional collaboration: evidence-based commissioning across neighbourhoods"


def long_agenda(actions: Actions, answered: int = 0) -> tuple[str, int]:
    """A workshop whose agenda has every kind, long titles and words, hidden results; the room on
    its quick poll, which ``answered`` people answered. Its code and the poll's id."""
    from workshop.extensions import db
    from workshop.models import Activity, ActivityKind, Participant, PollAnswer, Workshop

    code = actions.workshop(title="Demonstrating impact: interprofessional collaboration")
    with actions.app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        for kind, title, prompt, settings in (
            (ActivityKind.POLL, LONG_TITLE, "Which aim first?", {"options": ["A", "B"], "hide_results": True}),
            (ActivityKind.WORDS, "", "Your organisation's drivers, in one to three words?", {"max_words": 3}),
            (ActivityKind.QUESTIONS, "Questions", "What would you like to ask about demonstrating impact?", {}),
            (ActivityKind.RANKING, "Step 3: capture your idea", "What helps most?", {"options": ["Time", "A team"]}),
            (ActivityKind.SCALE, "Step 4: tell your story", "How confident?", {"low": 1, "high": 5}),
        ):
            activity = Activity(kind=kind, title=title, prompt=prompt, position=len(workshop.activities))
            activity.settings = settings
            workshop.activities.append(activity)
        db.session.flush()
        poll = workshop.activities[1]
        workshop.current_activity_id = poll.id
        for _ in range(answered):
            participant = Participant(workshop=workshop)
            db.session.add(participant)
            db.session.flush()
            db.session.add(PollAnswer(activity_id=poll.id, participant_id=participant.id, choices_json="[0]"))
        db.session.commit()
        return code, poll.id


def test_the_agenda_and_its_pages_fit_a_320_pixel_screen_at_200_percent_without_breaking_words(
    browser: Browser, live_server: LiveServer, signed_in: Actions
) -> None:
    code, _ = long_agenda(signed_in)
    phone = browser.new_context(**SMALL_PHONE)
    with_axe(phone)
    carry_cookies(phone, signed_in.client, signed_in.app, live_server.url)
    small = page_with_text_at_200_percent(phone)
    try:
        small.goto(f"{live_server.url}/facilitate/w/{code}")
        assert small.evaluate("getComputedStyle(document.documentElement).fontSize") == "32px"
        for n in range(1, 7):  # each activity from its top: the number, the kind, the title, then its buttons
            small.locator(f"#agenda .agenda-item:nth-child({n})").evaluate("item => item.scrollIntoView()")
            shoot(small, f"agenda-320px-200pc-{n}")
        shoot(small, "agenda-320px-200pc-add", scroll_to=".agenda-add")
        assert overflowing(small) == []
        assert broken_words(small, "#agenda") == []

        small.locator("#agenda .agenda-item").nth(1).get_by_role("link", name="Remove").click()
        expect(small.get_by_role("heading", level=1)).to_have_text(f"Remove “{LONG_TITLE}” from the agenda?")
        shoot(small, "remove-activity-320px-200pc", scroll_to="main h1")
        assert overflowing(small) == [] and broken_words(small) == []
        assert axe_violations(small) == []
        small.get_by_role("link", name="Keep it").click()
        expect(small.locator("#agenda .agenda-item")).to_have_count(6)

        small.goto(f"{live_server.url}/facilitate/workshop-templates")
        shoot(small, "templates-320px-200pc", scroll_to="main h1")
        shoot(small, "templates-320px-200pc-list", scroll_to=".template-list")
        assert overflowing(small) == [] and broken_words(small) == []
        assert axe_violations(small) == []
    finally:
        phone.close()

    laptop = browser.new_context(**LAPTOP)
    with_axe(laptop)
    carry_cookies(laptop, signed_in.client, signed_in.app, live_server.url)
    page = laptop.new_page()
    try:
        page.goto(f"{live_server.url}/facilitate/w/{code}#agenda")
        assert overflowing(page) == [] and broken_words(page, "#agenda") == []
        shoot(page, "agenda-1366x768", scroll_to="#agenda")
        remove = page.locator("#agenda .agenda-item").nth(1).get_by_role("link", name="Remove")
        remove.click()
        page.get_by_role("button", name="Remove it").click()
        expect(page.locator(".flash")).to_contain_text(f"“{LONG_TITLE}” is off the agenda.")
        expect(page.locator("#agenda .agenda-item")).to_have_count(5)
    finally:
        laptop.close()


def test_a_facilitator_deletes_their_own_template_from_the_templates_page(
    browser: Browser, live_server: LiveServer, signed_in: Actions
) -> None:
    from workshop.agenda_templates import operations
    from workshop.extensions import db
    from workshop.models import Facilitator, Workshop

    code, _ = long_agenda(signed_in)
    with signed_in.app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        owner = db.session.query(Facilitator).filter_by(email="tracey@example.nhs.uk").one()
        operations.save_as_template(workshop, owner, "Our interprofessional collaboration tour")
        db.session.commit()
    context = browser.new_context(**LAPTOP)
    with_axe(context)
    carry_cookies(context, signed_in.client, signed_in.app, live_server.url)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/facilitate/new/from-template")
        page.get_by_role("link", name="See or delete your templates").click()
        expect(page.get_by_role("heading", name="Our interprofessional collaboration tour")).to_be_visible()
        assert axe_violations(page) == []
        shoot(page, "templates-1366x768")
        page.get_by_role("link", name="Delete the template Our interprofessional collaboration tour").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Delete the template")
        assert axe_violations(page) == []
        shoot(page, "delete-template-1366x768")
        page.get_by_role("button", name="Delete the template").click()
        expect(page.locator(".flash")).to_contain_text("deleted")
        expect(page.get_by_text("You have no templates of your own yet")).to_be_visible()
    finally:
        context.close()
