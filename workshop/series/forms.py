"""Forms of the series pages; the theme edits reuse the workshop board's forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField
from wtforms.validators import AnyOf, DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from workshop.facilitate.forms import ShareForm
from workshop.forms import CleanText, key_messages_field
from workshop.team import SERIES_ROLE_DESCRIPTIONS, SHARED_ROLES


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


def workshops_field(label: str) -> SelectMultipleField:
    """Workshops ticked by their codes; the view fills the choices with those the person may put in a series."""
    return SelectMultipleField(
        label,
        coerce=str,
        choices=[],
        validate_choice=False,  # the view says in words which workshops may be ticked
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
        validators=[DataRequired("Tick at least one workshop.")],
    )


class NewSeriesForm(FlaskForm):
    """A series of workshops the facilitator owns or co-facilitates (the host command can take anyone's)."""

    name = series_name_field()
    workshops = workshops_field("Workshops in the series")


class AddWorkshopsForm(FlaskForm):
    workshops = workshops_field("Workshops to add")


class SeriesShareForm(ShareForm):
    """The owner shares the series with another facilitator account, as co-facilitator or moderator."""

    role_hints = {role.value: SERIES_ROLE_DESCRIPTIONS[role].capitalize() + "." for role in SHARED_ROLES}


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
