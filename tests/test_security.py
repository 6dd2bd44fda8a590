"""Hostile visitors: forged cookies, other facilitators, code guessing, flooding, and the headers.

Every test here is a story of someone trying something they should not manage, told through the
real HTTP interface (the Flask test client), with the rate limits as configured for production
unless a test narrows one to keep it short.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from flask.testing import FlaskClient
from werkzeug.exceptions import NotFound

from tests.conftest import Actions, csrf_from
from workshop import team
from workshop.extensions import db
from workshop.models import (
    Activity,
    ActivityKind,
    Facilitator,
    Participant,
    Statement,
    StatementStatus,
    Theme,
    Workshop,
    WorkshopMember,
    WorkshopRole,
    WorkshopState,
)
from workshop.security import CONTENT_SECURITY_POLICY

WRONG_CODES = [f"ZZZZ{a}{b}" for a in "23456789" for b in "23456789"]


def _statement_id(app: Flask) -> int:
    with app.app_context():
        return db.session.query(Statement.id).order_by(Statement.id).limit(1).scalar()


def _texts(app: Flask) -> list[str]:
    with app.app_context():
        return [s.text for s in db.session.query(Statement).order_by(Statement.id)]


def _cookie(client: FlaskClient, app: Flask) -> str:
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    return cookie.value


def _set_cookie(client: FlaskClient, app: Flask, value: str) -> None:
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], value)


# --------------------------------------------------------------------------- participant cookies


def test_a_tampered_participant_cookie_is_a_new_stranger(actions: Actions, app: Flask) -> None:
    actions.facilitator()
    code = actions.workshop()
    victim = actions.phone_for(code)
    victim.post("Victim's statement")
    statement_id = _statement_id(app)

    attacker = actions.phone_for(code)
    value = _cookie(victim.client, app)
    payload, _, signature = value.rpartition(".")
    # Change the signature's first character: the last one of a base64 HMAC carries padding bits,
    # and flipping one of those decodes to the same bytes (a valid signature, and a flaky test).
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    for forged in (f"{payload}.{flipped}", value[:10] + value[11:], "e30." + signature):
        _set_cookie(attacker.client, app, forged)
        page = attacker.open()
        assert "Victim&#39;s statement" not in page and "Victim's statement" not in page
        assert attacker.client.get(f"/j/{code}/s/{statement_id}/edit").status_code == 404
    assert _texts(app) == ["Victim's statement"]


def test_a_cookie_signed_with_another_key_claims_nobody(actions: Actions, app: Flask) -> None:
    """Knowing a participant's id is not enough: the claim must carry the app's signature."""
    actions.facilitator()
    code = actions.workshop()
    victim = actions.phone_for(code)
    victim.post("Only I may change this")
    statement_id = _statement_id(app)
    with app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        participant_id = db.session.query(Statement.participant_id).scalar()
        claim = {"participants": {str(workshop.id): participant_id}}

    other_app = Flask("forger")
    other_app.secret_key = "an attacker's guess at the secret key, long enough"
    forged = SecureCookieSessionInterface().get_signing_serializer(other_app)
    assert forged is not None
    attacker = actions.phone_for(code)
    _set_cookie(attacker.client, app, forged.dumps(claim))
    page = attacker.open()
    assert "Only I may change this" not in page
    response = attacker.client.post(
        f"/j/{code}/s/{statement_id}/withdraw", data={"csrf_token": csrf_from(page)}, follow_redirects=False
    )
    assert response.status_code == 404
    assert _texts(app) == ["Only I may change this"]

    # The same claim signed with the real key is what the victim's own phone carries: it works.
    genuine = SecureCookieSessionInterface().get_signing_serializer(app)
    assert genuine is not None
    with app.test_request_context():
        assert genuine.loads(_cookie(victim.client, app))["participants"] == claim["participants"]


def test_session_cookies_are_http_only_and_same_site(actions: Actions) -> None:
    actions.facilitator()
    code = actions.workshop()
    phone = actions.phone_for(code)
    response = phone.post("A statement")
    header = response.headers["Set-Cookie"]
    assert "HttpOnly" in header and "SameSite=Lax" in header


# --------------------------------------------------------------------------- other facilitators


def _workshop_scoped_rules(app: Flask) -> list[tuple[str, str]]:
    """(rule, method) for every URL that acts on one workshop of a facilitator."""
    return [(rule, method) for rule, method, _ in _workshop_scoped_endpoints(app)]


def _workshop_scoped_endpoints(app: Flask) -> list[tuple[str, str, str]]:
    """(rule, method, endpoint) for every URL that acts on one workshop of a facilitator."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(("/facilitate/w/<code>", "/wall/<code>")):
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                found.append((rule.rule, method, rule.endpoint))
    return sorted(found)


def _fill(rule: str, values: dict[str, Any]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1).split(":")[-1]
        return str(values.get(name, "summary"))

    return re.sub(r"<([^>]+)>", value, rule)


def _hostile_request(client: FlaskClient, method: str, url: str, token: str, code: str) -> Any:
    """GET the URL, or POST the worst form it could take: close, delete, overwrite, share onwards."""
    if method == "GET":
        return client.get(url)
    form = {
        "csrf_token": token,
        "state": "closed",
        "action": "delete",
        "text": "pwned",
        "confirm": code,
        "confirm_code": code,
        "label": "pwned",
        "email": "victoria@example.nhs.uk",
        "role": "co-facilitator",
    }
    return client.post(url, data=form)


# Wrong codes count towards the guessing limit for facilitators too: raised here so that every
# route is seen refusing on its own rather than all after the twentieth with 429.
@pytest.mark.parametrize("app_settings", [{"JOIN_FAILURE_RATE_LIMIT": "1000 per minute"}])
def test_every_facilitator_endpoint_refuses_another_facilitator(signed_in: Actions, app: Flask) -> None:
    code = signed_in.workshop()
    phone = signed_in.phone_for(code)
    phone.post("Tracey's participant wrote this")
    with app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        theme = Theme(workshop=workshop, label="Tracey's theme")
        db.session.add(theme)
        db.session.commit()
        values = {"code": code, "statement_id": _statement_id(app), "theme_id": theme.id, "kind": "report"}

    # Someone the workshop is shared with: a real target for "remove a person".
    margaret = signed_in.facilitator("margaret@example.nhs.uk", "Margaret")
    with app.app_context():
        team.share(
            db.session.query(Workshop).filter_by(code=code).one(), "margaret@example.nhs.uk", WorkshopRole.MODERATOR
        )
        db.session.commit()
    values["facilitator_id"] = margaret

    intruder = app.test_client()
    signed_in.facilitator("victoria@example.nhs.uk", "Victoria")
    assert signed_in.sign_in("victoria@example.nhs.uk", client=intruder).status_code == 302
    token = csrf_from(intruder.get("/facilitate/").get_data(as_text=True))

    rules = _workshop_scoped_rules(app)
    assert len(rules) >= 20, rules  # the list is discovered, not hand-kept: it grows with the app
    answers = {}
    for rule, method in rules:
        url = _fill(rule, values)
        response = _hostile_request(intruder, method, url, token, code)
        answers[f"{method} {url}"] = response.status_code
    assert {key: status for key, status in answers.items() if status not in (403, 404)} == {}

    with app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        assert workshop.state == WorkshopState.OPEN
        statement = db.session.query(Statement).one()
        assert (statement.text, statement.status) == ("Tracey's participant wrote this", StatementStatus.VISIBLE)
        assert [t.label for t in db.session.query(Theme)] == ["Tracey's theme"]
        assert [(m.facilitator_id, m.role) for m in db.session.query(WorkshopMember)] == [
            (margaret, WorkshopRole.MODERATOR)
        ]


# What a moderator may do besides seeing the workshop page: moderate statements and show the wall.
MODERATOR_MAY = {
    "facilitate.workshop",
    "facilitate.feed",
    "facilitate.moderate",
    "facilitate.edit_statement",
    "facilitate.run_timer",  # whoever runs the room runs its timer (asking it to close needs more: test_timer)
    "kinds.moderation",  # a word cloud's words, the questions to the facilitator: moderation
    "kinds.moderate_word",
    "kinds.moderate_question",
    "agenda.room",  # Next, Back, "Go to this one": moving the room (editing the agenda needs a co-facilitator)
    "agenda.reveal",
    "agenda.remote",
    "wall.wall",
    "wall.feed",
    "board.wall_themes",
    "board.wall_themes_feed",
}
# What a co-facilitator may not do: delete the workshop and manage its people.
OWNER_ONLY = {"facilitate.delete", "facilitate.share", "facilitate.remove_person"}


def _needed(endpoint: str) -> WorkshopRole:
    if endpoint in MODERATOR_MAY:
        return WorkshopRole.MODERATOR
    if endpoint in OWNER_ONLY:
        return WorkshopRole.OWNER
    return WorkshopRole.CO_FACILITATOR


def _fresh_statement_and_theme(app: Flask, code: str, n: int) -> tuple[int, int]:
    """A new statement and theme for one request, so that no earlier request leaves its URL stale."""
    with app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        statement = Statement(workshop=workshop, participant=Participant(workshop=workshop), text=f"Statement {n}")
        theme = Theme(workshop=workshop, label=f"Theme {n}")
        db.session.add_all([statement, theme])
        db.session.commit()
        return statement.id, theme.id


def _fresh_poll(app: Flask, code: str, n: int) -> int:
    """A new quick poll on the agenda (its results hidden), for one request: "Remove" may take the last one."""
    with app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        poll = Activity(
            kind=ActivityKind.POLL,
            prompt=f"Poll {n}",
            position=len(workshop.activities),
            settings={"options": ["Yes", "No"], "hide_results": True},
        )
        workshop.activities.append(poll)
        db.session.commit()
        return poll.id


@pytest.mark.parametrize("app_settings", [{"JOIN_FAILURE_RATE_LIMIT": "1000 per minute"}])
@pytest.mark.parametrize("role", [WorkshopRole.CO_FACILITATOR, WorkshopRole.MODERATOR])
def test_every_facilitator_endpoint_checks_the_role_it_was_shared_with(
    signed_in: Actions, app: Flask, role: WorkshopRole
) -> None:
    """Every workshop URL, discovered from the URL map, as a co-facilitator and as a moderator.

    What the role allows answers as it does for the owner (never 403, 404 or 5xx); what it does
    not allow answers 403 (the person knows the workshop exists: it is in their list) and changes
    nothing. A co-facilitator is refused deleting the workshop and managing people; a moderator
    everything but the workshop page, moderation and the wall.
    """
    # Closed, so that the closed session's pages (cards, write-up, key messages) answer for real too.
    code = signed_in.workshop(state=WorkshopState.CLOSED)
    margaret = signed_in.facilitator("margaret@example.nhs.uk", "Margaret")
    signed_in.facilitator("victoria@example.nhs.uk", "Victoria")
    with app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        team.share(workshop, "margaret@example.nhs.uk", WorkshopRole.MODERATOR)
        team.share(workshop, "victoria@example.nhs.uk", role)
        db.session.commit()
    member = app.test_client()
    assert signed_in.sign_in("victoria@example.nhs.uk", client=member).status_code == 302
    token = csrf_from(member.get("/facilitate/").get_data(as_text=True))

    with app.app_context():
        questions = Activity(kind=ActivityKind.QUESTIONS, prompt="Ask us", position=1)
        questions.workshop = db.session.query(Workshop).filter_by(code=code).one()
        db.session.add(questions)
        db.session.commit()
        questions_id = questions.id
    endpoints = _workshop_scoped_endpoints(app)
    assert len(endpoints) >= 20, endpoints
    assert {endpoint for _, _, endpoint in endpoints} >= MODERATOR_MAY | OWNER_ONLY  # no name in them is stale
    wrong, untouched = {}, []
    for n, (rule, method, endpoint) in enumerate(endpoints):
        statement_id, theme_id = _fresh_statement_and_theme(app, code, n)
        values = {
            "code": code,
            "statement_id": statement_id,
            "theme_id": theme_id,
            "kind": "report",
            "facilitator_id": margaret,
            "name": "summary-square",
            "answer_id": 1,  # there is none: the download says so with its own 404
            # The kinds' own moderation pages need a questions activity; the agenda's routes a poll of their own ("Remove" takes it).
            "activity_id": questions_id if endpoint.startswith("kinds.") else _fresh_poll(app, code, n),
        }
        url = _fill(rule, values)
        response = _hostile_request(member, method, url, token, code)
        allowed = role.allows(_needed(endpoint))
        # A 404 the role allows is wrong unless it is the page's own, worded one ("no such answer"):
        # the lookup's refusal carries werkzeug's generic wording.
        refused_as_unknown = response.status_code == 404 and NotFound.description in response.get_data(as_text=True)
        if allowed and (response.status_code == 403 or refused_as_unknown or response.status_code >= 500):
            wrong[f"{method} {url}"] = response.status_code
        if not allowed:
            if response.status_code != 403:
                wrong[f"{method} {url}"] = response.status_code
            elif method == "POST":
                untouched.append((statement_id, theme_id))
            body = response.get_data(as_text=True)
            assert f"You are a {role.value} of" in body and "Tracey owns it" in body, url
    assert wrong == {}
    assert untouched, "some refused POSTs were tried"

    with app.app_context():
        assert db.session.query(Workshop).filter_by(code=code).one_or_none() is not None
        if role == WorkshopRole.MODERATOR:
            assert db.session.query(Workshop).filter_by(code=code).one().state == WorkshopState.CLOSED
        for statement_id, theme_id in untouched:
            statement = db.session.get(Statement, statement_id)
            assert statement is not None and not statement.text.startswith("pwned"), statement_id
            if role == WorkshopRole.MODERATOR:  # a co-facilitator's "Group" regroups every theme, rightly
                theme = db.session.get(Theme, theme_id)
                assert theme is not None and theme.label != "pwned", theme_id
        members = {m.facilitator_id: m.role for m in db.session.query(WorkshopMember)}
        assert members[margaret] == WorkshopRole.MODERATOR and len(members) == 2


# Wrong codes count towards the guessing limit for facilitators too: raised here so that every
# route is seen refusing on its own rather than all after the twentieth with 429.
@pytest.mark.parametrize("app_settings", [{"JOIN_FAILURE_RATE_LIMIT": "1000 per minute"}])
def test_every_survey_endpoint_refuses_another_facilitator(signed_in: Actions, app: Flask) -> None:
    """The survey designer's URLs, discovered from the URL map like the workshop ones."""
    from surveys import operations as survey_operations
    from surveys.bank import load_bank
    from surveys.models import Survey

    with app.app_context():
        owner = db.session.query(Facilitator).filter_by(email="tracey@example.nhs.uk").one()
        survey = survey_operations.create_survey(owner, survey_operations.SurveySettings(title="Tracey's survey"))
        question = survey_operations.add_bank_question(survey, load_bank()[0].id)
        db.session.commit()
        values = {"code": survey.code, "key": question.key, "section_id": question.section_id}
        survey_id = survey.id

    intruder = app.test_client()
    signed_in.facilitator("victoria@example.nhs.uk", "Victoria")
    assert signed_in.sign_in("victoria@example.nhs.uk", client=intruder).status_code == 302
    token = csrf_from(intruder.get("/facilitate/").get_data(as_text=True))
    rules = sorted(
        (rule.rule, method)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/facilitate/surveys/<code>")
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
    )
    assert len(rules) >= 15, rules
    answers = {}
    for rule, method in rules:
        url = _fill(rule, values)
        if method == "GET":
            response = intruder.get(url)
        else:
            form = {
                "csrf_token": token,
                "state": "open",
                "direction": "up",
                "confirm_code": values["code"],
                "title": "pwned",
            }
            response = intruder.post(url, data=form)
        answers[f"{method} {url}"] = response.status_code
    assert {key: status for key, status in answers.items() if status not in (403, 404)} == {}
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        assert survey is not None and survey.title == "Tracey's survey" and len(survey.questions) == 1


def test_every_facilitator_endpoint_needs_sign_in(client: FlaskClient, app: Flask) -> None:
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(("/facilitate", "/wall")):
            continue
        url = _fill(
            rule.rule,
            {
                "code": "ABCDEF",
                "statement_id": 1,
                "theme_id": 1,
                "section_id": 1,
                "series_id": 1,
                "answer_id": 1,
                "facilitator_id": 1,
                "workshop_id": 1,
                "extension": "docx",
                "activity_id": 1,
                "template_id": 1,
            },
        )
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method)
            if method == "GET":
                assert response.status_code == 302 and "/auth/sign-in" in response.headers["Location"], url
            else:
                # No session, so no CSRF token either: refused before anything runs.
                assert response.status_code in (302, 400, 401, 403), (method, url, response.status_code)


# --------------------------------------------------------------------------- headers


def _csp(response: Any) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_every_kind_of_page_carries_the_security_headers(signed_in: Actions, app: Flask) -> None:
    code = signed_in.workshop()
    client = signed_in.client
    for url in ["/", f"/j/{code}", "/facilitate/", f"/wall/{code}", "/static/app.css", "/no-such-page", "/healthz"]:
        response = client.get(url)
        csp = _csp(response)
        assert csp["script-src"] == ["'self'"], url
        assert csp["frame-ancestors"] == ["'none'"], url
        assert csp["default-src"] == ["'self'"] and csp["object-src"] == ["'none'"], url
        assert not any("unsafe" in source for sources in csp.values() for source in sources), url
        assert response.headers["X-Content-Type-Options"] == "nosniff", url
        assert response.headers["Referrer-Policy"] in {"same-origin", "no-referrer", "strict-origin"}, url
        assert response.headers["X-Frame-Options"] == "DENY", url
        assert "Strict-Transport-Security" not in response.headers, url
        response.close()
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_hsts_only_over_https(client: FlaskClient) -> None:
    assert "Strict-Transport-Security" not in client.get("/").headers
    secure = client.get("/", base_url="https://kit.example.nhs.uk")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    # A client claiming HTTPS in a header is not believed without a trusted proxy in front.
    spoofed = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in spoofed.headers


@pytest.mark.parametrize("app_settings", [{"TRUSTED_PROXIES": 1}])
def test_hsts_behind_a_trusted_https_proxy(client: FlaskClient) -> None:
    response = client.get("/", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"})
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Strict-Transport-Security" not in client.get("/", headers={"X-Forwarded-Proto": "http"}).headers


# --------------------------------------------------------------------------- guessing join codes


def _join(client: FlaskClient, code: str) -> Any:
    page = client.get("/").get_data(as_text=True)
    return client.post("/join", data={"csrf_token": csrf_from(page), "code": code})


def test_guessing_codes_is_stopped_with_a_clear_message(actions: Actions, app: Flask) -> None:
    actions.facilitator()
    code = actions.workshop()
    guesser = app.test_client()
    for wrong in WRONG_CODES[:20]:
        assert _join(guesser, wrong).status_code == 404
    stopped = _join(guesser, WRONG_CODES[20])
    assert stopped.status_code == 429
    message = stopped.get_data(as_text=True)
    assert "wrong codes" in message and "scan the QR code" in message
    # Once stopped, this browser cannot tell a right code from a wrong one either (no oracle) ...
    assert _join(guesser, code).status_code == 429
    assert guesser.get(f"/j/{WRONG_CODES[21]}").status_code == 429
    # ... but everyone else at the venue, on the same address, still joins.
    neighbour = app.test_client()
    assert _join(neighbour, code).status_code == 302
    assert neighbour.get(f"/j/{code}").status_code == 200


def test_right_codes_never_count_towards_the_limit(actions: Actions, app: Flask) -> None:
    actions.facilitator()
    code = actions.workshop()
    phone = app.test_client()
    for _ in range(40):
        assert _join(phone, code).status_code == 302
        assert phone.get(f"/j/{code}").status_code == 200


def test_the_join_url_is_no_unlimited_guessing_oracle(actions: Actions, app: Flask) -> None:
    guesser = app.test_client()
    guesser.get("/")  # a browser: its first page gives it a session, and its limit
    statuses = [guesser.get(f"/j/{wrong}").status_code for wrong in WRONG_CODES[:21]]
    assert statuses == [404] * 20 + [429]
    tokens = [guesser.get(f"/mine/not-a-token-{n}").status_code for n in range(2)]
    assert tokens == [429, 429]


@pytest.mark.parametrize("app_settings", [{"JOIN_FAILURE_ADDRESS_LIMIT": "30 per 5 minutes"}])
def test_a_guesser_who_drops_cookies_meets_the_address_backstop(actions: Actions, app: Flask) -> None:
    actions.facilitator()
    code = actions.workshop()
    statuses = []
    for browser in range(4):
        fresh = app.test_client()  # a new cookie jar each time: a new "browser"
        statuses += [_join(fresh, wrong).status_code for wrong in WRONG_CODES[browser * 10 : browser * 10 + 10]]
    assert statuses == [404] * 30 + [429] * 10
    # A venue would need 200 wrong codes in 5 minutes (the default) to reach this point.
    assert app.config["JOIN_FAILURE_ADDRESS_LIMIT"] == "30 per 5 minutes"
    assert _join(app.test_client(), code).status_code == 429


# --------------------------------------------------------------------------- flooding


def test_flooding_from_one_phone_is_limited_while_others_post(actions: Actions, app: Flask) -> None:
    actions.facilitator()
    code = actions.workshop(max_statements=50)
    flooder, neighbour = actions.phone_for(code), actions.phone_for(code)
    statuses = [flooder.post(f"Flood {n}").status_code for n in range(14)]
    assert statuses[:12] == [302] * 12 and statuses[12:] == [429, 429]
    refused = flooder.post("One more", htmx=True)
    assert refused.status_code == 429
    assert "Wait a minute" in refused.get_data(as_text=True)
    # Another participant on the same address is not affected at all.
    assert [neighbour.post(f"Neighbour {n}").status_code for n in range(3)] == [302] * 3
    texts = _texts(app)
    assert len([t for t in texts if t.startswith("Flood")]) == 12 and len(texts) == 15


def test_a_fresh_phone_is_limited_on_its_own_not_with_the_venue(actions: Actions, app: Flask) -> None:
    """Before their first post, phones have no participant yet: each still has its own limit."""
    actions.facilitator()
    code = actions.workshop()
    phones = [actions.phone_for(code) for _ in range(20)]
    assert [phone.post("My first statement").status_code for phone in phones] == [302] * 20


@pytest.mark.parametrize("app_settings", [{"ADDRESS_RATE_LIMIT": "15 per minute"}])
def test_the_per_address_backstop(client: FlaskClient) -> None:
    statuses = [client.get("/").status_code for _ in range(16)]
    assert statuses == [200] * 15 + [429]
    assert client.get("/healthz").status_code == 200  # monitoring is never limited
