from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from workshop.forms import CleanText, email_address_field
from workshop.identity import new_browser_key


def new_idempotency_key() -> str:
    return new_browser_key()


class JoinForm(FlaskForm):
    code = StringField("Workshop code", validators=[Length(max=40)])


class StatementForm(FlaskForm):
    """A statement. Length and emptiness are the workshop's rules, checked in ``operations``."""

    text = TextAreaField("Your statement", filters=[CleanText()], validators=[Length(max=20000)])
    idempotency_key = HiddenField(default=new_idempotency_key)
    name = StringField("Your name (optional)", filters=[CleanText(single_line=True)], validators=[Length(max=120)])
    role = StringField("Your role (optional)", filters=[CleanText(single_line=True)], validators=[Length(max=120)])
    confirm_personal_data = BooleanField("Post it as it is: the details are fine to share")
    share_consent = BooleanField("You may share this statement, without my name, on social media")


class EditStatementForm(FlaskForm):
    text = TextAreaField("Your statement", filters=[CleanText()], validators=[Length(max=20000)])
    confirm_personal_data = BooleanField("Keep it as it is: the details are fine to share")
    share_consent = BooleanField("You may share this statement, without my name, on social media")


class HintsForm(FlaskForm):
    """The text being typed, sent by htmx for SMART hints; the CSRF header is checked globally."""

    class Meta:
        csrf = False

    text = TextAreaField(filters=[CleanText()], validators=[Length(max=20000)])


class ReminderEmailForm(FlaskForm):
    """ "E-mail me a reminder": an address kept, with consent, only until the reminder is sent."""

    email = email_address_field("Your email address", "Enter the email address for your reminder.")
    weeks = RadioField("When", choices=[("4", "In 4 weeks"), ("8", "In 8 weeks"), ("12", "In 12 weeks")], default="8")
    consent = BooleanField(
        "Keep my email address until the reminder is sent, then delete it",
        validators=[DataRequired("Tick the box to say we may keep your address until then.")],
    )
