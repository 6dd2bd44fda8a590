"""A tour in the browser (issue 17): two workshops run with phones, joined into a series, a series
theme renamed, and the series' write-up downloaded as Markdown with only the consented statements;
then a workshop taken out and put back, the series shared with a co-facilitator who finds it in
their list, what happened next and the evidence pack reached from the series page, and the page
checked with axe at 1366x768 and on a 320 px phone with text at 200 %.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from sqlalchemy import select

from tests.browser_support import (
    DESK,
    PHONE,
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
from workshop.models import Series, SeriesPlacement, SeriesTheme, Statement, Theme, WorkshopRole

pytestmark = pytest.mark.browser

POSTS = {
    "Taunton": [
        ("Share 3 case studies with the Trust board by June", True),
        ("Tweet about the literature search service every week", True),
        ("Tell nobody about the private budget plan in Taunton", False),
    ],
    "Exeter": [
        ("Start an Instagram account for the library in March", True),
        ("Write a case study about the falls policy search by July", True),
        ("Tell nobody about the private budget plan in Exeter", False),
    ],
}


def _post_from_phones(browser: Browser, server: LiveServer, code: str, posts: list[tuple[str, bool]]) -> None:
    """Each statement from its own phone, through the participant page, consent ticked or not."""
    for text, consent in posts:
        context = browser.new_context(**PHONE)
        page = context.new_page()
        page.goto(f"{server.url}/j/{code}")
        page.locator("#text").fill(text)
        page.get_by_label("You may share this statement, without my name, on social media").set_checked(consent)
        page.get_by_role("button", name="Send").click()
        page.locator(".flash-success", has_text="Thank you").wait_for()
        context.close()


def _facilitator_page(browser: Browser, server: LiveServer, actions: Actions) -> Page:
    context = browser.new_context(**DESK, accept_downloads=True)
    carry_cookies(context, actions.client, actions.app, server.url)
    return context.new_page()


def test_a_tour_joined_into_a_series_renamed_and_written_up(
    browser: Browser, live_server: LiveServer, signed_in: Actions, tmp_path: Path
) -> None:
    codes = {venue: signed_in.workshop(title="Impact workshop", venue=venue) for venue in POSTS}
    for venue, posts in POSTS.items():
        _post_from_phones(browser, live_server, codes[venue], posts)

    page = _facilitator_page(browser, live_server, signed_in)
    page.goto(f"{live_server.url}/facilitate/")
    page.get_by_role("link", name="My series").click()
    page.get_by_label("Name of the series").fill("South West tour")
    for code in codes.values():
        page.get_by_label(f"Impact workshop ({code})").check()
    page.get_by_role("button", name="Make the series").click()
    page.get_by_role("heading", name="South West tour", level=1).wait_for()
    assert page.locator(".board-statement").count() == 6
    page.get_by_role("button", name="Group all the statements").click()
    page.locator(".flash-success", has_text="Grouped:").wait_for()
    series_id = int(page.url.rsplit("/", 1)[1].split("#")[0])

    with signed_in.app.app_context():  # the series theme holding Exeter's first consented statement
        statement_id = db.session.scalar(select(Statement.id).where(Statement.text == POSTS["Exeter"][0][0]))
        theme_id = db.session.scalar(
            select(SeriesPlacement.theme_id).where(
                SeriesPlacement.series_id == series_id, SeriesPlacement.statement_id == statement_id
            )
        )
    if theme_id is None:  # unsorted: give it a theme of its own through the page first
        page.get_by_label("New theme").fill("Social media")
        page.get_by_role("button", name="Add theme").click()
        page.locator(".flash-success", has_text="New theme").wait_for()
        with signed_in.app.app_context():
            theme_id = db.session.scalar(select(SeriesTheme.id).where(SeriesTheme.label == "Social media"))
        page.locator(f"#s{statement_id} .move-link").click()
        page.locator(f"#move-target-{statement_id}").select_option(str(theme_id))
        page.locator(f"#s{statement_id}").get_by_role("button", name="Move").click()
        page.locator(".flash-success", has_text="Statement moved").wait_for()

    page.locator(f"#rename-{theme_id}").fill("Telling people on social media")
    page.locator(f"#theme-{theme_id}").get_by_role("button", name="Rename").click()
    page.locator(f"#theme-{theme_id}-title", has_text="Telling people on social media").wait_for()
    counts = page.locator(f"#theme-{theme_id} .series-counts").inner_text()
    assert "Taunton" in counts and "Exeter" in counts
    with signed_in.app.app_context():
        assert db.session.scalars(select(Theme)).all() == [], "the workshops' own boards are untouched"

    for code in codes.values():
        signed_in.post_form(f"/facilitate/w/{code}/state", {"state": "closed"}, page=f"/facilitate/w/{code}")
    page.reload()
    page.get_by_role("link", name="Share the actions (blog or newsletter write-up)").click()
    page.get_by_label("Markdown (newsletters, many blogs)").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the write-up").click()
    assert download.value.suggested_filename == "south-west-tour-write-up.md"
    markdown = Path(download.value.path()).read_text(encoding="utf-8")
    listed = [line[2:] for line in markdown.splitlines() if line.startswith("- ")]
    assert sorted(listed) == sorted(text for posts in POSTS.values() for text, consent in posts if consent)
    assert "private budget" not in markdown
    assert "#### Telling people on social media" in markdown

    # Take Exeter out of the series and put it back, through the page.
    page.goto(f"{live_server.url}/facilitate/series/{series_id}")
    exeter = page.locator(".series-workshops li", has=page.locator(f'[data-workshop="{codes["Exeter"]}"]'))
    exeter.get_by_role("button", name="Take out of the series").click()
    page.locator(".flash-success", has_text="is out of the series").wait_for()
    assert page.locator(".board-statement").count() == 3
    page.get_by_text("Add workshops to the series").click()
    page.get_by_label(f"Impact workshop ({codes['Exeter']})").check()
    page.get_by_role("button", name="Add to the series").click()
    page.locator(".flash-success", has_text="Added 1 workshop").wait_for()
    assert page.locator(".board-statement").count() == 6

    # Share the series with a co-facilitator, who then finds it in their list.
    signed_in.facilitator("victoria@example.nhs.uk", "Victoria")
    page.get_by_label("E-mail address of their facilitator account").fill("victoria@example.nhs.uk")
    page.get_by_label("Co-facilitator").check()
    page.get_by_role("button", name="Share").click()
    page.locator(".flash-success", has_text="Shared with victoria@example.nhs.uk as co-facilitator").wait_for()
    with signed_in.app.app_context():
        assert [(p.facilitator.email, p.role) for p in db.session.get(Series, series_id).people] == [
            ("victoria@example.nhs.uk", WorkshopRole.CO_FACILITATOR)
        ]
    victoria = signed_in.app.test_client()
    signed_in.sign_in("victoria@example.nhs.uk", client=victoria)
    co_context = browser.new_context(**DESK)
    carry_cookies(co_context, victoria, signed_in.app, live_server.url)
    co_page = co_context.new_page()
    co_page.goto(f"{live_server.url}/facilitate/series/")
    co_page.get_by_text("Co-facilitator · shared by Tracey").wait_for()
    co_page.get_by_role("link", name="South West tour").click()
    co_page.get_by_role("button", name="Group again").wait_for()
    assert co_page.get_by_role("heading", name="People", exact=True).count() == 0
    co_context.close()

    # What happened next and the evidence pack, from the series page.
    page.get_by_role("link", name="What happened next: follow-up summary and stories").click()
    page.get_by_role("heading", name="What happened next: South West tour").wait_for()
    assert page.locator("#follow-up-counts tbody tr").count() == 3  # two workshops and the total
    with page.expect_download() as evidence:
        page.get_by_role("link", name="Evidence pack (Word)").click()
    assert evidence.value.suggested_filename == "south-west-tour-evidence.docx"
    page.context.close()

    # The series page, checked with axe, at 1366x768 and on a 320 px phone with text at 200 %.
    url = f"{live_server.url}/facilitate/series/{series_id}"
    for name, size in (("series-page-1366", {"width": 1366, "height": 768}), ("series-page-320", None)):
        context = browser.new_context(viewport=size or {"width": 320, "height": 640})
        with_axe(context)
        carry_cookies(context, signed_in.client, signed_in.app, live_server.url)
        looked = context.new_page() if size else page_with_text_at_200_percent(context)
        looked.goto(url)
        assert axe_violations(looked) == [], name
        assert overflowing(looked) == [], name
        assert broken_words(looked, "#people .people-list form") == [], name
        shoot(looked, name)
        shoot(looked, f"{name}-workshops", "#add-workshops")
        shoot(looked, f"{name}-people", "#people")
        context.close()
