"""The live wall and the facilitator's moderation: what shows, when, and the 204 polling contract."""

from __future__ import annotations

import re

from workshop.extensions import db
from workshop.models import Statement, StatementStatus


def _version(html: str) -> int:
    return int(re.search(r'data-version="(\d+)"', html).group(1))


def test_wall_shows_qr_code_counts_and_statements(signed_in):
    code = signed_in.workshop()
    signed_in.phone_for(code).post("Increase use of Twitter /Facebook / Instagram accounts")
    signed_in.phone_for(code).post("Launch a library competition: tell us your library story")
    page = signed_in.client.get(f"/wall/{code}").get_data(as_text=True)
    assert '<svg role="img" class="qr"' in page
    assert f"QR code to join: http://localhost/j/{code}" in page
    assert f'<p class="wall-code">{code}</p>' in page
    assert '<span class="count">2</span> participants' in page
    assert "Launch a library competition" in page and "Increase use of Twitter" in page


def test_wall_feed_answers_204_until_something_changes(signed_in):
    code = signed_in.workshop()
    feed = signed_in.client.get(f"/wall/{code}/feed", headers={"HX-Request": "true"})
    version = _version(feed.get_data(as_text=True))
    idle = signed_in.client.get(f"/wall/{code}/feed?v={version}", headers={"HX-Request": "true"})
    assert idle.status_code == 204 and idle.data == b""
    signed_in.phone_for(code).post("Write up a detailed SMART impact plan")
    fresh = signed_in.client.get(f"/wall/{code}/feed?v={version}", headers={"HX-Request": "true"})
    html = fresh.get_data(as_text=True)
    assert fresh.status_code == 200
    assert "Write up a detailed SMART impact plan" in html
    assert _version(html) > version
    assert "<html" not in html and "HX-Request" in fresh.headers["Vary"]


def test_wall_public_url_uses_the_configured_base(signed_in, app):
    app.config["PUBLIC_BASE_URL"] = "http://192.168.1.20:5000/"
    code = signed_in.workshop()
    page = signed_in.client.get(f"/wall/{code}").get_data(as_text=True)
    assert f"http://192.168.1.20:5000/j/{code}" in page


def _moderate(signed_in, code, statement_id, action, htmx=False):
    headers = {"HX-Request": "true"} if htmx else {}
    return signed_in.post_form(
        f"/facilitate/w/{code}/s/{statement_id}/moderate",
        {"action": action},
        page=f"/facilitate/w/{code}",
        headers=headers,
    )


def _only_statement(app) -> Statement:
    with app.app_context():
        statement = db.session.query(Statement).one()
        db.session.expunge(statement)
        return statement


def test_hide_unhide_pin_and_delete(signed_in, app):
    code = signed_in.workshop()
    signed_in.phone_for(code).post("Look at ways to shout about it within the Trust")
    statement_id = _only_statement(app).id
    _moderate(signed_in, code, statement_id, "hide")
    assert _only_statement(app).status == StatementStatus.HIDDEN
    assert "shout about it" not in signed_in.client.get(f"/wall/{code}").get_data(as_text=True)
    _moderate(signed_in, code, statement_id, "unhide")
    _moderate(signed_in, code, statement_id, "pin", htmx=True)
    statement = _only_statement(app)
    assert statement.status == StatementStatus.VISIBLE and statement.pinned
    wall = signed_in.client.get(f"/wall/{code}").get_data(as_text=True)
    assert 'class="wall-card pinned"' in wall
    response = _moderate(signed_in, code, statement_id, "delete", htmx=True)
    assert response.status_code == 200 and response.get_data(as_text=True).lstrip().startswith(
        '<section id="moderation"'
    )
    with app.app_context():
        assert db.session.query(Statement).count() == 0


def test_approve_queue(signed_in, app):
    code = signed_in.workshop(approve_first=True)
    signed_in.phone_for(code).post("Talk to head of transformation re: impact of LKS support")
    assert "head of transformation" not in signed_in.client.get(f"/wall/{code}").get_data(as_text=True)
    control = signed_in.client.get(f"/facilitate/w/{code}").get_data(as_text=True)
    assert "1 waiting for approval" in control
    _moderate(signed_in, code, _only_statement(app).id, "approve")
    assert "head of transformation" in signed_in.client.get(f"/wall/{code}").get_data(as_text=True)


def test_facilitator_corrects_a_typo(signed_in, app):
    code = signed_in.workshop(char_limit=25)
    signed_in.phone_for(code).post("Activate a Twiter acc")
    statement_id = _only_statement(app).id
    url = f"/facilitate/w/{code}/s/{statement_id}/edit"
    response = signed_in.post_form(url, {"text": "Activate a Twitter account. Love the ideas!"})
    assert response.status_code == 302
    statement = _only_statement(app)
    assert statement.text == "Activate a Twitter account. Love the ideas!" and statement.edited_by_facilitator
    empty = signed_in.post_form(url, {"text": "  "})
    assert empty.status_code == 422 and "delete it instead" in empty.get_data(as_text=True)


def test_unknown_moderation_action_is_refused(signed_in, app):
    code = signed_in.workshop()
    signed_in.phone_for(code).post("Something")
    response = _moderate(signed_in, code, _only_statement(app).id, "explode")
    assert response.status_code == 302
    assert _only_statement(app).status == StatementStatus.VISIBLE


def test_close_submissions_with_one_click(signed_in):
    code = signed_in.workshop()
    signed_in.post_form(f"/facilitate/w/{code}/state", {"state": "closed"}, page=f"/facilitate/w/{code}")
    phone = signed_in.phone_for(code)
    assert "This workshop is closed" in phone.open()
    wall = signed_in.client.get(f"/wall/{code}").get_data(as_text=True)
    assert "submissions are closed" in wall
