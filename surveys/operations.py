"""State changes of the survey designer and of survey responses, as plain functions.

Views and host commands call these; they flush but never commit (one commit per request, by
the caller). A rule a person broke raises ``RuleBroken`` with a message written for them.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from surveys import bank_store
from surveys.design import (
    MAX_RANKED,
    OTHER_SUFFIX,
    QUESTION_TYPES,
    RANKING,
    SCALE_TYPES,
    WRITTEN_OPTION_TYPES,
    SurveyDesign,
    scale_options,
    specify_option,
)
from surveys.follow_up import invited_count
from surveys.lint import lint
from surveys.models import Survey, SurveyQuestion, SurveyResponse, SurveySection, SurveyState, SurveyVersion
from surveys.snapshot import design_from, stored_design
from surveys.starters import Starter
from workshop.common import settings as common_settings
from workshop.common.dates import long_date
from workshop.common.text import clean_text
from workshop.common.text import idempotency_key as clean_key
from workshop.extensions import db, serialise_on
from workshop.models import Facilitator, Workshop, utcnow
from workshop.operations import JoiningRefused, RuleBroken, unused_code
from workshop.ratelimits import new_phone_allowed

log = logging.getLogger(__name__)

__all__ = ["NeedsNewVersion", "RuleBroken"]

MAX_FREE_TEXT = 5000
MAX_OPTIONS = 30
MAX_QUESTIONS = 200

DEFAULT_CONSENT = (
    "Taking part is voluntary, and you can skip any question that is not marked as required. "
    "Answers are anonymous: we do not ask for your name. They are stored securely by the library "
    "service, used only to report on and improve our services, and deleted when no longer needed."
)
DEFAULT_CLOSING = "Thank you for your answers: they help us show the difference the library service makes."


@dataclass(frozen=True)
class SurveySettings:
    title: str
    purpose: str = ""
    target_group: str = ""
    audience_size: int | None = None
    introduction: str = ""
    consent_text: str = DEFAULT_CONSENT
    closing_message: str = DEFAULT_CLOSING
    allow_multiple: bool = False


@dataclass(frozen=True)
class QuestionInput:
    """A question as the designer wrote it; scale types take their options from the standard scale."""

    text: str
    qtype: str
    options: tuple[str, ...] = ()
    required: bool = False
    help_text: str = ""
    section_id: int | None = None


# --- surveys -------------------------------------------------------------------------------------


def create_survey(facilitator: Facilitator, settings: SurveySettings, *, workshop: Workshop | None = None) -> Survey:
    """A draft survey with one untitled section to add questions to."""
    survey = Survey(
        facilitator=facilitator,
        code=unused_code(Survey.code, "survey code"),
        workshop=workshop,
        state=SurveyState.DRAFT,
    )
    apply_settings(survey, settings)
    survey.sections.append(SurveySection(title="", introduction="", position=0))
    db.session.add(survey)
    db.session.flush()
    log.info("survey %s created by facilitator %s", survey.code, facilitator.id)
    return survey


def apply_settings(survey: Survey, settings: SurveySettings) -> None:
    cleaned = replace(
        settings,
        title=clean_text(settings.title, single_line=True)[:200] or "Untitled survey",
        purpose=clean_text(settings.purpose),
        target_group=clean_text(settings.target_group, single_line=True)[:300],
        audience_size=settings.audience_size if settings.audience_size and settings.audience_size > 0 else None,
        introduction=clean_text(settings.introduction),
        consent_text=clean_text(settings.consent_text),
        closing_message=clean_text(settings.closing_message),
    )
    common_settings.apply_settings(survey, cleaned)


def settings_of(survey: Survey) -> SurveySettings:
    return common_settings.settings_of(SurveySettings, survey)


def response_count(survey: Survey) -> int:
    return db.session.scalar(select(func.count(SurveyResponse.id)).where(SurveyResponse.survey_id == survey.id)) or 0


class NeedsNewVersion(RuleBroken):
    """A change that would alter the meaning of answers already given: it needs a new version.

    ``field`` names what was changed ("text", "qtype", "options", "condition"), so the form can
    put the message beside it."""

    def __init__(self, message: str, field: str = "options") -> None:
        super().__init__(message)
        self.field = field


def version_response_count(survey: Survey) -> int:
    """How many people answered the version of the questions respondents get now."""
    return (
        db.session.scalar(
            select(func.count(SurveyResponse.id)).where(
                SurveyResponse.survey_id == survey.id, SurveyResponse.version == survey.version
            )
        )
        or 0
    )


def answered_keys(survey: Survey) -> set[str]:
    """The keys of the questions somebody has answered in the current version."""
    rows = db.session.scalars(
        select(SurveyResponse.answers_json).where(
            SurveyResponse.survey_id == survey.id, SurveyResponse.version == survey.version
        )
    )
    keys: set[str] = set()
    for row in rows:
        keys.update(key.removesuffix(OTHER_SUFFIX) for key in json.loads(row or "{}"))
    return keys


def require_same_meaning(question: SurveyQuestion, change: str, field: str = "options") -> None:
    """Refuse ``change`` (e.g. "change the answers offered") to a question people have answered.

    Adding questions and sections, moving questions and fixing the survey's texts never change what
    an answer means, so they stay open; a question nobody has answered yet can still change freely.
    """
    survey = question.section.survey
    if question.key not in answered_keys(survey):
        return
    raise NeedsNewVersion(
        f"People have answered this question in version {survey.version}, so you cannot {change} in it: "
        f"their answers would stop meaning what they meant. Start version {survey.version + 1} to make this "
        f"change; the answers to version {survey.version} are kept and reported as that version.",
        field,
    )


def start_new_version(survey: Survey) -> SurveyVersion:
    """Freeze the questions people have answered as a version, and carry a copy on as the next one.

    The survey's code, link and QR code stay the same and serve the newest version; answers keep the
    version they answered, so results are reported per version against the wording people saw.
    """
    if not version_response_count(survey):
        raise RuleBroken(
            f"Nobody has answered version {survey.version} yet, so you can change its questions without a new version."
        )
    frozen = SurveyVersion(
        survey_id=survey.id,
        number=survey.version,
        design_json=json.dumps({"sections": stored_design(survey)["sections"]}, ensure_ascii=False),
    )
    survey.versions.append(frozen)
    survey.version += 1
    db.session.flush()
    log.info("survey %s now at version %s", survey.code, survey.version)
    return frozen


ALLOWED_TRANSITIONS: dict[SurveyState, set[SurveyState]] = {
    SurveyState.DRAFT: {SurveyState.OPEN},
    SurveyState.OPEN: {SurveyState.CLOSED},
    SurveyState.CLOSED: {SurveyState.OPEN},
}


def change_state(survey: Survey, target: SurveyState) -> None:
    """Publish, close or reopen. A survey without questions cannot be published."""
    if target not in ALLOWED_TRANSITIONS[survey.state]:
        raise RuleBroken(f"A {survey.state.value} survey cannot become {target.value}.")
    if target == SurveyState.OPEN and not survey.questions:
        raise RuleBroken("Add at least one question before you publish the survey.")
    survey.state = target
    if target == SurveyState.OPEN:
        survey.opened_at = survey.opened_at or utcnow()
        survey.closed_at = None
    else:
        survey.closed_at = utcnow()
    db.session.flush()
    log.info("survey %s is now %s", survey.code, target.value)


def delete_survey(survey: Survey) -> None:
    code = survey.code
    db.session.delete(survey)
    db.session.flush()
    log.info("survey %s deleted with all its responses", code)


# --- sections ------------------------------------------------------------------------------------


def _renumber(items: Sequence[SurveySection | SurveyQuestion]) -> None:
    for position, item in enumerate(items):
        item.position = position


def section_of(survey: Survey, section_id: int | None) -> SurveySection:
    """The survey's section with this id, or its last section (where new questions go by default)."""
    for section in survey.sections:
        if section.id == section_id:
            return section
    return survey.sections[-1]


def add_section(survey: Survey, title: str, introduction: str = "") -> SurveySection:
    section = SurveySection(
        title=clean_text(title, single_line=True)[:200],
        introduction=clean_text(introduction),
        position=len(survey.sections),
    )
    survey.sections.append(section)
    db.session.flush()
    return section


def update_section(section: SurveySection, title: str, introduction: str = "") -> None:
    section.title = clean_text(title, single_line=True)[:200]
    section.introduction = clean_text(introduction)


def delete_section(section: SurveySection) -> None:
    """Remove a section; its questions join the section before it (or after it), never lost."""
    survey = section.survey
    if len(survey.sections) < 2:
        raise RuleBroken("A survey needs at least one section. Rename this one instead.")
    index = survey.sections.index(section)
    neighbour = survey.sections[index - 1] if index > 0 else survey.sections[index + 1]
    moved = list(section.questions)
    kept = list(neighbour.questions)
    for question in moved:
        question.section = neighbour
    _renumber([*kept, *moved] if index > 0 else [*moved, *kept])
    db.session.flush()
    db.session.expire(neighbour, ["questions"])
    survey.sections.remove(section)
    db.session.delete(section)
    _renumber(survey.sections)
    db.session.flush()


def move_section(section: SurveySection, direction: str) -> None:
    """One place up or down, with all its questions; their keys (and so the answers) never change."""
    _keeping_skip_logic_in_order(lambda: _move_section(section, direction), section.survey)


def _move_section(section: SurveySection, direction: str) -> None:
    survey = section.survey
    ordered = list(survey.sections)
    index = ordered.index(section)
    target = index + (-1 if direction == "up" else 1)
    if direction not in ("up", "down") or not 0 <= target < len(ordered):
        raise RuleBroken("That section cannot move further that way.")
    ordered[index], ordered[target] = ordered[target], ordered[index]
    _renumber(ordered)
    db.session.flush()
    db.session.expire(survey, ["sections"])


# --- questions -----------------------------------------------------------------------------------


def clean_question(question: QuestionInput) -> QuestionInput:
    """The question with clean text and the options its type needs, or ``RuleBroken``."""
    text = clean_text(question.text, single_line=True)
    if not text:
        raise RuleBroken("Write the question.")
    if question.qtype not in QUESTION_TYPES:
        raise RuleBroken("Choose a type of answer from the list.")
    if question.qtype in SCALE_TYPES:
        options = scale_options(question.qtype)
    elif question.qtype in WRITTEN_OPTION_TYPES:
        seen: set[str] = set()
        cleaned: list[str] = []
        for option in question.options:
            option = clean_text(option, single_line=True)[:300]
            if option and option.casefold() not in seen:
                seen.add(option.casefold())
                cleaned.append(option)
        if len(cleaned) < 2:
            raise RuleBroken("Give at least two answers to choose from, one on each line.")
        if question.qtype == RANKING and len(cleaned) > MAX_RANKED:
            raise RuleBroken(f"Give at most {MAX_RANKED} items to put in order: more is too hard to rank well.")
        if len(cleaned) > MAX_OPTIONS:
            raise RuleBroken(f"Give at most {MAX_OPTIONS} answers to choose from: long lists are hard on a phone.")
        options = tuple(cleaned)
    else:
        options = ()
    return QuestionInput(
        text=text[:1000],
        qtype=question.qtype,
        options=options,
        required=question.required,
        help_text=clean_text(question.help_text)[:1000],
        section_id=question.section_id,
    )


def _check_room(survey: Survey) -> None:
    if len(survey.questions) >= MAX_QUESTIONS:
        raise RuleBroken(f"A survey can have at most {MAX_QUESTIONS} questions.")


def _append(survey: Survey, section: SurveySection, question: SurveyQuestion) -> SurveyQuestion:
    question.survey_id = survey.id
    question.position = len(section.questions)
    section.questions.append(question)
    db.session.flush()
    return question


def add_question(survey: Survey, question: QuestionInput) -> SurveyQuestion:
    """A question the designer wrote, at the end of the chosen section."""
    _check_room(survey)
    clean = clean_question(question)
    row = SurveyQuestion(
        text=clean.text,
        qtype=clean.qtype,
        required=clean.required,
        help_text=clean.help_text,
        bank_id=None,
        category="",
    )
    row.options = clean.options
    return _append(survey, section_of(survey, clean.section_id), row)


def add_bank_question(survey: Survey, bank_id: str, section_id: int | None = None) -> SurveyQuestion:
    """A copy of a bank question; the designer may then change its wording."""
    _check_room(survey)
    try:
        source = bank_store.get(bank_id)
    except KeyError:
        raise RuleBroken("That question is no longer in the bank: search again.") from None
    row = SurveyQuestion(
        text=source.text,
        qtype=source.qtype,
        help_text=source.help_text,
        bank_id=source.id,
        category=source.category,
        required=False,
    )
    row.options = source.options
    return _append(survey, section_of(survey, section_id), row)


def update_question(question: SurveyQuestion, changes: QuestionInput) -> None:
    survey = question.section.survey
    clean = clean_question(changes)
    if clean.qtype in SCALE_TYPES and question.qtype == clean.qtype:
        # Keep the opt-outs a bank question came with (e.g. "Don't know" rather than "Not applicable").
        clean = replace(clean, options=tuple(question.options) or clean.options)
    if clean.qtype != question.qtype:
        require_same_meaning(question, "change the type of answer", "qtype")
    elif tuple(clean.options) != tuple(question.options):
        require_same_meaning(question, "change, add or remove the answers offered")
    elif clean.text != question.text:
        require_same_meaning(question, "change the wording of the question", "text")
    question.text = clean.text
    question.qtype = clean.qtype
    question.options = clean.options
    question.required = clean.required
    question.help_text = clean.help_text
    target = section_of(survey, clean.section_id) if clean.section_id else question.section
    if target is not question.section:
        _place(question, target)
    db.session.flush()


CONDITION_SEPARATOR = "\x1f"  # between a question key and one of its options in a condition pick


def _condition_json(survey: Survey, before: str, op: str, picks: Sequence[str], what: str) -> str:
    """The stored form of a condition on an answer to a question that comes before the key ``before``.

    ``picks`` are ``key<US>option`` strings (US is the unit separator), all of one earlier question;
    ``op=""`` removes the condition (returns ""). ``what`` names what is shown ("question", "section").
    """
    if not op:
        return ""
    if op not in ("is", "is_not"):
        raise RuleBroken(f"Choose whether the {what} shows when the answer is, or is not, one of those ticked.")
    chosen: dict[str, list[str]] = {}
    for pick in picks:
        key, _, option = pick.partition(CONDITION_SEPARATOR)
        chosen.setdefault(key, []).append(option)
    if not chosen:
        raise RuleBroken(f"Tick the answers that show this {what}.")
    if len(chosen) > 1:
        raise RuleBroken("Tick answers of one earlier question only.")
    ((key, options),) = chosen.items()
    order = [q.key for q in survey.questions]
    source = next((q for q in survey.questions if q.key == key), None)
    if source is None or before not in order or order.index(key) >= order.index(before):
        raise RuleBroken(f"A {what} can depend only on a question that comes before it.")
    if source.qtype == RANKING:
        raise RuleBroken(f"A {what} cannot depend on a ranking: everyone ranks every item. Choose a choice question.")
    unknown = [o for o in options if o not in source.options]
    if unknown:
        raise RuleBroken("Those answers are no longer offered by that question: tick them again.")
    ordered = [o for o in source.options if o in options]
    return json.dumps({"question": key, "options": ordered, "negate": op == "is_not"}, ensure_ascii=False)


def set_condition(question: SurveyQuestion, op: str, picks: Sequence[str]) -> None:
    """Show ``question`` only when an earlier answer is (``op="is"``) or is not (``"is_not"``) one of ``picks``.

    Questions that come later cannot be chosen: nobody has answered them yet when this one is shown.
    """
    require_same_meaning(question, "change who is asked it")
    question.condition_json = _condition_json(question.section.survey, question.key, op, picks, "question")
    db.session.flush()


def set_section_condition(section: SurveySection, op: str, picks: Sequence[str]) -> None:
    """Show every question of ``section`` only when an answer before the section is (not) one of ``picks``."""
    if not section.questions:
        raise RuleBroken("Add questions to the section first: skip logic decides when they are shown.")
    for question in section.questions:
        require_same_meaning(question, "change who is asked it")
    section.condition_json = _condition_json(section.survey, section.questions[0].key, op, picks, "section")
    db.session.flush()


def delete_question(question: SurveyQuestion) -> None:
    section = question.section
    require_same_meaning(question, "remove it")
    section.questions.remove(question)
    db.session.delete(question)
    _renumber(section.questions)
    db.session.flush()


def _place(question: SurveyQuestion, section: SurveySection, *, first: bool = False) -> None:
    """Move ``question`` to the end (or start) of ``section``, renumbering both sections.

    Positions change and collections are re-read rather than edited in place: replacing an item
    of a delete-orphan collection would delete the question.
    """
    old = question.section
    staying = [q for q in old.questions if q is not question]
    others = [q for q in section.questions if q is not question]
    question.section = section
    _renumber(staying)
    _renumber([question, *others] if first else [*others, question])
    db.session.flush()
    db.session.expire(old, ["questions"])
    db.session.expire(section, ["questions"])


def _order_problems(survey: Survey) -> int:
    """How many questions and sections wait for an answer that does not come before them."""
    findings = lint(design_from(stored_design(survey)))
    return sum(1 for finding in findings if finding.code in ("condition-order", "section-condition-order"))


def _keeping_skip_logic_in_order(move: Callable[[], None], survey: Survey) -> None:
    """Run ``move`` (of questions or sections), refused when it puts a question or section before
    the answer that shows it: moved above its source, a required question was hidden from everyone."""
    before = _order_problems(survey)
    move()
    db.session.flush()
    db.session.expire_all()  # read the new order back, sections and questions alike
    if _order_problems(survey) > before:
        raise RuleBroken(
            "Not moved: a question or section would then come before the answer that decides whether it is "
            "shown, so nobody could be shown it. Move the question it depends on first, or change its condition."
        )


def move_question(question: SurveyQuestion, direction: str) -> None:
    """One step up or down; past the edge of a section it moves into the neighbouring section."""
    _keeping_skip_logic_in_order(lambda: _move_question(question, direction), question.section.survey)


def _move_question(question: SurveyQuestion, direction: str) -> None:
    section = question.section
    survey = section.survey
    ordered = list(section.questions)
    index = ordered.index(question)
    step = -1 if direction == "up" else 1
    target = index + step
    if 0 <= target < len(ordered):
        ordered[index], ordered[target] = ordered[target], ordered[index]
        _renumber(ordered)
        db.session.flush()
        db.session.expire(section, ["questions"])
        return
    s_index = survey.sections.index(section) + step
    if 0 <= s_index < len(survey.sections):
        _place(question, survey.sections[s_index], first=step > 0)


def reorder_section(section: SurveySection, keys: Sequence[str]) -> None:
    """Put the section's questions in the order of ``keys`` (from drag and drop).

    Keys that are not in the section are ignored and questions whose key is missing keep their
    relative order at the end, so a stale page can reorder but never lose a question.
    """
    _keeping_skip_logic_in_order(lambda: _reorder_section(section, keys), section.survey)


def _reorder_section(section: SurveySection, keys: Sequence[str]) -> None:
    rank = {key: i for i, key in enumerate(keys)}
    ordered = sorted(section.questions, key=lambda q: (rank.get(q.key, len(rank)), q.position))
    for position, question in enumerate(ordered):
        question.position = position
    db.session.flush()
    db.session.expire(section, ["questions"])


# --- responses -----------------------------------------------------------------------------------


def parse_answers(design: SurveyDesign, form: Mapping[str, Sequence[str]]) -> tuple[dict[str, Any], dict[str, str]]:
    """The answers a respondent gave and a message for each question that needs another look.

    ``form`` maps field names to their submitted values (``answer-<key>``). Every answer given is
    returned, even when another question has an error, so the page can show them all again.
    """
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for numbered in design.numbered():
        question = numbered.question
        values = [clean_text(v) for v in form.get(f"answer-{numbered.key}", ()) if isinstance(v, str)]
        values = [v for v in values if v]
        if question.qtype == RANKING:
            order, problem = _ranking(question.options, numbered.key, form)
            if order:
                answers[numbered.key] = order
            if problem:
                errors[numbered.key] = problem
        elif question.qtype == "free_text":
            text = values[0] if values else ""
            if text:
                answers[numbered.key] = text
                if len(text) > MAX_FREE_TEXT:
                    errors[numbered.key] = (
                        f"That answer is {len(text)} characters; the limit is {MAX_FREE_TEXT}. "
                        f"Shorten it by {len(text) - MAX_FREE_TEXT}."
                    )
        elif question.qtype == "multiple":
            allowed = set(question.options)
            chosen = [v for v in question.options if v in values]
            if chosen:
                answers[numbered.key] = chosen
            if any(v not in allowed for v in values):
                errors[numbered.key] = "Tick the answers from the list."
        elif values:
            if values[0] in question.options:
                answers[numbered.key] = values[0]
            else:
                errors[numbered.key] = "Choose one of the answers listed."
        if (other := specify_option(question)) is not None:
            typed = [clean_text(v, single_line=True) for v in form.get(f"answer-{numbered.key}{OTHER_SUFFIX}", ())]
            text = next((t for t in typed if t), "")[:1000]
            if text:
                answers[numbered.key + OTHER_SUFFIX] = text
                if question.qtype == "multiple" and other not in answers.get(numbered.key, []):
                    answers[numbered.key] = [
                        o for o in question.options if o in {*answers.get(numbered.key, []), other}
                    ]
                elif question.qtype != "multiple" and numbered.key not in answers:
                    answers[numbered.key] = other
        if question.required and numbered.key not in answers and numbered.key not in errors:
            errors[numbered.key] = (
                "Write an answer to this question." if question.qtype == "free_text" else "Choose an answer."
            )
    return answers, errors


def _ranking(items: Sequence[str], key: str, form: Mapping[str, Sequence[str]]) -> tuple[list[str], str]:
    """A ranking's items in the order given (rank 1 first), and what to fix ("" when nothing).

    Each item has its own select of ranks, ``answer-<key>-<index>``; the pages of a survey with
    skip logic carry an answer given earlier as ``answer-<key>``, the items in order.
    """
    carried = [v for v in form.get(f"answer-{key}", ()) if isinstance(v, str)]
    if carried and not any(f"answer-{key}-{i}" in form for i in range(len(items))):
        if sorted(carried) == sorted(items):
            return carried, ""
        return [], f"Give every item a different number from 1 to {len(items)}."
    ranks: dict[str, int] = {}
    for index, item in enumerate(items):
        raw = next((v.strip() for v in form.get(f"answer-{key}-{index}", ()) if isinstance(v, str)), "")
        if raw:
            if not raw.isdigit() or not 1 <= int(raw) <= len(items):
                return [], f"Choose a number from 1 to {len(items)} for each item."
            ranks[item] = int(raw)
    if not ranks:
        return [], ""
    if len(ranks) < len(items) or len(set(ranks.values())) < len(ranks):
        return [], f"Give every item a different number from 1 to {len(items)}: each number once."
    return sorted(ranks, key=ranks.__getitem__), ""


def has_responded(survey: Survey, respondent: str | None) -> bool:
    if not respondent:
        return False
    found = db.session.scalar(
        select(SurveyResponse.id).where(SurveyResponse.survey_id == survey.id, SurveyResponse.respondent == respondent)
    )
    return found is not None


def closed_message(survey: Survey) -> str:
    if survey.state == SurveyState.DRAFT:
        return "This survey has not been published yet. Try again later, or check the link you were given."
    return "This survey is closed, so it no longer takes answers. Thank you for your interest."


NEW_RESPONDENTS_MESSAGE = (
    "Too many new people answering from this network just now; wait a minute and try again. "
    "Your answers are kept below: press Send again."
)


def submit_response(
    survey: Survey, respondent: str, answers: Mapping[str, Any], *, idempotency_key: str | None = None
) -> tuple[SurveyResponse, bool]:
    """Store a response; returns (response, created).

    A retried or double-tapped POST with the same idempotency key returns the first response
    instead of storing a second one, even when the survey allows only one per device.

    Clearing cookies makes a new respondent, so a respondent's first answer counts against the
    same per-address cap as a new phone joining a workshop (``NEW_PHONE_ADDRESS_LIMIT``, one
    counter for both): past it, ``JoiningRefused`` with status 429 (finding 6 of issue 12).
    """
    key = clean_key(idempotency_key)
    if key:
        existing = db.session.scalar(
            select(SurveyResponse).where(SurveyResponse.survey_id == survey.id, SurveyResponse.idempotency_key == key)
        )
        if existing is not None:
            return existing, False
    if not survey.is_open:
        raise RuleBroken(closed_message(survey))
    if not survey.allow_multiple:
        serialise_on(Survey, survey.id)  # one device's parallel answers are checked one at a time
    returning = has_responded(survey, respondent)
    if returning and not survey.allow_multiple:
        raise RuleBroken("You have already answered this survey on this device. Thank you: your answers are saved.")
    if not returning and not new_phone_allowed():
        raise JoiningRefused(NEW_RESPONDENTS_MESSAGE, 429)
    response = SurveyResponse(survey_id=survey.id, respondent=respondent, idempotency_key=key, version=survey.version)
    response.answers = dict(answers)
    db.session.add(response)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        existing = db.session.scalar(
            select(SurveyResponse).where(SurveyResponse.survey_id == survey.id, SurveyResponse.idempotency_key == key)
        )
        if existing is None:
            raise
        return existing, False
    return response, True


# --- follow-up surveys of workshops ----------------------------------------------------------------

FOLLOW_UP_BANK_QUESTIONS = ("learn-shared", "learn-cpd")


def follow_up_settings(workshop: Workshop) -> SurveySettings:
    """What a follow-up survey of ``workshop`` starts with: its participants as the audience.

    The people invited are those who still have a statement: someone who opened the join page and
    wrote nothing, or withdrew everything, has nothing to be followed up on and is not counted.
    """
    when = f" on {long_date(workshop.date, weekday=False)}" if workshop.date else ""
    participants = invited_count(workshop)
    return SurveySettings(
        title=f"Follow-up: {workshop.title}"[:200],
        purpose=(
            "To find out whether the people at the workshop did what they planned when they got back to work, "
            "what got in the way, and what difference it made to them, their service and its users."
        ),
        target_group=f"Participants of the workshop “{workshop.title}”{when}"[:300],
        audience_size=participants or None,
        introduction=(
            f"At the workshop you wrote what you would do when you got back to work (“{workshop.prompt}”). "
            "This short survey asks what happened next. It takes about three minutes."
        ),
    )


def create_follow_up(workshop: Workshop, facilitator: Facilitator) -> Survey:
    """A draft follow-up survey for a workshop's participants, with suitable questions to start from."""
    survey = create_survey(facilitator, follow_up_settings(workshop), workshop=workshop)
    add_question(
        survey,
        QuestionInput(
            text="Since the workshop, how much of what you planned have you done?",
            qtype="single",
            options=("All of it", "Some of it", "None of it yet", "I did not make a plan", "Prefer not to say"),
            required=True,
        ),
    )
    add_question(
        survey,
        QuestionInput(
            text="What, if anything, got in the way?",
            qtype="multiple",
            options=(
                "Not enough time",
                "No support from my manager or colleagues",
                "I was not sure how to start",
                "Something else",
                "Nothing got in the way",
            ),
            help_text="Tick all that apply.",
        ),
    )
    add_question(
        survey,
        QuestionInput(
            text="What difference has it made to you, your service or the people who use it?",
            qtype="free_text",
            help_text="A sentence or two is plenty. Please do not name patients or colleagues.",
        ),
    )
    for bank_id in FOLLOW_UP_BANK_QUESTIONS:
        add_bank_question(survey, bank_id)
    return survey


def create_from_starter(facilitator: Facilitator, starter: Starter) -> Survey:
    """A new draft survey holding a starter survey's sections and bank questions, to adapt and publish."""
    survey = create_survey(
        facilitator,
        SurveySettings(
            title=starter.title,
            purpose=starter.purpose,
            target_group=starter.target_group,
            introduction=starter.introduction,
        ),
    )
    db.session.flush()
    for number, (title, bank_ids) in enumerate(starter.sections):
        section = section_of(survey, None) if number == 0 else add_section(survey, title)
        if number == 0:
            update_section(section, title)
        db.session.flush()
        for bank_id in bank_ids:
            add_bank_question(survey, bank_id, section.id)
    return survey
