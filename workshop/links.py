"""Links that other packages add to a workshop's facilitator page (exports, themes, surveys).

The core's templates stay ignorant of the packages built on it: each registers a function that
returns the links it offers for a workshop, and the page shows them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, current_app

from workshop.models import Participant, Workshop


@dataclass(frozen=True)
class Link:
    label: str
    url: str


LinkProvider = Callable[[Workshop], list[Link]]
ParticipantLinkProvider = Callable[[Participant], list[Link]]


def register(app: Flask, provider: LinkProvider) -> None:
    """Add links to every workshop's facilitator page."""
    app.extensions.setdefault("workshop_links", []).append(provider)


def register_participant(app: Flask, provider: ParticipantLinkProvider) -> None:
    """Add links to every participant's private page (their documents, reminders…)."""
    app.extensions.setdefault("participant_links", []).append(provider)


def participant_extra_links(participant: Participant) -> list[Link]:
    links: list[Link] = []
    for provider in current_app.extensions.get("participant_links", []):
        links.extend(provider(participant))
    return links


def workshop_extra_links(workshop: Workshop) -> list[Link]:
    links: list[Link] = []
    for provider in current_app.extensions.get("workshop_links", []):
        links.extend(provider(workshop))
    return links


def init_app(app: Flask) -> None:
    app.jinja_env.globals["workshop_extra_links"] = workshop_extra_links
    app.jinja_env.globals["participant_extra_links"] = participant_extra_links
