"""The whole question bank: the kit's built-in questions (files) and those a library imported (database).

Views, host commands and operations ask here, so an imported question can be searched, added to a
survey and listed exactly like a built-in one, while the built-in files stay untouched.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select

from surveys import bank
from surveys.bank import KIT_SOURCE, BankError, BankQuestion
from surveys.models import ImportedBankQuestion, Survey
from workshop.extensions import db

log = logging.getLogger(__name__)


def _plain(row: ImportedBankQuestion) -> BankQuestion:
    return BankQuestion(
        id=row.qid,
        text=row.text,
        qtype=row.qtype,
        options=tuple(row.options),
        category=row.category,
        category_label=row.category_label,
        note=row.note,
        help_text=row.help_text,
        source=row.source,
    )


def imported() -> tuple[BankQuestion, ...]:
    """The questions libraries imported, by source then in the order of their files."""
    rows = db.session.scalars(
        select(ImportedBankQuestion).order_by(ImportedBankQuestion.source, ImportedBankQuestion.id)
    )
    return tuple(_plain(row) for row in rows)


def all_questions() -> tuple[BankQuestion, ...]:
    return (*bank.load_bank(), *imported())


def sources() -> tuple[str, ...]:
    """The kit's own source first, then each imported source."""
    found = db.session.scalars(select(ImportedBankQuestion.source).distinct().order_by(ImportedBankQuestion.source))
    return (KIT_SOURCE, *found)


def get(question_id: str) -> BankQuestion:
    """A built-in or imported question by its id; ``KeyError`` if there is none."""
    try:
        return bank.get(question_id)
    except KeyError:
        row = db.session.scalar(select(ImportedBankQuestion).where(ImportedBankQuestion.qid == question_id))
        if row is None:
            raise
        return _plain(row)


def search(
    query: str = "", category: str | None = None, qtype: str | None = None, source: str | None = None
) -> tuple[BankQuestion, ...]:
    return bank.search(query, category, qtype, source=source, extra=imported())


def import_questions(questions: Iterable[BankQuestion]) -> tuple[int, int]:
    """Store a library's questions; returns (added, replaced). Flushes, never commits.

    Importing a source again replaces its questions with the new file's (a corrected file is the
    usual reason). An id that the kit's bank or another source already uses is refused, naming
    the ids, so nothing built in is ever overwritten.
    """
    questions = tuple(questions)
    built_in = {q.id for q in bank.load_bank()}
    if any(q.source == KIT_SOURCE for q in questions):
        raise BankError(f"Give your questions a source of their own: {KIT_SOURCE!r} is the kit's built-in bank.")
    clash = sorted(q.id for q in questions if q.id in built_in)
    if clash:
        raise BankError(
            f"These ids are the kit's built-in questions: {', '.join(clash)}. Give your questions other ids."
        )
    sources_in_file = {q.source for q in questions}
    others = db.session.execute(
        select(ImportedBankQuestion.qid, ImportedBankQuestion.source).where(
            ImportedBankQuestion.qid.in_([q.id for q in questions]),
            ImportedBankQuestion.source.not_in(sources_in_file),
        )
    ).all()
    if others:
        named = ", ".join(f"{qid} ({source})" for qid, source in others)
        raise BankError(f"These ids are already imported from another source: {named}. Give your questions other ids.")
    deleted = db.session.execute(delete(ImportedBankQuestion).where(ImportedBankQuestion.source.in_(sources_in_file)))
    replaced = cast(CursorResult[Any], deleted).rowcount  # a DELETE's result is a CursorResult
    db.session.flush()
    for question in questions:
        row = ImportedBankQuestion(
            qid=question.id,
            source=question.source,
            category=question.category,
            category_label=question.category_label,
            qtype=question.qtype,
            text=question.text,
            note=question.note,
            help_text=question.help_text,
        )
        row.options = question.options
        db.session.add(row)
    db.session.flush()
    log.info("imported %d bank questions from %s", len(questions), ", ".join(sorted(sources_in_file)))
    return len(questions), replaced or 0


def reworded_questions(survey: Survey) -> set[str]:
    """Keys of ``survey``'s bank questions whose wording was changed from the bank's: the builder
    says "reworded", since the bank's good-practice notes were about its own wording."""
    changed = set()
    for section in survey.sections:
        for question in section.questions:
            if not question.bank_id:
                continue
            try:
                original = get(question.bank_id)
            except KeyError:
                continue  # an imported question since removed: nothing to compare with
            if bank.reworded(original.text, question.text):
                changed.add(question.key)
    return changed
