"""A library's own question set as a file: read (``surveys import``) and written (``surveys export-bank``).

Two formats, chosen by the file's extension; both carry the same fields. A library that must keep a
national questionnaire's wording unchanged (so its results can be collated nationally) imports it
as it is: texts are checked, never reworded. Pure: text in, questions or text out; no database.

CSV (UTF-8, header row; ``options`` and ``opt_outs`` separated by ``|``)::

    id,text,type,category,category_label,options,opt_outs,note,help_text,source
    nat-q1,Did the information help you?,yes_no_na,patient-care,,,Not applicable,Ask after a search.,,National
    nat-q2,Which service did you use?,single,nat-use,How it was used,Search|Training|Other,,,,National

(only ``id``, ``text`` and ``type`` are required; ``category_label`` names a category of your own)

TOML::

    source = "National questionnaire"
    [[questions]]
    id = "nat-q1"
    text = "Did the information help you?"
    type = "yes_no_na"
    category = "patient-care"
    note = "Ask after a search."

``type`` is one of ``surveys.design.QUESTION_TYPES``; standard scales take ``opt_outs`` (or
none for the default), choice questions take ``options``. ``category`` is a bank category id
(``surveys bank --json`` lists them) or a new label of the library's own.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
from collections.abc import Iterable
from typing import Any, Final

from surveys.bank import BankError, BankQuestion, Category, categories, parse_question
from surveys.design import SCALE_TYPES, SCALES
from workshop.common.text import clean_text

CSV_FIELDS: Final = (
    "id",
    "text",
    "type",
    "category",
    "category_label",
    "options",
    "opt_outs",
    "note",
    "help_text",
    "source",
)
MAX_QUESTIONS: Final = 500
_ID: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def _category(value: str, label: str = "") -> Category:
    """A built-in category by its id, or the library's own (named by ``label``, or by ``value``)."""
    known = {c.id: c for c in categories()}
    if value in known:
        return known[value]
    label = clean_text(label or value, single_line=True)[:200]
    slug = re.sub(r"[^a-z0-9]+", "-", label.casefold()).strip("-")[:60] or "imported"
    return Category(id=slug, label=label or "Imported questions")


def _split(value: Any) -> list[str] | None:
    if value is None or value == "":
        return None
    if isinstance(value, list):
        return [clean_text(str(v), single_line=True) for v in value]
    return [clean_text(part, single_line=True) for part in str(value).split("|") if part.strip()]


def _question(raw: dict[str, Any], where: str, default_source: str) -> BankQuestion:
    qid = clean_text(str(raw.get("id") or ""), single_line=True)
    if not _ID.match(qid):
        raise BankError(f"{where}: the id {qid!r} must be 1-64 letters, digits, dots, dashes or underscores")
    cleaned: dict[str, Any] = {
        "id": qid,
        "text": clean_text(str(raw.get("text") or ""), single_line=True),
        "type": clean_text(str(raw.get("type") or ""), single_line=True),
        "note": clean_text(str(raw.get("note") or "")),
        "help_text": clean_text(str(raw.get("help_text") or "")),
    }
    options, opt_outs = _split(raw.get("options")), _split(raw.get("opt_outs"))
    if cleaned["type"] in SCALE_TYPES:
        if options and tuple(options[: len(SCALES[cleaned["type"]])]) != SCALES[cleaned["type"]]:
            raise BankError(
                f"{where}: {qid} is a standard scale ({cleaned['type']}), whose options are fixed; "
                "give opt_outs only, or make it a 'single' question with your own options"
            )
        if opt_outs is not None:
            cleaned["opt_outs"] = opt_outs
    elif options is not None:
        cleaned["options"] = options
    category = _category(str(raw.get("category") or "").strip(), str(raw.get("category_label") or ""))
    source = clean_text(str(raw.get("source") or default_source), single_line=True)[:120]
    return parse_question(cleaned, category, where, source=source or default_source)


def parse_file(name: str, content: str, *, source: str) -> tuple[BankQuestion, ...]:
    """The questions of a CSV or TOML file, each checked; ``BankError`` names every problem found."""
    if name.casefold().endswith(".toml"):
        try:
            data = tomllib.loads(content)
        except tomllib.TOMLDecodeError as error:
            raise BankError(f"{name} is not valid TOML: {error}") from None
        rows = data.get("questions")
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise BankError(f"{name}: expected [[questions]] tables")
        source = str(data.get("source") or source)
        numbered = [(f"{name}, question {i}", row) for i, row in enumerate(rows, 1)]
    elif name.casefold().endswith(".csv"):
        reader = csv.DictReader(io.StringIO(content.lstrip("\ufeff")))
        missing = {"id", "text", "type"} - set(reader.fieldnames or ())
        if missing:
            raise BankError(
                f"{name}: the header row lacks {', '.join(sorted(missing))} (expected {','.join(CSV_FIELDS)})"
            )
        numbered = [(f"{name}, line {reader.line_num}", dict(row)) for row in reader]
    else:
        raise BankError(f"{name}: use a .csv or .toml file")
    if not numbered:
        raise BankError(f"{name} has no questions")
    if len(numbered) > MAX_QUESTIONS:
        raise BankError(f"{name} has {len(numbered)} questions; import at most {MAX_QUESTIONS} at a time")
    problems: list[str] = []
    questions: list[BankQuestion] = []
    seen: set[str] = set()
    for where, row in numbered:
        try:
            question = _question(row, where, source)
        except BankError as problem:
            problems.append(str(problem))
            continue
        if question.id in seen:
            problems.append(f"{where}: the id {question.id} is used twice in the file")
        seen.add(question.id)
        questions.append(question)
    if problems:
        raise BankError("\n".join(problems))
    return tuple(questions)


def _opt_outs(question: BankQuestion) -> list[str]:
    return list(question.options[len(SCALES[question.qtype]) :]) if question.qtype in SCALE_TYPES else []


def _row(question: BankQuestion) -> dict[str, Any]:
    scale = question.qtype in SCALE_TYPES
    return {
        "id": question.id,
        "text": question.text,
        "type": question.qtype,
        "category": question.category,
        "category_label": question.category_label,
        "options": [] if scale else list(question.options),
        "opt_outs": _opt_outs(question),
        "note": question.note,
        "help_text": question.help_text,
        "source": question.source,
    }


def _toml(rows: list[dict[str, Any]]) -> str:
    """TOML of ``[[questions]]`` tables of strings and string lists.

    A JSON string or array of strings is also a valid TOML one (the same escapes), which is all
    these tables hold, so no TOML writer is needed.
    """
    parts = [
        "# Questions exported by the Impact Workshop Kit. Import them in the kit's question bank,\n"
        "# or with `impact-kit surveys import FILE` (`flask --app wsgi surveys import FILE` on a server).\n"
    ]
    for row in rows:
        parts.append("\n[[questions]]\n")
        for key, value in row.items():
            if value in ("", []):
                continue
            parts.append(f"{key} = {json.dumps(value, ensure_ascii=False)}\n")
    return "".join(parts)


def write_file(name: str, questions: Iterable[BankQuestion]) -> str:
    """The questions as CSV or TOML (by ``name``'s extension), readable again by ``parse_file``."""
    rows = [_row(question) for question in questions]
    if name.casefold().endswith(".toml"):
        return _toml(rows)
    if name.casefold().endswith(".csv"):
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "options": "|".join(row["options"]), "opt_outs": "|".join(row["opt_outs"])})
        return out.getvalue()
    raise BankError(f"{name}: use a .csv or .toml file")
