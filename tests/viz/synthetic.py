"""A synthetic entity graph shaped like ours (few districts as hubs, many strategies and projects),
of any size, with the attributes `graph.views.entity_graph` gives: for layout and browser tests and
for `bench/viz_open.py`."""

from __future__ import annotations

import itertools
import random

import networkx as nx

from graph.views import EvidenceRef
from ontology.terms import RELATION_TYPES

SHARES = {"District": 0.05, "Strategy": 0.35, "Project": 0.35, "Organization": 0.25}


def synthetic_graph(n_nodes: int, n_edges: int, seed: int = 7) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    by_type: dict[str, list[str]] = {}
    counter = itertools.count()
    for t, share in SHARES.items():
        by_type[t] = []
        for _ in range(max(1, round(n_nodes * share))):
            i = next(counter)
            iri = f"https://example.org/id/{t.lower()}/{i}"
            g.add_node(iri, type=t, label=f"{t}{i}号", aliases=[f"别名{i}"], reports=[f"r{i % 50}.txt"])
            by_type[t].append(iri)
    # popular targets: a few nodes of each type draw most edges, as districts do in the reports
    cum = {
        t: list(itertools.accumulate(1 / (k + 1) ** 0.8 for k in range(len(v)))) for t, v in by_type.items()
    }
    edges = 0  # counted here: g.number_of_edges() walks every node, too slow for 40,000 edges
    while edges < n_edges:
        r = rng.choice(RELATION_TYPES)
        h = rng.choice(by_type[rng.choice(r.domain)])
        tt = rng.choice(r.range)
        t = rng.choices(by_type[tt], cum_weights=cum[tt])[0]
        if h != t and not g.has_edge(h, t, key=r.name):
            ev = [EvidenceRef(f"r{rng.randrange(50)}.txt", f"{h}与{t}的证据句。", 0, 10)]
            g.add_edge(h, t, key=r.name, relation=r.name, evidence=ev)
            edges += 1
    return g
