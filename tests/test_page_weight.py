"""The phone pages stay light (issue 7): under 50 KB transferred, htmx included, no web fonts, nothing third-party.

Participants are on venue wifi and old phones. The weight is measured as Chromium received it:
the DevTools protocol's ``Network.loadingFinished`` gives each response's encoded (compressed,
headers included) size, and the sum over a first visit with an empty cache is what a phone pays.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser

from tests.browser_support import PHONE
from tests.conftest import Actions, LiveServer, csrf_from
from workshop.extensions import db
from workshop.models import Activity, ActivityKind, Workshop

pytestmark = pytest.mark.browser

BUDGET = 50_000


def first_visit(browser: Browser, server: LiveServer, path: str, cookies: list[dict[str, Any]] | None = None) -> dict:
    """Load ``path`` in a fresh phone context (empty cache); return bytes per URL, resource types, hosts."""
    context = browser.new_context(**PHONE)
    if cookies:
        context.add_cookies(cookies)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    urls: dict[str, str] = {}
    sizes: dict[str, int] = {}
    encodings: dict[str, str] = {}
    types: list[str] = []
    cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
    cdp.on(
        "Network.responseReceived",
        lambda e: encodings.__setitem__(
            e["requestId"], {k.lower(): v for k, v in e["response"]["headers"].items()}.get("content-encoding", "")
        ),
    )
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])))
    page.on("request", lambda request: types.append(request.resource_type))
    page.goto(server.url + path)
    page.wait_for_load_state("networkidle")
    fonts = page.evaluate("document.fonts.size")
    context.close()
    by_url = {urls[rid]: size for rid, size in sizes.items() if rid in urls}
    return {
        "by_url": by_url,
        "total": sum(by_url.values()),
        "encodings": {urls[rid]: enc for rid, enc in encodings.items() if rid in urls},
        "types": types,
        "fonts": fonts,
    }


def _check(result: dict, server: LiveServer) -> None:
    assert all(url.startswith(server.url + "/") for url in result["by_url"]), result["by_url"]
    assert "font" not in result["types"] and result["fonts"] == 0
    for url, encoding in result["encodings"].items():
        if url.endswith((".js", ".css")) or "/assets/" in url:
            assert encoding in ("gzip", "br", "zstd", "deflate"), f"{url} was sent uncompressed"
    assert result["total"] < BUDGET, result["by_url"]


def test_the_join_page_weighs_under_50_kb(browser: Browser, live_server: LiveServer) -> None:
    result = first_visit(browser, live_server, "/")
    assert any("/assets/kit." in url for url in result["by_url"]), "the script (htmx and the kit's own) was not loaded"
    _check(result, live_server)


def test_the_participant_page_weighs_under_50_kb_empty_and_with_statements(
    browser: Browser, live_server: LiveServer, actions: Actions
) -> None:
    actions.facilitator()
    code = actions.workshop(ask_names=True)
    _check(first_visit(browser, live_server, f"/j/{code}"), live_server)

    phone = actions.phone_for(code)
    for n in range(3):
        phone.post(f"Write a case study of the literature search for the falls team, number {n}, by June")
    cookie = phone.client.get_cookie(actions.app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    session = [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
    result = first_visit(browser, live_server, f"/j/{code}", session)
    _check(result, live_server)


def test_the_templates_page_weighs_under_50_kb_on_a_phone(
    browser: Browser, live_server: LiveServer, actions: Actions
) -> None:
    """Eleven previews, lazily loaded and a few KB each: the page a phone opens after the session."""
    result = first_visit(browser, live_server, "/templates")
    assert any("/previews/" in url for url in result["by_url"]), "no preview was loaded"
    _check(result, live_server)
    actions.facilitator()
    code = actions.workshop()
    _check(first_visit(browser, live_server, f"/j/{code}/templates"), live_server)


def test_a_phone_showing_a_word_clouds_results_weighs_under_50_kb(
    browser: Browser, live_server: LiveServer, actions: Actions
) -> None:
    """After answering, a phone draws the room's results too (issue 16): a busy word cloud's top words."""
    actions.facilitator()
    code = actions.workshop()
    with actions.app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        cloud = Activity(kind=ActivityKind.WORDS, prompt="What drives impact where you work?", position=1)
        cloud.settings = {"max_words": 3}
        cloud.workshop = workshop
        db.session.add(cloud)
        db.session.flush()
        workshop.current_activity_id = cloud.id
        db.session.commit()
        cloud_id = cloud.id
    phones = [actions.phone_for(code).client for _ in range(40)]
    for n, client in enumerate(phones):
        page = client.get(f"/j/{code}").get_data(as_text=True)
        words = [f"evidence{n}", f"partnership{n % 7}", "collaboration"]
        client.post(f"/j/{code}/a/{cloud_id}", data={"csrf_token": csrf_from(page), "word": words})
    assert phones[0].get(f"/j/{code}").get_data(as_text=True).count('class="wall-word ') == 20  # the top 20
    cookie = phones[0].get_cookie(actions.app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    result = first_visit(
        browser, live_server, f"/j/{code}", [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
    )
    _check(result, live_server)
