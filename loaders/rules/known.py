"""`known`: public knowledge (divisions, well-known organizations, named national strategies); and the
passes over all of a document's candidates that find names inside others: organizations inside a
project's name (`inside_names`: 比亚迪 in 比亚迪南山总部) and the parts of an enumerated slogan quoted on
their own (`slogan_parts`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from loaders.lexicon import knowledge
from loaders.records import Document
from loaders.rules import forms
from loaders.rules.view import (
    Candidate,
    _SentenceView,
)


def known(doc: Document, v: _SentenceView) -> list[Candidate]:
    """Divisions, well-known organizations and named national strategies."""
    k = knowledge()
    out = []
    toks = v.toks
    for i, tok in enumerate(toks):
        t = tok.text
        if len(t) < 2:
            continue
        d = k.division(t)
        if d is not None:
            nxt = toks[i + 1].text if i + 1 < len(toks) else ""
            if nxt.startswith(("路", "街", "大街", "大道", "巷")):
                continue  # 经十路: a street
            out.append(Candidate(tok.start, tok.end, "District", "known", 2.2, t))
        elif t in k.organizations:
            out.append(Candidate(tok.start, tok.end, "Organization", "known", 2.4, t, nested_ok=True))
        elif t in k.strategies:
            out.append(Candidate(tok.start, tok.end, "Strategy", "known", 2.4, t))
    for m in _long_strategies().finditer(v.s_text):  # names longer than one dictionary word
        out.append(
            Candidate(v.s.start + m.start(), v.s.start + m.end(), "Strategy", "known", 2.6, m.group(0))
        )
    return out


@lru_cache(maxsize=1)
def _long_strategies() -> re.Pattern:
    names = sorted((n for n in knowledge().strategies if len(n) >= 6), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


def inside_names(doc: Document, cands: list[Candidate]) -> list[Candidate]:
    """Organizations named inside a project's name: <org>(山东|北方|区域…)总部, <英文名>总部."""
    out = []
    k = knowledge()
    regions = "|".join(map(re.escape, forms.REGION_WORDS))
    projects = [c for c in cands if c.type == "Project"]
    for c in projects:
        if any(
            o.start <= c.start and c.end <= o.end and (o.start, o.end) != (c.start, c.end) for o in projects
        ):
            continue  # 深圳湾超级总部 inside 深圳湾超级总部基地: not a company's headquarters
        m = re.match(rf"^(.{{2,12}}?)(?:{regions})*总部$", c.name)
        if not m:
            continue
        org = m.group(1)
        while len(org) > 2 and any(org.endswith(d) and len(d) >= 2 for d in _division_tail(org)):
            org = org[: -len(_division_tail(org)[0])]  # 比亚迪南山总部 -> 比亚迪
        if k.division(org) or org in forms.REGION_WORDS:
            continue
        if re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", org) or len(org) >= 3:
            a = doc.text.find(org, c.start, c.end)
            if a >= 0:
                out.append(Candidate(a, a + len(org), "Organization", "inside", 2.3, org, nested_ok=True))
    return out


def _division_tail(name: str) -> list[str]:
    """Place names (full or short, any level) that end `name`, longest first."""
    k = knowledge()
    tails = []
    for n in range(2, min(6, len(name) - 1) + 1):
        t = name[-n:]
        if t in k.divisions or t in k.homonyms or (t + "区") in k.divisions or (t + "区") in k.homonyms:
            tails.append(t)
    return sorted(tails, key=len, reverse=True)


def slogan_parts(doc: Document, cands: list[Candidate]) -> list[Candidate]:
    """A part of an enumerated slogan quoted on its own is a strategy too: “东强”传导区 after
    “东强、西兴、南美、北起、中优”."""
    parts: set[str] = set()
    for c in cands:
        if c.type == "Strategy" and c.rule.startswith("quoted"):
            for n in (c.name, *c.aliases):
                if forms.SLOGAN_ENUM.match(n):
                    parts.update(p for p in re.split(r"[、,]", n) if 2 <= len(p) <= 6)
    if not parts:
        return []
    out = []
    for m in re.finditer(r"“([^“”]{2,6})”", doc.text):
        if m.group(1) in parts:
            out.append(Candidate(m.start(), m.end(), "Strategy", "slogan-part", 2.9, m.group(1)))
    return out
