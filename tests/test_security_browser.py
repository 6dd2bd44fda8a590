"""No page makes a third-party request: no CDN, no web fonts, no analytics (checked in Chromium).

Every request the browser makes while a participant joins and posts and a facilitator signs in,
opens the dashboard, the workshop and the wall (polling included) is recorded; all must go to
the kit's own origin. The Content-Security-Policy would block others, but this checks that the
pages do not even try.
"""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD, Actions, LiveServer

pytestmark = pytest.mark.browser


def test_no_page_requests_anything_from_another_origin(actions: Actions, live_server: LiveServer, browser) -> None:  # type: ignore[no-untyped-def]
    actions.facilitator()
    code = actions.workshop()
    base = live_server.url
    context = browser.new_context()
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    blocked: list[str] = []
    page = context.new_page()
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    try:
        page.goto(f"{base}/")
        page.goto(f"{base}/j/{code}")
        page.fill("textarea[name=text]", "Share our impact case study at the board meeting")
        page.click("button[type=submit]")
        page.wait_for_selector("text=Share our impact case study")
        page.goto(f"{base}/auth/sign-in")
        page.fill("input[name=email]", "tracey@example.nhs.uk")
        page.fill("input[name=password]", PASSWORD)
        page.click("form button[type=submit]")
        page.wait_for_url(f"{base}/facilitate/**")
        page.goto(f"{base}/facilitate/")
        page.goto(f"{base}/facilitate/w/{code}")
        page.goto(f"{base}/wall/{code}")
        page.wait_for_timeout(2500)  # let the wall poll a couple of times
    finally:
        context.close()

    assert any(url.startswith(f"{base}/wall/{code}/feed") for url in requested), "the wall did not poll"
    assert any("/static/" in url for url in requested) and any("/assets/" in url for url in requested)
    elsewhere = [url for url in requested if not url.startswith(f"{base}/") and not url.startswith("data:")]
    assert elsewhere == []
    assert blocked == []
