"""Bar charts of a survey's closed questions, for the Word results report.

One bar per answer, labelled with its count and percentage (the kit's one bar chart,
``workshop.common.charts``); the alt text states the same figures, so a screen-reader user gets
everything the picture shows. Pure: a question's result in, PNG bytes out.
"""

from __future__ import annotations

from surveys.design import QuestionResult
from workshop.common.charts import Bar, bar_chart_png


def chart_png(result: QuestionResult) -> bytes:
    """A bar chart of ``result``'s answers (bar lengths in proportion to the answers' counts)."""
    return bar_chart_png(
        [Bar(option.option, option.percent, f"{option.count} ({option.percent:g}%)") for option in result.options]
    )


def chart_alt_text(result: QuestionResult) -> str:
    """The chart in words: every answer with its count and percentage, and how many answered."""
    figures = "; ".join(f"{option.option}: {option.count} ({option.percent:g}%)" for option in result.options)
    return f"Bar chart of the answers to question {result.number}, answered by {result.answered}. {figures}."
