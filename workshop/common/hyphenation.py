"""Soft hyphens in long words, so that a phone with large text breaks a word properly or not at all.

At 320 CSS px with text at 200 %, a line holds about fifteen letters, and a card, a button or a
poll's option beside its radio button about ten: "Transformation", but also "September" or
"Download", may not fit, and the browser then breaks the word at an arbitrary letter
("Septembe|r", seen in a trial on 7 December, when only words of ten letters or more had them).
CSS ``hyphens: auto`` would hyphenate instead, but only where the browser has a dictionary for
the language (many Chromium builds have none). Soft hyphens (U+00AD) at the syllable breaks of
the en-GB dictionary work in every browser: invisible unless the line breaks there, then shown as
a hyphen. Only words long enough to need it get them, so short text is unchanged.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pyphen

SOFT_HYPHEN = "\u00ad"
_LONG_WORD = re.compile(r"[^\W\d_]{7,}")


@lru_cache(maxsize=1)
def _dictionary() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_GB")


@lru_cache(maxsize=4096)
def _hyphenated(word: str) -> str:
    return str(_dictionary().inserted(word, hyphen=SOFT_HYPHEN))


_ADDRESS = re.compile(r"\S*(?:@|://|www\.)\S*")
"""An e-mail address or a web address: copied as typed, so never hyphenated."""


def soft_hyphenate(text: str) -> str:
    """``text`` with soft hyphens at the syllable breaks of every word of seven letters or more
    (not inside an e-mail or web address, which must read and copy exactly as written)."""
    pieces, end = [], 0
    for address in _ADDRESS.finditer(text):
        pieces.append(_LONG_WORD.sub(lambda match: _hyphenated(match.group()), text[end : address.start()]))
        pieces.append(address.group())
        end = address.end()
    pieces.append(_LONG_WORD.sub(lambda match: _hyphenated(match.group()), text[end:]))
    return "".join(pieces)
