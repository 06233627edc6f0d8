"""What the benchmark asks the store: the saved `queries/*.rq` themselves, and the walks of `kg neighbors`
and `kg path`, each beside a reference measured in the same run.

The saved queries run as `kg query @file [--bind …]` runs them (`graph.sparql.run_text`: names looked
up, values bound), unbound and with each `--bind` their header shows; their reference is one scan of
every fact (`COUNT(*)` over the merged graph), so a ratio under 1 says the query read less than the
whole graph. The walks run as the commands do (`graph.walk`) and their reference is the same walk on
rdflib's in-memory graph of the same relations, the plain way a user would do it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from graph.lookup import lookup
from graph.merged import MERGED
from graph.sparql import parse_binding, run_text
from graph.store import GraphStore
from graph.walk import bounded_neighbourhood, expand, shortest_paths
from ontology.terms import NAMESPACE, RELATIONS

QUERIES = Path(__file__).resolve().parent.parent / "queries"
SCAN = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {MERGED} {{ ?s ?p ?o }} }}"
_EXAMPLE = re.compile(r"^#\s+kg query @\S+ --bind '?([^'\s]+)'?", re.M)


@dataclass(frozen=True)
class Saved:
    name: str  # the file's stem, and the --bind it is run with
    text: str
    bindings: dict = field(default_factory=dict, hash=False)


def saved_queries(folder: Path = QUERIES) -> Iterator[Saved]:
    """Each saved query unbound, and bound as each example of its header binds it."""
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        yield Saved(path.stem, text)
        for arg in _EXAMPLE.findall(text):
            var, value = parse_binding(arg)
            yield Saved(f"{path.stem} --bind {arg}", text, {var: value})


def run_saved(store: GraphStore, q: Saved) -> int:
    return len(run_text(store, q.text, q.bindings).rows)


# ---------------------------------------------------------------- walks, as the commands walk


def two_hop_set(store: GraphStore, name: str) -> int:
    """The entities within two hops of `name`, either way, as `kg neighbors` finds them before it fetches
    any evidence: the name looked up, then two hops of the merged graph."""
    root = lookup(store, name)
    seen, frontier = {root.iri}, [root]
    for hop in (1, 2):
        nxt = []
        for step in expand(store, frontier, hop=hop, evidence=False):
            if step.node.iri not in seen:
                seen.add(step.node.iri)
                nxt.append(step.node)
        frontier = nxt
    return len(seen)


def neighbors(store: GraphStore, name: str, limit: int | None) -> int:
    """`kg neighbors NAME --depth 2 [--limit N]`: relations shown, with their evidence."""
    return len(bounded_neighbourhood(store, lookup(store, name), 2, limit=limit).steps)


def path(store: GraphStore, a: str, b: str) -> int:
    """`kg path A B`: the hops of the shortest chains, with their evidence."""
    chains = shortest_paths(store, lookup(store, a), lookup(store, b))
    return len(chains[0]) if chains else 0


# ---------------------------------------------------------------- the reference: rdflib's memory graph


@dataclass
class Memory:
    """rdflib's in-memory graph of every relation between entities, and their labels."""

    graph: Graph
    by_label: dict[str, URIRef]


_RELATION_IRIS = [URIRef(NAMESPACE + r) for r in RELATIONS]


def memory_graph(store: GraphStore) -> Memory:
    g = Graph()
    values = " ".join(f"<{p}>" for p in _RELATION_IRIS)
    q = f"SELECT ?s ?p ?o WHERE {{ GRAPH {MERGED} {{ VALUES ?p {{ {values} }} ?s ?p ?o }} }}"
    for triple in store.query(q).rows:
        g.add(triple)
    by_name: dict[str, URIRef] = {}
    for prop in ("skos:altLabel", "rdfs:label"):  # a label wins over another entity's alias
        q = f"SELECT ?e ?l WHERE {{ GRAPH {MERGED} {{ ?e {prop} ?l }} }}"
        by_name.update((str(name), e) for e, name in store.query(q).rows)
    return Memory(g, by_name)


def memory_neighbours(m: Memory, node: URIRef) -> Iterator[URIRef]:
    for p in _RELATION_IRIS:
        yield from m.graph.objects(node, p)
        yield from m.graph.subjects(p, node)


def memory_two_hop(m: Memory, name: str) -> int:
    root = m.by_label[name]
    seen, frontier = {root}, [root]
    for _ in (1, 2):
        nxt = []
        for x in frontier:
            for y in memory_neighbours(m, x):
                if y not in seen:
                    seen.add(y)
                    nxt.append(y)
        frontier = nxt
    return len(seen)


def memory_path(m: Memory, a: str, b: str) -> int:
    """Hops of a shortest chain from `a` to `b`, breadth first."""
    start, goal = m.by_label[a], m.by_label[b]
    seen, frontier = {start}, [start]
    hops = 0
    while frontier:
        hops += 1
        nxt = []
        for x in frontier:
            for y in memory_neighbours(m, x):
                if y == goal:
                    return hops
                if y not in seen:
                    seen.add(y)
                    nxt.append(y)
        frontier = nxt
    return 0


def sample_names(store: GraphStore, report: URIRef, k: int = 20) -> list[str]:
    """Up to `k` labels of entities of one report (the first, present at every size), spread evenly."""
    rows = store.query(
        f"SELECT DISTINCT ?label WHERE {{ GRAPH <{report}> {{ ?e a ?t ; rdfs:label ?label . "
        "FILTER(?t IN (kg:District, kg:Strategy, kg:Project, kg:Organization)) } } ORDER BY ?label"
    ).rows
    labels = [str(r[0]) for r in rows]
    step = max(1, len(labels) // k)
    return labels[::step][:k]
