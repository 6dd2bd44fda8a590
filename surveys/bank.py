"""The question bank: reviewed, neutral questions by the impact categories NHS LKS report on.

The questions live in JSON files under ``surveys/bank/`` (one file per category, file names sort
the categories) so that people who are not programmers can review and extend the wording. They are
read once per process: the bank is small, immutable, and consulted on every builder page.

Scale questions name only their type in the files; their options come from ``surveys.design.SCALES``
so that every survey uses the same balanced wording.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from surveys.design import QUESTION_TYPES, SCALE_TYPES, WRITTEN_OPTION_TYPES, Question, scale_options

BANK_DIR = Path(__file__).with_name("bank")
#: Where the built-in questions come from; a library's imported questions name their own source.
KIT_SOURCE = "Impact Workshop Kit"


class BankError(ValueError):
    """A bank file is malformed: raised at load time so a bad edit fails loudly, not mid-workshop."""


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class BankQuestion:
    id: str
    text: str
    qtype: str
    options: tuple[str, ...]
    category: str  # the category id
    category_label: str
    note: str  # when to use it, for the person designing the survey
    help_text: str = ""  # shown to respondents under the question
    source: str = KIT_SOURCE  # the kit's own wording, or the question set a library imported

    @property
    def built_in(self) -> bool:
        return self.source == KIT_SOURCE

    def to_question(self, *, required: bool = False, key: str = "") -> Question:
        """A survey question made from this bank question, remembering where it came from."""
        return Question(
            text=self.text,
            qtype=self.qtype,
            options=self.options,
            required=required,
            help_text=self.help_text,
            bank_id=self.id,
            category=self.category,
            key=key,
            note=self.note,
        )


def parse_question(raw: dict[str, Any], category: Category, where: str, source: str = KIT_SOURCE) -> BankQuestion:
    """One question of a bank file (or of an imported file), checked; ``BankError`` says what is wrong."""
    try:
        qid, text, qtype, note = raw["id"], raw["text"], raw["type"], raw["note"]
    except KeyError as missing:
        raise BankError(f"{where}: question lacks {missing}") from None
    if not all(isinstance(value, str) and value.strip() for value in (qid, text, qtype)):
        raise BankError(f"{where}: id, text and type must be filled in")
    if qtype not in QUESTION_TYPES:
        raise BankError(f"{where}: {qid} has unknown type {qtype!r}")
    if qtype in SCALE_TYPES:
        if "options" in raw:
            raise BankError(f"{where}: {qid} is a standard scale; give opt_outs, not options")
        opt_outs = raw.get("opt_outs")
        options = scale_options(qtype, tuple(opt_outs) if opt_outs is not None else None)
    elif qtype in WRITTEN_OPTION_TYPES:
        options = tuple(raw.get("options") or ())
        if len(options) < 2:
            raise BankError(f"{where}: {qid} needs at least two options")
    else:
        options = ()
    return BankQuestion(
        id=qid,
        text=text,
        qtype=qtype,
        options=options,
        category=category.id,
        category_label=category.label,
        note=note,
        help_text=raw.get("help_text", "") or "",
        source=source,
    )


@cache
def _load(directory: Path) -> tuple[tuple[Category, ...], tuple[BankQuestion, ...]]:
    categories: list[Category] = []
    questions: list[BankQuestion] = []
    seen: set[str] = set()
    for path in sorted(directory.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        category = Category(**data["category"])
        categories.append(category)
        for raw in data["questions"]:
            question = parse_question(raw, category, path.name)
            if question.id in seen:
                raise BankError(f"{path.name}: duplicate question id {question.id}")
            seen.add(question.id)
            questions.append(question)
    return tuple(categories), tuple(questions)


def load_bank() -> tuple[BankQuestion, ...]:
    """Every bank question, in category order then the order of the files."""
    return _load(BANK_DIR)[1]


def categories() -> tuple[Category, ...]:
    """The impact categories, in the order the builder should list them."""
    return _load(BANK_DIR)[0]


def get(question_id: str) -> BankQuestion:
    """One bank question by its stable id; ``KeyError`` if it does not exist."""
    for question in load_bank():
        if question.id == question_id:
            return question
    raise KeyError(question_id)


def search(
    query: str = "",
    category: str | None = None,
    qtype: str | None = None,
    *,
    source: str | None = None,
    extra: tuple[BankQuestion, ...] = (),
) -> tuple[BankQuestion, ...]:
    """Bank questions matching every word of ``query`` (text, note, options, category), filtered.

    Matching is by case-insensitive substring per word, which is what people expect from a
    search box over 50-odd questions; ranking would add nothing at this size. ``extra`` are the
    questions a library imported (kept in the database, so the caller passes them in).
    """
    words = query.casefold().split()
    found = []
    for question in (*load_bank(), *extra):
        if source and question.source != source:
            continue
        if category and question.category != category:
            continue
        if qtype and question.qtype != qtype:
            continue
        if words:
            haystack = " ".join(
                (question.text, question.note, question.help_text, question.category_label, *question.options)
            ).casefold()
            if not all(word in haystack for word in words):
                continue
        found.append(question)
    return tuple(found)


def reworded(bank_text: str, text: str) -> bool:
    """Whether a survey's question says something other than the bank's wording it came from
    (spacing and line breaks aside)."""
    return " ".join(bank_text.split()) != " ".join(text.split())
