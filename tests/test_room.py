"""The room through the app (issue 16): the agenda (add, edit, reorder, remove), Next/Back/"Go to
this one", the remote, a quick poll answered from a phone without JavaScript, the wall's results
and reveal, and the phone's state poll seeing the room move. Bad input gets words, never a 5xx.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import Actions, csrf_from, readable
from workshop import team
from workshop.extensions import db
from workshop.models import Activity, ActivityKind, Facilitator, PollAnswer, Workshop, WorkshopRole, WorkshopState

HTMX = {"HX-Request": "true"}
OPTIONS = "Show a change\nCount outputs\nTell a story"


def _page(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return readable(response.get_data(as_text=True))


def _add_poll(actions: Actions, code: str, client: FlaskClient | None = None, **fields: str):
    data = {"prompt": "What is your aim?", "options": OPTIONS, "multiple": "single", **fields}
    url = f"/facilitate/w/{code}/activities/new?kind=poll"
    return actions.post_form(url, data, client=client)


def _activities(app: Flask, code: str) -> list[tuple[int, str, str]]:
    with app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        return [(a.id, a.kind.value, a.title or a.question) for a in workshop.activities]


def _current(app: Flask, code: str) -> int | None:
    with app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        current = workshop.current_activity
        return current.id if current else None


def _room(actions: Actions, code: str, action: str, client: FlaskClient | None = None, **extra: object):
    return actions.post_form(
        f"/facilitate/w/{code}/room", {"action": action, **extra}, page=f"/facilitate/w/{code}", client=client
    )


def _answer(phone_client: FlaskClient, code: str, activity_id: int, *choices: str, htmx: bool = False):
    page = _page(phone_client, f"/j/{code}")
    headers = HTMX if htmx else {}
    data: dict[str, object] = {"csrf_token": csrf_from(page), "choice": list(choices)}
    return phone_client.post(f"/j/{code}/a/{activity_id}", data=data, headers=headers)


def _poll_url(page: str) -> str:
    match = re.search(r'hx-get="(/j/[^"]+/state\?[^"]+)"[^>]*hx-trigger="poll-due"', page)
    assert match, "the page does not ask whether the room moved"
    return match.group(1).replace("&amp;", "&")


def _answers(app: Flask) -> list[list[int]]:
    with app.app_context():
        return [a.choices for a in db.session.query(PollAnswer).order_by(PollAnswer.id)]


# --- the agenda ------------------------------------------------------------------------------------


def test_the_facilitator_adds_a_poll_and_the_agenda_lists_it_after_the_statements(signed_in: Actions, app: Flask):
    code = signed_in.workshop()
    form = _page(signed_in.client, f"/facilitate/w/{code}/activities/new?kind=poll")
    assert "Options, one a line" in form and "Hide results until I reveal them" in form
    added = _add_poll(signed_in, code, title="Kind of aim", hide_results="y")
    assert added.status_code == 303 and added.headers["Location"].endswith(
        f"/facilitate/w/{code}#a{_activities(app, code)[1][0]}"
    )
    [(_, first, _), (poll_id, kind, title)] = _activities(app, code)
    assert (first, kind, title) == ("statements", "poll", "Kind of aim")
    with app.app_context():
        poll = db.session.get(Activity, poll_id)
        assert poll is not None
        assert poll.options == ["Show a change", "Count outputs", "Tell a story"]
        assert not poll.multiple and poll.hide_results and not poll.revealed
    page = _page(signed_in.client, f"/facilitate/w/{code}")
    agenda = page.split('id="agenda"')[1].split("</section>")[0]
    assert agenda.index("Statements") < agenda.index("Kind of aim")
    assert "0 answered · results hidden" in agenda
    assert 'aria-current="step"' in agenda.split("Kind of aim")[0]  # the room stays on the statements
    assert "Add the statements" not in agenda  # one statements activity a workshop
    assert ">Add a quick poll<" in agenda and ">Add questions to the facilitator<" in agenda
    assert "<h1>Add questions to the facilitator</h1>" in _page(
        signed_in.client, f"/facilitate/w/{code}/activities/new?kind=questions"
    )


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ("", "Type the options people choose from, one a line."),
        ("Only one", "A poll needs 2 to 8 different options, one a line."),
        ("Same\nsame\n  SAME ", "A poll needs 2 to 8 different options, one a line."),
        ("\n".join(f"Option {n}" for n in range(9)), "A poll needs 2 to 8 different options, one a line."),
        ("Fine\n" + "x" * 81, "Keep each option to 80 characters or fewer."),
        ("a\n" * 1001, "Keep the options to 2000 characters in all."),
    ],
)
def test_a_poll_with_bad_options_comes_back_saying_why(signed_in: Actions, app: Flask, options: str, words: str):
    code = signed_in.workshop()
    response = _add_poll(signed_in, code, options=options)
    assert response.status_code == 422
    assert words in response.get_data(as_text=True)
    assert len(_activities(app, code)) == 1


def test_other_bad_activity_forms_come_back_saying_why(signed_in: Actions, app: Flask):
    code = signed_in.workshop()
    assert "Write the question the room will answer." in _add_poll(signed_in, code, prompt="").get_data(as_text=True)
    too_long = _add_poll(signed_in, code, prompt="Why? " * 70)
    assert too_long.status_code == 422 and "Keep the question to 300 characters or fewer." in too_long.get_data(
        as_text=True
    )
    odd = _add_poll(signed_in, code, multiple="several")
    assert odd.status_code == 422 and "Choose whether people pick one option or several." in odd.get_data(as_text=True)
    second = signed_in.post_form(f"/facilitate/w/{code}/activities/new?kind=statements", {"prompt": "Again"})
    assert second.status_code == 422 and "has its statements activity already" in second.get_data(as_text=True)
    unknown = signed_in.client.get(f"/facilitate/w/{code}/activities/new?kind=dance")
    assert unknown.status_code == 404 and "There is no activity of that kind" in unknown.get_data(as_text=True)
    assert len(_activities(app, code)) == 1


def test_the_facilitator_edits_reorders_and_removes_activities(signed_in: Actions, app: Flask):
    code = signed_in.workshop()
    _add_poll(signed_in, code, title="First poll")
    _add_poll(signed_in, code, title="Second poll", multiple="multiple")
    statements_id, first_id, second_id = (a[0] for a in _activities(app, code))

    edit = f"/facilitate/w/{code}/activities/{first_id}/edit"
    form = _page(signed_in.client, edit)
    assert "Show a change\nCount outputs\nTell a story</textarea>" in form
    saved = signed_in.post_form(edit, {"prompt": "Which aim?", "title": "Aim", "options": "A\nB", "multiple": "single"})
    assert saved.status_code == 303
    with app.app_context():
        first = db.session.get(Activity, first_id)
        assert first is not None and (first.title, first.prompt, first.options) == ("Aim", "Which aim?", ["A", "B"])

    # The statements activity's prompt is the workshop's.
    signed_in.post_form(f"/facilitate/w/{code}/activities/{statements_id}/edit", {"prompt": "When I get back I will…"})
    assert signed_in.workshop_row(code).prompt == "When I get back I will…"

    move = f"/facilitate/w/{code}/activities/{second_id}/move"
    assert signed_in.post_form(move, {"direction": "up"}, page=f"/facilitate/w/{code}").status_code == 303
    assert [a[0] for a in _activities(app, code)] == [statements_id, second_id, first_id]
    signed_in.post_form(move, {"direction": "up"}, page=f"/facilitate/w/{code}")
    signed_in.post_form(move, {"direction": "up"}, page=f"/facilitate/w/{code}")  # first already: nothing moves
    assert [a[0] for a in _activities(app, code)] == [second_id, statements_id, first_id]
    assert "It is first on the agenda already." in _page(signed_in.client, f"/facilitate/w/{code}")
    bad = signed_in.post_form(move, {"direction": "sideways"}, page=f"/facilitate/w/{code}")
    assert bad.status_code == 400

    # The room is on the first poll; removing it puts the room on the one before.
    _room(signed_in, code, "go", activity_id=first_id)
    removed = signed_in.post_form(f"/facilitate/w/{code}/activities/{first_id}/remove", page=f"/facilitate/w/{code}")
    assert removed.status_code == 303
    assert [a[0] for a in _activities(app, code)] == [second_id, statements_id]
    assert _current(app, code) == statements_id
    assert signed_in.client.get(f"/facilitate/w/{code}/activities/{first_id}/edit").status_code == 404


def test_the_statements_activity_stays_once_statements_are_sent_and_the_last_activity_always(
    signed_in: Actions, app: Flask
):
    code = signed_in.workshop()
    [(statements_id, _, _)] = _activities(app, code)
    remove = f"/facilitate/w/{code}/activities/{statements_id}/remove"
    signed_in.post_form(remove, page=f"/facilitate/w/{code}")
    assert "A workshop needs at least one activity" in _page(signed_in.client, f"/facilitate/w/{code}")
    _add_poll(signed_in, code)
    signed_in.phone_for(code).post("Write 3 case studies with my team by the end of March")
    signed_in.post_form(remove, page=f"/facilitate/w/{code}")
    assert "Participants have sent 1 statement in this activity" in _page(signed_in.client, f"/facilitate/w/{code}")
    assert len(_activities(app, code)) == 2


def test_once_people_answered_a_polls_options_only_grow(signed_in: Actions, app: Flask):
    code = signed_in.workshop()
    _add_poll(signed_in, code)
    poll_id = _activities(app, code)[1][0]
    _room(signed_in, code, "next")
    assert _answer(signed_in.phone_for(code).client, code, poll_id, "0").status_code == 302
    edit = f"/facilitate/w/{code}/activities/{poll_id}/edit"
    changed = signed_in.post_form(
        edit, {"prompt": "Aim?", "options": "Count outputs\nShow a change", "multiple": "single"}
    )
    assert changed.status_code == 422 and "its options stay as they were" in changed.get_data(as_text=True)
    grown = signed_in.post_form(edit, {"prompt": "Aim?", "options": OPTIONS + "\nSomething else", "multiple": "single"})
    assert grown.status_code == 303


# --- the room --------------------------------------------------------------------------------------


def test_next_back_and_go_move_the_room_and_say_so_at_either_end(signed_in: Actions, app: Flask):
    code = signed_in.workshop()
    _add_poll(signed_in, code, title="Aim poll")
    statements_id, poll_id = (a[0] for a in _activities(app, code))
    assert _room(signed_in, code, "back").status_code == 303
    assert "The room is on the first activity already." in _page(signed_in.client, f"/facilitate/w/{code}")
    moved = _room(signed_in, code, "next")
    assert moved.headers["Location"].endswith(f"/facilitate/w/{code}#agenda")
    assert _current(app, code) == poll_id
    assert "The room is on 2 of 2: Aim poll." in _page(signed_in.client, f"/facilitate/w/{code}")
    _room(signed_in, code, "next")
    assert "The room is on the last activity already" in _page(signed_in.client, f"/facilitate/w/{code}")
    _room(signed_in, code, "go", activity_id=statements_id)
    assert _current(app, code) == statements_id
    assert _room(signed_in, code, "go", activity_id=999999).status_code == 404
    assert _room(signed_in, code, "dance").status_code == 400
    to_remote = _room(signed_in, code, "next", back="remote")
    assert to_remote.headers["Location"].endswith(f"/facilitate/w/{code}/remote")


def test_the_remote_shows_the_room_moves_it_and_runs_the_timer(signed_in: Actions, app: Flask):
    code = signed_in.workshop()
    _add_poll(signed_in, code, title="Aim poll", hide_results="y")
    poll_id = _activities(app, code)[1][0]
    remote = _page(signed_in.client, f"/facilitate/w/{code}/remote")
    assert "Now: 1 of 2 · Statements" in remote and ">Next</button>" in remote and ">Back</button>" in remote
    version = re.search(r'/remote\?v=(\d+)"', remote)
    assert version
    idle = signed_in.client.get(f"/facilitate/w/{code}/remote?v={version.group(1)}", headers=HTMX)
    assert idle.status_code == 204
    _room(signed_in, code, "next", back="remote")
    fresh = signed_in.client.get(f"/facilitate/w/{code}/remote?v={version.group(1)}", headers=HTMX)
    assert fresh.status_code == 200 and "Now: 2 of 2 · Quick poll" in fresh.get_data(as_text=True)
    assert "Reveal the results" in fresh.get_data(as_text=True)
    reveal = signed_in.post_form(
        f"/facilitate/w/{code}/activities/{poll_id}/reveal",
        {"shown": "1", "back": "remote"},
        page=f"/facilitate/w/{code}/remote",
    )
    assert reveal.headers["Location"].endswith("/remote")
    timer = signed_in.post_form(
        f"/facilitate/w/{code}/timer",
        {"action": "start", "minutes": "3", "back": "remote"},
        page=f"/facilitate/w/{code}/remote",
    )
    assert timer.headers["Location"].endswith(f"/facilitate/w/{code}/remote")
    after = _page(signed_in.client, f"/facilitate/w/{code}/remote")
    assert re.search(r"Time left: <span data-timer-text>(3:00|2:59)</span>", after) and "Stop the timer" in after


# --- phones ----------------------------------------------------------------------------------------


def test_a_phone_without_javascript_answers_a_poll_and_changes_its_answer(signed_in: Actions, app: Flask):
    code = signed_in.workshop()
    _add_poll(signed_in, code, prompt="What kind of aim?")
    poll_id = _activities(app, code)[1][0]
    phone = signed_in.phone_for(code).client
    assert 'name="text"' in _page(phone, f"/j/{code}")  # the room is on the statements
    _room(signed_in, code, "next")
    page = _page(phone, f"/j/{code}")
    assert "What kind of aim?" in page and 'name="text"' not in page
    assert page.count('type="radio" name="choice"') == 3 and "Send my answer" in page

    sent = _answer(phone, code, poll_id, "1")
    assert sent.status_code == 302 and sent.headers["Location"].endswith(f"/j/{code}#activity")
    after = _page(phone, f"/j/{code}")
    assert "your answer is in" in after and "Change my answer" in after
    assert re.search(r'value="1" id="poll-option-1"\s+aria-describedby="poll-hint" checked', after)
    assert _answer(phone, code, poll_id, "1").status_code == 302  # a double tap
    assert "We have that answer already: it is counted once." in _page(phone, f"/j/{code}")
    changed = _answer(phone, code, poll_id, "2", htmx=True)
    assert changed.status_code == 200 and "Your answer is changed." in changed.get_data(as_text=True)
    assert changed.get_data(as_text=True).lstrip().startswith('<div id="panel"')
    assert _answers(app) == [[2]]


@pytest.mark.parametrize(
    ("choices", "words"),
    [
        ((), "Choose an option."),
        (("7",), "That option is not in this poll"),
        (("-1",), "That option is not in this poll"),
        (("one",), "That option is not in this poll"),
        (("0", "1"), "Choose one option."),
        (("9" * 40,), "That option is not in this poll"),
    ],
)
def test_a_bad_choice_comes_back_with_the_poll_and_why(
    signed_in: Actions, app: Flask, choices: tuple[str, ...], words: str
):
    code = signed_in.workshop()
    _add_poll(signed_in, code)
    poll_id = _activities(app, code)[1][0]
    _room(signed_in, code, "next")
    response = _answer(signed_in.phone_for(code).client, code, poll_id, *choices)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert words in html and "Your answer was not saved" in html and 'name="choice"' in html
    assert _answers(app) == []


def test_a_multiple_choice_poll_takes_several(signed_in: Actions, app: Flask):
    code = signed_in.workshop()
    _add_poll(signed_in, code, multiple="multiple")
    poll_id = _activities(app, code)[1][0]
    _room(signed_in, code, "next")
    phone = signed_in.phone_for(code).client
    assert _page(phone, f"/j/{code}").count('type="checkbox" name="choice"') == 3
    assert _answer(phone, code, poll_id, "2", "0").status_code == 302
    assert _answers(app) == [[0, 2]]


def test_answers_are_refused_once_the_room_moved_on_or_the_session_closed(signed_in: Actions, app: Flask):
    code = signed_in.workshop()
    _add_poll(signed_in, code)
    statements_id, poll_id = (a[0] for a in _activities(app, code))
    phone = signed_in.phone_for(code).client
    moved = _answer(phone, code, poll_id, "0")  # the room is still on the statements
    assert moved.status_code == 409
    assert "The room has moved on" in moved.get_data(as_text=True) and 'name="text"' in moved.get_data(as_text=True)
    _room(signed_in, code, "next")
    signed_in.post_form(f"/facilitate/w/{code}/state", {"state": "closed"}, page=f"/facilitate/w/{code}")
    closed = _answer(phone, code, poll_id, "0")
    assert closed.status_code == 422 and "This workshop is closed" in closed.get_data(as_text=True)
    assert _answers(app) == []
    assert (
        phone.post(
            f"/j/{code}/a/{statements_id}", data={"csrf_token": csrf_from(_page(phone, f"/j/{code}"))}
        ).status_code
        == 404
    )
    assert (
        phone.post(f"/j/{code}/a/424242", data={"csrf_token": csrf_from(_page(phone, f"/j/{code}"))}).status_code == 404
    )


def test_a_locked_room_refuses_a_new_phones_answer(signed_in: Actions, app: Flask):
    code = signed_in.workshop()
    _add_poll(signed_in, code)
    poll_id = _activities(app, code)[1][0]
    _room(signed_in, code, "next")
    signed_in.post_form(f"/facilitate/w/{code}/joining", {"locked": "1"}, page=f"/facilitate/w/{code}")
    response = _answer(signed_in.phone_for(code).client, code, poll_id, "0")
    assert response.status_code == 403 and "Joining is locked" in response.get_data(as_text=True)


def test_the_phones_state_poll_sees_the_room_move(signed_in: Actions, app: Flask):
    code = signed_in.workshop()
    phone = signed_in.phone_for(code).client
    single = _poll_url(_page(phone, f"/j/{code}"))
    assert phone.get(single, headers=HTMX).headers["X-Poll-Seconds"] == "15"  # one activity: nothing can move
    _add_poll(signed_in, code, prompt="What kind of aim?")
    poll = _poll_url(_page(phone, f"/j/{code}"))
    assert re.search(r"s=open&t=0&a=\d+$", poll)
    idle = phone.get(poll, headers=HTMX)
    assert idle.status_code == 204 and idle.headers["X-Poll-Seconds"] == "1"  # the room can move: ask often
    _room(signed_in, code, "next")
    moved = phone.get(poll, headers=HTMX)
    assert moved.status_code == 200 and "What kind of aim?" in moved.get_data(as_text=True)
    assert moved.headers["X-Poll-Seconds"] == "1"
    assert phone.get(_poll_url(moved.get_data(as_text=True)), headers=HTMX).status_code == 204


def test_the_edge_answers_the_state_poll_with_the_room_in_it(signed_in: Actions, app: Flask):
    """Through the WSGI edge (what a served app does): 204 while the room stays, the panel once it moved."""
    from werkzeug.test import Client

    code = signed_in.workshop()
    _add_poll(signed_in, code)
    statements_id, poll_id = (a[0] for a in _activities(app, code))
    edge = Client(app.wsgi_app)
    base = f"/j/{code}/state?s=open&t=0"
    still = edge.get(f"{base}&a={statements_id}", headers=HTMX)
    assert still.status_code == 204 and still.headers["X-Poll-Seconds"] == "1"
    assert edge.get(f"{base}&a={poll_id}", headers=HTMX).status_code == 200  # the phone shows another: Flask renders
    _room(signed_in, code, "next")
    assert edge.get(f"{base}&a={poll_id}", headers=HTMX).status_code == 204


# --- the wall --------------------------------------------------------------------------------------


def test_the_wall_shows_the_polls_results_or_that_they_are_hidden_until_revealed(signed_in: Actions, app: Flask):
    code = signed_in.workshop()
    _add_poll(signed_in, code, prompt="What kind of aim?", hide_results="y")
    poll_id = _activities(app, code)[1][0]
    wall = _page(signed_in.client, f"/wall/{code}")
    feed = re.search(r'hx-get="(/wall/[^"]+/feed\?[^"]+)"', wall)
    assert feed
    feed_url = feed.group(1).replace("&amp;", "&")
    _room(signed_in, code, "next")
    refresh = signed_in.client.get(feed_url, headers=HTMX)
    assert refresh.status_code == 200 and refresh.headers["HX-Refresh"] == "true"  # a new question: the whole wall

    for choice in ("0", "0", "2"):
        _answer(signed_in.phone_for(code).client, code, poll_id, choice)
    wall = _page(signed_in.client, f"/wall/{code}")
    assert '<h1 id="wall-title" class="wall-prompt">What kind of aim?</h1>' in wall
    assert "3</span> people have answered" in wall
    assert "Results hidden until the facilitator reveals them." in wall and "(67%)" not in wall

    signed_in.post_form(
        f"/facilitate/w/{code}/activities/{poll_id}/reveal", {"shown": "1"}, page=f"/facilitate/w/{code}"
    )
    wall = _page(signed_in.client, f"/wall/{code}")
    assert "Results hidden" not in wall
    rows = re.findall(
        r'wall-poll-option" dir="auto">([^<]+)</span>.*?<strong>(\d+)</strong> <span class="wall-poll-pct">\((\d+)%\)',
        wall,
        re.S,
    )
    assert rows == [("Show a change", "2", "67"), ("Count outputs", "0", "0"), ("Tell a story", "1", "33")]
    assert "Hide the results again" in _page(signed_in.client, f"/facilitate/w/{code}")
    again = signed_in.post_form(
        f"/facilitate/w/{code}/activities/{poll_id}/reveal", {"shown": "1"}, page=f"/facilitate/w/{code}"
    )
    assert again.status_code == 303  # a second tap: nothing more


def test_revealing_a_poll_that_never_hides_says_so(signed_in: Actions, app: Flask):
    code = signed_in.workshop()
    _add_poll(signed_in, code)
    poll_id = _activities(app, code)[1][0]
    signed_in.post_form(
        f"/facilitate/w/{code}/activities/{poll_id}/reveal", {"shown": "1"}, page=f"/facilitate/w/{code}"
    )
    assert "results are always on the wall" in _page(signed_in.client, f"/facilitate/w/{code}")


# --- roles -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [WorkshopRole.MODERATOR, WorkshopRole.CO_FACILITATOR])
def test_a_moderator_moves_the_room_and_reveals_but_only_a_co_facilitator_edits_the_agenda(
    signed_in: Actions, app: Flask, role: WorkshopRole
):
    code = signed_in.workshop()
    _add_poll(signed_in, code, hide_results="y")
    poll_id = _activities(app, code)[1][0]
    signed_in.facilitator("mo@example.nhs.uk", "Mo")
    with app.app_context():
        team.share(db.session.query(Workshop).filter_by(code=code).one(), "mo@example.nhs.uk", role)
        db.session.commit()
    member = app.test_client()
    signed_in.sign_in("mo@example.nhs.uk", client=member)
    page = _page(member, f"/facilitate/w/{code}")
    assert ">Next<" in page and "Reveal the results" in page
    assert (f"/activities/{poll_id}/edit" in page) == (role == WorkshopRole.CO_FACILITATOR)
    assert _room(signed_in, code, "next", client=member).status_code == 303
    assert _current(app, code) == poll_id
    reveal = signed_in.post_form(
        f"/facilitate/w/{code}/activities/{poll_id}/reveal", {"shown": "1"}, page=f"/facilitate/w/{code}", client=member
    )
    assert reveal.status_code == 303
    added = _add_poll(signed_in, code, client=member)
    if role == WorkshopRole.MODERATOR:
        assert added.status_code == 403
        assert "You are a moderator" in added.get_data(
            as_text=True
        ) and "only its owner or a co-facilitator" in added.get_data(as_text=True)
        assert len(_activities(app, code)) == 2
    else:
        assert added.status_code == 303 and len(_activities(app, code)) == 3


def test_a_closed_session_still_shows_its_agenda_and_moves(signed_in: Actions, app: Flask):
    code = signed_in.workshop(state=WorkshopState.CLOSED)
    _add_poll(signed_in, code, prompt="Looking back, what helped?")
    assert _room(signed_in, code, "next").status_code == 303
    page = _page(signed_in.phone_for(code).client, f"/j/{code}")
    assert "This workshop is closed" in page and "Looking back, what helped?" in page and "Send my answer" not in page
    with app.app_context():
        assert db.session.query(Activity).filter_by(kind=ActivityKind.POLL).count() == 1


def test_a_five_steps_workshop_runs_through_every_activity_without_an_error(signed_in: Actions, app: Flask):
    """Kinds not plugged into the room yet (word cloud, scale…) still show what they are, never a 5xx."""
    from workshop.agenda_templates.operations import create_from_template, template_for
    from workshop.operations import WorkshopSettings

    with app.app_context():
        owner = db.session.query(Facilitator).filter_by(email="tracey@example.nhs.uk").one()
        template = template_for(owner, "five-steps")
        assert template is not None
        workshop = create_from_template(owner, WorkshopSettings(title="Five steps"), template)
        workshop.state = WorkshopState.OPEN
        db.session.commit()
        code, count = workshop.code, len(workshop.activities)
    phone = signed_in.phone_for(code).client
    for _ in range(count):
        assert signed_in.client.get(f"/facilitate/w/{code}").status_code == 200
        assert signed_in.client.get(f"/facilitate/w/{code}/remote").status_code == 200
        assert signed_in.client.get(f"/wall/{code}").status_code == 200
        assert phone.get(f"/j/{code}").status_code == 200
        _room(signed_in, code, "next")


def test_remove_asks_first_on_a_page_that_says_what_answers_go_with_it(signed_in: Actions, app: Flask):
    """Without JavaScript "Remove" is a link to a page that asks; an answered activity names what is lost."""
    from workshop.kinds import operations as kinds
    from workshop.models import Participant

    code = signed_in.workshop()
    _add_poll(signed_in, code)
    _add_poll(signed_in, code, prompt="Nobody answers this one?")
    [(statements_id, _, _), (poll_id, _, _), (quiet_id, _, _)] = _activities(app, code)
    _room(signed_in, code, "go", activity_id=poll_id)
    for phone in (signed_in.phone_for(code), signed_in.phone_for(code)):
        assert _answer(phone.client, code, poll_id, "1").status_code == 302
    with app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        questions = Activity(kind=ActivityKind.QUESTIONS, prompt="Ask us", position=3)
        workshop.activities.append(questions)
        asker, voter = Participant(workshop=workshop), Participant(workshop=workshop)
        db.session.add_all([asker, voter])
        db.session.flush()
        workshop.current_activity_id = questions.id  # questions are asked while the room is on them
        asked = kinds.ask_question(questions, asker, kinds.QuestionEntry("How do we measure reach?")).question
        kinds.upvote(asked, voter)
        workshop.current_activity_id = poll_id
        db.session.commit()
        questions_id = questions.id

    agenda_page = _page(signed_in.client, f"/facilitate/w/{code}")
    remove = f"/facilitate/w/{code}/activities/{poll_id}/remove"
    assert f'href="{remove}"' in agenda_page and f'action="{remove}"' not in agenda_page  # a link, not a post

    asking = _page(signed_in.client, remove)
    assert "Remove “What is your aim?” from the agenda?" in asking
    assert "Its answers go with it: the answers of 2 people." in asking
    assert "The room is on it now: phones and the wall move to the activity before it." in asking
    assert "Remove it and its answers</button>" in asking and f'#a{poll_id}">Keep it</a>' in asking
    assert len(_activities(app, code)) == 4 and len(_answers(app)) == 2  # asking removed nothing

    quiet = _page(signed_in.client, f"/facilitate/w/{code}/activities/{quiet_id}/remove")
    assert "Nobody has answered it yet, so no answers are lost." in quiet and "Remove it</button>" in quiet
    assert "The room is on it now" not in quiet
    asked_page = _page(signed_in.client, f"/facilitate/w/{code}/activities/{questions_id}/remove")
    assert "Its answers go with it: 1 question and 1 vote." in asked_page

    _room(signed_in, code, "go", activity_id=statements_id)
    assert signed_in.phone_for(code).post("Write 3 case studies with my team by the end of March").status_code == 302
    _room(signed_in, code, "go", activity_id=poll_id)
    kept = _page(signed_in.client, f"/facilitate/w/{code}/activities/{statements_id}/remove")
    assert "stays on the agenda" in kept and "Participants have sent 1 statement" in kept
    assert "<button" not in kept.split("<main", 1)[1].split("</main>", 1)[0]  # nothing to press but "Back"

    removed = signed_in.post_form(remove, page=remove)
    assert removed.status_code == 303
    assert [a[0] for a in _activities(app, code)] == [statements_id, quiet_id, questions_id]
    assert _answers(app) == [] and _current(app, code) == statements_id
    assert "“What is your aim?” is off the agenda." in _page(signed_in.client, f"/facilitate/w/{code}")
    assert signed_in.client.get(remove).status_code == 404
