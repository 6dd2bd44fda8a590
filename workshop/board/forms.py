"""Forms of the themes board and of participants' votes: every POST is parsed here, with CSRF.

Targets (a theme id or "unsorted") are plain strings here and resolved by the view against the
workshop, so an unknown or stale id gets a clear message rather than WTForms' "Not a valid choice".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from workshop.board.operations import LABEL_MAX
from workshop.forms import CleanText

THEMES_MAX = 60


class GroupForm(FlaskForm):
    """Group again: automatically, one theme fewer or more than the board holds, or the number typed."""

    size = SelectField(
        "Number of themes",
        choices=[("fewer", "Fewer themes"), ("auto", "Automatic"), ("more", "More themes"), ("exact", "This many")],
        default="auto",
    )
    number = IntegerField(
        "Number of themes",
        validators=[
            Optional(),
            NumberRange(min=1, max=THEMES_MAX, message=f"Ask for between 1 and {THEMES_MAX} themes."),
        ],
    )

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        """A number is needed only with "This many" (the field is optional for the other buttons)."""
        valid = super().validate(extra_validators)
        if valid and self.size.data == "exact" and not self.number.data:
            self.number.errors = ["Type how many themes you want, for example 6."]
            return False
        return valid


def theme_name(label: str, required: str | None = None) -> StringField:
    """A theme's name as typed: one clean line of at most ``LABEL_MAX`` characters (``required``: the message if empty)."""
    validators: list[Any] = [Length(max=LABEL_MAX, message=f"Theme names can have up to {LABEL_MAX} characters.")]
    if required:
        validators.insert(0, DataRequired(required))
    return StringField(label, filters=[CleanText(single_line=True)], validators=validators)


class NewThemeForm(FlaskForm):
    label = theme_name("Name of the new theme", "Give the new theme a name.")


class RenameForm(FlaskForm):
    label = theme_name("Theme name", "Give the theme a name: the name cannot be empty.")


class MoveForm(FlaskForm):
    target = StringField("Move to", validators=[DataRequired("Choose where to move the statement.")])


class MergeForm(FlaskForm):
    into = StringField("Merge into", validators=[DataRequired("Choose the theme to merge into.")])


class SplitForm(FlaskForm):
    statements = SelectMultipleField("Statements to split off", coerce=int, validate_choice=False)
    label = theme_name("Name of the new theme")


class LockForm(FlaskForm):
    action = SelectField(choices=[("lock", "Lock"), ("unlock", "Unlock")], validators=[DataRequired()])


class SwitchForm(FlaskForm):
    """Turn a workshop setting (sharing, voting) on or off."""

    state = SelectField(choices=[("on", "On"), ("off", "Off")], validators=[DataRequired()])


class VoteForm(FlaskForm):
    action = SelectField(choices=[("vote", "Vote"), ("unvote", "Take back")], validators=[DataRequired()])


__all__ = [
    "GroupForm",
    "LockForm",
    "MergeForm",
    "MoveForm",
    "NewThemeForm",
    "RenameForm",
    "SplitForm",
    "SwitchForm",
    "VoteForm",
]
