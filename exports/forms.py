"""Forms of the exports pages: what the facilitator adds to the documents before downloading."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, SelectMultipleField, TextAreaField
from wtforms.validators import Length
from wtforms.widgets import CheckboxInput, ListWidget

from workshop.forms import CleanText, key_messages_field


class KeyMessagesForm(FlaskForm):
    """The "Key messages and next steps" of the session report: one message a line."""

    key_messages = key_messages_field(
        "Key messages and next steps",
        "One a line. They open the session report, above the figures; leave empty to leave the section out.",
    )


class LogoForm(FlaskForm):
    """An optional logo for the social media cards; the file itself is checked by ``cards.check_logo``."""

    logo = FileField("Logo (PNG or JPEG, up to 500 KB)")
    remove = BooleanField("Remove the logo")


INTRODUCTION_LIMIT = 3000


class WriteUpForm(FlaskForm):
    """ "Share the actions": the introduction, the statements ticked (consented ones only), the format."""

    introduction = TextAreaField(
        "Introduction",
        filters=[CleanText()],
        validators=[
            Length(max=INTRODUCTION_LIMIT, message=f"Keep the introduction under {INTRODUCTION_LIMIT:,} characters.")
        ],
        render_kw={"rows": 6, "maxlength": INTRODUCTION_LIMIT},
    )
    statements = SelectMultipleField(
        "Statements to share",
        coerce=int,
        choices=[],
        validate_choice=True,
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
    )
    by_theme = BooleanField("Group the statements by theme")
    fmt = RadioField(
        "Format",
        choices=[
            ("md", "Markdown (newsletters, many blogs)"),
            ("html", "HTML to paste into a blog or intranet page"),
            ("docx", "Word"),
        ],
        default="md",
    )
    checked = BooleanField("I have checked the possible personal data above: download anyway")
