from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp

from workshop.forms import CleanText

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class SignInForm(FlaskForm):
    email = EmailField("Email address", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])


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
    password = PasswordField("Password", validators=[DataRequired(), Length(min=10, max=200)])
    confirm = PasswordField(
        "Repeat the password", validators=[DataRequired(), EqualTo("password", "The passwords differ.")]
    )
