"""Forms of the themes board and of participants' votes: every POST is parsed here, with CSRF.

Targets (a theme id or "unsorted") are plain strings here and resolved by the view against the
workshop, so an unknown or stale id gets a clear message rather than WTForms' "Not a valid choice".
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length

from workshop.board.operations import LABEL_MAX
from workshop.forms import CleanText


class BoardActionForm(FlaskForm):
    """A button that changes something: only the CSRF token travels with it."""


class GroupForm(FlaskForm):
    size = SelectField(
        "Number of themes",
        choices=[("fewer", "Fewer themes"), ("auto", "Automatic"), ("more", "More themes")],
        default="auto",
    )


class RenameForm(FlaskForm):
    label = StringField(
        "Theme name",
        filters=[CleanText(single_line=True)],
        validators=[
            DataRequired("Give the theme a name: the name cannot be empty."),
            Length(max=LABEL_MAX, message=f"Theme names can have up to {LABEL_MAX} characters."),
        ],
    )


class MoveForm(FlaskForm):
    target = StringField("Move to", validators=[DataRequired("Choose where to move the statement.")])


class MergeForm(FlaskForm):
    into = StringField("Merge into", validators=[DataRequired("Choose the theme to merge into.")])


class SplitForm(FlaskForm):
    statements = SelectMultipleField("Statements to split off", coerce=int, validate_choice=False)


class LockForm(FlaskForm):
    action = SelectField(choices=[("lock", "Lock"), ("unlock", "Unlock")], validators=[DataRequired()])


class ReorderForm(FlaskForm):
    direction = SelectField(choices=[("up", "Up"), ("down", "Down")], validators=[DataRequired()])


class SwitchForm(FlaskForm):
    """Turn a workshop setting (sharing, voting) on or off."""

    state = SelectField(choices=[("on", "On"), ("off", "Off")], validators=[DataRequired()])


class VoteForm(FlaskForm):
    action = SelectField(choices=[("vote", "Vote"), ("unvote", "Take back")], validators=[DataRequired()])


__all__ = [
    "BoardActionForm",
    "GroupForm",
    "LockForm",
    "MergeForm",
    "MoveForm",
    "RenameForm",
    "ReorderForm",
    "SplitForm",
    "SwitchForm",
    "VoteForm",
]
