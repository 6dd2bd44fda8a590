"""Where the host keeps a font Pillow can draw with (report chart, shareable cards).

DejaVu Sans covers the most scripts; Liberation Sans is metric-compatible with Arial, the font of
our Word documents. Without either, Pillow's own font keeps images legible rather than failing.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont

_DIRECTORIES = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/liberation"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/liberation-sans"),
    Path("/usr/share/fonts/TTF"),
    Path("C:/Windows/Fonts"),
    Path("/Library/Fonts"),
)
_REGULAR_FILES = ("DejaVuSans.ttf", "LiberationSans-Regular.ttf", "arial.ttf", "Arial.ttf")
_BOLD_FILES = ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf", "arialbd.ttf", "Arial Bold.ttf")


@lru_cache(maxsize=4)
def font_path(bold: bool = False) -> str | None:
    """The first sans-serif font file found on this host, or ``None``."""
    for directory in _DIRECTORIES:
        for name in _BOLD_FILES if bold else _REGULAR_FILES:
            candidate = directory / name
            if candidate.is_file():
                return str(candidate)
    return None


@lru_cache(maxsize=256)
def pil_font(size: int, bold: bool = False) -> Font:
    """A font of ``size`` pixels: the host's sans-serif when it has one, Pillow's own otherwise."""
    path = font_path(bold)
    if path is not None:
        return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)
