"""The participant's pack: "download my pack" first on their private page, one ZIP with their SMART
plan, five-step plan and calendar reminder, built by one function for the web and the host command.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
from flask.testing import FlaskClient
from icalendar import Calendar

from tests.browser_support import participant_token
from tests.conftest import Actions, attachment_name, csrf_from, readable
from workshop.extensions import db
from workshop.kinds.operations import hide_word
from workshop.models import Workshop, WorkshopState

STATEMENT = "Write 3 case studies with my team by the end of March"


def _words(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = (cell.text for table in document.tables for row in table.rows for cell in row.cells)
    return "\n".join([*(p.text for p in document.paragraphs), *cells])


def _posted(actions: Actions) -> tuple[str, str]:
    code = actions.workshop(review_weeks=8)
    assert actions.phone_for(code).post(STATEMENT).status_code == 302
    return code, participant_token(actions.app, code)


def test_the_private_page_starts_with_download_my_pack(signed_in: Actions) -> None:
    _, token = _posted(signed_in)
    page = readable(signed_in.client.get(f"/mine/{token}").get_data(as_text=True))
    main = page.split('id="main"')[1]
    pack = main.index(f'href="/mine/{token}/pack.zip"')
    assert pack < main.index("What you wrote") < main.index(STATEMENT)
    assert re.search(
        rf'<a class="button button-wide" href="/mine/{token}/pack.zip" download>Download my pack</a>', main
    )
    assert "Email me my pack" not in page  # no SMTP configured: no promise of e-mail


def test_the_pack_holds_both_plans_and_the_reminder(signed_in: Actions) -> None:
    _, token = _posted(signed_in)
    response = signed_in.client.get(f"/mine/{token}/pack.zip")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert re.fullmatch(r"[a-z0-9-]+-pack\.zip", attachment_name(response))
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        names = archive.namelist()
        assert len(names) == 3
        smart, impact, reminder = names
        assert smart.endswith("-smart-plan.docx") and impact.endswith("-impact-plan.docx")
        assert reminder == "review-reminder-8-weeks.ics"
        assert STATEMENT in _words(archive.read(smart))
        assert STATEMENT in _words(archive.read(impact))
        calendar = Calendar.from_ical(archive.read(reminder))
        [event] = calendar.walk("VEVENT")
        assert STATEMENT in str(event["DESCRIPTION"])
    assert signed_in.client.get("/mine/not-a-token/pack.zip").status_code == 404


def test_the_host_command_builds_the_same_pack(signed_in: Actions, runner, tmp_path: Path) -> None:
    _, token = _posted(signed_in)
    web = zipfile.ZipFile(io.BytesIO(signed_in.client.get(f"/mine/{token}/pack.zip").data))
    output = tmp_path / "pack.zip"
    result = runner.invoke(args=["export", "pack", token, "-o", str(output)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(output) as cli:
        assert cli.namelist() == web.namelist()
        assert _words(cli.read(cli.namelist()[0])) == _words(web.read(web.namelist()[0]))
    missing = runner.invoke(args=["export", "pack", "nope", "-o", str(tmp_path / "x.zip")])
    assert missing.exit_code != 0 and "no participant" in missing.output


# --------------------------------------------------------------------------- what they said in the room


def _five_steps_workshop(actions: Actions) -> str:
    page = actions.client.get("/facilitate/new/from-template").get_data(as_text=True)
    made = actions.client.post(
        "/facilitate/new/from-template",
        data={"csrf_token": csrf_from(page), "template": "five-steps", "title": "Taunton"},
    )
    assert made.status_code == 302
    code = made.headers["Location"].rstrip("/").split("/")[-1]
    with actions.app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        workshop.state = WorkshopState.OPEN
        db.session.commit()
    return code


def _answer_on(actions: Actions, phone: FlaskClient, code: str, position: int, data: dict[str, object]) -> None:
    """Move the room to the activity at ``position`` and send ``data`` from ``phone`` as its form does."""
    with actions.app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        activity = workshop.activities[position]
        workshop.current_activity_id = activity.id
        workshop.touch()
        db.session.commit()
        activity_id = activity.id
    page = phone.get(f"/j/{code}").get_data(as_text=True)
    sent = phone.post(f"/j/{code}/a/{activity_id}", data={"csrf_token": csrf_from(page), **data})
    assert sent.status_code in (200, 302, 303), sent.get_data(as_text=True)[:500]


def test_the_plans_hold_what_the_person_answered_in_the_room_ticked_where_the_plan_asks_it(
    signed_in: Actions,
) -> None:
    code = _five_steps_workshop(signed_in)
    phone = signed_in.phone_for(code)
    aim, drivers, helps, story, share = range(5)
    _answer_on(signed_in, phone.client, code, aim, {"choice": ["0"]})  # "A new project"
    _answer_on(signed_in, phone.client, code, drivers, {"word": ["Patient safety", "Workforce"]})
    _answer_on(signed_in, phone.client, code, helps, {"rank-0": "2", "rank-1": "4", "rank-2": "3", "rank-3": "1"})
    _answer_on(signed_in, phone.client, code, story, {"value": "2"})
    _answer_on(signed_in, phone.client, code, share, {"choice": ["0", "3"]})  # manager or team; social media
    with signed_in.app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        workshop.current_activity_id = workshop.activities[-1].id
        workshop.touch()
        db.session.commit()
    assert phone.post(STATEMENT).status_code == 302
    token = participant_token(signed_in.app, code)

    with zipfile.ZipFile(io.BytesIO(signed_in.client.get(f"/mine/{token}/pack.zip").data)) as archive:
        smart, impact, _ = archive.namelist()
        impact_text, smart_text = _words(archive.read(impact)), _words(archive.read(smart))

    # Step 1 and step 5 of the impact plan: the room's answers ticked in the plan's own words.
    assert "☒  Show what a project I am running (or about to run) achieves" in impact_text
    assert "☐  Show the value of the whole library and knowledge service" in impact_text
    assert "☒  My manager or my team: a one-to-one, a team meeting" in impact_text
    assert "☒  Social media" in impact_text and "☐  A report or paper to a board or committee" in impact_text
    assert impact_text.count("Ticked from your answer in the room") == 2
    # Steps 2 to 4: what they said, under the step that asks for it, in their own words.
    assert "what matters most to your organisation right now?\nYou answered: Patient safety, Workforce." in impact_text
    assert (
        "You answered: 1. Knowing what to measure; 2. Time to plan it; 3. The right resources; 4. A team to work with."
        in impact_text
    )
    assert "2 on a scale of 1 (Not confident at all) to 5 (Very confident)." in impact_text
    assert impact_text.index("Patient safety") < impact_text.index("Step 3: Capture your idea")
    # The SMART plan: where to share ticked, and every answer in a table at the end.
    assert "☒  Social media" in smart_text
    assert "Step 2: identify the drivers\nIn one to three words" in smart_text
    assert "Patient safety\nWorkforce" in smart_text


def test_a_word_the_facilitator_hid_stays_out_of_the_plans(signed_in: Actions) -> None:
    code = _five_steps_workshop(signed_in)
    phone = signed_in.phone_for(code)
    _answer_on(signed_in, phone.client, code, 1, {"word": ["Workforce", "Rubbish"]})
    with signed_in.app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        hide_word(workshop.activities[1], "Rubbish", workshop.facilitator)
        workshop.current_activity_id = workshop.activities[-1].id
        db.session.commit()
    assert phone.post(STATEMENT).status_code == 302
    token = participant_token(signed_in.app, code)
    with zipfile.ZipFile(io.BytesIO(signed_in.client.get(f"/mine/{token}/pack.zip").data)) as archive:
        smart, impact, _ = archive.namelist()
        for name in (smart, impact):
            text = _words(archive.read(name))
            assert "Workforce" in text and "Rubbish" not in text
