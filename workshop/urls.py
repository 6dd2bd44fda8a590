"""Public URLs, for QR codes and printed sheets.

A laptop on venue wifi is reached by phones at its LAN address, not at ``localhost``: hosts set
``PUBLIC_BASE_URL`` (e.g. ``http://192.168.1.20:5000``) so that QR codes carry an address phones
can open. Without it, the address the request came in on is used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, current_app, has_request_context, request, url_for

from workshop.links import is_private_address

FALLBACK_BASE_URL = "http://127.0.0.1:5000"
SERVED_AT = "served-at.txt"
"""In the instance folder: the address ``impact-kit serve`` last served at, so that a host command
run beside it (``workshop create`` in another terminal) prints links with the right port."""


def remember_served_at(app: Flask, url: str) -> None:
    try:
        (Path(app.instance_path) / SERVED_AT).write_text(url.rstrip("/") + "\n", encoding="utf-8")
    except OSError:
        pass  # a read-only instance folder: host commands fall back to FALLBACK_BASE_URL


def _served_at() -> str:
    try:
        text = (Path(current_app.instance_path) / SERVED_AT).read_text(encoding="utf-8").strip()
    except OSError:
        return ""
    return text if text.startswith(("http://", "https://")) and "\n" not in text else ""


def public_base_url() -> str:
    """``PUBLIC_BASE_URL``; else the address the request came in on; else (a host command) the
    address ``impact-kit serve`` last served this instance at; else ``FALLBACK_BASE_URL``."""
    configured = (current_app.config.get("PUBLIC_BASE_URL") or "").rstrip("/")
    if configured:
        return configured
    if has_request_context():
        return request.host_url.rstrip("/")
    return _served_at() or FALLBACK_BASE_URL


def public_url(endpoint: str, **values: Any) -> str:
    """An absolute URL for ``endpoint`` on the public base URL (also from host commands)."""
    base = public_base_url()
    if has_request_context():
        return base + url_for(endpoint, _external=False, **values)
    with current_app.test_request_context(base_url=base):
        return base + url_for(endpoint, _external=False, **values)


def join_url(code: str) -> str:
    return public_url("participate.workshop_page", code=code)


def lasting_url(endpoint: str, **values: object) -> str:
    """The public URL of ``endpoint`` if it will still open after the session, else ``""``.

    Documents and calendar files outlive the laptop that served the workshop: a link to a
    loopback or private-network address would be dead on paper. Only a configured
    ``PUBLIC_BASE_URL`` that is a public address makes a link worth printing.
    """
    configured = (current_app.config.get("PUBLIC_BASE_URL") or "").strip()
    if not configured or is_private_address(configured):
        return ""
    return public_url(endpoint, **values)


def short_address(url: str) -> str:
    """``url`` as a person types it from a screen: no ``http://``, no trailing slash (browsers add them)."""
    for scheme in ("https://", "http://"):
        if url.startswith(scheme):
            url = url[len(scheme) :]
            break
    return url.rstrip("/")
