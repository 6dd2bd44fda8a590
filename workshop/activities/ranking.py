"""The ranking kind: everyone orders 2 to 8 items (a number per item, no JavaScript); the wall shows the mean rank.

The rules are the pure ``workshop.kinds.rankings``; storing is ``workshop.kinds.operations``.
"""

from __future__ import annotations

from collections.abc import Callable

from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, TextAreaField
from wtforms.validators import DataRequired, Length

from workshop.activities.forms import ActivityForm
from workshop.activities.spec import Context, Kind
from workshop.kinds import operations as kinds
from workshop.kinds.rankings import MAX_ITEMS, BadRanking, clean_items
from workshop.kinds.results import ranking_result_of
from workshop.models import Activity, ActivityKind, Participant
from workshop.polls import OPTION_LENGTH

ITEMS_TEXT_LENGTH = 2000
ANSWERED_ITEMS = "People have ranked these items, so they stay as they were: add a new ranking instead."


class RankingForm(ActivityForm):
    items = TextAreaField(
        "Items to rank, one a line",
        description=f"2 to {MAX_ITEMS} items of up to {OPTION_LENGTH} characters each.",
        validators=[
            DataRequired("Type the items people put in order, one a line."),
            Length(max=ITEMS_TEXT_LENGTH, message=f"Keep the items to {ITEMS_TEXT_LENGTH} characters in all."),
        ],
    )
    hide_results = BooleanField("Hide results until I reveal them")

    def fill(self, activity: Activity) -> None:
        super().fill(activity)
        self.items.data = "\n".join(activity.options)
        self.hide_results.data = activity.hide_results

    def settings(self, activity: Activity | None) -> dict[str, object] | None:
        try:
            items = clean_items((self.items.data or "").splitlines())
        except BadRanking as problem:
            self.items.errors = [str(problem)]
            return None
        if activity is not None and activity.answers and items != activity.options:
            self.items.errors = [ANSWERED_ITEMS]
            return None
        return {"options": items, "hide_results": bool(self.hide_results.data)}


def answer(activity: Activity, form: MultiDict[str, str], join: Callable[[], Participant]) -> str:
    ranks = [form.get(f"rank-{index}") for index in range(len(activity.options))]
    payload = kinds.ranking_payload(activity, ranks)
    stored = kinds.store_answer(activity, join(), payload)
    if not stored.changed:
        return "We have that ranking already: it is counted once."
    return "Thank you: your ranking is in." if stored.created else "Your ranking is changed."


def _phone(activity: Activity, participant: Participant | None) -> Context:
    mine = kinds.answer_of(activity, participant)
    order = mine.payload.get("order", []) if mine else []
    ranks: dict[int, int] = {}
    if isinstance(order, list) and sorted(order) == list(range(len(activity.options))):
        ranks = {int(index): position for position, index in enumerate(order, start=1)}
    return {"my_ranks": ranks, "answered": bool(ranks)}


def _wall(activity: Activity) -> Context:
    ranking = ranking_result_of(activity)
    return {"ranking": ranking, "people": ranking.people}


def _summary(activity: Activity) -> str:
    result = ranking_result_of(activity)
    said = f"{result.people} ranked"
    if activity.hide_results:
        said += " · results on the wall" if activity.revealed else " · results hidden"
    return said


KIND = Kind(
    kind=ActivityKind.RANKING,
    blurb=f"Everyone puts 2 to {MAX_ITEMS} items in order; the wall shows each item's mean rank, best first.",
    form=RankingForm,
    phone=_phone,
    wall=_wall,
    summary=_summary,
    answer=answer,
    results=True,
)
