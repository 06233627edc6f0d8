"""The shape of the graph: counts per class and relation (overall and per report), the most
connected entities, organizations shared by several strategies, and weakly connected components."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

from graph.lookup import SPARQL_PREFIXES
from graph.store import GraphStore
from ontology.terms import ENTITY_TYPES, NAMESPACE, RELATIONS

# Triples are a set within a graph, so COUNT(*) counts entities per class and relations per type.
_PER_REPORT = f"""{SPARQL_PREFIXES}
SELECT ?source ?kind (COUNT(*) AS ?n) WHERE {{
  GRAPH ?g {{
    ?g dcterms:source ?source .
    {{ ?x a ?kind FILTER(?kind IN ({", ".join(f"kg:{t}" for t in ENTITY_TYPES)})) }}
    UNION
    {{ ?x ?kind ?y FILTER(?kind IN ({", ".join(f"kg:{r}" for r in RELATIONS)})) }}
  }}
}} GROUP BY ?source ?kind"""


@dataclass
class Component:
    size: int
    hub: str  # label of its most connected entity
    classes: dict[str, int]


@dataclass
class Stats:
    reports: int
    classes: dict[str, int]
    relations: dict[str, int]
    top: list[tuple[str, str, int]]  # (label, class, number of relations)
    per_report: dict[str, dict[str, int]] = field(default_factory=dict)  # report -> class/relation -> n
    shared: list[tuple[str, list[str]]] = field(default_factory=list)  # organization -> its strategies
    components: list[Component] = field(default_factory=list)  # weakly connected, largest first


def collect(store: GraphStore, top: int = 10) -> Stats:
    """Everything `kg stats` shows, read from the store."""
    from graph.views import entity_graph
    from ontology.terms import REPORT_BASE

    reports = [g for g in store.graphs() if str(g).startswith(REPORT_BASE)]  # not the links graph
    st = summarize(entity_graph(store), len(reports), top)
    st.per_report = per_report(store)
    return st


def summarize(g: nx.MultiDiGraph, reports: int, top: int = 10) -> Stats:
    classes = Counter(a["type"] for _, a in g.nodes(data=True))
    rels = Counter(k for _, _, k in g.edges(keys=True))
    return Stats(
        reports=reports,
        classes={t: classes.get(t, 0) for t in ENTITY_TYPES},
        relations={r: rels.get(r, 0) for r in RELATIONS},
        top=[(g.nodes[n]["label"], g.nodes[n]["type"], g.degree(n)) for n in _ranked(g, g.nodes)[:top]],
        shared=shared_organizations(g),
        components=components(g),
    )


def per_report(store: GraphStore) -> dict[str, dict[str, int]]:
    """For each report (by file name): its entities per class and relations per type."""
    out: dict[str, dict[str, int]] = {}
    for source, kind, n in store.query(_PER_REPORT).rows:
        counts = out.setdefault(str(source), dict.fromkeys((*ENTITY_TYPES, *RELATIONS), 0))
        counts[str(kind)[len(NAMESPACE) :]] = int(n)
    return dict(sorted(out.items()))


def shared_organizations(g: nx.MultiDiGraph, at_least: int = 2) -> list[tuple[str, list[str]]]:
    """Organizations reached from several strategies through their projects
    (Strategy -includesProject-> Project -involves-> Organization), most shared first."""
    shared = []
    for org, a in g.nodes(data=True):
        if a["type"] != "Organization":
            continue
        projects = {p for p, _, rel in g.in_edges(org, keys=True) if rel == "involves"}
        strategies = {
            g.nodes[s]["label"]
            for p in projects
            for s, _, rel in g.in_edges(p, keys=True)
            if rel == "includesProject"
        }
        if len(strategies) >= at_least:
            shared.append((a["label"], sorted(strategies)))
    return sorted(shared, key=lambda x: (-len(x[1]), x[0]))


def components(g: nx.MultiDiGraph) -> list[Component]:
    """Weakly connected components (relations followed either way), largest first."""
    found = []
    for nodes in nx.weakly_connected_components(g):
        hub = _ranked(g, nodes)[0]
        classes = Counter(g.nodes[n]["type"] for n in nodes)
        found.append(
            Component(len(nodes), g.nodes[hub]["label"], {t: classes[t] for t in ENTITY_TYPES if classes[t]})
        )
    return sorted(found, key=lambda c: (-c.size, c.hub))


def _ranked(g: nx.MultiDiGraph, nodes) -> list[str]:
    return sorted(nodes, key=lambda n: (-g.degree(n), g.nodes[n]["label"], n))
