"""The scale kind: 1 to 5 or 0 to 10 with a label at each end; the wall shows the distribution, mean and median.

The rules are the pure ``workshop.kinds.scales``; storing is ``workshop.kinds.operations``.
"""

from __future__ import annotations

from collections.abc import Callable

from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, RadioField, StringField
from wtforms.validators import AnyOf, Length

from workshop.activities.forms import ActivityForm
from workshop.activities.spec import Context, Kind
from workshop.forms import CleanText
from workshop.kinds import operations as kinds
from workshop.kinds.results import scale_result_of
from workshop.kinds.scales import LABEL_LENGTH
from workshop.models import Activity, ActivityKind, Participant

ANSWERED_RANGE = "People have answered on this scale, so its range stays as it was: add a new scale instead."


class ScaleForm(ActivityForm):
    range = RadioField(
        "Scale",
        choices=[("1-5", "1 to 5"), ("0-10", "0 to 10")],
        default="1-5",
        validate_choice=False,
        validators=[AnyOf(["1-5", "0-10"], message="Choose a scale of 1 to 5 or 0 to 10.")],
    )
    low_label = StringField(
        "Label at the low end (optional)",
        description="For example “Not at all confident”.",
        filters=[CleanText(single_line=True)],
        validators=[Length(max=LABEL_LENGTH, message=f"Keep each label to {LABEL_LENGTH} characters or fewer.")],
    )
    high_label = StringField(
        "Label at the high end (optional)",
        description="For example “Very confident”.",
        filters=[CleanText(single_line=True)],
        validators=[Length(max=LABEL_LENGTH, message=f"Keep each label to {LABEL_LENGTH} characters or fewer.")],
    )
    hide_results = BooleanField("Hide results until I reveal them")

    def fill(self, activity: Activity) -> None:
        super().fill(activity)
        scale = kinds.scale_of(activity)
        self.range.data = f"{scale.low}-{scale.high}"
        self.low_label.data, self.high_label.data = scale.low_label, scale.high_label
        self.hide_results.data = activity.hide_results

    def settings(self, activity: Activity | None) -> dict[str, object] | None:
        low, high = (int(n) for n in (self.range.data or "1-5").split("-"))
        if activity is not None and activity.answers:
            was = kinds.scale_of(activity)
            if (was.low, was.high) != (low, high):
                self.range.errors = [ANSWERED_RANGE]
                return None
        return {
            "low": low,
            "high": high,
            "low_label": self.low_label.data or "",
            "high_label": self.high_label.data or "",
            "hide_results": bool(self.hide_results.data),
        }


def answer(activity: Activity, form: MultiDict[str, str], join: Callable[[], Participant]) -> str:
    payload = kinds.scale_payload(activity, form.get("value"))
    stored = kinds.store_answer(activity, join(), payload)
    if not stored.changed:
        return "We have that answer already: it is counted once."
    return "Thank you: your answer is in." if stored.created else "Your answer is changed."


def _phone(activity: Activity, participant: Participant | None) -> Context:
    mine = kinds.answer_of(activity, participant)
    value = mine.payload.get("value") if mine else None
    return {"scale": kinds.scale_of(activity), "my_value": value, "answered": value is not None}


def _wall(activity: Activity) -> Context:
    result = scale_result_of(activity)
    return {"scale": kinds.scale_of(activity), "result": result, "people": result.people}


def _summary(activity: Activity) -> str:
    result = scale_result_of(activity)
    said = f"{result.people} answered"
    if result.mean is not None:
        said += f" · mean {result.mean:.1f}"
    if activity.hide_results:
        said += " · results on the wall" if activity.revealed else " · results hidden"
    return said


KIND = Kind(
    kind=ActivityKind.SCALE,
    blurb="Everyone chooses a point from 1 to 5 or 0 to 10; the wall shows how many chose each, the mean and the median.",
    form=ScaleForm,
    phone=_phone,
    wall=_wall,
    summary=_summary,
    answer=answer,
    results=True,
)
