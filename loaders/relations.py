"""Stage 6: entities -> relations, each with the sentence that supports it.

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
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from loaders import forms
from loaders.lexicon import knowledge
from loaders.records import CleanText, Document, Entity, Evidence, Mention, Relation, Sentence
from ontology.terms import allowed

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


@dataclass
class _Ctx:
    doc: Document
    entities: list[Entity]
    by_key: dict[str, Entity]
    mention_entity: dict[tuple[int, int], Entity]
    subject: Entity | None
    out: dict[tuple[str, str, str], Relation]
    _by_start: list[tuple[Mention, Entity]] | None = field(default=None, repr=False)
    _starts: list[int] = field(default_factory=list, repr=False)

    def add(self, head: Entity, rel: str, tail: Entity, sentence: Sentence, rule: str) -> None:
        if head.key == tail.key or not allowed(head.type, rel, tail.type):
            return
        key = (head.key, rel, tail.key)
        if key not in self.out:
            self.out[key] = Relation(head.key, rel, tail.key, evidence(self.doc.clean, sentence), rule)

    def in_sentence(self, s: Sentence) -> list[tuple[Mention, Entity]]:
        if self._by_start is None:  # one index of all mentions: a sentence then costs its own mentions only
            self._by_start = sorted(
                ((m, e) for e in self.entities for m in e.mentions), key=lambda x: x[0].start
            )
            self._starts = [m.start for m, _ in self._by_start]
        found = []
        i = bisect_left(self._starts, s.start)
        while i < len(self._starts) and self._starts[i] <= s.end:
            if self._by_start[i][0].end <= s.end:
                found.append(self._by_start[i])
            i += 1
        return found


def evidence(clean: CleanText, s: Sentence) -> Evidence:
    text = clean.text
    a, b = s.start, s.end
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    ra, rb = clean.raw_span(a, b)
    return Evidence(clean.doc_id, a, b, text[a:b], ra, rb)


def find_relations(doc: Document, entities: list[Entity]) -> list[Relation]:
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


# ---------------------------------------------------------------- the subject district


def subject_district(doc: Document, entities: list[Entity]) -> Entity | None:
    """The district the report is about: most mentioned (the title counts three times), preferring
    districts, counties and new areas over the cities and provinces they lie in."""
    k = knowledge()
    title_end = doc.paragraphs[0][1] if doc.paragraphs else 0
    best, best_score = None, 0.0
    for e in entities:
        if e.type != "District":
            continue
        d = k.division(e.label)
        level = d.level if d else "zone"
        weight = {"province": 0.2, "city": 0.35, "foreign-city": 0.05}.get(level, 1.0)
        score = sum(3 if m.start < title_end else 1 for m in e.mentions) * weight
        if score > best_score:
            best, best_score = e, score
    return best


def _first_sentence(ctx: _Ctx, *ents: Entity) -> Sentence | None:
    """The first sentence that mentions all the given entities (or the first mention of the last one)."""
    spans = [set((m.start, m.end) for m in e.mentions) for e in ents]
    for s in ctx.doc.sentences:
        if all(any(s.start <= a and b <= s.end for a, b in sp) for sp in spans):
            return s
    last = ents[-1]
    if last.mentions:
        return _sentence_at(ctx.doc, last.mentions[0].start)
    return None


def _sentence_at(doc: Document, pos: int) -> Sentence | None:
    for s in doc.sentences:
        if s.start <= pos < s.end:
            return s
    return None


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


def _includes_project(ctx: _Ctx) -> None:
    """A project belongs to the strategy whose scope it sits in: the paragraph the strategy opens or is the only
    strategy of, the section under a heading naming it, the list a paragraph ending in a colon introduces — and
    to the strategies named in its own sentence."""
    doc = ctx.doc
    if not any(e.type == "Strategy" for e in ctx.entities):
        return
    owner = _paragraph_owners(ctx)
    for s in doc.sentences:
        ents = ctx.in_sentence(s)
        projects = [e for _, e in ents if e.type == "Project"]
        if not projects:
            continue
        targets: dict[str, Entity] = {}
        if s.paragraph in owner:
            targets[owner[s.paragraph].key] = owner[s.paragraph]
        for _, e in ents:
            if e.type == "Strategy":
                targets.setdefault(e.key, e)
        for st in targets.values():
            for p in projects:
                ctx.add(st, "includesProject", p, s, "scope")


def _paragraph_owners(ctx: _Ctx) -> dict[int, Entity]:
    doc = ctx.doc
    owner: dict[int, Entity] = {}
    section: Entity | None = None  # the strategy a heading names, for the paragraphs under it
    intro: Entity | None = None  # the strategy of a paragraph that ends with a colon, for the list after it
    for p_index, (p_start, p_end) in enumerate(doc.paragraphs):
        sents = [s for s in doc.sentences if s.paragraph == p_index]
        if not sents:
            continue
        strats = _unique([e for s in sents for _, e in ctx.in_sentence(s) if e.type == "Strategy"])
        first = sents[0]
        if first.heading and len(sents) == 1:
            section = strats[0] if len(strats) == 1 else None
            intro = None
            continue
        first_strats = [e for _, e in ctx.in_sentence(first) if e.type == "Strategy"]
        if first_strats and _leads(doc.text, first, first_strats[0]):
            owner[p_index] = first_strats[0]
        elif len(strats) == 1:
            owner[p_index] = strats[0]
        elif intro is not None:
            owner[p_index] = intro
        elif section is not None:
            owner[p_index] = section
        text = doc.text[p_start:p_end].rstrip()
        if text.endswith((":", "：")) and strats:
            intro = strats[-1]
        elif intro is not None and p_index not in owner:
            intro = None
    return owner


def _unique(es: list[Entity]) -> list[Entity]:
    seen: dict[str, Entity] = {}
    for e in es:
        seen.setdefault(e.key, e)
    return list(seen.values())


def _leads(text: str, s: Sentence, e: Entity) -> bool:
    """The strategy is what the sentence is about: it opens it (中央商埠区聚力蓄势。, 打造济南中央活力区。)."""
    m = next((m for m in e.mentions if s.start <= m.start < s.end), None)
    if m is None:
        return False
    prefix = text[s.start : m.start]
    return len(prefix) <= 4


def _located_in(ctx: _Ctx) -> None:
    subj = ctx.subject
    k = knowledge()
    for e in ctx.entities:
        if e.type == "Project":
            place = _place_in_name(ctx, e) or subj
            if place is not None:
                s = _first_sentence(ctx, e)
                if s:
                    ctx.add(e, "locatedIn", place, s, "project-place")
        elif e.type == "Organization" and subj is not None:
            for m in e.mentions:
                s = _sentence_at(ctx.doc, m.start)
                if s is None:
                    continue
                before = ctx.doc.text[s.start : m.start]
                nxt = min((x.start for x, _ in ctx.in_sentence(s) if x.start >= m.end), default=s.end)
                after = re.split(r"[,，;；。]", ctx.doc.text[m.end : min(nxt, m.end + 16)])[0]
                partner = re.search(r"(?:与|同|联合|携手)[^,，;；。]*$", before)  # a partner is not a settler
                if not partner and (_SETTLE_BEFORE.search(before) or _SETTLE_AFTER.search(after)):
                    ctx.add(e, "locatedIn", subj, s, "settles")
                    break
    del k


_SETTLE_BEFORE = re.compile(r"(?:新引进|引进|引入|招引|聚集|集聚|吸引|设立)[^。；;]*$")
_SETTLE_AFTER = re.compile(r"落户|入驻|落地|扎根|总部|注册|投产|进驻")


def _place_in_name(ctx: _Ctx, e: Entity) -> Entity | None:
    """A project named after another district than the subject's own (通州副中心综合交通枢纽 -> 通州)."""
    subj = ctx.subject
    k = knowledge()
    districts = {x.label: x for x in ctx.entities if x.type == "District"}
    for x in ctx.entities:
        if x.type != "District" or x is subj:
            continue
        for n in (x.label, *x.aliases):
            if len(n) >= 2 and e.label.startswith(n):
                d = k.division(x.label)
                # a city or province in front names the project (济南宾馆, 山东新金融产业园), not its place
                if d is not None and d.level in ("province", "city"):
                    return None
                return districts.get(x.label)
    return None


def _is_ancestor(a, b) -> bool:
    k = knowledge()
    seen = 0
    while b is not None and b.parent and seen < 5:
        if b.parent == a.code:
            return True
        b = k.by_code.get(b.parent)
        seen += 1
    return False


_INVEST = re.compile(r"(?:由)?(?P<org>\S{2,30}?)(?:将)?(?:投资|设立|建设|打造|运营|投建|出资|牵头)(?:的)?")


def _involves(ctx: _Ctx) -> None:
    projects = [e for e in ctx.entities if e.type == "Project"]
    orgs = [e for e in ctx.entities if e.type == "Organization"]
    for p in projects:
        for o in orgs:
            for n in (o.label, *o.aliases):
                if len(n) >= 2 and n in p.label and n != p.label:
                    s = _first_sentence(ctx, p)
                    if s:
                        ctx.add(p, "involves", o, s, "org-in-name")
                    break
    # X投资的Y / 由X设立的Y / X将投资…设立Y
    for s in ctx.doc.sentences:
        ents = ctx.in_sentence(s)
        for i, (m, e) in enumerate(ents):
            if e.type != "Organization":
                continue
            for m2, e2 in ents[i + 1 :]:
                if e2.type != "Project":
                    continue
                gap = ctx.doc.text[m.end : m2.start]
                if (
                    len(gap) <= 30
                    and re.search(r"投资|设立|建设|打造|运营|投建|出资|牵头|开展", gap)
                    and not re.search(r"[。;；]", gap)
                ):
                    ctx.add(e2, "involves", e, s, "invests")
                    break


_COOP = re.compile(
    r"(?:与|同|和)(?P<list>[^，,。；;]{2,80}?)(?:等[^，,。；;]{0,12})?(?:签订|签署|达成|合作签约|签约合作|开展合作|战略合作|合作)"
)


def _cooperates(ctx: _Ctx) -> None:
    text = ctx.doc.text
    for s in ctx.doc.sentences:
        ents = ctx.in_sentence(s)
        seg = text[s.start : s.end]
        partners: list[tuple[Mention, Entity]] = []
        for m in _COOP.finditer(seg):
            a, b = s.start + m.start("list"), s.start + m.end("list")
            partners += [(x, e) for x, e in ents if a <= x.start and x.end <= b and e.type == "Organization"]
        for m in re.finditer(r"(?:联合|携手)", seg):
            pos = s.start + m.end()
            nxt = next(((x, e) for x, e in ents if x.start >= pos and x.start - pos <= 1), None)
            if nxt and nxt[1].type == "Organization":
                partners.append(nxt)
                # an enumeration continues the partner list: 联合A、B、C等
                j = ents.index(nxt)
                for x, e in ents[j + 1 :]:
                    gap = text[partners[-1][0].end : x.start]
                    if e.type == "Organization" and re.fullmatch(r"、|和|及", gap):
                        partners.append((x, e))
                    else:
                        break
        if not partners:
            continue
        first = partners[0][0]
        actor = _actor_before(ctx, ents, first.start, s)
        for _, pe in partners:
            if actor is not None and actor.key != pe.key:
                ctx.add(actor, "cooperatesWith", pe, s, "cooperation")


def _actor_before(ctx: _Ctx, ents, pos: int, s: Sentence) -> Entity | None:
    """Who cooperates: the organization or district named before the partners in the clause, else the subject."""
    text = ctx.doc.text
    clause_start = s.start
    for m in re.finditer(r"[，,；;:：]", text[s.start : pos]):
        clause_start = s.start + m.end()
    before = [e for m, e in ents if m.end <= pos and m.start >= s.start]
    in_clause = [
        e
        for m, e in ents
        if clause_start <= m.start and m.end <= pos and e.type in ("Organization", "District")
    ]
    if in_clause:
        return in_clause[-1]
    orgs_before = [e for e in before if e.type == "Organization"]
    if orgs_before and re.search(r"将|拟", text[s.start : pos]):
        return orgs_before[0]
    return ctx.subject


def counts(relations: list[Relation]) -> Counter:
    return Counter(r.type for r in relations)


def by_type(relations: list[Relation]) -> dict[str, list[Relation]]:
    out: dict[str, list[Relation]] = defaultdict(list)
    for r in relations:
        out[r.type].append(r)
    return out
