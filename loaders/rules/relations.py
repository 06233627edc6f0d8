"""Relation rules: entities -> relations, each with the sentence that supports it.
Patterns over sentences plus the structure of the report:

- the report's subject district (the one it is about) pursues its strategies and hosts its projects
  and the organizations that settle there (全区, 该区 refer to it);
- a district inside another, from public knowledge of divisions, when the report names both;
- a strategy's parts: the items of a slogan (“一轴、三区、多园”), the names listed before a numbered
  strategy (打造A、B、C…“三区”战略), a name extending another (…战略实施行动方案);
- a strategy's projects: projects in a paragraph (or under a heading) led by the strategy, or in
  the same sentence;
- a project's organizations: named inside the project's name (比亚迪新能源整车项目), or the investor
  (由X投资的Y, X将投资…设立Y);
- cooperation: 与X签订战略合作协议, 联合X, 携手X.

The shared context is in `relation_context`; the rules of scope, place, investment and cooperation
in `relation_scopes`.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from loaders.lexicon import knowledge
from loaders.records import Document, Entity, Mention, Relation
from loaders.rules import forms
from loaders.rules.relation_context import _Ctx, _first_sentence, _sentence_at, subject_district
from loaders.rules.relation_scopes import _cooperates, _includes_project, _involves, _located_in

_NUMERALS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "双": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}
_ZONE_HEADS = ("片区", "区", "组团", "板块", "带", "轴", "城", "园", "谷")


def rule_relations(doc: Document, entities: list[Entity]) -> list[Relation]:
    by_key = {e.key: e for e in entities}
    mention_entity = {(m.start, m.end): e for e in entities for m in e.mentions}
    ctx = _Ctx(doc, entities, by_key, mention_entity, subject_district(doc, entities), {})
    _district_hierarchy(ctx)
    _has_strategy(ctx)
    _part_of(ctx)
    _includes_project(ctx)
    _located_in(ctx)
    _involves(ctx)
    _cooperates(ctx)
    return list(ctx.out.values())


# ---------------------------------------------------------------- rules


def _district_hierarchy(ctx: _Ctx) -> None:
    """A district lies in its parent division when the report names both."""
    k = knowledge()
    districts = [e for e in ctx.entities if e.type == "District"]
    by_label = {e.label: e for e in districts}
    named = {n for e in districts for n in (e.label, *e.aliases)}
    for e in districts:
        d = k.division_near(e.label, named)
        if d is None or d.level not in ("county", "new-area"):
            continue  # a county lies in its city; the city in its province goes without saying
        while d is not None and d.parent:
            parent = k.by_code.get(d.parent + "-city") or k.by_code.get(d.parent)
            if parent is None:
                break
            if parent.name in by_label and parent.name != e.label:
                s = _first_sentence(ctx, e, by_label[parent.name])
                if s:
                    ctx.add(e, "locatedIn", by_label[parent.name], s, "division")
                break
            d = parent if parent.code != d.code else None
    # zones and new areas of the subject: the subject's city or province named in the report
    subj = ctx.subject
    if subj is not None:
        for e in districts:
            if e is subj or k.division(e.label) is not None or not forms.head_of(e.label):
                continue  # a zone (…开发区, …新区, …街道), not a bare place name typed by a list
            s = _first_sentence(ctx, e)
            sd = k.division(subj.label)
            named_after = sd is not None and len(sd.short) >= 2 and sd.short in e.label  # 山东商河经济开发区
            if s and (named_after or subj.label in ctx.doc.text[s.start : s.end]):
                ctx.add(e, "locatedIn", subj, s, "zone-in-subject")


def _has_strategy(ctx: _Ctx) -> None:
    subj = ctx.subject
    for e in ctx.entities:
        if e.type != "Strategy":
            continue
        # a district written right before the strategy: 山东省“十强”产业, 济南市“深入实施…”
        for m in e.mentions:
            s = _sentence_at(ctx.doc, m.start)
            if s is None:
                continue
            for other, oe in ctx.in_sentence(s):
                gap = ctx.doc.text[other.end : m.start] if other.end <= m.start else "x" * 9
                if oe.type == "District" and len(gap) <= 2 and not re.search(r"[，,。；;、]", gap):
                    ctx.add(oe, "hasStrategy", e, s, "district-before")
        if subj is not None:
            s = _first_sentence(ctx, subj, e)
            if s:
                ctx.add(subj, "hasStrategy", e, s, "subject")


def _slogan_parts(name: str) -> list[str]:
    """一轴、三区、多园 -> [一轴, 三区, 多园]; 一带一城 -> [一带, 一城]; 东强、西兴 -> [东强, 西兴]."""
    if "、" in name:
        parts = name.split("、")
        # the defining words after the last item belong to the whole: …中优城市发展新格局
        last = parts[-1]
        if len(last) > len(parts[0]) + 2:
            parts[-1] = last[: len(parts[0])]
        return [p for p in parts if p]
    pieces = re.findall(rf"[{forms.NUMERAL}][^{forms.NUMERAL}]+", name)
    return pieces if len(pieces) >= 2 and "".join(pieces) == name else []


def _part_of(ctx: _Ctx) -> None:
    strategies = [e for e in ctx.entities if e.type == "Strategy"]
    names = {n: e for e in strategies for n in (e.label, *e.aliases)}
    for whole in strategies:
        # the items of a slogan that the report also names
        for n in (whole.label, *whole.aliases):
            for part in _slogan_parts(n):
                for cand in (part, part + "战略"):
                    pe = names.get(cand)
                    if pe is not None and pe is not whole:
                        s = _first_sentence(ctx, whole)
                        if s:
                            ctx.add(pe, "partOf", whole, s, "slogan-part")
        # a name extending another: 中央活力区战略实施行动方案 -> 中央活力区, 二环路科创产业带龙头引擎区 -> …产业带
        for other in strategies:
            if other is whole:
                continue
            for n in (other.label, *other.aliases):
                if len(n) >= 3 and whole.label.startswith(n) and len(whole.label) > len(n) + 1:
                    s = _first_sentence(ctx, whole)
                    if s:
                        ctx.add(whole, "partOf", other, s, "extends")
                    break
    # 打造A、B、C…“三区”战略: as many strategies listed as the numbered strategy counts
    for s in ctx.doc.sentences:
        ms = [(m, e) for m, e in ctx.in_sentence(s) if e.type == "Strategy"]
        for i, (_, e) in enumerate(ms):
            n = _leading_number(e.label)
            if n < 2 or i < n:
                continue
            before = [x for x in ms[:i] if x[1] is not e]
            listed = before[-n:]
            if len(listed) == n and _is_enumeration(ctx.doc.text, [x[0] for x in listed]):
                for _, pe in listed:
                    ctx.add(pe, "partOf", e, s, "counted-list")
    # a paragraph led by a numbered strategy names its n zones: 建设“三区”… 明府城片区 … 中央商务区 … 长岭山片区
    for p_start, p_end in ctx.doc.paragraphs:
        ms = [(m, e) for e in strategies for m in e.mentions if p_start <= m.start < p_end]
        ms.sort(key=lambda x: x[0].start)
        if not ms:
            continue
        lead_m, lead = ms[0]
        n = _leading_number(lead.label)
        if n < 2:
            continue
        zones = []
        for _, e in ms[1:]:
            if e is lead or e in zones:
                continue
            if e.label.endswith(_ZONE_HEADS):
                zones.append(e)
        if len(zones) == n:
            for z in zones:
                s = _first_sentence(ctx, z)
                if s:
                    ctx.add(z, "partOf", lead, s, "paragraph-zones")


def _leading_number(name: str) -> int:
    if name and name[0] in _NUMERALS and name[0] != "一":
        return _NUMERALS[name[0]]
    return 0


def _is_enumeration(text: str, ms: list[Mention]) -> bool:
    for a, b in zip(ms, ms[1:], strict=False):
        gap = text[a.end : b.start]
        if not re.fullmatch(r"\s*(?:、|和|及|以及|与|,)\s*", gap):
            return False
    return True


def counts(relations: list[Relation]) -> Counter:
    return Counter(r.type for r in relations)


def by_type(relations: list[Relation]) -> dict[str, list[Relation]]:
    out: dict[str, list[Relation]] = defaultdict(list)
    for r in relations:
        out[r.type].append(r)
    return out
