"""Hostile input reaches no database and no 5xx: file parts, huge integers, NUL bytes, far dates.

Findings 9-11 of issue 12. The routes are found from the app's URL map, so a route added later is
tried too. Run with ``TEST_DATABASE_URL`` set to PostgreSQL as well: PostgreSQL refuses NUL bytes
and integers beyond int4 where SQLite stores them.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from tests.conftest import PASSWORD, Actions, csrf_from
from workshop.extensions import db
from workshop.models import Statement, Workshop

TEXT_FIELD_NAMES = ("text", "email", "password", "code", "title", "label", "name", "idempotency_key", "order")


def _url(rule: Rule, code: str, **overrides: Any) -> str:
    values: dict[str, Any] = {}
    for argument in rule.arguments:
        converter = rule._converters[argument]  # noqa: SLF001 - the converter kind decides the test value
        if argument in overrides:
            values[argument] = overrides[argument]
        elif type(converter).__name__.lower().startswith("int") or "Int" in type(converter).__name__:
            values[argument] = 1
        elif argument == "code":
            values[argument] = code
        else:
            values[argument] = "x"
    path = rule.rule
    for argument, value in values.items():
        path = path.replace(f"<{argument}>", str(value))
        for kind in ("int", "string", "path", "any"):
            path = path.replace(f"<{kind}:{argument}>", str(value))
    return path


def _post_rules(app: Flask) -> list[Rule]:
    return [r for r in app.url_map.iter_rules() if "POST" in (r.methods or set()) and "<path:" not in r.rule]


def _file(name: str = "a.txt") -> tuple[io.BytesIO, str]:
    return (io.BytesIO(b"not a statement"), name)


# --------------------------------------------------------------------------- 9. file parts


def test_a_file_in_the_sign_in_and_join_forms_is_a_clear_400(client: FlaskClient, actions: Actions) -> None:
    actions.facilitator()
    code = actions.workshop()
    token = csrf_from(client.get("/auth/sign-in").get_data(as_text=True))
    for url, field in (
        ("/auth/sign-in", "email"),
        ("/auth/sign-in", "password"),
        ("/join", "code"),
        (f"/j/{code}", "text"),
    ):
        response = client.post(url, data={"csrf_token": token, field: _file()}, content_type="multipart/form-data")
        assert response.status_code == 400, (url, field, response.status_code)
        assert "does not take files" in response.get_data(as_text=True)


def test_a_file_part_in_any_form_never_gives_5xx(signed_in: Actions, app: Flask) -> None:
    code = signed_in.workshop()
    phone = signed_in.phone_for(code)
    phone.post("A statement so that statement routes have something to find")
    for client in (signed_in.client, phone.client):
        token = csrf_from(client.get(f"/j/{code}").get_data(as_text=True))
        for rule in _post_rules(app):
            url = _url(rule, code)
            data: dict[str, Any] = {"csrf_token": token, **{name: _file() for name in TEXT_FIELD_NAMES}}
            response = client.post(url, data=data, content_type="multipart/form-data")
            assert response.status_code < 500, (url, response.status_code, response.get_data(as_text=True)[:300])


# --------------------------------------------------------------------------- 10. integers and NUL bytes


@pytest.mark.parametrize("huge", [2**31, 2**63, 10**30])
def test_integers_beyond_the_database_range_in_any_route_are_404(signed_in: Actions, app: Flask, huge: int) -> None:
    code = signed_in.workshop()
    token = csrf_from(signed_in.client.get("/facilitate/").get_data(as_text=True))
    checked = 0
    for rule in app.url_map.iter_rules():
        ints = [a for a in rule.arguments if "Int" in type(rule._converters[a]).__name__]  # noqa: SLF001
        if not ints:
            continue
        url = _url(rule, code, **dict.fromkeys(ints, huge))
        if "GET" in (rule.methods or set()):
            assert signed_in.client.get(url).status_code == 404, url
        if "POST" in (rule.methods or set()):
            # A path that also has a GET rule (the board's move menu and move) is matched by that
            # rule's pattern first, so werkzeug answers 405 rather than 404: still refused before
            # any view or database sees the number.
            shares_path = any(o.rule == rule.rule and o is not rule for o in app.url_map.iter_rules())
            allowed = {404, 405} if shares_path else {404}
            assert signed_in.client.post(url, data={"csrf_token": token}).status_code in allowed, url
        checked += 1
    assert checked >= 5  # statements, themes, sections, questions ... are all tried
    assert signed_in.client.get(f"/j/{code}/s/{2**31 - 1}/edit").status_code == 404  # the largest id still routes


def test_nul_bytes_in_paths_and_query_strings_are_refused_before_the_database(signed_in: Actions, app: Flask) -> None:
    code = signed_in.workshop()
    for url in ("/mine/%00", f"/j/{code}%00", "/s/%00", f"/facilitate/w/{code}/s/1%00/edit"):
        assert signed_in.client.get(url).status_code == 404, url
    for url in (f"/facilitate/w/{code}?v=%00", "/surveys/bank?q=%00", "/?x%00=1"):
        response = signed_in.client.get(url)
        assert response.status_code == 400, (url, response.status_code)
        assert "NUL control character" in response.get_data(as_text=True)
    for rule in app.url_map.iter_rules():
        if "GET" in (rule.methods or set()) and "code" not in rule.arguments and rule.arguments:
            assert signed_in.client.get(_url(rule, code).replace("/x", "/%00")).status_code < 500, rule.rule


def test_nul_bytes_in_keys_and_emails_get_a_4xx_or_are_ignored(actions: Actions, app: Flask) -> None:
    actions.facilitator()
    code = actions.workshop()
    phone = actions.phone_for(code)
    assert phone.post("Run a survey of ward managers by March", key="abc\x00def").status_code == 302
    with app.app_context():
        stored = db.session.query(Statement).one()
        assert stored.text == "Run a survey of ward managers by March" and stored.idempotency_key is None
    page = phone.client.get("/auth/sign-in").get_data(as_text=True)
    signed = phone.client.post(
        "/auth/sign-in",
        data={"csrf_token": csrf_from(page), "email": "tracey\x00@example.nhs.uk", "password": PASSWORD},
    )
    assert signed.status_code == 422


def test_huge_integers_in_forms_are_a_clear_422(signed_in: Actions, app: Flask) -> None:
    response = signed_in.post_form(
        "/facilitate/new", {"title": "Huge", "max_statements": str(2**63), "char_limit": "280"}
    )
    assert response.status_code == 422
    assert "Give a number from 1 to 50." in response.get_data(as_text=True)


# --------------------------------------------------------------------------- 11. dates


@pytest.mark.parametrize("day", ["9999-12-31", "2108-01-01", "1970-01-01", "0001-01-01"])
def test_far_dates_are_refused_with_the_accepted_range(signed_in: Actions, app: Flask, day: str) -> None:
    response = signed_in.post_form(
        "/facilitate/new", {"title": "Far", "date": day, "max_statements": "5", "char_limit": "280"}
    )
    assert response.status_code == 422
    assert "between 2000 and 2099" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(Workshop).count() == 0


def test_the_date_range_is_said_on_the_form(signed_in: Actions) -> None:
    assert "between 2000 and 2099" in signed_in.client.get("/facilitate/new").get_data(as_text=True)


def test_the_edges_of_the_range_are_accepted(signed_in: Actions, app: Flask) -> None:
    for day in ("2000-01-01", "2099-12-31"):
        response = signed_in.post_form(
            "/facilitate/new", {"title": day, "date": day, "max_statements": "5", "char_limit": "280"}
        )
        assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(Workshop).count() == 2
