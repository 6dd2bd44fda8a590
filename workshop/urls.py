"""Public URLs, for QR codes and printed sheets.

A laptop on venue wifi is reached by phones at its LAN address, not at ``localhost``: hosts set
``PUBLIC_BASE_URL`` (e.g. ``http://192.168.1.20:5000``) so that QR codes carry an address phones
can open. Without it, the address the request came in on is used.
"""

from __future__ import annotations

from flask import current_app, has_request_context, request, url_for

FALLBACK_BASE_URL = "http://127.0.0.1:5000"


def public_base_url() -> str:
    configured = (current_app.config.get("PUBLIC_BASE_URL") or "").rstrip("/")
    if configured:
        return configured
    if has_request_context():
        return request.host_url.rstrip("/")
    return FALLBACK_BASE_URL


def public_url(endpoint: str, **values: object) -> str:
    """An absolute URL for ``endpoint`` on the public base URL (also from host commands)."""
    base = public_base_url()
    if has_request_context():
        return base + url_for(endpoint, _external=False, **values)
    with current_app.test_request_context(base_url=base):
        return base + url_for(endpoint, _external=False, **values)


def join_url(code: str) -> str:
    return public_url("participate.workshop_page", code=code)
