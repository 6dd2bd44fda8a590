"""The buttons of the word cloud and the questions: a phone's vote, the facilitator's hide/show and answered."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import AnyOf, DataRequired, Length

from workshop.forms import CleanText
from workshop.kinds.operations import QUESTION_ACTIONS

QUESTION_GONE = "That question is not on the list any more: reload the page."


def question_id(raw: str | None) -> int | None:
    """Which question a button is for: a row id, or None for anything else (a question that is not there)."""
    text = (raw or "").strip()
    return int(text) if text.isascii() and text.isdigit() and 0 < int(text) < 2**31 else None


class QuestionVoteForm(FlaskForm):
    question = HiddenField()
    action = HiddenField(validators=[AnyOf(["vote", "unvote"], message="That button did not come from this page.")])


class WordForm(FlaskForm):
    word = StringField(
        filters=[CleanText(single_line=True)],
        validators=[DataRequired("Choose a word."), Length(max=200, message="That is not a word of this cloud.")],
    )
    action = HiddenField(
        validators=[AnyOf(["hide", "show", "approve", "delete"], message="That button did not come from this page.")]
    )


class QuestionModerationForm(FlaskForm):
    question = HiddenField()
    action = HiddenField(validators=[AnyOf(list(QUESTION_ACTIONS), message="That button did not come from this page.")])
