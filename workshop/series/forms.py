"""Forms of the series pages; the theme edits reuse the workshop board's forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField
from wtforms.validators import AnyOf, DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from workshop.forms import CleanText, key_messages_field


def series_name_field() -> StringField:
    """The series' name, as the new-series and rename forms both ask for it."""
    return StringField(
        "Name of the series",
        filters=[CleanText(single_line=True)],
        validators=[
            DataRequired("Give the series a name."),
            Length(max=200, message="Keep the name under 200 characters."),
        ],
    )


class NewSeriesForm(FlaskForm):
    """A series of the facilitator's own workshops (the host command can take anyone's)."""

    name = series_name_field()
    workshops = SelectMultipleField(
        "Workshops in the series",
        coerce=str,
        choices=[],
        validate_choice=True,
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
        validators=[DataRequired("Tick at least one workshop.")],
    )


class SeriesKeyMessagesForm(FlaskForm):
    key_messages = key_messages_field("Key messages of the series")


class RenameSeriesForm(FlaskForm):
    name = series_name_field()


class DeleteSeriesForm(FlaskForm):
    confirm = StringField("Type the series' name or its number to confirm", filters=[CleanText(single_line=True)])


class FeatureForm(FlaskForm):
    """Feature a statement in the series report ("yes") or stop featuring it ("no")."""

    featured = StringField(
        "Feature in the report",
        validators=[
            DataRequired("Say whether to feature the statement."),
            AnyOf(("yes", "no"), message="Say whether to feature the statement: yes or no."),
        ],
    )
