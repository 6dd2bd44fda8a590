"""The series page: workshops with counts, all statements, themes across the series edited by the
owner without touching any workshop's own themes; 404 for strangers, clear 4xx for bad input.
"""

from __future__ import annotations

import re
from datetime import date

from markupsafe import escape
from sqlalchemy import func, select

from tests.board_helpers import SEED, seeded_workshop
from tests.conftest import Actions, csrf_from
from workshop.board.operations import group_workshop
from workshop.extensions import db
from workshop.models import Series, SeriesPlacement, SeriesTheme, Statement, Theme, Workshop
from workshop.operations import create_series
from workshop.series.queries import workshop_names


def _two_workshop_series(actions: Actions) -> tuple[int, str, str]:
    """Tracey's Taunton (the seed's 17 statements, grouped on its own board) and Exeter (6) in one series."""
    taunton = seeded_workshop(actions, title="Impact workshop", venue="Taunton", date=date(2026, 11, 20))
    exeter = seeded_workshop(actions, SEED[:6], title="Impact workshop", venue="Exeter", date=date(2026, 12, 1))
    with actions.app.app_context():
        workshops = [db.session.scalar(select(Workshop).where(Workshop.code == c)) for c in (taunton, exeter)]
        group_workshop(workshops[0])
        series = create_series(workshops[0].facilitator, "South West tour", workshops)
        db.session.commit()
        return series.id, taunton, exeter


def _workshop_themes(actions: Actions, code: str) -> list[tuple[str, tuple[int, ...]]]:
    with actions.app.app_context():
        workshop = db.session.scalar(select(Workshop).where(Workshop.code == code))
        return [(t.label, tuple(s.id for s in t.statements)) for t in workshop.themes]


def _series_themes(actions: Actions, series_id: int) -> list[SeriesTheme]:
    with actions.app.app_context():
        themes = list(db.session.scalars(select(SeriesTheme).where(SeriesTheme.series_id == series_id)))
        for theme in themes:
            db.session.expunge(theme)
        return themes


def _post(actions: Actions, url: str, data: dict[str, str], page: str, **kwargs):
    return actions.post_form(url, data, page=page, **kwargs)


def test_the_series_page_shows_every_workshop_with_counts_and_all_statements(signed_in: Actions) -> None:
    series_id, taunton, exeter = _two_workshop_series(signed_in)
    dashboard = signed_in.client.get("/facilitate/").get_data(as_text=True)
    assert 'href="/facilitate/series/"' in dashboard
    listing = signed_in.client.get("/facilitate/series/").get_data(as_text=True)
    assert f'href="/facilitate/series/{series_id}"' in listing and "2 workshops · 23 statements" in listing

    response = signed_in.client.get(f"/facilitate/series/{series_id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    rows = re.findall(r'<li class="card">\s*<h3>(.*?)</li>', page, re.S)
    assert len(rows) == 2
    assert (
        "20 November 2026 · Taunton · " in rows[0] and ">17 statements<" in rows[0] and ">17 participants<" in rows[0]
    )
    assert "1 December 2026 · Exeter · " in rows[1] and ">6 statements<" in rows[1]
    assert f'href="/facilitate/w/{taunton}"' in rows[0] and f'href="/facilitate/w/{exeter}"' in rows[1]
    assert "23 statements · 23 participants" in page
    for text in SEED:  # every statement of both workshops, waiting in Unsorted before grouping
        assert str(escape(text)) in page
    assert page.count('class="board-statement"') == 23
    assert "Not grouped yet" in page


def test_grouping_the_series_counts_each_theme_per_workshop_and_leaves_workshop_themes(signed_in: Actions) -> None:
    series_id, taunton, exeter = _two_workshop_series(signed_in)
    before = _workshop_themes(signed_in, taunton)
    url = f"/facilitate/series/{series_id}"
    grouped = _post(signed_in, f"{url}/group", {"size": "auto"}, url)
    assert grouped.status_code == 303
    page = signed_in.client.get(url).get_data(as_text=True)
    assert "Grouped:" in page and "Grouped over all 23 statements" in page

    themes = _series_themes(signed_in, series_id)
    assert len(themes) >= 2
    with signed_in.app.app_context():
        rows = list(db.session.scalars(select(SeriesPlacement).where(SeriesPlacement.series_id == series_id)))
        assert len(rows) == 23
        by_theme: dict[int | None, list[int]] = {}
        for row in rows:
            by_theme.setdefault(row.theme_id, []).append(db.session.get(Statement, row.statement_id).workshop_id)
        exeter_id = db.session.scalar(select(Workshop.id).where(Workshop.code == exeter))
    for theme in themes:
        members = by_theme.get(theme.id, [])
        from_exeter = sum(1 for w in members if w == exeter_id)
        counts = re.search(rf'id="theme-{theme.id}".*?From each workshop:(.*?)</p>', page, re.S)
        assert counts is not None
        numbers = [int(n) for n in re.findall(r'<span class="series-count">\w+ (\d+)</span>', counts.group(1))]
        assert numbers == [len(members) - from_exeter, from_exeter], theme.label
    assert _workshop_themes(signed_in, taunton) == before, "the workshop's own themes are untouched"
    assert _workshop_themes(signed_in, exeter) == []


def test_rename_move_merge_and_delete_series_themes(signed_in: Actions) -> None:
    series_id, taunton, _ = _two_workshop_series(signed_in)
    before = _workshop_themes(signed_in, taunton)
    url = f"/facilitate/series/{series_id}"
    _post(signed_in, f"{url}/group", {"size": "auto"}, url)
    first, second = _series_themes(signed_in, series_id)[:2]

    renamed = _post(signed_in, f"{url}/t/{first.id}/rename", {"label": "Telling the Trust"}, url)
    assert renamed.status_code == 303
    assert "Theme renamed “Telling the Trust”." in signed_in.client.get(url).get_data(as_text=True)

    with signed_in.app.app_context():
        statement_id = db.session.scalar(
            select(SeriesPlacement.statement_id).where(SeriesPlacement.theme_id == second.id)
        )
    menu = signed_in.client.get(f"{url}/s/{statement_id}/move")
    assert menu.status_code == 200 and f'<option value="{first.id}">Telling the Trust</option>' in menu.get_data(
        as_text=True
    )
    moved = _post(
        signed_in, f"{url}/s/{statement_id}/move", {"target": str(first.id)}, url, headers={"HX-Request": "true"}
    )
    assert moved.status_code == 200 and "Statement moved to “Telling the Trust”." in moved.get_data(as_text=True)
    with signed_in.app.app_context():
        row = db.session.get(SeriesPlacement, (series_id, statement_id))
        assert row.theme_id == first.id and row.placed_by_hand

    merged = _post(signed_in, f"{url}/t/{second.id}/merge", {"into": str(first.id)}, url)
    assert merged.status_code == 303
    labels = [t.label for t in _series_themes(signed_in, series_id)]
    assert second.label not in labels and "Telling the Trust" in labels

    # Grouping again keeps the facilitator's name and the statement they moved.
    _post(signed_in, f"{url}/group", {"size": "auto"}, url)
    with signed_in.app.app_context():
        theme = db.session.get(SeriesTheme, first.id)
        assert theme is not None and theme.label == "Telling the Trust" and theme.label_by_person
        assert db.session.get(SeriesPlacement, (series_id, statement_id)).theme_id == first.id

    added = _post(signed_in, f"{url}/new", {"label": "Quick wins"}, url)
    assert added.status_code == 303
    quick = next(t for t in _series_themes(signed_in, series_id) if t.label == "Quick wins")
    deleted = _post(signed_in, f"{url}/t/{quick.id}/delete", {}, url)
    assert deleted.status_code == 303
    assert "Quick wins" not in [t.label for t in _series_themes(signed_in, series_id)]
    assert _workshop_themes(signed_in, taunton) == before
    with signed_in.app.app_context():  # no workshop theme took a series statement either
        assert db.session.scalar(select(Theme).where(Theme.label == "Telling the Trust")) is None


def test_strangers_unknown_ids_and_bad_edits_get_clear_4xx(signed_in: Actions, actions: Actions) -> None:
    series_id, taunton, _ = _two_workshop_series(signed_in)
    url = f"/facilitate/series/{series_id}"
    missing = signed_in.client.get("/facilitate/series/999999")
    assert missing.status_code == 404 and "no series of yours with that number" in missing.get_data(as_text=True)
    assert signed_in.client.get("/facilitate/series/abc").status_code == 404

    _post(signed_in, f"{url}/group", {"size": "auto"}, url)
    theme = _series_themes(signed_in, series_id)[0]
    token = csrf_from(signed_in.client.get(url).get_data(as_text=True))
    empty = signed_in.client.post(f"{url}/t/{theme.id}/rename", data={"csrf_token": token, "label": "  "})
    assert empty.status_code == 422 and "Give the theme a name" in empty.get_data(as_text=True)
    stale = signed_in.client.post(f"{url}/t/{theme.id}/merge", data={"csrf_token": token, "into": "123456789"})
    assert stale.status_code == 422 and "not in this series any more" in stale.get_data(as_text=True)
    into_itself = signed_in.client.post(f"{url}/t/{theme.id}/merge", data={"csrf_token": token, "into": str(theme.id)})
    assert into_itself.status_code == 422 and "Choose a different theme" in into_itself.get_data(as_text=True)
    gone = signed_in.client.post(f"{url}/t/999999/rename", data={"csrf_token": token, "label": "x"})
    assert gone.status_code == 404
    with signed_in.app.app_context():  # a statement of a workshop outside the series
        other = seeded_workshop(signed_in, SEED[:1], title="Elsewhere")
        outsider = db.session.scalar(select(Statement.id).join(Workshop).where(Workshop.code == other))
    assert signed_in.client.get(f"{url}/s/{outsider}/move").status_code == 404
    assert signed_in.client.post(f"{url}/group", data={"size": "auto"}).status_code == 400  # no CSRF token

    actions.facilitator("other@example.nhs.uk", "Other")
    stranger = actions.app.test_client()
    actions.sign_in("other@example.nhs.uk", client=stranger)
    assert stranger.get(url).status_code == 404
    assert stranger.get(f"{url}/s/{outsider}/move").status_code == 404
    assert signed_in.app.test_client().get(url).status_code in (302, 401)  # not signed in: to the sign-in page


def test_an_empty_series_says_there_is_nothing_to_group(signed_in: Actions) -> None:
    code = signed_in.workshop(title="Not run yet")
    with signed_in.app.app_context():
        workshop = db.session.scalar(select(Workshop).where(Workshop.code == code))
        series_id = create_series(workshop.facilitator, "Spring tour", [workshop]).id
        db.session.commit()
    url = f"/facilitate/series/{series_id}"
    page = signed_in.client.get(url).get_data(as_text=True)
    assert "have no statements on their walls yet" in page
    refused = _post(signed_in, f"{url}/group", {"size": "auto"}, url)
    assert refused.status_code == 422 and "there is nothing to group" in refused.get_data(as_text=True)
    with signed_in.app.app_context():  # every workshop deleted: the page still answers
        db.session.delete(db.session.get(Series, series_id).workshops[0])
        db.session.commit()
    assert signed_in.client.get(url).status_code == 200


def test_make_a_series_from_the_page(signed_in: Actions) -> None:
    first, second = signed_in.workshop(title="Taunton"), signed_in.workshop(title="Exeter")
    url = "/facilitate/series/"
    nothing = signed_in.post_form(url, {"name": "Tour"})
    assert nothing.status_code == 422 and "Tick at least one workshop." in nothing.get_data(as_text=True)
    unnamed = signed_in.post_form(url, {"name": " ", "workshops": [first]})
    assert unnamed.status_code == 422 and "Give the series a name." in unnamed.get_data(as_text=True)
    foreign = signed_in.post_form(url, {"name": "Tour", "workshops": ["NOPE-1"]})
    assert foreign.status_code == 422
    made = signed_in.post_form(url, {"name": "Tour", "workshops": [second, first]})
    assert made.status_code == 303
    with signed_in.app.app_context():
        series = db.session.scalar(select(Series).where(Series.name == "Tour"))
        assert [w.code for w in series.workshops] == [first, second]  # oldest first


def test_series_create_help_has_no_stray_markup(runner) -> None:
    help_text = runner.invoke(args=["series", "create", "--help"]).output
    assert "'series: ID'" in help_text and "``" not in help_text


def test_every_series_endpoint_refuses_another_facilitator(signed_in: Actions, actions: Actions) -> None:
    """Discovered from the app's rules, so a series page added later is checked too."""
    series_id, _, exeter = _two_workshop_series(signed_in)
    url = f"/facilitate/series/{series_id}"
    _post(signed_in, f"{url}/group", {"size": "auto"}, url)
    theme = _series_themes(signed_in, series_id)[0]
    with signed_in.app.app_context():
        statement_id = db.session.scalar(
            select(SeriesPlacement.statement_id).where(SeriesPlacement.theme_id == theme.id)
        )
        workshop_id = db.session.scalar(select(Workshop.id).where(Workshop.code == exeter))
    values = {"series_id": series_id, "theme_id": theme.id, "statement_id": statement_id, "answer_id": 1,
              "extension": "docx", "workshop_id": workshop_id, "facilitator_id": 1}  # fmt: skip
    rules = sorted(
        (rule.rule, method)
        for rule in signed_in.app.url_map.iter_rules()
        if rule.rule.startswith("/facilitate/series/<int:series_id>")
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
    )
    assert len(rules) >= 12, rules
    actions.facilitator("victoria@example.nhs.uk", "Victoria")
    intruder = actions.app.test_client()
    actions.sign_in("victoria@example.nhs.uk", client=intruder)
    token = csrf_from(intruder.get("/facilitate/series/").get_data(as_text=True))
    form = {"csrf_token": token, "label": "pwned", "target": "unsorted", "into": str(theme.id), "size": "auto",
            "key_messages": "pwned", "fmt": "md", "name": "pwned", "confirm": str(series_id),
            "email": "victoria@example.nhs.uk", "role": "co-facilitator", "featured": "yes"}  # fmt: skip
    answers = {}
    for rule, method in rules:
        address = re.sub(r"<(?:[^<>]*:)?(\w+)>", lambda m: str(values[m.group(1)]), rule)
        response = intruder.get(address) if method == "GET" else intruder.post(address, data=form)
        answers[f"{method} {address}"] = response.status_code
    assert {key: status for key, status in answers.items() if status != 404} == {}
    assert [t.label for t in _series_themes(signed_in, series_id)][0] == theme.label
    with signed_in.app.app_context():
        series = db.session.get(Series, series_id)
        assert series.key_messages == "" and series.name == "South West tour"
        assert len(series.workshops) == 2 and series.people == []


def test_rename_and_delete_a_series_leaves_its_workshops(signed_in: Actions) -> None:
    series_id, taunton, exeter = _two_workshop_series(signed_in)
    url = f"/facilitate/series/{series_id}"
    blank = _post(signed_in, f"{url}/rename", {"name": "  "}, url)
    assert blank.status_code == 422 and "Give the series a name." in blank.get_data(as_text=True)
    renamed = _post(signed_in, f"{url}/rename", {"name": "Devon and Cornwall tour"}, url)
    assert renamed.status_code == 303
    assert "Series renamed “Devon and Cornwall tour”." in signed_in.client.get(url).get_data(as_text=True)
    _post(signed_in, f"{url}/group", {"size": "auto"}, url)
    before = _workshop_themes(signed_in, taunton)

    wrong = _post(signed_in, f"{url}/delete", {"confirm": "South West tour"}, url)
    assert wrong.status_code == 422
    assert "Type “Devon and Cornwall tour” or" in wrong.get_data(as_text=True)
    gone = _post(signed_in, f"{url}/delete", {"confirm": "devon and cornwall TOUR"}, url)
    assert gone.status_code == 303 and gone.headers["Location"].endswith("/facilitate/series/")
    assert signed_in.client.get(url).status_code == 404
    with signed_in.app.app_context():
        assert db.session.get(Series, series_id) is None
        assert db.session.scalars(select(SeriesTheme).where(SeriesTheme.series_id == series_id)).all() == []
        codes = db.session.scalars(select(Workshop.code).where(Workshop.code.in_([taunton, exeter]))).all()
        assert sorted(codes) == sorted([taunton, exeter])
        assert db.session.scalar(select(func.count(Statement.id)).join(Workshop).where(Workshop.code == exeter)) == 6
    assert _workshop_themes(signed_in, taunton) == before
    # By number works too.
    again, _, _ = _two_workshop_series(signed_in)
    page = f"/facilitate/series/{again}"
    assert _post(signed_in, f"{page}/delete", {"confirm": str(again)}, page).status_code == 303


def test_statement_cards_name_each_workshop_by_what_tells_it_apart() -> None:
    tour = [
        Workshop(id=1, code="ND3D5W", title="Impact in 5 steps", venue="Taunton", date=date(2026, 11, 20)),
        Workshop(id=2, code="K7PQ2M", title="Impact in 5 steps", venue=None, date=date(2026, 12, 1)),
        Workshop(id=3, code="H4RT9X", title="Impact in 5 steps", venue=None, date=None),
        Workshop(id=4, code="B2CD3F", title="Impact in 5 steps", venue=None, date=date(2026, 12, 1)),
        Workshop(id=5, code="Z9YX8W", title="Evidence search skills", venue="", date=date(2026, 12, 1)),
    ]
    assert workshop_names(tour) == {
        1: "Taunton",
        2: "Workshop K7PQ2M",  # the same title and date as number 4: only its code tells them apart
        3: "Workshop H4RT9X",
        4: "Workshop B2CD3F",
        5: "Evidence search skills",
    }
    assert workshop_names(tour[:2]) == {1: "Taunton", 2: "1 December 2026"}
