"""Candidate relations of one report, with what is known about each: the relation decision's input.

Every ordered pair of the report's entities whose types a relation admits (its domain and range) is a
candidate, wherever the two are mentioned: a third of annotated relations span more than one sentence
(a project listed under its strategy's heading, the report's district and everything "the district"
does). Each candidate gets features of how its two ends stand to each other — the nearest pair of
their mentions (same sentence, paragraph, distance, order, what lies between), heading and paragraph
scope, whether one's name holds the other, the report's subject district, public knowledge of which
division lies in which — and whether the hand-written patterns (`loaders.rules.rule_relations`) state it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from loaders.lexicon import knowledge
from loaders.records import Document, Entity, Relation
from loaders.rules import subject_district
from ontology.terms import ENTITY_TYPES, RELATION_TYPES

RELATION_NAMES = tuple(r.name for r in RELATION_TYPES)
_MAX_MENTIONS = 40  # per entity, for the paragraph-scope features: enough to find the closest
_WINDOW = 6  # sentences: entities mentioned this close are paired
_MAX_NEIGHBOURS = 60  # mentions after each one that it is paired with, at most (a list of 1,000 names)

# Words around a pair that say how the two are related (general words of the genre, by relation).
TRIGGERS: dict[str, tuple[str, ...]] = {
    "coop": ("合作", "签约", "签订", "携手", "联合", "协议", "共建"),
    "settle": ("落户", "入驻", "落地", "引进", "引入", "总部", "设立", "注册", "扎根", "进驻"),
    "invest": ("投资", "建设", "打造", "运营", "承建", "开发", "投建", "出资", "牵头", "主导"),
    "place": ("位于", "在", "坐落", "地处", "辖区", "境内", "片区"),
    "pursue": ("实施", "推进", "打造", "坚持", "落实", "融入", "服务", "聚焦", "深化", "战略", "推动"),
    "part": ("其中", "包括", "即", "之一", "组成", "构建", "重要", "核心"),
    "project": ("项目", "开工", "签约", "竣工", "投产", "启动", "重点"),
}
_ENUMERATION = frozenset("、和及与,，")


@dataclass(frozen=True)
class Pair:
    head: int  # index into the entities
    tail: int
    relation: str
    features: dict[str, float]
    mentions: tuple[tuple[int, int], tuple[int, int]]  # the nearest (start, end) of head and of tail


class _Index:
    """Where each entity is mentioned: sentence, paragraph and order of every mention."""

    def __init__(self, doc: Document, entities: list[Entity]):
        self.doc = doc
        self.entities = entities
        self.sent_starts = [s.start for s in doc.sentences]
        self.par_starts = [p[0] for p in doc.paragraphs]
        ms = sorted((m.start, m.end, i) for i, e in enumerate(entities) for m in e.mentions)
        self.mentions = ms
        self.m_sent = [self.sentence(a) for a, _, _ in ms]
        self.m_par = [self.paragraph(a) for a, _, _ in ms]
        self.by_entity: dict[int, list[int]] = {}
        for k, (_, _, i) in enumerate(ms):
            self.by_entity.setdefault(i, []).append(k)
        # entities of the first sentence of each paragraph, and of each heading
        self.first_sentence_of_par: dict[int, set[int]] = {}
        self.heading_of_sentence: list[int] = []
        last_heading = -1
        for si, s in enumerate(doc.sentences):
            if s.heading:
                last_heading = si
            self.heading_of_sentence.append(last_heading)
        self.in_sentence: dict[int, set[int]] = {}
        for k, (_, _, i) in enumerate(ms):
            self.in_sentence.setdefault(self.m_sent[k], set()).add(i)
        for p, (a, _) in enumerate(doc.paragraphs):
            s = self.sentence(a)
            if s < len(doc.sentences) and self.paragraph(doc.sentences[s].start) == p:
                self.first_sentence_of_par[p] = self.in_sentence.get(s, set())
        self._preceding: dict[tuple[int, str], list[int]] = {}
        self._triggers: dict[int, dict[str, float]] = {}
        self.title_end = doc.paragraphs[0][1] if doc.paragraphs else 0
        subject = subject_district(doc, entities) if entities else None
        self.subject = next(
            (i for i, e in enumerate(entities) if subject is not None and e.key == subject.key), -1
        )
        districts = sorted(
            (i for i, e in enumerate(entities) if e.type == "District"),
            key=lambda i: -len(entities[i].mentions),
        )
        self.district_rank = {i: r for r, i in enumerate(districts)}
        self.type_count = {t: sum(1 for e in entities if e.type == t) for t in ENTITY_TYPES}

    def sentence_triggers(self, si: int) -> dict[str, float]:
        """Which trigger groups the sentence `si` holds (computed once per sentence)."""
        if si not in self._triggers:
            s = self.doc.sentences[si] if self.doc.sentences else None
            sentence = self.doc.text[s.start : s.end] if s else ""
            self._triggers[si] = {
                "sentence_" + g: float(any(w in sentence for w in ws)) for g, ws in TRIGGERS.items()
            }
        return self._triggers[si]

    def sentence(self, pos: int) -> int:
        return max(bisect.bisect_right(self.sent_starts, pos) - 1, 0)

    def paragraph(self, pos: int) -> int:
        return max(bisect.bisect_right(self.par_starts, pos) - 1, 0)

    def preceding(self, k: int, type_: str) -> list[int]:
        """Entities of `type_` mentioned before mention k in its paragraph, nearest first (distinct)."""
        key = (k, type_)
        if key not in self._preceding:
            out: list[int] = []
            j = k - 1
            while j >= 0 and self.m_par[j] == self.m_par[k] and len(out) < 8:
                i = self.mentions[j][2]
                if (
                    self.entities[i].type == type_
                    and i not in out
                    and self.mentions[j][1] <= self.mentions[k][0]
                ):
                    out.append(i)
                j -= 1
            self._preceding[key] = out
        return self._preceding[key]

    def following(self, k: int, type_: str) -> int:
        """The first entity of `type_` mentioned after mention k in its sentence (-1 if none)."""
        j = k + 1
        while j < len(self.mentions) and self.m_sent[j] == self.m_sent[k]:
            i = self.mentions[j][2]
            if self.entities[i].type == type_ and self.mentions[j][0] >= self.mentions[k][1]:
                return i
            j += 1
        return -1


def candidate_pairs(doc: Document, entities: list[Entity], stated: list[Relation]) -> list[Pair]:
    """The type-compatible pairs of `entities` that may be related, with their features; `stated` are the
    rules' relations."""
    index = _Index(doc, entities)
    rules = {(r.head, r.type, r.tail) for r in stated}
    k = knowledge()
    out = []
    for hi, ti in sorted(_near_pairs(index, rules)):
        h, t = entities[hi], entities[ti]
        rels = [r.name for r in RELATION_TYPES if h.type in r.domain and t.type in r.range]
        if not rels:
            continue
        base, mentions = _pair_features(index, hi, ti)
        if h.type == "District" and t.type == "District":
            base["division_inside"] = float(_lies_in(k, h.label, t.label))
            base["division_contains"] = float(_lies_in(k, t.label, h.label))
        for rel in rels:
            f = dict(base)
            f["relation"] = RELATION_NAMES.index(rel)
            f["stated_by_rules"] = float((h.key, rel, t.key) in rules)
            out.append(Pair(hi, ti, rel, f, mentions))
    return out


def _near_pairs(ix: _Index, rules: set[tuple[str, str, str]]) -> set[tuple[int, int]]:
    """The pairs worth deciding on, in number linear in the text: entities mentioned within
    `_WINDOW` sentences of each other, the report's subject district with every entity, each entity with
    those of the heading above it and of its paragraph's first sentence, and the pairs the rules state.
    (Every pair of a long report would be quadratic: 10,000 entities make 10^8 pairs.)"""
    ents = ix.entities
    by_key = {e.key: i for i, e in enumerate(ents)}
    pairs: set[tuple[int, int]] = set()
    ms = ix.mentions
    for k, (_, _, i) in enumerate(ms):
        j = k + 1
        while j < len(ms) and j - k <= _MAX_NEIGHBOURS and ix.m_sent[j] - ix.m_sent[k] <= _WINDOW:
            other = ms[j][2]
            if other != i:
                pairs.add((i, other))
                pairs.add((other, i))
            j += 1
        scope = set(ix.first_sentence_of_par.get(ix.m_par[k], ()))
        hs = ix.heading_of_sentence[ix.m_sent[k]] if ix.heading_of_sentence else -1
        if hs >= 0:
            scope |= ix.in_sentence.get(hs, set())
        for other in scope:
            if other != i:
                pairs.add((other, i))
                pairs.add((i, other))
    if ix.subject >= 0:
        for i in range(len(ents)):
            if i != ix.subject:
                pairs.add((ix.subject, i))
                pairs.add((i, ix.subject))
    for h, _, t in rules:
        if h in by_key and t in by_key:
            pairs.add((by_key[h], by_key[t]))
    return {(h, t) for h, t in pairs if ents[h].mentions and ents[t].mentions}


def _lies_in(k, inner: str, outer: str) -> bool:
    d, o = k.division(inner), k.division(outer)
    if d is None or o is None:
        return False
    for _ in range(4):
        d = k.by_code.get(d.parent) if d.parent else None
        if d is None:
            return False
        if d.code == o.code or d.name == o.name:
            return True
    return False


def _pair_features(ix: _Index, hi: int, ti: int) -> tuple[dict[str, float], tuple]:
    h, t = ix.entities[hi], ix.entities[ti]
    text = ix.doc.text
    best = None
    heads = ix.by_entity[hi]  # mention indices in text order
    for b in ix.by_entity[ti]:
        # the nearest head mentions on either side are the only ones that can be closest
        j = bisect.bisect_left(heads, b)
        for a in heads[max(j - 1, 0) : j + 1]:
            (a0, a1, _), (b0, b1, _) = ix.mentions[a], ix.mentions[b]
            gap = b0 - a1 if a1 <= b0 else a0 - b1
            key = (abs(ix.m_sent[a] - ix.m_sent[b]), abs(ix.m_par[a] - ix.m_par[b]), abs(gap))
            if best is None or key < best[0]:
                best = (key, a, b)
    (ds, dp, dc), a, b = best
    (a0, a1, _), (b0, b1, _) = ix.mentions[a], ix.mentions[b]
    f: dict[str, float] = {
        "head_type": ENTITY_TYPES.index(h.type),
        "tail_type": ENTITY_TYPES.index(t.type),
        "sentences_apart": min(ds, 50),
        "paragraphs_apart": min(dp, 50),
        "chars_apart": min(dc, 2000),
        "head_first": float(a0 < b0),
        "overlap": float(a0 < b1 and b0 < a1),
        "tail_in_head_name": float(_named_in(t, h.label)),
        "head_in_tail_name": float(_named_in(h, t.label)),
        "head_mentions": min(len(h.mentions), 20),
        "tail_mentions": min(len(t.mentions), 20),
        "head_in_title": float(any(m.start < ix.title_end for m in h.mentions)),
        "tail_in_title": float(any(m.start < ix.title_end for m in t.mentions)),
        "head_is_subject": float(hi == ix.subject),
        "tail_is_subject": float(ti == ix.subject),
        "head_district_rank": ix.district_rank.get(hi, 9),
        "tail_district_rank": ix.district_rank.get(ti, 9),
        "entities": len(ix.entities),
        "head_type_count": ix.type_count[h.type],
        "head_length": len(h.label),
        "tail_length": len(t.label),
    }
    if ds == 0:
        lo, hi_ = (a1, b0) if a1 <= b0 else (b1, a0)
        between = text[lo:hi_] if hi_ > lo else ""
        f["entities_between"] = sum(
            1 for s, e, _ in ix.mentions[min(a, b) + 1 : max(a, b)] if lo <= s and e <= hi_
        )
        f["between_length"] = len(between)
        f["between_enumeration"] = float(bool(between) and set(between) <= _ENUMERATION)
        f["between_commas"] = between.count("，") + between.count(",")
        for g, words in TRIGGERS.items():
            f["between_" + g] = float(any(w in between for w in words))
    else:
        for name in ("entities_between", "between_length", "between_enumeration", "between_commas"):
            f[name] = -1
        for g in TRIGGERS:
            f["between_" + g] = -1
    f.update(ix.sentence_triggers(ix.m_sent[b]))
    nearest_before = nearest_after = 0.0
    rank_before = 99
    par_lead = heading = 0.0
    for m in ix.by_entity[ti][:_MAX_MENTIONS]:
        before = ix.preceding(m, h.type)
        if before:
            nearest_before = max(nearest_before, float(before[0] == hi))
            if hi in before:
                rank_before = min(rank_before, before.index(hi))
        nearest_after = max(nearest_after, float(ix.following(m, h.type) == hi))
        par_lead = max(par_lead, float(hi in ix.first_sentence_of_par.get(ix.m_par[m], ())))
        hs = ix.heading_of_sentence[ix.m_sent[m]] if ix.heading_of_sentence else -1
        heading = max(heading, float(hs >= 0 and hi in ix.in_sentence.get(hs, ())))
    f["nearest_before"] = nearest_before
    f["nearest_after"] = nearest_after
    f["rank_before"] = rank_before
    f["leads_paragraph"] = par_lead
    f["heading_scope"] = heading
    return f, ((a0, a1), (b0, b1))


def _named_in(e: Entity, name: str) -> bool:
    return e.label in name or any(len(x) >= 2 and x in name for x in e.aliases)
