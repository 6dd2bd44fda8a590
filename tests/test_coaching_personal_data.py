"""Personal-data warning: what a participant might type, and what the phone should warn about.

Each case lists the expected findings as (kind, matched text). The negatives matter as much as the
positives: a warning on "24/7" or "with NHS England" would teach people to ignore the warnings.
"""

from __future__ import annotations

import pytest

from workshop.coaching.personal_data import (
    MESSAGES,
    Finding,
    find_personal_data,
    is_valid_nhs_number,
)

# 943 476 5919 and 401 023 2137 are valid (mod 11); 943 476 5918 and 401 023 2136 are not.
CASES: list[tuple[str, list[tuple[str, str]]]] = [
    # e-mail
    ("Email jo.bloggs@nhs.net about the survey", [("email", "jo.bloggs@nhs.net")]),
    (
        "Send it to library.services@somerset-ft.nhs.uk.",
        [("email", "library.services@somerset-ft.nhs.uk")],
    ),
    ("Contact me: first_last+impact@example.co.uk", [("email", "first_last+impact@example.co.uk")]),
    ("Ask KLS@trust.nhs.uk, then wait", [("email", "KLS@trust.nhs.uk")]),
    ("Tweet @NHSLibraries about it", []),
    ("Meet at 10@the library", []),
    # phone
    ("Call 07700 900123 to book", [("phone", "07700 900123")]),
    ("Text 07700900123", [("phone", "07700900123")]),
    ("Ring +44 7700 900123", [("phone", "+44 7700 900123")]),
    ("Ring +447700900123 tomorrow", [("phone", "+447700900123")]),
    ("Phone +44 (0)1823 333444", [("phone", "+44 (0)1823 333444")]),
    ("Library desk: 01823 333444 ext 5", [("phone", "01823 333444")]),
    ("Call (01962) 863535 for help", [("phone", "(01962) 863535")]),
    ("London office 020 7946 0018", [("phone", "020 7946 0018")]),
    ("Helpline 0300 123 4567", [("phone", "0300 123 4567")]),
    ("Freephone 0800 123456", [("phone", "0800 123456")]),
    ("Mobile 07700-900-123 after 5", [("phone", "07700-900-123")]),
    ("Call 07700 900123 20 people", [("phone", "07700 900123")]),
    ("Our library is open 24/7", []),
    ("By 2025 we want 300 users", []),
    ("Survey 1200 staff by 01/03/2025", []),
    ("Meet on 01.03.2025 at 09:00", []),
    ("Count 0 to 100 requests", []),
    ("A response rate of 0.5% is low", []),
    ("Book code 012345", []),
    ("Reference 0123456789012345", []),
    # NHS numbers
    ("Patient 943 476 5919 said thank you", [("nhs_number", "943 476 5919")]),
    ("NHS no 9434765919", [("nhs_number", "9434765919")]),
    ("NHS number 401-023-2137", [("nhs_number", "401-023-2137")]),
    ("Not valid: 943 476 5918", []),
    ("Not valid either: 4010232136", []),
    ("A count of 1234567890 searches", []),
    ("Order 94347659190 is too long", []),
    # names
    ("Meet with Sarah Jones next week", [("name", "Sarah Jones")]),
    ("Ask Priya Shah-Patel to co-write", [("name", "Priya Shah-Patel")]),
    ("Email Dr Patel about the pilot", [("name", "Dr Patel")]),
    ("Thank Tom O'Brien for the idea", [("name", "Tom O'Brien")]),
    ("Tell Mary Ann McDonald about it", [("name", "Mary Ann McDonald")]),
    ("Meet with Sarah Jones and Tom Brown", [("name", "Sarah Jones"), ("name", "Tom Brown")]),
    ("Call Prof. Helen Smith's team", [("name", "Prof. Helen Smith")]),
    ("Talk to Jane Doe", [("name", "Jane Doe")]),
    # a title makes a name wherever it stands, with no "ask" or "meet" before it
    ("Who is Dr Priya Sharma's contact for the KfH impact team?", [("name", "Dr Priya Sharma")]),
    ("Ask Dr Patel and Mrs Jones", [("name", "Dr Patel"), ("name", "Mrs Jones")]),
    ("Our new lead is Prof. Ann Smith", [("name", "Prof. Ann Smith")]),
    ("Professor of Nursing to open the fair", []),
    ("Send it to the Dr on call", []),
    ("Thank you to Alice Walker for hosting", [("name", "Alice Walker")]),
    ("Meet the Health & Wellbeing committee", []),
    ("Meet with Health & Wellbeing", []),
    ("Share it with the Trust", []),
    ("Tell Twitter about it", []),
    ("Work with NHS England on this", []),
    ("Meet with Head of Transformation", []),
    ("Talk to head of transformation re: impact of LKS support", []),
    ("Ask Sarah about the survey", []),
    ("Speak with Knowledge and Library Services", []),
    ("Meet with Clinical Governance Team", []),
    ("Email Medical Education by Friday", []),
    ("Contact Health Education England", []),
    ("Meet the Chief Executive on Monday", []),
    ("Tell Facebook Instagram LinkedIn followers", []),
    # postcodes
    ("Send posters to TA1 5DA", [("postcode", "TA1 5DA")]),
    ("Our address is SW1A 1AA", [("postcode", "SW1A 1AA")]),
    ("Post to SO22 5DG now", [("postcode", "SO22 5DG")]),
    ("Deliver to EC1A1BB", [("postcode", "EC1A1BB")]),
    ("Meet in room b2 1st floor", []),
    ("Plan for Q3 2025", []),
    ("Drive on the M5 in June", []),
    # several at once, in reading order
    (
        "Meet with Sarah Jones (07700 900123, sarah.jones@nhs.net) at TA1 5DA",
        [
            ("name", "Sarah Jones"),
            ("phone", "07700 900123"),
            ("email", "sarah.jones@nhs.net"),
            ("postcode", "TA1 5DA"),
        ],
    ),
    # the seed's statements carry no personal data
    ("Arrange to meet the Health & Wellbeing committee to discuss a health and wellbeing fair", []),
    ("Increase use of Twitter /Facebook / Instagram accounts for impact of service", []),
    ("Launch a library competition: tell us your library story", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_findings(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(f.kind, f.text) for f in find_personal_data(text)] == expected


def test_there_are_enough_cases_of_each_kind() -> None:
    assert len(CASES) >= 50
    positives = {kind for _, found in CASES for kind, _ in found}
    assert positives == {"email", "phone", "nhs_number", "name", "postcode"}
    assert sum(1 for _, found in CASES if not found) >= 25


def test_finding_spans_point_into_the_text_and_carry_a_message() -> None:
    text = "Patient 943 476 5919 said thank you"
    (finding,) = find_personal_data(text)
    assert isinstance(finding, Finding)
    assert text[finding.start : finding.end] == finding.text
    assert finding.message == MESSAGES["nhs_number"]
    assert "NHS number" in finding.message


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        ("9434765919", True),
        ("4010232137", True),
        ("9434765918", False),
        ("4010232136", False),
        ("123456789", False),
        ("abcdefghij", False),
        ("0000000000", True),
    ],
)
def test_nhs_check_digit(digits: str, valid: bool) -> None:
    assert is_valid_nhs_number(digits) is valid


@pytest.mark.parametrize("text", ["", "   ", "🙂", "مرحبا بكم", "\x00", "a" * 10_000])
def test_odd_input_gives_no_findings(text: str) -> None:
    assert find_personal_data(text) == ()


def test_long_text_is_fast_enough() -> None:
    text = "Meet with the Trust board and call 07700 900123 by March. " * 2000
    findings = find_personal_data(text)
    assert len(findings) == 2000
    assert {f.kind for f in findings} == {"phone"}
