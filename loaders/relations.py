"""Stage 6: entities -> relations, decided by the learned model.

The hand-written patterns state what they can (`loaders.rules.rule_relations`); every type-compatible
pair of entities becomes a candidate with its features, theirs among them (`loaders.pairs`); the model
keeps the candidates it finds likely. Each relation keeps its evidence: the sentence a pattern found
it in, or else the sentence (or the run of sentences) where its two ends are mentioned closest.
"""

from __future__ import annotations

import bisect

from loaders.model import Model, load_model
from loaders.pairs import Pair, candidate_pairs
from loaders.records import Document, Entity, Evidence, Relation
from loaders.rules import by_type, counts, evidence, rule_relations, subject_district

__all__ = ["by_type", "counts", "decide", "evidence", "find_relations", "subject_district"]

_LONGEST_EVIDENCE = 3  # sentences: mentions further apart are evidenced by the tail's sentence


def find_relations(doc: Document, entities: list[Entity], model: Model | None = None) -> list[Relation]:
    model = model or load_model()
    stated = rule_relations(doc, entities)
    pairs = candidate_pairs(doc, entities, stated)
    probs = model.relations.predict([p.features for p in pairs])
    return decide(doc, entities, pairs, probs, model.relations.threshold, stated)


def decide(
    doc: Document,
    entities: list[Entity],
    pairs: list[Pair],
    probs,
    threshold: float,
    stated: list[Relation],
) -> list[Relation]:
    by_rule = {(r.head, r.type, r.tail): r.evidence for r in stated}
    out = []
    for p, prob in zip(pairs, probs, strict=True):
        if prob < threshold:
            continue
        h, t = entities[p.head], entities[p.tail]
        ev = by_rule.get((h.key, p.relation, t.key)) or _evidence(doc, p)
        out.append(Relation(h.key, p.relation, t.key, ev, "learned"))
    return out


def _evidence(doc: Document, p: Pair) -> Evidence:
    (a0, a1), (b0, b1) = p.mentions
    sents = doc.sentences
    first = _sentence_index(doc, min(a0, b0))
    last = _sentence_index(doc, max(a0, b0))
    if last - first >= _LONGEST_EVIDENCE or sents[first].paragraph != sents[last].paragraph:
        return evidence(doc.clean, sents[_sentence_index(doc, b0)])
    ev_first, ev_last = evidence(doc.clean, sents[first]), evidence(doc.clean, sents[last])
    start, end = ev_first.start, ev_last.end
    raw_start, raw_end = doc.clean.raw_span(start, end)
    return Evidence(doc.clean.doc_id, start, end, doc.text[start:end], raw_start, raw_end)


def _sentence_index(doc: Document, pos: int) -> int:
    """The last sentence starting at or before `pos`."""
    return max(bisect.bisect_right([s.start for s in doc.sentences], pos) - 1, 0)
