"""Word documents of a survey: the printable questionnaire and the results report.

The questionnaire is for the people who prefer paper, or for a ward where phones stay in pockets:
numbered questions, tick boxes, agreement scales laid out as grids (fewer pages, quicker to fill
in), lines to write on, and a QR code to the online version when the survey is published.
The results report gives the same figures as the results page, with the response rate stated
honestly next to them.

Pure: survey dataclasses in, ``.docx`` bytes out; all layout primitives come from ``workshop.common.word``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from surveys.charts import chart_alt_text, chart_png
from surveys.design import (
    OPT_OUTS,
    RATING_TYPES,
    NumberedQuestion,
    QuestionResult,
    SurveyDesign,
    SurveyResults,
    specify_option,
)
from surveys.logic import paper_instructions, section_instructions
from surveys.outcomes import FollowUpResults
from surveys.results import most_chosen, nps_sentence
from workshop.common.heading import WorkshopFacts, add_workshop_facts, workshop_summary
from workshop.common.word import (
    Cell,
    add_heading,
    add_hyperlink,
    add_label_value,
    add_paragraph,
    add_picture,
    add_table,
    add_tick_boxes,
    add_title,
    add_writing_lines,
    new_document,
    single_line,
    to_bytes,
)

BOX = "☐"
#: Question types laid out as a grid when consecutive questions share their options.
GRID_TYPES = frozenset({"agreement5", "frequency"})
FREE_TEXT_LINES = 4
QR_WIDTH_CM = 3.5

_HOW_TO_ANSWER = {
    "single": "Tick one box.",
    "yes_no_na": "Tick one box.",
    "multiple": "Tick all that apply.",
}


def _keep_with_next(paragraph: Paragraph) -> Paragraph:
    """Keep a question with its answers, so no question is printed alone at the foot of a page."""
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def _question_paragraph(document: Document, numbered: NumberedQuestion) -> None:
    question = numbered.question
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{numbered.number}. ").bold = True
    paragraph.add_run(single_line(question.text)).bold = True
    if question.required:
        paragraph.add_run(" (required)")
    paragraph.paragraph_format.space_before = Pt(10)
    _keep_with_next(paragraph)
    help_text = single_line(question.help_text)
    how = _HOW_TO_ANSWER.get(question.qtype, "")
    if how and how.rstrip(".").casefold() in help_text.casefold():
        how = ""  # the help text already says "Tick all that apply"
    if hints := " ".join(part for part in (help_text, how) if part):
        _keep_with_next(add_paragraph(document, hints, italic=True))


def _groups(
    design: SurveyDesign, section_index: int, skip_logic: set[str] | frozenset[str] = frozenset()
) -> Iterator[list[NumberedQuestion]]:
    """The section's questions, with runs of same-scale questions gathered for one grid.

    A question with skip-logic instructions (``skip_logic`` keys) stands alone, so its instruction
    sits beside it rather than inside a grid.
    """
    run: list[NumberedQuestion] = []
    for numbered in design.numbered():
        if numbered.ref[0] != section_index:
            continue
        question = numbered.question
        gridded = question.qtype in GRID_TYPES and len(question.options) >= 2
        if numbered.key in skip_logic:
            if run:
                yield run
                run = []
            yield [numbered]
            continue
        if run and not (gridded and question.options == run[0].question.options and not question.help_text):
            yield run
            run = []
        if gridded:
            run.append(numbered)
        else:
            yield [numbered]
    if run:
        yield run


def _tidy_answer_table(table: Table, *, first_column_is_text: bool) -> None:
    """Smaller header text so scale labels fit narrow columns whole, and centred tick boxes.

    Grids have tens of rows at most, so touching cells through python-docx costs little here.
    """
    for row_index, row in enumerate(table.rows):
        for column, cell in enumerate(row.cells):
            for paragraph in cell.paragraphs:
                if row_index == 0:
                    for run in paragraph.runs:
                        run.font.size = Pt(9)
                if column or not first_column_is_text:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _add_grid(document: Document, run: Sequence[NumberedQuestion]) -> None:
    """Agreement or frequency statements as one table: a row each, a column per answer."""
    options = run[0].question.options
    helps = [single_line(numbered.question.help_text) for numbered in run if numbered.question.help_text]
    intro = "Tick one box in each row." if len(run) > 1 else "Tick one box."
    paragraph = _keep_with_next(add_paragraph(document, " ".join([*helps, intro]), italic=True))
    paragraph.paragraph_format.space_before = Pt(10)
    rows: list[list[str | Cell]] = [
        [
            Cell(
                f"{numbered.number}. {single_line(numbered.question.text)}"
                + (" (required)" if numbered.question.required else "")
            ),
            *(BOX for _ in options),
        ]
        for numbered in run
    ]
    first, last = run[0].number, run[-1].number
    numbers = f"Question {first}" if first == last else f"Questions {first} to {last}"
    table = add_table(
        document,
        ["Statement", *options],
        rows,
        widths=[3.0, *(1.3 if option in OPT_OUTS else 1.0 for option in options)],
        caption=f"{numbers}: tick one answer per row",
        description="Each row is a statement; the columns are the possible answers, each with a tick box.",
    )
    _tidy_answer_table(table, first_column_is_text=True)


def _add_rating(document: Document, numbered: NumberedQuestion) -> None:
    """A 0–10 rating: one row of boxes under the numbers, so it fits the page width."""
    options = numbered.question.options
    table = add_table(
        document,
        list(options),
        [[BOX for _ in options]],
        widths=[1.0 if option.isdigit() else 2.0 for option in options],
        caption=f"Question {numbered.number}: tick one box",
        description="Tick the box under the number you choose.",
    )
    _tidy_answer_table(table, first_column_is_text=False)


def _add_ranking(document: Document, numbered: NumberedQuestion) -> None:
    """A ranking on paper: "number the boxes 1–n", with a box to write the number in beside each item."""
    items = numbered.question.options
    add_paragraph(document, f"Number the boxes 1–{len(items)}: 1 for the first, each number once.", italic=True)
    table = add_table(
        document,
        ["Number", "Item"],
        [[BOX, item] for item in items],
        widths=[1.2, 5.5],
        caption=f"Question {numbered.number}: number the boxes 1–{len(items)}",
        description="Write a number in the box beside each item: 1 for the first, each number once.",
    )
    for row in table.rows:
        row.cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER


def _add_single(document: Document, numbered: NumberedQuestion) -> None:
    """One question on its own: its wording, then tick boxes, a 0-10 row, rank boxes or lines to write on."""
    _question_paragraph(document, numbered)
    if numbered.question.qtype == "ranking" and numbered.question.options:
        _add_ranking(document, numbered)
    elif numbered.question.qtype in RATING_TYPES and numbered.question.options:
        _add_rating(document, numbered)
    elif numbered.question.qtype == "free_text" or not numbered.question.options:
        add_writing_lines(document, FREE_TEXT_LINES)
    else:
        options = numbered.question.options
        other = specify_option(numbered.question)
        # "Other — please specify" gets a real line to write on, right under its box.
        cut = options.index(other) + 1 if other is not None else len(options)
        boxes = add_tick_boxes(document, options[:cut])
        if other is not None:
            _keep_with_next(boxes[-1])
            add_writing_lines(document, 1)
            if options[cut:]:
                boxes += add_tick_boxes(document, options[cut:])
        for box in boxes[:-1]:
            _keep_with_next(box)


def build_survey_form(
    design: SurveyDesign,
    *,
    online_url: str | None = None,
    qr_png: bytes | None = None,
    created: datetime | None = None,
    workshop: WorkshopFacts | None = None,
) -> bytes:
    """The printable questionnaire of ``design`` as ``.docx`` bytes.

    ``online_url`` and ``qr_png`` point paper respondents to the online version when the survey
    is published; the QR code carries alternative text naming the address it encodes.
    ``workshop`` heads it (first page and properties) as the workshop's other templates are headed.
    """
    title = single_line(design.title) or "Survey"
    document = new_document(
        title,
        subject="Survey form",
        author=workshop.facilitator if workshop else "",
        keywords=("survey", "impact"),
        comments=workshop_summary(workshop),
        created=created,
    )
    add_title(document, title)
    add_workshop_facts(document, workshop)
    if design.introduction:
        add_paragraph(document, design.introduction)

    add_heading(document, "About this survey", 1)
    if design.purpose:
        add_label_value(document, "Why we are asking", design.purpose)
    if design.target_group:
        add_label_value(document, "Who it is for", design.target_group)
    if design.consent_text:
        add_heading(document, "Your answers and your privacy", 2)
        add_paragraph(document, design.consent_text)
    if online_url or qr_png:
        add_heading(document, "Answer online", 2)
        paragraph = add_paragraph(document, "You can also answer this survey on your phone or computer")
        if online_url:
            paragraph.add_run(": ")
            add_hyperlink(paragraph, online_url)
        else:
            paragraph.add_run(" by scanning the QR code.")
        if qr_png:
            where = f" at {single_line(online_url)}" if online_url else ""
            add_picture(
                document,
                qr_png,
                width_cm=QR_WIDTH_CM,
                alt_text=f"QR code: scan it to answer this survey online{where}.",
                title="QR code to the online survey",
            )
    add_paragraph(
        document,
        f"How to answer: tick a box {BOX} for your answer, or write in the space given. "
        "Leave out any question you prefer not to answer unless it is marked as required.",
        italic=True,
    )

    before, after = paper_instructions(design)
    when = section_instructions(design)
    for section_index, section in enumerate(design.sections):
        heading = single_line(section.title) or ("Questions" if len(design.sections) == 1 else "")
        add_heading(document, heading or f"Part {section_index + 1}", 1)
        if section_index in when:
            _keep_with_next(add_paragraph(document, when[section_index], bold=True))
        if section.introduction:
            add_paragraph(document, section.introduction)
        for group in _groups(design, section_index, skip_logic={*before, *after}):
            numbered = group[0]
            qtype = numbered.question.qtype
            if numbered.key in before:
                _keep_with_next(
                    add_paragraph(document, before[numbered.key], italic=True)
                ).paragraph_format.space_before = Pt(10)
            # A grid of one row is harder to read than tick boxes: grids are for runs of two or more.
            if qtype in GRID_TYPES and len(group) >= 2 and len(numbered.question.options) >= 2:
                _add_grid(document, group)
            else:
                _add_single(document, numbered)
            if numbered.key in after:
                add_paragraph(document, after[numbered.key], bold=True)

    # The thanks travel with the last question, so the form never ends on a page of its own.
    last = document.paragraphs[-1] if document.paragraphs else None
    if last is not None:
        last.paragraph_format.keep_with_next = True
    add_heading(document, "Thank you", 1)

    add_paragraph(
        document,
        design.closing_message or "Thank you for taking the time to answer this survey.",
    )
    return to_bytes(document)


# --------------------------------------------------------------------------- results report


def _response_rate_text(results: SurveyResults) -> str:
    if results.response_rate is None:
        return "Not known: the number of people invited was not recorded."
    return f"{results.response_rate:g}% ({results.response_count} of {results.audience_size} invited)"


def _caveats(results: SurveyResults) -> list[str]:
    """Honest notes on how far the figures can be trusted, for the people who will quote them."""
    notes = [
        "Percentages are of the people who answered each question, shown as 'answered by'. "
        "For 'tick all that apply' questions they can add up to more than 100%."
    ]
    if results.response_count < 10:
        notes.append(
            "Fewer than 10 people answered: treat the figures as examples rather than as a measure of the whole group."
        )
    if results.response_rate is not None and results.response_rate < 30:
        notes.append(
            "Less than a third of the people invited answered. Those who answered may differ from "
            "those who did not, so report the response rate alongside any figure."
        )
    return notes


def _add_question_result(document: Document, result: QuestionResult, total: int, *, note: str = "") -> None:
    """The question's heading, its chart and its table stay on one page: the heading keeps with
    the "Answered by" line, which holds the chart and keeps with the table (whose header keeps
    with its first row). ``note`` says which versions were counted, when not all."""
    add_heading(document, f"{result.number}. {single_line(result.text)}", 2)
    if note:
        _keep_with_next(add_paragraph(document, note, italic=True))
    asked = result.answered + result.skipped
    whom = f"{total}" if asked == total else f"the {asked} asked it"
    lead = _keep_with_next(
        add_paragraph(
            document,
            f"Answered by {result.answered} of {whom} (skipped by {result.skipped})"
            + (f"; not asked of {result.not_asked}, by the skip logic." if result.not_asked else "."),
            italic=True,
        )
    )
    if result.options:
        if result.answered:
            add_picture(
                document,
                chart_png(result),
                width_cm=15.0,
                alt_text=chart_alt_text(result),
                title=f"Chart of question {result.number}",
                under=lead,
            )
        add_table(
            document,
            ["Answer", "Count", "Percent"],
            [[option.option, str(option.count), f"{option.percent:g}%"] for option in result.options],
            widths=[5.0, 1.0, 1.2],
            caption=f"Answers to question {result.number}",
        )
    if result.mean_ranks:
        add_table(
            document,
            ["Item", "Mean rank"],
            [[item, f"{mean:g}"] for item, mean in result.mean_ranks],
            widths=[5.0, 1.5],
            caption=f"Mean rank of each item in question {result.number} (1 is first)",
        )
    if result.mean is not None:
        add_paragraph(
            document,
            f"Average score {result.mean:g}, median {result.median:g} (on a scale of 0 to 10).",
        )
    if result.nps is not None:
        add_paragraph(document, nps_sentence(result.nps), bold=True)
    if result.free_text:
        label = "Written answers" if result.qtype == "free_text" else "Other answers given"
        add_table(
            document,
            [label],
            [[text] for text in result.free_text],
            caption=f"{label} to question {result.number}",
        )


def headline_findings(results: SurveyResults, version: int = 1) -> list[str]:
    """One sentence per closed question: the most chosen answer with its share and base, the
    average of a 0-10 scale, and the Net Promoter Score where the designer asked for it. Of
    ``version`` versions counted together, a question asked so in only some says which."""
    return [
        finding + (f" {counted} only." if (counted := _counted_from(result, version)) else "")
        for result in results.questions
        if (finding := _finding(result))
    ]


def _counted_from(result: QuestionResult, version: int) -> str:
    """ "Counted from version 2" when, of ``version`` versions, only some asked the question so; else ""."""
    if not result.versions or len(result.versions) >= version:
        return ""
    plural = "s" if len(result.versions) > 1 else ""
    return f"Counted from version{plural} {', '.join(str(v) for v in result.versions)}"


def _finding(result: QuestionResult) -> str:
    """The question's headline sentence, or "" for free text and questions nobody answered."""
    if not result.options or not result.answered:
        return ""
    text = single_line(result.text)
    question = f"{result.number}. {text}" + ("" if text.endswith(("?", ".", "!", ":")) else ":")
    scored = sum(option.count for option in result.options if option.option.isdigit())  # opt-outs excluded
    if result.nps is not None:
        return f"{question} Net Promoter Score {result.nps.score:+d} (n = {scored})."
    if result.mean is not None:
        return f"{question} Average {result.mean:g} out of 10 (n = {scored})."
    chosen = most_chosen(result)
    return f"{question} {chosen}." if chosen else ""


def _add_follow_up(document: Document, follow_up: FollowUpResults) -> None:
    """Per statement: done / in progress / not started, and what difference it made."""
    add_heading(document, "What participants did with their statements", 1)
    add_paragraph(
        document,
        f"Apart from this survey's responses: {follow_up.answered} of {follow_up.invited} participants said on "
        f"their own private page what they did with {follow_up.statements} "
        f"{'statement' if follow_up.statements == 1 else 'statements'}.",
    )
    add_table(
        document,
        ["Have you done it?", "Statements"],
        [[label, str(count)] for label, count in follow_up.counts.items()],
        widths=[5.0, 1.5],
        caption="Statements by progress",
    )
    if follow_up.outcomes:
        add_table(
            document,
            ["Statement", "Progress", "What difference it made"],
            [[o.statement, o.progress, o.difference] for o in follow_up.outcomes],
            widths=[2.6, 1.2, 3.0],
            caption="Each statement followed up",
        )
    if follow_up.quotes:
        add_heading(document, "Quotes participants agreed to share", 2)
        for quote, role in follow_up.quotes:
            add_paragraph(document, f"“{quote}” ({role or 'a participant'})")


def build_survey_results(
    design: SurveyDesign,
    results: SurveyResults,
    *,
    created: datetime | None = None,
    version: int = 1,
    earlier: Sequence[tuple[int, SurveyResults]] = (),
    follow_up: FollowUpResults | None = None,
) -> bytes:
    """The results report of ``design``: response rate first, then each question's answers.

    ``earlier`` holds the results of earlier versions of the questions (number, results), each
    reported in a section of its own after those of the current ``version``. A workshop's
    follow-up survey also reports, per statement, what its participants did.
    """
    title = single_line(design.title) or "Survey"
    document = new_document(
        f"{title}: results",
        subject="Survey results",
        keywords=("survey", "results", "impact"),
        created=created,
    )
    add_title(document, f"{title}: results")
    add_heading(document, "Summary", 1)
    if design.purpose:
        add_label_value(document, "Purpose", design.purpose)
    if results.target_group or design.target_group:
        add_label_value(document, "Target group", results.target_group or design.target_group)
    add_label_value(document, "Responses", str(results.response_count))
    add_label_value(document, "Response rate", _response_rate_text(results))
    add_heading(document, "Reading these results", 2)
    for note in _caveats(results):
        add_paragraph(document, note, style="List Bullet")

    findings = headline_findings(results, version)
    if findings:
        add_heading(document, "Headline findings", 1)
        for finding in findings:
            add_paragraph(document, finding, style="List Bullet")

    if version > 1:
        add_paragraph(
            document,
            f"The questions changed after people had answered them (this is version {version}). Each question "
            "below counts the answers of every version that asked it the same way; a question reworded since "
            "counts only the answers to its current wording, and what people said to an earlier wording "
            "follows, under its version.",
        )

    add_heading(document, "Answers by question", 1)
    for result in results.questions:
        counted = _counted_from(result, version)
        note = f"{counted}: asked another way, or not at all, in the others." if counted else ""
        _add_question_result(document, result, results.response_count, note=note)
    for number, past in sorted(earlier, reverse=True):
        add_heading(document, f"Earlier wording: version {number}", 1)
        add_label_value(document, "Responses to version " + str(number), str(past.response_count))
        for result in past.questions:
            _add_question_result(document, result, past.response_count)
    if follow_up is not None:
        _add_follow_up(document, follow_up)
    return to_bytes(document)
