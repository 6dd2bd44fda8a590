"""Database models of the survey designer: surveys, their sections and questions, and responses.

Answers are stored as one JSON document per response (question key → answer) rather than one row
per answer: a response is written once and read whole, and the results of 2,000 responses load in
one query of one column. Questions carry a stable random ``key`` so that reordering or editing
questions never mixes up the answers already given.
"""

from __future__ import annotations

import enum
import json
import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshop.extensions import Model
from workshop.models import Facilitator, Workshop, stored_enum, utcnow


class SurveyState(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


def new_question_key() -> str:
    """A short random key, unique within its survey, that names a question's answers."""
    return "q" + secrets.token_hex(5)


class Survey(Model):
    __tablename__ = "survey"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("facilitator.id", ondelete="CASCADE"), index=True)
    # A follow-up survey remembers the workshop it follows; deleting the workshop keeps the survey.
    workshop_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshop.id", ondelete="SET NULL"), nullable=True, index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(Text, default="")
    target_group: Mapped[str] = mapped_column(String(300), default="")
    audience_size: Mapped[int | None] = mapped_column(Integer, nullable=True)
    introduction: Mapped[str] = mapped_column(Text, default="")
    consent_text: Mapped[str] = mapped_column(Text, default="")
    closing_message: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[SurveyState] = mapped_column(
        stored_enum(SurveyState),
        default=SurveyState.DRAFT,
    )
    allow_multiple: Mapped[bool] = mapped_column(Boolean, default=False)
    # The version of the questions respondents get now; earlier versions are kept as SurveyVersion rows.
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    opened_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    facilitator: Mapped[Facilitator] = relationship()
    workshop: Mapped[Workshop | None] = relationship()
    sections: Mapped[list[SurveySection]] = relationship(
        back_populates="survey",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="SurveySection.position, SurveySection.id",
    )
    responses: Mapped[list[SurveyResponse]] = relationship(
        back_populates="survey", cascade="all, delete-orphan", passive_deletes=True
    )
    versions: Mapped[list[SurveyVersion]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="SurveyVersion.number"
    )

    @property
    def is_open(self) -> bool:
        return self.state == SurveyState.OPEN

    @property
    def questions(self) -> list[SurveyQuestion]:
        """Every question in the order respondents see them."""
        return [question for section in self.sections for question in section.questions]


class SurveySection(Model):
    __tablename__ = "survey_section"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    introduction: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Skip logic of the whole section, as a question's condition_json; "" when always shown.
    condition_json: Mapped[str] = mapped_column(Text, default="")

    survey: Mapped[Survey] = relationship(back_populates="sections")
    questions: Mapped[list[SurveyQuestion]] = relationship(
        back_populates="section",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="SurveyQuestion.position, SurveyQuestion.id",
    )


class SurveyQuestion(Model):
    __tablename__ = "survey_question"
    __table_args__ = (UniqueConstraint("survey_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("survey_section.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(16), default=new_question_key)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    qtype: Mapped[str] = mapped_column(String(16))
    options_json: Mapped[str] = mapped_column(Text, default="[]")
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    help_text: Mapped[str] = mapped_column(Text, default="")
    bank_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    category: Mapped[str] = mapped_column(String(64), default="")
    # Skip logic, as JSON {"question": key, "options": [...], "negate": bool}; "" when always shown.
    condition_json: Mapped[str] = mapped_column(Text, default="")

    section: Mapped[SurveySection] = relationship(back_populates="questions")

    @property
    def options(self) -> list[str]:
        return [str(option) for option in json.loads(self.options_json or "[]")]

    @options.setter
    def options(self, values: list[str] | tuple[str, ...]) -> None:
        self.options_json = json.dumps(list(values), ensure_ascii=False)


class SurveyResponse(Model):
    __tablename__ = "survey_response"
    __table_args__ = (UniqueConstraint("survey_id", "idempotency_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    # The random token in the respondent's signed cookie: one response per device, no account.
    respondent: Mapped[str] = mapped_column(String(64), index=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    answers_json: Mapped[str] = mapped_column(Text, default="{}")
    # The version of the questions this response answered (the survey's version when it was sent).
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    survey: Mapped[Survey] = relationship(back_populates="responses")

    @property
    def answers(self) -> dict[str, Any]:
        return dict(json.loads(self.answers_json or "{}"))

    @answers.setter
    def answers(self, values: dict[str, Any]) -> None:
        self.answers_json = json.dumps(values, ensure_ascii=False)


class SurveyVersion(Model):
    """The questions of an earlier version of a survey, frozen when the designer started the next one.

    ``design_json`` holds the sections and questions as they were (see ``surveys.snapshot``), so the
    answers given to that version are always reported against the wording they answered.
    """

    __tablename__ = "survey_version"
    __table_args__ = (UniqueConstraint("survey_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    design_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ImportedBankQuestion(Model):
    """A question of a library's own question set, imported beside the kit's built-in bank.

    Kept apart from the kit's files so an import can never change the kit's wording, and with
    its ``source`` (for instance "National impact questionnaire 2024") so the builder lists it
    as a separate source and keeps its wording as imported.
    """

    __tablename__ = "survey_bank_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    qid: Mapped[str] = mapped_column(String(64), unique=True)
    source: Mapped[str] = mapped_column(String(120), index=True)
    category: Mapped[str] = mapped_column(String(64), default="")
    category_label: Mapped[str] = mapped_column(String(200), default="")
    qtype: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    options_json: Mapped[str] = mapped_column(Text, default="[]")
    note: Mapped[str] = mapped_column(Text, default="")
    help_text: Mapped[str] = mapped_column(Text, default="")
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    @property
    def options(self) -> list[str]:
        return [str(option) for option in json.loads(self.options_json or "[]")]

    @options.setter
    def options(self, values: list[str] | tuple[str, ...]) -> None:
        self.options_json = json.dumps(list(values), ensure_ascii=False)


class FollowUpProgress(enum.StrEnum):
    DONE = "done"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"


class FollowUpResponse(Model):
    """A participant's answer to their workshop's follow-up survey, on their private page: one each.

    The unique constraint is the rule "answered once per participant", kept by the database even
    when two taps arrive together. Deleted with the participant (retention purge included).
    """

    __tablename__ = "survey_follow_up"
    __table_args__ = (UniqueConstraint("survey_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    quote: Mapped[str] = mapped_column(Text, default="")
    # "You may quote this, attributed by my role": without it the quote is never shown as one.
    quote_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    items: Mapped[list[FollowUpItem]] = relationship(
        back_populates="response", cascade="all, delete-orphan", passive_deletes=True, order_by="FollowUpItem.id"
    )


class FollowUpItem(Model):
    """One statement followed up: done / in progress / not started, and what difference it made."""

    __tablename__ = "survey_follow_up_item"
    __table_args__ = (UniqueConstraint("response_id", "statement_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("survey_follow_up.id", ondelete="CASCADE"), index=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statement.id", ondelete="CASCADE"), index=True)
    progress: Mapped[FollowUpProgress] = mapped_column(stored_enum(FollowUpProgress))
    difference: Mapped[str] = mapped_column(Text, default="")

    response: Mapped[FollowUpResponse] = relationship(back_populates="items")
