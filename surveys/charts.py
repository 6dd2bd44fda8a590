"""Bar charts of a survey's closed questions, drawn with Pillow for the Word results report.

One horizontal bar per answer, labelled with its count and percentage, in NHS blue on white; the
alt text states the same figures, so a screen-reader user gets everything the picture shows.
Pure: a question's result in, PNG bytes out.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from surveys.design import QuestionResult
from workshop.common.fonts import pil_font

WIDTH = 1200
ROW = 54
PAD = 24
NHS_BLUE = "#005EB8"
TEXT = "#212B32"
GRID = "#D8DDE0"


def _short(text: str, limit: int = 38) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def chart_png(result: QuestionResult) -> bytes:
    """A bar chart of ``result``'s answers (bar lengths in proportion to the answers' counts)."""
    font = pil_font(24)
    bold = pil_font(24, True)
    labels = [_short(option.option) for option in result.options]
    label_width = int(max((font.getlength(label) for label in labels), default=0)) + PAD
    value_width = int(bold.getlength("000 (100%)")) + PAD
    bar_room = WIDTH - 2 * PAD - label_width - value_width
    height = 2 * PAD + ROW * len(labels)
    image = Image.new("RGB", (WIDTH, height), "#FFFFFF")
    draw = ImageDraw.Draw(image)
    left = PAD + label_width
    longest = max((option.percent for option in result.options), default=0) or 100  # the top answer fills the room
    draw.line((left, PAD // 2, left, height - PAD // 2), fill=GRID, width=2)
    for row, (label, option) in enumerate(zip(labels, result.options, strict=True)):
        top = PAD + row * ROW
        middle = top + ROW // 2
        draw.text((left - PAD // 2, middle), label, font=font, fill=TEXT, anchor="rm")
        length = round(bar_room * option.percent / longest)
        if length:
            draw.rectangle((left, top + 8, left + length, top + ROW - 8), fill=NHS_BLUE)
        draw.text(
            (left + length + PAD // 2, middle),
            f"{option.count} ({option.percent:g}%)",
            font=bold,
            fill=TEXT,
            anchor="lm",
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def chart_alt_text(result: QuestionResult) -> str:
    """The chart in words: every answer with its count and percentage, and how many answered."""
    figures = "; ".join(f"{option.option}: {option.count} ({option.percent:g}%)" for option in result.options)
    return f"Bar chart of the answers to question {result.number}, answered by {result.answered}. {figures}."
