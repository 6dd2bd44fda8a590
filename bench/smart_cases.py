"""The SMART-hint cases written by hand (tests/data/smart-hints-cases.tsv), shared by bench/hints.py and
tests/test_coaching_smart.py (beside bench/samples.py, so that neither puts the other on ``sys.path``).

Each row is a statement a participant could type and what a librarian would say it has: an action
to start with, a measure, a time, the people involved (1 or 0), and optionally the topic whose
examples the hints should use. The first 17 rows are the seed's real statements (MAP on tour);
the rows after the "# held-out" line were written after the rules were tuned and never tuned on.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

CASES_FILE = Path(__file__).resolve().parents[1] / "tests" / "data" / "smart-hints-cases.tsv"
SEED_COUNT = 17


@dataclass(frozen=True)
class Case:
    text: str
    action: bool
    measure: bool
    time: bool
    who: bool
    topic: str | None  # None: the topic is not judged for this statement
    held_out: bool = False  # written after the rules were tuned, and not tuned on

    @property
    def expected_missing(self) -> tuple[str, ...]:
        """The hint kinds a librarian expects for this statement, in SMART order."""
        present = {"action": self.action, "measure": self.measure, "time": self.time, "who": self.who}
        return tuple(part for part, found in present.items() if not found)


def load_cases(path: Path = CASES_FILE) -> list[Case]:
    """Rows of ``text, action, measure, time, who, topic``, tab-separated; ``#`` starts a comment line."""
    cases = []
    held_out = False
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("# held-out"):
            held_out = True
        if not line or line.startswith("#"):
            continue
        text, action, measure, time, who, topic = line.split("\t")
        flags = [flag == "1" for flag in (action, measure, time, who)]
        cases.append(Case(text, *flags, topic=topic.strip() or None, held_out=held_out))
    return cases
