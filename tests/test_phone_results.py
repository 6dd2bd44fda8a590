"""Phones show the room's results once they answered (issue 16): the wall's drawing of a poll, a word
cloud, a scale or a ranking, in plain HTML on the next tap or refresh, and redrawn by the section's
own poll with htmx (answered by the edge with 204 while nothing changed). While the facilitator
keeps them hidden, the phone says so in words; revealing them reaches it at its next poll.
"""

from __future__ import annotations

import html
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import Actions, csrf_from, room_on_newest, sql_sent

HTMX = {"HX-Request": "true"}
HIDDEN = "Results will appear when the facilitator reveals them"
RESULTS_POLL = re.compile(r'<section id="results"[^>]*hx-get="([^"]+)"')
FORMS: dict[str, dict[str, str]] = {
    "questions": {"prompt": "What would you like to ask us?"},
    "poll": {
        "prompt": "What is your aim?",
        "options": "Show a change\nCount outputs\nTell a story",
        "multiple": "single",
    },
    "words": {"prompt": "What drives impact where you work?", "max_words": "3"},
    "scale": {"prompt": "How confident are you?", "range": "1-5", "low_label": "Not at all", "high_label": "Very"},
    "ranking": {"prompt": "What helps most?", "items": "Time\nA team\nResources"},
}


def _page(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return html.unescape(response.get_data(as_text=True))


def _said(text: str) -> str:
    """The words a reader sees, tags dropped and white space folded."""
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


def _running(actions: Actions, app: Flask, kind: str, **fields: str) -> tuple[str, int]:
    """An open workshop whose room is on a new activity of ``kind``."""
    code = actions.workshop()
    added = actions.post_form(f"/facilitate/w/{code}/activities/new?kind={kind}", {**FORMS[kind], **fields})
    assert added.status_code == 303
    return code, room_on_newest(app, code)


def _send(phone: FlaskClient, code: str, activity_id: int, data: dict[str, object]) -> str:
    """Answer without JavaScript, follow the redirect: the page the phone shows next."""
    page = _page(phone, f"/j/{code}")
    sent = phone.post(f"/j/{code}/a/{activity_id}", data={"csrf_token": csrf_from(page), **data})
    assert sent.status_code == 302, sent.get_data(as_text=True)[:500]
    return _page(phone, f"/j/{code}")


def _results(page: str) -> str:
    start = page.find('<section id="results"')
    assert start >= 0, "the phone shows a results section"
    return page[start : page.index("</section>", start)]


def _results_poll(page: str) -> str:
    match = RESULTS_POLL.search(page)
    assert match, "the results section polls"
    return match.group(1)


def _reveal(actions: Actions, code: str, activity_id: int, shown: str = "1") -> None:
    revealed = actions.post_form(
        f"/facilitate/w/{code}/activities/{activity_id}/reveal", {"shown": shown}, page=f"/facilitate/w/{code}"
    )
    assert revealed.status_code in (302, 303)


def test_a_phone_sees_a_polls_results_once_it_answered_and_fresh_ones_on_refresh(signed_in: Actions, app: Flask):
    code, poll_id = _running(signed_in, app, "poll")
    phone = signed_in.phone_for(code).client
    assert 'id="results"' not in _page(phone, f"/j/{code}")  # nothing to peek at before answering
    page = _send(phone, code, poll_id, {"choice": "2"})
    shown = _said(_results(page))
    assert "Results so far" in shown and "1 person has answered" in shown
    assert "Tell a story 1 (100%)" in shown and "Show a change 0 (0%)" in shown
    _send(signed_in.phone_for(code).client, code, poll_id, {"choice": "0"})
    again = _said(_results(_page(phone, f"/j/{code}")))  # no JavaScript: the next refresh
    assert "2 people have answered" in again and "Tell a story 1 (50%)" in again and "Show a change 1 (50%)" in again


def test_while_hidden_the_phone_says_so_and_a_reveal_reaches_its_next_poll(
    signed_in: Actions, app: Flask, flask_requests: list[str]
):
    code, poll_id = _running(signed_in, app, "poll", hide_results="y")
    phone = signed_in.phone_for(code).client
    page = _send(phone, code, poll_id, {"choice": "1"})
    hidden = _said(_results(page))
    assert HIDDEN in hidden and "Count outputs" not in hidden and "%" not in hidden
    url = _results_poll(page)
    assert "shown=0" in url
    flask_requests.clear()
    idle = phone.get(url, headers=HTMX)
    assert idle.status_code == 204 and idle.headers["X-Poll-Seconds"] == "3"
    assert flask_requests == []  # the edge answered: no session, no ORM
    _send(signed_in.phone_for(code).client, code, poll_id, {"choice": "1"})
    assert phone.get(url, headers=HTMX).status_code == 204  # still hidden: nothing to draw
    _reveal(signed_in, code, poll_id)
    revealed = phone.get(url, headers=HTMX)
    assert revealed.status_code == 200
    fragment = html.unescape(revealed.get_data(as_text=True))
    assert fragment.strip().startswith('<section id="results"') and "Count outputs 2 (100%)" in _said(fragment)
    assert HIDDEN not in fragment and "shown=1" in _results_poll(fragment)
    _reveal(signed_in, code, poll_id, shown="0")
    hidden_again = phone.get(_results_poll(fragment), headers=HTMX)
    assert hidden_again.status_code == 200 and HIDDEN in hidden_again.get_data(as_text=True)


@pytest.mark.parametrize("app_settings", [{"PHONE_RESULTS_REFRESH_SECONDS": 3600}])
def test_a_changing_tally_is_redrawn_at_most_once_a_while(signed_in: Actions, app: Flask, app_settings: object):
    code, poll_id = _running(signed_in, app, "poll")
    phone = signed_in.phone_for(code).client
    url = _results_poll(_send(phone, code, poll_id, {"choice": "0"}))
    assert phone.get(url, headers=HTMX).status_code == 204
    _send(signed_in.phone_for(code).client, code, poll_id, {"choice": "1"})
    assert phone.get(url, headers=HTMX).status_code == 204  # a recent copy waits
    older = re.sub(r"v=\d+", "v=1", url)
    redrawn = phone.get(older, headers=HTMX)
    assert redrawn.status_code == 200 and "2 people have answered" in _said(redrawn.get_data(as_text=True))


def test_a_room_of_phones_redrawing_the_results_reads_the_answers_once_per_change(signed_in: Actions, app: Flask):
    """2,000 phones redrawing a poll's results must not read 2,000 answers each (issue 15): once per version."""
    code, poll_id = _running(signed_in, app, "poll")
    phones = [signed_in.phone_for(code).client for _ in range(4)]
    urls = [
        re.sub(r"v=\d+", "v=1", _results_poll(_send(p, code, poll_id, {"choice": str(n % 3)})))
        for n, p in enumerate(phones)
    ]

    def tally(statement: str) -> bool:
        return statement.startswith("SELECT poll_answer.choices_json") and "FROM poll_answer" in statement

    with sql_sent(app, tally) as reads:
        drawn = [phone.get(url, headers=HTMX) for phone, url in zip(phones, urls, strict=True)]
        assert all(r.status_code == 200 and "4 people have answered" in _said(r.get_data(as_text=True)) for r in drawn)
        assert len(reads) <= 1  # four redraws, at most one read of the answers
        reads.clear()
        _send(signed_in.phone_for(code).client, code, poll_id, {"choice": "1"})  # a new answer: a new version
        drawn = [phone.get(url, headers=HTMX) for phone, url in zip(phones, urls, strict=True)]
        assert all("5 people have answered" in _said(r.get_data(as_text=True)) for r in drawn)
        assert len(reads) == 1  # the new phone's page and four redraws: the answers read once


def test_the_results_poll_without_htmx_or_after_the_room_moved(signed_in: Actions, app: Flask):
    code, poll_id = _running(signed_in, app, "poll")
    phone = signed_in.phone_for(code).client
    url = _results_poll(_send(phone, code, poll_id, {"choice": "0"}))
    plain = phone.get(url)
    assert plain.status_code == 302 and plain.headers["Location"].endswith(f"/j/{code}#results")
    moved = signed_in.post_form(f"/facilitate/w/{code}/room", {"action": "back"}, page=f"/facilitate/w/{code}")
    assert moved.status_code in (302, 303)
    answered = phone.get(re.sub(r"v=\d+", "v=1", url), headers=HTMX)
    assert answered.status_code == 204  # the state poll redraws the whole panel: the room is elsewhere
    assert phone.get(f"/j/{code}/results?a=x&v=y&shown=z", headers=HTMX).status_code == 204
    assert phone.get("/j/NOSUCH/results?a=1&v=1&shown=1", headers=HTMX).status_code == 404


def test_a_phone_sees_the_word_cloud_the_scale_and_the_ranking_as_the_wall_does(signed_in: Actions, app: Flask):
    code, cloud_id = _running(signed_in, app, "words")
    _send(signed_in.phone_for(code).client, code, cloud_id, {"word": ["Librarians", "trust"]})
    second = signed_in.phone_for(code).client
    page = _send(second, code, cloud_id, {"word": ["librarian", "<b>time</b>"]})
    cloud = _results(page)
    assert 'wall-word-5"><span dir="auto">Librarians</span> <span class="wall-word-count">2' in cloud
    raw = second.get(f"/j/{code}").get_data(as_text=True)
    assert "&lt;b&gt;time&lt;/b&gt;" in raw and "<b>time</b>" not in raw  # shown as typed, never markup
    assert "2 people have answered" in _said(cloud)

    code, scale_id = _running(signed_in, app, "scale")
    for value in ("5", "2"):
        page = _send(signed_in.phone_for(code).client, code, scale_id, {"value": value})
    scale = _said(_results(page))
    assert "Mean 3.5 · median 3.5" in scale and "5 Very 1 (50%)" in scale and "1 Not at all 0 (0%)" in scale

    code, ranking_id = _running(signed_in, app, "ranking")
    _send(signed_in.phone_for(code).client, code, ranking_id, {"rank-0": "1", "rank-1": "2", "rank-2": "3"})
    page = _send(signed_in.phone_for(code).client, code, ranking_id, {"rank-0": "2", "rank-1": "1", "rank-2": "3"})
    ranking = _said(_results(page))
    assert "Time mean rank 1.5" in ranking and "Resources mean rank 3.0" in ranking
    assert ranking.index("Resources") > ranking.index("A team")


def test_a_phone_shows_the_top_twenty_words_only(signed_in: Actions, app: Flask):
    code, cloud_id = _running(signed_in, app, "words")
    for n in range(8):
        page = _send(signed_in.phone_for(code).client, code, cloud_id, {"word": [f"alpha{n}", f"beta{n}", f"gamma{n}"]})
    assert _results(page).count('class="wall-word ') == 20
    assert _page(signed_in.client, f"/wall/{code}").count('class="wall-word ') == 24  # the wall shows them all


QUESTION_LIST_POLL = re.compile(r'<div id="question-list"[^>]*hx-get="([^"]+)"')


@pytest.mark.parametrize("app_settings", [{"PHONE_RESULTS_REFRESH_SECONDS": 0}])
@pytest.mark.parametrize("hidden_from_wall", [False, True])
def test_a_phone_on_the_questions_sees_others_questions_and_votes_at_its_next_poll(
    signed_in: Actions, app: Flask, app_settings: object, flask_requests: list[str], hidden_from_wall: bool
):
    extra = {"hide_results": "y"} if hidden_from_wall else {}
    code, questions_id = _running(signed_in, app, "questions", **extra)
    watcher = signed_in.phone_for(code).client
    page = _page(watcher, f"/j/{code}")
    assert "No questions yet" in page
    match = QUESTION_LIST_POLL.search(page)
    assert match, "the phone's list of questions polls"
    url = match.group(1)
    flask_requests.clear()
    idle = watcher.get(url, headers=HTMX)
    assert idle.status_code == 204 and idle.headers["X-Poll-Seconds"] == "3"
    assert flask_requests == []  # the edge answered: no session, no ORM

    asker = signed_in.phone_for(code).client
    _send(asker, code, questions_id, {"text": "How do we count a story's reach?"})
    fresh = watcher.get(url, headers=HTMX)
    assert fresh.status_code == 200
    fragment = html.unescape(fresh.get_data(as_text=True))
    assert fragment.strip().startswith('<div id="question-list"')
    listed = _said(fragment)
    assert "Questions so far (1)" in listed and "How do we count a story's reach?" in listed
    assert "0 votes" in listed and "Vote for this" in listed  # the watcher may vote for it
    again = QUESTION_LIST_POLL.search(fragment)
    assert again and watcher.get(again.group(1), headers=HTMX).status_code == 204  # nothing new since

    plain = watcher.get(url)
    assert plain.status_code == 302 and plain.headers["Location"].endswith(f"/j/{code}#question-list")
    moved = signed_in.post_form(f"/facilitate/w/{code}/room", {"action": "back"}, page=f"/facilitate/w/{code}")
    assert moved.status_code in (302, 303)
    assert watcher.get(url, headers=HTMX).status_code == 204  # the room moved: the state poll redraws the panel
