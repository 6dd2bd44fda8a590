"""Reading Word documents back, for tests that check what a person would see in them.

LibreOffice tolerates XML that Word rejects (docs/field-notes.md), so every document is also read back with
python-docx and checked for the structure accessibility depends on.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date

import docx
from docx.document import Document
from docx.oxml.ns import qn

from bench.samples import seed_workshop
from exports.data import ActivityResult, ResultItem, StatementData, ThemeData, WorkshopData, WorkshopEvidence
from workshop.common.followups import (
    PROGRESS_ORDER,
    FollowedUpStatement,
    FollowUpAnswer,
    FollowUpEvidence,
    SurveyHeadline,
)
from workshop.common.text import clean_text

#: Text typed by people that must survive every document unchanged (after cleaning).
NASTY_TEXTS: tuple[str, ...] = (
    "Bell\x07, NUL\x00, vertical tab\x0b and form feed\x0c gone; the rest stays",
    "Emoji 👩🏽‍⚕️ and a family 👨‍👩‍👧‍👦 and a flag 🏴󠁧󠁢󠁷󠁬󠁳󠁿 in one line",
    "سأشارك قصص المستخدمين مع مجلس الإدارة",
    "אני אאסוף משוב מהמשתמשים בספרייה",
    "<script>alert('x')</script> & <b>bold</b> &amp; {{ x }} {% if %}",
    '=HYPERLINK("http://evil.example","click") +cmd|\' /C calc\'!A0 @SUM(1)',
    "Two lines\r\nand a tab\there, lone surrogate \ud800 removed",
    "  leading and trailing spaces are trimmed  ",
    "Long: " + ("impact " * 715)[:4994],
)


def open_docx(data: bytes) -> Document:
    assert data[:2] == b"PK", "a .docx is a ZIP file"
    return docx.Document(io.BytesIO(data))


def captioned_table(document: Document, caption: str, *, starts: bool = False) -> list[list[str]]:
    """The rows (cell texts) of the table whose alternative text (tblCaption) is ``caption``, or starts with it."""
    for table in document.tables:
        found = table._tbl.tblPr.find(qn("w:tblCaption"))
        value = found.get(qn("w:val")) if found is not None else None
        if value is not None and (value.startswith(caption) if starts else value == caption):
            return [[cell.text for cell in row.cells] for row in table.rows]
    raise AssertionError(f"no table captioned {caption!r}")


def headings(document: Document) -> list[tuple[int, str]]:
    """(level, text) of the Title (level 0) and every Heading n paragraph, in order."""
    found = []
    for paragraph in document.paragraphs:
        name = paragraph.style.name if paragraph.style is not None else ""
        if name == "Title":
            found.append((0, paragraph.text))
        elif name.startswith("Heading "):
            found.append((int(name.split()[1]), paragraph.text))
    return found


def heading_texts(document: Document) -> list[str]:
    return [text for _, text in headings(document)]


def all_text(document: Document) -> list[str]:
    """Every paragraph and table cell text, in document order (one entry each)."""
    texts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts.extend(cell.text for cell in row.cells)
    return texts


def cell_texts(document: Document) -> Iterator[str]:
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield cell.text


def assert_accessible_structure(document: Document, title: str) -> None:
    """Headings without gaps, header rows on every table, alt text on every picture,
    document properties, A4, British English and page numbers in the footer.
    """
    levels = headings(document)
    assert levels and levels[0][0] == 0, "the document starts with its title"
    previous = 0
    for level, text in levels[1:]:
        assert level <= previous + 1, f"heading level jumps to {level} at {text!r}"
        assert text.strip(), "headings have text"
        previous = level
    assert any(level == 1 for level, _ in levels)

    for table in document.tables:
        first_row = table._tbl.tr_lst[0]
        assert first_row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None, (
            "every table has a header row that repeats on each page"
        )
    for doc_pr in document.element.body.iter(qn("wp:docPr")):
        assert doc_pr.get("descr"), "every picture has alternative text"

    props = document.core_properties
    assert props.title == title
    assert props.language == "en-GB"
    assert props.author
    styles = document.styles.element
    lang = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang is not None and lang.get(qn("w:val")) == "en-GB"

    for section in document.sections:
        short, long = sorted((section.page_width.cm, section.page_height.cm))  # A4, either way up
        assert abs(short - 21.0) < 0.01
        assert abs(long - 29.7) < 0.01
        assert 1.5 <= section.left_margin.cm <= 2.6
        assert 1.5 <= section.top_margin.cm <= 2.6
        instructions = " ".join(node.text or "" for node in section.footer._element.iter(qn("w:instrText")))
        assert "PAGE" in instructions and "NUMPAGES" in instructions
        assert "Page 1 of 1" in section.footer.paragraphs[0].text


def cleaned(text: str) -> str:
    return clean_text(text)


def nasty_workshop() -> WorkshopData:
    statements = tuple(
        StatementData(
            id=100 + n,
            text=text,
            participant_key=f"n{n}",
            participant_name=text[:30],
            theme_label="Ünïcödé <theme> 🎉" if n % 2 else "",
        )
        for n, text in enumerate(NASTY_TEXTS)
    )
    odd = tuple(s.id for s in statements if s.theme_label)
    return WorkshopData(
        title="Atelier d'impact – Zürich <script>\x07",
        code="ZUR-1",
        prompt="Quand je rentre… {{ prompt }}",
        date=date(2026, 2, 28),
        venue="=cmd|' /C calc'!A0",
        facilitator="Zoë O'Brien & co",
        statements=statements,
        themes=(ThemeData("Ünïcödé <theme> 🎉", ("émoji", "<b>"), odd, 3),),
        unsorted_ids=tuple(s.id for s in statements if not s.theme_label),
        grouping_engine="embeddings\x00",
        voting_used=True,
    )


def nasty_evidence() -> tuple[WorkshopEvidence, ...]:
    """Two workshops' follow-ups (the nasty one and the seed) with every nasty text in answers and surveys.

    Even-numbered answers consented to being quoted; the others carry no quote, as the surveys
    package hands them over.
    """
    nasty = nasty_workshop()
    answers = tuple(
        FollowUpAnswer(
            n + 1,
            f"Follow-up {text[:30]}",
            (FollowedUpStatement(statement.id, statement.text, PROGRESS_ORDER[n % 3], text if n % 2 == 0 else ""),),
            role=text[:60],
            answered_on=date(2026, 4, 1),
            quote=text if n % 2 == 0 else "",
            consented=n % 2 == 0,
        )
        for n, (statement, text) in enumerate(zip(nasty.statements, NASTY_TEXTS, strict=True))
    )
    survey = SurveyHeadline("SRV1", NASTY_TEXTS[4], "open", 7, 9, 77.8, NASTY_TEXTS[:3], free_text_answers=4)
    return (
        WorkshopEvidence(nasty, FollowUpEvidence(answers, (survey,))),
        WorkshopEvidence(seed_workshop(), FollowUpEvidence()),
    )


def nasty_activities() -> tuple[ActivityResult, ...]:
    """Activities whose title, question and items are the nasty texts: a poll, and questions with no chart."""
    items = tuple(ResultItem(text, n, share=n / 9) for n, text in enumerate(NASTY_TEXTS))
    return (
        ActivityResult(1, "poll", "Quick poll", NASTY_TEXTS[4], NASTY_TEXTS[2], 9, items, item_label="Option"),
        ActivityResult(
            2,
            "questions",
            "Questions",
            NASTY_TEXTS[5],
            NASTY_TEXTS[6],
            3,
            tuple(ResultItem(text, n, note="Answered" if n % 2 else "") for n, text in enumerate(NASTY_TEXTS)),
            item_label="Question",
            count_label="Votes",
            note_label="Status",
            chart=False,
        ),
        ActivityResult(3, "words", "Word cloud", "", "", 0),
    )
