"""The themes board in a real browser: Tracey groups the seed's 17 statements, corrects a theme,
moves statements with the select and by drag and drop, and the projector follows without reloading.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.board_helpers import board_post, group, seeded_workshop, themes
from tests.browser_support import carry_cookies
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def test_facilitator_groups_corrects_and_the_projector_follows(browser, live_server, actions):
    actions.facilitator()
    code = seeded_workshop(actions)
    desk = browser.new_context(viewport={"width": 1400, "height": 1000})
    board = desk.new_page()
    board.goto(live_server.url + "/auth/sign-in")
    board.get_by_label("Email address").fill("tracey@example.nhs.uk")
    board.get_by_label("Password").fill(PASSWORD)
    board.get_by_role("button", name="Sign in").click()
    board.goto(f"{live_server.url}/facilitate/w/{code}")
    board.get_by_role("link", name="Themes board").click()
    board.get_by_text("Not grouped yet. 17 statements on the wall.").wait_for()

    projector = desk.new_page()
    projector.goto(f"{live_server.url}/wall/{code}/themes")
    projector.get_by_text("Themes appear here once the facilitator groups the statements.").wait_for()
    projector.evaluate("window.__sameDocument = true")
    board.evaluate("window.__sameDocument = true")

    board.get_by_role("button", name="Group the statements").click()
    board.locator(".flash-success", has_text=re.compile(r"Grouped: \d+ themes, \d+ statements? unsorted\.")).wait_for()
    expect(board.get_by_text("Grouped by meaning")).to_be_visible()
    projector.locator(".wall-theme-label", has_text="Social media").wait_for(timeout=2500)

    # Rename: the projector shows the new name without a reload.
    board.get_by_label("Name of theme Social media").fill("Tweeting our impact")
    board.get_by_role("button", name="Rename theme Social media").click()
    board.get_by_role("heading", name="Tweeting our impact").wait_for()
    projector.locator(".wall-theme-label", has_text="Tweeting our impact").wait_for(timeout=2500)

    # Move with the card's menu and its button (keyboard and screen-reader path).
    presentation = "Re-jig my next presentation to include impact"
    item = board.locator(".board-statement", has_text=presentation)
    item.get_by_role("link", name="Move…").click()  # the menu is loaded into the card on demand
    item.get_by_label("Move to…").select_option(label="Tweeting our impact")
    item.get_by_role("button", name="Move this statement").click()
    tweeting = board.locator(".theme-column", has=board.get_by_role("heading", name="Tweeting our impact"))
    tweeting.locator(".board-statement", has_text=presentation).wait_for()
    # a full theme shows its first statements and "+ n more" on the projector: the moved one is there, maybe clipped
    projector.locator(".wall-theme", has_text="Tweeting our impact").get_by_text(presentation).wait_for(
        state="attached", timeout=2500
    )

    # Move by drag and drop (board.js posts the board's one move form to the same address).
    by_drag = "Talk to head of transformation re: impact of LKS support"  # beside its target, both in view
    planning = board.locator(".theme-column", has=board.get_by_role("heading", name="SMART impact planning"))
    board.locator(".board-statement", has_text=by_drag).drag_to(planning.locator(".theme-title"))
    planning.locator(".board-statement", has_text=by_drag).wait_for()
    board.locator(".flash-success", has_text="Statement moved to “SMART impact planning”.").wait_for()
    projector.locator(".wall-theme", has_text="SMART impact planning").get_by_text(by_drag).wait_for(
        state="attached", timeout=2500
    )

    # Share with phones and open voting; a phone votes and the projector's tally follows.
    board.get_by_role("button", name="Open voting on phones").click()
    board.locator(".flash-success", has_text="Voting is open").wait_for()
    phone_context = browser.new_context(**PHONE)
    phone = phone_context.new_page()
    phone.goto(f"{live_server.url}/j/{code}")
    phone.evaluate("window.__sameDocument = true")
    phone.get_by_role("button", name="Vote for Tweeting our impact").click()
    phone.locator(".flash-success", has_text="Your vote for “Tweeting our impact” is counted.").wait_for()
    expect(phone.get_by_role("button", name="Take back my vote for Tweeting our impact")).to_be_visible()
    projector.locator(".wall-theme", has_text="Tweeting our impact").locator(".wall-votes").get_by_text(
        "1 vote"
    ).wait_for(timeout=2500)

    assert board.evaluate("window.__sameDocument") is True, "the board reloaded"
    assert projector.evaluate("window.__sameDocument") is True, "the projector reloaded"
    assert phone.evaluate("window.__sameDocument") is True, "voting reloaded the phone's page"
    phone_context.close()
    desk.close()


AXE_JS = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"


def _serious_axe_violations(page) -> list[str]:
    results = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
            resultTypes: ["violations"],
        })"""
    )
    return [
        f"{v['impact']}: {v['id']} at {node['target']}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
        for node in v["nodes"]
    ]


def test_board_projector_and_phone_themes_pass_axe(browser, live_server, actions, client):
    assert AXE_JS.exists(), "axe-core is missing: run `npm ci` (make test does)"
    actions.facilitator()
    actions.sign_in()
    code = seeded_workshop(actions)
    group(actions, code)
    theme = themes(actions, code)[0]
    board_post(actions, code, f"/t/{theme['id']}/lock", {"action": "lock"})
    board_post(actions, code, "/voting", {"state": "on"})
    cookie = client.get_cookie(actions.app.config["SESSION_COOKIE_NAME"])
    desk = browser.new_context(viewport={"width": 1400, "height": 1000})
    desk.add_init_script(path=str(AXE_JS))  # an init script runs outside the page's CSP
    desk.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page = desk.new_page()
    for url in (
        f"/facilitate/w/{code}/themes",
        f"/facilitate/w/{code}/themes/t/{theme['id']}/split",
        f"/wall/{code}/themes",
    ):
        page.goto(live_server.url + url)
        assert _serious_axe_violations(page) == [], url
    phone_context = browser.new_context(**PHONE)
    phone_context.add_init_script(path=str(AXE_JS))
    phone = phone_context.new_page()
    phone.goto(f"{live_server.url}/j/{code}")
    phone.get_by_role("button", name=f"Vote for {theme['label']}").click()
    phone.locator(".flash-success", has_text="is counted").wait_for()
    assert _serious_axe_violations(phone) == []
    phone_context.close()
    desk.close()


def _tab_to(page, accessible: str, limit: int = 400) -> None:
    """Press Tab until the focused element's accessible name (or label) starts with ``accessible``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        name = page.evaluate(
            """() => {
                const el = document.activeElement;
                if (!el) return "";
                const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
                return (el.getAttribute("aria-label") || label || el.innerText || el.value || "").replace(/\\s+/g, " ").trim();
            }"""
        )
        if name.startswith(accessible):
            return
    raise AssertionError(f"Tab never reached {accessible!r}")


def test_the_board_with_the_keyboard_alone(browser, live_server, actions):
    """Rename, move, merge, split and a new theme, with Tab, typing, arrows and Enter only."""
    actions.facilitator()
    actions.sign_in()
    code = seeded_workshop(actions)
    group(actions, code)
    desk = browser.new_context(viewport={"width": 1366, "height": 768})
    carry_cookies(desk, actions.client, actions.app, live_server.url)
    board = desk.new_page()
    board.goto(f"{live_server.url}/facilitate/w/{code}/themes")
    board.evaluate("window.__sameDocument = true")
    first = themes(actions, code)[0]

    # Rename the first theme.
    _tab_to(board, f"Name of theme {first['label']}")
    board.keyboard.press("Control+A")
    board.keyboard.type("Tweeting our impact")
    board.keyboard.press("Enter")
    board.locator(".flash-success", has_text="Theme renamed “Tweeting our impact”.").wait_for()
    expect(board.get_by_role("heading", name="Tweeting our impact")).to_be_visible()

    # Move a statement: its "Move…" link loads the menu, focus lands in it, arrows choose, Enter moves.
    presentation = "Re-jig my next presentation to include impact"
    board.locator(".board-statement", has_text=presentation).locator(".move-link").focus()
    board.keyboard.press("Enter")
    menu = board.get_by_label("Move to…")
    expect(menu).to_be_focused()
    target = menu.locator("option", has_text="Tweeting our impact")
    for _ in range(menu.locator("option").count()):
        if menu.evaluate("el => el.selectedOptions[0].textContent") == "Tweeting our impact":
            break
        board.keyboard.press("ArrowDown")
    assert target.count() == 1
    board.keyboard.press("Tab")
    board.keyboard.press("Enter")
    tweeting = board.locator(".theme-column", has=board.get_by_role("heading", name="Tweeting our impact"))
    tweeting.locator(".board-statement", has_text=presentation).wait_for()
    # focus comes back to the moved statement, not the top of the page
    expect(tweeting.locator(".board-statement", has_text=presentation).locator(".move-link")).to_be_focused()

    # A new theme, named.
    _tab_to(board, "New theme")
    board.keyboard.type("Ideas for the away day")
    board.keyboard.press("Enter")
    board.locator(".flash-success", has_text="New theme “Ideas for the away day”").wait_for()
    expect(board.get_by_role("heading", name="Ideas for the away day")).to_be_visible()

    # Merge the second theme into the new one: open its details with Enter, choose, merge.
    second = themes(actions, code)[1]
    board.locator(f"#theme-{second['id']} summary").focus()
    board.keyboard.press("Enter")
    merge = board.locator(f"#merge-{second['id']}")
    merge.focus()
    for _ in range(merge.locator("option").count()):
        if merge.evaluate("el => el.selectedOptions[0].textContent") == "Ideas for the away day":
            break
        board.keyboard.press("ArrowDown")
    board.keyboard.press("Tab")
    board.keyboard.press("Enter")
    board.locator(".flash-success", has_text=f"“{second['label']}” merged into “Ideas for the away day”.").wait_for()

    # Split the renamed theme in two, naming the new one when asked.
    _tab_to(board, "Merge, split or delete theme Tweeting our impact")
    board.keyboard.press("Enter")
    _tab_to(board, "Name of the new theme split from Tweeting our impact")
    board.keyboard.type("Presentations")
    board.keyboard.press("Enter")
    board.locator(".flash-success", has_text="Split: “Presentations” is a new theme.").wait_for()
    expect(board.get_by_role("heading", name="Presentations")).to_be_visible()

    # And ask for one more theme than the board shows.
    count = len(themes(actions, code))
    _tab_to(board, "More themes")
    board.keyboard.press("Enter")
    board.locator(".flash-success", has_text=f"Grouped again: {count + 1} themes").wait_for()
    assert board.evaluate("window.__sameDocument") is True, "the board reloaded"
    desk.close()
