"""Readable names for groups of statements, taken from the statements themselves.

A group named by a concept of the lexicon ("Social media") reads best; when a phrase the members
actually wrote is shared by most of them ("shout about it") that phrase wins, because it is the
participants' own words. Groups without a dominant concept are named by class-based TF-IDF: the
words and word pairs that distinguish this group from the others, never a stop-word. With the
sentence model (the ``meaning`` engine), the label is then the candidate, of those and of the
phrases and concepts the members wrote, whose meaning is closest to the group's and furthest
from the others' (``_closest_in_meaning``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from .features import Statement
from .text import STOP_WORDS, is_content_word, stem

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
        if parts[0] not in statement.content:
            continue  # most members do not hold the term: skip re-reading them
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


FILLER_WORDS: frozenset[str] = frozenset(
    """
    thanks thank thankyou cheers enjoyed enjoy brilliant amazing awesome fab fabulous ace wow lovely
    useful interesting fantastic excellent super cool ok okay yes yeah nope lol xx x haha
    actually instead anyway basically probably hopefully again still already even ever always
    lunch biscuits coffee cake pizza venue wifi morning afternoon evening tired happy sure yet
    whats everything anything nothing stuff bits loads
    someone anyone everyone somebody anybody everybody nobody person people thing things
    without within alone else etc
    great good nice really very excited exciting inspiring inspired helpful enjoyable fun please
    pls session sessions trainer trainers speaker speakers keynote slides tea
    """.split()
)
"""Words that carry no theme: thanks and praise, fillers, the day's catering. A statement of only
these (and stop-words) is content-free (a statement about the day itself: "Great session,
thanks", "Can we have the slides?"); a label never consists of them. The pronouns and
prepositions of the last lines name no one thing either ("Someone", "Without")."""

TIME_WORDS: frozenset[str] = frozenset(
    """
    today tomorrow yesterday tonight monday tuesday wednesday thursday friday saturday sunday
    mondays tuesdays wednesdays thursdays fridays saturdays sundays weekly monthly daily annually
    january february march april may june july august september october november december
    am pm hour hours minute minutes min mins soon later asap now
    """.split()
)


ACTION_WORDS: frozenset[str] = frozenset(
    """
    adopt agree aim apply arrange ask attend avoid book build change changed check choose clear
    collect combine consider contact continue contribute create deliver delete develop discuss
    do draft encourage ensure explain explore export feed find finish focus follow gather grow
    help highlight improve include increase introduce invite join keep launch lead learn let
    list look make map measure meet mention move nominate offer organise plan practise practice
    promote publish push put raise read record reduce remember remind replace report request
    review run save say search see send set share show sign speak spend spot start stick stop
    suggest support swap switch take talk teach tell test think tidy train trial try turn update
    use visit volunteer walk want work write whether least beforehand instead rather properly
    come comes go goes get gets give gives got know knows feel need seem says said
    better more less most often sometimes never together first last next new old own
    """.split()
)
"""Verbs, adverbs and the like that statements start with; a label names a thing, not an action."""


@lru_cache(maxsize=1)
def filler_stems() -> frozenset[str]:
    """The filler words as the stems statements are compared in ("amazing" -> "amaz")."""
    return frozenset(FILLER_WORDS | {stem(word) for word in FILLER_WORDS})


def label_word_ok(word: str) -> bool:
    """May this word appear in a label on its own merits (not a stop, filler, time or number)?"""
    lowered = word.lower().strip("()\"'")
    return (
        len(lowered) >= 2
        and lowered not in STOP_WORDS
        and lowered not in FILLER_WORDS
        and lowered not in TIME_WORDS
        and not any(c.isdigit() for c in lowered)
    )


def _names_a_thing(word: str) -> bool:
    """Can a label end with this word? Not an action, an adverb ("Publicly") or a past tense
    ("Contributed"); kept simple: the spelling is all there is without a part-of-speech model."""
    lowered = word.lower().strip("()\"'")
    if lowered in ACTION_WORDS:
        return False
    if len(lowered) > 4 and lowered.endswith("ly") and not lowered.endswith(("ply", "ily", "bly")):
        return False
    return not (len(lowered) > 5 and lowered.endswith("ed") and not lowered.endswith("eed"))


def is_good_label(label: str) -> bool:
    """1-4 words, the first and last of which may name something (no "Bed and hour", no "5pm"),
    not joined by "and" (two unrelated words), and no action word alone ("Arrange")."""
    parts = label.split()
    return (
        1 <= len(parts) <= MAX_LABEL_WORDS
        and label_word_ok(parts[0])
        and label_word_ok(parts[-1])
        and "and" not in (p.lower() for p in parts)
        and _names_a_thing(parts[-1])
    )


PHRASE_LABEL_SHARE = 0.6
STRONG_EVIDENCE = 0.65
"""Raw concept evidence of a full lexicon term (1.0, less by position); a weak word gives 0.5."""
CONCEPT_LABEL_SHARE = 0.5
CONCEPT_LIFT = 3.0
"""A lexicon concept names a group when it is the strongest concept of at least half its members."""
PHRASE_MIN_SHARE = 0.3
MAX_KEYWORDS = 6


def _key_phrase(
    ranking: list[tuple[str, float]], members: Sequence[int], statements: Sequence[Statement], counts: Counter[str]
) -> str:
    """The group's most distinctive word or word pair that several members wrote, or ""."""
    need = max(2, math.ceil(PHRASE_MIN_SHARE * len(members))) if len(members) > 1 else 1
    best_single: tuple[str, float] | None = None
    best_pair: tuple[str, float] | None = None
    for term, score in ranking:
        parts = term.split()
        if not all(label_word_ok(p) for p in parts) or not _names_a_thing(parts[-1]) or counts[term] < need:
            continue
        if len(parts) == 1 and best_single is None:
            best_single = (term, score)
        elif len(parts) == 2 and best_pair is None:
            best_pair = (term, score)
        if best_single and best_pair:
            break
    if best_pair and (best_single is None or best_pair[1] >= 0.7 * best_single[1]):
        return surface_of(best_pair[0], members, statements)
    if best_single:
        return surface_of(best_single[0], members, statements)
    return ""


def _term_counts(members: Sequence[int], statements: Sequence[Statement]) -> Counter[str]:
    """How many members hold each content stem and adjacent stem pair (once per statement)."""
    counts: Counter[str] = Counter()
    for index in members:
        content = statements[index].content
        terms = set(content)
        terms.update(f"{a} {b}" for a, b in zip(content, content[1:], strict=False))
        counts.update(terms)
    return counts


def content_runs(statement: Statement) -> list[list[tuple[str, str]]]:
    """The statement's runs of content words, (word, stem), none starting with an action word."""
    runs: list[list[tuple[str, str]]] = [[]]
    for word, word_stem in zip(statement.raw, statement.stems, strict=True):
        if label_word_ok(word) and is_content_word(word_stem) and not (not runs[-1] and word in ACTION_WORDS):
            runs[-1].append((word, word_stem))
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def head_phrase(statement: Statement, preferred: Sequence[str] = ()) -> str:
    """A 1-3 word run of content words from a statement: the one holding a preferred stem."""
    runs = content_runs(statement)
    for run in runs:  # a run ends on a word that names a thing ("Intranet page says" -> "Intranet page")
        while run and not _names_a_thing(run[-1][0]):
            run.pop()
    runs = [r for r in runs if r]
    if not runs:
        return ""
    chosen = next((r for p in preferred for r in runs if any(s == p for _, s in r)), runs[0])
    return " ".join(w for w, _ in chosen[-3:])


def as_written(label: str, texts: Sequence[str]) -> str:
    """The label with the case most members wrote it in ("Ai" -> "AI", "Mesh" -> "MeSH")."""
    import re

    pattern = re.compile(r"\b" + r"\s+".join(re.escape(p) for p in label.split()) + r"\b", re.IGNORECASE)
    forms: Counter[str] = Counter()
    for text in texts:
        forms.update(pattern.findall(text))
    if not forms:
        return label
    form = sorted(forms.items(), key=lambda item: (-item[1], item[0]))[0][0]
    return capitalise(" ".join(form.split()))


def name_groups(
    groups: Sequence[Sequence[int]],
    statements: Sequence[Statement],
    concepts,
    raw,
    evidence,
    lexicon,
    embeddings,
    texts: Sequence[str] = (),
    embed: Callable[[Sequence[str]], Any] | None = None,
) -> tuple[list[str], list[tuple[str, ...]]]:
    """Labels and keywords for groups: a lexicon concept that fits, else a key phrase the members
    share (scored against the rest of the workshop), else the central statement's head phrase.

    With ``embed`` (the sentence model, as the ``meaning`` engine has it), the label is then the
    one of those candidates, and of the phrases and lexicon concepts the members wrote, whose
    meaning is closest to the group's and furthest from the other groups' (``_closest_in_meaning``).
    """
    import numpy as np

    ranked = class_tfidf(groups, statements)
    labels: list[str] = []
    keywords: list[tuple[str, ...]] = []
    known = len(lexicon)
    strong_concept = {}  # each statement's strongest lexicon concept, when a full term says it
    for i in range(len(statements)):
        row = concepts[i][:known]
        if row.size and row.max() > 0 and raw[i][int(np.argmax(row))] >= STRONG_EVIDENCE:
            strong_concept[i] = int(np.argmax(row))
    everywhere = Counter(strong_concept.values())
    total = len(statements)
    own_words: set[int] = set()  # groups named by a phrase most of their members wrote: kept as written
    for members, ranking in zip(groups, ranked, strict=True):
        counts = _term_counts(members, statements)
        shared = [t for t, _ in ranking if " " not in t and label_word_ok(t) and counts[t] >= min(2, len(members))]
        shared_words = [surface_of(t, members, statements) for t in shared[:MAX_KEYWORDS]]
        dominant: Counter[int] = Counter()
        for i in members:
            if i in strong_concept:  # a weak word alone ("meeting") does not name a group
                dominant[strong_concept[i]] += 1
        label = ""
        trusted = False  # a lexicon label is curated, a phrase most members wrote is theirs
        concept_words: list[str] = []
        if dominant:
            concept, count = sorted(dominant.items(), key=lambda item: (-item[1], item[0]))[0]
            surfaces: Counter[str] = Counter()
            for i in members:
                for surface in evidence[i].get(concept, ()):
                    surfaces[surface.lower()] += 1
            concept_words = [s for s, _ in sorted(surfaces.items(), key=lambda item: (-item[1], item[0]))]
            rest = (everywhere[concept] - count) / max(1, total - len(members))
            if count >= max(2, math.ceil(CONCEPT_LABEL_SHARE * len(members))) and count / len(members) >= (
                CONCEPT_LIFT * rest
            ):  # and the concept sets this group apart ("Evidence and research" all over a
                # search-skills workshop names none of its themes)
                label = lexicon.labels[concept]
                trusted = True
                phrase = concept_words[0] if concept_words else ""
                if (
                    len(phrase.split()) >= 2
                    and surfaces[phrase] >= max(2, math.ceil(PHRASE_LABEL_SHARE * len(members)))
                    and is_readable(phrase)
                ):
                    label = capitalise(phrase)  # the participants' own words ("Shout about it")
                    own_words.add(len(labels))
        if not label:
            label = capitalise(_key_phrase(ranking, members, statements, counts))
        if not trusted and not is_good_label(label):
            centre = members[0]
            if embeddings is not None and len(members) > 2:
                block = embeddings[list(members)]
                centre = members[int(np.argmax(block @ block.mean(axis=0)))]
            label = capitalise(head_phrase(statements[centre], [t for t, _ in ranking if " " not in t]))
        if not trusted and not is_good_label(label):
            label = "Other ideas"
        elif label not in lexicon.labels and texts:
            label = as_written(label, [texts[i] for i in members])
        labels.append(label)
        merged: list[str] = []
        for word in concept_words + shared_words:
            if word not in merged:
                merged.append(word)
        keywords.append(tuple(merged[:MAX_KEYWORDS]))
    if embed is not None and embeddings is not None and groups:
        by_meaning = _closest_in_meaning(groups, statements, raw, lexicon, embeddings, labels, embed, texts)
        labels = [
            found if n in own_words else chosen
            for n, (found, chosen) in enumerate(zip(labels, by_meaning, strict=True))
        ]
    return unique_labels(labels, keywords), keywords


MEANING_ELSEWHERE = 0.6
"""How much a label's closeness to the nearest other group counts against it (``_closest_in_meaning``)."""
MEANING_SHARE = 0.6
"""How much the share of the group's members who wrote a label counts for it: at 0.3 "Twitter"
named five statements about social media, one of which says "social media" but not Twitter."""
MEANING_PHRASES = 12
"""The phrases most written in a group that are considered as its label."""


def written_phrases(statement: Statement) -> dict[str, str]:
    """The 1-3 word runs of content words of a statement that end on a thing: stems -> as written."""
    phrases: dict[str, str] = {}
    for run in content_runs(statement):
        for start in range(len(run)):
            for end in range(start + 1, min(len(run), start + 3) + 1):
                part = run[start:end]
                if _names_a_thing(part[-1][0]):
                    phrases.setdefault(" ".join(s for _, s in part), " ".join(w for w, _ in part))
    return phrases


def _closest_in_meaning(groups, statements, raw, lexicon, embeddings, labels, embed, texts) -> list[str]:
    """Each group's label by meaning: among the label found by words, the phrases at least two
    members wrote and the lexicon concepts at least two members say in full, the one whose
    embedding is closest to the group's centre, less ``MEANING_ELSEWHERE`` times its closeness to
    the nearest other group's, plus ``MEANING_SHARE`` times the share of members who wrote it
    (for a concept: who say it in full).

    Chosen on the dev sets (bench/themes.py's label table: the label names the true theme for 34
    of 37 true themes against 30 by words alone; 20 against 18 with the dev topics' concepts
    taken out of the lexicon, ``bench/themes_variants.impact_only``); on the held-out sets 29 of
    68 against 23. A phrase most members wrote ("Shout about it", found by words) is kept as
    they wrote it (``name_groups``).
    """
    import numpy as np

    unit = embeddings.astype(np.float64)
    unit /= np.maximum(np.linalg.norm(unit, axis=1, keepdims=True), 1e-12)
    centres = np.array([unit[list(members)].mean(axis=0) for members in groups])
    centres /= np.maximum(np.linalg.norm(centres, axis=1, keepdims=True), 1e-12)
    known = len(lexicon)
    offered: list[dict[str, float]] = []
    for members, found in zip(groups, labels, strict=True):
        written: Counter[str] = Counter()
        forms: dict[str, Counter[str]] = {}
        for index in members:
            for key, form in written_phrases(statements[index]).items():
                written[key] += 1
                forms.setdefault(key, Counter())[form.lower()] += 1
        candidates: dict[str, float] = {}
        for key, count in sorted(written.items(), key=lambda item: (-item[1], item[0]))[:MEANING_PHRASES]:
            if count < 2:
                break
            phrase = capitalise(sorted(forms[key].items(), key=lambda item: (-item[1], item[0]))[0][0])
            if is_good_label(phrase):
                candidates.setdefault(phrase, count / len(members))
        said: Counter[int] = Counter()
        for index in members:
            said.update(int(j) for j in np.nonzero(raw[index][:known] >= STRONG_EVIDENCE)[0])
        for concept, count in sorted(said.items()):
            if count >= 2:
                candidates[lexicon.labels[concept]] = count / len(members)
        candidates.setdefault(found, 0.0)
        offered.append(candidates)
    phrases = sorted({phrase for candidates in offered for phrase in candidates})
    vectors = dict(zip(phrases, np.asarray(embed(phrases), dtype=np.float64), strict=True))
    chosen = []
    for number, (members, candidates) in enumerate(zip(groups, offered, strict=True)):
        names = list(candidates)
        closeness = np.array([vectors[name] for name in names]) @ centres.T
        elsewhere = np.delete(closeness, number, axis=1).max(axis=1) if len(groups) > 1 else 0.0
        shares = np.array([candidates[name] for name in names])
        score = closeness[:, number] - MEANING_ELSEWHERE * elsewhere + MEANING_SHARE * shares
        best = names[int(np.argmax(score))]
        if best != labels[number] and best not in lexicon.labels and texts:
            best = as_written(best, [texts[i] for i in members])
        chosen.append(best)
    return chosen
