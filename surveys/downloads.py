"""Survey data as files: the responses as CSV, the responses and the summary as an Excel workbook.

Pure: plain survey data and rows in, text or bytes out. One column per question, named by its
number and wording, so a spreadsheet reads like the questionnaire; tick-all-that-apply answers
are joined with "; ", and what someone wrote for "Other, please say which" has its own column. Every text cell goes through ``spreadsheet_safe`` so that nothing a
respondent typed runs as a formula.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from surveys.design import OTHER_SUFFIX, SurveyDesign, SurveyResults, specify_option
from workshop.common.datafiles import spreadsheet_safe, to_csv

Row = tuple[int, str, dict[str, Any]]


def question_columns(design: SurveyDesign) -> list[tuple[str, str]]:
    """(answer key, column heading) in survey order; headings are unique and readable. A question
    with an "Other, please say which" option has a second column beside it for what was written."""
    columns = []
    for numbered in design.numbered():
        text = " ".join(numbered.question.text.split())
        short = text if len(text) <= 80 else text[:79].rstrip() + "…"
        columns.append((numbered.key, f"Q{numbered.number}. {short}"))
        other = specify_option(numbered.question)
        if other is not None:
            columns.append((numbered.key + OTHER_SUFFIX, f"Q{numbered.number}. {other}: what they wrote"))
    return columns


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(str(item) for item in value)
    return value


def response_table(design: SurveyDesign, rows: Sequence[Row]) -> tuple[list[str], list[dict[str, Any]]]:
    columns = question_columns(design)
    headings = ["response", "submitted_at", *(heading for _, heading in columns)]
    table = []
    for number, (_, submitted, answers) in enumerate(rows, start=1):
        record: dict[str, Any] = {"response": number, "submitted_at": submitted}
        for key, heading in columns:
            record[heading] = _cell(answers.get(key))
        table.append(record)
    return headings, table


def responses_csv(design: SurveyDesign, rows: Sequence[Row]) -> str:
    headings, table = response_table(design, rows)
    return to_csv(headings, table)


def _xlsx_value(value: Any) -> Any:
    value = spreadsheet_safe(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _xlsx_number(value: Any) -> Any:
    """A 0-10 score as a number, so the sheet can average and sort it (it is stored as its option's text)."""
    if isinstance(value, str) and value in _SCORES:
        return int(value)
    return value


_SCORES = frozenset(str(score) for score in range(11))


def _header(sheet: Any, names: Sequence[str]) -> list[Any]:  # WriteOnlyCell is a factory function, not a type
    cells = []
    for name in names:
        cell = WriteOnlyCell(sheet, value=_xlsx_value(name))
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def results_xlsx(design: SurveyDesign, results: SurveyResults, rows: Sequence[Row]) -> bytes:
    """A workbook with a Summary sheet (counts and percentages per option) and a Responses sheet."""
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet("Summary")
    summary.freeze_panes = "A2"
    summary.append(_header(summary, ["Question", "Answer", "Count", "Percent of those who answered"]))
    rate = f"{results.response_rate:g}%" if results.response_rate is not None else "not known"
    summary.append(["Responses", "", results.response_count, ""])
    summary.append(["Invited", "", results.audience_size or "", ""])
    summary.append(["Response rate", rate, "", ""])
    for result in results.questions:
        label = _xlsx_value(f"Q{result.number}. {result.text}")
        summary.append([label, "(answered)", result.answered, ""])
        summary.append([label, "(skipped)", result.skipped, ""])
        if result.not_asked:
            summary.append([label, "(not asked: the skip logic did not show it)", result.not_asked, ""])
        # The figures the results page and the Word report lead with, as numbers a sheet can sort.
        if result.mean is not None:
            summary.append([label, "(average, out of 10)", result.mean, ""])
        if result.median is not None:
            summary.append([label, "(median)", result.median, ""])
        if result.nps is not None:
            summary.append([label, "(Net Promoter Score, -100 to 100)", result.nps.score, ""])
        for item, rank in result.mean_ranks:
            summary.append([label, _xlsx_value(f"{item} (mean rank; 1 is first)"), rank, ""])
        for option in result.options:
            summary.append([label, _xlsx_value(option.option), option.count, option.percent])
        for text in result.free_text:
            summary.append([label, _xlsx_value(text), "", ""])
    responses = workbook.create_sheet("Responses")
    responses.freeze_panes = "A2"
    headings, table = response_table(design, rows)
    responses.append(_header(responses, headings))
    for record in table:
        responses.append([_xlsx_number(_xlsx_value(record[heading])) for heading in headings])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
