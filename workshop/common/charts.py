"""The kit's one bar chart, drawn with Pillow for Word documents: survey results, the session
report's themes and each activity's results all use it.

One horizontal bar per row, its label on the left and its figure in words on the right, in NHS
blue on white. Pure: rows in, PNG bytes out. The documents state the same figures in the alt
text and in a table, so nothing is only in the picture.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, features

from workshop.common.fonts import pil_font
from workshop.common.text import is_rtl

WIDTH = 1200
ROW = 54
PAD = 24
NHS_BLUE = "#005EB8"  # 5.9:1 against white
TEXT = "#212B32"
GRID = "#D8DDE0"
LABEL_LIMIT = 76  # two lines of the label column
LABEL_ROOM = 470  # the label column's widest line, in pixels (of 1,200)
LINE = 30  # a second line of a label adds this to its row


@dataclass(frozen=True)
class Bar:
    label: str
    value: float  # the bar's length, in proportion to the largest value
    figure: str  # what is written beside the bar: "12", "3 (25%)"


def short(text: str, limit: int = LABEL_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def drawable(label: str, fallback: str) -> str:
    """``label``, or ``fallback`` when Pillow cannot draw it right here.

    Right-to-left scripts (Arabic, Hebrew) need Pillow's libraqm layout to be drawn in order and
    joined; every letter needs a glyph in the host's font (DejaVu Sans has Arabic and Hebrew, not
    CJK). Where either is missing the chart says ``fallback`` ("Word 8"), and the table beside
    every chart names each row correctly.
    """
    if is_rtl(label) and not _shapes_right_to_left():
        return fallback
    if any(ord(char) > 0x7F and not _has_glyph(char) for char in label):
        return fallback
    return label


@lru_cache(maxsize=1)
def _shapes_right_to_left() -> bool:
    return bool(features.check("raqm"))


@lru_cache(maxsize=4096)
def _has_glyph(char: str) -> bool:
    """Whether the chart's font draws ``char`` as itself, not as the empty box of a missing glyph."""
    if char.isspace() or unicodedata.category(char).startswith(("M", "Cf", "Z")):
        return True  # spaces, joiners and combining marks draw nothing of their own
    font = pil_font(24)
    missing = font.getmask("\uffff")
    drawn = font.getmask(char)
    return bool(drawn.getbbox()) and (drawn.size != missing.size or bytes(drawn) != bytes(missing))


def label_lines(label: str, room: int = LABEL_ROOM) -> list[str]:
    """``label`` on one line, or two where it is wider than ``room``, broken between words; what
    is still too long ends in "…" (the table beside the chart has it whole)."""
    font = pil_font(24)
    if font.getlength(label) <= room:
        return [label]
    words = label.split()
    first = ""
    for index, word in enumerate(words):
        trial = f"{first} {word}".strip()
        if first and font.getlength(trial) > room:
            rest = " ".join(words[index:])
            return [first, _fit(rest, room)]
        first = trial
    return [_fit(label, room)]  # one word wider than the column


def _fit(text: str, room: int) -> str:
    font = pil_font(24)
    if font.getlength(text) <= room:
        return text
    while text and font.getlength(text + "…") > room:
        text = text[:-1]
    return text.rstrip() + "…"


def bar_chart_png(bars: Sequence[Bar]) -> bytes:
    """A horizontal bar chart of ``bars``, the longest filling the room, drawn large to print sharp.

    A long label takes two lines (its row grows), so "The organisation's newsletter or intranet"
    is read whole rather than cut at its 38th letter.
    """
    font = pil_font(24)
    bold = pil_font(24, True)
    labels = [label_lines(short(bar.label)) for bar in bars]
    label_width = int(max((font.getlength(line) for lines in labels for line in lines), default=0)) + PAD
    value_width = int(max((bold.getlength(bar.figure) for bar in bars), default=0)) + PAD
    value_width = max(value_width, int(bold.getlength("000 (100%)")) + PAD)
    bar_room = max(WIDTH - 2 * PAD - label_width - value_width, 1)
    rows = [ROW + LINE * (len(lines) - 1) for lines in labels] or [ROW]
    height = 2 * PAD + sum(rows)
    image = Image.new("RGB", (WIDTH, height), "#FFFFFF")
    draw = ImageDraw.Draw(image)
    left = PAD + label_width
    longest = max((bar.value for bar in bars), default=0) or 1
    draw.line((left, PAD // 2, left, height - PAD // 2), fill=GRID, width=2)
    top = PAD
    for lines, bar, row in zip(labels, bars, rows, strict=False):
        middle = top + row // 2
        first = middle - LINE * (len(lines) - 1) // 2
        for number, line in enumerate(lines):
            draw.text((left - PAD // 2, first + LINE * number), line, font=font, fill=TEXT, anchor="rm")
        length = round(bar_room * max(bar.value, 0) / longest)
        if length:
            draw.rectangle((left, middle - ROW // 2 + 8, left + length, middle + ROW // 2 - 8), fill=NHS_BLUE)
        draw.text((left + length + PAD // 2, middle), bar.figure, font=bold, fill=TEXT, anchor="lm")
        top += row
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
