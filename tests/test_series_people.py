"""A series shared by the facilitators of a tour (issue 17), and its workshops added and taken out.

The owner shares the series by e-mail with a co-facilitator (edits it and its list of workshops)
or a moderator (sees it and its documents); only the owner deletes it and manages its people.
Every series URL, discovered from the URL map, is tried as each role; a stranger's 404 is checked
in ``tests/test_series.py``.
"""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.board_helpers import SEED, seeded_workshop
from tests.conftest import Actions, csrf_from
from tests.test_workshop_people import MO, VICTORIA, _client_of
from workshop import team
from workshop.extensions import db
from workshop.models import (
    Series,
    SeriesFeatured,
    SeriesMember,
    SeriesPlacement,
    SeriesTheme,
    Statement,
    Workshop,
    WorkshopRole,
)
from workshop.operations import create_series
from workshop.series.operations import group_series, set_featured


def _series(actions: Actions) -> tuple[int, str, str]:
    """Tracey's series of Taunton (17 statements) and Exeter (6), grouped across both."""
    taunton = seeded_workshop(actions, title="Impact workshop", venue="Taunton", date=date(2026, 11, 20))
    exeter = seeded_workshop(actions, SEED[:6], title="Impact workshop", venue="Exeter", date=date(2026, 12, 1))
    with actions.app.app_context():
        workshops = [db.session.scalar(select(Workshop).where(Workshop.code == c)) for c in (taunton, exeter)]
        series = create_series(workshops[0].facilitator, "South West tour", workshops)
        group_series(series)
        db.session.commit()
        return series.id, taunton, exeter


def _share(actions: Actions, series_id: int, email: str, role: str, client: FlaskClient | None = None):
    url = f"/facilitate/series/{series_id}"
    return actions.post_form(f"{url}/people", {"email": email, "role": role}, page=url, client=client)


def _text(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def _followed(client: FlaskClient, response) -> str:  # noqa: ANN001 - a test response
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    return _text(client.get(response.headers["Location"]).get_data(as_text=True))


def test_the_owner_shares_a_series_and_each_person_sees_it_with_their_role(signed_in: Actions) -> None:
    series_id, _, _ = _series(signed_in)
    url = f"/facilitate/series/{series_id}"
    victoria = _client_of(signed_in, VICTORIA, "Victoria")
    mo = _client_of(signed_in, MO, "Mo")
    assert victoria.get(url).status_code == 404  # not shared yet: as if it did not exist
    assert "You have no series yet" in victoria.get("/facilitate/series/").get_data(as_text=True)

    shared = _followed(signed_in.client, _share(signed_in, series_id, VICTORIA, "co-facilitator"))
    assert f"Shared with {VICTORIA} as co-facilitator: the series is in their list now." in shared
    assert "Victoria" in shared and "Co-facilitator" in shared
    _share(signed_in, series_id, MO, "moderator")
    again = _followed(signed_in.client, _share(signed_in, series_id, MO, "moderator"))
    assert f"{MO} is already a moderator of this series." in again

    for client, label in ((victoria, "Co-facilitator"), (mo, "Moderator")):
        listing = _text(client.get("/facilitate/series/").get_data(as_text=True))
        assert "South West tour" in listing and f"{label} · shared by Tracey" in listing
        page = client.get(url)
        assert page.status_code == 200
        text = _text(page.get_data(as_text=True))
        assert f"You are a {label.lower()} (Tracey owns it)" in text
        assert "People" not in re.findall(r"<h2[^>]*>([^<]+)</h2>", page.get_data(as_text=True))
        assert "Delete this series" not in text
        for document in ("report.docx", "evidence.docx", "evidence.xlsx", "what-happened-next"):
            assert client.get(f"{url}/{document}").status_code == 200, document
    co_page = victoria.get(url).get_data(as_text=True)
    mo_page = mo.get(url).get_data(as_text=True)
    assert "Group again" in co_page and "Add workshops to the series" in co_page and "Save key messages" in co_page
    for control in ("Group again", "Move…", "Feature in the report", "Save key messages", "Add workshops", "Rename"):
        assert control not in mo_page, control
    assert "As a moderator of the series you see its themes" in mo_page

    # The co-facilitator renames; the moderator is told who can; neither deletes nor shares.
    renamed = signed_in.post_form(f"{url}/rename", {"name": "Devon tour"}, page=url, client=victoria)
    assert "Series renamed “Devon tour”." in _followed(victoria, renamed)
    refused = signed_in.post_form(f"{url}/rename", {"name": "Mo's tour"}, page=url, client=mo)
    assert refused.status_code == 403
    assert "You are a moderator of “the series Devon tour”: only its owner or a co-facilitator" in _text(
        refused.get_data(as_text=True)
    )
    for action, data in (("delete", {"confirm": "Devon tour"}), ("people", {"email": MO, "role": "co-facilitator"})):
        answer = signed_in.post_form(f"{url}/{action}", data, page=url, client=victoria)
        assert answer.status_code == 403 and "only its owner (Tracey owns it)" in answer.get_data(as_text=True)
    with signed_in.app.app_context():
        series = db.session.get(Series, series_id)
        assert series.name == "Devon tour"
        assert {m.facilitator.email: m.role for m in series.people} == {
            VICTORIA: WorkshopRole.CO_FACILITATOR,
            MO: WorkshopRole.MODERATOR,
        }

    # Changing a role, then taking someone off: from their next click it is gone.
    promoted = _followed(signed_in.client, _share(signed_in, series_id, MO, "co-facilitator"))
    assert f"{MO} is now a co-facilitator (was moderator)." in promoted
    with signed_in.app.app_context():
        mo_id = db.session.scalar(select(SeriesMember.facilitator_id).join(SeriesMember.facilitator).where(
            SeriesMember.series_id == series_id, SeriesMember.role == WorkshopRole.CO_FACILITATOR,
            SeriesMember.facilitator.has(email=MO)))  # fmt: skip
    removed = signed_in.post_form(f"{url}/people/{mo_id}/remove", {}, page=url)
    assert "Mo can no longer open this series." in _followed(signed_in.client, removed)
    assert mo.get(url).status_code == 404 and "South West" not in mo.get("/facilitate/series/").get_data(as_text=True)
    stale = signed_in.post_form(f"{url}/people/{mo_id}/remove", {}, page=url)
    assert "That person is not on this series any more" in _followed(signed_in.client, stale)


def test_sharing_a_series_refuses_bad_input_with_clear_messages(signed_in: Actions) -> None:
    series_id, _, _ = _series(signed_in)
    signed_in.facilitator(VICTORIA, "Victoria")
    cases = (
        ("nobody@example.nhs.uk", "co-facilitator", "There is no facilitator account for nobody@example.nhs.uk."),
        ("TRACEY@example.nhs.uk", "moderator", "tracey@example.nhs.uk owns this series already"),
        ("", "moderator", "Type the e-mail address of the facilitator account to share with."),
        (VICTORIA, "owner", "Choose a role: co-facilitator or moderator."),
        (VICTORIA, "", "Choose a role: co-facilitator or moderator."),
    )
    for email, role, message in cases:
        answer = _share(signed_in, series_id, email, role)
        assert answer.status_code == 422, (email, role)
        assert message in answer.get_data(as_text=True), (email, role)
    with signed_in.app.app_context():
        assert db.session.scalars(select(SeriesMember)).all() == []
        with pytest.raises(team.RuleBroken, match="cannot be shared"):
            team.share_series(db.session.get(Series, series_id), VICTORIA, WorkshopRole.OWNER)


def _statements_of(app: Flask, code: str) -> set[int]:
    with app.app_context():
        return set(db.session.scalars(select(Statement.id).join(Workshop).where(Workshop.code == code)))


def test_add_and_take_out_workshops_of_a_series_with_clear_messages(signed_in: Actions) -> None:
    series_id, taunton, exeter = _series(signed_in)
    url = f"/facilitate/series/{series_id}"
    bristol = seeded_workshop(signed_in, SEED[6:9], title="Impact workshop", venue="Bristol")
    victoria = _client_of(signed_in, VICTORIA, "Victoria")
    hers = signed_in.workshop(VICTORIA, title="Victoria's own workshop")
    page = signed_in.client.get(url).get_data(as_text=True)
    assert f'value="{bristol}"' in page and f'value="{hers}"' not in page  # only workshops Tracey may put in
    assert f'value="{taunton}"' not in page  # already in

    refused = signed_in.post_form(f"{url}/workshops", {"workshops": [hers]}, page=url)
    assert refused.status_code == 422 and "only workshops you own or co-facilitate" in refused.get_data(as_text=True)
    nothing = signed_in.post_form(f"{url}/workshops", {}, page=url)
    assert nothing.status_code == 422 and "Tick at least one workshop." in nothing.get_data(as_text=True)

    added = _followed(signed_in.client, signed_in.post_form(f"{url}/workshops", {"workshops": [bristol]}, page=url))
    assert f"Added 1 workshop: Impact workshop ({bristol}). Group again to put their statements" in added
    assert "26 statements" in added
    with signed_in.app.app_context():
        assert [w.code for w in db.session.get(Series, series_id).workshops] == [taunton, exeter, bristol]

    # Taking Exeter out drops its statements' places and features in the series, and nothing else.
    exeter_ids = _statements_of(signed_in.app, exeter)
    with signed_in.app.app_context():
        series = db.session.get(Series, series_id)
        set_featured(series, db.session.get(Statement, min(exeter_ids)), True)
        db.session.commit()
        exeter_id = db.session.scalar(select(Workshop.id).where(Workshop.code == exeter))
        themes_before = db.session.scalars(select(SeriesTheme.id).where(SeriesTheme.series_id == series_id)).all()
    out = _followed(signed_in.client, signed_in.post_form(f"{url}/workshops/{exeter_id}/remove", {}, page=url))
    assert f"“Impact workshop” ({exeter}) is out of the series. The workshop itself is as it was." in out
    assert "20 statements" in out
    with signed_in.app.app_context():
        series = db.session.get(Series, series_id)
        assert [w.code for w in series.workshops] == [taunton, bristol]
        rows = db.session.scalars(select(SeriesPlacement.statement_id).where(SeriesPlacement.series_id == series_id))
        assert not exeter_ids & set(rows)
        assert db.session.scalars(select(SeriesFeatured).where(SeriesFeatured.series_id == series_id)).all() == []
        assert db.session.scalars(select(SeriesTheme.id).where(SeriesTheme.series_id == series_id)).all() == (
            themes_before
        )
    assert _statements_of(signed_in.app, exeter) == exeter_ids  # the workshop keeps every statement
    stale = signed_in.post_form(f"{url}/workshops/{exeter_id}/remove", {}, page=url)
    assert "That workshop is not in this series any more" in _followed(signed_in.client, stale)

    # A co-facilitator of the series adds a workshop they co-facilitate, never one they only moderate.
    signed_in.post_form(f"{url}/people", {"email": VICTORIA, "role": "co-facilitator"}, page=url)
    moderated = signed_in.workshop(title="Tracey's Plymouth workshop")
    with signed_in.app.app_context():
        for code, role in ((hers, None), (moderated, WorkshopRole.MODERATOR)):
            if role is not None:
                team.share(db.session.scalar(select(Workshop).where(Workshop.code == code)), VICTORIA, role)
        db.session.commit()
    her_page = victoria.get(url).get_data(as_text=True)
    assert f'value="{hers}"' in her_page and f'value="{moderated}"' not in her_page
    assert (
        signed_in.post_form(f"{url}/workshops", {"workshops": [moderated]}, page=url, client=victoria).status_code
        == 422
    )
    mine = signed_in.post_form(f"{url}/workshops", {"workshops": [hers]}, page=url, client=victoria)
    assert "Added 1 workshop: Victoria's own workshop" in _followed(victoria, mine)
    # Tracey sees Victoria's workshop in her series, not linked: it is not shared with her.
    owner_page = signed_in.client.get(url).get_data(as_text=True)
    assert "facilitated by Victoria" in owner_page and f'href="/facilitate/w/{hers}"' not in owner_page

    # The last workshop stays: a series needs one.
    with signed_in.app.app_context():
        ids = [w.id for w in db.session.get(Series, series_id).workshops]
    for workshop_id in ids[:-1]:
        signed_in.post_form(f"{url}/workshops/{workshop_id}/remove", {}, page=url)
    last = signed_in.post_form(f"{url}/workshops/{ids[-1]}/remove", {}, page=url)
    assert "A series needs at least one workshop: add another first, or delete the series." in _followed(
        signed_in.client, last
    )
    assert "Take out<span" not in signed_in.client.get(url).get_data(as_text=True)


def test_series_create_prints_the_id_of_a_series_that_exists(signed_in: Actions, runner) -> None:  # noqa: ANN001
    first, second = signed_in.workshop(title="Taunton"), signed_in.workshop(title="Exeter")
    result = runner.invoke(
        args=[
            "series",
            "create",
            "Spring tour",
            "--facilitator",
            "TRACEY@example.nhs.uk",
            "--workshops",
            f"{second},{first}",
        ]
    )
    assert result.exit_code == 0, result.output
    match = re.fullmatch(r"series: (\d+)\n", result.output)
    assert match is not None
    with signed_in.app.app_context():
        series = db.session.get(Series, int(match.group(1)))
        assert series is not None and series.name == "Spring tour"
        assert [w.code for w in series.workshops] == [second, first]
    for args, message in (
        (["--facilitator", "nobody@example.nhs.uk", "--workshops", first], "no facilitator account for nobody"),
        (["--facilitator", "tracey@example.nhs.uk", "--workshops", "NOPE-1"], "no workshop with code NOPE-1"),
        (["--facilitator", "tracey@example.nhs.uk", "--workshops", ","], "A series needs at least one workshop."),
    ):
        failed = runner.invoke(args=["series", "create", "Tour", *args])
        assert failed.exit_code == 1 and message in failed.output and "Traceback" not in failed.output


# What a moderator of a series may do: see it and download its documents.
SERIES_MODERATOR_MAY = {
    "series.page",
    "exports.series_report",
    "exports.series_write_up_page",
    "exports.series_what_happened_next",
    "exports.series_follow_up_story",
    "exports.series_evidence",
}
SERIES_OWNER_ONLY = {"series.delete_series", "series.share", "series.remove_person"}


@pytest.mark.parametrize("role", [WorkshopRole.CO_FACILITATOR, WorkshopRole.MODERATOR])
def test_every_series_endpoint_checks_the_role_it_was_shared_with(signed_in: Actions, role: WorkshopRole) -> None:
    """Every series URL from the URL map: what the role allows answers as for the owner, the rest 403."""
    series_id, _, exeter = _series(signed_in)
    url = f"/facilitate/series/{series_id}"
    margaret = signed_in.facilitator("margaret@example.nhs.uk", "Margaret")
    member = _client_of(signed_in, VICTORIA, "Victoria")
    with signed_in.app.app_context():
        series = db.session.get(Series, series_id)
        team.share_series(series, "margaret@example.nhs.uk", WorkshopRole.MODERATOR)
        team.share_series(series, VICTORIA, role)
        db.session.commit()
        exeter_id = db.session.scalar(select(Workshop.id).where(Workshop.code == exeter))
    token = csrf_from(member.get(url).get_data(as_text=True))
    app = signed_in.app
    rules = sorted(
        (rule.rule, method, rule.endpoint)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/facilitate/series/<int:series_id>")
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
    )
    endpoints = {endpoint for _, _, endpoint in rules}
    assert endpoints >= SERIES_MODERATOR_MAY | SERIES_OWNER_ONLY | {"series.add_workshops", "series.remove_workshop"}
    wrong = {}
    for rule, method, endpoint in rules:
        with app.app_context():  # a fresh theme and statement each time: no earlier request leaves them stale
            theme = db.session.scalars(select(SeriesTheme).where(SeriesTheme.series_id == series_id)).first()
            statement = db.session.scalar(
                select(SeriesPlacement.statement_id).where(SeriesPlacement.theme_id == theme.id)
            )
        values = {"series_id": series_id, "theme_id": theme.id, "statement_id": statement, "answer_id": 1,
                  "extension": "docx", "workshop_id": exeter_id, "facilitator_id": margaret}  # fmt: skip
        address = re.sub(r"<(?:[^<>]*:)?(\w+)>", lambda m, v=values: str(v[m.group(1)]), rule)
        form = {"csrf_token": token, "label": "Renamed", "target": "unsorted", "into": str(theme.id), "size": "auto",
                "key_messages": "Ours", "fmt": "md", "name": "South West tour", "confirm": "nope",
                "email": "margaret@example.nhs.uk", "role": "moderator", "featured": "yes"}  # fmt: skip
        response = member.get(address) if method == "GET" else member.post(address, data=form)
        needed = (
            WorkshopRole.MODERATOR
            if endpoint in SERIES_MODERATOR_MAY
            else WorkshopRole.OWNER
            if endpoint in SERIES_OWNER_ONLY
            else WorkshopRole.CO_FACILITATOR
        )
        body = response.get_data().decode("utf-8", "replace")  # downloads are Word documents
        if role.allows(needed):
            # "no such answer" (story-1) is the page's own worded 404; the lookup's would say "no series of yours"
            if response.status_code in (403, 500) or "no series of yours" in body:
                wrong[f"{method} {address}"] = response.status_code
        elif response.status_code != 403 or f"You are a {role.value} of" not in body:
            wrong[f"{method} {address}"] = response.status_code
    assert wrong == {}
    with app.app_context():
        series = db.session.get(Series, series_id)
        assert series is not None and [m.facilitator_id for m in series.people if m.facilitator_id == margaret]
        if role == WorkshopRole.MODERATOR:
            assert series.key_messages == "" and len(series.workshops) == 2
            assert all(t.label != "Renamed" for t in series.themes)
