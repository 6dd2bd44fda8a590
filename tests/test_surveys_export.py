"""The survey's Word documents: read back with python-docx, and converted to PDF by LibreOffice.

LibreOffice tolerates XML that Word rejects, so documents are read back as well as converted;
all files go through one ``soffice`` call because each start costs seconds (docs/field-notes.md).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import uuid
from pathlib import Path

import docx
import pytest
import qrcode
from docx.oxml.ns import qn

from surveys.bank import get, load_bank
from surveys.design import Question, Section, SurveyDesign, scale_options
from surveys.documents import BOX, build_survey_form, build_survey_results
from surveys.results import summarise

URL = "https://kit.example.org/s/ABC123"
NUMBERED = re.compile(r"^(\d+)\. ")


def qr_png(data: str) -> bytes:
    buffer = io.BytesIO()
    qrcode.make(data).save(buffer, format="PNG")
    return buffer.getvalue()


def full_design() -> SurveyDesign:
    bank = [get(qid).to_question() for qid in ("care-decision", "care-advice", "care-confidence", "sat-relevant")]
    return SurveyDesign(
        title="Literature search follow-up",
        purpose="To find out whether our literature searches informed patient care.",
        target_group="Nurses on the stroke unit",
        audience_size=40,
        introduction="Thank you for asking us for a literature search.",
        consent_text="Taking part is voluntary. Answers are anonymous.",
        closing_message="Thank you for your time.",
        sections=(
            Section("Your search", (bank[0], bank[1], bank[2], bank[3], get("time-amount").to_question())),
            Section(
                "About the service",
                (
                    get("sat-recommend").to_question(),
                    get("use-purpose-all").to_question(required=True),
                    Question("How often do you use the library?", "frequency", scale_options("frequency")),
                    get("sat-improve").to_question(),
                ),
                introduction="A few questions about the service in general.",
            ),
        ),
    )


HOSTILE = "Bad\x00\x07\x0b text 🙂👩🏽‍⚕️ <b>html</b> &amp; \ud800 هل ساعدتك المعلومات؟"


def hostile_design() -> SurveyDesign:
    options = (HOSTILE, "", "x" * 500, "<script>")
    return SurveyDesign(
        title=HOSTILE,
        purpose=HOSTILE,
        target_group=HOSTILE,
        audience_size=-1,
        introduction=HOSTILE + "\r\nsecond line\ttab",
        consent_text=HOSTILE,
        closing_message=HOSTILE,
        sections=(
            Section(
                HOSTILE,
                tuple(
                    Question(HOSTILE, qtype, options, help_text=HOSTILE)
                    for qtype in (
                        "agreement5",
                        "agreement5",
                        "single",
                        "multiple",
                        "rating10",
                        "free_text",
                        "yes_no_na",
                    )
                ),
                introduction=HOSTILE,
            ),
            Section("", (Question("", "single", ()),)),
        ),
    )


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    design = full_design()
    bank_design = SurveyDesign(
        "Every bank question", sections=(Section("All", tuple(q.to_question() for q in load_bank())),)
    )
    responses = [
        {"q1": "Yes", "q7": ["Research", "Other"], "q6": 8, "q9": "More evening opening"},
        {"q1": "No", "q7": ["Direct patient care"], "q6": "10", "q9": HOSTILE},
        {"q1": HOSTILE, "q7": [HOSTILE]},
    ]
    return {
        "form": build_survey_form(design, online_url=URL, qr_png=qr_png(URL)),
        "form_qr_only": build_survey_form(design, qr_png=qr_png(URL)),
        "form_bank": build_survey_form(bank_design),
        "form_hostile": build_survey_form(hostile_design(), online_url=URL + "?x=<1>&y=\x00", qr_png=qr_png(URL)),
        "results": build_survey_results(design, summarise(design, responses)),
        "results_hostile": build_survey_results(
            hostile_design(), summarise(hostile_design(), [{"q1": HOSTILE, "q6": HOSTILE}])
        ),
        "results_empty": build_survey_results(bank_design, summarise(bank_design, [])),
    }


def read(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def texts(document: docx.document.Document) -> list[str]:
    """Paragraph texts, then the texts of every table cell, in order."""
    found = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            found.extend(cell.text for cell in row.cells)
    return found


def headings(document: docx.document.Document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]


def test_form_has_title_sections_and_consent(documents: dict[str, bytes]) -> None:
    document = read(documents["form"])
    found = headings(document)
    assert found[0] == ("Title", "Literature search follow-up")
    names = [text for _, text in found]
    for expected in (
        "About this survey",
        "Your answers and your privacy",
        "Answer online",
        "Your search",
        "About the service",
        "Thank you",
    ):
        assert expected in names
    assert all(style in {"Title", "Heading 1", "Heading 2"} for style, _ in found)
    body = "\n".join(texts(document))
    assert "Taking part is voluntary. Answers are anonymous." in body
    assert "Nurses on the stroke unit" in body
    assert document.core_properties.title == "Literature search follow-up"


def test_every_question_is_numbered_once_in_order(documents: dict[str, bytes]) -> None:
    document = read(documents["form"])
    numbers = [int(m.group(1)) for text in texts(document) if (m := NUMBERED.match(text))]
    assert sorted(numbers) == list(range(1, full_design().question_count + 1))
    bank = read(documents["form_bank"])
    bank_numbers = [int(m.group(1)) for text in texts(bank) if (m := NUMBERED.match(text))]
    assert sorted(bank_numbers) == list(range(1, len(load_bank()) + 1))


def test_options_have_tick_boxes(documents: dict[str, bytes]) -> None:
    document = read(documents["form"])
    paragraphs = [p.text for p in document.paragraphs]
    for option in get("use-purpose-all").options + get("time-amount").options:
        assert f"{BOX}  {option}" in paragraphs
    assert "Tick all that apply." in paragraphs
    assert "(required)" in "\n".join(paragraphs)


def test_agreement_questions_in_a_row_share_one_grid_with_a_repeating_header(documents: dict[str, bytes]) -> None:
    document = read(documents["form"])
    grids = [t for t in document.tables if t.rows[0].cells[0].text == "Statement"]
    assert len(grids) == 1  # three agreement statements together; the frequency question alone is tick boxes
    alone = next(p for p in document.paragraphs if p.text.startswith("8. How often"))
    assert alone.paragraph_format.keep_with_next  # its options follow it, not a one-row matrix
    agreement = grids[0]
    header = [cell.text for cell in agreement.rows[0].cells]
    assert header == ["Statement", *scale_options("agreement5")]
    assert [row.cells[0].text.split(".")[0] for row in agreement.rows[1:]] == ["2", "3", "4"]
    assert all(cell.text == BOX for row in agreement.rows[1:] for cell in row.cells[1:])
    for table in document.tables:
        tr_pr = table.rows[0]._tr.trPr
        assert tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None


def test_rating_is_a_row_of_boxes(documents: dict[str, bytes]) -> None:
    document = read(documents["form"])
    rating = next(t for t in document.tables if t.rows[0].cells[0].text == "0")
    assert [c.text for c in rating.rows[0].cells] == list(scale_options("rating10"))
    assert {c.text for c in rating.rows[1].cells} == {BOX}


def test_free_text_gets_lines_to_write_on(documents: dict[str, bytes]) -> None:
    body = read(documents["form"]).element.body
    leaders = body.findall(f".//{qn('w:tab')}[@{qn('w:leader')}='underscore']")
    assert len(leaders) >= 4


def test_qr_code_has_alt_text_naming_the_link(documents: dict[str, bytes]) -> None:
    document = read(documents["form"])
    pictures = document.element.body.findall(f".//{qn('wp:docPr')}")
    assert len(pictures) == 1
    assert URL in pictures[0].get("descr") and pictures[0].get("descr").startswith("QR code")
    assert URL in [rel.target_ref for rel in document.part.rels.values() if rel.is_external]
    qr_only = read(documents["form_qr_only"])
    assert len(qr_only.element.body.findall(f".//{qn('wp:docPr')}")) == 1
    assert "by scanning the QR code" in "\n".join(p.text for p in qr_only.paragraphs)


def test_hostile_text_builds_and_reads_back(documents: dict[str, bytes]) -> None:
    for name in ("form_hostile", "results_hostile"):
        document = read(documents[name])
        body = "\n".join(texts(document))
        assert "\x00" not in body and "\x07" not in body
        assert "🙂👩🏽‍⚕️" in body and "هل ساعدتك المعلومات؟" in body and "<b>html</b> &amp;" in body
    numbers = [m.group(1) for t in texts(read(documents["form_hostile"])) if (m := NUMBERED.match(t))]
    assert sorted(map(int, numbers)) == list(range(1, 9))


def test_results_report_states_response_rate_and_answers(documents: dict[str, bytes]) -> None:
    document = read(documents["results"])
    names = [text for _, text in headings(document)]
    assert names[0] == "Literature search follow-up: results"
    assert "Summary" in names and "Answers by question" in names
    assert any(name.startswith("1. Did the information contribute") for name in names)
    body = "\n".join(texts(document))
    assert "Response rate: 7.5% (3 of 40 invited)" in body
    assert "Fewer than 10 people answered" in body
    answer_tables = [t for t in document.tables if [c.text for c in t.rows[0].cells] == ["Answer", "Count", "Percent"]]
    assert len(answer_tables) == full_design().question_count - 1  # all but the free-text question
    yes_row = [c.text for c in answer_tables[0].rows[1].cells]
    assert yes_row == ["Yes", "1", "33.3%"]
    assert "More evening opening" in body
    assert "Average score 9, median 9" in body
    empty = "\n".join(texts(read(documents["results_empty"])))
    assert "Not known: the number of people invited was not recorded." in empty


@pytest.mark.slow  # starts LibreOffice
def test_documents_convert_to_pdf_with_libreoffice(
    documents: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory
) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    folder = tmp_path_factory.mktemp("survey_docs")
    paths = []
    for name, data in documents.items():
        path = folder / f"{name}.docx"
        path.write_bytes(data)
        paths.append(path)
    profile = Path(f"/tmp/lo-surveys-{uuid.uuid4().hex}")
    try:
        completed = subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder),
                *map(str, paths),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    for path in paths:
        pdf = path.with_suffix(".pdf")
        assert pdf.exists(), f"{pdf.name} not produced: {completed.stdout} {completed.stderr}"
        content = pdf.read_bytes()
        assert content.startswith(b"%PDF") and len(content) > 2000


def test_other_please_specify_gets_a_line_to_write_on() -> None:
    options = ("Research", "Teaching", "Other — please specify", "Not applicable")
    asked = Question("What did you use it for?", "single", options, key="use")
    design = SurveyDesign(title="Use", sections=(Section("", (asked,)),))
    document = docx.Document(io.BytesIO(build_survey_form(design)))
    paragraphs = document.paragraphs
    other = next(i for i, p in enumerate(paragraphs) if p.text.endswith("Other — please specify"))
    line = paragraphs[other + 1]
    assert line.text == "\t" and line.paragraph_format.tab_stops[0].leader is not None  # a ruled line
    assert paragraphs[other].paragraph_format.keep_with_next  # the line stays with its box
    assert paragraphs[other + 2].text.endswith("Not applicable")


def test_a_lone_scale_question_is_never_a_one_row_table() -> None:
    agree = scale_options("agreement5")
    alone = Question("The search saved me time.", "agreement5", agree, key="a")
    story = Question("Tell us more.", "free_text", key="b")
    pair = Question("The search was relevant.", "agreement5", agree, key="c")
    design = SurveyDesign(title="Grid", sections=(Section("", (alone, story, pair)),))
    document = docx.Document(io.BytesIO(build_survey_form(design)))
    assert all(len(table.rows) > 2 for table in document.tables)  # a grid has a header and two rows or more
    texts = [p.text for p in document.paragraphs]
    assert any(t.endswith("Strongly agree") for t in texts)  # the lone ones have tick boxes instead
