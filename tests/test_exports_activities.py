"""Each activity's results (issue 16) in the session report, the CSV and the XLSX: built from plain
data, and through the app and the `export` host command from a workshop whose room answered a poll."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import replace

from docx.oxml.ns import qn
from openpyxl import load_workbook

from bench.samples import seed_activities, seed_workshop
from exports.builders import build_report
from exports.builders.activities import ACTIVITY_COLUMNS, activity_rows, activity_sheets, chart_alt_text
from exports.data import ActivityResult, ResultItem
from tests.conftest import attachment_name
from tests.docs_helpers import (
    NASTY_TEXTS,
    all_text,
    assert_accessible_structure,
    captioned_table,
    cleaned,
    heading_texts,
    nasty_activities,
    nasty_workshop,
    open_docx,
)
from workshop.common.datafiles import to_csv, to_xlsx_sheets
from workshop.extensions import db
from workshop.models import Activity, ActivityKind, Participant, PollAnswer, Workshop


def _report_of_activities():
    workshop = seed_workshop()
    return open_docx(build_report(replace(workshop, activities=seed_activities(workshop))))


def test_the_report_has_a_section_per_activity_in_agenda_order_with_question_chart_and_table() -> None:
    document = _report_of_activities()
    assert_accessible_structure(document, "Session report: Impact workshop Taunton")
    found = heading_texts(document)
    at = found.index("Activities")
    assert found[at - 1] == "Summary"
    assert found[at + 1 : at + 5] == [
        "1. Step 1: your aim",
        "2. Step 2: the drivers",
        "3. Step 4: your story",
        "4. When I get back to work",
    ]
    text = [p.text for p in document.paragraphs]
    assert "Where will you start demonstrating impact?" in text
    assert "Quick poll: 18 people took part." in " ".join(text)
    assert any("more than one choice allowed" in line for line in text)
    assert "17 people wrote 17 statements. The statements are listed under “Statements by theme” below." in text

    assert captioned_table(document, "Results: Step 1: your aim") == [
        ["Option", "People", "Share"],
        ["A new project", "7", "39%"],
        ["Part of the service", "5", "28%"],
        ["The whole service", "4", "22%"],
        ["Something new", "2", "11%"],
    ]
    # Two charts of answered polls beside the themes' chart; nobody answered the third, so no chart.
    described = [p.get("descr") for p in document.element.body.iter(qn("wp:docPr"))]
    activity_charts = [d for d in described if "answered by" in d]
    assert len(activity_charts) == 2
    assert activity_charts[0].startswith("Bar chart of the people for each option of “Step 1: your aim”")
    assert "A new project: 7 (39%)" in activity_charts[0]
    assert "There are no results to show" not in " ".join(text)


def test_the_lead_line_holds_the_chart_and_keeps_with_the_table() -> None:
    document = _report_of_activities()
    leads = [p for p in document.paragraphs if p.text.startswith("Quick poll: 18 people took part")]
    [lead] = leads
    assert lead.paragraph_format.keep_with_next and lead.paragraph_format.keep_together
    assert list(lead._p.iter(qn("wp:docPr"))), "the chart is in the lead paragraph"


def test_a_workshop_of_one_statements_activity_keeps_the_report_it_had() -> None:
    workshop = seed_workshop()
    alone = replace(workshop, activities=seed_activities(workshop)[-1:])
    assert "Activities" not in heading_texts(open_docx(build_report(alone)))
    assert heading_texts(open_docx(build_report(alone))) == heading_texts(open_docx(build_report(workshop)))


def test_rankings_chart_first_place_longest_and_questions_have_no_chart() -> None:
    ranking = ActivityResult(
        1,
        "ranking",
        "Ranking",
        "What matters",
        "Put these in order",
        4,
        (ResultItem("Board", 4, mean_rank=1.5), ResultItem("Users", 4, mean_rank=2.5)),
        item_label="Item",
    )
    questions = ActivityResult(
        2,
        "qna",
        "Questions",
        "",
        "Ask us anything",
        3,
        (ResultItem("How do I start?", 5, note="Answered"), ResultItem("<b>Is it slow?</b>", 1)),
        item_label="Question",
        count_label="Votes",
        note_label="Status",
        chart=False,
    )
    assert "Board: mean rank 1.5; Users: mean rank 2.5" in chart_alt_text(ranking)
    document = open_docx(build_report(replace(seed_workshop(), activities=(ranking, questions))))
    assert captioned_table(document, "Results: What matters") == [
        ["Item", "People", "Mean rank"],
        ["Board", "4", "1.5"],
        ["Users", "4", "2.5"],
    ]
    assert captioned_table(document, "Results: Questions") == [
        ["Question", "Votes", "Status"],
        ["How do I start?", "5", "Answered"],
        ["<b>Is it slow?</b>", "1", ""],
    ]
    described = [p.get("descr") for p in document.element.body.iter(qn("wp:docPr"))]
    assert sum("mean rank" in d for d in described) == 1 and not any("Questions" in d for d in described)


def test_peoples_text_survives_in_the_activities_sections_and_an_empty_activity_says_so() -> None:
    document = open_docx(build_report(replace(nasty_workshop(), activities=nasty_activities())))
    assert_accessible_structure(document, document.core_properties.title)
    text = "\n".join(all_text(document))
    for nasty in NASTY_TEXTS:
        assert cleaned(nasty) in text
    assert "There are no results to show for this activity." in text
    assert "3. Word cloud" in heading_texts(document)


def test_the_csv_has_a_row_per_item_and_the_xlsx_a_sheet_per_activity() -> None:
    results = seed_activities()
    text = to_csv(ACTIVITY_COLUMNS, activity_rows(results))
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [r["activity"] for r in rows[:4]] == ["Step 1: your aim"] * 4
    first = rows[0]
    assert (first["position"], first["kind"], first["answered"], first["item"], first["count"], first["share"]) == (
        "1",
        "poll",
        "18",
        "A new project",
        "7",
        "0.3889",
    )
    assert {r["kind"] for r in rows} == {"poll", "statements"}
    assert sum(r["activity"] == "When I get back to work" for r in rows) == 6  # the seed's six themes

    workbook = load_workbook(io.BytesIO(to_xlsx_sheets(activity_sheets(results))))
    assert workbook.sheetnames == [
        "1 Step 1 your aim",
        "2 Step 2 the drivers",
        "3 Step 4 your story",
        "4 When I get back to work",
    ]
    sheet = workbook["2 Step 2 the drivers"]
    values = list(sheet.values)
    assert values[0] == ("Question", "Answered", "Option", "People", "Share")
    assert values[1][1:] == (17, "Patient safety and quality", 12, 0.7059)


# --------------------------------------------------------------------------- through the app


def _workshop_with_a_poll(signed_in) -> str:
    code = signed_in.workshop(title="MAP on tour: Winchester", prompt="When I get back to work, I'm going to…")
    for text in ("Write up a detailed SMART impact plan", "Activate a Twitter account"):
        assert signed_in.phone_for(code).post(text).status_code == 302
    with signed_in.app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        poll = Activity(kind=ActivityKind.POLL, title="Your aim", prompt="Where will you start?", position=0)
        poll.settings = {"options": ["A new project", "The whole service", "=cmd|' /C calc'!A0"], "multiple": False}
        workshop.activities.insert(0, poll)
        workshop.activities[1].position = 1
        db.session.flush()
        for choice in (0, 0, 2):
            person = Participant(workshop=workshop)
            db.session.add(person)
            db.session.flush()
            answer = PollAnswer(activity_id=poll.id, participant_id=person.id)
            answer.choices = [choice]
            db.session.add(answer)
        db.session.commit()
    return code


def test_the_downloads_page_and_the_export_command_give_the_same_activity_results(signed_in, runner, tmp_path) -> None:
    code = _workshop_with_a_poll(signed_in)
    page = signed_in.client.get(f"/facilitate/w/{code}/downloads").get_data(as_text=True)
    assert f"/facilitate/w/{code}/downloads/activities-csv" in page
    assert f"/facilitate/w/{code}/downloads/activities-xlsx" in page

    response = signed_in.client.get(f"/facilitate/w/{code}/downloads/activities-csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert attachment_name(response).endswith("-activities.csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    poll = [r for r in rows if r["kind"] == "poll"]
    assert [(r["item"], r["count"], r["share"]) for r in poll] == [
        ("A new project", "2", "0.6667"),
        ("The whole service", "0", "0.0"),
        ("'=cmd|' /C calc'!A0", "1", "0.3333"),  # a spreadsheet runs nothing
    ]
    statements = [r for r in rows if r["kind"] == "statements"]
    assert [(r["position"], r["answered"]) for r in statements] == [("2", "2")]

    out = tmp_path / "results.csv"
    result = runner.invoke(args=["export", "activities", code, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == response.data

    xlsx = signed_in.client.get(f"/facilitate/w/{code}/downloads/activities-xlsx")
    workbook = load_workbook(io.BytesIO(xlsx.data))
    assert workbook.sheetnames == ["1 Your aim", "2 Statements"]
    assert list(workbook["1 Your aim"].values)[1] == ("Where will you start?", 3, "A new project", 2, 0.6667)
    statements_book = load_workbook(
        io.BytesIO(signed_in.client.get(f"/facilitate/w/{code}/downloads/statements-xlsx").data)
    )
    assert statements_book.sheetnames == ["Statements", "1 Your aim", "2 Statements"]

    bad = runner.invoke(args=["export", "activities", code, "-o", str(tmp_path / "results.txt")])
    assert bad.exit_code != 0 and "a .csv or .xlsx file" in bad.output

    report = open_docx(signed_in.client.get(f"/facilitate/w/{code}/downloads/report").data)
    found = heading_texts(report)
    assert found[found.index("Activities") + 1 : found.index("Activities") + 3] == ["1. Your aim", "2. Statements"]

    everything = zipfile.ZipFile(io.BytesIO(signed_in.client.get(f"/facilitate/w/{code}/downloads/all").data))
    [name] = [n for n in everything.namelist() if n.endswith("-activities.csv")]
    assert everything.read(name) == response.data


def _answer_every_kind(app, code: str) -> None:
    """A word cloud, a scale, a ranking and questions, each answered through its own operation while current."""
    from workshop.kinds import operations as kinds

    with app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        made = {}
        for position, kind in enumerate(
            (ActivityKind.WORDS, ActivityKind.SCALE, ActivityKind.RANKING, ActivityKind.QUESTIONS), 1
        ):
            activity = Activity(kind=kind, title="", prompt=f"Asked by the {kind.label.lower()}", position=position)
            workshop.activities.append(activity)
            made[kind] = activity
        db.session.flush()
        kinds.configure_scale(made[ActivityKind.SCALE], 1, 5, "Not at all", "Very")
        kinds.configure_ranking(made[ActivityKind.RANKING], ["The board", "Users", "The team"])
        people = [Participant(workshop=workshop) for _ in range(4)]
        db.session.add_all(people)
        db.session.flush()

        def current(kind: ActivityKind) -> Activity:
            workshop.current_activity_id = made[kind].id
            return made[kind]

        for person, words in zip(
            people, (["Patients", "safety"], ["patient"], ["Money"], ["Safety", "time"]), strict=True
        ):
            kinds.answer_words(current(ActivityKind.WORDS), person, words)
        for person, value in zip(people, (4, 5, 4, 2), strict=True):
            kinds.answer_scale(current(ActivityKind.SCALE), person, value)
        for person, ranks in zip(people, ([1, 2, 3], [2, 1, 3], [1, 3, 2], [1, 2, 3]), strict=True):
            kinds.answer_ranking(current(ActivityKind.RANKING), person, ranks)
        asked = [
            kinds.ask_question(current(ActivityKind.QUESTIONS), people[n], kinds.QuestionEntry(text)).question
            for n, text in enumerate(("How do I start?", "Which figures count?"))
        ]
        for voter in (people[0], people[2], people[3]):
            kinds.upvote(asked[1], voter)
        kinds.upvote(asked[0], people[2])
        kinds.moderate_question(asked[0], "answer", workshop.facilitator)
        db.session.commit()


def test_every_kind_has_its_section_csv_rows_and_sheet(signed_in, runner, tmp_path) -> None:
    code = _workshop_with_a_poll(signed_in)
    _answer_every_kind(signed_in.app, code)

    report = open_docx(signed_in.client.get(f"/facilitate/w/{code}/downloads/report").data)
    found = heading_texts(report)
    start = found.index("Activities") + 1
    assert found[start : start + 6] == [
        "1. Your aim",
        "2. Statements",
        "3. Word cloud",
        "4. Scale",
        "5. Ranking",
        "6. Questions to the facilitator",
    ]
    assert captioned_table(report, "Results: Word cloud") == [  # folded: case and plurals; as most typed it
        ["Word", "People", "Share"],
        ["Patients", "2", "50%"],
        ["safety", "2", "50%"],
        ["Money", "1", "25%"],
        ["time", "1", "25%"],
    ]
    assert captioned_table(report, "Results: Scale") == [
        ["Point", "People", "Share"],
        ["1 (Not at all)", "0", "0%"],
        ["2", "1", "25%"],
        ["3", "0", "0%"],
        ["4", "2", "50%"],
        ["5 (Very)", "1", "25%"],
    ]
    paragraphs = [p.text.strip() for p in report.paragraphs]
    assert "Scale: 4 people took part; mean: 3.8 on a scale of 1 to 5; median: 4." in paragraphs
    assert captioned_table(report, "Results: Ranking") == [
        ["Item", "Ranked first", "Mean rank"],
        ["The board", "3", "1.2"],
        ["Users", "1", "2.0"],
        ["The team", "0", "2.8"],
    ]
    assert captioned_table(report, "Results: Questions to the facilitator") == [
        ["Question", "Votes", "Status"],
        ["Which figures count?", "3", "Open"],
        ["How do I start?", "1", "Answered"],
    ]
    described = [p.get("descr") for p in report.element.body.iter(qn("wp:docPr"))]
    assert sum("answered by 4 people" in d for d in described) == 3  # word cloud, scale, ranking: questions have none

    out = tmp_path / "results.xlsx"
    assert runner.invoke(args=["export", "activities", code, "-o", str(out)]).exit_code == 0
    workbook = load_workbook(out)
    assert workbook.sheetnames == [
        "1 Your aim",
        "2 Statements",
        "3 Word cloud",
        "4 Scale",
        "5 Ranking",
        "6 Questions to the facilitator",
    ]
    assert list(workbook["5 Ranking"].values)[1] == ("Asked by the ranking", 4, "The board", 3, 1.25)
    rows = list(
        csv.DictReader(
            io.StringIO(
                signed_in.client.get(f"/facilitate/w/{code}/downloads/activities-csv")
                .get_data(as_text=True)
                .lstrip("\ufeff")
            )
        )
    )
    assert {r["kind"] for r in rows} == {"poll", "statements", "words", "scale", "ranking", "questions"}
    assert [(r["item"], r["count"], r["note"]) for r in rows if r["kind"] == "questions"] == [
        ("Which figures count?", "3", "Open"),
        ("How do I start?", "1", "Answered"),
    ]
