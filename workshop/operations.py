"""State changes of the workshop core, as plain functions with explicit arguments.

Views and host commands call these; they flush but never commit (one commit per request or
command, by the caller). Each change that a wall or phone should see calls ``Workshop.touch``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute

from workshop.coaching.personal_data import PersonalDataWarning, personal_data_warning
from workshop.coaching.smart import smart_hints
from workshop.codes import new_code
from workshop.common import settings as common_settings
from workshop.common.text import clean_text, has_words
from workshop.common.text import idempotency_key as clean_key
from workshop.embeddings import embed_later
from workshop.extensions import db, hold_row, serialise_on
from workshop.models import (
    DEFAULT_PROMPT,
    Activity,
    ActivityKind,
    Facilitator,
    Participant,
    ReminderEmail,
    Series,
    SeriesWorkshop,
    Statement,
    StatementChange,
    StatementStatus,
    Theme,
    Workshop,
    WorkshopState,
    utcnow,
)
from workshop.ratelimits import new_phone_allowed

log = logging.getLogger(__name__)


class RuleBroken(Exception):
    """A participant's action that the workshop's rules do not allow; the message is for them."""


JOINING_LOCKED_MESSAGE = (
    "Joining is locked: the facilitator is not letting new phones join this workshop just now. "
    "If you had joined on this phone before, use the same browser; otherwise ask the facilitator."
)
NEW_PHONES_MESSAGE = (
    "Too many new phones from this network just now; wait a minute and try again. Your text is still in the box below."
)


class JoiningRefused(RuleBroken):
    """A new participant identity refused (joining locked, or too many new phones from one address).

    ``status`` is the HTTP status to answer with: 403 while joining is locked, 429 for the cap.
    """

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def new_participant(workshop: Workshop) -> Participant:
    """A new phone's identity in ``workshop``: the one place phones become participants.

    Clearing cookies makes a new identity, so new identities are capped per address per minute
    (``NEW_PHONE_ADDRESS_LIMIT``, generous as a venue's phones share one address) and refused
    while the facilitator has locked joining (finding 6 of issue 12).
    """
    if workshop.joining_locked:
        raise JoiningRefused(JOINING_LOCKED_MESSAGE, 403)
    if not new_phone_allowed():
        raise JoiningRefused(NEW_PHONES_MESSAGE, 429)
    # The workshop's row first (410 Gone if it was just deleted), in the order deleting it takes.
    hold_row(Workshop, workshop.id)
    participant = Participant(workshop=workshop)
    db.session.add(participant)
    db.session.flush()
    return participant


@dataclass(frozen=True)
class WorkshopSettings:
    title: str
    date: date | None = None
    venue: str = ""
    prompt: str = DEFAULT_PROMPT
    max_statements: int = 5
    char_limit: int = 280
    ask_names: bool = False
    approve_first: bool = False
    me_too: bool = False
    review_weeks: int = 8
    retention_days: int | None = None


def unused_code(code_column: InstrumentedAttribute[str], what: str = "join code") -> str:
    """A fresh code that no row has in ``code_column`` (``Workshop.code``, ``Survey.code``).

    Here rather than in workshop/codes.py, which is pure and knows nothing of the database.
    """
    for _ in range(50):
        code = new_code()
        if db.session.scalar(select(code_column).where(code_column == code)) is None:
            return code
    raise RuntimeError(f"could not find an unused {what}")  # 31^6 codes: never in practice


def create_workshop(
    facilitator: Facilitator, settings: WorkshopSettings, *, state: WorkshopState = WorkshopState.DRAFT
) -> Workshop:
    workshop = Workshop(facilitator=facilitator, code=unused_code(Workshop.code), state=state)
    apply_settings(workshop, settings)
    # Every workshop starts with an agenda of one statements activity, the room on it (issue 16).
    statements = Activity(kind=ActivityKind.STATEMENTS, title="Statements", prompt=workshop.prompt, position=0)
    workshop.activities.append(statements)
    db.session.add(workshop)
    db.session.flush()
    workshop.current_activity_id = statements.id
    log.info("workshop %s created by facilitator %s", workshop.code, facilitator.id)
    return workshop


def create_series(facilitator: Facilitator, name: str, workshops: Sequence[Workshop]) -> Series:
    """A series of ``workshops`` (in that order, each once) owned by ``facilitator``."""
    cleaned = clean_text(name, single_line=True)[:200]
    if not cleaned:
        raise RuleBroken("Give the series a name.")
    unique = list(dict.fromkeys(workshops))
    if not unique:
        raise RuleBroken("A series needs at least one workshop.")
    series = Series(name=cleaned, facilitator=facilitator)
    series.members = [SeriesWorkshop(workshop=w, position=n) for n, w in enumerate(unique)]
    db.session.add(series)
    db.session.flush()
    log.info("series %s of %d workshops created by facilitator %s", series.id, len(unique), facilitator.id)
    return series


def apply_settings(workshop: Workshop, settings: WorkshopSettings) -> None:
    cleaned = replace(
        settings,
        title=clean_text(settings.title, single_line=True),
        venue=clean_text(settings.venue, single_line=True),
        prompt=clean_text(settings.prompt, single_line=True) or DEFAULT_PROMPT,
    )
    common_settings.apply_settings(workshop, cleaned)
    workshop.touch()


def settings_of(workshop: Workshop) -> WorkshopSettings:
    return common_settings.settings_of(WorkshopSettings, workshop)


def duplicate_workshop(source: Workshop, owner: Facilitator) -> Workshop:
    """A new draft with the same settings and none of the statements (or people), owned by ``owner``.

    A co-facilitator who duplicates a shared workshop owns the copy.
    """
    settings = settings_of(source)
    copy = create_workshop(owner, settings)
    copy.title = clean_text(f"{source.title} (copy)", single_line=True)[:200]
    copy.date = None
    return copy


ALLOWED_TRANSITIONS: dict[WorkshopState, set[WorkshopState]] = {
    WorkshopState.DRAFT: {WorkshopState.OPEN, WorkshopState.ARCHIVED},
    WorkshopState.OPEN: {WorkshopState.CLOSED},
    WorkshopState.CLOSED: {WorkshopState.OPEN, WorkshopState.ARCHIVED},
    WorkshopState.ARCHIVED: {WorkshopState.CLOSED},
}


def change_state(workshop: Workshop, target: WorkshopState) -> None:
    if target not in ALLOWED_TRANSITIONS[workshop.state]:
        raise RuleBroken(f"A {workshop.state.value} workshop cannot become {target.value}.")
    workshop.state = target
    if target == WorkshopState.CLOSED:
        workshop.closed_at = utcnow()
    elif target == WorkshopState.OPEN:
        workshop.closed_at = None
    workshop.touch()
    log.info("workshop %s is now %s", workshop.code, target.value)


def delete_workshop(workshop: Workshop) -> None:
    code = workshop.code
    db.session.delete(workshop)
    db.session.flush()
    log.info("workshop %s deleted with all its data", code)


def set_joining_locked(workshop: Workshop, locked: bool) -> None:
    """The "Lock joining" switch: while locked, phones that joined carry on and new phones are refused."""
    workshop.joining_locked = locked
    workshop.touch()  # phones redraw: a new phone's page says joining is locked
    log.info("workshop %s joining %s", workshop.code, "locked" if locked else "unlocked")


def own_statement_count(participant: Participant) -> int:
    return db.session.scalar(select(func.count(Statement.id)).where(Statement.participant_id == participant.id)) or 0


NO_WORDS = "Add some words: emoji and punctuation on their own do not say what you will do."


def check_text(workshop: Workshop, text: str) -> str:
    """The cleaned text, or RuleBroken with a message the participant can act on.

    Text without a single letter or digit ("🎉🙌👍", "?!") is refused: it would become the
    first action of its author's SMART plan with nothing in it to act on.
    """
    cleaned = clean_text(text)
    if not cleaned:
        raise RuleBroken("Write something before you send it.")
    if not has_words(cleaned):
        raise RuleBroken(NO_WORDS)
    if len(cleaned) > workshop.char_limit:
        raise RuleBroken(
            f"That is {len(cleaned)} characters; the limit is {workshop.char_limit}. "
            f"Shorten it by {len(cleaned) - workshop.char_limit} and send it again."
        )
    return cleaned


def require_open(workshop: Workshop) -> None:
    if workshop.state != WorkshopState.OPEN:
        raise RuleBroken(closed_message(workshop))


def closed_message(workshop: Workshop) -> str:
    if workshop.state == WorkshopState.DRAFT:
        return "This workshop has not opened yet. Your facilitator will open it soon, and this page will show the form then."
    return "This workshop is closed, so statements can no longer be added or changed."


def note_smart_parts(statement: Statement) -> None:
    """Record what is read from a text when it is written: whether it names a time and a
    measure (for the wall's counts), and its sentence embedding (for grouping by meaning).

    Computed once when the text is written rather than on every wall refresh or "Group": a busy
    wall re-renders hundreds of statements each time one arrives. Every path that writes a text
    (posting, editing by author or facilitator, importing) calls this. The embedding is made just
    after the commit, off the request (``workshop.embeddings.embed_later``): it costs the model
    more CPU than the rest of a post.
    """
    report = smart_hints(statement.text)
    statement.has_time = report.has_time
    statement.has_measure = report.has_measure
    embed_later(statement)


def first_status(workshop: Workshop, personal_data: str) -> StatementStatus:
    """Pending when the facilitator approves first, or when the text may hold personal data.

    A participant may post a flagged text "as it is" (it is their call whether a colleague's
    name is fine to share), but it never reaches the projector before the facilitator has seen
    what was found: the room cannot un-see an e-mail address or a patient's name.
    """
    return StatementStatus.PENDING if workshop.approve_first or personal_data else StatementStatus.VISIBLE


def _statement_with_key(workshop: Workshop, key: str) -> Statement | None:
    """The statement stored from the form that carried ``key``: a random secret of one phone's page."""
    return db.session.scalar(
        select(Statement).where(Statement.workshop_id == workshop.id, Statement.idempotency_key == key)
    )


@dataclass(frozen=True)
class StatementEntry:
    """What a participant's phone sent with a statement, as typed (the operation cleans it)."""

    text: str
    idempotency_key: str | None = None
    name: str = ""
    role: str = ""
    share_consent: bool = False
    personal_data_confirmed: bool = False


@dataclass(frozen=True)
class Posted:
    """The stored statement, whether this request stored it, and the participant who owns it."""

    statement: Statement
    created: bool
    participant: Participant


class PersonalDataToConfirm(Exception):
    """The text likely holds personal data and the participant has not yet said to send it anyway."""

    def __init__(self, warning: PersonalDataWarning) -> None:
        super().__init__(warning.sentence)
        self.warning = warning

    def asking(self, what: str) -> str:
        """What the phone says when an activity's answer (``what``: "question", "words") is sent back
        to confirm: the statements' sentence, what was noticed, and the box to tick."""
        return (
            f"{self.warning.sentence} We noticed: {', '.join(self.warning.details)}. "
            f"Change your {what}, or tick “Send it as it is” and send again."
        )


def confirmed_personal_data(*texts: str, confirmed: bool) -> PersonalDataWarning | None:
    """What the personal-data check found in what a participant wrote for the room, once they have
    said "send it anyway" (PersonalDataToConfirm until then); None when it looks fine.

    The one rule for statements, questions and a word cloud's words alike: a hit is never refused
    outright (the person decides), and what they send as it is waits for the facilitator
    (:func:`first_status`; a word cloud holds the word back from the wall until approved).
    """
    findings = tuple(finding for text in texts if (found := personal_data_warning(text)) for finding in found.findings)
    warning = PersonalDataWarning(findings) if findings else None
    if warning and not confirmed:
        raise PersonalDataToConfirm(warning)
    return warning


def checked_text(workshop: Workshop, text: str, *, confirmed: bool) -> tuple[str, PersonalDataWarning | None]:
    """What a participant typed, cleaned and within the workshop's length, with what the personal-data
    check found; RuleBroken, or PersonalDataToConfirm while they have not said "send it anyway".

    The one check of anything a participant writes for the room as text: statements and questions.
    """
    cleaned = check_text(workshop, text)
    return cleaned, confirmed_personal_data(cleaned, confirmed=confirmed)


def post_statement(workshop: Workshop, participant: Participant | None, entry: StatementEntry) -> Posted:
    """Store a participant's statement once, whoever they turn out to be.

    ``participant`` is who this browser already is in the workshop, or None on a first post. The
    rules come first (open, length, personal data confirmed); then a retried or double-tapped
    POST with the same idempotency key returns the statement stored the first time, with the
    participant who sent it, so a phone whose first answer was lost takes its participant back
    instead of becoming a second one; when two copies of a first post race, the winner's
    participant is returned. The caller remembers the returned participant for this browser.
    """
    require_open(workshop)
    cleaned, warning = checked_text(workshop, entry.text, confirmed=entry.personal_data_confirmed)
    key = clean_key(entry.idempotency_key)
    existing = _statement_with_key(workshop, key) if key else None
    if existing is not None:
        # Adopt the key's participant only for a request that has none (finding 7 of issue 12).
        return Posted(existing, False, participant or existing.participant or new_participant(workshop))
    owner = participant or new_participant(workshop)
    if workshop.ask_names:
        set_participant_details(owner, entry.name, entry.role)
    db.session.flush()
    # A phone's parallel posts count one at a time: the participant's row is the lock, taken
    # before the count, after the workshop's (held, not locked: other phones post meanwhile), in
    # the order deleting the workshop takes its rows. A participant made by this request has sent
    # nothing yet: no count to make.
    hold_row(Workshop, workshop.id)
    if participant is not None:
        serialise_on(Participant, owner.id)
    sent = own_statement_count(owner) if participant is not None else 0
    if sent >= workshop.max_statements:
        raise RuleBroken(
            f"You have already sent {workshop.max_statements} statements, the most this workshop "
            "allows. You can still edit the ones you sent."
        )
    db.session.flush()  # the participant needs its id before the savepoint below
    # Built from ids, not relationships, so that a losing insert leaves no trace in the session
    # (an object in a parent's collection would be flushed again after the savepoint's rollback).
    statement = Statement(
        workshop_id=workshop.id,
        participant_id=owner.id,
        text=cleaned,
        idempotency_key=key,
        personal_data=warning.stored_kinds if warning else "",
        share_consent=entry.share_consent,
        status=first_status(workshop, warning.stored_kinds if warning else ""),
    )
    note_smart_parts(statement)
    try:
        with db.session.begin_nested():
            db.session.add(statement)
            db.session.flush()
    except IntegrityError:
        # Two copies of the same request raced each other (a double tap before the phone had a
        # cookie, or a retry while the first was still running): the other one won.
        winner = _statement_with_key(workshop, key) if key else None
        if winner is None:
            raise
        return Posted(winner, False, winner.participant or owner)
    workshop.touch()
    return Posted(statement, True, owner)


def edit_own_statement(
    statement: Statement,
    participant: Participant,
    text: str,
    *,
    personal_data: str = "",
    share_consent: bool | None = None,
) -> None:
    """Change one's own text; ``share_consent`` None leaves the earlier choice as it was."""
    if statement.participant_id != participant.id:
        raise RuleBroken("You can only change your own statements.")
    require_open(statement.workshop)
    statement.text = check_text(statement.workshop, text)
    statement.personal_data = personal_data
    if share_consent is not None:
        statement.share_consent = share_consent
    note_smart_parts(statement)
    if statement.status != StatementStatus.HIDDEN:
        # Re-checked on every edit: personal data added holds it again; taken out, it is released
        # (unless the facilitator approves everything first).
        statement.status = first_status(statement.workshop, personal_data)
    statement.workshop.touch()


def withdraw_own_statement(statement: Statement, participant: Participant) -> None:
    """Delete a participant's own statement for good (their data, their choice)."""
    if statement.participant_id != participant.id:
        raise RuleBroken("You can only withdraw your own statements.")
    require_open(statement.workshop)
    workshop = statement.workshop
    db.session.delete(statement)
    workshop.touch()


def set_participant_details(participant: Participant, name: str, role: str) -> None:
    participant.name = clean_text(name, single_line=True)[:120]
    participant.role = clean_text(role, single_line=True)[:120]
    participant.workshop.touch()


MODERATION_ACTIONS = ("hide", "unhide", "approve", "pin", "unpin", "delete")


def record_change(
    workshop_id: int,
    action: str,
    by: Facilitator,
    *,
    subject: str = "statement",
    number: int,
    activity_id: int | None = None,
    detail: str = "",
) -> None:
    """Note who did what, and when (read back by ``workshop.live.changes_of``): to a statement or a
    question (``number`` is its id), or to a word of a word cloud (``number`` is the activity's,
    ``detail`` the folded word). The one record of every facilitator's moderation."""
    db.session.add(
        StatementChange(
            workshop_id=workshop_id,
            statement_id=number,
            facilitator_id=by.id,
            who=by.display_name,
            action=action,
            subject=subject,
            activity_id=activity_id,
            detail=detail[:80],
        )
    )


def _record_change(statement: Statement, action: str, by: Facilitator) -> None:
    record_change(statement.workshop_id, action, by, number=statement.id)


def moderate(statement: Statement, action: str, by: Facilitator) -> None:
    """Apply one of :data:`MODERATION_ACTIONS` to a statement, recording that ``by`` did it."""
    workshop = statement.workshop
    if action in MODERATION_ACTIONS:
        _record_change(statement, action, by)
    if action == "hide":
        statement.status = StatementStatus.HIDDEN
    elif action in {"unhide", "approve"}:
        statement.status = StatementStatus.VISIBLE
    elif action == "pin":
        statement.pinned = True
    elif action == "unpin":
        statement.pinned = False
    elif action == "delete":
        db.session.delete(statement)
    else:
        raise RuleBroken(f"Unknown moderation action {action!r}.")
    workshop.touch()


def edit_by_facilitator(statement: Statement, text: str, by: Facilitator) -> None:
    """Fix a typo; the facilitator is not bound by the participant's character limit."""
    cleaned = clean_text(text)
    if not cleaned:
        raise RuleBroken("A statement cannot be empty: delete it instead.")
    _record_change(statement, "edit", by)
    statement.text = cleaned[:5000]
    statement.edited_by_facilitator = True
    note_smart_parts(statement)
    statement.workshop.touch()


@dataclass(frozen=True)
class Imported:
    added: int
    held: int  # waiting for the facilitator: personal data found, or the workshop approves first


def import_statements(workshop: Workshop, lines: list[str]) -> Imported:
    """Add typed-up statements (post-it notes), one a line.

    A post-it has no phone: no participant is made for it, so the facilitator's "new phones" and
    a follow-up's "invited" count phones only, while the report still counts each post-it as its
    own author. The personal-data check applies as to a post: a line that may name someone waits
    for the facilitator instead of reaching the wall, with what was found kept for the moderator.
    """
    added = held = 0
    for line in lines:
        text = clean_text(line)[:5000]
        if not text:
            continue
        warning = confirmed_personal_data(text, confirmed=True)  # the facilitator typed it: held, never refused
        kinds = warning.stored_kinds if warning else ""
        statement = Statement(
            workshop=workshop, participant=None, text=text, personal_data=kinds, status=first_status(workshop, kinds)
        )
        note_smart_parts(statement)
        db.session.add(statement)
        added += 1
        held += statement.status == StatementStatus.PENDING
    if added:
        workshop.touch()
    db.session.flush()
    return Imported(added, held)


def purge_expired(now: date | None = None) -> list[tuple[str, int]]:
    """Delete the statements and participants of workshops closed longer ago than their retention.

    Returns (code, statements removed) for each workshop purged, for the host's log.
    """
    today = now or utcnow().date()
    purged: list[tuple[str, int]] = []
    candidates = db.session.scalars(
        select(Workshop).where(Workshop.retention_days.is_not(None), Workshop.closed_at.is_not(None))
    )
    for workshop in candidates:
        if workshop.state == WorkshopState.OPEN:
            continue
        assert workshop.closed_at is not None and workshop.retention_days is not None
        if (today - workshop.closed_at.date()).days < workshop.retention_days:
            continue
        removed = db.session.scalar(select(func.count(Statement.id)).where(Statement.workshop_id == workshop.id)) or 0
        participants = (
            db.session.scalar(select(func.count(Participant.id)).where(Participant.workshop_id == workshop.id)) or 0
        )
        if not removed and not participants:
            continue  # purged before: nothing to report, and the wall's version need not move
        db.session.execute(delete(Statement).where(Statement.workshop_id == workshop.id))
        # Reminder addresses go with their participants, whatever the database's cascade does.
        db.session.execute(
            delete(ReminderEmail).where(
                ReminderEmail.participant_id.in_(select(Participant.id).where(Participant.workshop_id == workshop.id))
            )
        )
        db.session.execute(delete(Participant).where(Participant.workshop_id == workshop.id))
        # Themes' labels and keywords are made of the statements' words (a person's name among
        # them): they go with the statements, and their votes with them.
        db.session.execute(delete(Theme).where(Theme.workshop_id == workshop.id))
        workshop.touch()
        purged.append((workshop.code, removed))
        log.info("retention: removed %d statements of workshop %s", removed, workshop.code)
    db.session.flush()
    return purged
