"""The facilitator's guide's pictures, taken from the real app in Chromium so that they never go stale.

One workshop is run from start to finish the way ``docs/facilitator-guide.md`` tells it, and each
step is photographed into ``docs/images/``. The PNGs are committed so that the guide renders on
GitHub; running the suite refreshes them. The same screen gives the same picture: fixed codes and
texts, a British locale and time zone, no animation, walls that do not turn their pages while
photographed; and a picture is written only when it differs from the committed one by more than
a few anti-aliased pixels, so a clean clone stays clean after the suite. Each picture is checked:
a real PNG, the expected size, and small (150 KB or less).
"""

from __future__ import annotations

import io
import struct
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page
from sqlalchemy import select

from tests.board_helpers import board_post, themes, vote
from tests.browser_support import ROOT, participant_token, write_if_changed
from tests.conftest import PASSWORD, Actions, LiveServer
from tests.test_surveys_web import BASE as SURVEYS
from tests.test_surveys_web import Designer
from workshop.extensions import db
from workshop.models import Workshop
from workshop.operations import create_series, import_statements

pytestmark = pytest.mark.browser

IMAGES = ROOT / "docs" / "images"
MAX_BYTES = 150_000
SAME_EVERY_RUN: dict[str, Any] = {"locale": "en-GB", "timezone_id": "Europe/London", "reduced_motion": "reduce"}
DESK = {"viewport": {"width": 1024, "height": 680}, **SAME_EVERY_RUN}
PROJECTOR = {"viewport": {"width": 1280, "height": 720}}  # a page of the desk's window, on the projector
#: The smallest phone the kit is made for, with its text at 200 % (the browser's own font size, as
#: in test_phone_browser).
PHONE = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True, **SAME_EVERY_RUN}
PHONE_SIZE = (320, 640)

ROOM = [
    "Increase use of Twitter / Facebook / Instagram accounts for impact of service",
    "Use the feedback we already collect to write two impact case studies by September",
    "Meet the director of nursing with three examples of impact from our evidence summaries",
    "Run a survey of the outreach service's users in the emergency department",
    "Write a SMART impact plan for the new current-awareness bulletin with my team",
    "Present our impact stories at the library's next stakeholder meeting",
]


@pytest.fixture()
def app_settings() -> dict[str, str]:
    """The address a laptop on a phone hotspot would print in its QR codes (see the guide's set-up);
    walls that keep their page while photographed."""
    return {"PUBLIC_BASE_URL": "http://192.168.1.20:5000", "WALL_PAGE_SECONDS": 3600}


def png_size(data: bytes, name: str) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk, after checking the signature."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{name} is not a PNG"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def shot(page: Page, name: str, expected: tuple[int, int]) -> None:
    """Photograph the viewport; write it to docs/images only if it shows something new."""
    data = page.screenshot(animations="disabled", caret="hide")
    if len(data) > MAX_BYTES:  # a busy screen (a full wall): a 64-colour palette keeps it small
        buffer = io.BytesIO()
        with Image.open(io.BytesIO(data)) as image:
            image.convert("RGB").quantize(colors=64, dither=Image.Dither.NONE).save(buffer, format="PNG", optimize=True)
        data = buffer.getvalue()
    assert png_size(data, name) == expected, name
    assert len(data) <= MAX_BYTES, f"{name} is {len(data)} bytes"
    write_if_changed(IMAGES / name, data)


def large_text(page: Page) -> Page:
    """Text at 200 %: the browser's standard font size doubled to 32 px (a full-page capture would reset it)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Page.enable")
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    return page


def test_the_guides_screenshots_come_from_a_real_workshop(
    browser: Browser, live_server: LiveServer, actions: Actions, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The guide's example code (and so its QR code) is fixed, so that a test run leaves the pictures unchanged.
    monkeypatch.setattr("workshop.operations.new_code", lambda: "7KX9QM")
    IMAGES.mkdir(parents=True, exist_ok=True)
    actions.facilitator()
    url = live_server.url
    desk_context = browser.new_context(**DESK)
    desk = desk_context.new_page()
    desk_size = (1024, 680)

    # 1. Sign in.
    desk.goto(url + "/auth/sign-in")
    desk.get_by_label("Email address").fill("tracey@example.nhs.uk")
    desk.get_by_label("Password").fill(PASSWORD)
    shot(desk, "01-sign-in.png", desk_size)
    desk.get_by_role("button", name="Sign in").click()

    # 2. Create a workshop.
    desk.get_by_role("link", name="Create a workshop").click()
    desk.get_by_label("Title").fill("Demonstrating impact in 5 easy steps – Taunton")
    desk.get_by_label("Venue").fill("Musgrove Park Hospital library")
    shot(desk, "02-create-workshop.png", desk_size)
    desk.get_by_role("button", name="Create workshop").click()

    # 3. The workshop's control page, opened.
    desk.get_by_role("button", name="Open submissions").click()
    desk.get_by_text("The workshop is now open.").wait_for()
    code = desk.locator(".code").first.inner_text().strip()
    shot(desk, "03-workshop-page.png", desk_size)

    # 4. The printable join sheet.
    desk.get_by_role("link", name="Printable join sheet").click()
    shot(desk, "04-join-sheet.png", desk_size)

    # 5. A phone posting its statement.
    phone_context = browser.new_context(**PHONE)
    phone = large_text(phone_context.new_page())
    phone.goto(f"{url}/j/{code}")
    phone.get_by_label("When I get back to work, I'm going to…").fill(
        "Ask three ward managers what difference our evidence summaries made, by the end of July"
    )
    phone.locator("#smart-hints .hint-title").wait_for()
    # the text box at the top of the screen, Send straight under it, the hint below Send
    phone.get_by_role("textbox").first.evaluate(
        "box => { box.blur(); box.scrollTop = 0; box.scrollIntoView({block: 'start'}); window.scrollBy(0, -12); }"
    )
    shot(phone, "05-phone-posting.png", PHONE_SIZE)
    phone.get_by_role("button", name="Send").click()
    phone.locator(".flash-success").wait_for()

    # 6. The wall, filled by the room's phones.
    for text in ROOM:
        assert actions.phone_for(code).post(text).status_code == 302
    wall = desk_context.new_page()
    wall.set_viewport_size(PROJECTOR["viewport"])
    wall.goto(f"{url}/wall/{code}")
    wall.locator(".wall-card").nth(len(ROOM)).wait_for()
    wall.wait_for_function("() => document.querySelector('[data-wall]').getAttribute('data-pages') === '1'")
    shot(wall, "06-wall.png", (1280, 720))

    # 7. Moderation: pin one, hide one, from the control page.
    desk.goto(f"{url}/facilitate/w/{code}")
    desk.get_by_role("button", name="Pin statement", exact=False).first.click()
    desk.get_by_text("Pinned").first.wait_for()
    desk.evaluate("document.querySelector('#moderation').scrollIntoView()")
    shot(desk, "07-moderation.png", desk_size)

    # 8. The themes board, after grouping the seed's statements too.
    with actions.app.app_context():
        workshop = db.session.scalar(select(Workshop).where(Workshop.code == code))
        seed = (Path(__file__).parent / "data" / "map-on-tour-statements.txt").read_text(encoding="utf-8")
        import_statements(workshop, seed.splitlines())
        db.session.commit()
    desk.goto(f"{url}/facilitate/w/{code}/themes")
    desk.get_by_role("button", name="Group the statements").click()
    desk.locator(".theme-column").nth(2).wait_for()
    desk.evaluate("document.querySelector('.theme-board').scrollIntoView()")
    shot(desk, "08-themes-board.png", desk_size)

    # 8b. The themes on a 1920 x 1080 projector, ranked by the room's votes.
    assert actions.sign_in().status_code == 302
    board_post(actions, code, "/share", {"state": "on"})
    board_post(actions, code, "/voting", {"state": "on"})
    ids = [theme["id"] for theme in themes(actions, code)]
    for choices in ((6, 5, 0), (6, 4, 1), (5, 3, 6), (6, 5, 4), (3, 2, 5), (6, 1, 2)):  # six phones, 3 votes each
        voter = actions.phone_for(code)
        for choice in choices:
            assert vote(voter, code, ids[choice % len(ids)]).status_code == 303
    wall.set_viewport_size({"width": 1920, "height": 1080})
    wall.goto(f"{url}/wall/{code}/themes")
    wall.wait_for_function("() => document.querySelector('[data-wall]').hasAttribute('data-pages')")
    shot(wall, "08-themes-projector.png", (1920, 1080))

    # 9. Downloads, after closing submissions.
    desk.goto(f"{url}/facilitate/w/{code}")
    desk.get_by_role("button", name="Close submissions").click()
    desk.goto(f"{url}/facilitate/w/{code}/downloads")
    shot(desk, "09-downloads.png", desk_size)

    # 10. A participant's private page with their documents.
    phone.goto(f"{url}/mine/{participant_token(actions.app, code)}")
    phone.get_by_role("heading", name="To take away").wait_for()
    shot(phone, "10-private-page.png", PHONE_SIZE)

    # 11. The survey designer.
    designer = Designer(actions)
    survey = designer.create("Literature searches on the stroke unit")
    for bank_id in ("care-confidence", "use-purpose-all", "care-story"):
        assert designer.add_from_bank(survey, bank_id).status_code == 302
    desk.goto(f"{url}{SURVEYS}/{survey}")
    desk.locator(".question-card").first.scroll_into_view_if_needed()
    shot(desk, "11-survey-designer.png", desk_size)

    # Last, so the other pictures show the room's own statements: the wall on a 1366 x 768
    # projector with 40 statements; past the smallest readable type it turns pages.
    services = ["evidence summaries", "literature searches", "current awareness bulletins", "journal clubs"]
    teams = ["ward team", "practice educators", "pharmacy", "the board", "junior doctors", "estates"]
    monkeypatch.setattr("workshop.operations.new_code", lambda: "4PW2RT")
    first_code = code
    code = actions.workshop(title="Demonstrating impact in 5 easy steps – Taunton")
    for text in ROOM:
        assert actions.phone_for(code).post(text).status_code == 302
    for number in range(len(ROOM) + 1, 41):
        text = f"Offer {services[number % 4]} to {teams[number % 6]} and count the requests in week {number}"
        assert actions.phone_for(code).post(text).status_code == 302, text
    wall.set_viewport_size({"width": 1366, "height": 768})
    wall.goto(f"{url}/wall/{code}")
    wall.locator(".wall-card").nth(39).wait_for(state="attached")  # the oldest are on page 2, hidden for now
    wall.wait_for_function("() => document.querySelector('[data-wall]').getAttribute('data-pages') === '2'")
    wall.wait_for_timeout(500)  # let the fit settle on its type size before the photograph
    shot(wall, "06-wall-paged-at-1366.png", (1366, 768))

    # 12. A series (tour) of the two workshops, its statements grouped across both.
    with actions.app.app_context():
        workshops = [db.session.scalar(select(Workshop).where(Workshop.code == c)) for c in (first_code, code)]
        series_id = create_series(workshops[0].facilitator, "Map on tour", workshops).id
        db.session.commit()
    desk.goto(f"{url}/facilitate/series/{series_id}")
    desk.get_by_role("button", name="Group all the statements").click()
    desk.locator(".theme-column").nth(2).wait_for()
    shot(desk, "12-series-page.png", desk_size)
    for context in (desk_context, phone_context):
        context.close()
