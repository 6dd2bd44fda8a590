"""Forms of the exports pages: what the facilitator adds to the documents before downloading."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, TextAreaField
from wtforms.validators import Length

from workshop.forms import CleanText

KEY_MESSAGES_LIMIT = 3000


class KeyMessagesForm(FlaskForm):
    """The "Key messages and next steps" of the session report: one message a line."""

    key_messages = TextAreaField(
        "Key messages and next steps",
        description="One a line. They open the session report, above the figures; leave empty to leave the section out.",
        filters=[CleanText()],
        validators=[
            Length(max=KEY_MESSAGES_LIMIT, message=f"Keep the key messages under {KEY_MESSAGES_LIMIT:,} characters.")
        ],
        render_kw={"rows": 5, "maxlength": KEY_MESSAGES_LIMIT},
    )


class LogoForm(FlaskForm):
    """An optional logo for the social media cards; the file itself is checked by ``cards.check_logo``."""

    logo = FileField("Logo (PNG or JPEG, up to 500 KB)")
    remove = BooleanField("Remove the logo")
