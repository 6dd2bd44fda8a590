"""Codes, tokens and devices: guessing, multiplying oneself, borrowed keys (findings 5-7 of issue 12)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from werkzeug.routing import Rule

from tests.conftest import Actions, csrf_from
from workshop.extensions import db
from workshop.models import Participant, Statement

SECRET_ARGUMENTS = {"code", "token"}


def _lookup_rules(app: Flask) -> list[Rule]:
    return [r for r in app.url_map.iter_rules() if SECRET_ARGUMENTS & set(r.arguments)]


def _wrong_url(rule: Rule, attempt: int) -> str:
    values: dict[str, Any] = {}
    for argument in rule.arguments:
        if argument in SECRET_ARGUMENTS:
            values[argument] = f"ZZZZ{attempt}{attempt}" if argument == "code" else f"not-a-token-{attempt}"
        elif "Int" in type(rule._converters[argument]).__name__:  # noqa: SLF001
            values[argument] = 1
        elif getattr(rule._converters[argument], "items", None):  # noqa: SLF001 - an any(...) converter
            values[argument] = sorted(rule._converters[argument].items)[0]  # noqa: SLF001
        elif argument == "kind":
            values[argument] = "smart-plan"
        else:
            values[argument] = "x"
    return rule.build(values, append_unknown=False)[1]


@pytest.mark.parametrize(
    "app_settings", [{"JOIN_FAILURE_RATE_LIMIT": "3 per 5 minutes", "JOIN_FAILURE_ADDRESS_LIMIT": "100000 per minute"}]
)
def test_every_route_that_looks_up_a_code_or_token_is_behind_the_guessing_limit(
    actions: Actions, app: Flask, app_settings: Any
) -> None:
    """Found from the URL map: a route added later with a <code> or <token> is tried too."""
    actions.facilitator()
    rules = _lookup_rules(app)
    assert len(rules) >= 20
    escaped = []
    for rule in rules:
        guesser = app.test_client()
        assert actions.sign_in(client=guesser).status_code == 302  # facilitator routes too
        token = csrf_from(guesser.get("/facilitate/").get_data(as_text=True))
        method = "GET" if "GET" in (rule.methods or set()) else "POST"
        statuses = []
        for attempt in range(4):
            url = _wrong_url(rule, attempt + 2)
            response = guesser.get(url) if method == "GET" else guesser.post(url, data={"csrf_token": token})
            statuses.append(response.status_code)
        # A phone's polls (the room's state, its results, its list of questions) send a request
        # without htmx on to the join page, where the 404 counts.
        if rule.rule in {"/j/<code>/state", "/j/<code>/results", "/j/<code>/questions"} and statuses == [302] * 4:
            continue
        if statuses != [404, 404, 404, 429]:
            escaped.append((rule.rule, method, statuses))
    assert escaped == []


def test_an_idempotency_key_from_another_browser_does_not_hand_over_the_identity(actions: Actions, app: Flask) -> None:
    actions.facilitator()
    code = actions.workshop()
    victim, thief = actions.phone_for(code), actions.phone_for(code)
    assert victim.post("Victim's statement about journal clubs").status_code == 302
    with app.app_context():
        statement = db.session.query(Statement).filter_by(text="Victim's statement about journal clubs").one()
        statement_id, victims_key = statement.id, statement.idempotency_key
    assert victims_key
    thief.open()  # the thief's browser has a session of its own
    assert thief.post("Thief's copy", key=victims_key).status_code == 302
    assert thief.client.get(f"/j/{code}/s/{statement_id}/edit").status_code in {403, 404}
    with app.app_context():
        owners = {s.text: s.participant_id for s in db.session.query(Statement)}
        assert owners["Thief's copy"] != owners["Victim's statement about journal clubs"]
    fresh = actions.phone_for(code)  # a browser with no identity at all fares no better
    assert fresh.post("Fresh copy", key=victims_key).status_code == 302
    assert fresh.client.get(f"/j/{code}/s/{statement_id}/edit").status_code in {403, 404}
    with app.app_context():
        assert db.session.query(Participant).count() == 3


def test_a_lost_answer_still_brings_the_same_phone_back(actions: Actions, app: Flask) -> None:
    """The one case the key is for: the same page's form, resent by a browser with no identity."""
    actions.facilitator()
    code = actions.workshop()
    phone = actions.phone_for(code)
    page = phone.open()
    token = csrf_from(page)
    key = re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', page).group(1)
    first = phone.client.post(f"/j/{code}", data={"csrf_token": token, "text": "Run a survey", "idempotency_key": key})
    assert first.status_code == 302
    with phone.client.session_transaction() as session:
        session.pop("participants", None)  # the answer with the cookie never arrived
    again = phone.client.post(f"/j/{code}", data={"csrf_token": token, "text": "Run a survey", "idempotency_key": key})
    assert again.status_code == 302
    with app.app_context():
        assert db.session.query(Statement).count() == 1 and db.session.query(Participant).count() == 1
    assert "Run a survey" in phone.open()
