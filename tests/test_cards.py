"""Social cards: the PNG is the right size and decodes, the alt text tells a screen-reader user
everything the picture shows, the colours pass WCAG AA, and awkward text never spills off the card.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image

from exports.builders.cards import (
    COLOUR_PAIRS,
    HASHTAGS,
    LANDSCAPE,
    NHS_BLUE,
    SQUARE,
    WHITE,
    Card,
    build_statement_card,
    build_summary_card,
    contrast_ratio,
    relative_luminance,
)

THEMES = [
    ("Social media and shouting about it", 5),
    ("Case studies", 3),
    ("Meetings with stakeholders", 3),
    ("Surveys", 2),
    ("Feedback boards", 1),
]
SEED_STATEMENT = (
    "Arrange to meet the Health & Wellbeing committee to discuss a health and wellbeing fair / information event"
)
AWKWARD = [
    "Post 3 impact stories 🎉📚👩🏽‍⚕️ on Instagram by June",
    "سأقوم بإعداد استبيان قصير للممرضين بحلول نهاية مارس",
    "עברית: לכתוב מקרה בוחן, לשתף; ולהציג",
    "https://example.org/" + "averyveryverylongpathwithoutanyspaces" * 8,
    "Write a detailed SMART impact plan with colleagues and present it to the board. " * 30,
    "x",
    "\u200f\u200e mixed العربية and English \u202e reversed",
]


def decode(card: Card) -> Image.Image:
    image = Image.open(io.BytesIO(card.png))
    image.load()
    assert image.format == "PNG"
    return image.convert("RGB")


def margin_colours(image: Image.Image, margin: int) -> set[tuple[int, int, int]]:
    """Every colour in the left and right margins: only backgrounds, if no text spilled over."""
    width, height = image.size
    colours: set[tuple[int, int, int]] = set()
    for box in ((0, 0, margin, height), (width - margin, 0, width, height)):
        colours |= {colour for _, colour in image.crop(box).getcolors(maxcolors=1 << 16) or []}
    return colours


def rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


@pytest.mark.parametrize("size", [LANDSCAPE, SQUARE])
def test_summary_card(size: tuple[int, int]) -> None:
    card = build_summary_card(
        title="MAP on tour: Taunton",
        date_text="12 March 2025",
        participant_count=23,
        statement_count=17,
        top_themes=THEMES,
        size=size,
    )
    image = decode(card)
    assert image.size == size
    assert "23 participants" in card.alt_text
    assert "17 commitments" in card.alt_text
    assert "MAP on tour: Taunton" in card.alt_text
    assert "12 March 2025" in card.alt_text
    shown = 3 if size == LANDSCAPE else 5
    for label, count in THEMES[:shown]:
        assert label in card.alt_text
        assert f"{label} ({count} statement" in card.alt_text
    for label, _ in THEMES[shown:]:
        assert label not in card.alt_text
    assert all(tag in card.caption for tag in HASHTAGS)
    assert "23" in card.caption
    assert "17" in card.caption
    assert len(card.caption) <= 280
    assert margin_colours(image, 30) == {rgb(NHS_BLUE)}


def test_summary_card_singular_and_no_themes() -> None:
    card = build_summary_card(
        title="",
        date_text="",
        participant_count=1,
        statement_count=1,
        top_themes=[],
        size=LANDSCAPE,
    )
    assert decode(card).size == LANDSCAPE
    assert "1 participant wrote 1 commitment " in card.alt_text
    assert "No themes yet." in card.alt_text


@pytest.mark.parametrize("size", [LANDSCAPE, SQUARE])
def test_statement_card(size: tuple[int, int]) -> None:
    card = build_statement_card(
        statement=SEED_STATEMENT,
        theme="Meetings with stakeholders",
        workshop_title="MAP on tour: Winchester",
        size=size,
    )
    image = decode(card)
    assert image.size == size
    assert SEED_STATEMENT in card.alt_text
    assert "Meetings with stakeholders" in card.alt_text
    assert "MAP on tour: Winchester" in card.alt_text
    assert SEED_STATEMENT in card.caption
    assert all(tag in card.caption for tag in HASHTAGS)
    assert margin_colours(image, 30) <= {rgb(NHS_BLUE), rgb(WHITE)}


@pytest.mark.parametrize("size", [LANDSCAPE, SQUARE])
@pytest.mark.parametrize("text", AWKWARD)
def test_awkward_text_never_crashes_or_overflows(size: tuple[int, int], text: str) -> None:
    card = build_statement_card(statement=text, theme=text[:60], workshop_title=text, size=size)
    image = decode(card)
    assert image.size == size
    assert margin_colours(image, 30) <= {rgb(NHS_BLUE), rgb(WHITE)}
    assert len(card.caption) <= 280
    assert card.caption.endswith(" ".join(HASHTAGS))
    summary = build_summary_card(
        title=text,
        date_text=text,
        participant_count=10**9,
        statement_count=0,
        top_themes=[(text, 10**6)] * 6,
        size=size,
    )
    image = decode(summary)
    assert image.size == size
    assert margin_colours(image, 30) == {rgb(NHS_BLUE)}
    assert "1,000,000,000 participants" in summary.alt_text


def test_long_statement_is_cut_on_the_card_but_whole_in_the_alt_text() -> None:
    long_statement = "Write a detailed SMART impact plan with colleagues. " * 40
    card = build_statement_card(statement=long_statement, theme="Plans", workshop_title="W", size=LANDSCAPE)
    assert long_statement.strip() in card.alt_text
    assert "…" in card.caption


def test_contrast_helper_matches_wcag_reference_values() -> None:
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio((255, 255, 255), "#005EB8") == contrast_ratio("#005eb8", "#FFF")
    assert relative_luminance("#FFFFFF") == pytest.approx(1.0)
    assert relative_luminance("#000") == pytest.approx(0.0)


@pytest.mark.parametrize(("foreground", "background"), COLOUR_PAIRS)
def test_every_colour_pair_on_the_cards_passes_wcag_aa(foreground: str, background: str) -> None:
    assert contrast_ratio(foreground, background) >= 4.5


def test_sizes_and_inputs_are_checked() -> None:
    with pytest.raises(ValueError, match="size"):
        build_statement_card(statement="x", theme="", workshop_title="", size=(10, 10))
    with pytest.raises(ValueError, match="statement"):
        build_statement_card(statement="  ", theme="", workshop_title="", size=SQUARE)
    with pytest.raises(ValueError, match="negative"):
        build_summary_card(
            title="t",
            date_text="",
            participant_count=-1,
            statement_count=0,
            top_themes=[],
            size=SQUARE,
        )


def test_cards_quote_the_workshops_own_prompt() -> None:
    """A facilitator who asks "By next month I will…" sees those words on the cards, not the default."""
    card = build_statement_card(
        statement="run a journal club", theme="", workshop_title="Evidence week", prompt="By next month I will…"
    )
    summary = build_summary_card(
        title="Evidence week",
        date_text="",
        participant_count=3,
        statement_count=3,
        top_themes=(),
        prompt="By next month I will…",
    )
    assert "'By next month I will… run a journal club'" in card.alt_text
    assert "starting 'By next month I will…'" in summary.alt_text
    assert "When I get back to work" not in card.alt_text + summary.alt_text


def test_alt_texts_carry_no_hashtags_and_the_statement_card_never_repeats_the_prompt() -> None:
    from workshop.common.text import without_prompt

    card = build_statement_card(
        statement="I am going to think about my project in terms of impact on stakeholders",
        theme="Meeting stakeholders",
        workshop_title="Impact workshop Taunton",
        prompt="When I get back to work, I'm going to…",
    )
    assert "#" not in card.alt_text
    assert "I am going to" not in card.alt_text
    assert "'When I get back to work, I'm going to… think about my project" in card.alt_text
    assert "#LKSImpact" in card.caption  # hashtags belong in the post, not in what a screen reader reads
    summary = build_summary_card(
        title="T",
        date_text="",
        participant_count=2,
        statement_count=3,
        top_themes=[("Social media", 4)],
        counted="vote",
    )
    assert "#" not in summary.alt_text and "Top themes by votes: Social media (4 votes)." in summary.alt_text
    prompt = "When I get back to work, I'm going to…"
    assert without_prompt("When I get back to work, I'm going to run a survey", prompt) == "run a survey"
    assert without_prompt("Write up a detailed SMART impact plan", prompt) == "Write up a detailed SMART impact plan"
    assert without_prompt("I will", prompt) == "I will"


CARD_STATEMENTS = {
    "short": "Start a journal club.",
    "medium": "Share the evidence summary service with the ward managers at the next nursing forum and ask two "
    "of them to try it.",
    "280 characters": (
        "Work with the clinical governance team to include a library evidence search in every new guideline "
        "review, starting with the sepsis pathway in April, and record how many reviews used our searches so "
        "that I can report the figure to the board at the end of the year, with two case studies of change."
    )[:280],
}


@pytest.mark.parametrize("size", [LANDSCAPE, SQUARE], ids=["landscape", "square"])
@pytest.mark.parametrize("name", list(CARD_STATEMENTS))
def test_the_quote_uses_the_space_of_the_card(size: tuple[int, int], name: str) -> None:
    """The statement's own pixels (its dark text colour) span most of the card's width and a fair
    share of its height: a short statement is set large, not left as a small line over white."""
    card = build_statement_card(statement=CARD_STATEMENTS[name], theme="Evidence", workshop_title="W", size=size)
    image = decode(card)
    text = rgb("#212B32")
    mask = Image.new("L", image.size, 0)
    mask.putdata([255 if pixel == text else 0 for pixel in image.getdata()])
    box = mask.getbbox()
    assert box is not None
    width, height = image.size
    box_width, box_height = box[2] - box[0], box[3] - box[1]
    assert box_width / width >= 0.5, f"the quote spans {box_width / width:.0%} of the width"
    assert box_height / height >= 0.18, f"the quote spans {box_height / height:.0%} of the height"
    assert box_width * box_height / (width * height) >= 0.14
    # and the space under the quote is not an empty band: the quote's middle is near the card's middle
    assert abs((box[1] + box[3]) / 2 - height * 0.55) <= height * 0.12
