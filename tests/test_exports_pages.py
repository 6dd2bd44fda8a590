"""Every document rendered to pages and looked at as a person would: how many pages, and none nearly empty.

LibreOffice converts every document in ONE soffice call (3-7 s a call, docs/field-notes.md), poppler's pdftoppm
turns each PDF into PNG pages, and each page's ink (the share of pixels that are not white, above
the footer) is measured. A page that carries only a line or two, or a lone writing line, is what
people throw away; the checks here keep every export from printing one. The run also refreshes the
templates' first-page previews (``exports/static/previews``) and the guide's document pictures
(``docs/images/document-*.png``), so both always show the real documents.
"""

from __future__ import annotations

import functools
import io
import shutil
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from PIL import Image

from bench.samples import five_steps_activities, participants_of, seed_activities, seed_workshop, synthetic_workshop
from exports import catalogue
from exports.builders import build_impact_plan, build_report, build_smart_plan, build_story_template
from exports.data import ActivityResult, ParticipantData
from surveys.documents import build_survey_results
from surveys.results import summarise
from surveys.starters import STARTERS
from tests.browser_support import ROOT, write_if_changed
from workshop.coaching.smart import smart_hints

pytestmark = pytest.mark.slow  # starts LibreOffice, servers or a fresh virtual environment: make check skips it

PREVIEWS = ROOT / "exports" / "static" / "previews"
GUIDE_IMAGES = ROOT / "docs" / "images"
RESOLUTION = 30  # dots per inch: an A4 page is 248 x 351 pixels, plenty to see what is on it
#: The least ink a page may carry (share of non-white pixels above the footer). A full page of
#: text measures 4-9 %, a page of empty writing boxes about 1.5 %; one writing line alone is 0.2 %.
MIN_INK = 0.006
#: The least of the page's height that its content must reach: a last page holding a heading and
#: two lines (the old SMART plan's third page reached 18 %) is nearly empty even if those lines are dark.
MIN_REACH = 0.25
FOOTER_SHARE = 0.08  # the bottom of the page, where "Page X of Y" is, is not content


@dataclass(frozen=True)
class Case:
    data: bytes
    max_pages: int
    preview: str = ""  # file name of the first page's preview, if the templates page shows one
    guide: str = ""  # file name in docs/images, if the guide shows the pages


def _smart_hints(person: ParticipantData) -> dict[int, tuple[str, ...]]:
    return {s.id: smart_hints(s.text).hints for s in person.statements}


def _survey_results() -> bytes:
    """A starter survey answered by 23 people (answers picked in turn, so every build is the same)."""
    design = STARTERS[0].design()
    responses = []
    for person in range(23):
        answers: dict[str, object] = {}
        for numbered in design.numbered():
            options = numbered.question.options
            if options:
                pick = options[(person * 7 + numbered.number * 3) % len(options)]
                answers[numbered.key] = [pick] if numbered.question.qtype == "multiple" else pick
            else:
                answers[numbered.key] = f"Answer {person + 1}: the evidence search saved a day of work."
        responses.append(answers)
    return build_survey_results(design, summarise(design, responses))


@functools.cache
def _cases() -> dict[str, Case]:
    seed = seed_workshop()
    people = participants_of(seed)
    three = ParticipantData(workshop=seed, participant_key="3", name="Sam", statements=seed.statements[:3])
    cases = {
        "report-seed": Case(build_report(seed), 5, guide="document-report"),
        "report-anonymous": Case(build_report(replace(seed, names_asked=False, key_messages="")), 5),
        "report-300": Case(build_report(synthetic_workshop(300)), 40),
        "report-activities": Case(build_report(replace(seed, activities=seed_activities(seed))), 6),
        "report-five-steps": Case(build_report(replace(seed, activities=five_steps_activities(seed))), 8),
        "smart-seed": Case(build_smart_plan(people[2], _smart_hints(people[2])), 2, guide="document-smart-plan"),
        "smart-three-actions": Case(build_smart_plan(three, _smart_hints(three)), 6),
        "impact-seed": Case(build_impact_plan(people[2]), 4, guide="document-impact-plan"),
        "story-seed": Case(build_story_template(seed), 3),
    }
    # 7 pages: each question's heading, chart and table move to the next page together rather than split
    cases["survey-results"] = Case(_survey_results(), 7, guide="document-survey-results")
    for template in catalogue.catalogue(STARTERS):
        cases[f"template-{template.slug}"] = Case(template.build(None), 4, preview=template.slug)
        if not template.survey:
            cases[f"headed-{template.slug}"] = Case(catalogue.one(template, seed).content, 4)
    return cases


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Image.Image]]:
    return _rendered(tmp_path_factory)[0]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _rendered(tmp_path_factory)[1]


_RENDERED: dict[str, tuple[dict[str, list[Image.Image]], dict[str, Path]]] = {}


def _rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, list[Image.Image]], dict[str, Path]]:
    if "all" not in _RENDERED:
        _RENDERED["all"] = _render_all(tmp_path_factory)
    return _RENDERED["all"]


def _render_all(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, list[Image.Image]], dict[str, Path]]:
    """Every case converted to PDF in one soffice call, then to greyscale PNG pages."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdftoppm = shutil.which("pdftoppm")
    if soffice is None or pdftoppm is None:
        pytest.fail("install libreoffice-writer-nogui and poppler-utils (make system-deps) to render the documents")
    work = tmp_path_factory.mktemp("pages")
    paths = []
    for name, case in _cases().items():
        path = work / f"{name}.docx"
        path.write_bytes(case.data)
        paths.append(path)
    subprocess.run(
        [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(work), *map(str, paths)],
        capture_output=True, timeout=600, check=False,
    )  # fmt: skip
    rendered: dict[str, list[Image.Image]] = {}
    converted: dict[str, Path] = {}
    for path in paths:
        pdf = path.with_suffix(".pdf")
        assert pdf.is_file(), f"LibreOffice did not convert {path.name}"
        prefix = work / path.stem
        subprocess.run(
            [pdftoppm, "-png", "-gray", "-r", str(RESOLUTION), str(pdf), str(prefix)], check=True, timeout=120
        )
        files = sorted(work.glob(f"{path.stem}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        rendered[path.stem] = [Image.open(file).convert("L") for file in files]
        converted[path.stem] = pdf
    return rendered, converted


def reach(page: Image.Image) -> float:
    """How far down the page above the footer the content goes (0 to 1)."""
    body = page.crop((0, 0, page.width, int(page.height * (1 - FOOTER_SHARE))))
    box = body.point(lambda value: 255 if value < 200 else 0).getbbox()
    return 0.0 if box is None else box[3] / body.height


def ink(page: Image.Image) -> float:
    """The share of the page above the footer that is not white: how much a person sees on it."""
    body = page.crop((0, 0, page.width, int(page.height * (1 - FOOTER_SHARE))))
    histogram = body.histogram()
    return sum(histogram[:200]) / (body.width * body.height)


@pytest.mark.parametrize("name", list(_cases()))
def test_every_page_of_every_document_carries_something_worth_keeping(
    pages: dict[str, list[Image.Image]], name: str
) -> None:
    case = _cases()[name]
    rendered = pages[name]

    assert 1 <= len(rendered) <= case.max_pages, f"{name}: {len(rendered)} pages, at most {case.max_pages}"
    for number, page in enumerate(rendered, 1):
        assert ink(page) >= MIN_INK, f"{name}: page {number} of {len(rendered)} is nearly empty ({ink(page):.2%} ink)"
        assert reach(page) >= MIN_REACH, (
            f"{name}: page {number} of {len(rendered)} is filled only {reach(page):.0%} down"
        )


def test_a_smart_plan_takes_at_most_two_pages_per_action(pages: dict[str, list[Image.Image]]) -> None:
    assert len(pages["smart-seed"]) == 2
    assert len(pages["smart-three-actions"]) <= 6
    assert len(pages["template-smart-action-plan"]) == 2


def _page_texts(pdf: Path) -> list[str]:
    """The text of each page (pdftotext separates pages with a form feed)."""
    done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60)
    return done.stdout.split("\f")[:-1]


def test_a_survey_questions_heading_chart_and_table_are_printed_on_one_page(pdfs: dict[str, Path]) -> None:
    """LibreOffice once left "1. What did you use…" and its "Answered by" line at the foot of a page
    with the chart and the table on the next: each question's lead line (which holds its chart) is
    now on the page of its heading and of its table's header row."""
    design = STARTERS[0].design()
    texts = _page_texts(pdfs["survey-results"])
    answers_start = next(n for n, text in enumerate(texts) if "Answers by question" in text)
    questions = list(design.numbered())
    lead_count = 0
    for number, text in enumerate(texts[answers_start:], answers_start + 1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        for index, line in enumerate(lines):
            if not line.startswith("Answered by "):
                continue
            question = questions[lead_count]
            lead_count += 1
            heading = f"{question.number}. {question.question.text}"[:30]
            assert heading in " ".join(lines[max(0, index - 3) : index]), (
                f"page {number}: question {question.number}'s heading is not on the page of its 'Answered by' line"
            )
            header = "Answer" if question.question.options else "Written answers"
            assert header in lines[index + 1 :], (
                f"page {number}: question {question.number}'s table is on the next page"
            )
    assert lead_count == len(questions)


def test_each_activitys_heading_question_chart_and_table_are_printed_on_one_page(pdfs: dict[str, Path]) -> None:
    """Issue 16: an activity's section (heading, question, the lead line holding its chart, its
    table) moves to the next page as one rather than leaving its heading at the foot of a page."""
    for case, activities in (("report-activities", seed_activities()), ("report-five-steps", five_steps_activities())):
        _assert_sections_on_one_page(_page_texts(pdfs[case]), activities)


def _assert_sections_on_one_page(texts: list[str], activities: tuple[ActivityResult, ...]) -> None:
    for activity in activities:
        heading = f"{activity.position}. {activity.heading}"
        [page] = [text for text in texts if heading in text.splitlines()]
        lines = [line.strip() for line in page.splitlines()]
        after = lines[lines.index(heading) :]
        assert activity.question[:40] in " ".join(after), f"{heading}: its question is on another page"
        if activity.kind != "statements":  # pdftotext may read a table out of order, so anywhere on the page
            assert activity.item_label in lines and activity.items[0].label in page, (
                f"{heading}: its table is on another page"
            )


def _save_png(image: Image.Image, path: Path, *, width: int) -> None:
    """A small palette PNG, written only when the page looks different, so unchanged documents leave git clean."""
    path.parent.mkdir(parents=True, exist_ok=True)
    height = round(width * 297 / 210)  # an A4 portrait box; a landscape page sits in its middle
    fitted = image.copy()
    fitted.thumbnail((width, height), Image.Resampling.LANCZOS)
    small = Image.new("L", (width, height), 255)
    small.paste(fitted, ((width - fitted.width) // 2, (height - fitted.height) // 2))
    buffer = io.BytesIO()
    small.quantize(colors=16, dither=Image.Dither.NONE).save(buffer, format="PNG", optimize=True)
    write_if_changed(path, buffer.getvalue())


def test_the_templates_page_previews_and_the_guides_pictures_are_the_real_first_pages(
    pages: dict[str, list[Image.Image]], pdfs: dict[str, Path]
) -> None:
    for name, case in _cases().items():
        if case.preview:
            _save_png(pages[name][0], PREVIEWS / f"{case.preview}.png", width=105)
        if case.guide:  # readable in the guide: the first page at 60 dpi
            prefix = pdfs[name].with_name(f"guide-{name}")
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-gray",
                    "-r",
                    "60",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    str(pdfs[name]),
                    str(prefix),
                ],
                check=True,
                timeout=60,
            )
            with Image.open(prefix.with_suffix(".png")) as first:
                _save_png(first.convert("L"), GUIDE_IMAGES / f"{case.guide}.png", width=496)
    previews = {path.stem for path in PREVIEWS.glob("*.png")}
    assert previews >= {t.slug for t in catalogue.catalogue(STARTERS)}
    for path in PREVIEWS.glob("*.png"):
        with Image.open(path) as image:
            assert image.size == (105, 148), path.name
        assert path.stat().st_size < 8_000, f"{path.name} is too heavy for a phone"
