"""Starter impact surveys: ready-made questionnaires for the services libraries most often evaluate.

Each is built from the question bank (so wording, scales and opt-outs are the bank's), aimed at one
target group, short, and passes the kit's own good-practice checks (``surveys.lint``). A facilitator
opens one in the designer to adapt and publish it; anyone can print it from the templates page.
Pure: plain data in and out.
"""

from __future__ import annotations

from dataclasses import dataclass

from surveys import bank
from surveys.design import Section, SurveyDesign
from surveys.documents import build_survey_form
from workshop.common.heading import WorkshopFacts

CONSENT = (
    "Taking part is voluntary, and you can skip any question. Answers are anonymous: we do not ask "
    "for your name. They are stored securely by the library service, used only to report on and "
    "improve our services, and deleted when no longer needed."
)
CLOSING = "Thank you for your answers: they help us show the difference the library service makes."


@dataclass(frozen=True)
class Starter:
    slug: str
    title: str
    when_to_use: str  # one line for the templates page
    purpose: str
    target_group: str
    introduction: str
    sections: tuple[tuple[str, tuple[str, ...]], ...]  # (section title, bank question ids)

    def design(self) -> SurveyDesign:
        """The survey as the designer, the lint and the Word builder see it."""
        return SurveyDesign(
            title=self.title,
            purpose=self.purpose,
            target_group=self.target_group,
            introduction=self.introduction,
            consent_text=CONSENT,
            closing_message=CLOSING,
            sections=tuple(
                Section(title=title, questions=tuple(bank.get(qid).to_question() for qid in ids))
                for title, ids in self.sections
            ),
        )

    def questionnaire(self, workshop: WorkshopFacts | None = None) -> bytes:
        """The printable questionnaire for the templates pages, headed with ``workshop`` when given."""
        return build_survey_form(self.design(), workshop=workshop)


STARTERS: tuple[Starter, ...] = (
    Starter(
        slug="literature-search-survey",
        title="Your literature search: what difference did it make?",
        when_to_use="Send a few weeks after a literature search, to the person who asked for it.",
        purpose="To find out how the evidence from our literature search service was used and what difference it made.",
        target_group="Staff who asked for a literature search in the last three months",
        introduction="You asked our library service for a literature search recently. Five minutes of your time helps us show what it made possible.",
        sections=(
            ("How you used the search", ("use-purpose-all", "care-decision", "prac-effect", "time-saved")),
            ("The difference it made", ("care-confidence", "sat-timely", "risk-reduced", "care-story")),
            ("About you", ("about-staff-group",)),
        ),
    ),
    Starter(
        slug="training-session-survey",
        title="Your training session: what are you doing differently?",
        when_to_use="Send four to six weeks after a search-skills or evidence training session.",
        purpose="To learn whether our training sessions change how people find and use evidence in their work.",
        target_group="Staff who attended a library training session in the last two months",
        introduction="You came to one of our training sessions. Tell us what you have used since: it helps us plan the next ones.",
        sections=(
            ("What you learned", ("learn-skills", "learn-confidence", "learn-new", "learn-cpd")),
            ("Using it at work", ("learn-shared", "prac-review", "learn-takeaway", "sat-improve")),
            ("About you", ("about-staff-group",)),
        ),
    ),
    Starter(
        slug="current-awareness-survey",
        title="Your regular update on new evidence: is it useful?",
        when_to_use="Send once a year to the people who receive a current awareness bulletin.",
        purpose="To find out whether our regular update on new evidence keeps readers up to date and what they do with it.",
        target_group="Staff who receive the library's regular update on new evidence",
        introduction=(
            "You receive our regular update on new research and guidance. A few answers tell us "
            "whether to keep, change or stop it."
        ),
        sections=(
            ("Reading the bulletin", ("use-frequency", "sat-relevant", "sat-timely")),
            ("What you did with it", ("use-purpose-all", "prac-support", "pol-plan", "sat-improve")),
            ("About you", ("about-staff-group",)),
        ),
    ),
    Starter(
        slug="clinical-librarian-survey",
        title="Working with your clinical or outreach librarian",
        when_to_use="Send to a team your clinical or outreach librarian works with, every six months.",
        purpose="To find out what difference the clinical or outreach librarian makes to the team's decisions and time.",
        target_group="Members of the teams our clinical or outreach librarian supports",
        introduction="A librarian works with your team. Tell us what difference it makes, so we can show it and do more of what helps.",
        sections=(
            ("Evidence for your work", ("use-service", "care-decision", "care-ways", "time-saved", "time-amount")),
            ("The difference it made", ("prac-team", "sat-recommend", "prac-describe")),
            ("About you", ("about-staff-group", "about-setting")),
        ),
    ),
)

BY_SLUG: dict[str, Starter] = {starter.slug: starter for starter in STARTERS}
