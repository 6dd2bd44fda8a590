"""Data out (CSV, JSON) and the host commands that scripts rely on."""

from __future__ import annotations

import csv
import io
import json

from exports.snapshot import workshop_data
from tests.conftest import attachment_name
from workshop import live, records
from workshop.access import workshop_with_code
from workshop.common.datafiles import spreadsheet_safe
from workshop.extensions import db
from workshop.models import Participant, Statement, StatementStatus, Workshop


def test_csv_is_safe_against_formula_injection(signed_in):
    code = signed_in.workshop(title="MAP on tour", date=None)
    for text in ['=HYPERLINK("http://evil.example")', "+1+2", "-3", "@SUM(A1)", 'Plain, with "quotes"', "سأكتب 👍"]:
        signed_in.phone_for(code).post(text)
    response = signed_in.client.get(f"/facilitate/w/{code}/statements.csv")
    assert response.mimetype == "text/csv"
    assert attachment_name(response) == "map-on-tour-statements.csv"
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    texts = [row["text"] for row in rows]
    assert texts == [
        '\'=HYPERLINK("http://evil.example")',
        "'+1+2",
        "'-3",
        "'@SUM(A1)",
        'Plain, with "quotes"',
        "سأكتب 👍",
    ]


def test_spreadsheet_safe_leaves_ordinary_values():
    assert spreadsheet_safe("Write a plan") == "Write a plan"
    assert spreadsheet_safe(3) == 3
    assert spreadsheet_safe("\tcmd") == "'\tcmd"


def test_json_export_has_the_workshop_and_its_statements(signed_in):
    code = signed_in.workshop(title="MAP on tour")
    signed_in.phone_for(code).post("Write up a detailed SMART impact plan")
    response = signed_in.client.get(f"/facilitate/w/{code}/statements.json")
    document = json.loads(response.get_data(as_text=True))
    assert document["workshop"]["code"] == code
    assert [s["text"] for s in document["statements"]] == ["Write up a detailed SMART impact plan"]


def test_workshop_create_prints_code_join_and_facilitator_urls(runner, actions, app):
    actions.facilitator()
    app.config["PUBLIC_BASE_URL"] = "http://192.168.1.20:5000"
    result = runner.invoke(
        args=["workshop", "create", "MAP on tour: Winchester", "--facilitator", "tracey@example.nhs.uk"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    code = lines[0].removeprefix("code: ")
    assert lines == [
        f"code: {code}",
        f"join: http://192.168.1.20:5000/j/{code}",
        f"facilitator: http://192.168.1.20:5000/facilitate/w/{code}",
    ]
    with app.app_context():
        assert db.session.query(Workshop).filter_by(code=code).one().is_open


def test_workshop_create_needs_an_existing_facilitator(runner):
    result = runner.invoke(args=["workshop", "create", "X", "--facilitator", "nobody@example.nhs.uk"])
    assert result.exit_code != 0 and "no facilitator account" in result.output


def test_workshop_import_adds_post_it_notes(runner, actions, app, tmp_path):
    actions.facilitator()
    code = actions.workshop()
    notes = tmp_path / "post-its.txt"
    notes.write_text(
        "Activate a Twitter account\n\n  Launch a library competition  \nRun a\x00 survey\n"
        "Email jo.bloggs@nhs.net about the audit\n",
        encoding="utf-8",
    )
    result = runner.invoke(args=["workshop", "import", code.lower(), str(notes)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"added 4 statements to {code}",
        "1 of them wait for approval on the workshop page before they reach the wall "
        "(they may hold personal details, or the workshop approves statements first)",
    ]
    with app.app_context():
        rows = db.session.query(Statement).order_by(Statement.id).all()
        texts = [s.text for s in rows]
        held = [(s.text, s.status, s.personal_data) for s in rows if s.status != StatementStatus.VISIBLE]
        # A post-it is no phone: no participant, so "new phones" and follow-up invitations count phones only.
        assert {s.participant_id for s in rows} == {None}
        assert db.session.query(Participant).count() == 0
        assert records.statement_rows(workshop_with_code(code))[0]["name"] == ""
        # The report (visible ones) and the wall count each post-it as its own author; no new phones.
        workshop = workshop_with_code(code)
        assert workshop_data(workshop).participant_count == 3
        assert live.counts(workshop).participants == 4
        assert live.new_phones(workshop).last_minute == 0
    assert texts == [
        "Activate a Twitter account",
        "Launch a library competition",
        "Run a survey",
        "Email jo.bloggs@nhs.net about the audit",
    ]
    assert held == [("Email jo.bloggs@nhs.net about the audit", StatementStatus.PENDING, "email")]


def test_every_host_command_has_help(runner):
    for command in (["facilitator", "create"], ["workshop", "create"], ["workshop", "import"], ["retention", "purge"]):
        result = runner.invoke(args=[*command, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output, command


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}
