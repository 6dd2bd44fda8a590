"""Database models of the workshop core: facilitators, workshops, participants, statements, themes.

Every change that participants or the wall should see bumps ``Workshop.version`` in the same
transaction, which is what the live wall polls (see ``workshop.live``).
"""

from __future__ import annotations

import enum
import json
import logging
import secrets
from datetime import UTC, date, datetime

from flask_login import UserMixin
from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Engine,
    Enum,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    event,
    inspect,
    update,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key
from werkzeug.security import check_password_hash

from workshop.auth.passwords import hash_password
from workshop.common.prompts import DEFAULT_PROMPT
from workshop.extensions import Model


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def stored_enum(kind: type[enum.Enum]) -> Enum:
    """An enum column stored as its values in a short string (portable: no native enum type to migrate)."""
    return Enum(kind, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])


class Facilitator(UserMixin, Model):
    __tablename__ = "facilitator"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Part of the id that Flask-Login keeps in the session and the remember cookie: a new nonce
    # (sign-out, password change, disable) turns every earlier session and cookie into a stranger.
    session_nonce: Mapped[str] = mapped_column(String(32), default=lambda: secrets.token_hex(16))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)

    workshops: Mapped[list[Workshop]] = relationship(back_populates="facilitator")

    def get_id(self) -> str:
        return f"{self.id}.{self.session_nonce}"

    @property
    def is_active(self) -> bool:
        return not self.disabled

    def revoke_sessions(self) -> None:
        """End every session and remember cookie of this account, on every device."""
        self.session_nonce = secrets.token_hex(16)

    def set_password(self, password: str) -> None:
        self.password_hash = hash_password(password)
        self.revoke_sessions()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def display_name(self) -> str:
        return self.name or self.email


class SetupToken(Model):
    """The one-time link that creates the first facilitator account from the browser.

    Only its SHA-256 is stored: the link itself is printed once on the console of whoever started
    the kit, and a copy of the database does not give it away.
    """

    __tablename__ = "setup_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class WorkshopState(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    ARCHIVED = "archived"


class StatementStatus(enum.StrEnum):
    VISIBLE = "visible"
    PENDING = "pending"  # waiting for the facilitator's approval
    HIDDEN = "hidden"


class WorkshopRole(enum.StrEnum):
    """What a facilitator may do on a workshop, weakest first (issue 16).

    The owner is ``Workshop.facilitator`` and is never stored as a membership; the owner invites
    co-facilitators (everything except deleting the workshop and managing people) and moderators
    (moderation and the wall only).
    """

    MODERATOR = "moderator"
    CO_FACILITATOR = "co-facilitator"
    OWNER = "owner"

    def allows(self, needed: WorkshopRole) -> bool:
        """Whether this role may do what ``needed`` may (each role may do what the weaker ones may)."""
        order = list(WorkshopRole)
        return order.index(self) >= order.index(needed)

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Workshop(Model):
    __tablename__ = "workshop"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("facilitator.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    date: Mapped[date | None] = mapped_column(Date, nullable=True)
    venue: Mapped[str] = mapped_column(String(200), default="")
    prompt: Mapped[str] = mapped_column(String(300), default=DEFAULT_PROMPT)
    max_statements: Mapped[int] = mapped_column(Integer, default=5)
    char_limit: Mapped[int] = mapped_column(Integer, default=280)
    ask_names: Mapped[bool] = mapped_column(Boolean, default=False)
    approve_first: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[WorkshopState] = mapped_column(
        stored_enum(WorkshopState),
        default=WorkshopState.DRAFT,
    )
    version: Mapped[int] = mapped_column(Integer, default=1)
    # What the shared themes show but their votes (labels, counts, example statements): counted
    # by every change except a vote (``touch(votes_only=True)``), so that 1,000 phones voting,
    # each vote a new version, do not each re-read the themes themselves (board.queries).
    board_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    themes_shared: Mapped[bool] = mapped_column(Boolean, default=False)
    voting: Mapped[bool] = mapped_column(Boolean, default=False)
    # Participants may add "Me too" to others' statements (issue 16; off unless the facilitator ticks it).
    me_too: Mapped[bool] = mapped_column(Boolean, default=False)
    # The facilitator's "Lock joining" switch: phones that joined carry on, new phones are refused.
    joining_locked: Mapped[bool] = mapped_column(Boolean, default=False)
    grouping_engine: Mapped[str] = mapped_column(String(40), default="")
    review_weeks: Mapped[int] = mapped_column(Integer, default=8)
    retention_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    # The room's countdown (issue 16): when it ends (UTC), and whether submissions close then.
    timer_ends_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    timer_closes: Mapped[bool] = mapped_column(Boolean, default=False)
    # Written by the facilitator on the closed session's page; the session report prints them.
    key_messages: Mapped[str] = mapped_column(Text, default="")
    # An optional logo for the social media cards (PNG or JPEG, size-checked by exports.sharing).
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True, deferred=True)
    logo_type: Mapped[str] = mapped_column(String(20), default="")
    # The activity the room is on (issue 16). No foreign key: a workshop and its activities point
    # at each other, and a cycle of keys makes deleting either awkward; ``current_activity`` falls
    # back to the first activity when the id names none of this workshop's.
    current_activity_id: Mapped[int | None] = mapped_column(Integer, nullable=True)

    facilitator: Mapped[Facilitator] = relationship(back_populates="workshops")
    activities: Mapped[list[Activity]] = relationship(
        back_populates="workshop",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Activity.position, Activity.id",
    )
    participants: Mapped[list[Participant]] = relationship(
        back_populates="workshop", cascade="all, delete-orphan", passive_deletes=True
    )
    statements: Mapped[list[Statement]] = relationship(
        back_populates="workshop",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Statement.id",
    )
    themes: Mapped[list[Theme]] = relationship(
        back_populates="workshop",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Theme.position, Theme.id",
    )
    members: Mapped[list[WorkshopMember]] = relationship(
        back_populates="workshop",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="WorkshopMember.added_at, WorkshopMember.facilitator_id",
    )

    @property
    def is_open(self) -> bool:
        return self.state == WorkshopState.OPEN

    @property
    def voting_open(self) -> bool:
        """Phones may vote (and take votes back) now: open, its themes shared, voting on."""
        return self.is_open and self.themes_shared and self.voting

    @property
    def is_over(self) -> bool:
        """Closed or archived: what it produced can be handed out, shared and followed up."""
        return self.state in {WorkshopState.CLOSED, WorkshopState.ARCHIVED}

    def touch(self, *, votes_only: bool = False) -> None:
        """Tell every wall and phone that something changed (``votes_only``: only the themes' votes).

        Counted here in Python, so the request can read its new version at once; the database then
        counts ``version = version + 1`` instead (``_count_versions_in_the_database``), so two
        requests changing the workshop at once make two versions, never the same one twice. On
        PostgreSQL it is counted just after the commit, and read back from there: a request reads
        its new version after its commit, as every page is drawn. Any change but a vote counts
        ``board_version`` too.
        """
        self.version = (self.version or 0) + 1
        if not votes_only:
            self.board_version = (self.board_version or 0) + 1

    @property
    def current_activity(self) -> Activity | None:
        """The activity the room is on: the chosen one, else the first; None for a workshop with no agenda."""
        for activity in self.activities:
            if activity.id == self.current_activity_id:
                return activity
        return self.activities[0] if self.activities else None


def activity_stamp(current_activity_id: int | None) -> str:
    """What a phone's state poll says it shows of the room (``a``): the current activity's id as stored, "0" for none.

    The stored id, not the activity it resolves to, so that the edge compares it with one column.
    """
    return str(current_activity_id or 0)


class ActivityKind(enum.StrEnum):
    """What an activity of the agenda asks of the room (issue 16)."""

    STATEMENTS = "statements"
    POLL = "poll"
    WORDS = "words"
    SCALE = "scale"
    RANKING = "ranking"
    QUESTIONS = "questions"

    @property
    def label(self) -> str:
        return _ACTIVITY_LABELS[self]


_ACTIVITY_LABELS = {
    ActivityKind.STATEMENTS: "Statements",
    ActivityKind.POLL: "Quick poll",
    ActivityKind.WORDS: "Word cloud",
    ActivityKind.SCALE: "Scale",
    ActivityKind.RANKING: "Ranking",
    ActivityKind.QUESTIONS: "Questions to the facilitator",
}


class Activity(Model):
    """One step of a workshop's agenda: the statements (today's prompt) or a quick poll.

    A statements activity asks ``Workshop.prompt`` (the statements, themes and votes stay the
    workshop's); ``prompt`` here is what any other kind asks. ``settings_json`` holds what the kind
    needs: a poll's ``options`` and ``multiple``; a ranking's ``options`` (its items); a word cloud's
    ``max_words`` and ``hidden_words`` (folded keys the facilitator hid); a scale's ``low``, ``high``,
    ``low_label`` and ``high_label``; every kind's ``hide_results`` and ``revealed``.
    """

    __tablename__ = "activity"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ActivityKind] = mapped_column(stored_enum(ActivityKind))
    title: Mapped[str] = mapped_column(String(200), default="")
    prompt: Mapped[str] = mapped_column(String(300), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    settings_json: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    workshop: Mapped[Workshop] = relationship(back_populates="activities")
    poll_answers: Mapped[list[PollAnswer]] = relationship(
        back_populates="activity", cascade="all, delete-orphan", passive_deletes=True, order_by="PollAnswer.id"
    )
    answers: Mapped[list[ActivityAnswer]] = relationship(
        back_populates="activity", cascade="all, delete-orphan", passive_deletes=True, order_by="ActivityAnswer.id"
    )
    questions: Mapped[list[Question]] = relationship(
        back_populates="activity", cascade="all, delete-orphan", passive_deletes=True, order_by="Question.id"
    )

    @property
    def settings(self) -> dict[str, object]:
        loaded = json.loads(self.settings_json or "{}")
        return loaded if isinstance(loaded, dict) else {}

    @settings.setter
    def settings(self, values: dict[str, object]) -> None:
        self.settings_json = json.dumps(values)

    @property
    def question(self) -> str:
        """What the activity asks the room."""
        return self.workshop.prompt if self.kind == ActivityKind.STATEMENTS else self.prompt

    @property
    def options(self) -> list[str]:
        raw = self.settings.get("options", [])
        return [str(o) for o in raw] if isinstance(raw, list) else []

    @property
    def multiple(self) -> bool:
        return bool(self.settings.get("multiple", False))

    @property
    def hide_results(self) -> bool:
        return bool(self.settings.get("hide_results", False))

    @property
    def revealed(self) -> bool:
        return bool(self.settings.get("revealed", False))

    @property
    def results_shown(self) -> bool:
        """Whether the wall and the phones show the results now (always, unless hidden until the facilitator reveals them)."""
        return results_shown_in(self.settings)


def results_shown_in(settings: dict[str, object]) -> bool:
    """An activity's ``results_shown`` from its settings alone (the edge reads them without the ORM)."""
    return not settings.get("hide_results", False) or bool(settings.get("revealed", False))


def choices_from_json(stored: str | None) -> list[int]:
    """A poll answer's option numbers as stored (``choices_json``); anything else in it is ignored."""
    raw = json.loads(stored or "[]")
    return [int(c) for c in raw if isinstance(c, int)] if isinstance(raw, list) else []


class PollAnswer(Model):
    """One participant's answer to a quick poll: the option numbers they chose (changeable, one row each)."""

    __tablename__ = "poll_answer"
    __table_args__ = (UniqueConstraint("activity_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    choices_json: Mapped[str] = mapped_column(Text, default="[]")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    activity: Mapped[Activity] = relationship(back_populates="poll_answers")

    @property
    def choices(self) -> list[int]:
        return choices_from_json(self.choices_json)

    @choices.setter
    def choices(self, values: list[int]) -> None:
        self.choices_json = json.dumps(sorted(set(values)))


class ActivityAnswer(Model):
    """One participant's answer to a word cloud, a scale or a ranking (changeable, one row each).

    ``payload_json`` holds what the kind asks: ``{"words": [...]}``, ``{"value": 4}`` or
    ``{"order": [2, 0, 1]}`` (item numbers, first choice first).
    """

    __tablename__ = "activity_answer"
    __table_args__ = (UniqueConstraint("activity_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    payload_json: Mapped[str] = mapped_column(Text, default="{}")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    activity: Mapped[Activity] = relationship(back_populates="answers")

    @property
    def payload(self) -> dict[str, object]:
        loaded = json.loads(self.payload_json or "{}")
        return loaded if isinstance(loaded, dict) else {}

    @payload.setter
    def payload(self, values: dict[str, object]) -> None:
        self.payload_json = json.dumps(values)


class Question(Model):
    """A participant's question to the facilitator (issue 16): upvoted by others, answered or hidden.

    ``status`` is a statement's: pending while the facilitator approves first or the text may
    hold personal data, hidden when the facilitator hid it.
    """

    __tablename__ = "question"
    __table_args__ = (UniqueConstraint("activity_id", "idempotency_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True, nullable=True
    )
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[StatementStatus] = mapped_column(stored_enum(StatementStatus), default=StatementStatus.VISIBLE)
    personal_data: Mapped[str] = mapped_column(String(120), default="")  # kinds found, comma-separated
    answered: Mapped[bool] = mapped_column(Boolean, default=False)
    idempotency_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    activity: Mapped[Activity] = relationship(back_populates="questions")
    votes: Mapped[list[QuestionVote]] = relationship(
        back_populates="question", cascade="all, delete-orphan", passive_deletes=True
    )


class QuestionVote(Model):
    """One participant's upvote of a question (one each, withdrawable)."""

    __tablename__ = "question_vote"

    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"), primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    question: Mapped[Question] = relationship(back_populates="votes")


class AgendaTemplate(Model):
    """A facilitator's own workshop template: a name and the agenda a new workshop starts with
    (``workshop.agendas``: the plan of each activity, never its answers)."""

    __tablename__ = "agenda_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("facilitator.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    agenda_json: Mapped[str] = mapped_column(Text, default="[]")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class WorkshopMember(Model):
    """Another facilitator the owner shared a workshop with, and their role on it."""

    __tablename__ = "workshop_member"

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True)
    facilitator_id: Mapped[int] = mapped_column(
        ForeignKey("facilitator.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[WorkshopRole] = mapped_column(stored_enum(WorkshopRole))
    added_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    workshop: Mapped[Workshop] = relationship(back_populates="members")
    facilitator: Mapped[Facilitator] = relationship()


class StatementChange(Model):
    """Who hid, unhid, approved, pinned, edited or deleted a statement, and when (issue 16); likewise
    who hid, showed, answered or deleted a question, and hid, showed, approved or deleted a word of a
    word cloud (``subject``: ``statement``, ``question`` or ``word``).

    Shown in the moderation view so that a team of facilitators sees who did what. The row keeps
    the statement's number, not its text: a deleted statement stays deleted (it may have held
    personal data), and an edit's old wording is not kept either. The person's name is copied so
    the record still reads after their account is deleted.
    """

    __tablename__ = "statement_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    # No foreign key: the record outlives the statement it tells of (a deletion is a change too).
    statement_id: Mapped[int] = mapped_column(Integer)
    facilitator_id: Mapped[int | None] = mapped_column(
        ForeignKey("facilitator.id", ondelete="SET NULL"), nullable=True, index=True
    )
    who: Mapped[str] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # ``statement_id`` holds a question's number for a question, the word cloud's activity for a word.
    subject: Mapped[str] = mapped_column(String(16), default="statement", server_default="statement")
    activity_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # a question's or a word's activity
    detail: Mapped[str] = mapped_column(String(80), default="", server_default="")  # the word (folded); "" once deleted


class Participant(Model):
    __tablename__ = "participant"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    # The secret in the participant's private link to their own copy (no account needed).
    token: Mapped[str] = mapped_column(String(64), unique=True, default=lambda: secrets.token_urlsafe(24))
    name: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # The day their e-mail reminder went (the address is deleted then): their private page says so.
    reminder_sent_on: Mapped[date | None] = mapped_column(Date, nullable=True)

    workshop: Mapped[Workshop] = relationship(back_populates="participants")
    statements: Mapped[list[Statement]] = relationship(back_populates="participant", order_by="Statement.id")


class Statement(Model):
    __tablename__ = "statement"
    # The key is a random secret of the page the form came from: unique within a workshop, so a
    # double tap stores one statement even before the phone has its participant cookie.
    __table_args__ = (UniqueConstraint("workshop_id", "idempotency_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True, nullable=True
    )
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[StatementStatus] = mapped_column(
        stored_enum(StatementStatus),
        default=StatementStatus.VISIBLE,
    )
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    edited_by_facilitator: Mapped[bool] = mapped_column(Boolean, default=False)
    personal_data: Mapped[str] = mapped_column(String(120), default="")  # kinds found, comma-separated
    # The participant ticked "you may share this statement, without my name, on social media".
    share_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    # SMART parts found when the text was last written (``workshop.coaching.smart``), stored so the
    # wall counts them with one query instead of re-reading every statement on every refresh.
    has_time: Mapped[bool] = mapped_column(Boolean, default=False)
    has_measure: Mapped[bool] = mapped_column(Boolean, default=False)
    idempotency_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="SET NULL"), nullable=True, index=True)
    placed_by_hand: Mapped[bool] = mapped_column(Boolean, default=False)
    # The text's sentence embedding (workshop.board.embeddings), made when the text is written so
    # that pressing "Group" does not wait for the model: 384 float16, and the model that made it.
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True, deferred=True)
    embedding_model: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    workshop: Mapped[Workshop] = relationship(back_populates="statements")
    participant: Mapped[Participant | None] = relationship(back_populates="statements")
    theme: Mapped[Theme | None] = relationship(back_populates="statements")

    @property
    def author_key(self) -> str:
        """Who wrote it, for counting people: its participant, or the statement itself for one
        without (a post-it typed up by the facilitator is one person's)."""
        return str(self.participant_id) if self.participant_id is not None else f"s{self.id}"

    @property
    def is_visible(self) -> bool:
        return self.status == StatementStatus.VISIBLE


class MeToo(Model):
    """One participant's "Me too" on another's statement (issue 16): one each, withdrawn by deleting the row.

    Who supported what is never shown to anyone: pages and exports read only the count per statement.
    """

    __tablename__ = "statement_support"
    __table_args__ = (UniqueConstraint("statement_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statement.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class KeywordsMixin:
    """The words or concepts that tie a theme together, stored as a JSON list in ``keywords_json``."""

    keywords_json: Mapped[str]

    @property
    def keywords(self) -> list[str]:
        return list(json.loads(self.keywords_json or "[]"))

    @keywords.setter
    def keywords(self, words: list[str]) -> None:
        self.keywords_json = json.dumps(list(words))


class Theme(KeywordsMixin, Model):
    __tablename__ = "theme"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(120))
    label_by_person: Mapped[bool] = mapped_column(Boolean, default=False)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    keywords_json: Mapped[str] = mapped_column(Text, default="[]")
    position: Mapped[int] = mapped_column(Integer, default=0)

    workshop: Mapped[Workshop] = relationship(back_populates="themes")
    statements: Mapped[list[Statement]] = relationship(back_populates="theme", order_by="Statement.id")
    votes: Mapped[list[Vote]] = relationship(back_populates="theme", cascade="all, delete-orphan", passive_deletes=True)


class Vote(Model):
    __tablename__ = "vote"
    __table_args__ = (UniqueConstraint("theme_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)

    theme: Mapped[Theme] = relationship(back_populates="votes")


class ReminderEmail(Model):
    """An address a participant gave, with consent, for one reminder e-mail on ``send_on``.

    Kept only until that reminder is sent (``reminders send`` deletes the row as it sends and
    keeps only the day, ``Participant.reminder_sent_on``), and deleted with the participant (their own choice, or the retention purge).
    """

    __tablename__ = "reminder_email"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), unique=True)
    email: Mapped[str] = mapped_column(String(254))
    send_on: Mapped[date] = mapped_column(Date, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    participant: Mapped[Participant] = relationship()


class Series(Model):
    """A series ("tour") of workshops reported together (issue 17): the same workshop in several places.

    Owned by the facilitator who made it; its workshops may be any facilitators'. Deleting a
    workshop takes it out of every series; deleting a series leaves its workshops as they are.
    """

    __tablename__ = "series"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("facilitator.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # The series' own themes (``SeriesTheme``), grouped over every workshop's statements: which
    # engine grouped them last, and the key messages the series report opens with.
    grouping_engine: Mapped[str] = mapped_column(String(40), default="")
    key_messages: Mapped[str] = mapped_column(Text, default="")

    facilitator: Mapped[Facilitator] = relationship()
    members: Mapped[list[SeriesWorkshop]] = relationship(
        back_populates="series", cascade="all, delete-orphan", passive_deletes=True, order_by="SeriesWorkshop.position"
    )
    themes: Mapped[list[SeriesTheme]] = relationship(
        back_populates="series",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="SeriesTheme.position, SeriesTheme.id",
    )
    people: Mapped[list[SeriesMember]] = relationship(
        back_populates="series", cascade="all, delete-orphan", passive_deletes=True, order_by="SeriesMember.added_at"
    )

    @property
    def workshops(self) -> list[Workshop]:
        return [member.workshop for member in self.members]


class SeriesMember(Model):
    """Another facilitator the series' owner shared it with, and their role on it (as on a workshop).

    A co-facilitator edits the series (themes, featured statements, key messages, name, its
    workshops); a moderator sees the series and its documents and changes nothing; the owner
    (``Series.facilitator``, never stored here) alone deletes it and manages its people.
    """

    __tablename__ = "series_member"

    series_id: Mapped[int] = mapped_column(ForeignKey("series.id", ondelete="CASCADE"), primary_key=True)
    facilitator_id: Mapped[int] = mapped_column(
        ForeignKey("facilitator.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[WorkshopRole] = mapped_column(stored_enum(WorkshopRole))
    added_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    series: Mapped[Series] = relationship(back_populates="people")
    facilitator: Mapped[Facilitator] = relationship()


class SeriesWorkshop(Model):
    """One workshop in a series, in the series' order."""

    __tablename__ = "series_workshop"

    series_id: Mapped[int] = mapped_column(ForeignKey("series.id", ondelete="CASCADE"), primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    series: Mapped[Series] = relationship(back_populates="members")
    workshop: Mapped[Workshop] = relationship()


class SeriesTheme(KeywordsMixin, Model):
    """A theme across a series: stored apart from the workshops' own themes, which it never changes."""

    __tablename__ = "series_theme"

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("series.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(120))
    label_by_person: Mapped[bool] = mapped_column(Boolean, default=False)
    keywords_json: Mapped[str] = mapped_column(Text, default="[]")
    position: Mapped[int] = mapped_column(Integer, default=0)

    series: Mapped[Series] = relationship(back_populates="themes")


class SeriesPlacement(Model):
    """Where one statement sits among its series' themes (no row: unsorted, never grouped yet).

    One row per series and statement, so the same statement can sit in different themes of two
    series, and ``Statement.theme`` (the workshop's own board) is never touched.
    """

    __tablename__ = "series_placement"

    series_id: Mapped[int] = mapped_column(ForeignKey("series.id", ondelete="CASCADE"), primary_key=True)
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("statement.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    theme_id: Mapped[int | None] = mapped_column(
        ForeignKey("series_theme.id", ondelete="SET NULL"), nullable=True, index=True
    )
    placed_by_hand: Mapped[bool] = mapped_column(Boolean, default=False)


class SeriesFeatured(Model):
    """A statement the series' owner ticked to feature in the series report (no rows: chosen automatically)."""

    __tablename__ = "series_featured"

    series_id: Mapped[int] = mapped_column(ForeignKey("series.id", ondelete="CASCADE"), primary_key=True)
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("statement.id", ondelete="CASCADE"), primary_key=True, index=True
    )


_VERSIONED = (("version", Workshop.version), ("board_version", Workshop.board_version))
_ANNOUNCED_AFTER_COMMIT = "versions_after_commit"


def _count_versions_in_the_database(session: Session, _context: object, _instances: object) -> None:
    """A touched workshop's UPDATE says ``version = version + 1``, whatever version the request read.

    Under PostgreSQL's READ COMMITTED a request reads the workshop before it waits for another
    writer's lock, and SQLite's driver reads outside the write transaction: both requests would
    otherwise write the same N + 1, and a wall that saw the first would never ask for the second.
    After the flush the attribute is read back from the database on its next use.

    On PostgreSQL the count is written after the commit instead (``_announce_versions``): writing
    it in the transaction locks the workshop's row from the first flush to the commit, and 2,000
    phones answering a poll on two servers queued for that row one behind another (bench/load.py).
    """
    after_commit = session.get_bind().dialect.name == "postgresql"
    for obj in session.dirty:
        if isinstance(obj, Workshop):
            attrs = inspect(obj).attrs
            for name, column in _VERSIONED:
                history = attrs[name].history
                if history.added and history.deleted and isinstance(history.added[0], int):
                    if after_commit:
                        session.info.setdefault(_ANNOUNCED_AFTER_COMMIT, {}).setdefault(obj.id, set()).add(name)
                        set_committed_value(obj, name, history.deleted[0])
                    else:
                        setattr(obj, name, column + 1)


def _announce_versions(session: Session) -> None:
    """PostgreSQL: count the committed change's versions in one statement of its own (autocommit).

    The row is locked only while PostgreSQL runs that statement, not while a thread of a busy
    process gets round to its COMMIT. The change is committed first and announced second, so a
    wall or phone that sees the new version reads the change; a process that dies between the
    two leaves the change to be seen at the workshop's next version. Runs before the edge's own
    ``after_commit`` (``workshop.edge``), which then drops its copy of the row.
    """
    if session.in_nested_transaction():
        # SQLAlchemy says after_commit for a savepoint's release too: the change is not committed
        # yet, and the outer transaction may hold the row this would wait for (itself, for ever).
        return
    announced: dict[int, set[str]] | None = session.info.pop(_ANNOUNCED_AFTER_COMMIT, None)
    if not announced:
        return
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            for workshop_id, names in announced.items():
                counted = {name: column + 1 for name, column in _VERSIONED if name in names}
                connection.execute(update(Workshop).where(Workshop.id == workshop_id).values(counted))
                held = session.identity_map.get(identity_key(Workshop, workshop_id))
                if held is not None:
                    session.expire(held, ["version", "board_version"])  # read back on next use
    except SQLAlchemyError:
        # The change itself is committed: the walls see it at the workshop's next version.
        logging.getLogger(__name__).exception("could not count the versions of workshops %s", sorted(announced))


def _forget_versions(session: Session, previous: object = None) -> None:
    # Only the whole transaction's rollback: a savepoint's, or a failed flush's inside one, leaves
    # the rest of the transaction to commit and count.
    if previous is None or (getattr(previous, "parent", None) is None and not getattr(previous, "nested", False)):
        session.info.pop(_ANNOUNCED_AFTER_COMMIT, None)


if not event.contains(Session, "before_flush", _count_versions_in_the_database):
    event.listen(Session, "before_flush", _count_versions_in_the_database)
    event.listen(Session, "after_commit", _announce_versions)
    event.listen(Session, "after_soft_rollback", _forget_versions)
