"""Skip logic in a real browser: the designer sets a rule, phones without JavaScript take each branch.

Tracey asks "Have you used the information yet?"; only those who say Yes are asked how, the others
what stopped them. Two phones with JavaScript switched off answer along each branch; the results
page and the Word results report show both.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import expect

from tests.browser_support import axe_violations, with_axe
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

PHONE = {
    "viewport": {"width": 320, "height": 640},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "java_script_enabled": False,
}
HOW = "How did you use the information?"
WHY = "What stopped you from using it?"


def write_question(page, text: str) -> None:
    page.get_by_role("link", name="Write your own question").click()
    page.get_by_label("Question", exact=True).fill(text)
    page.get_by_label("Type of answer").select_option(label="Free text")
    page.get_by_role("button", name="Add question").click()
    page.get_by_text("Question added.").wait_for()


def set_rule(page, number: int, when: str) -> None:
    page.locator(".question-card").nth(number - 1).locator("summary").click()  # open the one-line question
    page.get_by_role("link", name=f"Skip logic of question {number}").click()
    page.get_by_label("When is this question shown?").select_option(label=when)
    page.get_by_role("group", name=re.compile("Question 1:")).get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Save skip logic").click()
    page.get_by_text("Skip logic saved.").wait_for()


def test_a_skip_rule_from_builder_to_phones_without_javascript_to_the_results_report(
    browser, live_server, actions, tmp_path
):
    actions.facilitator()
    desk = browser.new_context(viewport={"width": 1366, "height": 768})
    with_axe(desk)
    page = desk.new_page()
    page.goto(live_server.url + "/auth/sign-in")
    page.get_by_label("Email address").fill("tracey@example.nhs.uk")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="My surveys").click()
    page.get_by_role("link", name="Create a survey").click()
    page.get_by_label("Title").fill("Did the search get used?")
    page.get_by_label("What is the survey for?").fill("To find out whether our literature searches were used.")
    page.get_by_label("Who is it for?").fill("Nurses on the stroke unit who asked for a search this year")
    page.get_by_role("button", name="Create survey").click()
    page.get_by_label("Search the bank").fill("used the information you received")
    page.get_by_role("button", name="Add question: Have you used the information you received yet?").click()
    page.get_by_text("Added:").wait_for()
    write_question(page, HOW)
    write_question(page, WHY)
    set_rule(page, 2, "Only if the answer is one of those ticked below")
    set_rule(page, 3, "Only if the answer is none of those ticked below")
    for card in (1, 2):
        page.locator(".question-card").nth(card).locator("summary").click()
    expect(page.get_by_text("Shown only if the answer to question 1 is “Yes”.")).to_be_visible()
    expect(page.get_by_text("Shown only if the answer to question 1 is not “Yes”.")).to_be_visible()
    assert axe_violations(page) == []
    page.screenshot(path=str(tmp_path / "builder-skip.png"), full_page=False)
    page.get_by_role("button", name="Publish survey").click()
    page.get_by_text("The survey is published").wait_for()
    page.get_by_role("link", name="QR code and printable sheet").click()
    survey_url = re.search(r"https?://\S+/s/[A-Z0-9]{6}", page.locator("body").inner_text()).group(0)

    for choice, question, text in (("Yes", HOW, "For a teaching session on the ward"), ("No", WHY, "No time yet")):
        context = browser.new_context(**PHONE)
        phone = context.new_page()
        phone.goto(survey_url)
        expect(phone.get_by_text(HOW)).to_have_count(0)
        phone.get_by_role("group", name=re.compile("used the information")).get_by_label(choice, exact=True).check()
        phone.get_by_role("button", name="Next").click()
        phone.get_by_label(re.compile(re.escape(question))).fill(text)
        other = WHY if question == HOW else HOW
        expect(phone.get_by_text(other)).to_have_count(0)
        phone.screenshot(path=str(tmp_path / f"phone-{choice}.png"), full_page=True)
        phone.get_by_role("button", name="Send my answers").click()
        phone.get_by_role("heading", name="Thank you").wait_for()
        context.close()

    page.get_by_role("link", name="Back to the survey").click()
    page.get_by_role("link", name="Results", exact=True).click()
    expect(page.get_by_text(re.compile(r"2\s+responses"))).to_be_visible()
    for text in ("For a teaching session on the ward", "No time yet"):
        expect(page.get_by_text(text)).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Word report").click()
    report = Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    words = "\n".join(
        [p.text for p in report.paragraphs] + [c.text for t in report.tables for r in t.rows for c in r.cells]
    )
    assert "For a teaching session on the ward" in words and "No time yet" in words
    desk.close()
