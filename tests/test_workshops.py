"""Creating workshops and taking them through their lifecycle; only the owner sees them."""

from __future__ import annotations

from workshop.codes import ALPHABET
from workshop.extensions import db
from workshop.models import Statement, Workshop, WorkshopState


def _create(signed_in, **fields):
    data = {
        "title": "Demonstrating impact – Taunton",
        "date": "2026-11-20",
        "venue": "Musgrove Park Hospital",
        "prompt": "When I get back to work, I'm going to…",
        "max_statements": "3",
        "char_limit": "280",
        "review_weeks": "8",
        **fields,
    }
    return signed_in.post_form("/facilitate/new", data)


def test_create_a_workshop_with_defaults(signed_in, app):
    response = _create(signed_in)
    assert response.status_code == 302
    with app.app_context():
        workshop = db.session.query(Workshop).one()
        assert workshop.state == WorkshopState.DRAFT
        assert workshop.prompt == "When I get back to work, I'm going to…"
        assert workshop.char_limit == 280 and workshop.max_statements == 3
        assert len(workshop.code) == 6 and set(workshop.code) <= set(ALPHABET)
        assert not set(workshop.code) & set("0O1IL")
    assert response.headers["Location"].endswith(f"/facilitate/w/{workshop.code}")


def test_a_workshop_needs_a_title_and_sane_limits(signed_in):
    response = _create(signed_in, title="   ", max_statements="0", char_limit="99999")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "There is a problem" in page
    assert "Give the workshop a title." in page
    assert "Give a number from 1 to 50." in page


def test_lifecycle_draft_open_closed_reopen_archived(signed_in, app):
    code = signed_in.workshop(state=WorkshopState.DRAFT)
    url = f"/facilitate/w/{code}/state"
    page = f"/facilitate/w/{code}"
    for target in ["open", "closed", "open", "closed", "archived", "closed"]:
        assert signed_in.post_form(url, {"state": target}, page=page).status_code == 302
        assert signed_in.workshop_row(code).state.value == target


def test_a_draft_cannot_jump_to_closed(signed_in):
    code = signed_in.workshop(state=WorkshopState.DRAFT)
    signed_in.post_form(f"/facilitate/w/{code}/state", {"state": "closed"}, page=f"/facilitate/w/{code}")
    assert signed_in.workshop_row(code).state == WorkshopState.DRAFT
    page = signed_in.client.get(f"/facilitate/w/{code}").get_data(as_text=True)
    assert "cannot become closed" in page


def test_duplicate_copies_settings_not_statements(signed_in, app):
    code = signed_in.workshop(char_limit=140, venue="Winchester")
    signed_in.phone_for(code).post("Launch a library competition")
    response = signed_in.post_form(f"/facilitate/w/{code}/duplicate", page=f"/facilitate/w/{code}")
    assert response.status_code == 302
    with app.app_context():
        copy = db.session.query(Workshop).filter(Workshop.code != code).one()
        assert copy.state == WorkshopState.DRAFT
        assert copy.char_limit == 140 and copy.venue == "Winchester"
        assert copy.title.endswith("(copy)")
        assert copy.statements == []


def test_delete_needs_the_code_and_removes_everything(signed_in, app):
    code = signed_in.workshop()
    signed_in.phone_for(code).post("Write up a detailed SMART impact plan")
    wrong = signed_in.post_form(f"/facilitate/w/{code}/delete", {"confirm_code": "WRONG1"})
    assert wrong.status_code == 422
    assert f"Type {code} to confirm" in wrong.get_data(as_text=True)
    right = signed_in.post_form(f"/facilitate/w/{code}/delete", {"confirm_code": code.lower()})
    assert right.status_code == 302
    with app.app_context():
        assert db.session.query(Workshop).count() == 0
        assert db.session.query(Statement).count() == 0


def test_another_facilitator_cannot_see_or_change_my_workshop(signed_in, app):
    code = signed_in.workshop()
    other = app.test_client()
    signed_in.facilitator("victoria@example.nhs.uk", "Victoria")
    signed_in.sign_in("victoria@example.nhs.uk", client=other)
    for url in [
        f"/facilitate/w/{code}",
        f"/wall/{code}",
        f"/wall/{code}/feed",
        f"/facilitate/w/{code}/statements.csv",
        f"/facilitate/w/{code}/settings",
    ]:
        assert other.get(url).status_code == 404, url
    token_page = other.get("/facilitate/").get_data(as_text=True)
    assert code not in token_page
    from tests.conftest import csrf_from

    response = other.post(f"/facilitate/w/{code}/state", data={"csrf_token": csrf_from(token_page), "state": "closed"})
    assert response.status_code == 404
    assert signed_in.workshop_row(code).state == WorkshopState.OPEN


def test_dashboard_lists_only_my_workshops(signed_in):
    mine = signed_in.workshop(title="Mine")
    signed_in.facilitator("victoria@example.nhs.uk", "Victoria")
    theirs = signed_in.workshop("victoria@example.nhs.uk", title="Theirs")
    page = signed_in.client.get("/facilitate/").get_data(as_text=True)
    assert mine in page and theirs not in page


def test_settings_can_be_changed(signed_in):
    code = signed_in.workshop()
    response = signed_in.post_form(
        f"/facilitate/w/{code}/settings",
        {
            "title": "New title",
            "prompt": "Next week I will…",
            "max_statements": "2",
            "char_limit": "100",
            "review_weeks": "4",
            "approve_first": "y",
        },
    )
    assert response.status_code == 302
    workshop = signed_in.workshop_row(code)
    assert (workshop.title, workshop.prompt, workshop.char_limit, workshop.approve_first) == (
        "New title",
        "Next week I will…",
        100,
        True,
    )
