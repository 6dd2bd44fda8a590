"""Response headers every page carries, and the per-address backstop rate limit.

The Content-Security-Policy allows scripts and styles from this site only: no inline script, no
inline style, no third-party request of any kind (an NHS information-governance requirement as
much as a security one).
"""

from __future__ import annotations

from flask import Flask, Response, request

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)


_BASELINE = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"),
)


def baseline_headers() -> list[tuple[str, str]]:
    """The headers every answer carries, also those given without Flask (``workshop.edge``)."""
    return list(_BASELINE)


def init_app(app: Flask) -> None:
    app.after_request(_security_headers)


def _security_headers(response: Response) -> Response:
    headers = response.headers
    # One URL answers with a page or an htmx fragment: caches must key on the header.
    response.vary.add("HX-Request")
    for name, value in _BASELINE:
        headers.setdefault(name, value)
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if request.endpoint and not request.endpoint.startswith(("assets.", "static")):
        # Pages hold personal statements and CSRF tokens: never let a shared cache keep them.
        headers.setdefault("Cache-Control", "no-store")
    return response
