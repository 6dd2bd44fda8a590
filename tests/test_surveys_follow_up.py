"""Follow-ups that reach people (issue 14): a workshop's published follow-up survey on every
participant's private page, pre-filled with their own statements, answered once each (the database
keeps the rule), linked to the statements; its results per statement on the page and in Word;
the follow-up link in the calendar reminder only at a lasting address; "people invited" counted
as participants who still have a statement.
"""

from __future__ import annotations

import io
import re

import docx
import icalendar
import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from surveys.models import FollowUpItem, FollowUpResponse, Survey
from tests.conftest import Actions, csrf_from, readable
from workshop.extensions import db
from workshop.models import Participant, Statement
from workshop.operations import moderate

BASE = "/facilitate/surveys"
PUBLIC = "https://impact-kit.example.nhs.uk"


class Kit:
    """A closed workshop whose participants wrote statements, and its published follow-up survey."""

    def __init__(self, actions: Actions, *statements: tuple[str, ...], **settings: object) -> None:
        self.actions = actions
        self.app = actions.app
        self.code = actions.workshop(title="MAP on tour: Taunton", **settings)
        for texts in statements:
            phone = actions.phone_for(self.code)
            for text in texts:
                assert phone.post(text).status_code == 302
        page = f"/facilitate/w/{self.code}"
        actions.post_form(f"{page}/state", {"state": "closed"}, page=page)
        response = actions.post_form(f"{BASE}/follow-up/{self.code}", {})
        assert response.status_code == 302
        self.survey = response.headers["Location"].rsplit("/", 1)[-1]

    def publish(self) -> None:
        response = self.actions.post_form(
            f"{BASE}/{self.survey}/state", {"state": "open"}, page=f"{BASE}/{self.survey}"
        )
        assert response.status_code == 302

    def tokens(self) -> list[str]:
        with self.app.app_context():
            rows = db.session.scalars(select(Participant).order_by(Participant.id)).all()
            return [p.token for p in rows if p.statements]

    def statement_ids(self, token: str) -> list[int]:
        with self.app.app_context():
            participant = db.session.scalar(select(Participant).where(Participant.token == token))
            assert participant is not None
            return [s.id for s in participant.statements]

    def answer(self, token: str, data: dict[str, str], client=None):
        client = client or self.app.test_client()
        url = f"/mine/{token}/follow-up"
        page = client.get(url).get_data(as_text=True)
        return client.post(url, data={"csrf_token": csrf_from(page), **data})


def _all(ids: list[int], progress: str, difference: str = "") -> dict[str, str]:
    data = {}
    for number in ids:
        data[f"progress-{number}"] = progress
        data[f"difference-{number}"] = difference
    return data


def test_the_private_page_links_the_published_follow_up_prefilled_with_own_statements(
    app: Flask, signed_in: Actions
) -> None:
    kit = Kit(signed_in, ("Write a case study", "Tweet about the library"), ("Run a journal club",))
    first, second = kit.tokens()
    assert "Follow up your actions" not in readable(signed_in.client.get(f"/mine/{first}").get_data(as_text=True))
    assert app.test_client().get(f"/mine/{first}/follow-up").status_code == 404  # a draft is not offered
    kit.publish()
    private = readable(app.test_client().get(f"/mine/{first}").get_data(as_text=True))
    assert f'href="/mine/{first}/follow-up"' in private and "Follow up your actions" in private
    form = readable(app.test_client().get(f"/mine/{first}/follow-up").get_data(as_text=True))
    assert "Write a case study" in form and "Tweet about the library" in form
    assert "Run a journal club" not in form  # only their own statements
    for number in kit.statement_ids(first):
        assert f'name="progress-{number}"' in form and f'name="difference-{number}"' in form
    assert form.count('value="done"') == 2 and "In progress" in form and "Not started" in form
    assert "What difference has it made?" in form


def test_answered_once_per_participant_linked_to_the_statements(app: Flask, signed_in: Actions) -> None:
    kit = Kit(signed_in, ("Write a case study", "Tweet about the library"), ("Run a journal club",))
    kit.publish()
    token, other = kit.tokens()
    ids = kit.statement_ids(token)
    phone = app.test_client()
    data = {
        f"progress-{ids[0]}": "done",
        f"difference-{ids[0]}": "The ward manager used it in her bid",
        f"progress-{ids[1]}": "not_started",
        # Someone else's statement id is never stored against this participant.
        f"progress-{kit.statement_ids(other)[0]}": "done",
    }
    response = kit.answer(token, data, phone)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/mine/{token}")
    assert "Thank you: your follow-up is saved." in phone.get(f"/mine/{token}").get_data(as_text=True)
    with app.app_context():
        [stored] = db.session.scalars(select(FollowUpResponse)).all()
        items = {item.statement_id: (item.progress.value, item.difference) for item in stored.items}
    assert items == {ids[0]: ("done", "The ward manager used it in her bid"), ids[1]: ("not_started", "")}

    again = kit.answer(token, _all(ids, "in_progress"), phone)
    assert again.status_code == 409
    assert "You have already followed up your actions" in again.get_data(as_text=True)
    assert "You have followed up your actions: thank you" in phone.get(f"/mine/{token}/follow-up").get_data(
        as_text=True
    )
    with app.app_context():
        assert db.session.query(FollowUpResponse).count() == 1
        # The database itself refuses a second answer, whatever the page does.
        db.session.add(FollowUpResponse(survey_id=stored.survey_id, participant_id=stored.participant_id))
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


def test_a_missing_answer_comes_back_with_a_message_and_nothing_is_stored(app: Flask, signed_in: Actions) -> None:
    kit = Kit(signed_in, ("Write a case study", "Tweet about the library"))
    kit.publish()
    [token] = kit.tokens()
    ids = kit.statement_ids(token)
    response = kit.answer(token, {f"progress-{ids[0]}": "done", f"difference-{ids[0]}": "Kept"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "There is a problem" in page and "Choose done, in progress or not started." in page
    assert "Kept" in page  # what they wrote is kept
    for bad in ("maybe", ""):
        assert kit.answer(token, _all(ids, bad)).status_code == 422
    assert kit.answer(token, _all(ids, "done", "x" * 2001)).status_code == 422
    with app.app_context():
        assert db.session.query(FollowUpResponse).count() == 0


def test_bad_requests_are_refused_politely(app: Flask, signed_in: Actions) -> None:
    kit = Kit(signed_in, ("Write a case study",))
    kit.publish()
    [token] = kit.tokens()
    assert app.test_client().get("/mine/not-a-token/follow-up").status_code == 404
    ids = kit.statement_ids(token)
    assert app.test_client().post(f"/mine/{token}/follow-up", data=_all(ids, "done")).status_code == 400  # no CSRF
    with app.app_context():
        assert db.session.query(FollowUpResponse).count() == 0


def test_results_show_each_statement_done_in_progress_not_started_and_the_difference(
    app: Flask, signed_in: Actions
) -> None:
    kit = Kit(signed_in, ("Write a case study",), ("Run a journal club",), ("Tweet about the library",))
    kit.publish()
    tokens = kit.tokens()
    outcomes = [("done", "Our case study went to the board"), ("in_progress", "Two sessions so far"), ("done", "")]
    for token, (progress, difference) in zip(tokens, outcomes, strict=True):
        [number] = kit.statement_ids(token)
        data = {f"progress-{number}": progress, f"difference-{number}": difference}
        if progress == "in_progress":
            data |= {"quote": "It made me braver about asking", "quote_consent": "y"}
        if difference == "":
            data |= {"quote": "Not for quoting"}  # no consent: never shown
        assert kit.answer(token, data).status_code == 302

    page = signed_in.client.get(f"{BASE}/{kit.survey}/results").get_data(as_text=True)
    assert "What participants did with their statements" in page
    assert "3 of 3 participants said on their own private page what they did with 3 statements" in page
    assert re.search(r"<td>Done</td><td>2</td>.*<td>In progress</td><td>1</td>.*<td>Not started</td><td>0</td>", page)
    assert "Our case study went to the board" in page and "Write a case study" in page
    assert "It made me braver about asking" in page and "Not for quoting" not in page

    report = signed_in.client.get(f"{BASE}/{kit.survey}/results.docx")
    document = docx.Document(io.BytesIO(report.data))
    cells = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    assert ["Done", "2"] in cells and ["In progress", "1"] in cells and ["Not started", "0"] in cells
    assert ["Write a case study", "Done", "Our case study went to the board"] in cells
    words = "\n".join(p.text for p in document.paragraphs)
    assert "Apart from this survey's responses: 3 of 3 participants said on their own private page" in words
    assert "It made me braver about asking" in words and "Not for quoting" not in words


def test_people_invited_are_participants_who_still_have_a_statement(app: Flask, signed_in: Actions) -> None:
    """Six with statements, one who joined and wrote nothing, one whose statement was deleted: 6 invited."""
    kit = Kit(signed_in, *[(f"Action number {n}",) for n in range(7)])
    with app.app_context():
        db.session.add(Participant(workshop_id=signed_in.workshop_row(kit.code).id))
        survey = db.session.scalar(select(Survey).where(Survey.code == kit.survey))
        assert survey is not None and survey.audience_size == 7
        last = db.session.scalars(select(Statement).order_by(Statement.id.desc())).first()
        assert last is not None
        moderate(last, "delete", by=last.workshop.facilitator)
        db.session.commit()
    page = signed_in.client.get(f"{BASE}/{kit.survey}/results").get_data(as_text=True)
    assert "from <strong>6</strong> people invited" in page
    report = docx.Document(io.BytesIO(signed_in.client.get(f"{BASE}/{kit.survey}/results.docx").data))
    assert any("(0 of 6 invited)" in p.text for p in report.paragraphs)


@pytest.mark.parametrize("base", ["", "http://127.0.0.1:5000", "http://192.168.1.20:5000", PUBLIC])
def test_the_calendar_reminder_carries_the_follow_up_only_at_a_lasting_address(
    app: Flask, signed_in: Actions, base: str
) -> None:
    kit = Kit(signed_in, ("Write a case study",))
    kit.publish()
    [token] = kit.tokens()
    app.config["PUBLIC_BASE_URL"] = base
    calendar = icalendar.Calendar.from_ical(app.test_client().get(f"/mine/{token}/remind.ics?weeks=8").data)
    [event] = calendar.walk("VEVENT")
    description = str(event["DESCRIPTION"])
    if base == PUBLIC:
        assert f"Follow up your actions: {PUBLIC}/mine/{token}/follow-up" in description
    else:
        assert "follow-up" not in description and "http" not in description


def test_a_draft_follow_up_is_not_in_the_reminder(app: Flask, signed_in: Actions) -> None:
    kit = Kit(signed_in, ("Write a case study",))
    [token] = kit.tokens()
    app.config["PUBLIC_BASE_URL"] = PUBLIC
    [event] = icalendar.Calendar.from_ical(app.test_client().get(f"/mine/{token}/remind.ics").data).walk("VEVENT")
    assert "follow-up" not in str(event["DESCRIPTION"])


def test_withdrawn_participants_answers_go_with_them(app: Flask, signed_in: Actions) -> None:
    kit = Kit(signed_in, ("Write a case study",))
    kit.publish()
    [token] = kit.tokens()
    [number] = kit.statement_ids(token)
    assert kit.answer(token, {f"progress-{number}": "done"}).status_code == 302
    with app.app_context():
        db.session.delete(db.session.scalar(select(Participant).where(Participant.token == token)))
        db.session.commit()
        assert db.session.query(FollowUpResponse).count() == 0
        assert db.session.query(FollowUpItem).count() == 0
