from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange, Optional

from workshop.common.dates import FIRST_WORKSHOP_DATE, LAST_WORKSHOP_DATE, WORKSHOP_DATE_RANGE
from workshop.forms import Between, CleanText
from workshop.models import DEFAULT_PROMPT
from workshop.operations import MODERATION_ACTIONS, WorkshopSettings
from workshop.team import ROLE_DESCRIPTIONS, SHARED_ROLES


class WorkshopForm(FlaskForm):
    title = StringField(
        "Title",
        filters=[CleanText(single_line=True)],
        validators=[DataRequired("Give the workshop a title."), Length(max=200)],
    )
    date = DateField(
        "Date",
        validators=[
            Optional(),
            Between(FIRST_WORKSHOP_DATE, LAST_WORKSHOP_DATE, WORKSHOP_DATE_RANGE),
        ],
        description=WORKSHOP_DATE_RANGE,
    )
    venue = StringField("Venue", filters=[CleanText(single_line=True)], validators=[Length(max=200)])
    prompt = StringField(
        "Prompt participants answer",
        default=DEFAULT_PROMPT,
        filters=[CleanText(single_line=True)],
        validators=[DataRequired("Write the prompt participants will answer."), Length(max=300)],
    )
    max_statements = IntegerField(
        "Statements each participant may send",
        default=5,
        validators=[InputRequired("Give a number from 1 to 50."), NumberRange(1, 50, "Give a number from 1 to 50.")],
    )
    char_limit = IntegerField(
        "Character limit per statement",
        default=280,
        validators=[
            InputRequired("Give a number from 20 to 2000."),
            NumberRange(20, 2000, "Give a number from 20 to 2000."),
        ],
    )
    ask_names = BooleanField("Let participants add their name and role (otherwise anonymous)")
    approve_first = BooleanField("Approve each statement before it shows on the wall")
    me_too = BooleanField("Let participants add ‘Me too’ to others’ statements")
    review_weeks = SelectField(
        "Default review reminder", choices=[(4, "4 weeks"), (8, "8 weeks"), (12, "12 weeks")], coerce=int, default=8
    )
    retention_days = IntegerField(
        "Delete statements this many days after closing (leave empty to keep until you delete)",
        validators=[Optional(), NumberRange(1, 3650, "Give a number of days from 1 to 3650.")],
    )

    def settings(self) -> WorkshopSettings:
        return WorkshopSettings(
            title=self.title.data or "",
            date=self.date.data,
            venue=self.venue.data or "",
            prompt=self.prompt.data or DEFAULT_PROMPT,
            max_statements=self.max_statements.data or 5,
            char_limit=self.char_limit.data or 280,
            ask_names=bool(self.ask_names.data),
            approve_first=bool(self.approve_first.data),
            me_too=bool(self.me_too.data),
            review_weeks=self.review_weeks.data or 8,
            retention_days=self.retention_days.data,
        )


class JoiningForm(FlaskForm):
    """The "Lock joining" switch: locked is "1" to lock, "0" to unlock."""

    locked = HiddenField(validators=[AnyOf(["0", "1"])])


class TimerForm(FlaskForm):
    """The room's countdown: start (a preset or typed minutes), extend by minutes, or stop.

    Minutes are checked by ``workshop.timer.parse_minutes`` so that every wrong value gets the same words.
    """

    action = HiddenField(validators=[AnyOf(["start", "extend", "stop"])])
    minutes = StringField("Minutes", validators=[Optional()])
    closes = BooleanField("Close submissions when time is up")


class StateForm(FlaskForm):
    state = HiddenField(validators=[DataRequired()])


class ModerateForm(FlaskForm):
    action = SelectField(choices=[(a, a) for a in MODERATION_ACTIONS], validators=[DataRequired()])


class EditTextForm(FlaskForm):
    text = TextAreaField(
        "Statement",
        filters=[CleanText()],
        validators=[DataRequired("A statement cannot be empty: delete it instead."), Length(max=5000)],
    )


class ShareForm(FlaskForm):
    """The owner shares the workshop with another facilitator account, as co-facilitator or moderator."""

    role_hints = {role.value: ROLE_DESCRIPTIONS[role].capitalize() + "." for role in SHARED_ROLES}

    email = StringField(
        "E-mail address of their facilitator account",
        filters=[CleanText(single_line=True)],
        validators=[
            DataRequired("Type the e-mail address of the facilitator account to share with."),
            Length(max=254, message="An e-mail address has at most 254 characters."),
        ],
    )
    role = RadioField(
        "Role",
        choices=[(role.value, role.label) for role in SHARED_ROLES],
        default=SHARED_ROLES[0].value,
        validate_choice=False,  # the AnyOf below says it in words a person can act on
        validators=[
            InputRequired("Choose a role: co-facilitator or moderator."),
            AnyOf([role.value for role in SHARED_ROLES], message="Choose a role: co-facilitator or moderator."),
        ],
    )
