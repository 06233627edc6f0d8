"""Stage 4: `Document` -> mentions, decided by the learned model.

1. the hand-written recognisers propose candidates and their own choice (`loaders.rules`);
2. every character gets its features (`loaders.features`), the tagger its labels and marginals
   (`loaders.tagger`);
3. every name anyone proposed is described (`loaders.names`) and the model decides, per name, its type
   or that it is no entity;
4. each kept name is mentioned wherever it was proposed and wherever it stands in the text.
"""

from __future__ import annotations

import numpy as np

from loaders.features import char_features
from loaders.model import Model, load_model
from loaders.names import NameCandidate, candidate_names, occurrences
from loaders.records import Document, Mention
from loaders.rules import Candidate, candidates, select_mentions
from loaders.tagger import tag
from ontology.terms import ENTITY_TYPES

__all__ = ["decide_mentions", "find_mentions", "mentions_of", "recognise"]


def find_mentions(doc: Document, model: Model | None = None) -> list[Mention]:
    return decide_mentions(doc, model or load_model(), *recognise(doc))


def recognise(doc: Document) -> tuple[list[Candidate], list[Mention], list[list[str]]]:
    """What the model decides from: the recognisers' candidates, their own choice, and every character's
    features (training computes these once per report)."""
    cands = candidates(doc)
    chosen = select_mentions(doc, cands)
    return cands, chosen, char_features(doc, cands, chosen)


def decide_mentions(
    doc: Document, model: Model, cands: list[Candidate], chosen: list[Mention], features: list[list[str]]
) -> list[Mention]:
    """The mentions the model keeps, given the recognisers' candidates and choice and the characters'
    features (training computes those once per report)."""
    tagged = tag(model.crf, doc, features)
    names = candidate_names(doc, tagged, cands, chosen)
    probs = model.names.predict([n.features for n in names])
    return mentions_of(doc, names, probs, model.names.threshold)


def mentions_of(
    doc: Document, names: list[NameCandidate], probs: np.ndarray, threshold: float
) -> list[Mention]:
    """Mentions of the names whose probability of being no entity is below `threshold`, typed by the most
    probable type."""
    text = doc.text
    found: list[Mention] = []
    for n, p in zip(names, probs, strict=True):
        if p[0] >= threshold:
            continue
        type_ = ENTITY_TYPES[int(np.argmax(p[1:]))]
        aliases = tuple(sorted(n.aliases))
        for a, b in sorted(n.spans | set(occurrences(text, n.name))):
            found.append(Mention(a, b, text[a:b], type_, "learned", n.name, aliases))
    return _outermost(found)


def _outermost(mentions: list[Mention]) -> list[Mention]:
    """Mentions not inside a longer kept one: 市中 inside 市中区 is part of that name, not a mention of its
    own; but an organization inside a project's name (比亚迪 in 比亚迪新能源整车项目) is."""
    ordered = sorted(mentions, key=lambda m: (m.start, -m.end))
    out: list[Mention] = []
    cover: list[Mention] = []  # kept mentions that may still contain the next ones
    for m in ordered:
        cover = [c for c in cover if c.end > m.start]
        outer = next(
            (
                c
                for c in cover
                if c.start <= m.start and m.end <= c.end and (c.start, c.end) != (m.start, m.end)
            ),
            None,
        )
        if outer is not None and not (m.type == "Organization" and outer.type == "Project"):
            continue
        out.append(m)
        cover.append(m)
    return out
