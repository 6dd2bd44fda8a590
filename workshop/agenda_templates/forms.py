from __future__ import annotations

from collections.abc import Sequence

from flask_wtf import FlaskForm
from wtforms import Field, RadioField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from workshop.agenda_templates.operations import GONE
from workshop.agendas import NAME_LENGTH, Template
from workshop.facilitate.forms import WorkshopForm
from workshop.forms import CleanText
from workshop.operations import WorkshopSettings

CHOOSE = "Choose a template to start from."


class FromTemplateForm(FlaskForm):
    """A new workshop from a template: which one, and the workshop's own title, date and venue."""

    template = RadioField(
        "Template",
        validate_choice=False,  # validate_template says it in words a person can act on
        validators=[InputRequired(CHOOSE)],
    )
    title = WorkshopForm.title
    date = WorkshopForm.date
    venue = WorkshopForm.venue

    def __init__(self, templates: Sequence[Template], *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.templates = {t.slug: t for t in templates}
        self.template.choices = [(t.slug, t.name) for t in templates]
        if not self.template.data and templates:
            self.template.data = templates[0].slug

    def validate_template(self, field: Field) -> None:
        """One that is not among this facilitator's: deleted since the page was drawn, or never theirs."""
        if field.data not in self.templates:
            raise ValidationError(GONE)

    def settings(self) -> WorkshopSettings:
        values = self.data  # the fields borrowed from WorkshopForm are typed as unbound on the class
        return WorkshopSettings(title=values["title"] or "", date=values["date"], venue=values["venue"] or "")


class SaveTemplateForm(FlaskForm):
    template_name = StringField(
        "Template name",
        filters=[CleanText(single_line=True)],
        validators=[
            DataRequired("Give the template a name."),
            Length(max=NAME_LENGTH, message=f"Keep the template's name to {NAME_LENGTH} characters or fewer."),
        ],
    )
