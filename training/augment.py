"""More text for the tagger from the same annotation: each report again with its names swapped.

The tagger learns names from the words around them as much as from the names themselves; with a few
hundred annotated names it also memorises them. A copy of a report in which (about 70 % of) its gold
names are replaced by gold names of the same type from other reports keeps the contexts and breaks the
memory (mention replacement: Dai & Adel, "An Analysis of Simple Data Augmentation for Named Entity
Recognition", COLING 2020). The copies train the tagger only; the decisions learn from real reports.
"""

from __future__ import annotations

import random

from loaders.mentions import recognise
from loaders.records import CleanText
from loaders.segment import segment
from loaders.tagger import bio
from ontology.terms import ENTITY_TYPES
from training.corpus import Annotated
from training.gold import gold_spans

SWAP_SHARE = 0.7


def swapped_names(examples: list[Annotated], copies: int, seed: int) -> list[Annotated]:
    """`copies` copies of each report with names swapped (the same input and seed give the same copies)."""
    if copies <= 0:
        return []
    examples = sorted(examples, key=lambda e: e.doc_id)
    spans = {e.doc_id: gold_spans(e.doc.text, e.gold) for e in examples}
    pool: dict[str, list[str]] = {t: [] for t in ENTITY_TYPES}
    for e in examples:
        for a, b, t in spans[e.doc_id]:
            name = e.doc.text[a:b]
            if not any(ch in name for ch in "“”\n"):
                pool[t].append(name)
    rng = random.Random(seed)
    out = []
    for e in examples:
        for k in range(copies):
            out.append(_copy(e, spans[e.doc_id], pool, rng, f"{e.doc_id}#swap{k}"))
    return out


def _copy(e: Annotated, spans, pool: dict[str, list[str]], rng: random.Random, doc_id: str) -> Annotated:
    text = e.doc.text
    parts: list[str] = []
    labels: list[tuple[int, int, str]] = []
    pos = length = 0
    for a, b, t in spans:
        parts.append(text[pos:a])
        length += a - pos
        name = rng.choice(pool[t]) if pool[t] and rng.random() < SWAP_SHARE else text[a:b]
        labels.append((length, length + len(name), t))
        parts.append(name)
        length += len(name)
        pos = b
    parts.append(text[pos:])
    new = "".join(parts)
    doc = segment(CleanText(doc_id, new, tuple(range(len(new) + 1))))
    return Annotated(doc_id, e.group, e.gold, e.report, doc, *recognise(doc), bio(labels, len(new)))
