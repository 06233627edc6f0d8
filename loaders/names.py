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
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

from loaders.lexicon import knowledge, tokenizer, word_tags
from loaders.records import Document, Mention
from loaders.rules import Candidate, forms, normalize_name
from loaders.tagger import Tagged
from ontology.terms import ENTITY_TYPES

MIN_NAME, MAX_NAME = 2, 40
# Spans kept per name (its features still count them all): a page repeating one word 50,000 times
# would otherwise make millions of mentions of it.
MAX_SPANS = 100
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
        if len(c.spans) < MAX_SPANS:
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
    lists = _enumerations(doc, add)
    _describe(doc, tagged, by_name)
    _describe_lists(lists, by_name)
    return list(by_name.values())


# An enumeration: items joined by 、 (or a last one by 和/及/与), inside one clause.
_CLAUSE = re.compile(r"[^，,。；;：:！!？?（）()\n“”]+")
_LAST_JOIN = re.compile(r"(?:以及|和|及|与)")
_LIST_END = re.compile(r"(?:等|共|[0-9一二三四五六七八九十百千两几多数]+[个家项处座所条批])")
_MAX_ITEM = 24
_MAX_FIRST_ITEM = 12  # the first item of a list starts within this many characters before its 、


def _enumerations(doc: Document, add) -> list[tuple[list[str], str]]:
    """Every item of every enumeration as a candidate (the first item with each possible left edge at a word
    boundary), and the lists themselves: (item names, the class noun after the list's 等…, or "")."""
    text = doc.text
    starts = {t.start for s in doc.sentences for t in s.tokens}
    out = []
    for m in _CLAUSE.finditer(text):
        clause, base = m.group(0), m.start()
        if "、" not in clause:
            continue
        parts = clause.split("、")
        last = parts[-1]
        end = _LIST_END.search(last)
        tail_noun = ""
        if end:
            cn = forms.CLASS_NOUN_RE.match(last, end.start())
            tail_noun = forms.CLASS_NOUN_TYPE.get(cn.group(1), "") if cn else ""
            last = last[: end.start()]
        joined = _LAST_JOIN.split(last, maxsplit=1)
        items_at: list[tuple[int, int]] = []
        pos = base
        for k, part in enumerate(parts):
            a, b = pos, pos + len(part)
            pos = b + 1
            if k == len(parts) - 1:
                b = a + len(last)
                if len(joined) == 2:  # 甲、乙和丙: 乙 and 丙 both
                    items_at.append((a, a + len(joined[0])))
                    a = b - len(joined[1])
            items_at.append((a, b))
        names: list[str] = []
        first_a, first_b = items_at[0]
        for a in range(
            max(first_a, first_b - _MAX_FIRST_ITEM), first_b - 1
        ):  # the first item's left edge is unknown
            if a in starts and (c := add(a, first_b, "list_first")) is not None:
                names.append(c.name)
        for a, b in items_at[1:]:
            if 0 < b - a <= _MAX_ITEM and (c := add(a, b, "list_item")) is not None:
                names.append(c.name)
        if len(names) >= 2:
            out.append((names, tail_noun))
    return out


def _describe_lists(lists: list[tuple[list[str], str]], by_name: dict[str, NameCandidate]) -> None:
    """What an item's siblings were proposed as, and the class noun the list ends with."""
    proposed: dict[str, set[str]] = {}  # name -> the types the tagger's best labelling or a rule gave it
    for names, _ in lists:
        for n in names:
            if n not in proposed:
                keys = by_name[n].features
                proposed[n] = {k.rsplit("_", 1)[-1] for k in keys if k.startswith(("best_", "rule_"))}
    for names, noun in lists:
        for n in names:
            f = by_name[n].features
            f["list_size"] = max(f.get("list_size", 0), len(names))
            if noun:
                f["list_noun_" + noun] += 1
            for other in names:
                if other != n:
                    for t in proposed[other]:
                        f["sibling_" + t] += 1


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
    words, tags = tokenizer(), word_tags()
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
        best = tagged.scores(sorted(c.spans)).max(axis=0)
        for k_, t in enumerate(ENTITY_TYPES):
            f["score_" + t] = float(best[k_])
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
        freq = words.FREQ.get(name, 0)
        f["dictionary_word"] = float(freq > 0)
        f["dictionary_frequency"] = math.log1p(freq)
        pieces = _words_of(name)
        f["words"] = len(pieces)
        f["first_word_tag"] = _tag_code(tags.get(pieces[0], ""))
        f["last_word_tag"] = _tag_code(tags.get(pieces[-1], ""))
        f["last_word_frequency"] = math.log1p(words.FREQ.get(pieces[-1], 0))
        f["inside_other"] = inside[name]
        f["contains_other"] = contains[name]
        for a, b in c.spans:
            before, after = text[a - 1 : a], text[b : b + 1]
            f["after_enumeration_mark"] += before == "、"
            f["before_enumeration_mark"] += after == "、"
            f["before_deng"] += after == "等"
            f["after_punct"] += before in "，,。；;：:\n" or a == 0
            f["before_punct"] += after in "，,。；;：:\n" or b == len(text)
            f["before_de"] += after == "的"


@lru_cache(maxsize=65536)
def _words_of(name: str) -> list[str]:
    return tokenizer().lcut(name, HMM=False)


# jieba's parts of speech, as codes (a tree splits on them like on a number; 0 = not in the dictionary)
_TAGS = (
    "n",
    "nr",
    "nrt",
    "ns",
    "nt",
    "nz",
    "v",
    "vn",
    "a",
    "an",
    "d",
    "m",
    "q",
    "f",
    "s",
    "t",
    "j",
    "l",
    "i",
    "eng",
)


def _tag_code(tag: str) -> int:
    return _TAGS.index(tag) + 1 if tag in _TAGS else (len(_TAGS) + 1 if tag else 0)


def occurrences(text: str, name: str, limit: int = MAX_SPANS) -> list[tuple[int, int]]:
    """Where `name` stands in `text` as written, the first `limit` places (names with quotes inside are
    found through their spans)."""
    return [(m.start(), m.end()) for m in islice(re.finditer(re.escape(name), text), limit)] if name else []
