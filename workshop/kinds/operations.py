"""State changes of the word cloud, scale, ranking and questions activities (issue 16).

Plain functions with explicit arguments, like ``workshop.operations``: they flush, never commit,
raise ``RuleBroken`` with words for the person, and ``touch`` the workshop so walls and phones
redraw. Sending the same answer twice (a double tap, a retry) stores it once; a participant's
later answer replaces their earlier one. Only the room's current activity takes answers, and
only while the workshop is open.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from workshop.coaching.personal_data import KIND_PHRASES, PersonalDataWarning, personal_data_warning
from workshop.common.text import idempotency_key as clean_key
from workshop.extensions import db, hold_row, serialise_on
from workshop.kinds.rankings import BadRanking, check_ranks, clean_items
from workshop.kinds.scales import BadScale, Scale, check_value, make_scale
from workshop.kinds.words import MAX_WORDS, BadWords, check_words, fold
from workshop.models import (
    Activity,
    ActivityAnswer,
    ActivityKind,
    Facilitator,
    Participant,
    Question,
    QuestionVote,
    StatementChange,
    StatementStatus,
    Workshop,
    WorkshopState,
)
from workshop.operations import (
    RuleBroken,
    checked_text,
    confirmed_personal_data,
    first_status,
    new_participant,
    record_change,
)

CLOSED_MESSAGE = "This workshop is closed, so answers can no longer be sent or changed."
DRAFT_MESSAGE = "This workshop has not opened yet. Your facilitator will open it soon."
MOVED_ON_MESSAGE = "The room has moved on to another activity. Reload the page to see it."


# --- settings (the agenda's form calls these) --------------------------------------------------


def _keep_display(activity: Activity, values: dict[str, object]) -> None:
    """Store a kind's settings, keeping what every kind has (hidden until revealed)."""
    settings = activity.settings
    settings.update(values)
    activity.settings = settings


def configure_words(activity: Activity, max_words: int | str) -> None:
    try:
        number = int(max_words)
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= MAX_WORDS:
        raise RuleBroken(f"Let each person send 1 to {MAX_WORDS} words.")
    _keep_display(activity, {"max_words": number})


def configure_scale(activity: Activity, low: int, high: int, low_label: str = "", high_label: str = "") -> None:
    try:
        scale = make_scale(low, high, low_label, high_label)
    except BadScale as error:
        raise RuleBroken(str(error)) from None
    _keep_display(
        activity,
        {"low": scale.low, "high": scale.high, "low_label": scale.low_label, "high_label": scale.high_label},
    )


def configure_ranking(activity: Activity, lines: Sequence[str]) -> None:
    try:
        _keep_display(activity, {"options": clean_items(lines)})
    except BadRanking as error:
        raise RuleBroken(str(error)) from None


def max_words_of(activity: Activity) -> int:
    raw = activity.settings.get("max_words", MAX_WORDS)
    return raw if isinstance(raw, int) and 1 <= raw <= MAX_WORDS else MAX_WORDS


def scale_of(activity: Activity) -> Scale:
    """The activity's scale; 1 to 5 with no labels when its settings are missing or broken."""
    settings = activity.settings
    try:
        return make_scale(
            int(str(settings.get("low", 1))),
            int(str(settings.get("high", 5))),
            str(settings.get("low_label", "")),
            str(settings.get("high_label", "")),
        )
    except (BadScale, ValueError):
        return make_scale(1, 5)


def hidden_words_of(activity: Activity) -> list[str]:
    raw = activity.settings.get("hidden_words", [])
    return [str(key) for key in raw] if isinstance(raw, list) else []


# --- answers ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answered:
    """The stored answer, whether it changed, and the participant who owns it (new on a first answer)."""

    answer: ActivityAnswer
    changed: bool
    participant: Participant
    created: bool = False  # the participant's first answer to this activity


def require_answerable(activity: Activity, kind: ActivityKind) -> Workshop:
    """The activity's workshop, if it is open, on this activity, and the activity is of ``kind``."""
    workshop = activity.workshop
    if workshop.state == WorkshopState.DRAFT:
        raise RuleBroken(DRAFT_MESSAGE)
    if workshop.state != WorkshopState.OPEN:
        raise RuleBroken(CLOSED_MESSAGE)
    if activity.kind != kind:
        raise RuleBroken(f"This activity is a {activity.kind.label.lower()}, not a {kind.label.lower()}.")
    if workshop.current_activity is not activity:
        raise RuleBroken(MOVED_ON_MESSAGE)
    return workshop


def _owner(workshop: Workshop, participant: Participant | None) -> Participant:
    if participant is None:
        return new_participant(workshop)
    if participant.workshop_id != workshop.id:
        raise RuleBroken("You can only answer in the workshop you joined.")
    return participant


def answer_of(activity: Activity, participant: Participant | None) -> ActivityAnswer | None:
    """The participant's stored answer to the activity, if any (to fill the phone's form in)."""
    if participant is None:
        return None
    return db.session.scalar(
        select(ActivityAnswer).where(
            ActivityAnswer.activity_id == activity.id, ActivityAnswer.participant_id == participant.id
        )
    )


def _store(activity: Activity, participant: Participant | None, payload: dict[str, object]) -> Answered:
    workshop = activity.workshop
    owner = _owner(workshop, participant)
    existing = answer_of(activity, owner)
    if existing is not None:
        if existing.payload == payload:
            return Answered(existing, False, owner)  # the same answer again: a double tap or a retry
        existing.payload = payload
        db.session.flush()
        workshop.touch()
        return Answered(existing, True, owner)
    answer = ActivityAnswer(activity_id=activity.id, participant_id=owner.id)
    answer.payload = payload
    try:
        with db.session.begin_nested():
            db.session.add(answer)
            db.session.flush()
    except IntegrityError:
        # Two copies of the first answer raced (a double tap): the other one was stored first.
        winner = answer_of(activity, owner)
        if winner is None:
            raise
        winner.payload = payload
        db.session.flush()
        return Answered(winner, True, owner)
    workshop.touch()
    return Answered(answer, True, owner, created=True)


def words_payload(activity: Activity, values: Sequence[str], *, confirmed: bool = False) -> dict[str, object]:
    """A participant's one to three words, checked (the word cloud's answer as stored), or RuleBroken.

    Personal data follows the statements' rule (``confirmed_personal_data``): PersonalDataToConfirm
    until the participant says "send it as it is"; then the words it was found in are kept under
    ``held`` (folded) and stay off the wall until a facilitator approves them.
    """
    try:
        words = check_words(values, max_words=max_words_of(activity))
    except BadWords as error:
        raise RuleBroken(str(error)) from None
    confirmed_personal_data(*words, confirmed=confirmed)
    held = sorted({fold(word) for word in words if personal_data_warning(word)})
    return {"words": words, "held": held} if held else {"words": words}


def held_words_of(activity: Activity) -> dict[str, str]:
    """The words sent "as they are" with likely personal data, not yet approved by a facilitator:
    folded word -> what kind of personal data it may be ("an email address"), oldest first."""
    approved = set(approved_words_of(activity))
    held: dict[str, str] = {}
    for answer in activity.answers:
        keys = answer.payload.get("held")
        for key in keys if isinstance(keys, list) else []:
            if key not in approved and key not in held:
                warning = personal_data_warning(str(key))
                held[str(key)] = " and ".join(KIND_PHRASES.get(k, k) for k in warning.kinds) if warning else ""
    return held


def approved_words_of(activity: Activity) -> list[str]:
    raw = activity.settings.get("approved_words", [])
    return [str(key) for key in raw] if isinstance(raw, list) else []


def off_the_wall(activity: Activity) -> list[str]:
    """Every folded word the cloud leaves out: hidden by a facilitator, or held for personal data."""
    return hidden_words_of(activity) + [key for key in held_words_of(activity) if key not in hidden_words_of(activity)]


def scale_payload(activity: Activity, value: str | int | None) -> dict[str, object]:
    """A participant's point on the scale, checked, or RuleBroken."""
    try:
        return {"value": check_value(value, scale_of(activity))}
    except BadScale as error:
        raise RuleBroken(str(error)) from None


def ranking_payload(activity: Activity, ranks: Sequence[str | int | None]) -> dict[str, object]:
    """A participant's order from the rank they gave each item (``ranks[i]`` for item ``i``), or RuleBroken."""
    try:
        return {"order": check_ranks(ranks, activity.options)}
    except BadRanking as error:
        raise RuleBroken(str(error)) from None


def store_answer(activity: Activity, participant: Participant, payload: dict[str, object]) -> Answered:
    """Store a checked answer (from ``*_payload``) for the room's current activity; it replaces an earlier one."""
    require_answerable(activity, activity.kind)
    return _store(activity, participant, payload)


def answer_words(
    activity: Activity, participant: Participant | None, values: Sequence[str], *, confirmed: bool = False
) -> Answered:
    """Store a participant's one to three words (they replace the words sent before)."""
    require_answerable(activity, ActivityKind.WORDS)
    return _store(activity, participant, words_payload(activity, values, confirmed=confirmed))


def answer_scale(activity: Activity, participant: Participant | None, value: str | int | None) -> Answered:
    """Store a participant's point on the scale."""
    require_answerable(activity, ActivityKind.SCALE)
    return _store(activity, participant, scale_payload(activity, value))


def answer_ranking(activity: Activity, participant: Participant | None, ranks: Sequence[str | int | None]) -> Answered:
    """Store a participant's ranking from the rank they gave each item (``ranks[i]`` for item ``i``)."""
    require_answerable(activity, ActivityKind.RANKING)
    return _store(activity, participant, ranking_payload(activity, ranks))


# --- the facilitator's word moderation ----------------------------------------------------------


def hide_word(activity: Activity, word: str, by: Facilitator) -> None:
    """Take a word (every spelling of it) off the cloud, recording that ``by`` did (the view checked their role)."""
    key = _word_key(activity, word)
    _set_hidden(activity, key, hide=True)
    _record_word(activity, "hide", by, key)


def show_word(activity: Activity, word: str, by: Facilitator) -> None:
    key = _word_key(activity, word)
    _set_hidden(activity, key, hide=False)
    _record_word(activity, "show", by, key)


def approve_word(activity: Activity, word: str, by: Facilitator) -> None:
    """Let a word held for likely personal data onto the wall (every spelling of it)."""
    key = _word_key(activity, word)
    _keep_display(activity, {"approved_words": [*(k for k in approved_words_of(activity) if k != key), key]})
    _set_hidden(activity, key, hide=False)
    _record_word(activity, "approve", by, key)


def delete_word(activity: Activity, word: str, by: Facilitator) -> int:
    """Take a word (every spelling of it) out of every answer for good, and out of the record of who
    hid it (it may be someone's name); returns how many answers held it."""
    key = _word_key(activity, word)
    touched = 0
    for answer in activity.answers:
        payload = answer.payload
        words = payload.get("words")
        if not isinstance(words, list):
            continue
        kept = [w for w in words if fold(str(w)) != key]
        if len(kept) != len(words):
            payload["words"] = kept
            held = payload.get("held")
            if isinstance(held, list):
                payload["held"] = [k for k in held if k != key]
            answer.payload = payload
            touched += 1
    _keep_display(
        activity,
        {
            "hidden_words": [k for k in hidden_words_of(activity) if k != key],
            "approved_words": [k for k in approved_words_of(activity) if k != key],
        },
    )
    db.session.execute(
        update(StatementChange)
        .where(
            StatementChange.subject == "word",
            StatementChange.activity_id == activity.id,
            StatementChange.detail == key,
        )
        .values(detail="")
    )
    _record_word(activity, "delete", by, "")
    activity.workshop.touch()
    return touched


def _word_key(activity: Activity, word: str) -> str:
    if activity.kind != ActivityKind.WORDS:
        raise RuleBroken("Only a word cloud has words to hide.")
    key = fold(word)
    if not key:
        raise RuleBroken("Choose a word to hide.")
    return key


def _record_word(activity: Activity, action: str, by: Facilitator, key: str) -> None:
    record_change(
        activity.workshop_id, action, by, subject="word", number=activity.id, activity_id=activity.id, detail=key
    )


def _set_hidden(activity: Activity, key: str, *, hide: bool) -> None:
    hidden = [k for k in hidden_words_of(activity) if k != key]
    if hide:
        hidden.append(key)
    _keep_display(activity, {"hidden_words": hidden})
    activity.workshop.touch()


# --- questions to the facilitator ---------------------------------------------------------------


@dataclass(frozen=True)
class QuestionEntry:
    """What a participant's phone sent with a question, as typed (the operation cleans it)."""

    text: str
    idempotency_key: str | None = None
    personal_data_confirmed: bool = False


@dataclass(frozen=True)
class Asked:
    question: Question
    created: bool
    participant: Participant
    seconded: bool = False  # someone had asked the same already: this phone's vote went to theirs


def same_question(text: str) -> str:
    """What two questions that say the same thing share: case, spacing and the closing marks folded."""
    return " ".join(text.casefold().split()).rstrip("?!.… ")


def _asked_already(activity: Activity, cleaned: str) -> Question | None:
    """The listed question of this activity that says the same as ``cleaned``, if any."""
    wanted = same_question(cleaned)
    listed = db.session.scalars(
        select(Question).where(Question.activity_id == activity.id, Question.status == StatementStatus.VISIBLE)
    )
    return next((q for q in listed if same_question(q.text) == wanted), None)


def _question_with_key(activity: Activity, key: str) -> Question | None:
    return db.session.scalar(
        select(Question).where(Question.activity_id == activity.id, Question.idempotency_key == key)
    )


MAX_QUESTIONS_PER_PERSON = 10


def check_question(workshop: Workshop, entry: QuestionEntry) -> tuple[str, PersonalDataWarning | None]:
    """The cleaned question and what the personal-data check found (confirmed), or RuleBroken /
    PersonalDataToConfirm: the statements' rules (the workshop's length limit, personal data)."""
    return checked_text(workshop, entry.text, confirmed=entry.personal_data_confirmed)


def ask_question(activity: Activity, participant: Participant | None, entry: QuestionEntry) -> Asked:
    """Store a participant's question once, with the statements' rules (length, personal data).

    A question that may hold personal data needs the participant's "send it anyway" and then
    waits for the facilitator, as one does when the workshop approves first.
    """
    workshop = require_answerable(activity, ActivityKind.QUESTIONS)
    cleaned, warning = check_question(workshop, entry)
    key = clean_key(entry.idempotency_key)
    existing = _question_with_key(activity, key) if key else None
    if existing is not None:
        # Adopt the first copy's participant only for a request that has none (as statements do).
        first = db.session.get(Participant, existing.participant_id) if existing.participant_id else None
        return Asked(existing, False, participant or first or _owner(workshop, None))
    owner = _owner(workshop, participant)
    hold_row(Workshop, workshop.id)  # then this phone's row: its parallel questions count one at a time
    serialise_on(Participant, owner.id)
    same = _asked_already(activity, cleaned) if not warning else None
    if same is not None:
        # Asked already (the room asks the same things): one question, its votes not split in two.
        if same.participant_id == owner.id:
            return Asked(same, False, owner)
        upvote(same, owner)
        return Asked(same, False, owner, seconded=True)
    asked = db.session.scalar(
        select(func.count(Question.id)).where(Question.activity_id == activity.id, Question.participant_id == owner.id)
    )
    if (asked or 0) >= MAX_QUESTIONS_PER_PERSON:
        raise RuleBroken(f"You have asked {MAX_QUESTIONS_PER_PERSON} questions, the most one person can ask here.")
    question = Question(
        activity_id=activity.id,
        participant_id=owner.id,
        text=cleaned,
        idempotency_key=key,
        personal_data=warning.stored_kinds if warning else "",
        status=first_status(workshop, warning.stored_kinds if warning else ""),
    )
    try:
        with db.session.begin_nested():
            db.session.add(question)
            db.session.flush()
    except IntegrityError:
        winner = _question_with_key(activity, key) if key else None
        if winner is None:
            raise
        return Asked(winner, False, owner)
    workshop.touch()
    return Asked(question, True, owner)


def _require_votable(question: Question, participant: Participant) -> Workshop:
    workshop = require_answerable(question.activity, ActivityKind.QUESTIONS)
    if participant.workshop_id != workshop.id:
        raise RuleBroken("You can only vote in the workshop you joined.")
    if question.status != StatementStatus.VISIBLE:
        raise RuleBroken("That question is not on the list any more.")
    return workshop


def upvote(question: Question, participant: Participant) -> None:
    """One vote per question per participant; voting twice counts once. Not for one's own question."""
    workshop = _require_votable(question, participant)
    if question.participant_id == participant.id:
        raise RuleBroken("That is your own question: others can vote for it.")
    exists = db.session.get(QuestionVote, (question.id, participant.id))
    if exists is not None:
        return
    try:
        with db.session.begin_nested():
            db.session.add(QuestionVote(question_id=question.id, participant_id=participant.id))
            db.session.flush()
    except IntegrityError:
        return  # the same vote sent twice at once
    workshop.touch()


def withdraw_vote(question: Question, participant: Participant) -> None:
    workshop = require_answerable(question.activity, ActivityKind.QUESTIONS)
    db.session.execute(
        delete(QuestionVote).where(
            QuestionVote.question_id == question.id, QuestionVote.participant_id == participant.id
        )
    )
    workshop.touch()


QUESTION_ACTIONS = ("answer", "unanswer", "hide", "show", "delete")


def moderate_question(question: Question, action: str, by: Facilitator) -> None:
    """Mark a question answered (or not), hide it, show it (approving one that waited) or delete it
    for good, recording that ``by`` did (the view checked their role)."""
    if action in QUESTION_ACTIONS:
        record_change(
            question.activity.workshop_id,
            action,
            by,
            subject="question",
            number=question.id,
            activity_id=question.activity_id,
        )
    if action == "delete":
        workshop = question.activity.workshop
        db.session.delete(question)
        workshop.touch()
        return
    if action == "answer":
        question.answered = True
    elif action == "unanswer":
        question.answered = False
    elif action == "hide":
        question.status = StatementStatus.HIDDEN
    elif action == "show":
        question.status = StatementStatus.VISIBLE
    else:
        raise RuleBroken(f"Unknown action {action!r}: use one of {', '.join(QUESTION_ACTIONS)}.")
    question.activity.workshop.touch()
