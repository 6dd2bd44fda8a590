"""The edge in front of Flask: phones' polls answered without the app, static files by content name.

What a full room sends most must cost almost nothing (issue 15), and still be right: a phone
hears "nothing new" only when nothing it shows can have changed, a change made through another
server reaches it, and the page is told when to ask next.
"""

from __future__ import annotations

import gzip
import re
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.board_helpers import board_post, group, seeded_workshop
from workshop.edge import LONGEST_POLL_SECONDS, PULSE_SECONDS, Pacer, ProcessLoad, stretched

HTMX = {"HX-Request": "true"}
POLL_URL = re.compile(r'hx-get="(/j/[^"]+/themes\?[^"]*)"')


def _poll_url(html: str) -> str:
    match = POLL_URL.search(html)
    assert match, "the page polls its themes section"
    return match.group(1).replace("&amp;", "&")


def test_an_idle_phone_poll_is_answered_without_flask_and_told_to_ask_rarely(signed_in, flask_requests):
    code = seeded_workshop(signed_in)
    phone = signed_in.phone_for(code)
    page = phone.open()
    assert 'hx-trigger="poll-due" data-poll-seconds="15"' in page
    flask_requests.clear()
    idle = phone.client.get(_poll_url(page), headers=HTMX)
    assert idle.status_code == 204 and idle.headers["X-Poll-Seconds"] == "15"
    assert idle.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert idle.headers["Cache-Control"] == "no-store" and "HX-Request" in idle.headers["Vary"]
    assert "Set-Cookie" not in idle.headers
    assert flask_requests == []  # no session, no limiter, no ORM


def test_sharing_reaches_the_phone_at_its_next_poll_and_it_then_asks_often(signed_in):
    code = seeded_workshop(signed_in)
    group(signed_in, code)
    phone = signed_in.phone_for(code)
    url = _poll_url(phone.open())
    assert phone.client.get(url, headers=HTMX).status_code == 204
    board_post(signed_in, code, "/share", {"state": "on"})
    shared = phone.client.get(url, headers=HTMX)
    assert shared.status_code == 200 and shared.headers["X-Poll-Seconds"] == "3"
    html = shared.get_data(as_text=True)
    assert "Social media" in html and 'data-poll-seconds="3"' in html
    again = phone.client.get(_poll_url(html), headers=HTMX)
    assert again.status_code == 204 and again.headers["X-Poll-Seconds"] == "3"
    board_post(signed_in, code, "/voting", {"state": "on"})
    voting = phone.client.get(_poll_url(html), headers=HTMX)
    assert voting.status_code == 200 and "Vote<span" in voting.get_data(as_text=True)


def test_a_change_made_through_another_server_reaches_the_phone(signed_in, app):
    """Another server shares the themes: this process learns it from the database, within a second."""
    code = seeded_workshop(signed_in)
    group(signed_in, code)
    phone = signed_in.phone_for(code)
    url = _poll_url(phone.open())
    assert phone.client.get(url, headers=HTMX).status_code == 204
    other_server = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    with other_server.begin() as connection:
        connection.execute(
            text("UPDATE workshop SET themes_shared = :on, version = version + 1 WHERE code = :code"),
            {"on": True, "code": code},
        )
    other_server.dispose()
    time.sleep(PULSE_SECONDS + 0.1)
    assert phone.client.get(url, headers=HTMX).status_code == 200


@pytest.mark.parametrize("app_settings", [{"PHONE_THEMES_REFRESH_SECONDS": 3600}])
def test_shared_themes_are_redrawn_at_most_once_a_while_as_statements_arrive(signed_in, app_settings):
    code = seeded_workshop(signed_in)
    group(signed_in, code)
    board_post(signed_in, code, "/share", {"state": "on"})
    phone = signed_in.phone_for(code)
    url = _poll_url(phone.open())
    assert phone.client.get(url, headers=HTMX).status_code == 204
    signed_in.phone_for(code).post("Run a lunchtime session on our evidence search service")
    # The version moved, but this phone's copy is recent: it is redrawn later, not on every post.
    assert phone.client.get(url, headers=HTMX).status_code == 204
    older = re.sub(r"v=\d+", "v=1", url)  # a copy from before anything this server has seen
    assert phone.client.get(older, headers=HTMX).status_code == 200


def test_the_pacer_stretches_a_workshops_intervals_as_more_phones_ask_and_lets_go_when_they_leave():
    """2,000 phones at 1 s ask for 2,000 answers a second; a process that can give 300 tells them to wait longer."""
    now = [0.0]
    pacer = Pacer(300, window=5.0, clock=lambda: now[0])

    def phones_poll(phones: int, every: float, seconds: float) -> float:
        """``phones`` phones, each asking every ``every`` s stretched by the pacer, for ``seconds``."""
        factor = pacer.factor("ROOM")
        for _ in range(int(seconds)):
            for _ in range(int(phones / (every * factor))):
                factor = pacer.hit("ROOM")
            now[0] += 1.0
        return factor

    assert phones_poll(200, 1.0, 20) == 1.0  # within what the process answers: the room's own pace
    assert pacer.hit("ANOTHER") == 1.0  # each workshop is paced by its own phones
    factor = phones_poll(2000, 1.0, 60)
    assert 5.5 <= factor <= 7.5  # about 2,000 / 300: phones ask every 6-7 s, 300 answers a second
    assert stretched(1, factor) in range(6, 9) and stretched(3, factor) in range(17, 24)
    assert phones_poll(100, 1.0, 60) < 1.05  # the plenary ended: back to 1 s
    assert stretched(15, 100.0) == LONGEST_POLL_SECONDS and stretched(3, 1.0) == 3
    assert Pacer(0).hit("ROOM") == 1.0  # 0: pacing off


def test_a_busy_process_stretches_the_polls_so_answers_and_renders_get_the_cpu_and_eases_off_after():
    """The move to a poll: 2,000 panels and answers need the CPU, so the idle polls give way, whatever their rate."""
    now, cpu = [0.0], [0.0]
    load = ProcessLoad(window=5.0, clock=lambda: now[0], cpu_clock=lambda: cpu[0])
    pacer = Pacer(300, window=5.0, clock=lambda: now[0], load=load)

    def seconds_of(busy: float, seconds: int) -> float:
        for _ in range(seconds):  # 100 polls a second: well within the rate budget
            for _ in range(100):
                factor = pacer.hit("ROOM")
            now[0] += 1.0
            cpu[0] += busy
        return factor

    assert seconds_of(0.3, 20) == 1.0  # a third of a core: the room's own pace
    busy = seconds_of(0.95, 20)  # the process is saturated
    assert busy >= 1.5**3 and load.share > 0.9
    held = seconds_of(0.6, 20)  # between idle and busy (once the last busy window is counted): held
    assert held >= busy and seconds_of(0.6, 20) == held
    assert seconds_of(0.1, 120) == 1.0  # quiet again: back to the room's own pace
    for _ in range(30):  # a busy process, and a room of ten phones: not a crowd, it keeps its pace
        small = [pacer.hit("TEN") for _ in range(10)][-1]
        now[0] += 1.0
        cpu[0] += 0.95
    assert small == 1.0


def test_a_crowded_rooms_phones_are_told_to_ask_less_often(signed_in, app):
    """The edge's answers and Flask's alike carry the stretched interval, for every kind of poll."""
    code = seeded_workshop(signed_in)
    group(signed_in, code)
    phone = signed_in.phone_for(code)
    page = phone.open()
    url = _poll_url(page)
    edge = app.extensions["edge"]
    edge.polls = Pacer(10, window=0.2)  # a process that answers ten polls a second, counted over 0.2 s
    for _ in range(30):
        assert phone.client.get(url, headers=HTMX).headers["X-Poll-Seconds"] == "15"
    time.sleep(0.25)
    crowded = phone.client.get(url, headers=HTMX)  # 31 polls in 0.25 s: about 12 times too many
    assert crowded.status_code == 204 and int(crowded.headers["X-Poll-Seconds"]) >= 60
    board_post(signed_in, code, "/share", {"state": "on"})
    drawn = phone.client.get(url, headers=HTMX)  # Flask draws the themes; its interval is stretched too
    assert drawn.status_code == 200 and int(drawn.headers["X-Poll-Seconds"]) > 3
    state = re.search(r'hx-get="(/j/[^"]+/state\?[^"]+)"', page).group(1).replace("&amp;", "&")
    assert int(phone.client.get(state, headers=HTMX).headers["X-Poll-Seconds"]) > 15


def test_static_files_have_content_names_and_are_cached_for_good(client):
    page = client.get("/").get_data(as_text=True)
    css = re.search(r'href="(/static/app\.[0-9a-f]{12}\.css)"', page)
    script = re.search(r'src="(/assets/kit\.[0-9a-f]{12}\.js)"', page)
    assert css and script, "the page links its files by content name"
    response = client.get(css.group(1), headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.headers["Content-Encoding"] == "gzip"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["Content-Type"] == "text/css; charset=utf-8"
    with client.get("/static/app.css") as unhashed:  # the plain name still works (old bookmarks)
        plain = unhashed.get_data()
    assert gzip.decompress(response.get_data()) == plain
    assert client.get(css.group(1), headers={"If-None-Match": response.headers["ETag"]}).status_code == 304
    assert client.get("/static/app.000000000000.css").status_code == 404


def test_a_page_loads_one_script_htmx_then_the_kits_own_and_carries_its_icon(client, app):
    """A phone's first visit fetches the style sheet and one script: two requests, not four."""
    page = client.get("/").get_data(as_text=True)
    assert re.findall(r"<script [^>]*src=", page) == ["<script src="], "one script"
    assert re.findall(r'(?:href|src)="(/(?:static|assets)/[^"]+)"', page) == [
        re.search(r'href="(/static/app\.[0-9a-f]{12}\.css)"', page).group(1),
        re.search(r'src="(/assets/kit\.[0-9a-f]{12}\.js)"', page).group(1),
    ], "the style sheet and the script are all a page fetches"
    icon = re.search(r'<link rel="icon" href="(data:image/svg\+xml,[^"]+)"', page)
    assert icon and "%3Csvg" in icon.group(1) and "<" not in icon.group(1), "the icon is in the page, escaped"
    bundle = client.get(re.search(r'src="(/assets/kit\.[0-9a-f]{12}\.js)"', page).group(1)).get_data()
    with client.get("/static/app.js") as own:
        kit_js = own.get_data()
    htmx_js = (Path(app.config["NODE_MODULES"]) / "htmx.org" / "dist" / "htmx.min.js").read_bytes()
    assert bundle == htmx_js + b"\n;\n" + kit_js, "htmx first, then the kit's script, each whole"


@pytest.mark.parametrize("app_settings", [{"DEBUG": True}])
def test_while_developing_the_script_is_joined_afresh_by_flask(client, app, app_settings):
    app.debug = True
    page = client.get("/").get_data(as_text=True)
    assert 'src="/assets/kit.js"' in page
    served = client.get("/assets/kit.js")
    assert served.status_code == 200 and served.mimetype == "text/javascript"
    assert served.get_data().endswith((Path(app.static_folder) / "app.js").read_bytes())
    with client.get("/assets/htmx.min.js") as npm_file:
        assert npm_file.status_code == 200, "the npm file alone still works"
    assert client.get("/assets/nothing.js").status_code == 404


@pytest.mark.browser
@pytest.mark.parametrize("app_settings", [{"PHONE_IDLE_POLL_SECONDS": 1, "PHONE_THEMES_POLL_SECONDS": 1}])
def test_a_phone_in_a_browser_polls_when_told_and_shows_shared_themes(browser, live_server, signed_in, app_settings):
    """static/app.js paces the poll by X-Poll-Seconds; the themes appear without a reload, under strict CSP."""
    code = seeded_workshop(signed_in)
    group(signed_in, code)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    polls: list[str] = []
    page.on("response", lambda r: polls.append(r.headers.get("x-poll-seconds", "")) if "/themes?" in r.url else None)
    page.goto(f"{live_server.url}/j/{code}")
    page.evaluate("window.__sameDocument = true")
    page.wait_for_timeout(2500)
    assert len(polls) >= 2 and set(polls) == {"1"}, polls
    board_post(signed_in, code, "/share", {"state": "on"})
    page.get_by_role("heading", name="Themes").wait_for(timeout=4000)
    assert page.evaluate("window.__sameDocument") is True
    before = len(polls)
    page.wait_for_timeout(2500)
    assert len(polls) > before, "it keeps polling after the section was swapped"
    assert problems == []
    context.close()
