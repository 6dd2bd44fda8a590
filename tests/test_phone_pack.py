"""The participant's pack: "download my pack" first on their private page, one ZIP with their SMART
plan, five-step plan and calendar reminder, built by one function for the web and the host command.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
from icalendar import Calendar

from tests.browser_support import participant_token
from tests.conftest import Actions, attachment_name

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
    page = signed_in.client.get(f"/mine/{token}").get_data(as_text=True)
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
