"""File names and ZIPs: what the facilitator sees in their downloads folder."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from bench.samples import participants_of, seed_workshop
from exports.builders import (
    build_impact_plan,
    build_plans_zip,
    build_smart_plan,
    filename_for,
)
from exports.data import ParticipantData, WorkshopData
from tests.docs_helpers import open_docx
from workshop.common.naming import slugify

SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*\.(docx|zip)$")


def test_file_names_say_which_workshop_which_day_and_which_document() -> None:
    workshop = seed_workshop()

    assert filename_for("report", workshop) == "impact-workshop-taunton-2026-11-20-report.docx"
    assert filename_for("smart-plans", workshop) == ("impact-workshop-taunton-2026-11-20-smart-plans.zip")
    assert filename_for("smart-plan", workshop, person="Zoë O'Brien") == (
        "impact-workshop-taunton-2026-11-20-zoe-o-brien-smart-plan.docx"
    )
    assert filename_for("story-template", None) == "impact-workshop-story-template.docx"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Atelier d'impact – Zürich", "atelier-d-impact-zurich-2026-11-20-report.docx"),
        ("", "impact-workshop-2026-11-20-report.docx"),
        ("ورشة عمل 🎉", "impact-workshop-2026-11-20-report.docx"),
        ("../../etc/passwd\x00", "etc-passwd-2026-11-20-report.docx"),
        ("CON", "con-2026-11-20-report.docx"),
        ("x" * 300, "x" * 60 + "-2026-11-20-report.docx"),
    ],
)
def test_file_names_are_ascii_slugs(title: str, expected: str) -> None:
    workshop = WorkshopData(title=title, code="C", date=date(2026, 11, 20))

    name = filename_for("report", workshop)

    assert name == expected
    assert SAFE_NAME.match(name)


def test_slugs_cut_at_a_word_boundary() -> None:
    assert slugify("Demonstrating impact in five easy steps workshop", max_length=30) == (
        "demonstrating-impact-in-five"
    )


def test_unknown_kinds_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown export kind"):
        filename_for("spreadsheet", None)


def test_zip_holds_one_plan_per_participant_with_safe_unique_names() -> None:
    workshop = seed_workshop()
    people = participants_of(workshop)
    people += [
        ParticipantData(workshop, "evil", name="../../etc/passwd", statements=()),
        ParticipantData(workshop, "dup1", name="Sam Jones"),
        ParticipantData(workshop, "dup2", name="Sam Jones"),
        ParticipantData(workshop, "rtl", name="שרה"),
    ]

    for builder, kind in ((build_smart_plan, "smart-plan"), (build_impact_plan, "impact-plan")):
        archive = zipfile.ZipFile(io.BytesIO(build_plans_zip(people, builder)))
        names = archive.namelist()

        assert len(names) == len(people) == len(set(names))
        assert all(SAFE_NAME.match(name) for name in names), names
        assert names[0] == f"001-participant-1-{kind}.docx"
        assert f"018-etc-passwd-{kind}.docx" in names
        assert f"019-sam-jones-{kind}.docx" in names and f"020-sam-jones-{kind}.docx" in names
        assert f"021-participant-{kind}.docx" in names
        assert archive.testzip() is None
        first = open_docx(archive.read(names[0]))
        assert people[0].statements[0].text in [p.text for p in first.paragraphs]


def test_zip_of_nobody_is_an_empty_archive() -> None:
    data = build_plans_zip([], build_smart_plan)

    assert zipfile.ZipFile(io.BytesIO(data)).namelist() == []


def test_zip_is_reproducible_for_the_same_data() -> None:
    workshop = seed_workshop()
    people = participants_of(replace(workshop, statements=workshop.statements[:3]))

    def stable(participant: ParticipantData) -> bytes:
        return build_smart_plan(participant, created=datetime(2026, 11, 20, tzinfo=UTC))

    assert build_plans_zip(people, stable, kind="smart-plan") == build_plans_zip(people, stable, kind="smart-plan")
