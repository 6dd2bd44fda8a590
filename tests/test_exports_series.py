"""The series report (issue 17): a pure builder read back with python-docx; the page's download and
``export series`` give the same document; bad ids get clear messages.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlalchemy import select

from bench.samples import SEED_STATEMENTS, seed_series, synthetic_series
from exports.builders.series import NO_STATEMENTS, SELECTED_PER_THEME, build_series_report, selected_statements
from exports.data import SeriesData, WorkshopData
from tests.board_helpers import SEED, seeded_workshop
from tests.conftest import Actions, attachment_name
from tests.docs_helpers import assert_accessible_structure, heading_texts, open_docx
from workshop.common.word import single_line
from workshop.extensions import db
from workshop.models import Workshop
from workshop.operations import create_series


def _table(document, caption_start: str):
    """The table whose alternative text (tblCaption) starts with ``caption_start``, as rows of cell texts."""
    from docx.oxml.ns import qn

    for table in document.tables:
        caption = table._tbl.tblPr.find(qn("w:tblCaption"))
        if caption is not None and caption.get(qn("w:val")).startswith(caption_start):
            return [[cell.text for cell in row.cells] for row in table.rows]
    raise AssertionError(f"no table captioned {caption_start!r}")


def test_the_report_lists_workshops_themes_per_workshop_and_key_messages() -> None:
    series = seed_series(3)
    document = open_docx(build_series_report(series))
    assert_accessible_structure(document, "Series report: South West tour")
    headings = heading_texts(document)
    assert headings[:4] == ["South West tour", "Key messages and next steps", "From Taunton", "The workshops"]
    assert "Themes across the series" in headings and "Themes and selected statements" in headings
    texts = [p.text for p in document.paragraphs]
    assert "Dates: 20 November 2026 to 22 November 2026" in texts and "Workshops: 3" in texts
    assert "The same five steps worked in every city." in texts  # the series' own key messages
    assert "Next step: a follow-up call in eight weeks to share first case studies." in texts  # Taunton's

    workshops = _table(document, "The workshops of the series")
    assert workshops[0] == ["No.", "Workshop and venue", "Date", "Participants", "Statements", "With a date",
                            "With a measure"]  # fmt: skip
    assert [row[1:5] for row in workshops[1:4]] == [
        ["Impact workshop, Taunton", "20 November 2026", "19", "17"],
        ["Impact workshop, Exeter", "21 November 2026", "19", "17"],
        ["Impact workshop, Truro", "22 November 2026", "19", "17"],
    ]
    assert workshops[4][1:5] == ["All workshops", "", "57", "51"]

    themes = _table(document, "Themes across the series")
    assert themes[0] == ["Theme", "Taunton", "Exeter", "Truro", "All"]
    index = series.workshop_index()
    for row, theme in zip(themes[1:], series.themes, strict=True):
        counts = series.counts_per_workshop(theme, index)
        assert row == [f"{series.themes.index(theme) + 1}. {theme.label}", *map(str, counts), str(sum(counts))]
    assert themes[3][1:] == ["4", "4", "4", "12"]  # Feedback and surveys: 4 statements in each place


def test_selected_statements_pinned_first_at_most_five_a_theme_with_the_rest_counted() -> None:
    series = seed_series(3)
    document = open_docx(build_series_report(series))
    by_id = {s.id: s for s in series.statements}
    texts = [p.text for p in document.paragraphs]
    for theme in series.themes:
        members = [by_id[i] for i in theme.statement_ids]
        rows = _table(document, f"Selected statements: {theme.label}")[1:]
        assert len(rows) == min(SELECTED_PER_THEME, len(members))
        chosen = selected_statements(members)
        assert [row[0].removeprefix("Pinned: ") for row in rows] == [single_line(s.text) for s in chosen]
        pinned = [s for s in members if s.pinned]
        assert [s.id for s in chosen[: len(pinned)]] == [s.id for s in pinned][:SELECTED_PER_THEME]
        if len(members) > SELECTED_PER_THEME:
            more = len(members) - SELECTED_PER_THEME
            assert f"And {more} more statement{'s' if more != 1 else ''} in this theme." in texts
    plans = _table(document, "Selected statements: Impact plans")
    assert plans[1:] == [[f"Pinned: {SEED_STATEMENTS[1]}", "Taunton"], [f"Pinned: {SEED_STATEMENTS[1]}", "Exeter"],
                         [f"Pinned: {SEED_STATEMENTS[1]}", "Truro"]]  # fmt: skip


def test_many_workshops_turn_the_pages_and_number_the_columns() -> None:
    document = open_docx(build_series_report(synthetic_series(10, 3000)))
    section = document.sections[0]
    assert section.page_width > section.page_height
    themes = _table(document, "Themes across the series")
    assert themes[0] == ["Theme", *map(str, range(1, 11)), "All"]
    assert sum(int(row[-1]) for row in themes[1:]) == 3000


def test_empty_ungrouped_and_markup_series_still_make_a_clear_report() -> None:
    empty = open_docx(build_series_report(SeriesData(id=1, name="")))
    assert "This series has no workshops." in [p.text for p in empty.paragraphs]
    assert NO_STATEMENTS in [p.text for p in empty.paragraphs]
    quiet = SeriesData(
        id=2, name="Quiet", workshops=(WorkshopData(title="Not run yet", code="Q", date=date(2026, 1, 5)),)
    )
    assert NO_STATEMENTS in [p.text for p in open_docx(build_series_report(quiet)).paragraphs]
    ungrouped = replace(seed_series(2), themes=())
    texts = [p.text for p in open_docx(build_series_report(ungrouped)).paragraphs]
    assert any("34 statements of the series have not been grouped" in t for t in texts)
    odd = replace(seed_series(1), name="<b>Tour</b> & *more*")
    assert open_docx(build_series_report(odd)).paragraphs[0].text == "<b>Tour</b> & *more*"


# --------------------------------------------------------------------------- the page and the host command


def _series(actions: Actions) -> tuple[int, str]:
    taunton = seeded_workshop(actions, title="Impact workshop", venue="Taunton", date=date(2026, 11, 20))
    exeter = seeded_workshop(actions, SEED[:6], title="Impact workshop", venue="Exeter", date=date(2026, 12, 1))
    with actions.app.app_context():
        workshops = [db.session.scalar(select(Workshop).where(Workshop.code == c)) for c in (taunton, exeter)]
        series_id = create_series(workshops[0].facilitator, "South West tour", workshops).id
        db.session.commit()
    url = f"/facilitate/series/{series_id}"
    assert actions.post_form(f"{url}/group", {"size": "auto"}, page=url).status_code == 303
    return series_id, taunton


def test_download_from_the_series_page_and_the_host_command_give_the_same_report(
    signed_in: Actions, runner, tmp_path: Path
) -> None:
    series_id, _ = _series(signed_in)
    page = signed_in.client.get(f"/facilitate/series/{series_id}").get_data(as_text=True)
    link = f"/facilitate/series/{series_id}/report.docx"
    assert f'href="{link}"' in page
    response = signed_in.client.get(link)
    assert response.status_code == 200 and attachment_name(response) == "south-west-tour-series-report.docx"
    document = open_docx(response.data)
    workshops = _table(document, "The workshops of the series")
    assert [row[1:5] for row in workshops[1:3]] == [
        ["Impact workshop, Taunton", "20 November 2026", "17", "17"],
        ["Impact workshop, Exeter", "1 December 2026", "6", "6"],
    ]
    themes = _table(document, "Themes across the series")
    assert themes[0] == ["Theme", "Taunton", "Exeter", "All"] and sum(int(r[-1]) for r in themes[1:]) <= 23

    out = tmp_path / "tour.docx"
    result = runner.invoke(args=["export", "series", str(series_id), "-o", str(out)])
    assert result.exit_code == 0, result.output
    command = open_docx(out.read_bytes())
    assert _table(command, "Themes across the series") == themes
    assert [p.text for p in command.paragraphs] == [p.text for p in document.paragraphs]


def test_unknown_and_foreign_series_get_clear_answers(signed_in: Actions, actions: Actions, runner, tmp_path) -> None:
    series_id, _ = _series(signed_in)
    for bad in ("999999", "abc", "12x"):
        result = runner.invoke(args=["export", "series", bad, "-o", str(tmp_path / "x.docx")])
        assert result.exit_code == 1 and f"no series with id {bad}" in result.output
    assert signed_in.client.get("/facilitate/series/999999/report.docx").status_code == 404
    actions.facilitator("other@example.nhs.uk", "Other")
    stranger = actions.app.test_client()
    actions.sign_in("other@example.nhs.uk", client=stranger)
    assert stranger.get(f"/facilitate/series/{series_id}/report.docx").status_code == 404
