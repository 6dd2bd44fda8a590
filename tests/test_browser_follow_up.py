"""The participant's follow-up in a real browser: a 320 px phone, text at 200 %, JavaScript off (issue 14).

A participant wrote two statements at the workshop; weeks later they open the follow-up from their
private page on a small phone, with the browser's text size doubled (Chromium's own font-size
setting, as in test_a11y) and JavaScript switched off. Nothing sticks out past the screen's edge;
a missing answer comes back with a message and stores nothing; the filled form is stored linked to
their statements, with the quote and its consent; opening it again shows their answers.

Every wait has a short timeout, so a page that never answers fails the test instead of hanging it.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from surveys.models import FollowUpResponse
from tests.browser_support import overflowing, page_with_text_at_200_percent, shoot
from tests.conftest import Actions, LiveServer
from tests.test_surveys_follow_up import Kit
from workshop.extensions import db
from workshop.models import Participant

pytestmark = pytest.mark.browser

SMALL_PHONE: dict[str, Any] = {
    "viewport": {"width": 320, "height": 640},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "java_script_enabled": False,
}
WAIT_MS = 10_000
CASE_STUDY = "Write a case study of the literature search for the falls audit"
JOURNAL_CLUB = "Run a journal club with the ward sisters"
OTHERS = "Tweet about the library"


@pytest.fixture()
def app_settings() -> dict[str, Any]:
    """Mail set up (nothing is sent here), so the private page also offers the e-mail reminder."""
    return {"SMTP_HOST": "127.0.0.1", "SMTP_FROM": "kit@example.nhs.uk"}


def _block(page: Page, statement: str):
    return page.locator(".survey-question", has_text=statement)


def test_a_small_phone_without_javascript_fills_in_and_sends_the_follow_up(
    browser, live_server: LiveServer, signed_in: Actions, app: Flask
) -> None:
    kit = Kit(signed_in, (CASE_STUDY, JOURNAL_CLUB), (OTHERS,))
    kit.publish()
    token = kit.tokens()[0]
    case_study, journal_club = kit.statement_ids(token)

    context = browser.new_context(**SMALL_PHONE)
    context.set_default_timeout(WAIT_MS)
    context.set_default_navigation_timeout(WAIT_MS)
    try:
        page = page_with_text_at_200_percent(context)

        page.goto(f"{live_server.url}/mine/{token}")
        assert overflowing(page) == []
        shoot(page, "private-page-320-200pc", "text=Follow up your actions")
        expect(page.get_by_role("button", name="E-mail me a reminder")).to_be_visible()
        shoot(page, "private-page-320-200pc-reminder", "text=E-mail me a reminder")
        page.get_by_role("link", name="Follow up your actions").click()
        page.wait_for_url(f"**/mine/{token}/follow-up")
        assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "32px"
        assert overflowing(page) == []
        expect(page.get_by_text(CASE_STUDY)).to_be_visible()
        expect(page.get_by_text(JOURNAL_CLUB)).to_be_visible()
        expect(page.get_by_text(OTHERS)).to_have_count(0)  # only their own statements
        shoot(page, "follow-up-320-200pc", ".survey-question")

        # Only the first statement answered: the form comes back with a message, nothing stored.
        _block(page, CASE_STUDY).get_by_label("Done", exact=True).check()
        _block(page, CASE_STUDY).get_by_label("What difference has it made?").fill("The audit group used it")
        page.get_by_role("button", name="Send my follow-up").click()
        problem = page.get_by_role("alert")
        expect(problem).to_contain_text("Choose done, in progress or not started.")
        # The summary names the statement left unanswered, the second (hyphenation may split words).
        assert "Statement 2:" in problem.inner_text().replace("\u00ad", "")
        assert overflowing(page) == []
        shoot(page, "follow-up-320-200pc-problem", ".error-summary")
        with app.app_context():
            assert db.session.query(FollowUpResponse).count() == 0
        # What was given is kept on the page.
        expect(_block(page, CASE_STUDY).get_by_label("Done", exact=True)).to_be_checked()
        expect(_block(page, CASE_STUDY).get_by_label("What difference has it made?")).to_have_value(
            "The audit group used it"
        )

        _block(page, JOURNAL_CLUB).get_by_label("In progress", exact=True).check()
        _block(page, JOURNAL_CLUB).get_by_label("What difference has it made?").fill("Two sessions so far")
        page.get_by_label("Anything you would like to say").fill("It made me start")
        page.get_by_label("You may quote what I wrote here").check()
        shoot(page, "follow-up-320-200pc-send", "button[type=submit]")
        page.get_by_role("button", name="Send my follow-up").click()
        page.wait_for_url(f"**/mine/{token}")
        expect(page.get_by_text("Thank you: your follow-up is saved.")).to_be_visible()
        assert overflowing(page) == []

        page.goto(f"{live_server.url}/mine/{token}/follow-up")
        expect(page.get_by_text("You have followed up your actions: thank you.")).to_be_visible()
        answers = page.locator(".my-statements li")
        expect(answers).to_have_count(2)
        assert [" ".join(text.replace("\u00ad", "").split()) for text in answers.all_inner_texts()] == [
            f"{CASE_STUDY} Done The audit group used it",
            f"{JOURNAL_CLUB} In progress Two sessions so far",
        ]
        expect(page.get_by_role("button", name="Send my follow-up")).to_have_count(0)
        assert overflowing(page) == []
        shoot(page, "follow-up-320-200pc-answered", ".my-statements")
    finally:
        context.close()

    with app.app_context():
        [stored] = db.session.scalars(select(FollowUpResponse)).all()
        assert stored.participant_id == db.session.scalar(select(Participant.id).where(Participant.token == token))
        assert stored.quote == "It made me start" and stored.quote_consent is True
        items = {item.statement_id: (item.progress.value, item.difference) for item in stored.items}
    assert items == {
        case_study: ("done", "The audit group used it"),
        journal_club: ("in_progress", "Two sessions so far"),
    }
