"""What the kit must know of one activity kind (a :class:`Kind`); ``workshop.activities.kinds`` lists them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from werkzeug.datastructures import MultiDict

from workshop.activities.forms import ActivityForm
from workshop.models import Activity, ActivityKind, Participant

Context = dict[str, object]
Answer = Callable[[Activity, MultiDict[str, str], Callable[[], Participant]], str]
"""``answer(activity, form, join)``: check what the phone posted (``RuleBroken`` with words for the
person when it will not do), then call ``join()`` for the participant (made on a first answer;
may raise ``JoiningRefused``) and store it; return the thank-you line the phone shows."""


@dataclass(frozen=True)
class Kind:
    kind: ActivityKind
    blurb: str  # what the "Add" menu says it is for
    form: type[ActivityForm]
    phone: Callable[[Activity, Participant | None], Context]  # for participate/activities/_<kind>.html
    wall: Callable[[Activity], Context]  # for wall/activities/_<kind>.html
    summary: Callable[[Activity], str]  # "12 answered": the agenda and the remote
    answer: Answer | None = None
    one_per_workshop: bool = False  # statements: every one would ask the same prompt
    results: bool = False  # phones show the wall's results (results/_<kind>.html) once they answered
    partial: str = ""  # the partials' name when not the kind's own (a kind not plugged in yet)

    @property
    def label(self) -> str:
        return self.kind.label

    @property
    def add_label(self) -> str:
        """What the "Add" link and page say: "Add a quick poll", "Add questions to the facilitator"."""
        if self.kind is ActivityKind.STATEMENTS:
            return "Add the statements"
        if self.kind is ActivityKind.QUESTIONS:
            return "Add questions to the facilitator"
        return f"Add a {self.label.lower()}"

    @property
    def phone_template(self) -> str:
        return f"participate/activities/_{self.partial or self.kind.value}.html"

    @property
    def wall_template(self) -> str:
        return f"wall/activities/_{self.partial or self.kind.value}.html"

    @property
    def results_template(self) -> str:
        """The results as both the wall and the phones draw them (a kind with ``results``); its
        ``wall`` context says how many answered as ``people``."""
        return f"results/_{self.kind.value}.html"
