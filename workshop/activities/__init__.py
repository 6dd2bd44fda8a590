"""A workshop's agenda of activities and the room that moves through it (issue 16).

- ``agenda``: the state changes (add, edit, reorder, remove an activity; move the room; reveal
  results). Like ``workshop.operations`` they flush nothing themselves and raise ``RuleBroken``
  with words for the person.
- ``kinds``: the registry, one :class:`~workshop.activities.kinds.Kind` per ``ActivityKind``:
  its settings form, what its phone and wall partials need, how a phone's answer is stored.
- ``statements``, ``poll``: the kinds so far, one module each.
- ``views``: the facilitator's agenda, room and remote routes, and the phone's answer route.
"""
