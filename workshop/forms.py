"""Shared form pieces: the text-cleaning filter every free-text field uses, the e-mail address and key messages
fields, the first error of a form as one message, the CSRF-only action button and the "type the code
to delete" confirmation."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Regexp, ValidationError

from workshop.codes import normalise_code
from workshop.common.text import clean_text


class CleanText:
    """A WTForms filter: remove control characters and trim, keeping everything else as typed."""

    def __init__(self, *, single_line: bool = False) -> None:
        self.single_line = single_line

    def __call__(self, value: str | None) -> str:
        return clean_text(value, single_line=self.single_line)


class Between:
    """A WTForms validator for any ordered value (dates as well as numbers): ``first <= data <= last``."""

    def __init__(self, first: object, last: object, message: str) -> None:
        self.first, self.last, self.message = first, last, message

    def __call__(self, form: object, field: Any) -> None:
        if field.data is not None and not (self.first <= field.data <= self.last):
            raise ValidationError(self.message)


def email_address_field(label: str, missing: str) -> EmailField:
    """An e-mail address a person types: one line, at most 254 characters, shaped like name@nhs.net.

    ``missing`` is the message when it is left empty. Line breaks cannot get through (a crafted
    "Bcc:" header), and the mail module refuses them again when it builds the message.
    """
    return EmailField(
        label,
        filters=[CleanText(single_line=True)],
        validators=[
            InputRequired(missing),
            Length(max=254, message="That email address is too long."),
            Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message="Enter an email address like name@nhs.net."),
        ],
    )


KEY_MESSAGES_LIMIT = 3000


def key_messages_field(label: str, description: str = "") -> TextAreaField:
    """The "key messages" a facilitator writes for a report, one a line (a workshop's, a series')."""
    return TextAreaField(
        label,
        description=description,
        filters=[CleanText()],
        validators=[
            Length(max=KEY_MESSAGES_LIMIT, message=f"Keep the key messages under {KEY_MESSAGES_LIMIT:,} characters.")
        ],
        render_kw={"rows": 5, "maxlength": KEY_MESSAGES_LIMIT},
    )


def first_error(form: FlaskForm, fallback: str = "That did not work: refresh the page and try again.") -> str:
    """The first message of a form that did not validate, for a page that shows one problem at a time."""
    for errors in form.errors.values():
        for error in errors:
            return str(error)
    return fallback


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token travels with it."""


class UpDownForm(FlaskForm):
    """One place up or down a list (themes, the agenda, a survey's questions): buttons that work without JavaScript."""

    direction = SelectField(choices=[("up", "Up"), ("down", "Down")], validators=[DataRequired()])


class ConfirmByCodeForm(FlaskForm):
    """Deleting something for good (a workshop, a survey): the person types its code to confirm.

    The code may be typed in any case, with spaces or dashes. ``confirmed()`` is True only for a
    valid POST carrying the code; a wrong code leaves an error saying what to type, and ``status``
    is then 422 (200 for the first visit).
    """

    confirm_code = StringField("Type the code to confirm", filters=[CleanText(single_line=True)])

    def __init__(self, code: str, noun: str) -> None:
        super().__init__()
        self.code, self.noun = code, noun
        self.confirm_code.label.text = f"Type the {noun} code to confirm"

    def confirmed(self) -> bool:
        if not self.validate_on_submit():
            return False
        if normalise_code(self.confirm_code.data) == self.code:
            return True
        self.confirm_code.errors = [f"Type {self.code} to confirm, or go back to keep the {self.noun}."]
        return False

    @property
    def status(self) -> int:
        return 422 if self.errors else 200
