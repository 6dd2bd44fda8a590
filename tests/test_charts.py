"""The kit's bar chart draws each label as itself where the host can, and a plain fallback where not."""

from __future__ import annotations

import io

from PIL import Image, features

from workshop.common.charts import Bar, _has_glyph, bar_chart_png, drawable, label_lines


def test_a_label_the_font_cannot_draw_falls_back_to_its_plain_name() -> None:
    assert drawable("\ue000 private use", "Word 3") == "Word 3"  # no font draws the private-use area
    assert drawable("Patient safety", "Word 1") == "Patient safety"
    assert drawable("Café “quotes” — dash", "Word 2") == "Café “quotes” — dash"


def test_arabic_and_hebrew_are_drawn_as_words_where_pillow_lays_them_out() -> None:
    # make test installs FriBiDi (libraqm's layout) and DejaVu Sans (the glyphs): bin/ensure-system-packages
    assert features.check("raqm"), "Pillow cannot lay out right-to-left text: install libfribidi0"
    arabic, hebrew = "السلامة", "שלום"
    assert all(_has_glyph(char) for char in arabic + hebrew), "the chart font has no Arabic or Hebrew glyphs"
    assert drawable(arabic, "Word 8") == arabic and drawable(hebrew, "Word 9") == hebrew
    png = bar_chart_png([Bar(arabic, 1.0, "5"), Bar("patient safety", 0.5, "2")])
    assert Image.open(io.BytesIO(png)).size[0] == 1200


def test_a_long_label_takes_two_lines_and_its_row_grows_rather_than_losing_words() -> None:
    long = "The organisation's newsletter or intranet"
    assert label_lines("Social media") == ["Social media"]
    assert label_lines(long) == ["The organisation's newsletter or", "intranet"]
    cut = label_lines("A report or paper to a board or committee that meets every month without fail")
    assert len(cut) == 2 and cut[1].endswith("…") and cut[0] == "A report or paper to a board or"
    short_rows = Image.open(io.BytesIO(bar_chart_png([Bar("Social media", 1.0, "5"), Bar("Blog", 0.5, "2")])))
    one_long = Image.open(io.BytesIO(bar_chart_png([Bar(long, 1.0, "5"), Bar("Blog", 0.5, "2")])))
    assert one_long.size[1] > short_rows.size[1]
