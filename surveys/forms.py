"""Forms of the survey designer and of the respondent's page.

A respondent's answers are not a fixed set of fields: each survey has its own questions, so the
answers are read by ``surveys.operations.parse_answers`` and only the CSRF token and the
idempotency key travel through ``ResponseForm``.
"""

from __future__ import annotations

import uuid

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from surveys.design import QUESTION_TYPE_LABELS, QUESTION_TYPES
from surveys.operations import DEFAULT_CLOSING, DEFAULT_CONSENT, QuestionInput, SurveySettings
from workshop.forms import CleanText
from workshop.guards import DB_INT_MAX


def new_idempotency_key() -> str:
    return uuid.uuid4().hex


class SurveyForm(FlaskForm):
    title = StringField(
        "Title",
        filters=[CleanText(single_line=True)],
        validators=[
            DataRequired("Give the survey a title."),
            Length(max=200, message="Keep the title under 200 characters."),
        ],
    )
    purpose = TextAreaField(
        "What is the survey for?",
        filters=[CleanText()],
        validators=[Length(max=2000, message="Keep the purpose under 2,000 characters.")],
    )
    target_group = StringField(
        "Who is it for?",
        filters=[CleanText(single_line=True)],
        validators=[Length(max=300, message="Keep the target group under 300 characters.")],
    )
    audience_size = IntegerField(
        "How many people will you invite?",
        validators=[Optional(), NumberRange(1, 1_000_000, "Give a whole number of people, 1 or more.")],
    )
    introduction = TextAreaField(
        "Introduction respondents read first",
        filters=[CleanText()],
        validators=[Length(max=5000, message="Keep the introduction under 5,000 characters.")],
    )
    consent_text = TextAreaField(
        "Consent and data protection",
        default=DEFAULT_CONSENT,
        filters=[CleanText()],
        validators=[Length(max=5000, message="Keep the consent text under 5,000 characters.")],
    )
    closing_message = TextAreaField(
        "Closing message",
        default=DEFAULT_CLOSING,
        filters=[CleanText()],
        validators=[Length(max=2000, message="Keep the closing message under 2,000 characters.")],
    )
    allow_multiple = BooleanField("Allow more than one response from the same phone or computer")

    def settings(self) -> SurveySettings:
        return SurveySettings(
            title=self.title.data or "",
            purpose=self.purpose.data or "",
            target_group=self.target_group.data or "",
            audience_size=self.audience_size.data,
            introduction=self.introduction.data or "",
            consent_text=self.consent_text.data or "",
            closing_message=self.closing_message.data or "",
            allow_multiple=bool(self.allow_multiple.data),
        )


class QuestionForm(FlaskForm):
    text = StringField(
        "Question",
        filters=[CleanText(single_line=True)],
        validators=[
            DataRequired("Write the question."),
            Length(max=1000, message="Keep the question under 1,000 characters."),
        ],
    )
    qtype = SelectField(
        "Type of answer",
        choices=[(qtype, QUESTION_TYPE_LABELS[qtype]) for qtype in QUESTION_TYPES],
        default="single",
        validators=[DataRequired("Choose a type of answer.")],
    )
    options = TextAreaField(
        "Answers to choose from, one on each line",
        filters=[CleanText()],
        validators=[Length(max=10000, message="That is a lot of answers: keep the list under 10,000 characters.")],
    )
    help_text = StringField(
        "Help text under the question (optional)",
        filters=[CleanText(single_line=True)],
        validators=[Length(max=1000, message="Keep the help text under 1,000 characters.")],
    )
    required = BooleanField("People must answer this question")
    section_id = SelectField("Section", coerce=int, validate_choice=False)

    def question(self) -> QuestionInput:
        return QuestionInput(
            text=self.text.data or "",
            qtype=self.qtype.data or "",
            options=tuple((self.options.data or "").split("\n")),
            required=bool(self.required.data),
            help_text=self.help_text.data or "",
            section_id=self.section_id.data or None,
        )


class ConditionForm(FlaskForm):
    """Skip logic of one question: always shown, or shown when an earlier answer is (not) one of those ticked."""

    op = SelectField(
        "When is this question shown?",
        choices=[
            ("", "Always"),
            ("is", "Only if the answer is one of those ticked below"),
            ("is_not", "Only if the answer is none of those ticked below"),
        ],
        default="",
        validators=[Optional()],
    )
    answers = SelectMultipleField("Answers of an earlier question", validators=[Optional()])


class SectionForm(FlaskForm):
    title = StringField(
        "Section heading",
        filters=[CleanText(single_line=True)],
        validators=[
            DataRequired("Give the section a heading."),
            Length(max=200, message="Keep the heading under 200 characters."),
        ],
    )
    introduction = TextAreaField(
        "Introduction to the section (optional)",
        filters=[CleanText()],
        validators=[Length(max=2000, message="Keep the introduction under 2,000 characters.")],
    )


class BankAddForm(FlaskForm):
    bank_id = HiddenField(validators=[DataRequired(), Length(max=64)])
    section_id = HiddenField(validators=[Optional()])


class ReorderForm(FlaskForm):
    """The new order of one section's questions, sent by drag and drop as comma-separated keys."""

    section_id = IntegerField(validators=[DataRequired(), NumberRange(1, DB_INT_MAX)])
    order = HiddenField(validators=[DataRequired(), Length(max=10000)])


class StateForm(FlaskForm):
    state = HiddenField(validators=[DataRequired()])


class ResponseForm(FlaskForm):
    idempotency_key = HiddenField(default=new_idempotency_key, validators=[Length(max=64)])
