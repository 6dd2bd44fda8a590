"""Every picture the guide and the README show is in the repository, and every picture kept in
docs/images is shown somewhere (a stale screenshot nobody references is removed, not left to rot)."""

from __future__ import annotations

import re

from tests.browser_support import ROOT

IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+\.png)\)")


def _references() -> dict[str, tuple[str, str]]:
    found = {}
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for alt, target in IMAGE.findall(page.read_text(encoding="utf-8")):
            found[str((page.parent / target).resolve().relative_to(ROOT))] = (page.name, alt)
    return found


def test_every_image_the_guide_and_readme_show_exists_and_has_alt_text() -> None:
    references = _references()
    assert len(references) >= 15
    for path, (page, alt) in references.items():
        assert (ROOT / path).is_file(), f"{page} shows {path}, which is missing"
        assert alt.strip(), f"{page} shows {path} without alternative text"


def test_every_image_in_docs_images_is_shown_somewhere() -> None:
    references = _references()
    kept = {str(p.relative_to(ROOT)) for p in (ROOT / "docs" / "images").glob("*.png")}
    assert kept - set(references) == set()
