"""Front-end packages from npm, served from ``node_modules`` (installed by ``npm ci``, never committed)."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Blueprint, abort, current_app, send_from_directory
from flask.typing import ResponseReturnValue

bp = Blueprint("assets", __name__, url_prefix="/assets")

# Public name → (npm package, file inside it). Only these files are served.
PACKAGES: dict[str, tuple[str, str]] = {
    "htmx.min.js": ("htmx.org", "dist/htmx.min.js"),
}


def package_version(package: str) -> str:
    """The installed version of an npm package, for cache-busting URLs."""
    manifest = Path(current_app.config["NODE_MODULES"]) / package / "package.json"
    try:
        return str(json.loads(manifest.read_text())["version"])
    except (OSError, ValueError, KeyError):
        return "0"


@bp.get("/<name>")
def package_file(name: str) -> ResponseReturnValue:
    """Serve an allow-listed file of an installed npm package, cached for a year (URLs are versioned)."""
    if name not in PACKAGES:
        abort(404)
    package, relative = PACKAGES[name]
    folder = Path(current_app.config["NODE_MODULES"]) / package / Path(relative).parent
    if not (folder / Path(relative).name).exists():
        current_app.logger.error("npm package %s is not installed: run `make run` or `npm ci`", package)
        abort(404)
    return send_from_directory(folder, Path(relative).name, max_age=60 * 60 * 24 * 365)
