"""Names given by their place in a text: `titled` (a policy document in 《》), `listed` (the items of an
enumeration typed by its class noun: A、B、C等一批项目) and `siblings` (items listed with a recognised
name take its type).
"""

from __future__ import annotations

import re

from loaders.lexicon import knowledge
from loaders.records import Document
from loaders.rules import forms
from loaders.rules.view import (
    _GENERIC_MODIFIERS,
    QUOTE_CHARS,
    Candidate,
    _SentenceView,
    _walk_left,
    normalize_name,
)


def titled(doc: Document, v: _SentenceView) -> list[Candidate]:
    """Policy documents in 《》: 《中央活力区战略实施行动方案》."""
    out = []
    s = v.s
    for m in re.finditer(r"《([^《》\n]{4,60})》", doc.text[s.start : s.end]):
        name = normalize_name(m.group(1))
        if re.search(r"(?:方案|规划|计划|措施|纲要|政策|行动|意见|办法|战略)(?:\(.*\))?$", name):
            a = s.start + m.start()
            out.append(Candidate(a, s.start + m.end(), "Strategy", "titled", 4.0, name))
    return out


def listed(doc: Document, v: _SentenceView) -> list[Candidate]:
    """Items of an enumeration typed by its class noun: 比亚迪、国电投等龙头企业."""
    out: list[Candidate] = []
    s = v.s
    seg = doc.text[s.start : s.end]
    for m in forms.CLASS_NOUN_RE.finditer(seg):
        typ = forms.CLASS_NOUN_TYPE[m.group(1)]
        out.extend(_items_before(doc, v, s.start + m.start(), typ, "listed"))
    return out


def siblings(doc: Document, v: _SentenceView, found: list[Candidate]) -> list[Candidate]:
    """Items listed with a recognised name take its type: 中山公园、经四小纬二、万紫巷项目 (all projects)."""
    out: list[Candidate] = []
    text = doc.text
    for c in found:
        if c.rule not in ("headed", "known") or c.type not in ("Project", "Organization"):
            continue
        before = text[max(v.s.start, c.start - 1) : c.start]
        after = text[c.end : c.end + 1]
        if before == "、" or after == "、":
            end = c.end
            # extend the list to its last item when it continues after this one
            while text[end : end + 1] == "、":
                nxt = next((x for x in found if x.start == end + 1), None)
                if nxt is None:
                    break
                end = nxt.end
            for item in _items_before(doc, v, end, c.type, "sibling", score=1.5):
                head = forms.head_of(item.name)
                last = next((t for t in reversed(v.toks) if t.end <= item.end), None)
                if head is None and last is not None and last.tag in ("v", "vn"):
                    continue  # 科创企业培育, 科创人才合作: activities, not names
                if head is None or forms.HEAD_TYPE[head] == c.type:
                    out.append(item)
    return out


def _items_before(
    doc: Document, v: _SentenceView, end: int, typ: str, rule: str, score: float = 2.5
) -> list[Candidate]:
    """Split the enumeration that ends at `end` into items (、 and a final 和/及/以及)."""
    text = doc.text
    s = v.s
    clause_start = s.start
    for m in re.finditer(r"[,，;；:：。!?！？ ]", text[s.start : end]):
        clause_start = s.start + m.end()
    segment = text[clause_start:end]
    parts: list[tuple[int, int]] = []
    pos = clause_start
    for m in re.finditer(r"、", segment):
        parts.append((pos, clause_start + m.start()))
        pos = clause_start + m.end()
    parts.append((pos, end))
    a, b = parts[-1]
    mm = re.search(r"(以及|和|及)", text[a:b])
    if mm and mm.start() >= 2 and (b - a) - mm.end() >= 2:
        parts[-1] = (a, a + mm.start())
        parts.append((a + mm.end(), b))
    toks = v.toks
    generic = knowledge().generic
    if sum(normalize_name(text[a:b]) in generic for a, b in parts) * 2 >= len(parts):
        return []  # a list of industries or fields (人工智能、空天信息…等新型产业园区), not of names
    out = []
    for n, (a, b) in enumerate(parts):
        if b - a < 2:
            continue
        if n == 0:  # the first item starts after the verb that opens the list
            idx = [i for i, t in enumerate(toks) if a <= t.start and t.end <= b]
            if not idx:
                continue
            first = max(_walk_left(v, idx[-1]), idx[0])
            if first == idx[-1] and v.boundary(idx[-1]):
                continue
            a = toks[first].start
        name = normalize_name(text[a:b])
        if not _item_ok(name, v, a, b):
            continue
        out.append(
            Candidate(a, b, typ, rule, score + 0.05 * len(name), name, nested_ok=typ == "Organization")
        )
    return out


def _item_ok(name: str, v: _SentenceView, a: int, b: int) -> bool:
    """An item of a typed enumeration is a name unless it is generic: made only of common words."""
    if not (2 <= len(name) <= 30) or name in knowledge().generic:
        return False
    inner = [i for i, t in enumerate(v.toks) if a <= t.start and t.end <= b]
    for i in inner:
        t = v.toks[i].text
        if (
            t in forms.BOUNDARY_WORDS
            or (len(t) == 1 and t in forms.BOUNDARY_CHARS)
            or (t in forms.PUNCT and t not in forms.INNER_PUNCT and t not in QUOTE_CHARS + "()（）")
        ):
            return False
    if any(v.tagged_proper[i] for i in inner):
        return True
    head = forms.head_of(name)
    return (
        bool(head)
        and len(name) - len(head) >= 2
        and not all(v.toks[i].text in _GENERIC_MODIFIERS or v.toks[i].text == head for i in inner)
    )
