"""Summarise survey responses: counts and percentages per option, free-text answers, response rate.

The web side collects responses as plain mappings (question key → answer) and calls
:func:`summarise`; the results page and the Word results report both show its output, so the
figures in the room and in the report are always the same. Pure: no Flask, no database.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TypeAlias

from surveys.design import (
    OTHER_SUFFIX,
    RANKING,
    RATING_TYPES,
    NetPromoterScore,
    NumberedQuestion,
    OptionCount,
    QuestionResult,
    SurveyDesign,
    SurveyResults,
    kept_meaning,
)
from surveys.logic import conditions_of, visible_keys
from workshop.common.text import clean_text

#: One answer as stored: an option's text (or a number for rating10), a list of options for
#: tick-all-that-apply questions, free text, or ``None`` when the question was skipped.
Answer: TypeAlias = str | int | float | Sequence[str] | None


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def _as_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(str(value), single_line=True) if value is not None else ""


def _summarise_ranking(numbered: NumberedQuestion, responses: Sequence[Mapping[str, Answer]]) -> QuestionResult:
    """A ranking: each item's mean rank (1 is first) among the people who ranked, best first."""
    items = numbered.question.options
    ranks: dict[str, list[int]] = {item: [] for item in items}
    answered = 0
    for response in responses:
        value = response.get(numbered.key)
        if not isinstance(value, list | tuple) or sorted(map(str, value)) != sorted(items):
            continue
        answered += 1
        for rank, item in enumerate(value, start=1):
            ranks[str(item)].append(rank)
    means = [(item, round(statistics.fmean(given), 2)) for item, given in ranks.items() if given]
    return QuestionResult(
        number=numbered.number,
        ref=numbered.ref,
        key=numbered.key,
        text=numbered.question.text,
        qtype=RANKING,
        answered=answered,
        skipped=len(responses) - answered,
        mean_ranks=tuple(sorted(means, key=lambda pair: (pair[1], items.index(pair[0])))),
    )


def _summarise_question(numbered: NumberedQuestion, responses: Sequence[Mapping[str, Answer]]) -> QuestionResult:
    question = numbered.question
    if question.qtype == RANKING:
        return _summarise_ranking(numbered, responses)
    options = question.options
    index = {clean_text(option, single_line=True).casefold(): i for i, option in enumerate(options)}
    verbatim = {option: i for i, option in enumerate(options)}
    counts = [0] * len(options)
    texts: list[str] = []
    numbers: list[float] = []
    answered = 0

    for response in responses:
        value = response.get(numbered.key)
        if value is None:
            continue
        if question.qtype == "free_text":
            text = clean_text(str(value)) if not isinstance(value, (list, tuple)) else ""
            if text:
                answered += 1
                texts.append(text)
            continue
        items: list[object] = [value] if isinstance(value, str | int | float) else list(value)
        if question.qtype != "multiple":
            items = items[:1]  # a one-answer question keeps the first answer of a malformed list
        chosen: set[int] = set()
        unmatched: list[str] = []
        for item in items:
            exact = verbatim.get(item) if isinstance(item, str) else None
            if exact is not None:  # the usual case: the stored answer is the option itself
                chosen.add(exact)
                continue
            text = _as_text(item)
            if not text:
                continue
            position = index.get(text.casefold())
            if position is None:
                unmatched.append(text)
            else:
                chosen.add(position)
        if not chosen and not unmatched:
            continue
        answered += 1
        for position in chosen:
            counts[position] += 1
            if question.qtype in RATING_TYPES and options[position].isdigit():
                numbers.append(float(options[position]))
        texts.extend(unmatched)
        if isinstance(specified := response.get(numbered.key + OTHER_SUFFIX), str) and specified.strip():
            texts.append(clean_text(specified, single_line=True))

    return QuestionResult(
        number=numbered.number,
        ref=numbered.ref,
        key=numbered.key,
        text=question.text,
        qtype=question.qtype,
        answered=answered,
        skipped=len(responses) - answered,
        options=tuple(
            OptionCount(option, count, _percent(count, answered)) for option, count in zip(options, counts, strict=True)
        ),
        free_text=tuple(texts),
        mean=round(statistics.fmean(numbers), 1) if numbers else None,
        median=float(statistics.median(numbers)) if numbers else None,
        nps=net_promoter_score(numbers) if question.qtype == "nps" and numbers else None,
    )


def net_promoter_score(scores: Sequence[float]) -> NetPromoterScore:
    """The Net Promoter Score of 0-10 scores: % scoring 9 or 10 minus % scoring 0 to 6, rounded."""
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    passives = len(scores) - promoters - detractors
    return NetPromoterScore(round(100 * (promoters - detractors) / len(scores)), promoters, passives, detractors)


def summarise(design: SurveyDesign, responses: Sequence[Mapping[str, Answer]]) -> SurveyResults:
    """Results of ``design`` from its ``responses``, each a mapping of question key to answer.

    Percentages are of the people who answered each question; answers that match no option
    (an old option since renamed, or an "Other" typed in) are kept as text rather than dropped,
    so nothing a respondent said disappears from the report. The response rate is left unknown
    when the design does not say how many people were invited, rather than guessed.
    """
    return _results(
        design, len(responses), [_summarise_asked(numbered, [(design, responses)]) for numbered in design.numbered()]
    )


def _summarise_asked(
    numbered: NumberedQuestion, groups: Sequence[tuple[SurveyDesign, Sequence[Mapping[str, Answer]]]]
) -> QuestionResult:
    """One question's results from the responses of ``groups`` (a design and its responses) whose
    skip logic showed it: a respondent it was hidden from did not skip it, they were not asked."""
    asked: list[Mapping[str, Answer]] = []
    hidden = 0
    for design, responses in groups:
        if not any(conditions_of(design, n) for n in design.numbered()):
            asked.extend(responses)
            continue
        for response in responses:
            if numbered.key in visible_keys(design, response):
                asked.append(response)
            else:
                hidden += 1
    result = _summarise_question(numbered, asked)
    return replace(result, not_asked=hidden) if hidden else result


def _results(design: SurveyDesign, count: int, questions: Sequence[QuestionResult]) -> SurveyResults:
    """The whole survey's results from its questions' and its response count (the rate's numerator)."""
    audience = design.audience_size if design.audience_size and design.audience_size > 0 else None
    return SurveyResults(
        title=design.title,
        response_count=count,
        audience_size=audience,
        response_rate=_percent(count, audience) if audience else None,
        questions=tuple(questions),
        target_group=design.target_group,
    )


Version: TypeAlias = tuple[int, SurveyDesign, Sequence[Mapping[str, Answer]]]
"""One version of a survey's questions: its number, its design, and the responses to it."""


def summarise_versions(versions: Sequence[Version]) -> SurveyResults:
    """Results of every version together, in the newest version's questions (the last given).

    Each question counts the responses of every version that asked it with the same meaning
    (``same_meaning``: wording, answers offered, who is asked): a question reworded in version 2
    counts version 2's answers only, one nobody changed counts everyone's. The response count is
    every version's; what people answered to an earlier wording is in that version's own results.
    """
    _, newest, _ = versions[-1]
    count = sum(len(responses) for _, _, responses in versions)
    kept = [kept_meaning(design, newest) for _, design, _ in versions]
    questions = []
    for numbered in newest.numbered():
        asked = [version for version, keys in zip(versions, kept, strict=True) if numbered.key in keys]
        result = _summarise_asked(numbered, [(design, responses) for _, design, responses in asked])
        questions.append(replace(result, versions=tuple(v for v, _, _ in asked)) if len(versions) > 1 else result)
    return _results(newest, count, questions)


def changed_questions(results: SurveyResults, newest: SurveyResults | None, number: int) -> SurveyResults:
    """An earlier version's results, keeping only the questions the combined results do not count
    from it (reworded since, or removed): what its respondents said to a wording no longer asked."""
    counted = {q.key for q in newest.questions if number in q.versions} if newest else set()
    return replace(results, questions=tuple(q for q in results.questions if q.key not in counted))


def nps_sentence(nps: NetPromoterScore) -> str:
    """The score in words, the same on the results page and in the Word report."""
    total = nps.promoters + nps.passives + nps.detractors
    return (
        f"Net Promoter Score: {nps.score:+d} ({nps.promoters} promoters scoring 9 or 10, {nps.passives} passives "
        f"scoring 7 or 8, {nps.detractors} detractors scoring 0 to 6; of {total} people who gave a score)."
    )


def most_chosen(result: QuestionResult) -> str:
    """The answer chosen most, 'Most chosen: “Yes” (75 %, 3 of 4)', or when several tie for it,
    'Chosen equally often: “Yes” and “No” (50 %, 2 of 4 each)' (a tie is no majority); "" when
    nothing was chosen. The web results, the survey report and the evidence pack all say it so."""
    top = max((option.count for option in result.options), default=0)
    if not top:
        return ""
    chosen = [option for option in result.options if option.count == top]
    figures = f"({chosen[0].percent:g} %, {top} of {result.answered}{' each' if len(chosen) > 1 else ''})"
    if len(chosen) == 1:
        return f"Most chosen: “{chosen[0].option}” {figures}"
    names = [f"“{' '.join(option.option.split())}”" for option in chosen]
    return f"Chosen equally often: {', '.join(names[:-1])} and {names[-1]} {figures}"


def headline(result: QuestionResult) -> str:
    """One sentence of a question's result for an evidence pack: the answer most chosen, a mean, an NPS.

    Free-text answers are never quoted here (they may name people): the caller counts them.
    """
    if result.answered == 0:
        return f"{result.text} No answers yet."
    who = f"{result.answered} answered"
    if result.nps is not None:
        return f"{result.text} {nps_sentence(result.nps)}"
    if result.qtype in RATING_TYPES and result.mean is not None:
        return f"{result.text} Mean {result.mean:g} out of 10 ({who})."
    if result.mean_ranks:
        item, rank = result.mean_ranks[0]
        return f"{result.text} Ranked highest: “{item}” (mean rank {rank:g}; {who})."
    if chosen := most_chosen(result):
        return f"{result.text} {chosen}."
    return f"{result.text} {result.answered} answers in the respondents' own words."
