"""Choosing among candidates, and the rules' verdict.

`candidates` runs every recogniser over every sentence; `select` keeps the best non-crossing
candidates (an organization inside a project's name, 比亚迪 in 比亚迪新能源整车项目, is kept as its
own mention); `harmonize` gives the items of one enumeration one kind; `rule_mentions` is the result.
"""

from __future__ import annotations

import re
from dataclasses import replace

from loaders.records import Document, Mention
from loaders.rules import forms
from loaders.rules.heads import headed
from loaders.rules.known import inside_names, known, slogan_parts
from loaders.rules.lists import listed, siblings, titled
from loaders.rules.quotes import quoted
from loaders.rules.view import (
    Candidate,
    _SentenceView,
)

# ---------------------------------------------------------------- choosing among candidates


def select(cands: list[Candidate]) -> list[Candidate]:
    """Best-first: a candidate is kept unless it crosses a kept one; inside a kept one it is kept only when it
    is an organization in a project's (or another organization's) name."""
    clusters = _overlapping(cands)
    if len(clusters) > 1:  # candidates that do not overlap never compete: one cluster at a time is linear
        return [k for cluster in clusters for k in select(cluster)]
    kept: list[Candidate] = []
    # a well-known short name inside a fuller name yields to it: of the same kind (中远海运 in 中远海运集团),
    # or a strategy or place that is only the modifier of another name (新旧动能转换 in …起步区)
    cands = [
        c
        for c in cands
        if not (
            c.rule == "known"
            and any(
                (o.type == c.type or c.type != "Organization")
                and o.rule != "known"
                and o.start <= c.start
                and c.end <= o.end
                and (o.start, o.end) != (c.start, c.end)
                for o in cands
            )
        )
    ]
    for c in sorted(cands, key=lambda c: (-c.score, -(c.end - c.start), c.start)):
        ok = True
        for k in kept:
            if c.end <= k.start or k.end <= c.start:
                continue
            if k.start <= c.start and c.end <= k.end:  # c inside k
                if (c.start, c.end) == (k.start, k.end) or not _may_nest(c, k):
                    ok = False
            elif c.start <= k.start and k.end <= c.end:  # k inside c: c is longer but scored lower
                if not _may_nest(k, c):
                    ok = False
            else:
                ok = False  # crossing
            if not ok:
                break
        if ok:
            kept.append(c)
    return sorted(kept, key=lambda c: c.start)


def _overlapping(cands: list[Candidate]) -> list[list[Candidate]]:
    """The candidates in groups of overlapping spans, in text order (no span of a group overlaps another
    group); inside a group they keep their order, which breaks ties in `select`."""
    clusters: list[list[int]] = []
    end = -1
    for i in sorted(range(len(cands)), key=lambda i: (cands[i].start, cands[i].end)):
        if not clusters or cands[i].start >= end:
            clusters.append([])
        clusters[-1].append(i)
        end = max(end, cands[i].end)
    return [[cands[i] for i in sorted(cluster)] for cluster in clusters]


def _may_nest(inner: Candidate, outer: Candidate) -> bool:
    """An organization named inside a project's name (比亚迪 in 比亚迪新能源整车项目, 山东出版集团 in its
    展示楼) is a mention of its own (not one inside another organization's name: 中国银行山东省分行)."""
    return inner.nested_ok and inner.type == "Organization" and outer.type == "Project"


_AMBIGUOUS_HEADS = frozenset(
    {"产业集聚区", "集聚区", "中心", "总部", "基地", "平台", "共同体", "研究院", "体系", "示范区"}
)


def harmonize(doc: Document, kept: list[Candidate]) -> list[Candidate]:
    """Items of one enumeration are of one kind: an item typed only by an ambiguous head (…产业集聚区, …中心)
    takes the type of the others (安可区块链产业园、互联网出海产业园和济南BIM产业集聚区 are all projects)."""
    text = doc.text
    groups: list[list[Candidate]] = []
    for c in kept:
        if groups and re.fullmatch(r"、|和|及|以及|与", text[groups[-1][-1].end : c.start]):
            groups[-1].append(c)
        else:
            groups.append([c])
    for g in groups:
        if len(g) < 2:
            continue
        for c in g:
            if forms.head_of(c.name) not in _AMBIGUOUS_HEADS:
                continue
            others = [o.type for o in g if o is not c]
            majority = max(set(others), key=others.count)
            if (
                majority != c.type
                and others.count(majority) > len(others) / 2
                and majority in ("Project", "Strategy")
            ):
                c.type = majority
    return kept


def rule_mentions(doc: Document) -> list[Mention]:
    """The rules' own verdict: the candidates they keep, as mentions."""
    return select_mentions(doc, candidates(doc))


def select_mentions(doc: Document, cands: list[Candidate]) -> list[Mention]:
    """The candidates the rules keep (`cands` itself is left as it is)."""
    kept = harmonize(doc, select([replace(c) for c in cands]))
    return [
        Mention(
            c.start,
            c.end,
            doc.text[c.start : c.end],
            c.type,
            c.rule,
            c.name,
            tuple(a for a in c.aliases if a != c.name),
        )
        for c in kept
    ]


def candidates(doc: Document) -> list[Candidate]:
    cands: list[Candidate] = []
    for s in doc.sentences:
        if not s.tokens:
            continue
        v = _SentenceView.of(doc, s)
        found = headed(doc, v)
        found += quoted(doc, v)
        found += titled(doc, v)
        found += known(doc, v)
        found += listed(doc, v)
        found += siblings(doc, v, found)
        cands += found
    cands += inside_names(doc, cands)
    cands += slogan_parts(doc, cands)
    return cands
