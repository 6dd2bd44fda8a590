"""Links: those other packages add to a workshop's pages, and whether a link outlives the session.

The core's templates stay ignorant of the packages built on it: each registers a function that
returns the links it offers for a workshop, and the page shows them.

``private_address_kind`` is the one home of the rule "this address only works here and now"
(loopback or private network): the facilitator's page warns about it, and documents and calendar
files use it to decide whether they may print a link at all.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from flask import Flask, current_app

from workshop.models import Participant, Series, Workshop

AddressKind = Literal["loopback", "private"]

_LOCAL_SUFFIXES = (".localhost", ".local", ".lan", ".home.arpa", ".internal")


def private_address_kind(url: str) -> AddressKind | None:
    """``"loopback"`` (only this computer reaches it), ``"private"`` (only this network), or None (public).

    ``url`` is a URL or a bare host name or address. Loopback: 127.0.0.0/8, ::1, ``localhost``
    (and ``*.localhost``), 0.0.0.0. Private: 10.x, 172.16-31.x, 192.168.x, link-local 169.254.x,
    IPv6 unique-local and link-local, and names only a local network resolves (``laptop.local``,
    single-label names such as ``mylaptop``). Anything else, including an empty host, is public:
    the caller printing a link should not be talked out of a real one by a guess.
    Pure: no Flask, no network lookups.
    """
    text = url.strip()
    try:
        host = urlsplit(text if "//" in text else f"//{text}").hostname or ""
    except ValueError:  # an unbalanced "[" in the host: not an address anyone can open
        return None
    host = host.rstrip(".").lower()
    if not host:
        return None
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        if host == "localhost" or host.endswith(".localhost"):
            return "loopback"
        if "." not in host or host.endswith(_LOCAL_SUFFIXES):
            return "private"
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_loopback or address.is_unspecified:
        return "loopback"
    if address.is_private or address.is_link_local:
        return "private"
    return None


def listens_only_locally(bind_host: str) -> bool:
    """True when the server was started on a loopback address, so no phone can connect whatever the QR says.

    ``bind_host`` is what the server listens on (``impact-kit serve --host``); ``0.0.0.0`` and
    ``::`` mean every interface, and an empty value means "not known" (another server).
    """
    host = bind_host.strip().strip("[]").lower()
    if host in {"", "0.0.0.0", "::"}:  # noqa: S104 - comparing, not binding
        return False
    return private_address_kind(f"[{host}]" if ":" in host else host) == "loopback"


def is_private_address(url: str) -> bool:
    """True when a link to ``url`` is dead outside this computer or this network (see ``private_address_kind``)."""
    return private_address_kind(url) is not None


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    primary: bool = False  # the main thing to take away: shown first, as a button
    hint: str = ""  # a line under a primary link saying what it gives


LinkProvider = Callable[[Workshop], list[Link]]
ParticipantLinkProvider = Callable[[Participant], list[Link]]
SeriesLinkProvider = Callable[[Series], list[Link]]


def register(app: Flask, provider: LinkProvider) -> None:
    """Add links to every workshop's facilitator page."""
    app.extensions.setdefault("workshop_links", []).append(provider)


def register_series(app: Flask, provider: SeriesLinkProvider) -> None:
    """Add links to every series page (its report, its write-up…)."""
    app.extensions.setdefault("series_links", []).append(provider)


def series_extra_links(series: Series) -> list[Link]:
    links: list[Link] = []
    for provider in current_app.extensions.get("series_links", []):
        links.extend(provider(series))
    return links


def register_participant(app: Flask, provider: ParticipantLinkProvider) -> None:
    """Add links to every participant's private page (their documents, reminders…)."""
    app.extensions.setdefault("participant_links", []).append(provider)


def register_reminder(app: Flask, provider: ParticipantLinkProvider) -> None:
    """Add links to a participant's calendar reminder and reminder e-mail (lasting links only)."""
    app.extensions.setdefault("reminder_links", []).append(provider)


def reminder_extra_links(participant: Participant) -> list[Link]:
    links: list[Link] = []
    for provider in current_app.extensions.get("reminder_links", []):
        links.extend(link for link in provider(participant) if link.url and not is_private_address(link.url))
    return links


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
    app.jinja_env.globals["series_extra_links"] = series_extra_links
    app.jinja_env.globals["private_address_kind"] = private_address_kind
    app.jinja_env.globals["listens_only_locally"] = listens_only_locally
