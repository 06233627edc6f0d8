"""Entities of different reports that are the same thing: `skos:exactMatch` links.

Within a report, aliases are resolved by the loaders and known divisions and organizations get their
public canonical name, so the same entity already has the same IRI everywhere. What remains are names
a report shortens differently from another (中央活力区 in one, 济南中央活力区 in the other). Two entities
of two reports are linked when they have the same class, share a name once a leading place name is set
aside, and the two reports name a district (county level or a zone, not just a city) in common — so
that 中央商务区 of a report on 杭州 is not linked to 济南中央商务区, nor 历下区's “三区” to 市中区's.

The links live in their own named graph, recomputed from the report graphs after every build that
wrote one; a report's own graph holds only what was extracted from it. The links graph says what it
was computed from (`kg:linkedFrom`: a digest of every report's file and extractor digests), so that a
build with nothing to extract still recomputes links that an interrupted build left behind.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterator

from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from graph.store import GraphStore
from loaders.lexicon import knowledge
from ontology.ns import KG
from ontology.terms import LINKS_GRAPH_IRI, NAMESPACE, REPORT_BASE

LINKS_GRAPH = URIRef(LINKS_GRAPH_IRI)

# Names and report graphs in two queries: one of names by graph repeats every name once per report
# that gives it (69 k rows against 5 k + 53 k at 1,000 reports, 3.9 s against 1.9 s).
_NAMES = f"""
SELECT DISTINCT ?e ?type ?name WHERE {{
  GRAPH ?g {{ ?e a ?type ; <http://www.w3.org/2000/01/rdf-schema#label>|<http://www.w3.org/2004/02/skos/core#altLabel> ?name }}
  FILTER(?type IN (<{NAMESPACE}Strategy>, <{NAMESPACE}Project>, <{NAMESPACE}Organization>))
  FILTER(STRSTARTS(STR(?g), "{REPORT_BASE}"))
}}"""

_ENTITY_GRAPHS = f"""
SELECT ?e ?g WHERE {{
  GRAPH ?g {{ ?e a ?type }}
  FILTER(?type IN (<{NAMESPACE}Strategy>, <{NAMESPACE}Project>, <{NAMESPACE}Organization>))
  FILTER(STRSTARTS(STR(?g), "{REPORT_BASE}"))
}}"""

_DISTRICTS = f"""
SELECT DISTINCT ?g ?d ?label WHERE {{
  GRAPH ?g {{ ?d a <{NAMESPACE}District> ; <http://www.w3.org/2000/01/rdf-schema#label> ?label }}
  FILTER(STRSTARTS(STR(?g), "{REPORT_BASE}"))
}}"""


_REPORT_STATES = f"""
SELECT ?g ?sha ?extractor WHERE {{
  GRAPH ?g {{ ?g <{NAMESPACE}sha256> ?sha OPTIONAL {{ ?g <{NAMESPACE}extractor> ?extractor }} }}
  FILTER(STRSTARTS(STR(?g), "{REPORT_BASE}"))
}}"""

_LINKED_FROM = (
    f"SELECT ?state WHERE {{ GRAPH <{LINKS_GRAPH}> {{ <{LINKS_GRAPH}> <{NAMESPACE}linkedFrom> ?state }} }}"
)


def reports_state(store: GraphStore) -> str:
    """A digest of which reports the store holds, from which bytes and by which extractor."""
    rows = sorted("\t".join(str(x) for x in row) for row in store.query(_REPORT_STATES).rows)
    return hashlib.sha256("\n".join(rows).encode("utf-8")).hexdigest()


def up_to_date(store: GraphStore) -> bool:
    """Whether the links graph was computed from the reports the store holds now."""
    return [str(s) for (s,) in store.query(_LINKED_FROM).rows] == [reports_state(store)]


def _keys(name: str) -> Iterator[str]:
    """The name, and the name without a leading place when what remains is still a name of its own."""
    yield name
    k = knowledge()
    for cut in range(2, min(7, len(name) - 3)):
        if k.division(name[:cut]) is not None and len(name) - cut >= 4:
            yield name[cut:]


def find_links(store: GraphStore) -> set[tuple[str, str]]:
    """Pairs (a, b), a < b, of entity IRIs from different reports that denote the same thing."""
    k = knowledge()
    districts: dict[str, set[str]] = defaultdict(set)  # report graph -> its local districts
    for g, d, label in store.query(_DISTRICTS).rows:
        div = k.division(str(label))
        if div is None or div.level in ("county", "new-area"):  # a city in common says too little
            districts[str(g)].add(str(d))
    graphs_of: dict[str, set[str]] = defaultdict(set)
    by_key: dict[tuple[str, str], set[str]] = defaultdict(set)
    for e, g in store.query(_ENTITY_GRAPHS).rows:
        graphs_of[str(e)].add(str(g))
    for e, typ, name in store.query(_NAMES).rows:
        for key in _keys(str(name)):
            by_key[(str(typ), key)].add(str(e))
    places: dict[str, frozenset[str]] = {}  # entity -> the local districts of the reports naming it

    def places_of(e: str) -> frozenset[str]:
        if e not in places:
            places[e] = frozenset().union(*(districts.get(g, ()) for g in graphs_of[e]))
        return places[e]

    links: set[tuple[str, str]] = set()
    for same in by_key.values():
        if len(same) < 2:
            continue
        ordered = sorted(same)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                if not places_of(a).isdisjoint(places_of(b)):  # the two reports name a district in common
                    links.add((a, b))
    return links


def link(store: GraphStore) -> int:
    """Bring the links graph up to date; return how many pairs of entities it links. Only the
    difference is written: after one report of a thousand changed, a few links, not the 346 k triples
    of the whole graph in one update (137 s at 1,000 reports)."""
    state = reports_state(store)
    links = find_links(store)
    rows = store.query(f"SELECT ?a ?b WHERE {{ GRAPH <{LINKS_GRAPH}> {{ ?a <{SKOS.exactMatch}> ?b }} }}").rows
    current = {(str(a), str(b)) for a, b in rows if str(a) < str(b)}
    states = [str(s) for (s,) in store.query(_LINKED_FROM).rows]
    if current == links and states == [state]:
        return len(links)  # unchanged: the store is not written
    if not rows and not states:  # no links graph yet: written whole (a bulk load where the store has one)
        store.replace_graph(LINKS_GRAPH, [(LINKS_GRAPH, KG.linkedFrom, Literal(state)), *_both_ways(links)])
        return len(links)
    removed = [(LINKS_GRAPH, KG.linkedFrom, Literal(s)) for s in states if s != state]
    added = [(LINKS_GRAPH, KG.linkedFrom, Literal(state))] if state not in states else []
    # a half-written pair (one direction only) is not in `current`: taken out with the stale ones
    stale = {(str(a), str(b)) for a, b in rows} - {p for a, b in links for p in ((a, b), (b, a))}
    removed += [(URIRef(a), SKOS.exactMatch, URIRef(b)) for a, b in sorted(stale)]
    added += _both_ways(links - current)
    store.change_graph(LINKS_GRAPH, removed, added)
    return len(links)


def _both_ways(pairs) -> list[tuple[URIRef, URIRef, URIRef]]:
    out = []
    for a, b in sorted(pairs):
        out.append((URIRef(a), SKOS.exactMatch, URIRef(b)))
        out.append((URIRef(b), SKOS.exactMatch, URIRef(a)))
    return out
