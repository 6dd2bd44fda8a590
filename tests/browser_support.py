"""Helpers shared by the browser tests: device sizes, handing a test client's cookies to Chromium, axe-core.

The HTTP fixtures (``actions``, ``Phone``) build real data quickly through the real forms; these
helpers let a browser then look at the result as the same person, without replaying every click.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from PIL import Image, ImageChops
from playwright.sync_api import BrowserContext, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from sqlalchemy import select

from workshop.extensions import db
from workshop.models import Participant, Statement, Workshop

ROOT = Path(__file__).resolve().parent.parent
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"

PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
DESK: dict[str, Any] = {"viewport": {"width": 1280, "height": 900}}
PROJECTOR: dict[str, Any] = {"viewport": {"width": 1600, "height": 900}}
#: The sizes the room's pages are looked at: a laptop (or the projector at 1366 × 768) and the smallest phone.
LAPTOP: dict[str, Any] = {"viewport": {"width": 1366, "height": 768}}
SMALL_PHONE: dict[str, Any] = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True}

#: A picture the suite draws (a screenshot for the guide, a document's preview) replaces the
#: committed one only when more than this share of its pixels differ from it by more than
#: PIXEL_TOLERANCE in a colour channel: anti-aliasing and a palette's choices move a few pixels
#: between runs, a changed screen or page moves thousands. So a clean clone stays clean.
CHANGED_SHARE = 0.001
PIXEL_TOLERANCE = 48


def changed_pixels(old: bytes, new: bytes) -> float:
    """The share of pixels that differ by more than PIXEL_TOLERANCE in some channel (1.0: another size)."""
    with Image.open(io.BytesIO(old)) as before, Image.open(io.BytesIO(new)) as after:
        if before.size != after.size:
            return 1.0
        difference = ImageChops.difference(before.convert("RGB"), after.convert("RGB"))
        red, green, blue = difference.split()
        largest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
        return sum(largest.histogram()[PIXEL_TOLERANCE + 1 :]) / (before.width * before.height)


def write_if_changed(path: Path, png: bytes) -> None:
    """Write ``png`` to ``path`` unless the file there already shows the same picture."""
    if not path.is_file() or changed_pixels(path.read_bytes(), png) > CHANGED_SHARE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png)


# axe-core impact levels that fail a page (issue 7); "moderate" and "minor" are reported, not failed.
BLOCKING_IMPACTS = ("serious", "critical")


def carry_cookies(context: BrowserContext, client: FlaskClient, app: Flask, base_url: str) -> None:
    """Give the browser the session cookie of a test client: the same facilitator or phone, now in Chromium."""
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None, "the test client has no session yet"
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


def shoot(page: Page, name: str, scroll_to: str | None = None, *, full_page: bool = False) -> None:
    """Save the screen as the person sees it, when $SCREENSHOT_DIR names a folder (to look at).

    ``scroll_to`` brings an element into view first. A full-page capture of a page with text at
    200 % resets the text size in Chromium, so phone pictures are of the viewport.
    """
    folder = os.environ.get("SCREENSHOT_DIR")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    if scroll_to:
        page.locator(scroll_to).first.scroll_into_view_if_needed()
    page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=full_page)


def page_with_text_at_200_percent(context: BrowserContext) -> Page:
    """A new page whose browser font size is 32 px instead of 16 (Chromium's own setting, see test_a11y)."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Page.enable")
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    return page


def with_axe(context: BrowserContext) -> None:
    """Load axe-core into every page of ``context``.

    An init script, not ``add_script_tag``: the kit's Content-Security-Policy forbids inline
    scripts (rightly), and init scripts run outside the page's CSP, so the page is tested exactly
    as served.
    """
    assert AXE_JS.exists(), "axe-core is missing: run `npm ci` (make test does)"
    context.add_init_script(path=str(AXE_JS))


def settled(page: Page, timeout_ms: int = 5000) -> None:
    """Wait until no CSS animation is running: content that htmx has just swapped in fades in for
    0.6 s (``.htmx-added``), and axe measures the contrast of half-faded text as it is drawn."""
    try:
        page.wait_for_function(
            "() => document.getAnimations().every(a => a.playState !== 'running')", timeout=timeout_ms
        )
    except PlaywrightTimeoutError:
        pass  # an animation that never ends is the page's own business: check the page as it is


def axe_violations(page: Page, impacts: tuple[str, ...] = BLOCKING_IMPACTS) -> list[str]:
    """Run axe-core on the page once its animations have ended; one readable line per failing rule and node."""
    settled(page)
    results = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
            resultTypes: ["violations"],
        })"""
    )
    lines = []
    for violation in results["violations"]:
        if violation["impact"] not in impacts:
            continue
        for node in violation["nodes"]:
            lines.append(
                f"{violation['impact']}: {violation['id']} ({violation['help']}) at {node['target']}: "
                f"{node.get('failureSummary', '').splitlines()[-1:]}"
            )
    return lines


def overflowing(page: Page) -> list[str]:
    """Visible elements that stick out past the right edge of the viewport (lost or needing sideways scrolling)."""
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const out = [];
            for (const el of document.body.querySelectorAll("*")) {
                const box = el.getBoundingClientRect();
                if (box.width === 0 || box.height === 0 || box.right <= width + 1) continue;
                if (el.closest(".visually-hidden, .skip-link")) continue;
                // Inside a region that scrolls sideways on its own (a data table's, WCAG 1.4.10's exception).
                let scroller = el.parentElement;
                while (scroller && !["auto", "scroll"].includes(getComputedStyle(scroller).overflowX)) scroller = scroller.parentElement;
                if (scroller && scroller.getBoundingClientRect().right <= width + 1) continue;
                out.push(`${el.tagName.toLowerCase()}.${el.getAttribute("class")} right=${Math.round(box.right)}`);
            }
            if (document.documentElement.scrollWidth > width) out.push(`page scrollWidth=${document.documentElement.scrollWidth}`);
            return out;
        }"""
    )


# Every word of visible text, one character at a time: where the line changes inside a word, the
# character before the break must be a soft hyphen, a hyphen, a dash or a slash.
_BROKEN_WORDS = """(root) => {
    const broken = [];
    const walker = document.createTreeWalker(document.querySelector(root), NodeFilter.SHOW_TEXT);
    const allowed = new Set(["\\u00ad", "-", "\\u2010", "\\u2013", "\\u2014", "/"]);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || parent.closest(".visually-hidden, [hidden], textarea, details:not([open]) > :not(summary)")) continue;
        const text = node.textContent;
        for (const match of text.matchAll(/\\S+/g)) {
            let previousTop = null;
            for (let i = 0; i < match[0].length; i++) {
                const range = document.createRange();
                range.setStart(node, match.index + i);
                range.setEnd(node, match.index + i + 1);
                // The last box: a break at a soft hyphen gives the next letter the hyphen's box first.
                const rect = [...range.getClientRects()].filter(r => r.width > 0).pop();
                if (!rect) continue;
                if (previousTop !== null && rect.top > previousTop + rect.height / 2 && !allowed.has(match[0][i - 1])) {
                    broken.push(`${match[0]} (at ${i}) in ${parent.tagName.toLowerCase()}.${parent.className}`);
                    break;
                }
                previousTop = rect.top;
            }
        }
    }
    return broken;
}"""


def broken_words(page: Page, root: str = "main") -> list[str]:
    """Words of visible text under ``root`` that a line break cuts inside themselves (not at a hyphen or a soft hyphen)."""
    return page.evaluate(_BROKEN_WORDS, root)


def statement_ids(app: Flask, code: str) -> list[int]:
    """Ids of a workshop's statements, oldest first (for edit and moderation URLs)."""
    with app.app_context():
        workshop = db.session.scalar(select(Workshop).where(Workshop.code == code))
        assert workshop is not None
        return list(
            db.session.scalars(select(Statement.id).where(Statement.workshop_id == workshop.id).order_by(Statement.id))
        )


def participant_token(app: Flask, code: str) -> str:
    """The private-page token of a workshop's first participant."""
    with app.app_context():
        workshop = db.session.scalar(select(Workshop).where(Workshop.code == code))
        assert workshop is not None
        token = db.session.scalar(
            select(Participant.token).where(Participant.workshop_id == workshop.id).order_by(Participant.id)
        )
        assert token is not None
        return token
