"""Candidate names of one report, with what is known about each: the decision's input.

A report names each entity once or many times; the annotation (and the graph) holds each entity once.
So the decision is taken per *name*, not per span: every span anyone proposed — the tagger's best
labelling, the other spans its marginals allow, the hand-written recognisers' candidates and their
own choice, and the prefixes of project names that may be the organization behind them (比亚迪 in
比亚迪新能源整车项目) — is grouped under its name, and the name gets features summed over its spans:
who proposed it and as what, how sure the tagger was of it as each type, how often and where it
occurs, its head word, whether public lists know it, whether it sits inside another candidate.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass, field

from loaders.lexicon import knowledge
from loaders.records import Document, Mention
from loaders.rules import Candidate, forms, normalize_name
from loaders.tagger import Tagged
from ontology.terms import ENTITY_TYPES

MIN_NAME, MAX_NAME = 2, 40
_LEVELS = ("province", "city", "county", "new-area", "foreign-city")
_DIGIT = re.compile(r"[0-9一二三四五六七八九十]")
_LATIN = re.compile(r"[A-Za-z]")
_LIST_PUNCT = re.compile(r"[、,，:：；;]")


@dataclass
class NameCandidate:
    name: str  # quotes and spaces dropped
    spans: set[tuple[int, int]] = field(default_factory=set)
    features: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    aliases: set[str] = field(default_factory=set)  # other names a recogniser saw in the same span


def candidate_names(
    doc: Document, tagged: Tagged, cands: list[Candidate], chosen: list[Mention]
) -> list[NameCandidate]:
    text = doc.text
    by_name: dict[str, NameCandidate] = {}

    def add(a: int, b: int, source: str) -> NameCandidate | None:
        name = normalize_name(text[a:b])
        if not MIN_NAME <= len(name) <= MAX_NAME:
            return None
        c = by_name.get(name)
        if c is None:
            c = by_name[name] = NameCandidate(name)
        c.features[source] += 1
        c.spans.add((a, b))
        return c

    best = tagged.spans()
    for a, b, t in best:
        add(a, b, "best_" + t)
    for c in cands:
        if (nc := add(c.start, c.end, f"rule_{c.rule}_{c.type}")) is not None:
            nc.aliases.update(x for x in c.aliases if x != nc.name)
    for m in chosen:
        add(m.start, m.end, "chosen_" + m.type)
    for a, b, t in tagged.alternatives():
        add(a, b, "alt_" + t)
    _inner_prefixes(doc, best, add)
    _describe(doc, tagged, by_name)
    return list(by_name.values())


def _inner_prefixes(doc: Document, best, add) -> None:
    """The leading words of a project's name, which may name the organization behind it."""
    ends = sorted(t.end for s in doc.sentences for t in s.tokens)
    for a, b, t in best:
        if t == "Project":
            for end in ends[
                bisect.bisect_left(ends, a + MIN_NAME) : bisect.bisect_right(ends, min(b - 2, a + 10))
            ]:
                add(a, end, "inner")


def _describe(doc: Document, tagged: Tagged, by_name: dict[str, NameCandidate]) -> None:
    text = doc.text
    k = knowledge()
    title_end = doc.paragraphs[0][1] if doc.paragraphs else 0
    inside: dict[str, int] = defaultdict(int)
    contains: dict[str, int] = defaultdict(int)
    for name in by_name:  # names inside other names, found through each name's substrings
        n = len(name)
        for i in range(n):
            for j in range(i + MIN_NAME, n + 1):
                if (i, j) != (0, n) and name[i:j] in by_name:
                    inside[name[i:j]] += 1
                    contains[name] += 1
    for name, c in by_name.items():
        f = c.features
        for t in ENTITY_TYPES:
            f["score_" + t] = max(tagged.score(a, b, t) for a, b in c.spans)
        f["length"] = len(name)
        f["occurrences"] = min(text.count(name), 20)
        f["spans"] = len(c.spans)
        f["in_title"] = float(any(a < title_end for a, _ in c.spans))
        f["first_position"] = min(a for a, _ in c.spans) / max(len(text), 1)
        head = forms.head_of(name)
        f["head_type"] = ENTITY_TYPES.index(forms.HEAD_TYPE[head]) + 1 if head else 0
        f["head_length"] = len(head) if head else 0
        f["whole_head"] = float(head == name)
        d = k.divisions.get(name)
        f["division_level"] = _LEVELS.index(d.level) + 1 if d and d.level in _LEVELS else 0
        f["known_organization"] = float(name in k.organizations)
        f["known_strategy"] = float(name in k.strategies)
        f["generic"] = float(name in k.generic)
        f["quoted"] = float(any(a > 0 and text[a - 1] in '“"《‘' for a, _ in c.spans))
        f["digits"] = float(bool(_DIGIT.search(name)))
        f["latin"] = float(bool(_LATIN.search(name)))
        f["list_punct"] = float(bool(_LIST_PUNCT.search(name)))
        f["inside_other"] = inside[name]
        f["contains_other"] = contains[name]


def occurrences(text: str, name: str) -> list[tuple[int, int]]:
    """Where `name` stands in `text` as written (names with quotes inside are found through their spans)."""
    return [(m.start(), m.end()) for m in re.finditer(re.escape(name), text)] if name else []
