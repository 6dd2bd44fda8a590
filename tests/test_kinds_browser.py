"""The word cloud, scale, ranking and questions in Chromium (issue 16): a 320 px phone with text at
200 % answers each (the ranking and the questions with JavaScript off too); the wall shows each
result at 1366 × 768 and 1920 × 1080; the moderation page. axe-core finds nothing serious and
nothing sticks out sideways. Screenshots go to $SCREENSHOT_DIR when set, to look at.
"""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Browser, Locator, Page, expect

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
from workshop.extensions import db
from workshop.kinds import operations as kinds
from workshop.models import Activity, ActivityKind, Participant, Workshop

pytestmark = pytest.mark.browser

PROJECTOR = {"viewport": {"width": 1920, "height": 1080}}

SETTINGS = {
    ActivityKind.WORDS: ("In one to three words: what matters most to your organisation?", {"max_words": 3}),
    ActivityKind.SCALE: (
        "How confident are you about telling the story of your impact?",
        {"low": 0, "high": 10, "low_label": "Not confident at all", "high_label": "Very confident"},
    ),
    ActivityKind.RANKING: (
        "What would help you most to turn your idea into a plan?",
        {"options": ["Time to plan it", "A team to work with", "The right resources", "Knowing what to measure"]},
    ),
    ActivityKind.QUESTIONS: ("What would you like to ask about demonstrating impact?", {}),
}


def _room_with_answers(app: Flask, code: str, kind: ActivityKind) -> int:
    """The room on a new activity of ``kind`` that eight phones have answered."""
    prompt, settings = SETTINGS[kind]
    with app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        activity = Activity(kind=kind, prompt=prompt, position=len(workshop.activities))
        activity.settings = settings
        activity.workshop = workshop
        db.session.add(activity)
        db.session.flush()
        workshop.current_activity_id = activity.id
        words = [["Librarians", "trust"], ["librarian", "data quality"], ["Patients", "trust"], ["Funding"],
                 ["patient experience", "librarians", "Time"], ["تعاون"], ["trust", "funding"], ["wellbeing"]]  # fmt: skip
        for n in range(8):
            person = Participant(workshop=workshop)
            db.session.add(person)
            db.session.flush()
            if kind == ActivityKind.WORDS:
                kinds.answer_words(activity, person, words[n])
            elif kind == ActivityKind.SCALE:
                kinds.answer_scale(activity, person, (3, 7, 7, 8, 5, 10, 6, 7)[n])
            elif kind == ActivityKind.RANKING:
                kinds.answer_ranking(
                    activity, person, [str(r) for r in ((1, 2, 3, 4), (2, 1, 4, 3), (1, 3, 2, 4))[n % 3]]
                )
            elif n < 4:
                text = ("How do I measure reach without a survey?", "Can a story be evidence on its own?",
                        "What if the outcome takes years to show?", "Where do I find a baseline?")[n]  # fmt: skip
                kinds.ask_question(activity, person, kinds.QuestionEntry(text))
        if kind == ActivityKind.QUESTIONS:
            asked = sorted(activity.questions, key=lambda q: q.id)
            for voter_number, question in enumerate(asked[1:], start=1):
                for _ in range(voter_number):
                    voter = Participant(workshop=workshop)
                    db.session.add(voter)
                    db.session.flush()
                    kinds.upvote(question, voter)
            kinds.moderate_question(asked[3], "answer", workshop.facilitator)
        db.session.commit()
        return activity.id


def _said(page: Page, text: str) -> Locator:
    """A message the phone shows (a flash or the error summary), not its copy for screen readers."""
    return page.locator(".flash, .error-summary").filter(has_text=text)


def _check(page: Page) -> None:
    assert overflowing(page) == []
    assert broken_words(page) == []  # "Somethi|ng new" in a trial on 7 December: soft hyphens from 7 letters
    assert axe_violations(page) == []


@pytest.mark.parametrize("kind", list(SETTINGS), ids=lambda k: k.value)
def test_each_kind_on_a_small_phone_and_the_wall(
    browser: Browser, live_server: LiveServer, signed_in: Actions, kind: ActivityKind
) -> None:
    code = signed_in.workshop()
    activity_id = _room_with_answers(signed_in.app, code, kind)
    base = live_server.url
    phone = browser.new_context(**SMALL_PHONE)
    with_axe(phone)
    laptop = browser.new_context(**LAPTOP)
    with_axe(laptop)
    carry_cookies(laptop, signed_in.client, signed_in.app, base)
    projector = browser.new_context(**PROJECTOR)
    with_axe(projector)
    carry_cookies(projector, signed_in.client, signed_in.app, base)
    try:
        small = page_with_text_at_200_percent(phone)
        small.goto(f"{base}/j/{code}")
        assert small.evaluate("getComputedStyle(document.documentElement).fontSize") == "32px"
        _check(small)
        shoot(small, f"kinds-{kind.value}-phone-320-text-200")
        if kind == ActivityKind.WORDS:
            small.get_by_label("Word 1").fill("Librarians")
            small.get_by_label("Word 2 (optional)").fill("🙂")
            small.get_by_role("button", name="Send my words").click()
            expect(_said(small, "Type a word with letters or numbers in it")).to_be_visible()
            _check(small)
            shoot(small, "kinds-words-phone-error-320-text-200")
            small.get_by_label("Word 2 (optional)").fill("co-production")
            small.get_by_role("button", name="Send my words").click()
            expect(_said(small, "Thank you: your words are in the cloud.")).to_be_visible()
            expect(small.get_by_role("button", name="Change my words")).to_be_visible()
        elif kind == ActivityKind.SCALE:
            small.get_by_label("10: Very confident").check()
            small.get_by_role("button", name="Send my answer").click()
            expect(_said(small, "Thank you: your answer is in.")).to_be_visible()
            expect(small.get_by_label("10: Very confident")).to_be_checked()
        elif kind == ActivityKind.RANKING:
            for item, rank in zip(SETTINGS[kind][1]["options"], "1134", strict=True):  # type: ignore[arg-type]
                small.get_by_label(item).select_option(rank)
            small.get_by_role("button", name="Send my ranking").click()
            expect(_said(small, "are both ranked 1")).to_be_visible()
            _check(small)
            shoot(small, "kinds-ranking-phone-error-320-text-200")
        else:
            small.get_by_label("Your question").fill("Is a tweet evidence? مرحبا")
            small.get_by_role("button", name="Send my question").click()
            expect(_said(small, "Thank you: your question is on the list.")).to_be_visible()
            small.get_by_role("button", name="Vote for this question: Can a story be evidence on its own?").click()
            expect(_said(small, "Your vote is counted.")).to_be_visible()
            _check(small)
            shoot(small, "kinds-questions-phone-voted-320-text-200")

        # JavaScript off: the same forms post and redirect.
        plain = browser.new_context(**SMALL_PHONE, java_script_enabled=False)
        try:
            still = plain.new_page()
            still.goto(f"{base}/j/{code}")
            if kind == ActivityKind.RANKING:
                for n, item in enumerate(SETTINGS[kind][1]["options"], start=1):  # type: ignore[index]
                    still.get_by_label(item).select_option(str(5 - n))
                still.get_by_role("button", name="Send my ranking").click()
                expect(_said(still, "Thank you: your ranking is in.")).to_be_visible()
            elif kind == ActivityKind.QUESTIONS:
                still.get_by_label("Your question").fill("Who owns the data?")
                still.get_by_role("button", name="Send my question").click()
                expect(_said(still, "Thank you: your question is on the list.")).to_be_visible()
            elif kind == ActivityKind.SCALE:
                still.get_by_label("0: Not confident at all").check()
                still.get_by_role("button", name="Send my answer").click()
                expect(_said(still, "Thank you: your answer is in.")).to_be_visible()
            else:
                still.get_by_label("Word 1").fill("Trust")
                still.get_by_role("button", name="Send my words").click()
                expect(_said(still, "Thank you: your words are in the cloud.")).to_be_visible()
        finally:
            plain.close()

        for context, size in ((laptop, "1366x768"), (projector, "1920x1080")):
            wall = context.new_page()
            wall.goto(f"{base}/wall/{code}")
            expect(wall.locator(".wall-counts")).to_be_visible()
            _check(wall)
            shoot(wall, f"kinds-{kind.value}-wall-{size}")
        if kind in (ActivityKind.WORDS, ActivityKind.QUESTIONS):
            desk = laptop.new_page()
            desk.goto(f"{base}/facilitate/w/{code}/activities/{activity_id}/moderate")
            _check(desk)
            shoot(desk, f"kinds-{kind.value}-moderation-1366x768")
    finally:
        for context in (phone, laptop, projector):
            context.close()
