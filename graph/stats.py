"""The shape of the graph: counts per class and relation (in the store, and per report), the largest
reports, the most connected entities, organizations shared by several strategies, and weakly connected
components.

Everything is read with a few aggregate SPARQL queries, whatever the number of reports: the entities
and the distinct relations between them (no evidence, no facts), and one grouped count per report.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

from graph.lookup import SPARQL_PREFIXES
from graph.merged import MERGED
from graph.store import GraphStore
from ontology.terms import ENTITY_TYPES, NAMESPACE, RELATIONS

_CLASSES = ", ".join(f"kg:{t}" for t in ENTITY_TYPES)
_RELATIONS = ", ".join(f"kg:{r}" for r in RELATIONS)

# Counted in the merged graph (graph/merged.py), where an entity or a relation stated by several
# reports is there once: in the union of the report graphs Oxigraph crossed their copies.
_ENTITY_COUNTS = f"""{SPARQL_PREFIXES}
SELECT ?kind (COUNT(DISTINCT ?e) AS ?n) WHERE {{ GRAPH {MERGED} {{ ?e a ?kind }} FILTER(?kind IN ({_CLASSES})) }}
GROUP BY ?kind"""

# a relation stated by several reports is one relation: the distinct (head, tail) pairs of each type
_RELATION_COUNTS = f"""{SPARQL_PREFIXES}
SELECT ?kind (COUNT(*) AS ?n) WHERE {{
  SELECT DISTINCT ?a ?kind ?b WHERE {{ GRAPH {MERGED} {{ ?a ?kind ?b }} FILTER(?kind IN ({_RELATIONS})) }}
}} GROUP BY ?kind"""

_NODES = f"""{SPARQL_PREFIXES}
SELECT DISTINCT ?e ?kind ?label WHERE {{
  GRAPH {MERGED} {{ ?e a ?kind ; rdfs:label ?label }} FILTER(?kind IN ({_CLASSES}))
}}"""

_EDGES = f"""{SPARQL_PREFIXES}
SELECT DISTINCT ?a ?kind ?b WHERE {{ GRAPH {MERGED} {{ ?a ?kind ?b }} FILTER(?kind IN ({_RELATIONS})) }}"""

_REPORTS = f"""{SPARQL_PREFIXES}
SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?g a prov:Entity }} }}"""

# Triples are a set within a graph, so COUNT(*) counts entities per class and relations per type.
_PER_REPORT = f"""{SPARQL_PREFIXES}
SELECT ?source ?kind (COUNT(*) AS ?n) WHERE {{
  GRAPH ?g {{
    ?g dcterms:source ?source .
    {{ ?x a ?kind FILTER(?kind IN ({_CLASSES})) }}
    UNION
    {{ ?x ?kind ?y FILTER(?kind IN ({_RELATIONS})) }}
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

    def largest_reports(self, n: int = 10) -> list[tuple[str, int, int]]:
        """The `n` reports stating most entities and relations: (report, entities, relations)."""
        sizes = [
            (r, sum(c[t] for t in ENTITY_TYPES), sum(c[k] for k in RELATIONS))
            for r, c in self.per_report.items()
        ]
        return sorted(sizes, key=lambda x: (-(x[1] + x[2]), x[0]))[:n]

    def per_report_range(self, kind: str) -> tuple[float, int]:
        """How many of `kind` a report states: on average, and at most."""
        counts = [c.get(kind, 0) for c in self.per_report.values()]
        return (sum(counts) / len(counts), max(counts)) if counts else (0.0, 0)


def collect(store: GraphStore, top: int = 10) -> Stats:
    """Everything `kg stats` shows, read from the store in five queries."""
    st = summarize(relation_graph(store), report_count(store), top)
    st.per_report = per_report(store)
    return st


def totals(store: GraphStore) -> tuple[dict[str, int], dict[str, int]]:
    """The distinct entities per class and relations per type in the store (two counting queries)."""
    classes = dict.fromkeys(ENTITY_TYPES, 0)
    relations = dict.fromkeys(RELATIONS, 0)
    for kind, n in store.query(_ENTITY_COUNTS).rows:
        classes[str(kind)[len(NAMESPACE) :]] = int(n)
    for kind, n in store.query(_RELATION_COUNTS).rows:
        relations[str(kind)[len(NAMESPACE) :]] = int(n)
    return classes, relations


def report_count(store: GraphStore) -> int:
    return int(store.query(_REPORTS).rows[0][0])


def relation_graph(store: GraphStore) -> nx.MultiDiGraph:
    """The entities (`type`, `label`) and the distinct relations between them, keyed by relation: what
    the counts, degrees and components need, without the evidence and facts of `views.entity_graph`."""
    g = nx.MultiDiGraph()
    for e, kind, label in store.query(_NODES).rows:
        g.add_node(str(e), type=str(kind)[len(NAMESPACE) :], label=str(label))
    for a, kind, b in store.query(_EDGES).rows:
        if str(a) in g and str(b) in g:  # as the entity graph: relations between entities only
            g.add_edge(str(a), str(b), key=str(kind)[len(NAMESPACE) :])
    return g


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
