"""The people of a workshop (issue 16): the owner shares it with co-facilitators and moderators,
removes them, and everyone sees who hid, edited or deleted which statement.

Told through the real app (test client); which URL each role may open is checked over the whole
URL map in ``tests/test_security.py``.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.conftest import Actions, csrf_from
from workshop.common.dates import clock
from workshop.extensions import db
from workshop.models import Facilitator, Statement, StatementChange, Workshop, WorkshopMember, WorkshopRole

VICTORIA = "victoria@example.nhs.uk"
MO = "mo@example.nhs.uk"


def _client_of(actions: Actions, email: str, name: str) -> FlaskClient:
    """Another facilitator's account, signed in on its own browser."""
    actions.facilitator(email, name)
    client = actions.app.test_client()
    assert actions.sign_in(email, client=client).status_code == 302
    return client


def _share(actions: Actions, code: str, email: str, role: str, client: FlaskClient | None = None):
    return actions.post_form(
        f"/facilitate/w/{code}/people",
        {"email": email, "role": role},
        page=f"/facilitate/w/{code}",
        client=client,
    )


def _members(app: Flask, code: str) -> dict[str, WorkshopRole]:
    with app.app_context():
        workshop = db.session.scalars(select(Workshop).where(Workshop.code == code)).one()
        return {m.facilitator.email: m.role for m in workshop.members}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_owner_shares_a_workshop_and_each_person_sees_it_with_their_role(signed_in: Actions, app: Flask) -> None:
    code = signed_in.workshop()
    victoria = _client_of(signed_in, VICTORIA, "Victoria")
    mo = _client_of(signed_in, MO, "Mo")
    assert code not in victoria.get("/facilitate/").get_data(as_text=True)

    response = _share(signed_in, code, VICTORIA, "co-facilitator")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/facilitate/w/{code}#people")
    page = signed_in.client.get(f"/facilitate/w/{code}").get_data(as_text=True)
    assert f"Shared with {VICTORIA} as co-facilitator" in page
    assert _share(signed_in, code, "MO@example.nhs.uk ", "moderator").status_code == 303  # any case, spaces
    assert _members(app, code) == {VICTORIA: WorkshopRole.CO_FACILITATOR, MO: WorkshopRole.MODERATOR}

    people = _text(signed_in.client.get(f"/facilitate/w/{code}").get_data(as_text=True))
    assert "People" in people and "Victoria victoria@example.nhs.uk · Co-facilitator" in people
    assert "Mo mo@example.nhs.uk · Moderator" in people

    for client, label in ((victoria, "Co-facilitator"), (mo, "Moderator")):
        listing = _text(client.get("/facilitate/").get_data(as_text=True))
        assert f"{label} · shared by Tracey" in listing and code in listing
    owner_listing = _text(signed_in.client.get("/facilitate/").get_data(as_text=True))
    assert "shared by" not in owner_listing  # the owner's own workshops carry no role mark

    # Sharing again changes the role; the same role again says so and changes nothing.
    assert _share(signed_in, code, MO, "co-facilitator").status_code == 303
    assert f"{MO} is now a co-facilitator (was moderator)" in signed_in.client.get(f"/facilitate/w/{code}").get_data(
        as_text=True
    )
    _share(signed_in, code, MO, "co-facilitator")
    assert f"{MO} is already a co-facilitator" in signed_in.client.get(f"/facilitate/w/{code}").get_data(as_text=True)
    assert _members(app, code) == {VICTORIA: WorkshopRole.CO_FACILITATOR, MO: WorkshopRole.CO_FACILITATOR}


def test_each_role_sees_only_the_controls_it_may_use(signed_in: Actions, app: Flask) -> None:
    code = signed_in.workshop()
    victoria = _client_of(signed_in, VICTORIA, "Victoria")
    mo = _client_of(signed_in, MO, "Mo")
    _share(signed_in, code, VICTORIA, "co-facilitator")
    _share(signed_in, code, MO, "moderator")
    signed_in.phone_for(code).post("I will ask three patients what changed for them by March.")

    owner = signed_in.client.get(f"/facilitate/w/{code}").get_data(as_text=True)
    co = victoria.get(f"/facilitate/w/{code}").get_data(as_text=True)
    moderator = mo.get(f"/facilitate/w/{code}").get_data(as_text=True)
    delete, people, settings = f"/facilitate/w/{code}/delete", 'id="people"', f"/facilitate/w/{code}/settings"
    assert delete in owner and people in owner and settings in owner
    assert delete not in co and people not in co and settings in co
    assert "You are a co-facilitator of this workshop · owned by Tracey" in _text(co)
    assert delete not in moderator and people not in moderator and settings not in moderator
    assert f"/facilitate/w/{code}/state" not in moderator and f"/facilitate/w/{code}/joining" not in moderator
    assert "You are a moderator of this workshop (you moderate its statements and show the wall)" in _text(moderator)
    # What the moderator keeps: the statements with their buttons, and the wall.
    assert "I will ask three patients" in moderator and f"/facilitate/w/{code}/s/" in moderator
    assert f"/wall/{code}" in moderator and mo.get(f"/wall/{code}").status_code == 200


def test_sharing_refuses_bad_input_with_clear_messages(signed_in: Actions, app: Flask) -> None:
    code = signed_in.workshop()
    victoria = _client_of(signed_in, VICTORIA, "Victoria")

    cases = [
        ("nobody@example.nhs.uk", "co-facilitator", "There is no facilitator account for nobody@example.nhs.uk"),
        ("Tracey@Example.nhs.uk", "moderator", "tracey@example.nhs.uk owns this workshop already"),
        (VICTORIA, "owner", "Choose a role: co-facilitator or moderator."),
        (VICTORIA, "admin", "Choose a role: co-facilitator or moderator."),
        (VICTORIA, "", "Choose a role: co-facilitator or moderator."),
        ("", "moderator", "Type the e-mail address of the facilitator account to share with."),
        ("x" * 250 + "@example.nhs.uk", "moderator", "An e-mail address has at most 254 characters."),
    ]
    for email, role, message in cases:
        response = _share(signed_in, code, email, role)
        body = response.get_data(as_text=True)
        assert response.status_code == 422, (email, role, response.status_code)
        assert message in body, (email, role)
        assert 'class="error-summary"' in body  # the form comes back with the problem at the top
    assert _members(app, code) == {}

    # A co-facilitator may not manage people: 403 saying who can, and nobody is added.
    _share(signed_in, code, VICTORIA, "co-facilitator")
    _client_of(signed_in, MO, "Mo")
    response = _share(signed_in, code, MO, "co-facilitator", client=victoria)
    assert response.status_code == 403
    assert "only its owner (Tracey owns it) can do that" in response.get_data(as_text=True)
    assert MO not in _members(app, code)
    # Someone with no role on it gets 404 as for any URL of the workshop.
    stranger = _client_of(signed_in, "sam@example.nhs.uk", "Sam")
    assert _share(signed_in, code, VICTORIA, "moderator", client=stranger).status_code == 404
    assert _members(app, code) == {VICTORIA: WorkshopRole.CO_FACILITATOR}


def test_the_owner_removes_a_person_who_then_gets_404(signed_in: Actions, app: Flask) -> None:
    code = signed_in.workshop()
    victoria = _client_of(signed_in, VICTORIA, "Victoria")
    _share(signed_in, code, VICTORIA, "co-facilitator")
    assert victoria.get(f"/facilitate/w/{code}").status_code == 200
    with app.app_context():
        victoria_id = db.session.scalars(select(Facilitator.id).where(Facilitator.email == VICTORIA)).one()
    remove = f"/facilitate/w/{code}/people/{victoria_id}/remove"

    # Only the owner removes people: Victoria cannot remove herself through the owner's button.
    refused = signed_in.post_form(remove, page=f"/facilitate/w/{code}", client=victoria)
    assert refused.status_code == 403 and _members(app, code) == {VICTORIA: WorkshopRole.CO_FACILITATOR}

    response = signed_in.post_form(remove, page=f"/facilitate/w/{code}")
    assert response.status_code == 303
    page = signed_in.client.get(f"/facilitate/w/{code}").get_data(as_text=True)
    assert "Victoria can no longer open this workshop." in page and "Only you can open this workshop." in page
    assert _members(app, code) == {}
    assert victoria.get(f"/facilitate/w/{code}").status_code == 404
    assert code not in victoria.get("/facilitate/").get_data(as_text=True)

    # A second click (another tab) says what happened instead of failing.
    again = signed_in.post_form(remove, page=f"/facilitate/w/{code}", follow_redirects=True)
    assert again.status_code == 200 and "That person is not on this workshop any more" in again.get_data(as_text=True)
    assert signed_in.client.post(remove, data={}).status_code == 400  # no CSRF token: refused


def test_who_hid_edited_or_deleted_each_statement_is_shown_in_the_moderation_view(
    signed_in: Actions, app: Flask
) -> None:
    code = signed_in.workshop()
    victoria = _client_of(signed_in, VICTORIA, "Victoria")
    mo = _client_of(signed_in, MO, "Mo")
    _share(signed_in, code, VICTORIA, "co-facilitator")
    _share(signed_in, code, MO, "moderator")
    phone = signed_in.phone_for(code)
    for text in (
        "First I will map my stakeholders.",
        "Second I will tell the board.",
        "Posted by mistake, please remove.",
    ):
        phone.post(text)
    with app.app_context():
        first, second, third = db.session.scalars(select(Statement.id).order_by(Statement.id)).all()

    page = f"/facilitate/w/{code}"
    signed_in.post_form(f"{page}/s/{first}/moderate", {"action": "hide"}, page=page, client=mo)
    signed_in.post_form(f"{page}/s/{second}/edit", {"text": "Second, I will tell the board by June."}, client=victoria)
    signed_in.post_form(f"{page}/s/{third}/moderate", {"action": "delete"}, page=page)

    with app.app_context():
        rows = db.session.scalars(select(StatementChange).order_by(StatementChange.id)).all()
        assert [(r.statement_id, r.who, r.action) for r in rows] == [
            (first, "Mo", "hide"),
            (second, "Victoria", "edit"),
            (third, "Tracey", "delete"),
        ]
        at = rows[0].at
    shown = _text(mo.get(page).get_data(as_text=True))  # every role sees the record
    assert f"Hidden by Mo, {clock(at)}" in shown
    assert "Edited by Victoria" in shown
    assert "Posted by mistake" not in shown  # the deleted text is gone, from the record too
    assert f"Tracey deleted statement {third} (its text is gone)" in shown
    assert f"Victoria edited statement {second}" in shown and f"Mo hid statement {first}" in shown
    # The live list (htmx polling) carries it too.
    fragment = _text(victoria.get(f"{page}/feed", headers={"HX-Request": "true"}).get_data(as_text=True))
    assert "Hidden by Mo" in fragment and f"Tracey deleted statement {third}" in fragment


def test_the_record_outlives_the_account_and_the_workshop_takes_its_people_with_it(
    signed_in: Actions, app: Flask, runner
) -> None:
    code = signed_in.workshop()
    mo = _client_of(signed_in, MO, "Mo")
    _share(signed_in, code, MO, "moderator")
    signed_in.phone_for(code).post("A statement Mo hides")
    with app.app_context():
        statement_id = db.session.scalars(select(Statement.id)).one()
    page = f"/facilitate/w/{code}"
    signed_in.post_form(f"{page}/s/{statement_id}/moderate", {"action": "hide"}, page=page, client=mo)

    assert runner.invoke(args=["facilitator", "delete", MO, "--yes"]).exit_code == 0
    assert _members(app, code) == {}
    assert "Hidden by Mo" in signed_in.client.get(page).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(StatementChange.facilitator_id)).all() == [None]

    signed_in.facilitator(VICTORIA, "Victoria")
    _share(signed_in, code, VICTORIA, "moderator")
    signed_in.post_form(f"{page}/delete", {"confirm_code": code})
    with app.app_context():
        assert db.session.scalars(select(WorkshopMember)).all() == []
        assert db.session.scalars(select(StatementChange)).all() == []


def test_a_co_facilitator_who_duplicates_a_workshop_owns_the_copy(signed_in: Actions, app: Flask) -> None:
    code = signed_in.workshop()
    victoria = _client_of(signed_in, VICTORIA, "Victoria")
    _share(signed_in, code, VICTORIA, "co-facilitator")
    response = signed_in.post_form(f"/facilitate/w/{code}/duplicate", page=f"/facilitate/w/{code}", client=victoria)
    assert response.status_code == 302
    copy = response.headers["Location"].split("/facilitate/w/")[1].split("/")[0]
    assert victoria.get(f"/facilitate/w/{copy}/settings").status_code == 200
    with app.app_context():
        workshop = db.session.scalars(select(Workshop).where(Workshop.code == copy)).one()
        assert workshop.facilitator.email == VICTORIA and workshop.members == []


def test_host_command_shares_a_workshop(signed_in: Actions, app: Flask, runner) -> None:
    code = signed_in.workshop()
    signed_in.facilitator(VICTORIA, "Victoria")

    help_text = " ".join(runner.invoke(args=["workshop", "share", "--help"]).output.split())
    assert "CODE EMAIL" in help_text and "--role [co-facilitator|moderator]" in help_text
    assert "everything except deleting the workshop" in help_text

    result = runner.invoke(args=["workshop", "share", code.lower(), VICTORIA, "--role", "moderator"])
    assert result.exit_code == 0, result.output
    assert result.output == f"{code}: shared with {VICTORIA} as moderator\n"
    result = runner.invoke(args=["workshop", "share", code, VICTORIA, "--role", "co-facilitator"])
    assert result.output == f"{code}: shared with {VICTORIA} as co-facilitator (was moderator)\n"
    assert _members(app, code) == {VICTORIA: WorkshopRole.CO_FACILITATOR}

    for args, message in [
        ([code, "nobody@example.nhs.uk", "--role", "moderator"], "There is no facilitator account for nobody@"),
        ([code, "tracey@example.nhs.uk", "--role", "moderator"], "tracey@example.nhs.uk owns this workshop already"),
        (["ZZZZ22", VICTORIA, "--role", "moderator"], "no workshop with code ZZZZ22"),
        ([code, VICTORIA, "--role", "owner"], "'owner' is not one of 'co-facilitator', 'moderator'"),
        ([code, VICTORIA], "Missing option '--role'"),
    ]:
        result = runner.invoke(args=["workshop", "share", *args])
        assert result.exit_code != 0 and message in result.output, (args, result.output)
        assert "Traceback" not in result.output
    assert _members(app, code) == {VICTORIA: WorkshopRole.CO_FACILITATOR}


def test_roles_are_ordered_and_times_say_their_zone() -> None:
    assert WorkshopRole.OWNER.allows(WorkshopRole.CO_FACILITATOR) and WorkshopRole.OWNER.allows(WorkshopRole.OWNER)
    assert WorkshopRole.CO_FACILITATOR.allows(WorkshopRole.MODERATOR)
    assert not WorkshopRole.CO_FACILITATOR.allows(WorkshopRole.OWNER)
    assert not WorkshopRole.MODERATOR.allows(WorkshopRole.CO_FACILITATOR)
    moment = datetime(2026, 11, 20, 9, 5)
    assert clock(moment, today=date(2026, 11, 20)) == "09:05 UTC"
    assert clock(moment, today=date(2026, 11, 21)) == "20 Nov, 09:05 UTC"


def test_the_share_form_needs_its_token(signed_in: Actions, app: Flask) -> None:
    code = signed_in.workshop()
    signed_in.facilitator(VICTORIA, "Victoria")
    response = signed_in.client.post(f"/facilitate/w/{code}/people", data={"email": VICTORIA, "role": "moderator"})
    assert response.status_code == 400 and _members(app, code) == {}
    token = csrf_from(signed_in.client.get(f"/facilitate/w/{code}").get_data(as_text=True))
    response = signed_in.client.post(
        f"/facilitate/w/{code}/people", data={"csrf_token": token, "email": VICTORIA, "role": "moderator"}
    )
    assert response.status_code == 303 and _members(app, code) == {VICTORIA: WorkshopRole.MODERATOR}
