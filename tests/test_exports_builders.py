"""The Word builders, read back as a person (or a screen reader) would meet the documents."""

from __future__ import annotations

from dataclasses import replace

import pytest
from docx.oxml.ns import qn

from bench.samples import SEED_STATEMENTS, participants_of, seed_workshop
from exports.builders import (
    build_impact_plan,
    build_report,
    build_smart_plan,
    build_story_template,
)
from exports.data import ParticipantData, StatementData, WorkshopData
from tests.docs_helpers import (
    NASTY_TEXTS,
    all_text,
    assert_accessible_structure,
    cell_texts,
    cleaned,
    heading_texts,
    headings,
    nasty_workshop,
    open_docx,
)


@pytest.fixture
def workshop() -> WorkshopData:
    return seed_workshop()


@pytest.fixture
def participant(workshop: WorkshopData) -> ParticipantData:
    return participants_of(workshop)[2]  # statement 3: social media, a librarian


# --------------------------------------------------------------------------- session report


def test_report_tells_the_session_story(workshop: WorkshopData) -> None:
    document = open_docx(build_report(workshop))

    assert_accessible_structure(document, "Session report: Impact workshop Taunton")
    assert heading_texts(document) == [
        "Impact workshop Taunton",
        "Key messages and next steps",
        "Summary",
        "Pinned statements",
        "Themes at a glance",
        "Statements by theme",
        "1. Feedback and surveys",  # ranked by the room's votes: 9, 7, 6, 5, 4, 2
        "2. Social media",
        "3. Case studies and stories",
        "4. Shout about it",
        "5. Meeting stakeholders",
        "6. Impact plans",
        "Unsorted statements",
        "How the statements were grouped",
        "The five steps to demonstrating impact",
    ]
    text = "\n".join(all_text(document))
    for fact in ("Friday 20 November 2026", "Musgrove Park Hospital, Taunton", "Tracey and Victoria"):
        assert fact in text
    assert "When I get back to work, I'm going to…" in text
    assert "Next step: a follow-up call in eight weeks to share first case studies." in text
    summary = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows[1:]}
    assert summary["Participants"] == "19"
    assert summary["Statements"] == "17"
    assert summary["Statements with a date or deadline"].endswith(
        "of 17 (" + summary["Statements with a date or deadline"].split("(")[1]
    )
    assert summary["Themes"] == "6"
    assert summary["Unsorted statements"] == "1"
    assert summary["Votes cast"] == "33"
    cells = list(cell_texts(document))
    for statement in SEED_STATEMENTS:
        assert any(cell.endswith(statement) for cell in cells), f"statement missing: {statement}"


def test_report_speaks_to_stakeholders_not_to_the_kit(workshop: WorkshopData) -> None:
    """No engine names, keyword lists, database numbers or join codes in what stakeholders read."""
    document = open_docx(build_report(workshop))
    text = "\n".join([*all_text(document), *cell_texts(document)])

    for jargon in ("embeddings", "Grouping engine", "Why these belong together", "Twitter, social media, Instagram"):
        assert jargon not in text
    assert "TAU-7KX" not in text
    for table in document.tables:
        assert table.rows[0].cells[0].text != "No."


def test_report_counts_smart_statements() -> None:
    statements = tuple(
        StatementData(id=i, text=f"Statement {i}", participant_key=str(i), has_time=i <= 3, has_measure=i == 1)
        for i in range(1, 5)
    )
    document = open_docx(build_report(WorkshopData(title="SMART", code="X", statements=statements)))

    summary = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows[1:]}
    assert summary["Statements with a date or deadline"] == "3 of 4 (75%)"
    assert summary["Statements with something to measure"] == "1 of 4 (25%)"


def test_report_of_an_anonymous_workshop_has_no_from_column(workshop: WorkshopData) -> None:
    document = open_docx(build_report(replace(workshop, names_asked=False)))

    statement_tables = [t for t in document.tables if t.rows[0].cells[0].text == "Statement"]
    assert len(statement_tables) == 8  # pinned, six themes, unsorted
    assert all(len(table.columns) == 1 for table in statement_tables)
    assert "Anonymous" not in "\n".join(cell_texts(document))
    named = open_docx(build_report(workshop))
    assert [c.text for c in named.tables[-1].rows[0].cells] == ["Statement", "From"]


def test_report_without_key_messages_has_no_empty_section(workshop: WorkshopData) -> None:
    document = open_docx(build_report(replace(workshop, key_messages=" \n- \n")))

    assert "Key messages and next steps" not in heading_texts(document)


def test_report_key_messages_are_a_list_without_the_markers_typed(workshop: WorkshopData) -> None:
    document = open_docx(build_report(replace(workshop, key_messages="- First\n\n* Second\n• Third")))

    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert bullets == ["First", "Second", "Third"]


def test_report_highlights_pinned_statements_not_by_colour_alone(workshop: WorkshopData) -> None:
    document = open_docx(build_report(workshop))

    pinned_cells = [
        row.cells[0] for table in document.tables for row in table.rows if row.cells[0].text.startswith("Pinned: ")
    ]
    pinned_texts = {cell.text.removeprefix("Pinned: ") for cell in pinned_cells}
    assert pinned_texts == {SEED_STATEMENTS[1], SEED_STATEMENTS[15]}
    for cell in pinned_cells:
        fill = cell._tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
        assert fill is not None and fill.get(qn("w:fill")) == "FFF2CC"


def test_report_chart_is_an_image_with_alt_text_and_its_data_in_a_table(
    workshop: WorkshopData,
) -> None:
    document = open_docx(build_report(workshop))

    (picture,) = document.inline_shapes
    doc_pr = picture._inline.docPr
    assert doc_pr.get("descr").startswith("Bar chart of the number of votes for each theme")
    assert "Feedback and surveys: 9" in doc_pr.get("descr")
    assert doc_pr.get("title") == "Votes per theme"
    overview = document.tables[2]
    assert [c.text for c in overview.rows[0].cells] == ["Rank", "Theme", "Votes", "Statements"]
    assert [c.text for c in overview.rows[1].cells] == ["1", "Feedback and surveys", "9", "4"]
    assert [c.text for c in overview.rows[-1].cells] == ["6", "Impact plans", "2", "1"]


def test_report_without_voting_keeps_the_board_order_and_charts_statements(workshop: WorkshopData) -> None:
    document = open_docx(build_report(replace(workshop, voting_used=False)))

    overview = document.tables[2]
    assert [c.text for c in overview.rows[0].cells] == ["No.", "Theme", "Statements"]
    assert [c.text for c in overview.rows[1].cells] == ["1", "Social media", "3"]
    assert document.inline_shapes[0]._inline.docPr.get("title") == "Statements per theme"


def test_report_without_themes_lists_every_statement_once(workshop: WorkshopData) -> None:
    plain = replace(workshop, themes=(), unsorted_ids=(), voting_used=False, grouping_engine="")
    document = open_docx(build_report(plain))

    titles = heading_texts(document)
    assert "Statements" in titles and "Themes at a glance" not in titles
    assert not document.inline_shapes
    statement_cells = [row.cells[0].text.removeprefix("Pinned: ") for row in document.tables[-1].rows[1:]]
    assert statement_cells == list(SEED_STATEMENTS)
    assert "The statements were not grouped into themes." in all_text(document)


def test_report_of_an_empty_workshop_still_opens() -> None:
    document = open_docx(build_report(WorkshopData(title="", code="")))

    assert headings(document)[0] == (0, "Impact workshop")
    assert "No statements were posted in this session." in all_text(document)


def test_report_never_loses_a_statement_the_themes_forgot(workshop: WorkshopData) -> None:
    inconsistent = replace(workshop, unsorted_ids=(), themes=workshop.themes[:2])
    document = open_docx(build_report(inconsistent))

    assert set(SEED_STATEMENTS) <= {cell.removeprefix("Pinned: ") for cell in cell_texts(document)}


# --------------------------------------------------------------------------- personal plans


def test_smart_plan_is_prefilled_with_the_participants_own_words(
    participant: ParticipantData,
) -> None:
    statement = participant.statements[0]
    document = open_docx(build_smart_plan(participant, hints={statement.id: ["Say which accounts.", "Add a date."]}))

    assert_accessible_structure(document, "My SMART action plan")
    assert heading_texts(document) == [
        "My SMART action plan",
        "My action",
        "Hints to make it SMART",
        "Make it SMART",
        "First steps",
        "Evidence to collect",
        "Review date",
        "Shout about it",
    ]
    paragraphs = [p.text for p in document.paragraphs]
    assert statement.text in paragraphs
    assert "Theme: Social media" in paragraphs
    assert "Name: Participant 3" in paragraphs and "Role: Librarian" in paragraphs
    assert "Say which accounts." in paragraphs and "Add a date." in paragraphs
    smart = document.tables[0]
    assert [row.cells[0].text for row in smart.rows] == [
        "SMART",
        "Specific",
        "Measurable",
        "Achievable",
        "Relevant",
        "Time-bound",
    ]
    assert all(row.cells[2].text == "" for row in smart.rows[1:]), "space to write"
    steps = document.tables[1]
    assert [c.text for c in steps.rows[0].cells] == ["Step", "What I will do", "With whom", "By when"]
    review = next(p for p in paragraphs if p.startswith("I will review my progress on"))
    assert "Friday 15 January 2027 (8 weeks after the workshop)" in review
    assert any("☐" in p for p in paragraphs)


def test_smart_plan_has_one_action_per_statement_and_a_blank_review_date_without_a_date(
    workshop: WorkshopData,
) -> None:
    undated = replace(workshop, date=None)
    two = ParticipantData(
        workshop=undated,
        participant_key="k",
        statements=workshop.statements[:2],
    )
    document = open_docx(build_smart_plan(two))

    titles = heading_texts(document)
    assert titles.count("Make it SMART") == 2
    assert "Action 1" in titles and "Action 2" in titles
    review = [p.text for p in document.paragraphs if p.text.startswith("I will review")]
    assert review == ["I will review my progress on: \t"] * 2


def test_plans_of_a_participant_without_statements_leave_space_to_write(
    workshop: WorkshopData,
) -> None:
    nobody = ParticipantData(workshop=workshop, participant_key="x")
    for build in (build_smart_plan, build_impact_plan):
        document = open_docx(build(nobody))
        assert "When I get back to work, I'm going to…" in [p.text for p in document.paragraphs]
        assert "Name: \t" in [p.text for p in document.paragraphs]


def test_plans_quote_a_statement_without_a_repeat_of_the_prompt_above_it(participant: ParticipantData) -> None:
    said = replace(participant.statements[0], text="When I get back to work I'm going to run a survey by March")
    mine = replace(participant, statements=(said,))
    for build in (build_smart_plan, build_impact_plan):
        paragraphs = [p.text for p in open_docx(build(mine)).paragraphs]
        prompt = paragraphs.index("When I get back to work, I'm going to…")
        assert "run a survey by March" in paragraphs[prompt + 1 : prompt + 3], build.__name__
        assert said.text not in paragraphs


def test_impact_plan_follows_the_five_steps_with_the_statement_as_aim(
    participant: ParticipantData,
) -> None:
    document = open_docx(build_impact_plan(participant))

    assert_accessible_structure(document, "My five-step impact plan")
    steps = [text for level, text in headings(document) if level == 1]
    assert steps == [
        "Step 1: Consider your aim",
        "Step 2: Identify the drivers",
        "Step 3: Capture your idea",
        "Step 4: Tell your story",
        "Step 5: Share it",
    ]
    paragraphs = [p.text for p in document.paragraphs]
    aim_at = paragraphs.index("Step 1: Consider your aim")
    assert participant.statements[0].text in paragraphs[aim_at : aim_at + 5]
    plan_rows = [row.cells[0].text for row in document.tables[1].rows]
    assert any(row.startswith("Project team") for row in plan_rows)
    assert any(row.startswith("Timeframe") for row in plan_rows)
    assert any(row.startswith("Resources") for row in plan_rows)
    assert any(row.startswith("Alignment with drivers") for row in plan_rows)


# --------------------------------------------------------------------------- story template


def test_story_template_asks_for_the_parts_of_a_case_study(workshop: WorkshopData) -> None:
    document = open_docx(build_story_template(workshop))

    assert_accessible_structure(document, "Impact story: case study template")
    assert heading_texts(document)[1:] == [
        "About the project",
        "The story",
        "Alignment with drivers",
        "Impact",
        "For the library and knowledge service",
        "For users (staff, learners, patients and carers)",
        "In their words: a quote from a service user",
        "Cost or time saved",
        "Consent to share",
        "Where this story will be shared",
    ]
    paragraphs = [p.text for p in document.paragraphs]
    assert "Workshop: Impact workshop Taunton" in paragraphs
    assert "Date: Friday 20 November 2026" in paragraphs
    rows = [row.cells[0].text for row in document.tables[0].rows]
    assert {"Project team", "Timeframe"} <= set(rows)


def test_story_template_without_a_workshop_is_generic() -> None:
    document = open_docx(build_story_template(None))

    assert not any(p.text.startswith("Workshop:") for p in document.paragraphs)
    assert document.core_properties.author == "Impact Workshop Kit"


# --------------------------------------------------------------------------- bad input


def test_bad_input_survives_every_document_and_reads_back_cleaned() -> None:
    workshop = nasty_workshop()
    expected = {cleaned(text) for text in NASTY_TEXTS}

    report = open_docx(build_report(workshop))
    assert expected <= set(cell_texts(report))
    assert heading_texts(report)[0] == "Atelier d'impact – Zürich <script>"
    assert "1. Ünïcödé <theme> 🎉" in heading_texts(report)
    assert report.core_properties.title == "Session report: Atelier d'impact – Zürich <script>"

    for person in participants_of(workshop):
        for build in (build_smart_plan, build_impact_plan):
            document = open_docx(build(person))
            assert cleaned(person.statements[0].text) in [p.text for p in document.paragraphs]
    open_docx(build_story_template(workshop))


def test_right_to_left_statements_get_a_right_to_left_paragraph() -> None:
    workshop = nasty_workshop()
    arabic = next(s for s in workshop.statements if s.text.startswith("سأشارك"))
    person = ParticipantData(workshop=workshop, participant_key="a", statements=(arabic,))
    document = open_docx(build_smart_plan(person))

    paragraph = next(p for p in document.paragraphs if p.text == arabic.text)
    assert paragraph._p.pPr.find(qn("w:bidi")) is not None
    english = next(p for p in document.paragraphs if p.text.startswith("This plan starts"))
    assert english._p.pPr is None or english._p.pPr.find(qn("w:bidi")) is None


def test_long_statements_are_kept_whole() -> None:
    long_text = NASTY_TEXTS[-1]
    assert len(long_text) == 5000
    workshop = replace(
        seed_workshop(),
        statements=(StatementData(1, long_text, "p"),),
        themes=(),
        unsorted_ids=(),
    )
    assert long_text in cell_texts(open_docx(build_report(workshop)))
