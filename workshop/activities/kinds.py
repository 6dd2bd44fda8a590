"""The registry of activity kinds: everything the agenda, the phones and the wall need of each kind.

Adding a kind (word cloud, scale…) touches no shared template or view:

1. its ``ActivityKind`` member (``workshop/models.py``) and any tables, with a migration;
2. a module ``workshop/activities/<kind>.py`` defining ``KIND = spec.Kind(...)``: its add/edit form (a
   subclass of ``forms.ActivityForm``), ``phone`` and ``wall`` (the context its two partials
   need), ``summary`` (one line for the agenda and the remote) and ``answer`` (stores what a
   phone posted to ``/j/<code>/a/<activity_id>``; ``None`` for a kind with its own routes);
3. that ``KIND`` in :data:`KINDS` below;
4. two partials: ``participate/activities/_<kind>.html`` (the phone) and
   ``wall/activities/_<kind>.html`` (the projector).
"""

from __future__ import annotations

from workshop.activities import questions as questions_kind
from workshop.activities import quick_poll, ranking, scale, statements, word_cloud
from workshop.activities.forms import ActivityForm
from workshop.activities.spec import Kind
from workshop.models import Activity, ActivityKind

KINDS: dict[ActivityKind, Kind] = {
    k.kind: k
    for k in (statements.KIND, quick_poll.KIND, word_cloud.KIND, scale.KIND, ranking.KIND, questions_kind.KIND)
}
"""Every kind the kit runs, in the order the "Add" menu lists them."""


def kinds() -> dict[ActivityKind, Kind]:
    return KINDS


def _nothing(*_: object) -> dict[str, object]:
    return {}


def _not_plugged_in(kind: ActivityKind) -> Kind:
    """A kind with a model but no screens yet (a template may hold one): the room can be on it,
    phones and the wall say what it is, it can be edited (title, question), moved and removed."""
    return Kind(
        kind=kind,
        blurb="",
        form=ActivityForm,
        phone=_nothing,
        wall=_nothing,
        summary=lambda _activity: "Shown on phones and the wall in a later version of the kit",
        partial="not_plugged_in",
    )


def kind_of(activity: Activity) -> Kind:
    return KINDS.get(activity.kind) or _not_plugged_in(activity.kind)


def kind_named(name: str | None) -> Kind | None:
    """The kind a URL names (``?kind=poll``), or None for a name that is not one."""
    return next((k for k in kinds().values() if k.kind.value == name), None)
