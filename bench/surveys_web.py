"""Benchmark of the survey designer's web side: downloads and results pages through the real views.

Usage:  python bench/surveys_web.py

Targets (issue 5): a 40-question survey exports to Word in under 1 s; the results of 2,000
responses compute and render in under 1 s. Each figure is the first and the best of 5 requests through Flask's
test client against SQLite in a temporary folder (database reads, snapshot, summary, free-text
themes, template), so it includes everything but the network. No assertions: the numbers are
the output (bench/survey_pure.py measures the pure parts alone).
"""

from __future__ import annotations

import random
import time

from flask.testing import FlaskClient
from scratch import scratch_kit  # bench/scratch.py, beside this script

from surveys import operations
from surveys.bank import load_bank
from surveys.models import Survey, SurveyResponse, SurveyState
from workshop.extensions import db
from workshop.models import Facilitator

RUNS = 5
FREE_TEXT = [
    "The search found two guidelines we had missed",
    "Shared the evidence with the team at our safety huddle",
    "Saved me most of a day of searching",
    "We changed how we assess falls risk on the ward",
    "Used it for my revalidation reflective account",
    "It confirmed that our current practice is right",
    "Helped me write the business case for a new post",
    "Not used it yet but plan to next month",
    "Put the summary on our team noticeboard",
    "The results went into our audit report",
    "Gave a copy to the patient's family",
    "Used it in teaching the new students",
]
#: Mostly distinct answers, as real free text is (12 × 40 combinations), so grouping is not flattered.
CONTEXTS = [
    f"{where} {when}"
    for where in (
        "on the stroke unit",
        "in outpatients",
        "for the ward team",
        "with the pharmacist",
        "at the MDT",
        "in the community team",
        "for our matron",
        "with the students",
    )
    for when in ("last week", "in March", "this month", "after the audit", "before the inspection")
]


def build_survey(owner: Facilitator, count: int) -> Survey:
    """A published survey of ``count`` bank questions, cycling through the bank."""
    survey = operations.create_survey(
        owner,
        operations.SurveySettings(
            title=f"Benchmark survey of {count} questions",
            purpose="To measure how long the survey views take.",
            target_group="Nurses on the stroke unit",
            audience_size=4000,
        ),
    )
    bank = load_bank()
    for i in range(count):
        operations.add_bank_question(survey, bank[i % len(bank)].id)
    operations.change_state(survey, SurveyState.OPEN)
    return survey


def add_responses(survey: Survey, count: int, seed: int = 5) -> None:
    rng = random.Random(seed)
    rows = []
    for n in range(count):
        answers: dict[str, object] = {}
        for question in survey.questions:
            if rng.random() < 0.1:
                continue
            if question.qtype == "free_text":
                if rng.random() < 0.5:
                    answers[question.key] = f"{rng.choice(FREE_TEXT)} {rng.choice(CONTEXTS)}"
            elif question.qtype == "multiple":
                answers[question.key] = rng.sample(question.options, k=rng.randint(1, 3))
            else:
                answers[question.key] = rng.choice(question.options)
        response = SurveyResponse(survey_id=survey.id, respondent=f"bench-{n}", idempotency_key=f"k{n}")
        response.answers = answers
        rows.append(response)
    db.session.add_all(rows)


def timed(client: FlaskClient, url: str, **headers: str) -> tuple[float, float, int]:
    """The first request (nothing cached, e.g. free-text themes), the best of ``RUNS``, and the size."""
    times = []
    size = 0
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url, headers=headers)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
        size = len(response.data)
    return times[0], min(times), size


def main() -> None:
    with scratch_kit() as (app, owner):
        surveys = {}
        free_text: dict[str, list[str]] = {}
        for questions, responses in ((40, 0), (40, 2000), (15, 2000), (15, 200)):
            survey = build_survey(owner, questions)
            add_responses(survey, responses)
            surveys[(questions, responses)] = survey.code
            free_text[survey.code] = [q.key for q in survey.questions if q.qtype == "free_text"]
        db.session.commit()
        owner_id = owner.get_id()

        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = owner_id  # "id.nonce": sign-in is revocable
            session["_fresh"] = True

        print(f"{'what':<48} {'first':>9} {'best of 5':>10} {'size':>9}")
        for (questions, responses), code in surveys.items():
            base = f"/facilitate/surveys/{code}"
            label = f"{questions} questions, {responses:,} responses"
            pages = [("builder page", ""), ("Word questionnaire", "/form.docx")]
            if responses:
                pages += [
                    ("results page", "/results"),
                    ("results Word report", "/results.docx"),
                    ("results XLSX", "/results.xlsx"),
                    ("responses CSV", "/responses.csv"),
                ]
            for name, path in pages:
                first, best, size = timed(client, base + path)
                print(
                    f"{label + ': ' + name:<48} {first * 1000:>6.0f} ms {best * 1000:>7.0f} ms {size / 1024:>6.0f} kB"
                )
            if responses:
                # The themes the results page fetches after showing, one request per free-text question.
                firsts = [
                    timed(client, f"{base}/results/{key}/themes", **{"HX-Request": "true"}) for key in free_text[code]
                ]
                name = f"themes of {len(firsts)} free-text questions"
                print(f"{label + ': ' + name:<48} {max(f[0] for f in firsts) * 1000:>6.0f} ms (slowest first request)")


if __name__ == "__main__":
    main()
