"""The word cloud kind: one to three short words per person, folded and counted; the facilitator hides a word.

A word that may hold personal data follows the statements' rule (asked to confirm, then held
until a facilitator approves it: ``workshop.operations.confirmed_personal_data``).

The rules (cleaning, folding, counting) are the pure ``workshop.kinds.words``; storing and hiding
are ``workshop.kinds.operations``; this module hands the agenda its form and the partials their context.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import request
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, RadioField
from wtforms.validators import AnyOf

from workshop.activities.forms import ActivityForm
from workshop.activities.questions import CONFIRM_FIELD
from workshop.activities.spec import Context, Kind
from workshop.coaching.personal_data import personal_data_warning
from workshop.kinds import operations as kinds
from workshop.kinds.results import word_cloud_of
from workshop.kinds.words import MAX_WORDS, WORD_LENGTH
from workshop.models import Activity, ActivityKind, Participant
from workshop.operations import PersonalDataToConfirm, RuleBroken

WORD_COUNTS = [str(n) for n in range(1, MAX_WORDS + 1)]


class WordCloudForm(ActivityForm):
    max_words = RadioField(
        "Each person sends",
        choices=[("1", "One word"), ("2", "Up to two words"), ("3", "Up to three words")],
        default="3",
        validate_choice=False,
        validators=[AnyOf(WORD_COUNTS, message="Choose how many words each person sends: one, two or three.")],
    )
    hide_results = BooleanField("Hide results until I reveal them")

    def fill(self, activity: Activity) -> None:
        super().fill(activity)
        self.max_words.data = str(kinds.max_words_of(activity))
        self.hide_results.data = activity.hide_results

    def settings(self, activity: Activity | None) -> dict[str, object] | None:
        return {"max_words": int(self.max_words.data or MAX_WORDS), "hide_results": bool(self.hide_results.data)}


def answer(activity: Activity, form: MultiDict[str, str], join: Callable[[], Participant]) -> str:
    try:
        payload = kinds.words_payload(activity, form.getlist("word"), confirmed=form.get(CONFIRM_FIELD) == "y")
    except PersonalDataToConfirm as found:
        raise RuleBroken(found.asking("words")) from None
    stored = kinds.store_answer(activity, join(), payload)
    if not stored.changed:
        return "We have those words already: they are counted once."
    said = "Thank you: your words are in the cloud." if stored.created else "Your words are changed."
    if payload.get("held"):
        said += " As they may contain personal details, the facilitator will check them before they go on the wall."
    return said


def _phone(activity: Activity, participant: Participant | None) -> Context:
    slots = kinds.max_words_of(activity)
    if request.method == "POST" and request.form.getlist("word"):
        # After refused words the page comes back with what was typed (the one POST that renders).
        typed = [str(w) for w in request.form.getlist("word")][:slots]
        return {
            "my_words": typed + [""] * (slots - len(typed)),
            "answered": kinds.answer_of(activity, participant) is not None,
            "word_length": WORD_LENGTH,
            "ask_confirm": any(personal_data_warning(w) for w in typed),
        }
    mine = kinds.answer_of(activity, participant)
    words = mine.payload.get("words", []) if mine else []
    sent = [str(w) for w in words] if isinstance(words, list) else []
    return {"my_words": sent + [""] * (slots - len(sent)), "answered": bool(sent), "word_length": WORD_LENGTH}


def _wall(activity: Activity) -> Context:
    cloud = word_cloud_of(activity)
    return {"cloud": cloud, "people": cloud.people}


def _summary(activity: Activity) -> str:
    cloud = word_cloud_of(activity)
    said = f"{cloud.people} answered · {len(cloud.words)} different word{'' if len(cloud.words) == 1 else 's'}"
    if cloud.hidden:
        said += f" · {cloud.hidden} hidden"
    if activity.hide_results:
        said += " · results on the wall" if activity.revealed else " · results hidden"
    return said


KIND = Kind(
    kind=ActivityKind.WORDS,
    blurb="Everyone sends one to three short words; the wall shows the most common biggest. You can hide a word.",
    form=WordCloudForm,
    phone=_phone,
    wall=_wall,
    summary=_summary,
    answer=answer,
    results=True,
)
