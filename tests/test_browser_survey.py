"""A survey from design to results in a real browser.

Tracey builds a survey from the question bank, fixes the leading question the checks flag, and
publishes it; the QR code is read off a screenshot of the share sheet with zbarimg; two phones
answer through it; the results page shows what they said.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser_support import axe_violations, with_axe
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
LEADING = "Don't you agree that the library service is excellent?"
FIXED = "What one thing would you change about the library service?"


def decode_qr(png: Path) -> str:
    result = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True, check=True)
    return result.stdout.strip()


def test_designer_builds_publishes_and_reads_answers_from_two_phones(browser, live_server, actions, tmp_path):
    actions.facilitator()
    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    with_axe(desk)
    page = desk.new_page()
    page.goto(live_server.url + "/auth/sign-in")
    page.get_by_label("Email address").fill("tracey@example.nhs.uk")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("link", name="My surveys").click()
    page.get_by_role("link", name="Create a survey").click()
    page.get_by_label("Title").fill("Literature searches on the stroke unit")
    page.get_by_label("What is the survey for?").fill(
        "To find out whether our literature searches change patient care on the stroke unit."
    )
    page.get_by_label("Who is it for?").fill("Nurses on the stroke unit who asked for a search this year")
    page.get_by_label("How many people will you invite?").fill("12")
    page.get_by_role("button", name="Create survey").click()
    page.get_by_text("Survey created.").wait_for()

    # From the bank: one question found by typing (htmx filters as you type), one by category.
    page.get_by_label("Search the bank").fill("confident in a clinical")
    page.locator("#bank-results", has_text="1 question found").wait_for()
    page.get_by_role(
        "button", name="Add question: The information made me more confident in a clinical decision."
    ).click()
    page.get_by_text("Added: “The information made me more confident in a clinical decision.”").wait_for()
    page.get_by_label("Search the bank").fill("")
    page.get_by_label("Category").select_option(label="Time saved")
    page.get_by_role("button", name="Add question: Did using the library service save you time?").wait_for()
    page.get_by_role("button", name="Add question: Did using the library service save you time?").click()

    # Our own question: flagged as leading, then fixed.
    page.get_by_role("link", name="Write your own question").click()
    page.get_by_label("Question", exact=True).fill(LEADING)
    page.get_by_label("Type of answer").select_option(label="Yes / No / Not applicable")
    page.get_by_label("People must answer this question").check()
    page.get_by_role("button", name="Add question").click()
    flagged = page.locator(".question-card", has_text=LEADING)
    expect(flagged.get_by_text("asks the question so that agreeing is the expected answer")).to_be_visible()
    flagged.get_by_role("link", name="Edit question 3").click()
    page.get_by_label("Question", exact=True).fill(FIXED)
    page.get_by_label("Type of answer").select_option(label="Free text")
    page.get_by_role("button", name="Save question").click()
    fixed = page.locator(".question-card", has_text=FIXED)
    # Only the advice against a required free-text question is left (kept required for the phones below).
    expect(fixed.get_by_text("1 note")).to_be_visible()
    assert page.get_by_text("agreeing is the expected answer").count() == 0
    assert axe_violations(page) == []

    # Reorder without JavaScript-only tricks: the buttons move the fixed question to the top.
    fixed.locator("summary").click()  # the builder lists each question on one line until opened
    fixed.get_by_role("button", name="Move up question 3").click()
    page.locator(".question-card").nth(1).filter(has_text=FIXED).wait_for()

    page.get_by_role("button", name="Publish survey").click()
    page.get_by_text("The survey is published").wait_for()
    page.get_by_role("link", name="QR code and printable sheet").click()
    screenshot = tmp_path / "survey-qr.png"
    page.locator(".survey-qr").screenshot(path=str(screenshot))
    survey_url = decode_qr(screenshot)
    assert re.fullmatch(re.escape(live_server.url) + r"/s/[A-Z0-9]{6}", survey_url)

    answers = [
        ("Agree", "Yes", "Open later at weekends"),
        ("Strongly agree", "No", "More training sessions on the ward"),
    ]
    phones = []
    for scale, yes_no, text in answers:
        context = browser.new_context(**PHONE)
        with_axe(context)
        phone = context.new_page()
        phone.goto(survey_url)
        assert axe_violations(phone) == []
        if not phones:  # the first phone forgets the required question, and keeps what it ticked
            phone.get_by_role("group", name=re.compile("save you time")).get_by_label(yes_no, exact=True).check()
            phone.get_by_role("button", name="Send my answers").click()
            phone.get_by_role("heading", name="There is a problem").wait_for()
            expect(phone.get_by_role("link", name="Question 2: Write an answer to this question.")).to_be_visible()
            assert (
                phone.get_by_role("group", name=re.compile("save you time"))
                .get_by_label(yes_no, exact=True)
                .is_checked()
            )
            assert axe_violations(phone) == []
        phone.get_by_role("group", name=re.compile("more confident")).get_by_label(scale, exact=True).check()
        phone.get_by_role("group", name=re.compile("save you time")).get_by_label(yes_no, exact=True).check()
        phone.get_by_label(re.compile("What one thing would you change")).fill(text)
        phone.get_by_role("button", name="Send my answers").click()
        phone.get_by_role("heading", name="Thank you").wait_for()
        phone.goto(survey_url)
        expect(phone.get_by_text("You have already answered this survey on this device")).to_be_visible()
        phones.append(context)

    page.get_by_role("link", name="Back to the survey").click()
    page.get_by_role("link", name="Results", exact=True).click()
    expect(page.get_by_text(re.compile(r"2\s+responses from\s+12\s+people invited"))).to_be_visible()
    confident = page.locator(".result", has_text="more confident")
    expect(confident.get_by_role("row", name=re.compile(r"^Agree 1 50%"))).to_be_visible()
    expect(confident.get_by_role("row", name=re.compile(r"^Strongly agree 1 50%"))).to_be_visible()
    for _, _, text in answers:
        expect(page.get_by_text(text)).to_be_visible()
    assert axe_violations(page) == []
    for context in phones:
        context.close()
    desk.close()
