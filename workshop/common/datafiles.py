"""CSV and JSON of a workshop's statements (pure functions over plain rows).

CSV cells that a spreadsheet would run as a formula (starting with = + - @, tab or carriage
return) are prefixed with an apostrophe, so opening the file in Excel runs nothing.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from workshop.common.text import xml_safe

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([spreadsheet_safe(row.get(column, "")) for column in columns])
    # A byte-order mark makes Excel read the file as UTF-8 (emoji, accents, right-to-left text).
    return "\ufeff" + buffer.getvalue()


def to_json(document: Mapping[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2, default=str)


def to_xlsx(columns: Sequence[str], rows: Iterable[Mapping[str, Any]], *, title: str = "Statements") -> bytes:
    """An Excel workbook of ``rows``: a bold, frozen header row and formula-safe cells."""
    return to_xlsx_sheets([(title, columns, rows)])


def to_xlsx_sheets(sheets: Sequence[tuple[str, Sequence[str], Iterable[Mapping[str, Any]]]]) -> bytes:
    """An Excel workbook with one sheet per (title, columns, rows), each as ``to_xlsx`` makes it."""
    workbook = Workbook(write_only=True)
    for title, columns, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31] or "Sheet")
        sheet.freeze_panes = "A2"
        header = []
        for column in columns:
            cell = WriteOnlyCell(sheet, value=column)
            cell.font = Font(bold=True)
            header.append(cell)
        sheet.append(header)
        for row in rows:
            sheet.append([_xlsx_value(row.get(column, "")) for column in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value: Any) -> Any:
    # openpyxl stores a string starting with "=" as a formula: make it text, like the CSV does.
    value = spreadsheet_safe(value)
    if isinstance(value, str):  # control characters and lone surrogates would make an unreadable workbook
        return ILLEGAL_CHARACTERS_RE.sub("", xml_safe(value))
    return value
