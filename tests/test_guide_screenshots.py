"""The facilitator's guide's pictures, taken from the real app in Chromium so that they never go stale.

One workshop is run from start to finish the way ``docs/facilitator-guide.md`` tells it, and each
step is photographed into ``docs/images/``. The PNGs are committed so that the guide renders on
GitHub; running the suite refreshes them (codes and dates differ from run to run, the pages do
not). Each picture is checked: written, a real PNG, the expected size, and small (150 KB or less).
"""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page
from sqlalchemy import select

from tests.browser_support import ROOT, participant_token
from tests.conftest import PASSWORD, Actions, LiveServer
from tests.test_surveys_web import BASE as SURVEYS
from tests.test_surveys_web import Designer
from workshop.extensions import db
from workshop.models import Workshop
from workshop.operations import import_statements

pytestmark = pytest.mark.browser

IMAGES = ROOT / "docs" / "images"
MAX_BYTES = 150_000
DESK = {"viewport": {"width": 1024, "height": 680}}
PROJECTOR = {"viewport": {"width": 1280, "height": 720}}
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}

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
    """The address a laptop on a phone hotspot would print in its QR codes (see the guide's set-up)."""
    return {"PUBLIC_BASE_URL": "http://192.168.1.20:5000"}


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk, after checking the signature."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def shot(page: Page, name: str, expected: tuple[int, int]) -> None:
    """Photograph the viewport into docs/images and check what was written."""
    path = IMAGES / name
    path.unlink(missing_ok=True)
    page.screenshot(path=str(path))
    assert path.exists(), name
    if path.stat().st_size > MAX_BYTES:  # a busy screen (a full wall): a 64-colour palette keeps it small
        with Image.open(path) as image:
            image.convert("RGB").quantize(colors=64, dither=Image.Dither.NONE).save(path, optimize=True)
    assert png_size(path) == expected, name
    assert path.stat().st_size <= MAX_BYTES, f"{name} is {path.stat().st_size} bytes"


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
    phone = phone_context.new_page()
    phone.goto(f"{url}/j/{code}")
    phone.get_by_label("When I get back to work, I'm going to…").fill(
        "Ask three ward managers what difference our evidence summaries made, by the end of July"
    )
    phone.locator("#smart-hints .hint-title").wait_for()
    shot(phone, "05-phone-posting.png", (360, 740))
    phone.get_by_role("button", name="Send").click()
    phone.locator(".flash-success").wait_for()

    # 6. The wall, filled by the room's phones.
    for text in ROOM:
        assert actions.phone_for(code).post(text).status_code == 302
    wall = desk_context.new_page()
    wall.set_viewport_size(PROJECTOR["viewport"])
    wall.goto(f"{url}/wall/{code}")
    wall.locator(".wall-card").nth(len(ROOM)).wait_for()
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

    # 9. Downloads, after closing submissions.
    desk.goto(f"{url}/facilitate/w/{code}")
    desk.get_by_role("button", name="Close submissions").click()
    desk.goto(f"{url}/facilitate/w/{code}/downloads")
    shot(desk, "09-downloads.png", desk_size)

    # 10. A participant's private page with their documents.
    phone.goto(f"{url}/mine/{participant_token(actions.app, code)}")
    phone.get_by_role("heading", name="To take away").wait_for()
    shot(phone, "10-private-page.png", (360, 740))

    # 11. The survey designer.
    assert actions.sign_in().status_code == 302
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
    code = actions.workshop(title="Demonstrating impact in 5 easy steps – Taunton")
    for text in ROOM:
        assert actions.phone_for(code).post(text).status_code == 302
    for number in range(len(ROOM) + 1, 41):
        text = f"Offer {services[number % 4]} to {teams[number % 6]} and count the requests in week {number}"
        assert actions.phone_for(code).post(text).status_code == 302, text
    wall.set_viewport_size({"width": 1366, "height": 768})
    wall.goto(f"{url}/wall/{code}")
    wall.locator(".wall-card").nth(39).wait_for()
    wall.wait_for_timeout(1500)  # let the fit settle on its type size before the photograph
    shot(wall, "06-wall-paged-at-1366.png", (1366, 768))
    for context in (desk_context, phone_context):
        context.close()
