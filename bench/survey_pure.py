"""Benchmark of the survey's pure parts: the Word form, the results summary and report, the checks.

Usage:  python bench/survey_pure.py

Targets (issue 5): a 40-question survey exports to Word in under 1 s; the results of 2,000
responses are summarised in under 1 s. Figures are the best of 5 runs; no assertions, the
numbers are the output (the web render of the results is measured with the views).

(Named so that it does not shadow the ``exports`` or ``surveys`` package: Python puts this
script's folder first on ``sys.path``.)
"""

from __future__ import annotations

import io
import random
import time
from collections.abc import Callable
from typing import TypeVar

import qrcode

from surveys.bank import load_bank
from surveys.design import Section, SurveyDesign
from surveys.documents import build_survey_form, build_survey_results
from surveys.lint import lint
from surveys.results import summarise

T = TypeVar("T")
RUNS = 5


def best_of(action: Callable[[], T], runs: int = RUNS) -> tuple[float, T]:
    """The fastest of ``runs`` timings, with the result of the last run."""
    best = float("inf")
    result: T
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - start)
    return best, result


def design_of(count: int) -> SurveyDesign:
    """A survey of ``count`` bank questions, cycling through the bank, in sections of ten."""
    bank = load_bank()
    questions = [bank[i % len(bank)].to_question() for i in range(count)]
    sections = tuple(Section(f"Part {i // 10 + 1}", tuple(questions[i : i + 10])) for i in range(0, count, 10))
    return SurveyDesign(
        title=f"Benchmark survey of {count} questions",
        purpose="To measure how long the pure survey functions take.",
        target_group="Nurses on the stroke unit",
        audience_size=4000,
        introduction="An introduction of a sentence or two.",
        consent_text="Taking part is voluntary. Answers are anonymous and stored securely.",
        sections=sections,
    )


def responses_for(design: SurveyDesign, count: int, seed: int = 5) -> list[dict[str, object]]:
    """Made-up responses: most questions answered, a few skipped, some free text."""
    rng = random.Random(seed)
    responses: list[dict[str, object]] = []
    for _ in range(count):
        response: dict[str, object] = {}
        for numbered in design.numbered():
            question = numbered.question
            if rng.random() < 0.1:
                continue
            if question.qtype == "free_text":
                response[numbered.key] = "The search found two guidelines we had missed." if rng.random() < 0.3 else ""
            elif question.qtype == "multiple":
                response[numbered.key] = rng.sample(question.options, k=rng.randint(1, 3))
            else:
                response[numbered.key] = rng.choice(question.options)
        responses.append(response)
    return responses


def main() -> None:
    buffer = io.BytesIO()
    qrcode.make("https://kit.example.org/s/ABC123").save(buffer, format="PNG")
    qr = buffer.getvalue()

    print(f"{'questions':>9}  {'form .docx':>10}  {'size':>8}  {'lint':>8}")
    for count in (10, 40, 100):
        design = design_of(count)
        seconds, data = best_of(
            lambda d=design: build_survey_form(d, online_url="https://kit.example.org/s/ABC123", qr_png=qr)
        )
        lint_seconds, _ = best_of(lambda d=design: lint(d))
        print(f"{count:>9}  {seconds:>9.3f}s  {len(data) // 1024:>6} KB  {lint_seconds * 1000:>6.1f}ms")

    design = design_of(40)
    print()
    print(f"{'responses':>9}  {'summarise':>10}  {'results .docx':>13}  {'size':>8}")
    for count in (200, 2000, 10000):
        responses = responses_for(design, count)
        seconds, results = best_of(lambda r=responses: summarise(design, r))
        report_seconds, data = best_of(lambda r=results: build_survey_results(design, r), runs=3)
        print(f"{count:>9}  {seconds:>9.3f}s  {report_seconds:>12.3f}s  {len(data) // 1024:>6} KB")


if __name__ == "__main__":
    main()
