"""The survey builder is compact and a 0-10 scale is one row on a small phone (issue 14).

The builder was 15,800 px tall for one survey: questions are now one line each with an edit
disclosure. On a 320 px phone with the browser's text at 200 % and JavaScript off, the 0-10 rating
and the Net Promoter question show their eleven answers side by side, not a three-column grid.
"""

from __future__ import annotations

import pytest

from tests.browser_support import carry_cookies, overflowing, page_with_text_at_200_percent, shoot
from tests.conftest import Actions, LiveServer
from tests.test_browser_survey_skip import PHONE
from tests.test_surveys_web import BASE, Designer

pytestmark = pytest.mark.browser

QUESTIONS = (
    ("How much did the search help your decision?", "rating10", ""),
    ("How likely are you to recommend the library to a colleague?", "nps", ""),
    ("The information was relevant to my work.", "agreement5", ""),
    ("How often do you use the library's e-resources?", "frequency", ""),
    ("Which service did you use?", "single", "Literature search\nTraining\nDocument supply"),
    ("What did you use the information for?", "multiple", "Patient care\nResearch\nTeaching\nPolicy"),
    ("Did you share the information with colleagues?", "yes_no_na", ""),
    ("Put these in order of importance.", "ranking", "Speed\nRelevance\nFormat"),
    ("What difference did it make?", "free_text", ""),
    ("What one thing should we change?", "free_text", ""),
)


def _survey(signed_in: Actions) -> tuple[Designer, str]:
    designer = Designer(signed_in)
    code = designer.create()
    for text, qtype, options in QUESTIONS:
        assert designer.write(code, text, qtype, options=options).status_code == 302
    return designer, code


def test_the_builder_of_a_ten_question_survey_is_a_few_screens_tall(
    browser, live_server: LiveServer, signed_in: Actions
) -> None:
    _, code = _survey(signed_in)
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    carry_cookies(context, signed_in.client, signed_in.app, live_server.url)
    page = context.new_page()
    page.goto(f"{live_server.url}{BASE}/{code}")
    cards = page.locator(".question-card")
    assert cards.count() == len(QUESTIONS)
    height = page.evaluate("document.documentElement.scrollHeight")
    shoot(page, "survey-builder-1366", full_page=True)
    context.close()
    # Ten questions of every type: one line each with an edit disclosure, so a few screens in all
    # (one survey's builder was 15,800 px).
    assert height < 6000, f"the builder is {height} px tall for {len(QUESTIONS)} questions"


@pytest.mark.parametrize("question", ["How much did the search help your decision?", "How likely are you to recommend"])
def test_a_zero_to_ten_scale_on_a_small_phone_has_targets_that_do_not_overlap_in_reading_order(
    browser, live_server: LiveServer, signed_in: Actions, question: str
) -> None:
    """At 320 px with text at 200 % eleven in a row overlapped "9" and "10" and left 21 px buttons:
    the scale takes as many rows as it needs, 0 to 10 read left to right, top to bottom."""
    designer, code = _survey(signed_in)
    assert designer.publish(code).status_code == 302
    context = browser.new_context(**PHONE)
    page = page_with_text_at_200_percent(context)
    page.goto(f"{live_server.url}/s/{code}")
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "32px"
    block = page.locator(".survey-question", has_text=question)
    choices = block.locator(".choices-rating .choice:not(.choice-opt-out)")
    assert choices.count() == 11  # 0 to 10; "Not applicable" has a line of its own
    radios = [choices.nth(i).locator("input[type=radio]").bounding_box() for i in range(11)]
    labels = [choices.nth(i).locator("label").bounding_box() for i in range(11)]
    assert all(box is not None for box in radios + labels)
    assert min(box["width"] for box in radios) >= 24 and min(box["height"] for box in radios) >= 24  # WCAG 2.5.8
    for a, b in zip(labels, labels[1:], strict=False):
        same_row = abs(a["y"] - b["y"]) < 1
        assert (same_row and a["x"] + a["width"] <= b["x"] + 0.5) or (not same_row and b["y"] > a["y"]), (a, b)
    block.scroll_into_view_if_needed()
    shoot(page, "survey-scale-320-200pc", ".choices-rating")
    assert overflowing(page) == []
    context.close()
