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
from exports.builders.series_activities import activity_key, shared_activities
from exports.builders.writeup import WriteUpChoice, default_series_introduction, series_as_workshop, write_up
from exports.data import ActivityResult, ResultItem, SeriesData, WorkshopData
from exports.snapshot import series_data
from tests.board_helpers import SEED, seeded_workshop
from tests.conftest import Actions, attachment_name, csrf_from
from tests.docs_helpers import assert_accessible_structure, captioned_table, heading_texts, open_docx
from workshop.common.word import single_line
from workshop.extensions import db
from workshop.models import (
    Activity,
    ActivityKind,
    Participant,
    PollAnswer,
    Series,
    Statement,
    StatementStatus,
    Workshop,
)
from workshop.operations import create_series
from workshop.series.operations import featured_ids, series_statements


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

    workshops = captioned_table(document, "The workshops of the series", starts=True)
    assert workshops[0] == ["No.", "Workshop and venue", "Date", "Participants", "Statements", "With a date",
                            "With a measure"]  # fmt: skip
    assert [row[1:5] for row in workshops[1:4]] == [
        ["Impact workshop, Taunton", "20 November 2026", "19", "17"],
        ["Impact workshop, Exeter", "21 November 2026", "19", "17"],
        ["Impact workshop, Truro", "22 November 2026", "19", "17"],
    ]
    assert workshops[4][1:5] == ["All workshops", "", "57", "51"]

    themes = captioned_table(document, "Themes across the series", starts=True)
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
        rows = captioned_table(document, f"Selected statements: {theme.label}", starts=True)[1:]
        assert len(rows) == min(SELECTED_PER_THEME, len(members))
        chosen = selected_statements(members)
        assert [row[0].removeprefix("Pinned: ") for row in rows] == [single_line(s.text) for s in chosen]
        pinned = [s for s in members if s.pinned]
        assert [s.id for s in chosen[: len(pinned)]] == [s.id for s in pinned][:SELECTED_PER_THEME]
        if len(members) > SELECTED_PER_THEME:
            more = len(members) - SELECTED_PER_THEME
            assert f"And {more} more statement{'s' if more != 1 else ''} in this theme." in texts
    plans = captioned_table(document, "Selected statements: Impact plans", starts=True)
    assert plans[1:] == [[f"Pinned: {SEED_STATEMENTS[1]}", "Taunton"], [f"Pinned: {SEED_STATEMENTS[1]}", "Exeter"],
                         [f"Pinned: {SEED_STATEMENTS[1]}", "Truro"]]  # fmt: skip


def test_many_workshops_turn_the_pages_and_number_the_columns() -> None:
    document = open_docx(build_series_report(synthetic_series(10, 3000)))
    section = document.sections[0]
    assert section.page_width > section.page_height
    themes = captioned_table(document, "Themes across the series", starts=True)
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
    workshops = captioned_table(document, "The workshops of the series", starts=True)
    assert [row[1:5] for row in workshops[1:3]] == [
        ["Impact workshop, Taunton", "20 November 2026", "17", "17"],
        ["Impact workshop, Exeter", "1 December 2026", "6", "6"],
    ]
    themes = captioned_table(document, "Themes across the series", starts=True)
    assert themes[0] == ["Theme", "Taunton", "Exeter", "All"] and sum(int(r[-1]) for r in themes[1:]) <= 23

    out = tmp_path / "tour.docx"
    result = runner.invoke(args=["export", "series", str(series_id), "-o", str(out)])
    assert result.exit_code == 0, result.output
    command = open_docx(out.read_bytes())
    assert captioned_table(command, "Themes across the series", starts=True) == themes
    assert [p.text for p in command.paragraphs] == [p.text for p in document.paragraphs]


def _theme_rows(document) -> dict[str, list[str]]:
    """Each theme's selected statements (the table captioned 'Selected statements: ...'), first column."""
    from docx.oxml.ns import qn

    rows = {}
    for table in document.tables:
        caption = table._tbl.tblPr.find(qn("w:tblCaption"))
        value = caption.get(qn("w:val")) if caption is not None else ""
        if value.startswith("Selected statements: "):
            rows[value.removeprefix("Selected statements: ")] = [r.cells[0].text for r in table.rows][1:]
    return rows


def test_ticked_statements_are_the_ones_the_series_report_features(signed_in: Actions) -> None:
    series_id, _ = _series(signed_in)
    url = f"/facilitate/series/{series_id}"
    automatic = open_docx(signed_in.client.get(f"{url}/report.docx").data)
    texts = [p.text for p in automatic.paragraphs]
    assert any(t.startswith("Selected automatically, as no statements were ticked on the series page") for t in texts)
    assert sum(map(len, _theme_rows(automatic).values())) > 3

    with signed_in.app.app_context():
        series = db.session.get(Series, series_id)
        chosen = [s for s in series_statements(series)][2:5]
        picked = {s.id: single_line(s.text) for s in chosen}
    page = signed_in.client.get(url).get_data(as_text=True)
    assert page.count("Feature in the report") >= 23 and 'aria-pressed="false"' in page
    for statement_id in picked:
        ticked = signed_in.post_form(f"{url}/s/{statement_id}/feature", {"featured": "yes"}, page=url)
        assert ticked.status_code == 303
    again = next(iter(picked))  # ticking twice is harmless; then untick it
    htmx = signed_in.post_form(
        f"{url}/s/{again}/feature", {"featured": "yes"}, page=url, headers={"HX-Request": "true"}
    )
    assert htmx.status_code == 200 and "Statement featured in the series report." in htmx.get_data(as_text=True)
    assert htmx.get_data(as_text=True).count("✓ Featured in the report") == 3
    assert signed_in.post_form(f"{url}/s/{again}/feature", {"featured": "no"}, page=url).status_code == 303
    del picked[again]

    featured = open_docx(signed_in.client.get(f"{url}/report.docx").data)
    texts = [p.text for p in featured.paragraphs]
    assert "Selected by the facilitator: the 2 statements they ticked on the series page to feature, under their " \
        "themes. Each workshop's session report lists all of its statements." in texts  # fmt: skip
    shown = [text.removeprefix("Pinned: ") for rows in _theme_rows(featured).values() for text in rows]
    assert sorted(shown) == sorted(picked.values())

    # Bad input: a clear 4xx, nothing stored.
    token = csrf_from(signed_in.client.get(url).get_data(as_text=True))
    some = next(iter(picked))
    odd = signed_in.client.post(f"{url}/s/{some}/feature", data={"csrf_token": token, "featured": "maybe"})
    assert odd.status_code == 422 and "Say whether to feature the statement: yes or no." in odd.get_data(as_text=True)
    assert (
        signed_in.client.post(f"{url}/s/999999/feature", data={"csrf_token": token, "featured": "yes"}).status_code
        == 404
    )
    assert signed_in.client.post(f"{url}/s/{some}/feature", data={"featured": "yes"}).status_code == 400
    with signed_in.app.app_context():
        assert featured_ids(db.session.get(Series, series_id)) == set(picked)
        # A ticked statement hidden from the wall drops out of the report; the others stay featured.
        db.session.get(Statement, some).status = StatementStatus.HIDDEN
        db.session.commit()
    later = open_docx(signed_in.client.get(f"{url}/report.docx").data)
    assert any(
        t.startswith("Selected by the facilitator: the 1 statement they") for t in (p.text for p in later.paragraphs)
    )


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


# --------------------------------------------------------------------------- the write-up of a series

SHARED = {"Taunton": "Share 3 case studies with the board by June", "Exeter": "Start a Twitter account for the library"}
PRIVATE = "Tell nobody about the library budget"


def test_a_series_write_up_has_every_workshops_consented_statements_by_series_theme() -> None:
    series = seed_series(2)
    consented = {s.id for s in series.statements if s.id % 2}
    series = replace(
        series,
        workshops=tuple(
            replace(w, statements=tuple(replace(s, share_consent=s.id in consented) for s in w.statements))
            for w in series.workshops
        ),
    )
    merged = series_as_workshop(series)
    assert merged.title == "South West tour" and merged.venue == "Taunton and Exeter"
    content = write_up(merged, WriteUpChoice(introduction=default_series_introduction(series)))
    listed = [text for section in content.sections for text in section.statements]
    by_id = {s.id: s for s in series.statements}
    assert sorted(listed) == sorted(single_line(by_id[i].text) for i in consented)
    assert [section.heading for section in content.sections][:2] == ["Social media", "Shout about it"]
    assert content.introduction[0].startswith("Library and knowledge services colleagues came together in 2 workshops")
    assert "in Taunton and Exeter" in content.introduction[0]


def _series_with_consent(actions: Actions) -> tuple[int, list[str]]:
    """Two open workshops of Tracey's whose phones posted one consented and one private statement each."""
    codes = []
    for venue, shared in SHARED.items():
        code = actions.workshop(title="Impact workshop", venue=venue)
        phone = actions.phone_for(code)
        assert phone.post(shared, share_consent="y").status_code == 302
        assert phone.post(f"{PRIVATE} in {venue}").status_code == 302
        codes.append(code)
    with actions.app.app_context():
        workshops = [db.session.scalar(select(Workshop).where(Workshop.code == c)) for c in codes]
        series_id = create_series(workshops[0].facilitator, "South West tour", workshops).id
        db.session.commit()
    return series_id, codes


def _close(actions: Actions, codes: list[str]) -> None:
    for code in codes:
        actions.post_form(f"/facilitate/w/{code}/state", {"state": "closed"}, page=f"/facilitate/w/{code}")


def test_export_write_up_takes_a_series_id(signed_in: Actions, runner, tmp_path: Path) -> None:
    series_id, codes = _series_with_consent(signed_in)
    for target in (str(series_id), f"series:{series_id}"):
        out = tmp_path / f"{target.replace(':', '-')}.md"
        result = runner.invoke(args=["export", "write-up", target, "--format", "md", "-o", str(out)])
        assert result.exit_code == 0, result.output
        markdown = out.read_text(encoding="utf-8")
        assert markdown.startswith("## South West tour\n")
        assert f"- {SHARED['Taunton']}" in markdown and f"- {SHARED['Exeter']}" in markdown
        assert PRIVATE not in markdown
    docx_out = tmp_path / "tour.docx"
    assert (
        runner.invoke(args=["export", "write-up", str(series_id), "--format", "docx", "-o", str(docx_out)]).exit_code
        == 0
    )
    texts = [p.text for p in open_docx(docx_out.read_bytes()).paragraphs]
    assert SHARED["Exeter"] in texts and not any(PRIVATE in t for t in texts)
    workshop_md = tmp_path / "one.md"
    assert runner.invoke(args=["export", "write-up", codes[0], "-o", str(workshop_md)]).exit_code == 0
    assert SHARED["Exeter"] not in workshop_md.read_text(encoding="utf-8")  # a code is still one workshop
    for bad in ("999999", "series:abc", "NOPE-1"):
        result = runner.invoke(args=["export", "write-up", bad, "-o", str(tmp_path / "x.md")])
        assert (
            result.exit_code == 1 and "no workshop with code" in result.output and "no series with id" in result.output
        )


def test_the_series_write_up_page(signed_in: Actions, actions: Actions) -> None:
    series_id, codes = _series_with_consent(signed_in)
    url = f"/facilitate/series/{series_id}/write-up"
    assert f'href="{url}"' in signed_in.client.get(f"/facilitate/series/{series_id}").get_data(as_text=True)
    waiting = signed_in.client.get(url).get_data(as_text=True)
    assert "Close submissions in every workshop first" in waiting and codes[0] in waiting
    _close(signed_in, codes)
    page = signed_in.client.get(url)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "(2 may be shared)" in html and PRIVATE not in html
    assert "came together in 2 workshops of South West tour in Taunton and Exeter" in html
    token = csrf_from(html)
    with signed_in.app.app_context():
        ids = {s.text: s.id for s in db.session.scalars(select(Statement))}
    download = signed_in.client.post(
        url,
        data={
            "csrf_token": token,
            "fmt": "md",
            "introduction": "Our tour.",
            "statements": [str(ids[SHARED["Exeter"]])],
        },
    )
    assert download.status_code == 200 and attachment_name(download) == "south-west-tour-write-up.md"
    markdown = download.get_data(as_text=True)
    assert f"- {SHARED['Exeter']}" in markdown and SHARED["Taunton"] not in markdown and PRIVATE not in markdown
    refused = signed_in.client.post(
        url, data={"csrf_token": token, "fmt": "md", "statements": [str(ids[f"{PRIVATE} in Exeter"])]}
    )
    assert refused.status_code == 422 and "Content-Disposition" not in refused.headers

    actions.facilitator("other@example.nhs.uk", "Other")
    stranger = actions.app.test_client()
    actions.sign_in("other@example.nhs.uk", client=stranger)
    assert stranger.get(url).status_code == 404
    assert signed_in.client.get("/facilitate/series/999999/write-up").status_code == 404


# --------------------------------------------------------------------------- activity results side by side


def _poll(title: str, question: str, options: dict[str, int], answered: int, multiple: bool = False) -> ActivityResult:
    return ActivityResult(
        position=2,
        kind="poll",
        kind_label="Quick poll",
        title=title,
        question=question,
        answered=answered,
        items=tuple(ResultItem(o, c, share=c / answered if answered else 0.0) for o, c in options.items()),
        item_label="Option",
        multiple=multiple,
    )


def test_polls_run_alike_line_up_side_by_side_and_others_are_left_out() -> None:
    hardest = _poll("Warm-up", "Which step is hardest?", {"Planning": 3, "Measuring": 5}, 8)
    same = _poll("warm-up ", "which step is  HARDEST", {"measuring": 2, "Planning": 1, "Telling": 1}, 4)
    other = _poll("Warm-up", "Which step is easiest?", {"Planning": 4, "Telling": 2}, 6)
    statements = ActivityResult(1, "statements", "Statements", "", "When I get back to work…", answered=3)
    base = seed_series(3)
    workshops = (
        replace(base.workshops[0], activities=(statements, hardest, other)),
        replace(base.workshops[1], activities=(same, statements)),
        replace(base.workshops[2], activities=(statements,)),
    )
    [shared] = shared_activities(workshops)  # the easiest-step poll ran once; statements are not polls
    assert (shared.heading, shared.question, shared.items) == ("Warm-up", "Which step is hardest?",
                                                               ("Planning", "Measuring", "Telling"))  # fmt: skip
    assert [getattr(shared.item(n, "Measuring"), "count", None) for n in range(3)] == [5, 2, None]
    assert shared.item(0, "Telling") is None and shared.item(1, "telling").count == 1
    assert activity_key(hardest) == activity_key(same) != activity_key(other)

    document = open_docx(build_series_report(replace(base, workshops=workshops)))
    assert_accessible_structure(document, "Series report: South West tour")
    headings = heading_texts(document)
    assert headings.index("Activity results side by side") == headings.index("The workshops") + 1
    assert "Warm-up" in headings
    assert captioned_table(document, "Quick poll across the workshops: Warm-up", starts=True) == [
        ["Option", "Taunton", "Exeter", "Truro"],
        ["Planning", "3 (38%)", "1 (25%)", "–"],
        ["Measuring", "5 (63%)", "2 (50%)", "–"],
        ["Telling", "–", "1 (25%)", "–"],
        ["People who answered", "8", "4", "Not run"],
    ]
    texts = [p.text for p in document.paragraphs]
    assert "Which step is hardest?" in texts
    # A ranking run alike compares mean ranks; statements and questions are never compared.
    ranking = ActivityResult(3, "ranking", "Ranking", "Priorities", "Rank the steps", answered=2,
                             items=(ResultItem("Plan", 2, mean_rank=1.5), ResultItem("Tell", 2, mean_rank=1.5)),
                             item_label="Item")  # fmt: skip
    asked = ActivityResult(4, "questions", "Questions", "Your questions", "", answered=2,
                           items=(ResultItem("Why?", 1),), item_label="Question")  # fmt: skip
    both = tuple(replace(w, activities=(*w.activities, ranking, asked)) for w in workshops[:2])
    ranked = open_docx(build_series_report(replace(base, workshops=(*both, workshops[2]))))
    assert captioned_table(ranked, "Ranking across the workshops: Priorities", starts=True)[1] == [
        "Plan", "mean rank 1.5", "mean rank 1.5", "–"]  # fmt: skip
    assert "Your questions" not in heading_texts(ranked)
    # No activity in common: no section at all.
    alone = replace(base, workshops=(replace(base.workshops[0], activities=(hardest,)), *base.workshops[1:]))
    assert "Activity results side by side" not in heading_texts(open_docx(build_series_report(alone)))


def test_the_snapshot_tallies_each_workshops_polls_for_the_series_report(signed_in: Actions, tmp_path: Path) -> None:
    taunton = seeded_workshop(signed_in, SEED[:4], title="Impact workshop", venue="Taunton")
    exeter = seeded_workshop(signed_in, SEED[4:7], title="Impact workshop", venue="Exeter")
    with signed_in.app.app_context():
        workshops = [db.session.scalar(select(Workshop).where(Workshop.code == c)) for c in (taunton, exeter)]
        for workshop, title, answers in (
            (workshops[0], "How confident are you?", [[0], [1], [1], [2]]),
            (workshops[1], "How confident are you", [[1], [1], [0]]),
        ):
            poll = Activity(workshop=workshop, kind=ActivityKind.POLL, title="Confidence", prompt=title, position=1)
            poll.settings = {"options": ["Not yet", "Somewhat", "Very"], "multiple": False}
            db.session.add(poll)
            people = db.session.scalars(select(Participant).where(Participant.workshop_id == workshop.id)).all()
            for person, choices in zip(people, answers, strict=False):
                answer = PollAnswer(activity=poll, participant_id=person.id)
                answer.choices = choices
                db.session.add(answer)
        series = create_series(workshops[0].facilitator, "South West tour", workshops)
        db.session.commit()
        snapshot = series_data(series)
        series_id = series.id
    polls = [a for a in snapshot.workshops[0].activities if a.kind == "poll"]
    assert [(i.label, i.count) for i in polls[0].items] == [("Not yet", 1), ("Somewhat", 2), ("Very", 1)]
    assert polls[0].answered == 4 and snapshot.workshops[0].activities[0].kind == "statements"
    output = tmp_path / "series.docx"
    result = signed_in.app.test_cli_runner().invoke(args=["export", "series", str(series_id), "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert captioned_table(
        open_docx(output.read_bytes()), "Quick poll across the workshops: Confidence", starts=True
    ) == [
        ["Option", "Taunton", "Exeter"],
        ["Not yet", "1 (25%)", "1 (33%)"],
        ["Somewhat", "2 (50%)", "2 (67%)"],
        ["Very", "1 (25%)", "0 (0%)"],
        ["People who answered", "4", "3"],
    ]
