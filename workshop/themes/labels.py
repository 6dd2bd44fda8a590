"""Readable names for groups of statements, taken from the statements themselves.

A group named by a concept of the lexicon ("Social media") reads best; when a phrase the members
actually wrote is shared by most of them ("shout about it") that phrase wins, because it is the
participants' own words. Groups without a dominant concept are named by class-based TF-IDF: the
words and word pairs that distinguish this group from the others, never a stop-word.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from .features import Statement
from .text import STOP_WORDS, is_content_word

MIN_LABEL_WORDS = 2
MAX_LABEL_WORDS = 4


def capitalise(phrase: str) -> str:
    """First letter upper case, the rest as written ("shout about it" -> "Shout about it")."""
    phrase = " ".join(phrase.split())
    return phrase[:1].upper() + phrase[1:]


def class_tfidf(groups: Sequence[Sequence[int]], statements: Sequence[Statement]) -> list[list[tuple[str, float]]]:
    """Per group, its terms (content stems and adjacent pairs) ranked by class-based TF-IDF.

    Score = frequency in the group x log(1 + average group size in terms / frequency overall), as
    in BERTopic's c-TF-IDF: a word frequent here and rare elsewhere names the group.
    """
    counts: list[Counter[str]] = []
    for members in groups:
        counter: Counter[str] = Counter()
        for index in members:
            content = statements[index].content
            terms = set(content)
            terms.update(f"{a} {b}" for a, b in zip(content, content[1:], strict=False))
            counter.update(terms)  # once per statement: one enthusiast repeating a word is one vote
        counts.append(counter)
    overall: Counter[str] = Counter()
    for counter in counts:
        overall.update(counter)
    average = max(1.0, sum(sum(c.values()) for c in counts) / max(1, len(counts)))
    ranked = []
    for counter in counts:
        scored = [(term, n * math.log(1.0 + average / overall[term])) for term, n in counter.items()]
        scored.sort(key=lambda item: (-item[1], item[0]))
        ranked.append(scored)
    return ranked


def surface_of(term: str, members: Sequence[int], statements: Sequence[Statement]) -> str:
    """The way most members wrote a stem or stem pair ("survey" -> "surveys" if that is usual)."""
    forms: Counter[str] = Counter()
    parts = term.split()
    for index in members:
        statement = statements[index]
        pairs = [
            (w, s)
            for w, s in zip(statement.raw, statement.stems, strict=True)
            if is_content_word(w) and is_content_word(s)
        ]
        content_raw = [w for w, _ in pairs]
        stems_ = [s for _, s in pairs]
        for start in range(len(stems_) - len(parts) + 1):
            if stems_[start : start + len(parts)] == parts:
                forms[" ".join(content_raw[start : start + len(parts)])] += 1
    if not forms:
        return term
    return sorted(forms.items(), key=lambda item: (-item[1], item[0]))[0][0]


def tfidf_label(ranked: list[tuple[str, float]], members: Sequence[int], statements: Sequence[Statement]) -> str:
    """A 2-4 word label from a group's c-TF-IDF ranking: a shared word pair, or "X and Y"."""
    good = [(t, s) for t, s in ranked if not any(p in STOP_WORDS or len(p) < 3 for p in t.split())]
    if not good:
        return "Other ideas"
    top_word = next(((t, s) for t, s in good if " " not in t), None)
    pair = next(((t, s) for t, s in good if " " in t), None)
    if (
        pair is not None
        and (top_word is None or pair[1] >= 0.8 * top_word[1])
        and _shared(pair[0], members, statements)
    ):
        return capitalise(surface_of(pair[0], members, statements))
    singles = [t for t, _ in good if " " not in t]
    if len(singles) >= 2:
        first, second = surface_of(singles[0], members, statements), surface_of(singles[1], members, statements)
        return capitalise(f"{first} and {second}")
    return capitalise(f"{surface_of(singles[0], members, statements)} ideas") if singles else "Other ideas"


def _shared(term: str, members: Sequence[int], statements: Sequence[Statement]) -> bool:
    parts = term.split()
    count = 0
    for index in members:
        content = statements[index].content
        if any(content[i : i + len(parts)] == parts for i in range(len(content) - len(parts) + 1)):
            count += 1
    return count >= 2 or len(members) == 1


def is_readable(label: str) -> bool:
    """2-4 words and at least one that is not a stop-word."""
    parts = label.split()
    return MIN_LABEL_WORDS <= len(parts) <= MAX_LABEL_WORDS and any(
        p.strip("()").lower() not in STOP_WORDS for p in parts
    )


def unique_labels(labels: list[str], keywords: list[tuple[str, ...]]) -> list[str]:
    """Make labels unique, telling twins apart by a keyword of their own: "Social media (twitter)"."""
    result = list(labels)
    seen: Counter[str] = Counter(labels)
    taken = set()
    for index, label in enumerate(labels):
        if seen[label] > 1:
            extra = next((k for k in keywords[index] if k.lower() not in label.lower() and " " not in k), None)
            candidate = label if label not in taken else label
            if extra is not None and len(label.split()) < MAX_LABEL_WORDS:
                candidate = f"{label} ({extra})"
            number = 2
            base = candidate
            while candidate in taken:
                candidate = f"{' '.join(base.split()[: MAX_LABEL_WORDS - 1])} {number}"
                number += 1
            result[index] = candidate
        taken.add(result[index])
    return result
