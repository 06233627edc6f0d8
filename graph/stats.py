"""Counts of the entity graph: per class, per relation, the most connected entities."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import networkx as nx

from ontology.terms import ENTITY_TYPES, RELATIONS


@dataclass
class Stats:
    reports: int
    classes: dict[str, int]
    relations: dict[str, int]
    top: list[tuple[str, str, int]]


def summarize(g: nx.MultiDiGraph, reports: int, top: int = 10) -> Stats:
    classes = Counter(a["type"] for _, a in g.nodes(data=True))
    rels = Counter(k for _, _, k in g.edges(keys=True))
    ranked = sorted(g.nodes, key=lambda n: (-g.degree(n), g.nodes[n]["label"]))[:top]
    return Stats(
        reports=reports,
        classes={t: classes.get(t, 0) for t in ENTITY_TYPES},
        relations={r: rels.get(r, 0) for r in RELATIONS},
        top=[(g.nodes[n]["label"], g.nodes[n]["type"], g.degree(n)) for n in ranked],
    )
