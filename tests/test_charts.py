"""The kit's bar chart draws each label as itself where the host can, and a plain fallback where not."""

from __future__ import annotations

import io

import pytest
from PIL import Image, features

from workshop.common.charts import Bar, _has_glyph, bar_chart_png, drawable


def test_a_label_the_font_cannot_draw_falls_back_to_its_plain_name() -> None:
    assert drawable("\ue000 private use", "Word 3") == "Word 3"  # no font draws the private-use area
    assert drawable("Patient safety", "Word 1") == "Patient safety"
    assert drawable("Café “quotes” — dash", "Word 2") == "Café “quotes” — dash"


@pytest.mark.skipif(not features.check("raqm"), reason="Pillow without libraqm cannot lay out right-to-left text")
def test_arabic_and_hebrew_are_drawn_as_words_where_pillow_lays_them_out() -> None:
    arabic, hebrew = "السلامة", "שלום"
    if not all(_has_glyph(char) for char in arabic + hebrew):
        pytest.skip("this host's chart font has no Arabic or Hebrew glyphs")
    assert drawable(arabic, "Word 8") == arabic and drawable(hebrew, "Word 9") == hebrew
    png = bar_chart_png([Bar(arabic, 1.0, "5"), Bar("patient safety", 0.5, "2")])
    assert Image.open(io.BytesIO(png)).size[0] == 1200
