from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import EmailField, Field, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp, ValidationError

from workshop.auth import passwords
from workshop.forms import CleanText

# No white space and no control characters (a NUL would reach the database's e-mail lookup).
EMAIL_PATTERN = r"^[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+$"


class SignInForm(FlaskForm):
    email = EmailField(
        "Email address",
        validators=[DataRequired(), Regexp(EMAIL_PATTERN, message="Enter your email address."), Length(max=254)],
    )
    password = PasswordField("Password", validators=[DataRequired(), Length(max=passwords.MAX_LENGTH)])


def _check_rule(field: Field, email: str) -> None:
    problem = passwords.problem(field.data or "", email)
    if problem:
        raise ValidationError(problem)


class RegisterForm(FlaskForm):
    name = StringField("Your name", filters=[CleanText(single_line=True)], validators=[Length(max=120)])
    email = EmailField(
        "Email address",
        validators=[
            DataRequired(),
            Regexp(EMAIL_PATTERN, message="Enter an email address like name@nhs.net."),
            Length(max=254),
        ],
    )
    password = PasswordField("Password", validators=[DataRequired()])
    confirm = PasswordField(
        "Repeat the password", validators=[DataRequired(), EqualTo("password", "The passwords differ.")]
    )

    def validate_password(self, field: Field) -> None:
        _check_rule(field, self.email.data or "")


class ChangePasswordForm(FlaskForm):
    current = PasswordField("Current password", validators=[DataRequired(), Length(max=passwords.MAX_LENGTH)])
    password = PasswordField("New password", validators=[DataRequired()])
    confirm = PasswordField(
        "Repeat the new password", validators=[DataRequired(), EqualTo("password", "The passwords differ.")]
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._email = email

    def validate_password(self, field: Field) -> None:
        _check_rule(field, self._email)
