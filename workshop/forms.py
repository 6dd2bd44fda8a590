"""Shared form pieces: the text-cleaning filter every free-text field uses."""

from __future__ import annotations

from workshop.common.text import clean_text


class CleanText:
    """A WTForms filter: remove control characters and trim, keeping everything else as typed."""

    def __init__(self, *, single_line: bool = False) -> None:
        self.single_line = single_line

    def __call__(self, value: str | None) -> str:
        return clean_text(value, single_line=self.single_line)
