"""What happened next and the evidence pack (issue 17): a workshop's follow-up counted (commitments
made, followed up, done, in progress, not started), the quotes whose authors consented attributed by
role only, on a facilitator page linked from the workshop page; nothing unconsented, no names.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from flask import Flask
from sqlalchemy import select

from exports.builders.evidence import NOT_SHARED, attribution, build_evidence_pack, evidence_xlsx, follow_up_summary
from exports.builders.story import build_story_template
from exports.data import StatementData, WorkshopData, WorkshopEvidence
from surveys.design import NetPromoterScore, OptionCount, QuestionResult
from surveys.models import FollowUpResponse, Survey
from surveys.operations import submit_response
from surveys.outcomes import QUOTE_CONSENT
from surveys.results import headline
from tests.conftest import Actions, attachment_name
from tests.docs_helpers import (
    NASTY_TEXTS,
    all_text,
    assert_accessible_structure,
    cleaned,
    heading_texts,
    nasty_evidence,
    nasty_workshop,
    open_docx,
)
from tests.test_surveys_follow_up import Kit
from workshop.common.followups import FollowedUpStatement, FollowUpAnswer, FollowUpEvidence
from workshop.extensions import db
from workshop.models import Facilitator, Participant, Series, SeriesWorkshop, Workshop
from workshop.operations import create_series

CONSENTED_QUOTE = "It changed how our team searches"
PRIVATE_QUOTE = "Words I did not want quoted"
PRIVATE_DIFFERENCE = "A difference nobody agreed to share"


class Tour:
    """A closed workshop: a ward manager (two statements), a student nurse (one), someone without a role (one).

    The manager followed up with a quote they agreed to share; the nurse answered without consent.
    """

    def __init__(self, actions: Actions, title: str = "MAP on tour: Taunton") -> None:
        kit = Kit.__new__(Kit)  # Kit's own constructor posts without names or roles
        kit.actions, kit.app = actions, actions.app
        kit.code = actions.workshop(title=title, ask_names=True)
        people = [
            (("Write a case study for the board", "Run a journal club"), "Alice Hidden-Name", "Ward manager"),
            (("Tweet about the library",), "Bob Hidden-Name", "Student nurse"),
            (("Book a literature search",), "", ""),
        ]
        for texts, name, role in people:
            phone = actions.phone_for(kit.code)
            for text in texts:
                assert phone.post(text, name=name, role=role).status_code == 302
        page = f"/facilitate/w/{kit.code}"
        actions.post_form(f"{page}/state", {"state": "closed"}, page=page)
        response = actions.post_form(f"/facilitate/surveys/follow-up/{kit.code}", {})
        kit.survey = response.headers["Location"].rsplit("/", 1)[-1]
        kit.publish()
        with kit.app.app_context():
            workshop_id = db.session.scalar(select(Workshop.id).where(Workshop.code == kit.code))
            rows = db.session.scalars(
                select(Participant).where(Participant.workshop_id == workshop_id).order_by(Participant.id)
            )
            manager, nurse, _ = [p.token for p in rows if p.statements]
        first, second = kit.statement_ids(manager)
        answer = {
            f"progress-{first}": "done",
            f"difference-{first}": "The board funded two more outreach sessions",
            f"progress-{second}": "in_progress",
            "quote": CONSENTED_QUOTE,
            "quote_consent": "y",
        }
        assert kit.answer(manager, answer).status_code == 302
        [only] = kit.statement_ids(nurse)
        answer = {f"progress-{only}": "not_started", f"difference-{only}": PRIVATE_DIFFERENCE, "quote": PRIVATE_QUOTE}
        assert kit.answer(nurse, answer).status_code == 302
        self.kit, self.code = kit, kit.code


@pytest.fixture()
def tour(signed_in: Actions) -> Tour:
    return Tour(signed_in)


def test_the_workshop_page_links_what_happened_next_with_counts_and_consented_quotes_only(
    signed_in: Actions, tour: Tour
) -> None:
    workshop_page = signed_in.client.get(f"/facilitate/w/{tour.code}").get_data(as_text=True)
    assert f'href="/facilitate/w/{tour.code}/what-happened-next"' in workshop_page
    response = signed_in.client.get(f"/facilitate/w/{tour.code}/what-happened-next")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    row = re.search(r'<table class="results-table" id="follow-up-counts">.*?</table>', page, re.S)
    assert row is not None
    numbers = re.findall(r'<td class="num">(\d+)</td>', row.group(0))
    assert numbers == ["4", "3", "1", "1", "1", "2"]  # made, followed up, done, in progress, not started, people
    assert CONSENTED_QUOTE in page and "(Ward manager)" in page
    for private in (PRIVATE_QUOTE, PRIVATE_DIFFERENCE, "Hidden-Name", "Student nurse"):
        assert private not in page


def test_what_happened_next_is_the_owners_only_and_says_so_when_nothing_came_back(
    app: Flask, signed_in: Actions
) -> None:
    code = signed_in.workshop(title="Nobody answered")
    page = signed_in.client.get(f"/facilitate/w/{code}/what-happened-next").get_data(as_text=True)
    assert "No follow-up answers yet" in page and "No quotes yet" in page
    assert signed_in.client.get("/facilitate/w/NOSUCH/what-happened-next").status_code == 404
    signed_in.facilitator("other@example.nhs.uk", "Other")
    stranger = app.test_client()
    signed_in.sign_in("other@example.nhs.uk", client=stranger)
    assert stranger.get(f"/facilitate/w/{code}/what-happened-next").status_code == 404
    assert app.test_client().get(f"/facilitate/w/{code}/what-happened-next").status_code in (302, 401)


def _evidence(title: str, answers: tuple[FollowUpAnswer, ...], statements: int) -> WorkshopEvidence:
    workshop = WorkshopData(
        title=title,
        code=title[:6].upper(),
        date=date(2026, 11, 20),
        statements=tuple(StatementData(id=n, text=f"Action {n}", participant_key=str(n)) for n in range(statements)),
    )
    return WorkshopEvidence(workshop, FollowUpEvidence(answers=answers))


def test_a_series_summary_adds_up_its_workshops_and_the_latest_answer_wins() -> None:
    done, later = FollowedUpStatement(0, "Action 0", "In progress"), FollowedUpStatement(0, "Action 0", "Done")
    taunton = _evidence(
        "Taunton",
        (
            FollowUpAnswer(1, "Follow-up", (done,)),
            FollowUpAnswer(2, "Second follow-up", (later, FollowedUpStatement(1, "Action 1", "Not started"))),
            # A statement no longer visible (hidden since) is not counted as followed up.
            FollowUpAnswer(3, "Follow-up", (FollowedUpStatement(99, "Hidden", "Done"),), quote="Yes", consented=True),
        ),
        statements=3,
    )
    bristol = _evidence("Bristol", (FollowUpAnswer(4, "Follow-up", (FollowedUpStatement(0, "A", "Done"),)),), 2)
    summary = follow_up_summary([taunton, bristol])
    assert [(r.label, r.commitments, r.followed_up, r.done, r.in_progress, r.not_started) for r in summary.rows] == [
        ("Taunton", 3, 2, 1, 0, 1),
        ("Bristol", 2, 1, 1, 0, 0),
    ]
    assert (summary.total.commitments, summary.total.followed_up, summary.total.done, summary.total.answers) == (
        5,
        3,
        2,
        4,
    )
    assert [(q.text, q.attribution, q.workshop) for q in summary.quotes] == [("Yes", "A participant", "Taunton")]
    assert [s.answer.id for s in summary.stories] == [3]
    assert attribution("  Clinical   librarian ") == "Clinical librarian"


# --------------------------------------------------------------------------- stories from follow-up answers


def _story_links(page: str) -> list[str]:
    return re.findall(r'href="(/facilitate/w/[^"]+/what-happened-next/story-\d+\.docx)"', page)


def test_a_story_is_prefilled_from_a_consented_answer_with_the_consent_recorded(
    app: Flask, signed_in: Actions, tour: Tour
) -> None:
    page = signed_in.client.get(f"/facilitate/w/{tour.code}/what-happened-next").get_data(as_text=True)
    [link] = _story_links(page)  # only the manager consented: one story to pick
    response = signed_in.client.get(link)
    assert response.status_code == 200
    number = link.rsplit("-", 1)[-1].removesuffix(".docx")
    assert attachment_name(response) == f"map-on-tour-taunton-ward-manager-{number}-story.docx"
    document = open_docx(response.data)
    assert_accessible_structure(document, "Impact story: case study")
    words = "\n".join(all_text(document))
    assert "Write a case study for the board (done)" in words and "Run a journal club (in progress)" in words
    assert "The board funded two more outreach sessions" in words
    assert f"“{CONSENTED_QUOTE}”" in words
    assert "Role (never their name): Ward manager" in words
    assert f"the participant ticked “{QUOTE_CONSENT}”" in words and "They have not agreed to be named." in words
    assert "☒  The person quoted has agreed to the quote being used" in words
    assert "☐  They may be named (otherwise the quote is anonymous)" in words
    for private in ("Hidden-Name", PRIVATE_QUOTE, PRIVATE_DIFFERENCE, "Tweet about the library"):
        assert private not in words


def test_no_story_from_an_answer_without_consent_or_from_another_workshop(
    app: Flask, signed_in: Actions, tour: Tour
) -> None:
    with app.app_context():
        ids = {r.id: r.quote_consent for r in db.session.scalars(select(FollowUpResponse))}
    [unconsented] = [number for number, consent in ids.items() if not consent]
    [consented] = [number for number, consent in ids.items() if consent]
    refused = signed_in.client.get(f"/facilitate/w/{tour.code}/what-happened-next/story-{unconsented}.docx")
    assert refused.status_code == 404 and "agreed to be quoted" in refused.get_data(as_text=True)
    other = signed_in.workshop(title="Another workshop")
    assert signed_in.client.get(f"/facilitate/w/{other}/what-happened-next/story-{consented}.docx").status_code == 404
    assert signed_in.client.get(f"/facilitate/w/{tour.code}/what-happened-next/story-99999.docx").status_code == 404
    assert signed_in.client.get(f"/facilitate/w/{tour.code}/what-happened-next/story-x.docx").status_code == 404


def test_the_story_builder_keeps_every_text_and_refuses_an_unconsented_answer() -> None:
    workshop = nasty_workshop()
    items = tuple(FollowedUpStatement(n, text, "Done", difference=text) for n, text in enumerate(NASTY_TEXTS))
    answer = FollowUpAnswer(7, "Follow-up", items, role=NASTY_TEXTS[2], quote=NASTY_TEXTS[1], consented=True)
    words = "\n".join(all_text(open_docx(build_story_template(workshop, answer=answer))))
    for text in NASTY_TEXTS:
        assert cleaned(text) in words
    assert "agreed to be quoted, attributed by their role" in words  # no wording given: the consent still recorded
    with pytest.raises(ValueError, match="consented"):
        build_story_template(workshop, answer=FollowUpAnswer(8, "Follow-up", items, quote=""))


# --------------------------------------------------------------------------- the evidence pack


def _answer_the_survey(app: Flask, tour: Tour) -> None:
    """Two people answer the follow-up survey's own questions (the kit's first one: how much have you done)."""
    with app.test_request_context():  # a response is counted against the sender's address
        survey = db.session.scalar(select(Survey).where(Survey.code == tour.kit.survey))
        assert survey is not None
        first, second, written = survey.questions[0], survey.questions[1], survey.questions[2]
        assert written.qtype == "free_text"
        for respondent, share in (("device-1", "All of it"), ("device-2", "Some of it")):
            answers = {first.key: share, second.key: ["Not enough time"], written.key: "Ask Dr Jones about it"}
            submit_response(survey, respondent, answers)
        db.session.commit()


def _rows(table) -> list[list[str]]:  # noqa: ANN001 - a python-docx table
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_evidence_pack_counts_quotes_and_survey_headlines_without_anything_unconsented(
    app: Flask, signed_in: Actions, tour: Tour
) -> None:
    _answer_the_survey(app, tour)
    page = signed_in.client.get(f"/facilitate/w/{tour.code}/what-happened-next").get_data(as_text=True)
    link = f"/facilitate/w/{tour.code}/downloads/evidence"
    assert f'href="{link}"' in page and f'href="{link}-xlsx"' in page
    response = signed_in.client.get(link)
    assert response.status_code == 200
    assert attachment_name(response) == "map-on-tour-taunton-evidence.docx"
    document = open_docx(response.data)
    title = "Evidence of impact: MAP on tour: Taunton"
    assert_accessible_structure(document, title)
    assert heading_texts(document)[:4] == [
        title,
        "Commitments made and followed up",
        "In their words",
        "Surveys and their headline results",
    ]
    assert ["MAP on tour: Taunton", "4", "3", "1", "1", "1", "2"] in _rows(document.tables[0])
    words = "\n".join(all_text(document))
    assert "4 commitments were made and 3 (75 %) followed up: 1 done (33 % of those followed up)" in words
    assert f"“{CONSENTED_QUOTE}”" in words and "— Ward manager" in words
    assert (
        "Follow-up: MAP on tour: Taunton" in words
        and "Open; 2 responses of 3 invited, a response rate of 66.7 %." in words
    )
    assert (
        "Since the workshop, how much of what you planned have you done?"
        " Chosen equally often: “All of it” and “Some of it” (50 %, 1 of 2 each)." in words
    )
    assert "2 written answers are not copied here" in words
    for private in ("Hidden-Name", PRIVATE_QUOTE, PRIVATE_DIFFERENCE, "Dr Jones", "Student nurse", "@"):
        assert private not in words

    data = signed_in.client.get(f"{link}-xlsx")
    assert data.status_code == 200 and attachment_name(data) == "map-on-tour-taunton-evidence-data.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(data.data), read_only=True)
    assert book.sheetnames == ["Summary", "Commitments", "Quotes", "Surveys"]
    sheets = {name: [list(row) for row in book[name].iter_rows(values_only=True)] for name in book.sheetnames}
    assert sheets["Summary"][1] == ["MAP on tour: Taunton", 4, 3, 1, 1, 1, 2]
    commitments = sheets["Commitments"][1:]
    assert len(commitments) == 4 and {row[3] for row in commitments} == {NOT_SHARED}  # nobody ticked "share"
    assert sorted(row[4] for row in commitments) == ["Done", "In progress", "Not followed up", "Not started"]
    assert sheets["Quotes"][1:] == [["MAP on tour: Taunton", CONSENTED_QUOTE, "Ward manager"]]
    assert any("Chosen equally often: “All of it” and “Some of it”" in str(row[6]) for row in sheets["Surveys"][1:])
    everything = repr(sheets)
    for private in ("Hidden-Name", PRIVATE_QUOTE, PRIVATE_DIFFERENCE, "Dr Jones", "Student nurse"):
        assert private not in everything


def test_export_evidence_writes_word_and_xlsx_for_a_workshop_or_a_series(
    app: Flask, signed_in: Actions, tour: Tour, tmp_path: Path
) -> None:
    runner = app.test_cli_runner()
    output = tmp_path / "out" / "evidence.docx"
    result = runner.invoke(args=["export", "evidence", tour.code.lower(), "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert output.is_file() and (tmp_path / "out" / "evidence.xlsx").is_file()
    assert ["MAP on tour: Taunton", "4", "3", "1", "1", "1", "2"] in _rows(open_docx(output.read_bytes()).tables[0])

    other = Tour(signed_in, title="MAP on tour: Bristol")
    with app.app_context():
        owner = db.session.scalar(select(Facilitator))
        series = Series(name="MAP on tour 2026", facilitator_id=owner.id)
        for position, code in enumerate((tour.code, other.code)):
            workshop = db.session.scalar(select(Workshop).where(Workshop.code == code))
            series.members.append(SeriesWorkshop(workshop=workshop, position=position))
        empty = Series(name="Nothing yet", facilitator_id=owner.id)
        db.session.add_all([series, empty])
        db.session.commit()
        series_id, empty_id = series.id, empty.id
    word, sheet = tmp_path / "series.docx", tmp_path / "data" / "series-data.xlsx"
    result = runner.invoke(args=["export", "evidence", str(series_id), "-o", str(word), "--xlsx", str(sheet)])
    assert result.exit_code == 0, result.output
    document = open_docx(word.read_bytes())
    assert heading_texts(document)[0] == "Evidence of impact: MAP on tour 2026"
    counts = _rows(document.tables[1])  # the first table lists the workshops
    assert counts[1:] == [
        ["MAP on tour: Taunton", "4", "3", "1", "1", "1", "2"],
        ["MAP on tour: Bristol", "4", "3", "1", "1", "1", "2"],
        ["All workshops", "8", "6", "2", "2", "2", "4"],
    ]
    book = openpyxl.load_workbook(sheet, read_only=True)
    assert [row[0] for row in book["Quotes"].iter_rows(min_row=2, values_only=True)] == [
        "MAP on tour: Taunton",
        "MAP on tour: Bristol",
    ]

    for args, message in (
        (["NOSUCH"], "no workshop with code NOSUCH and no series with id NOSUCH"),
        (["123456789012345678901"], "no series with id 123456789012345678901"),
        ([str(empty_id)], "has no workshops yet"),
        ([tour.code, "--xlsx", str(word)], "need different names"),
    ):
        result = runner.invoke(args=["export", "evidence", args[0], "-o", str(word), *args[1:]])
        assert result.exit_code == 1 and message in result.output, result.output
        assert "Traceback" not in result.output


def _series_of(app: Flask, name: str, codes: tuple[str, ...]) -> int:
    with app.app_context():
        owner = db.session.scalar(select(Facilitator).where(Facilitator.email == "tracey@example.nhs.uk"))
        workshops = [db.session.scalar(select(Workshop).where(Workshop.code == code)) for code in codes]
        series = create_series(owner, name, workshops)
        db.session.commit()
        return series.id


def test_the_series_page_links_what_happened_next_for_the_series_its_stories_and_evidence_pack(
    app: Flask, signed_in: Actions, tour: Tour
) -> None:
    other = Tour(signed_in, title="MAP on tour: Bristol")
    series_id = _series_of(app, "MAP on tour 2026", (tour.code, other.code))
    url = f"/facilitate/series/{series_id}"
    series_page = signed_in.client.get(url).get_data(as_text=True)
    for link in ("what-happened-next", "evidence.docx", "evidence.xlsx"):
        assert f'href="{url}/{link}"' in series_page, link

    page = signed_in.client.get(f"{url}/what-happened-next").get_data(as_text=True)
    assert "What happened next: MAP on tour 2026" in page and f'href="{url}"' in page
    table = re.search(r'<table class="results-table" id="follow-up-counts">.*?</table>', page, re.S)
    assert table is not None
    rows = re.findall(
        r'<tr><th scope="row" dir="auto">([^<]+)</th>((?:<td class="num">\d+</td>)+)</tr>', table.group(0)
    )
    assert [(label, re.findall(r"\d+", cells)) for label, cells in rows] == [
        ("MAP on tour: Taunton", ["4", "3", "1", "1", "1", "2"]),
        ("MAP on tour: Bristol", ["4", "3", "1", "1", "1", "2"]),
    ]
    total = re.findall(r"<td class=\"num\"><strong>(\d+)</strong></td>", table.group(0))
    assert total == ["8", "6", "2", "2", "2", "4"]
    assert "6 of 8 commitments followed up; 2 done and 2 in progress." in page
    assert page.count(CONSENTED_QUOTE) == 2 and "(Ward manager, MAP on tour: Bristol)" in page
    for private in (PRIVATE_QUOTE, PRIVATE_DIFFERENCE, "Hidden-Name", "Student nurse"):
        assert private not in page

    stories = re.findall(rf'href="({url}/what-happened-next/story-(\d+)\.docx)"', page)
    assert len(stories) == 2  # one consented answer in each workshop
    story = signed_in.client.get(stories[1][0])
    assert story.status_code == 200
    assert attachment_name(story) == f"map-on-tour-bristol-ward-manager-{stories[1][1]}-story.docx"
    assert f"“{CONSENTED_QUOTE}”" in "\n".join(all_text(open_docx(story.data)))
    with app.app_context():
        unconsented = db.session.scalar(select(FollowUpResponse.id).where(FollowUpResponse.quote_consent.is_(False)))
    refused = signed_in.client.get(f"{url}/what-happened-next/story-{unconsented}.docx")
    assert refused.status_code == 404 and "agreed to be quoted" in refused.get_data(as_text=True)
    elsewhere = _series_of(app, "Only Taunton", (tour.code,))  # Bristol's answer is not this series'
    assert (
        signed_in.client.get(
            f"/facilitate/series/{elsewhere}/what-happened-next/{stories[1][0].rsplit('/', 1)[1]}"
        ).status_code
        == 404
    )

    word = signed_in.client.get(f"{url}/evidence.docx")
    assert word.status_code == 200 and attachment_name(word) == "map-on-tour-2026-evidence.docx"
    document = open_docx(word.data)
    assert heading_texts(document)[0] == "Evidence of impact: MAP on tour 2026"
    assert _rows(document.tables[1])[-1] == ["All workshops", "8", "6", "2", "2", "2", "4"]
    sheet = signed_in.client.get(f"{url}/evidence.xlsx")
    assert sheet.status_code == 200 and attachment_name(sheet) == "map-on-tour-2026-evidence-data.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(sheet.data), read_only=True)
    assert len(list(book["Quotes"].iter_rows(min_row=2, values_only=True))) == 2
    assert signed_in.client.get(f"{url}/evidence.pdf").status_code == 404


def test_an_empty_series_has_no_evidence_to_download_and_says_so(app: Flask, signed_in: Actions) -> None:
    code = signed_in.workshop(title="Soon gone")
    series_id = _series_of(app, "Empty tour", (code,))
    with app.app_context():
        db.session.delete(db.session.scalar(select(Workshop).where(Workshop.code == code)))
        db.session.commit()
    url = f"/facilitate/series/{series_id}"
    assert "evidence.docx" not in signed_in.client.get(url).get_data(as_text=True)
    page = signed_in.client.get(f"{url}/what-happened-next")
    assert page.status_code == 200 and "has no workshops yet" in page.get_data(as_text=True)
    refused = signed_in.client.get(f"{url}/evidence.docx")
    assert refused.status_code == 404 and "add some before downloading" in refused.get_data(as_text=True)


def test_the_evidence_builder_takes_a_series_and_keeps_every_text() -> None:
    evidence = nasty_evidence()
    document = open_docx(build_evidence_pack(evidence, series="Tour <b> & co"))
    assert_accessible_structure(document, "Evidence of impact: Tour <b> & co")
    words = "\n".join(all_text(document))
    consented = [answer.quote for answer in evidence[0].follow_up.answers if answer.consented]
    for text in consented:
        assert f"“{cleaned(text)}”" in words
    assert "4 written answers are not copied here" in words
    assert "No survey" not in words
    made = len(NASTY_TEXTS) + len(evidence[1].workshop.statements)
    rows = _rows(document.tables[1])
    assert rows[-1] == ["All workshops", str(made), str(len(NASTY_TEXTS)), "3", "3", "3", "9"]
    book = openpyxl.load_workbook(io.BytesIO(evidence_xlsx(evidence)), read_only=True)
    commitments = list(book["Commitments"].iter_rows(min_row=2, values_only=True))
    assert len(commitments) == made
    assert all(isinstance(cell, str) and not cell.startswith("=") for row in commitments for cell in row[3:4])
    with pytest.raises(ValueError, match="at least one workshop"):
        build_evidence_pack(())


def test_headline_results_name_the_answer_most_chosen_a_mean_or_a_score_never_free_text() -> None:
    def result(qtype: str, **fields: object) -> QuestionResult:
        return QuestionResult(number=1, ref=(1, 1), key="q", text="Q?", qtype=qtype, answered=4, skipped=0, **fields)

    options = (OptionCount("Yes", 3, 75.0), OptionCount("No", 1, 25.0))
    assert headline(result("yes_no_na", options=options)) == "Q? Most chosen: “Yes” (75 %, 3 of 4)."
    tied = (OptionCount("Medical", 1, 33.3), OptionCount("Nursing", 1, 33.3), OptionCount("Other", 1, 33.3))
    assert headline(replace(result("single", options=tied), answered=3)) == (
        "Q? Chosen equally often: “Medical”, “Nursing” and “Other” (33.3 %, 1 of 3 each)."
    )
    assert headline(result("rating10", mean=7.5)) == "Q? Mean 7.5 out of 10 (4 answered)."
    assert headline(result("ranking", mean_ranks=(("Speed", 1.5), ("Cost", 2.0)))).startswith(
        "Q? Ranked highest: “Speed”"
    )
    assert headline(result("nps", nps=NetPromoterScore(25, 2, 1, 1))).startswith("Q? Net Promoter Score: +25")
    assert headline(result("free_text", free_text=("Ask Dr Jones",))) == "Q? 4 answers in the respondents' own words."
    assert headline(replace(result("single"), answered=0)) == "Q? No answers yet."
