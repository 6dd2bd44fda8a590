"""The phone's "Me too" button: what it posts, parsed with CSRF."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField
from wtforms.validators import DataRequired, Optional, Regexp


class MeTooForm(FlaskForm):
    """Add or withdraw one's "Me too"; ``before`` is the page of the list the button was on (for going back)."""

    action = SelectField(
        choices=[("add", "Me too"), ("withdraw", "Withdraw my Me too")],
        validate_choice=False,  # the AnyOf-like check below says it in words
        validators=[
            DataRequired("That button did not say what to do: refresh the page and try again."),
            Regexp(r"^(add|withdraw)$", message="That button did not say what to do: refresh the page and try again."),
        ],
    )
    before = HiddenField(validators=[Optional(), Regexp(r"^\d{1,12}$", message="Refresh the page and try again.")])
