"""The agenda's forms: one add/edit form per kind (common fields here, the kind's own in its module), the room's buttons."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import Field, HiddenField, IntegerField, StringField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from workshop.forms import CleanText
from workshop.models import Activity

TITLE_LENGTH = 200
PROMPT_LENGTH = 300


class ActivityForm(FlaskForm):
    """What every kind's add/edit form asks: a title for the agenda and the question for the room.

    A kind subclasses it, adds its own fields (the page draws them after these two, by type:
    text box, text area, radio buttons, tick box), and overrides :meth:`fill` and :meth:`settings`.
    """

    COMMON = ("csrf_token", "title", "prompt")

    title = StringField(
        "Title on the agenda (optional)",
        filters=[CleanText(single_line=True)],
        validators=[Length(max=TITLE_LENGTH, message=f"Keep the title to {TITLE_LENGTH} characters or fewer.")],
    )
    prompt = StringField(
        "Question for the room",
        filters=[CleanText(single_line=True)],
        validators=[
            DataRequired("Write the question the room will answer."),
            Length(max=PROMPT_LENGTH, message=f"Keep the question to {PROMPT_LENGTH} characters or fewer."),
        ],
    )

    def kind_fields(self) -> list[Field]:
        """The kind's own fields, in the order the form declares them."""
        return [f for f in self if f.name not in self.COMMON]

    def fill(self, activity: Activity) -> None:
        """Put an activity's current words and settings into the form (the edit page's first view)."""
        self.title.data = activity.title
        self.prompt.data = activity.question

    def settings(self, activity: Activity | None) -> dict[str, object] | None:
        """The kind's settings from the posted form (``activity``: the one edited, None when adding).

        None when something is wrong: the problem is added to the field's errors, in words for the person.
        """
        return {}


class RoomForm(FlaskForm):
    """Next, Back or "Go to this one" (``activity_id``); ``back`` names the page to return to."""

    action = HiddenField(validators=[AnyOf(["next", "back", "go"])])
    activity_id = IntegerField(validators=[Optional()])
    back = HiddenField(validators=[Optional(), AnyOf(["workshop", "remote"])])


class RevealForm(FlaskForm):
    shown = HiddenField(validators=[AnyOf(["0", "1"])])
    back = HiddenField(validators=[Optional(), AnyOf(["workshop", "remote"])])
