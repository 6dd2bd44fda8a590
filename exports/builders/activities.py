"""Each activity's results (issue 16): a section of the session report, and rows for CSV and XLSX.

Pure: ``ActivityResult`` data in (``exports.data``), Word paragraphs, PNG bytes or plain rows out.
Every kind prints the same way from the columns its snapshot named (the item, its count, the
share of the people who answered, a mean rank, a note), so a new kind needs no code here. Each
section keeps its heading, question, chart and table on one page (the lead line holds the chart,
as in the survey results report).
"""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document

from exports.data import ActivityResult, ResultItem
from workshop.common.charts import Bar, bar_chart_png, drawable
from workshop.common.text import clean_text, whole_percent
from workshop.common.word import add_heading, add_paragraph, add_picture, add_table, single_line

#: Rows drawn in a chart (a word cloud can have many words); the table always lists them all.
CHART_MAX_ITEMS = 20

#: The columns of the activities' CSV: one row per item of every activity, in the agenda's order.
ACTIVITY_COLUMNS = (
    "activity",
    "position",
    "kind",
    "question",
    "answered",
    "item",
    "count",
    "share",
    "mean_rank",
    "note",
)


def percent(share: float) -> str:
    return f"{whole_percent(share)}%"


def _people(count: int) -> str:
    return f"{count} {'person' if count == 1 else 'people'}"


def has_results(activities: Sequence[ActivityResult]) -> bool:
    """Whether the report needs a section per activity: an agenda of more than today's one prompt."""
    return len(activities) > 1 or any(result.kind != "statements" for result in activities)


# --------------------------------------------------------------------------- table and chart


def _with_share(result: ActivityResult) -> bool:
    return any(item.share is not None for item in result.items)


def _with_rank(result: ActivityResult) -> bool:
    return any(item.mean_rank is not None for item in result.items)


def table_headers(result: ActivityResult) -> list[str]:
    headers = [result.item_label, result.count_label]
    if _with_share(result):
        headers.append("Share")
    if _with_rank(result):
        headers.append("Mean rank")
    if result.note_label:
        headers.append(result.note_label)
    return headers


def table_rows(result: ActivityResult) -> list[list[str]]:
    rows = []
    for item in result.items:
        row = [clean_text(item.label), str(item.count)]
        if _with_share(result):
            row.append(percent(item.share) if item.share is not None else "")
        if _with_rank(result):
            row.append(f"{item.mean_rank:.1f}" if item.mean_rank is not None else "")
        if result.note_label:
            row.append(item.note)
        rows.append(row)
    return rows


def _figure(result: ActivityResult, item: ResultItem) -> str:
    if item.mean_rank is not None:
        return f"mean rank {item.mean_rank:.1f}"
    if item.share is not None:
        return f"{item.count} ({percent(item.share)})"
    return str(item.count)


def _bar_value(result: ActivityResult, item: ResultItem) -> float:
    """The bar's length: the count, or for a ranking the places above last (first place is longest)."""
    if item.mean_rank is not None:
        return len(result.items) + 1 - item.mean_rank
    return item.count


def chart_png(result: ActivityResult) -> bytes:
    """A bar chart of the result's items (the first CHART_MAX_ITEMS), with the kit's one chart."""
    shown = result.items[:CHART_MAX_ITEMS]
    return bar_chart_png(
        [
            Bar(
                drawable(single_line(item.label), f"{result.item_label} {number}"),
                _bar_value(result, item),
                _figure(result, item),
            )
            for number, item in enumerate(shown, 1)
        ]
    )


def chart_alt_text(result: ActivityResult) -> str:
    """The chart in words: every row drawn, with its figure, and where the same figures are."""
    shown = result.items[:CHART_MAX_ITEMS]
    measure = "mean rank" if _with_rank(result) else result.count_label.lower()
    text = (
        f"Bar chart of the {measure} for each {result.item_label.lower()} of “{single_line(result.heading)}”, "
        f"answered by {_people(result.answered)}: "
    )
    text += "; ".join(f"{single_line(item.label)}: {_figure(result, item)}" for item in shown)
    if len(result.items) > len(shown):
        text += f"; and {len(result.items) - len(shown)} more not drawn"
    return text + ". The same figures are in the table below the chart."


# --------------------------------------------------------------------------- the report's sections


def _lead(result: ActivityResult) -> str:
    words = [f"{result.kind_label}: {_people(result.answered)} took part"]
    if result.multiple:
        words.append("more than one choice allowed, so the shares add up to more than 100%")
    words.extend(f"{label.lower()}: {value}" for label, value in result.facts)
    return "; ".join(words) + "."


def add_activity_section(
    document: Document, result: ActivityResult, *, level: int = 2, statements_note: str = ""
) -> None:
    """One activity: its heading, question, who answered, a chart with alt text and its table.

    ``statements_note`` replaces the chart and table of the statements activity, whose
    statements and themes the report prints in their own sections.
    """
    add_heading(document, f"{result.position}. {single_line(result.heading)}", level)
    if result.question:
        add_paragraph(document, clean_text(result.question), bold=True, keep_with_next=True)
    if result.kind == "statements" and statements_note:
        written = dict(result.facts).get("Statements", "0")
        noun = "statement" if written == "1" else "statements"
        add_paragraph(document, f"{_people(result.answered)} wrote {written} {noun}. {statements_note}", italic=True)
        return
    lead = add_paragraph(document, _lead(result), italic=True, keep_with_next=bool(result.items))
    if not result.items:
        add_paragraph(document, "There are no results to show for this activity.")
        return
    if result.chart and result.answered:
        add_picture(
            document,
            chart_png(result),
            width_cm=15.0,
            alt_text=chart_alt_text(result),
            title=f"Chart of {single_line(result.heading)}",
            under=lead,
        )
    headers = table_headers(result)
    widths = [5.0] + [1.2] * (len(headers) - 1)
    add_table(
        document,
        headers,
        table_rows(result),
        widths=widths,
        caption=f"Results: {single_line(result.heading)}",
        description=f"Each {result.item_label.lower()} with its {', '.join(h.lower() for h in headers[1:])}.",
        keep_together=len(result.items) <= 12,
    )


# --------------------------------------------------------------------------- data files


def activity_rows(results: Sequence[ActivityResult]) -> list[dict[str, object]]:
    """One row per item of every activity (an activity with no items gets one row with no item)."""
    rows: list[dict[str, object]] = []
    for result in results:
        base: dict[str, object] = {
            "activity": result.heading,
            "position": result.position,
            "kind": result.kind,
            "question": result.question,
            "answered": result.answered,
        }
        if not result.items:
            rows.append(base)
        for item in result.items:
            rows.append(
                base
                | {
                    "item": item.label,
                    "count": item.count,
                    "share": round(item.share, 4) if item.share is not None else "",
                    "mean_rank": round(item.mean_rank, 2) if item.mean_rank is not None else "",
                    "note": item.note,
                }
            )
    return rows


def activity_sheets(results: Sequence[ActivityResult]) -> list[tuple[str, list[str], list[dict[str, object]]]]:
    """A sheet per activity for XLSX, named by its place and heading, columns as in its report table."""
    sheets = []
    for result in results:
        name = _sheet_name(result)
        headers = ["Question", "Answered", *table_headers(result)]
        rows: list[dict[str, object]] = []
        for item in result.items or (None,):
            row: dict[str, object] = {"Question": result.question, "Answered": result.answered}
            if item is not None:
                row |= {result.item_label: item.label, result.count_label: item.count}
                if item.share is not None:
                    row["Share"] = round(item.share, 4)
                if item.mean_rank is not None:
                    row["Mean rank"] = round(item.mean_rank, 2)
                if result.note_label:
                    row[result.note_label] = item.note
            rows.append(row)
        sheets.append((name, headers, rows))
    return sheets


_SHEET_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def _sheet_name(result: ActivityResult) -> str:
    """Excel's sheet names: at most 31 characters and none of []:*?/\\; the agenda's number makes them unique."""
    heading = " ".join(single_line(result.heading).translate(_SHEET_FORBIDDEN).split()).strip("'")
    return f"{result.position} {heading}"[:31].rstrip()
