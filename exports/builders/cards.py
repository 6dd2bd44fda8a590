"""Social media cards: a workshop's summary, or one commitment, as a PNG ready to post.

Step five of the workshop is "shout about it". A facilitator who can post a clean card straight
after the session (with alt text and a suggested caption already written) is more likely to do it.
The cards use NHS blue with white, or dark text on white, both well above the WCAG AA contrast
ratio of 4.5:1 (checked by ``contrast_ratio``), a plain sans-serif font found on the host, and text
that is wrapped, shrunk and, as a last resort, cut with an ellipsis so nothing spills off the card.
The alt text always carries the full content, including any words the picture had to cut.

Pure: plain values in, PNG bytes out. Needs Pillow only.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont, features

from workshop.common.fonts import Font, pil_font
from workshop.common.prompts import DEFAULT_PROMPT
from workshop.common.text import clean_text, is_rtl, without_prompt

__all__ = [
    "COLOUR_PAIRS",
    "HASHTAGS",
    "LANDSCAPE",
    "NHS_BLUE",
    "PROMPT",
    "SQUARE",
    "Card",
    "build_statement_card",
    "build_summary_card",
    "contrast_ratio",
    "relative_luminance",
]

LANDSCAPE = (1200, 675)  # X/Twitter, LinkedIn, Bluesky link-sized images
SQUARE = (1080, 1080)  # Instagram, and a safe crop everywhere else

NHS_BLUE = "#005EB8"
NHS_DARK_BLUE = "#003087"
NHS_TEXT = "#212B32"
NHS_SECONDARY_TEXT = "#4C6272"
WHITE = "#FFFFFF"

# Every (text, background) pair the cards draw; tests hold each to at least 4.5:1.
COLOUR_PAIRS: tuple[tuple[str, str], ...] = (
    (WHITE, NHS_BLUE),
    (NHS_TEXT, WHITE),
    (NHS_BLUE, WHITE),
    (NHS_SECONDARY_TEXT, WHITE),
    (WHITE, NHS_DARK_BLUE),
)

HASHTAGS = ("#LKSImpact", "#NHSLibraries")
PROMPT = DEFAULT_PROMPT  # when a caller has no prompt of its own
ELLIPSIS = "…"
_CAPTION_LIMIT = 280  # the shortest common post limit

_HAS_RAQM = bool(features.check("raqm"))

Colour = str | tuple[int, int, int]


@dataclass(frozen=True)
class Card:
    """A finished card: the image, the text a screen reader reads instead, and a post to go with it."""

    png: bytes
    alt_text: str
    caption: str


# --- contrast -----------------------------------------------------------------------------------


def _rgb(colour: Colour) -> tuple[int, int, int]:
    if isinstance(colour, tuple):
        return colour
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def relative_luminance(colour: Colour) -> float:
    """WCAG 2.x relative luminance of an sRGB colour (``#RRGGBB``, ``#RGB`` or an RGB tuple)."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in _rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(foreground: Colour, background: Colour) -> float:
    """WCAG contrast ratio, from 1 (none) to 21 (black on white); AA body text needs 4.5."""
    lighter, darker = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# --- fonts and text layout ----------------------------------------------------------------------


def _line_height(font: Font) -> int:
    if isinstance(font, ImageFont.FreeTypeFont):
        ascent, descent = font.getmetrics()
        return ascent + descent
    box = font.getbbox("Ag")
    return int(box[3] - box[1])


def _width(font: Font, text: str) -> float:
    return font.getlength(text)


def _split_long_word(font: Font, word: str, max_width: float) -> list[str]:
    pieces: list[str] = []
    current = ""
    for char in word:
        if current and _width(font, current + char) > max_width:
            pieces.append(current)
            current = char
        else:
            current += char
    if current:
        pieces.append(current)
    return pieces


def _wrap(font: Font, text: str, max_width: float) -> list[str]:
    """Greedy word wrap; a word wider than the line (a URL) is broken between characters."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if _width(font, candidate) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
        if _width(font, word) <= max_width:
            current = word
        else:
            *full, current = _split_long_word(font, word, max_width)
            lines.extend(full)
    if current:
        lines.append(current)
    return lines


def _with_ellipsis(font: Font, line: str, max_width: float) -> str:
    line = line.rstrip()
    while line and _width(font, line + ELLIPSIS) > max_width:
        line = line[:-1].rstrip()
    return line + ELLIPSIS


@dataclass(frozen=True)
class _Block:
    font: Font
    lines: tuple[str, ...]
    line_height: int
    truncated: bool
    rtl: bool  # the paragraph reads right to left: align right and lay out every line that way


def _fit(
    text: str,
    *,
    max_width: float,
    max_height: float,
    largest: int,
    smallest: int,
    bold: bool = False,
    max_lines: int | None = None,
    spacing: float = 1.15,
) -> _Block:
    """The largest font size at which ``text`` fits the box; at the smallest, cut with an ellipsis."""
    largest = max(largest, smallest)
    # No glyph is narrower than a quarter of the font size, so more characters than this could
    # never be shown: cutting them first keeps a 10,000-character paste from slowing the layout.
    lines_possible = max_lines or max(1, int(max_height // smallest))
    most = lines_possible * int(max_width // (smallest * 0.25) + 1)
    if len(text) > most:
        text = text[:most] + ELLIPSIS
    size = largest
    while True:
        font = pil_font(size, bold)
        line_height = max(1, round(_line_height(font) * spacing))
        room = int(max_height // line_height)
        if room == 0 and size > smallest:
            size = max(smallest, size - max(1, size // 12))
            continue
        room = max(1, room)
        if max_lines is not None:
            room = min(room, max_lines)
        lines = _wrap(font, text, max_width) or [""]
        if len(lines) <= room:
            return _Block(font, tuple(lines), line_height, truncated=False, rtl=is_rtl(text))
        if size <= smallest:
            kept = lines[:room]
            kept[-1] = _with_ellipsis(font, kept[-1], max_width)
            return _Block(font, tuple(kept), line_height, truncated=True, rtl=is_rtl(text))
        size = max(smallest, size - max(1, size // 12))


def _draw_block(
    draw: ImageDraw.ImageDraw,
    block: _Block,
    *,
    left: int,
    top: int,
    width: int,
    fill: str,
    align_end: bool = False,
) -> int:
    """Draw the lines of ``block``; a right-to-left paragraph is aligned right. Returns the next top.

    With libraqm (Pillow's complex text layout) every line of a paragraph gets the paragraph's base
    direction, so an English phrase inside Arabic, or the reverse, is ordered correctly.
    """
    y = top
    direction = ("rtl" if block.rtl else "ltr") if _HAS_RAQM else None
    for line in block.lines:
        x = left
        line_width = block.font.getlength(line, direction=direction) if direction else _width(block.font, line)
        if align_end or block.rtl:
            x = left + max(0, int(width - line_width))
        draw.text((x, y), line, font=block.font, fill=fill, direction=direction)
        y += block.line_height
    return y


# --- helpers for the words around the picture ----------------------------------------------------


def _plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def _caption(body: str) -> str:
    """A post of at most 280 characters that always keeps its hashtags."""
    tags = " ".join(HASHTAGS)
    room = _CAPTION_LIMIT - len(tags) - 1
    if len(body) > room:
        body = body[: room - 1].rstrip() + ELLIPSIS
    return f"{body} {tags}"


LOGO_MAX_BYTES = 500_000
LOGO_MAX_SIDE = 3000
_LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}


def check_logo(data: bytes) -> str:
    """The MIME type of an uploaded logo, or ValueError with a message for the facilitator.

    Only PNG and JPEG, at most 500 KB and 3,000 pixels a side: a logo is drawn small, and a
    huge or disguised file must not reach the card renderer.
    """
    if not data:
        raise ValueError("Choose a PNG or JPEG file for the logo.")
    if len(data) > LOGO_MAX_BYTES:
        raise ValueError(f"The logo is {len(data) // 1000:,} KB: use a file of at most {LOGO_MAX_BYTES // 1000} KB.")
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format or ""
            size = image.size
            image.verify()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValueError("That file is not a PNG or JPEG image the kit can read.") from None
    if kind not in _LOGO_TYPES:
        raise ValueError("The logo must be a PNG or JPEG image.")
    if max(size) > LOGO_MAX_SIDE or min(size) < 16:
        raise ValueError(f"The logo is {size[0]}×{size[1]} pixels: use 16 to {LOGO_MAX_SIDE:,} pixels a side.")
    return _LOGO_TYPES[kind]


def _paste_logo(image: Image.Image, logo: bytes | None, *, right: int, top: int, height: int) -> int:
    """The facilitator's logo on a white plate, its right edge at ``right``; returns the width taken (0 without)."""
    if not logo:
        return 0
    with Image.open(io.BytesIO(logo)) as source:
        picture = source.convert("RGBA")
    pad = max(4, height // 10)
    inner = height - 2 * pad
    scale = inner / picture.height
    width = max(1, min(int(picture.width * scale), inner * 3))  # very wide logos are capped at 3:1
    picture = picture.resize((width, max(1, int(picture.height * width / picture.width))), Image.Resampling.LANCZOS)
    plate_width = width + 2 * pad
    left = right - plate_width
    ImageDraw.Draw(image).rectangle((left, top, right, top + height), fill=WHITE)
    image.paste(picture, (left + pad, top + (height - picture.height) // 2), picture)
    return plate_width


def _check_size(size: tuple[int, int]) -> tuple[int, int]:
    width, height = size
    if not (320 <= width <= 4096 and 320 <= height <= 4096):
        raise ValueError(f"card size {width}×{height} is outside 320–4096 pixels")
    return width, height


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


# --- summary card -------------------------------------------------------------------------------


def build_summary_card(
    *,
    title: str,
    date_text: str,
    participant_count: int,
    statement_count: int,
    top_themes: Sequence[tuple[str, int]],
    prompt: str = PROMPT,
    size: tuple[int, int] = LANDSCAPE,
    counted: str = "statement",
    logo: bytes | None = None,
) -> Card:
    """A card with the workshop's title and date, how many took part and wrote, and its top themes.

    ``top_themes`` is (label, count), most popular first, where ``counted`` names what was counted
    ("statement", or "vote" when the room voted); a landscape card shows three and a square one
    five, and the alt text names exactly the ones shown. ``logo`` (PNG or JPEG bytes) sits in the
    top right corner on a white plate.
    """
    width, height = _check_size(size)
    if participant_count < 0 or statement_count < 0:
        raise ValueError("counts cannot be negative")
    title = clean_text(title, single_line=True) or "Impact workshop"
    date_text = clean_text(date_text, single_line=True)
    landscape = width / height > 1.3
    themes = [
        (clean_text(label, single_line=True) or "Untitled theme", max(0, int(count))) for label, count in top_themes
    ][: 3 if landscape else 5]

    image = Image.new("RGB", (width, height), NHS_BLUE)
    draw = ImageDraw.Draw(image)
    margin = round(min(width, height) * 0.07)
    content_width = width - 2 * margin
    content_height = height - 2 * margin
    unit = min(width, height)

    def share(fraction: float) -> int:
        return int(content_height * fraction)

    y = margin
    logo_width = _paste_logo(image, logo, right=width - margin, top=margin, height=share(0.2 if landscape else 0.15))
    title_block = _fit(
        title,
        max_width=content_width - (logo_width + round(unit * 0.03) if logo_width else 0),
        max_height=share(0.2 if landscape else 0.17),
        largest=round(unit * 0.085),
        smallest=round(unit * 0.04),
        bold=True,
        max_lines=2,
    )
    _draw_block(draw, title_block, left=margin, top=y, width=content_width, fill=WHITE)
    y += share(0.2 if landscape else 0.17)
    if date_text:
        date_block = _fit(
            date_text,
            max_width=content_width,
            max_height=share(0.08),
            largest=round(unit * 0.045),
            smallest=round(unit * 0.025),
            max_lines=1,
        )
        _draw_block(draw, date_block, left=margin, top=y, width=content_width, fill=WHITE)
    y += share(0.11)

    stats_height = share(0.27 if landscape else 0.22)
    column_gap = round(unit * 0.05)
    column_width = (content_width - column_gap) // 2
    for index, (number, label) in enumerate(
        (
            (participant_count, "participant" if participant_count == 1 else "participants"),
            (statement_count, "commitment" if statement_count == 1 else "commitments"),
        )
    ):
        left = margin + index * (column_width + column_gap)
        number_block = _fit(
            f"{number:,}",
            max_width=column_width,
            max_height=stats_height * 0.66,
            largest=round(unit * 0.16),
            smallest=round(unit * 0.05),
            bold=True,
            max_lines=1,
            spacing=1.0,
        )
        _draw_block(draw, number_block, left=left, top=y, width=column_width, fill=WHITE)
        label_block = _fit(
            label,
            max_width=column_width,
            max_height=stats_height * 0.34,
            largest=round(unit * 0.045),
            smallest=round(unit * 0.025),
            max_lines=1,
        )
        _draw_block(
            draw,
            label_block,
            left=left,
            top=y + int(stats_height * 0.66),
            width=column_width,
            fill=WHITE,
        )
    y += stats_height + share(0.03)

    footer_height = share(0.08)
    themes_bottom = margin + content_height - footer_height - share(0.02)
    if themes:
        heading = _fit(
            "Top themes",
            max_width=content_width,
            max_height=share(0.08),
            largest=round(unit * 0.04),
            smallest=round(unit * 0.025),
            bold=True,
            max_lines=1,
        )
        y = _draw_block(draw, heading, left=margin, top=y, width=content_width, fill=WHITE)
        row_height = max(1, (themes_bottom - y) // len(themes))
        for label, count in themes:
            count_text = str(count)
            row_font_size = max(round(unit * 0.022), min(round(unit * 0.042), int(row_height / 1.3)))
            count_block = _fit(
                count_text,
                max_width=content_width * 0.2,
                max_height=row_height,
                largest=row_font_size,
                smallest=round(unit * 0.02),
                bold=True,
                max_lines=1,
            )
            count_width = int(_width(count_block.font, count_block.lines[0])) + round(unit * 0.03)
            label_block = _fit(
                label,
                max_width=content_width - count_width,
                max_height=row_height,
                largest=row_font_size,
                smallest=round(unit * 0.02),
                max_lines=1,
            )
            _draw_block(draw, label_block, left=margin, top=y, width=content_width - count_width, fill=WHITE)
            _draw_block(draw, count_block, left=margin, top=y, width=content_width, fill=WHITE, align_end=True)
            y += row_height
    footer = _fit(
        "  ".join(HASHTAGS),
        max_width=content_width,
        max_height=footer_height,
        largest=round(unit * 0.035),
        smallest=round(unit * 0.02),
        bold=True,
        max_lines=1,
    )
    _draw_block(
        draw,
        footer,
        left=margin,
        top=margin + content_height - footer.line_height,
        width=content_width,
        fill=WHITE,
    )

    alt_text, caption = summary_card_text(
        title=title,
        date_text=date_text,
        participant_count=participant_count,
        statement_count=statement_count,
        top_themes=themes,
        prompt=prompt,
        size=(width, height),
        counted=counted,
    )
    return Card(png=_png(image), alt_text=alt_text, caption=caption)


def summary_card_text(
    *,
    title: str,
    date_text: str,
    participant_count: int,
    statement_count: int,
    top_themes: Sequence[tuple[str, int]],
    prompt: str = PROMPT,
    size: tuple[int, int] = LANDSCAPE,
    counted: str = "statement",
) -> tuple[str, str]:
    """The summary card's alt text and caption, without drawing it (the cards page needs only these)."""
    width, height = _check_size(size)
    title = clean_text(title, single_line=True) or "Impact workshop"
    date_text = clean_text(date_text, single_line=True)
    themes = [
        (clean_text(label, single_line=True) or "Untitled theme", max(0, int(count))) for label, count in top_themes
    ][: 3 if width / height > 1.3 else 5]
    people = _plural(participant_count, "participant", "participants")
    commitments = _plural(statement_count, "commitment", "commitments")
    heading_text = f"{title}, {date_text}" if date_text else title
    if themes:
        listed = "; ".join(f"{label} ({_plural(count, counted, counted + 's')})" for label, count in themes)
        theme_sentence = f"Top themes{' by votes' if counted == 'vote' else ''}: {listed}."
    else:
        theme_sentence = "No themes yet."
    alt_text = (
        f"Workshop summary card. {heading_text}. {people} wrote {commitments} "
        f"starting '{clean_text(prompt, single_line=True) or PROMPT}'. {theme_sentence}"
    )
    caption_theme = f" Top theme: {themes[0][0]}." if themes else ""
    when = f" ({date_text})" if date_text else ""
    caption = _caption(
        f"{people} at {title}{when} made {commitments} to demonstrate the impact of library and "
        f"knowledge services.{caption_theme}"
    )
    return alt_text, caption


# --- statement card -----------------------------------------------------------------------------


def build_statement_card(
    *,
    statement: str,
    theme: str,
    workshop_title: str,
    prompt: str = PROMPT,
    size: tuple[int, int] = LANDSCAPE,
    logo: bytes | None = None,
) -> Card:
    """A card quoting one commitment under the workshop's own prompt, with its theme and workshop.

    A long statement is shrunk, then cut with an ellipsis; the alt text keeps every word. A
    statement that repeats the prompt ("I'm going to…") is quoted without it, so the card never
    reads "I'm going to… 'I am going to…'".
    """
    width, height = _check_size(size)
    alt_text, caption = statement_card_text(
        statement=statement, theme=theme, workshop_title=workshop_title, prompt=prompt
    )
    statement = clean_text(statement, single_line=True)
    theme = clean_text(theme, single_line=True)
    workshop_title = clean_text(workshop_title, single_line=True)
    prompt = clean_text(prompt, single_line=True) or PROMPT
    if not statement:
        raise ValueError("a statement card needs a statement")
    statement = without_prompt(statement, prompt)

    image = Image.new("RGB", (width, height), WHITE)
    draw = ImageDraw.Draw(image)
    unit = min(width, height)
    margin = round(unit * 0.07)
    content_width = width - 2 * margin

    band_height = round(height * (0.17 if width / height > 1.3 else 0.13))
    draw.rectangle((0, 0, width, band_height), fill=NHS_BLUE)
    plate = round(band_height * 0.7)
    logo_width = _paste_logo(image, logo, right=width - margin, top=(band_height - plate) // 2, height=plate)
    band_text = theme or "Impact workshop"
    band_block = _fit(
        band_text,
        max_width=content_width - (logo_width + round(unit * 0.03) if logo_width else 0),
        max_height=band_height * 0.6,
        largest=round(unit * 0.05),
        smallest=round(unit * 0.025),
        bold=True,
        max_lines=1,
    )
    _draw_block(
        draw,
        band_block,
        left=margin,
        top=(band_height - band_block.line_height) // 2,
        width=content_width,
        fill=WHITE,
    )

    landscape = width / height > 1.3
    footer_height = round(height * (0.1 if landscape else 0.09))
    footer_top = height - round(margin * 0.6) - footer_height
    y = band_height + round(margin * 0.6)
    prompt_block = _fit(
        prompt,
        max_width=content_width,
        max_height=round(height * 0.08),
        largest=round(unit * 0.04),
        smallest=round(unit * 0.022),
        bold=True,
        max_lines=1,
    )
    y = _draw_block(draw, prompt_block, left=margin, top=y, width=content_width, fill=NHS_BLUE)
    y += round(unit * 0.02)
    quote_room = footer_top - y - round(unit * 0.03)
    # The quote is the card: as large as fits the space left (a short one in big type), centred
    # in that space so a landscape card carries no empty band under a few words.
    quote_block = _fit(
        f"“{statement}”",
        max_width=content_width,
        max_height=quote_room,
        largest=round(unit * (0.19 if landscape else 0.14)),
        smallest=round(unit * 0.03),
        spacing=1.2,
    )
    quote_height = len(quote_block.lines) * quote_block.line_height
    quote_top = y + max(0, (quote_room - quote_height) // 2)
    _draw_block(draw, quote_block, left=margin, top=quote_top, width=content_width, fill=NHS_TEXT)

    draw.line(
        (margin, footer_top, width - margin, footer_top),
        fill=NHS_BLUE,
        width=max(2, unit // 300),
    )
    footer_text = workshop_title or "Impact workshop"
    title_block = _fit(
        footer_text,
        max_width=content_width * 0.62,
        max_height=footer_height * 0.8,
        largest=round(unit * 0.032),
        smallest=round(unit * 0.02),
        max_lines=2,
    )
    footer_y = footer_top + max(
        round(unit * 0.02), (footer_height - title_block.line_height * len(title_block.lines)) // 2
    )
    _draw_block(
        draw,
        title_block,
        left=margin,
        top=footer_y,
        width=int(content_width * 0.62),
        fill=NHS_SECONDARY_TEXT,
    )
    tags_block = _fit(
        " ".join(HASHTAGS),
        max_width=content_width * 0.36,
        max_height=footer_height * 0.8,
        largest=round(unit * 0.03),
        smallest=round(unit * 0.018),
        bold=True,
        max_lines=2,
    )
    _draw_block(
        draw,
        tags_block,
        left=margin + int(content_width * 0.64),
        top=footer_y,
        width=int(content_width * 0.36),
        fill=NHS_BLUE,
        align_end=True,
    )

    return Card(png=_png(image), alt_text=alt_text, caption=caption)


def statement_card_text(*, statement: str, theme: str, workshop_title: str, prompt: str = PROMPT) -> tuple[str, str]:
    """The statement card's alt text and caption, without drawing it (the cards page needs only these)."""
    statement = clean_text(statement, single_line=True)
    theme = clean_text(theme, single_line=True)
    workshop_title = clean_text(workshop_title, single_line=True)
    prompt = clean_text(prompt, single_line=True) or PROMPT
    statement = without_prompt(statement, prompt)
    theme_sentence = f" Theme: {theme}." if theme else ""
    from_workshop = f" From {workshop_title}." if workshop_title else ""
    alt_text = f"Commitment card.{theme_sentence} '{prompt} {statement}'{from_workshop}"
    source = f" (from {workshop_title})" if workshop_title else ""
    suffix = f": one commitment to demonstrate impact{source}."
    room = _CAPTION_LIMIT - len(" ".join(HASHTAGS)) - 1 - len(suffix) - 2
    quoted = statement if len(statement) <= room else statement[: room - 1].rstrip() + ELLIPSIS
    caption = _caption(f"“{quoted}”{suffix}")
    return alt_text, caption
