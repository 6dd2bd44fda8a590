"""Soft hyphens in long words for narrow phones, never inside an address people copy."""

from __future__ import annotations

from workshop.common.hyphenation import SOFT_HYPHEN, soft_hyphenate


def test_long_words_get_soft_hyphens_and_short_text_is_unchanged() -> None:
    assert soft_hyphenate("Share a case study") == "Share a case study"
    hyphenated = soft_hyphenate("Interprofessional collaboration")
    assert SOFT_HYPHEN in hyphenated and hyphenated.replace(SOFT_HYPHEN, "") == "Interprofessional collaboration"


def test_e_mail_and_web_addresses_are_left_exactly_as_typed() -> None:
    text = "Email mark.evans@somerset-ft.nhs.uk or see https://knowledgeandlibraryservices.nhs.uk/impact today"
    result = soft_hyphenate(text)
    assert "mark.evans@somerset-ft.nhs.uk" in result
    assert "https://knowledgeandlibraryservices.nhs.uk/impact" in result
    assert soft_hyphenate("www.libraryservices.example and collaboration").startswith("www.libraryservices.example ")
    assert SOFT_HYPHEN in soft_hyphenate("Write to someone@organisations.example about interprofessional work")
