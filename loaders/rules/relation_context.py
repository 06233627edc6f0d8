"""What the relation rules share: `_Ctx` (the document, its entities and subject district, the mentions
indexed by sentence, and `add`, which keeps one relation per head, type and tail with its evidence),
`evidence`, the subject district, and the sentences that mention given entities.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from loaders.lexicon import knowledge
from loaders.records import CleanText, Document, Entity, Evidence, Mention, Relation, Sentence
from ontology.terms import allowed


@dataclass
class _Ctx:
    doc: Document
    entities: list[Entity]
    by_key: dict[str, Entity]
    mention_entity: dict[tuple[int, int], Entity]
    subject: Entity | None
    out: dict[tuple[str, str, str], Relation]
    by_sentence: dict[int, list[tuple[Mention, Entity]]] = field(
        default_factory=dict
    )  # sentence start -> mentions
    sentence_of: dict[str, list[int]] = field(default_factory=dict)  # entity key -> indices of its sentences

    def __post_init__(self) -> None:
        # index mentions by sentence once: rules ask "what is in this sentence" and "where is this entity" often
        starts = [s.start for s in self.doc.sentences]
        for e in self.entities:
            for m in e.mentions:
                i = bisect.bisect_right(starts, m.start) - 1
                if i < 0 or m.end > self.doc.sentences[i].end:
                    continue
                self.by_sentence.setdefault(self.doc.sentences[i].start, []).append((m, e))
                self.sentence_of.setdefault(e.key, []).append(i)
        for ms in self.by_sentence.values():
            ms.sort(key=lambda x: x[0].start)

    def add(self, head: Entity, rel: str, tail: Entity, sentence: Sentence, rule: str) -> None:
        if head.key == tail.key or not allowed(head.type, rel, tail.type):
            return
        key = (head.key, rel, tail.key)
        if key not in self.out:
            self.out[key] = Relation(head.key, rel, tail.key, evidence(self.doc.clean, sentence), rule)

    def in_sentence(self, s: Sentence) -> list[tuple[Mention, Entity]]:
        return self.by_sentence.get(s.start, [])


def evidence(clean: CleanText, s: Sentence) -> Evidence:
    text = clean.text
    a, b = s.start, s.end
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    ra, rb = clean.raw_span(a, b)
    return Evidence(clean.doc_id, a, b, text[a:b], ra, rb)


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
    sets = [set(ctx.sentence_of.get(e.key, ())) for e in ents]
    common = set.intersection(*sets) if sets else set()
    if common:
        return ctx.doc.sentences[min(common)]
    last = ents[-1]
    if last.mentions:
        return _sentence_at(ctx.doc, last.mentions[0].start)
    return None


def _sentence_at(doc: Document, pos: int) -> Sentence | None:
    starts = [s.start for s in doc.sentences]
    i = bisect.bisect_right(starts, pos) - 1
    if 0 <= i < len(doc.sentences) and pos < doc.sentences[i].end:
        return doc.sentences[i]
    return None
