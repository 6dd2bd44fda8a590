"""Results summary: counts, percentages of those who answered, response rate, free text kept."""

from __future__ import annotations

import dataclasses
import io

from openpyxl import load_workbook

from surveys.design import NOT_APPLICABLE, Condition, Question, Section, SurveyDesign, scale_options
from surveys.downloads import results_xlsx
from surveys.results import changed_questions, summarise, summarise_versions

DESIGN = SurveyDesign(
    title="Search follow-up",
    target_group="Stroke unit nurses",
    audience_size=8,
    sections=(
        Section(
            "Impact",
            (
                Question("Did the search save you time?", "yes_no_na", scale_options("yes_no_na"), key="saved"),
                Question(
                    "What did you use it for?",
                    "multiple",
                    ("Patient care", "Teaching", "Research"),
                    key="use",
                ),
                Question("How likely are you to recommend us?", "rating10", scale_options("rating10"), key="nps"),
            ),
        ),
        Section(
            "More",
            (Question("Anything else?", "free_text"),),  # no key: known as q4
        ),
    ),
)

RESPONSES = [
    {"saved": "Yes", "use": ["Patient care", "Teaching"], "nps": 9, "q4": "Very quick, thanks."},
    {"saved": "yes ", "use": ["Patient care"], "nps": "7", "q4": "  "},
    {"saved": "No", "use": ["Research", "Something new"], "nps": NOT_APPLICABLE},
    {"saved": None, "use": [], "nps": 10.0, "q4": "Line one\r\nline two\x00"},
]


def by_key(results, key):  # type: ignore[no-untyped-def]
    return next(question for question in results.questions if question.key == key)


def test_response_count_and_rate() -> None:
    results = summarise(DESIGN, RESPONSES)
    assert results.response_count == 4
    assert results.audience_size == 8
    assert results.response_rate == 50.0
    assert results.title == "Search follow-up" and results.target_group == "Stroke unit nurses"


def test_single_answer_counts_and_percentages_use_those_who_answered() -> None:
    saved = by_key(summarise(DESIGN, RESPONSES), "saved")
    assert (saved.answered, saved.skipped) == (3, 1)
    assert [(o.option, o.count, o.percent) for o in saved.options] == [
        ("Yes", 2, 66.7),
        ("No", 1, 33.3),
        (NOT_APPLICABLE, 0, 0.0),
    ]


def test_tick_all_that_apply_can_add_up_to_more_than_a_hundred() -> None:
    use = by_key(summarise(DESIGN, RESPONSES), "use")
    assert use.answered == 3 and use.skipped == 1
    counts = {o.option: (o.count, o.percent) for o in use.options}
    assert counts == {"Patient care": (2, 66.7), "Teaching": (1, 33.3), "Research": (1, 33.3)}
    assert sum(o.percent for o in use.options) > 100
    assert use.free_text == ("Something new",)  # an answer matching no option is kept, not dropped


def test_rating_counts_mean_and_median_exclude_opt_outs() -> None:
    nps = by_key(summarise(DESIGN, RESPONSES), "nps")
    assert nps.answered == 4
    counts = {o.option: o.count for o in nps.options if o.count}
    assert counts == {"7": 1, "9": 1, "10": 1, NOT_APPLICABLE: 1}
    assert nps.mean == 8.7 and nps.median == 9.0


def test_free_text_is_cleaned_and_blank_answers_are_skips() -> None:
    text = by_key(summarise(DESIGN, RESPONSES), "q4")
    assert text.number == 4 and text.ref == (1, 0)
    assert text.free_text == ("Very quick, thanks.", "Line one\nline two")
    assert (text.answered, text.skipped) == (2, 2)
    assert text.options == () and text.mean is None


def test_unknown_audience_gives_no_rate_and_no_responses_give_zeros() -> None:
    unknown = summarise(dataclasses.replace(DESIGN, audience_size=None), RESPONSES)
    assert unknown.response_rate is None and unknown.audience_size is None
    empty = summarise(DESIGN, [])
    assert empty.response_count == 0 and empty.response_rate == 0.0
    assert all(q.answered == 0 and all(o.percent == 0.0 for o in q.options) for q in empty.questions)


def test_two_thousand_responses_add_up() -> None:
    responses = [{"saved": ("Yes", "No", NOT_APPLICABLE)[i % 3], "nps": i % 11} for i in range(2000)]
    results = summarise(dataclasses.replace(DESIGN, audience_size=4000), responses)
    saved = by_key(results, "saved")
    assert [o.count for o in saved.options] == [667, 667, 666]
    assert results.response_rate == 50.0
    assert sum(o.count for o in by_key(results, "nps").options) == 2000


def test_net_promoter_score_is_promoters_minus_detractors_when_the_designer_asks_for_it() -> None:
    from surveys.results import net_promoter_score, nps_sentence

    nps = Question("How likely are you to recommend us to a colleague?", "nps", scale_options("nps"), key="n")
    plain = Question("How would you rate the search?", "rating10", scale_options("rating10"), key="r")
    design = SurveyDesign(title="NPS", sections=(Section("", (nps, plain)),))
    scores = ["10", "9", "9", "8", "7", "6", "0", "10", "3", "9"]
    results = summarise(design, [{"n": s, "r": s} for s in scores])
    by_key = {r.key: r for r in results.questions}
    assert by_key["n"].nps == net_promoter_score([float(s) for s in scores])
    assert (by_key["n"].nps.promoters, by_key["n"].nps.passives, by_key["n"].nps.detractors) == (5, 2, 3)
    assert by_key["n"].nps.score == 20
    assert by_key["r"].nps is None and by_key["r"].mean == by_key["n"].mean
    assert nps_sentence(by_key["n"].nps).startswith("Net Promoter Score: +20 (5 promoters")
    assert net_promoter_score([0.0, 1.0]).score == -100
    assert "Not applicable" not in scale_options("nps")


def _report_with_nps() -> tuple[SurveyDesign, bytes]:
    import io

    from surveys.documents import build_survey_results

    impact = DESIGN.sections[0]
    nps = Question("How likely are you to recommend the library to a colleague?", "nps", scale_options("nps"), key="p")
    design = dataclasses.replace(DESIGN, sections=(dataclasses.replace(impact, questions=(*impact.questions, nps)),))
    responses = [{**r, "p": s} for r, s in zip(RESPONSES, (10, 9, 6, 8), strict=True)]
    data = build_survey_results(design, summarise(design, responses))
    assert io.BytesIO(data).read(2) == b"PK"
    return design, data


def test_the_word_report_has_headline_findings_and_a_chart_with_alt_text_and_a_table_per_closed_question() -> None:
    import io

    from docx import Document
    from docx.oxml.ns import qn

    design, data = _report_with_nps()
    document = Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name.startswith("Heading")]
    assert headings.index("Headline findings") < headings.index("Answers by question")
    bullets = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "List Bullet"]
    assert "1. Did the search save you time? Most chosen: “Yes” (66.7 %, 2 of 3)." in bullets
    assert "3. How likely are you to recommend us? Average 8.7 out of 10 (n = 3)." in bullets
    assert any(
        b.startswith("4. How likely are you to recommend the library") and "Net Promoter Score +25" in b
        for b in bullets
    )

    closed = [q for q in design.numbered() if q.question.qtype != "free_text"]
    pictures = list(document.element.body.iter(qn("wp:docPr")))
    assert len(document.inline_shapes) == len(pictures) == len(closed) == 4
    for picture, numbered in zip(pictures, closed, strict=True):
        assert picture.get("descr", "").startswith(f"Bar chart of the answers to question {numbered.number}")
    assert "Yes: 2 (66.7%)" in pictures[0].get("descr")
    answer_tables = [t for t in document.tables if t.rows[0].cells[0].text == "Answer"]
    assert len(answer_tables) == 4
    first = [[c.text for c in row.cells] for row in answer_tables[0].rows]
    assert first[0] == ["Answer", "Count", "Percent"]
    assert first[1:3] == [["Yes", "2", "66.7%"], ["No", "1", "33.3%"]]


def test_a_question_the_skip_logic_hid_counts_its_respondents_as_not_asked_not_skipped() -> None:
    used = Question("Have you used it yet?", "yes_no_na", scale_options("yes_no_na"), key="used")
    how = Question("How did you use it?", "free_text", key="how", condition=Condition("used", ("Yes",)))
    design = SurveyDesign(title="Follow-up", sections=(Section("", (used, how)),))
    results = summarise(design, [{"used": "Yes", "how": "In a ward round"}, {"used": "Yes"}, {"used": "No"}, {}])
    by_key = {q.key: q for q in results.questions}
    assert (by_key["how"].answered, by_key["how"].skipped, by_key["how"].not_asked) == (1, 1, 2)
    assert (by_key["used"].answered, by_key["used"].skipped, by_key["used"].not_asked) == (3, 1, 0)


def test_versions_count_together_where_a_question_kept_its_meaning() -> None:
    saved = DESIGN.sections[0].questions[0]
    reworded = dataclasses.replace(saved, text="Did the search save you time this month?")
    second = dataclasses.replace(
        DESIGN,
        sections=(dataclasses.replace(DESIGN.sections[0], questions=(reworded, *DESIGN.sections[0].questions[1:])),),
    )
    newer = [{"saved": "No", "use": ["Teaching"], "nps": 8}]
    together = summarise_versions([(1, DESIGN, RESPONSES), (2, second, newer)])
    by_key = {q.key: q for q in together.questions}
    assert together.response_count == 5
    assert by_key["saved"].versions == (2,) and by_key["saved"].answered == 1  # the new wording's answers only
    assert by_key["use"].versions == (1, 2) and by_key["use"].answered == 4  # one of the five ticked nothing
    assert "q4" not in by_key  # the newest version dropped the second section
    earlier = changed_questions(summarise(DESIGN, RESPONSES), together, 1)
    assert [q.key for q in earlier.questions] == ["saved", "q4"]


def test_the_workbook_holds_the_figures_the_report_leads_with_as_numbers() -> None:
    rows = [(i, "2026-12-07T10:00:00", answers) for i, answers in enumerate(RESPONSES, 1)]
    workbook = load_workbook(io.BytesIO(results_xlsx(DESIGN, summarise(DESIGN, RESPONSES), rows)))
    summary = {(row[0][:3], row[1]): row[2] for row in workbook["Summary"].iter_rows(values_only=True) if row[0]}
    assert summary[("Q3.", "(average, out of 10)")] == 8.7 and summary[("Q3.", "(median)")] == 9
    assert summary[("Q1.", "(skipped)")] == 1
    scores = [row[4] for row in workbook["Responses"].iter_rows(min_row=2, values_only=True)]
    assert 9 in scores and 10 in scores and "9" not in scores  # numbers a sheet can average
