"""Entities of different reports that are the same thing: `skos:exactMatch` links.

Within a report, aliases are resolved by the loaders and known divisions and organizations get their
public canonical name, so the same entity already has the same IRI everywhere. What remains are names
a report shortens differently from another (中央活力区 in one, 济南中央活力区 in the other). Two entities
of two reports are linked when they have the same class, share a name once a leading place name is set
aside, and the two reports name a district (county level or a zone, not just a city) in common — so
that 中央商务区 of a report on 杭州 is not linked to 济南中央商务区, nor 历下区's “三区” to 市中区's.

The links live in their own named graph; a report's own graph holds only what was extracted from it.
The links graph says what it was computed from (`kg:linkedFrom`: a digest of every report's file and
extractor digests), so that a build with nothing to extract still recomputes links that an
interrupted build left behind. It also keeps, as an index, the keys each entity is linked by
(`kg:linkKey`, "Strategy 中央活力区"): after a build that wrote a few reports into a store whose links
were up to date, `relink` looks at the entities of those reports only — their old and new names, the
entities sharing a key with them (found in the index), the districts of the reports naming either —
so adding a report costs what that report touches, not a reading of every name of the store (`link`).
Either way only the difference is written.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator

from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from graph.fingerprint import stored_fingerprints
from graph.stats import report_count
from graph.store import GraphStore, Triple
from loaders.lexicon import knowledge
from ontology.ns import KG
from ontology.terms import LINKS_GRAPH_IRI, NAMESPACE, REPORT_BASE

LINKS_GRAPH = URIRef(LINKS_GRAPH_IRI)
KEYS_VERSION = "1"  # of the kg:linkKey index; a links graph without it is recomputed whole once
# More reports written than this share of the store: recomputing everything is the cheaper way.
RELINK_SHARE = 0.3

_LINKED = f"FILTER(?type IN (<{NAMESPACE}Strategy>, <{NAMESPACE}Project>, <{NAMESPACE}Organization>))"
_REPORT = f'FILTER(STRSTARTS(STR(?g), "{REPORT_BASE}"))'
_NAME = "<http://www.w3.org/2000/01/rdf-schema#label>|<http://www.w3.org/2004/02/skos/core#altLabel>"

# Names and report graphs in two queries: one of names by graph repeats every name once per report
# that gives it (69 k rows against 5 k + 53 k at 1,000 reports, 3.9 s against 1.9 s).
_NAMES = f"""
SELECT DISTINCT ?e ?type ?name WHERE {{
  {{values}}
  GRAPH ?g {{ ?e a ?type ; {_NAME} ?name }}
  {_LINKED} {_REPORT}
}}"""

_ENTITY_GRAPHS = f"""
SELECT ?e ?g WHERE {{
  {{values}}
  GRAPH ?g {{ ?e a ?type }}
  {_LINKED} {_REPORT}
}}"""

_DISTRICTS = f"""
SELECT DISTINCT ?g ?d ?label WHERE {{
  {{values}}
  GRAPH ?g {{ ?d a <{NAMESPACE}District> ; <http://www.w3.org/2000/01/rdf-schema#label> ?label }}
  {_REPORT}
}}"""

_LINKED_FROM = (
    f"SELECT ?state WHERE {{ GRAPH <{LINKS_GRAPH}> {{ <{LINKS_GRAPH}> <{NAMESPACE}linkedFrom> ?state }} }}"
)
_KEYS_VERSION = f"SELECT ?v WHERE {{ GRAPH <{LINKS_GRAPH}> {{ <{LINKS_GRAPH}> <{KG.linkKey}> ?v }} }}"


def reports_state(store: GraphStore) -> str:
    """A digest of which reports the store holds, from which bytes and by which extractor."""
    rows = sorted(f"{g}\t{sha}\t{extractor}" for g, (sha, extractor) in stored_fingerprints(store).items())
    return hashlib.sha256("\n".join(rows).encode("utf-8")).hexdigest()


def up_to_date(store: GraphStore) -> bool:
    """Whether the links graph was computed from the reports the store holds now."""
    return [str(s) for (s,) in store.query(_LINKED_FROM).rows] == [reports_state(store)]


def indexed(store: GraphStore) -> bool:
    """Whether the links graph keeps the key index `relink` needs."""
    return [str(v) for (v,) in store.query(_KEYS_VERSION).rows] == [KEYS_VERSION]


def _keys(name: str) -> Iterator[str]:
    """The name, and the name without a leading place when what remains is still a name of its own."""
    yield name
    k = knowledge()
    for cut in range(2, min(7, len(name) - 3)):
        if k.division(name[:cut]) is not None and len(name) - cut >= 4:
            yield name[cut:]


def _values(var: str, iris: Iterable[str]) -> str:
    return f"VALUES ?{var} {{ {' '.join(f'<{i}>' for i in sorted(iris))} }}"


class _Reading:
    """What links are computed from, for all the store's entities or for some of them."""

    def __init__(self) -> None:
        self.keys: dict[str, set[str]] = defaultdict(set)  # entity -> "Class name" keys
        self.graphs_of: dict[str, set[str]] = defaultdict(set)
        self.districts: dict[str, set[str]] = defaultdict(set)  # report graph -> its local districts
        self._places: dict[str, frozenset[str]] = {}

    def read_names(self, store: GraphStore, entities: Collection[str] | None = None) -> None:
        values = _values("e", entities) if entities is not None else ""
        for e, typ, name in store.query(_NAMES.replace("{values}", values), plain=True).rows:
            kind = typ[len(NAMESPACE) :]
            self.keys[e].update(f"{kind} {key}" for key in _keys(name))

    def read_places(self, store: GraphStore, entities: Collection[str] | None = None) -> None:
        values = _values("e", entities) if entities is not None else ""
        for e, g in store.query(_ENTITY_GRAPHS.replace("{values}", values), plain=True).rows:
            self.graphs_of[e].add(g)
        if entities is not None:  # the districts of these entities' reports only
            values = _values("g", {g for e in entities for g in self.graphs_of.get(e, ())})
        k = knowledge()
        for g, d, label in store.query(_DISTRICTS.replace("{values}", values), plain=True).rows:
            div = k.division(label)
            if div is None or div.level in ("county", "new-area"):  # a city in common says too little
                self.districts[g].add(d)

    def places_of(self, e: str) -> frozenset[str]:
        """The local districts of the reports naming `e`."""
        if e not in self._places:
            self._places[e] = frozenset().union(*(self.districts.get(g, ()) for g in self.graphs_of[e]))
        return self._places[e]

    def links_among(
        self, entities: Iterable[str], must: Collection[str] | None = None
    ) -> set[tuple[str, str]]:
        """Pairs (a, b), a < b, sharing a key and a district; with `must`, only pairs with one end in it."""
        by_key: dict[str, set[str]] = defaultdict(set)
        for e in entities:
            for key in self.keys.get(e, ()):
                by_key[key].add(e)
        links: set[tuple[str, str]] = set()
        for same in by_key.values():
            ordered = sorted(same)
            for i, a in enumerate(ordered):
                for b in ordered[i + 1 :]:
                    if must is not None and a not in must and b not in must:
                        continue
                    if not self.places_of(a).isdisjoint(self.places_of(b)):
                        links.add((a, b))
        return links


def find_links(store: GraphStore) -> set[tuple[str, str]]:
    """Pairs (a, b), a < b, of entity IRIs from different reports that denote the same thing."""
    reading = _reading_all(store)
    return reading.links_among(reading.keys)


def _reading_all(store: GraphStore) -> _Reading:
    reading = _Reading()
    reading.read_places(store)
    reading.read_names(store)
    return reading


def link(store: GraphStore) -> int:
    """Recompute the links graph from every report; return how many pairs of entities it links."""
    state = reports_state(store)
    reading = _reading_all(store)
    links = reading.links_among(reading.keys)
    rows = store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{LINKS_GRAPH}> {{ ?s ?p ?o }} }}").rows
    new = _links_graph(state, links, reading.keys)
    if not rows:  # no links graph yet: written whole (a bulk load where the store has one)
        store.replace_graph(LINKS_GRAPH, sorted(new))
        return len(links)
    old = {(URIRef(str(s)), URIRef(str(p)), _term(o)) for s, p, o in rows}
    if old != new:
        store.change_graph(LINKS_GRAPH, sorted(old - new), sorted(new - old))
    return len(links)


def relink(store: GraphStore, written: Collection[URIRef], before: Collection[str]) -> int:
    """Bring the links graph up to date after the report graphs `written` were written into a store
    whose links graph was up to date and `indexed`; `before` are the entities those graphs held
    before (`entities_of`, asked before writing). Returns how many pairs the update touched; falls
    back to `link` when most of the store was written."""
    if not indexed(store) or len(written) > RELINK_SHARE * max(report_count(store), 1):
        return link(store)
    touched = set(before) | entities_of(store, written)
    state = reports_state(store)
    reading = _Reading()
    if touched:
        reading.read_names(store, touched)  # entities no report names any more get no keys: unlinked
        partners = _sharing_a_key(store, {k for e in touched for k in reading.keys.get(e, ())}) - touched
        reading.read_names(store, partners)
        reading.read_places(store, touched | partners)
        links = reading.links_among(touched | partners, must=touched)
    else:
        links = set()
    old = _links_graph_of(store, touched)
    new = _links_graph(state, links, {e: reading.keys.get(e, set()) for e in touched}, with_version=False)
    store.change_graph(LINKS_GRAPH, sorted(old - new), sorted(new - old))
    return len(links)


def entities_of(store: GraphStore, graphs: Collection[URIRef]) -> set[str]:
    """The entities (of the linked classes) that the report graphs `graphs` hold."""
    if not graphs:
        return set()
    q = f"SELECT DISTINCT ?e WHERE {{ {_values('g', map(str, graphs))} GRAPH ?g {{ ?e a ?type }} {_LINKED} }}"
    return {str(e) for (e,) in store.query(q).rows}


def _sharing_a_key(store: GraphStore, keys: Collection[str]) -> set[str]:
    if not keys:
        return set()
    values = " ".join(str(Literal(k).n3()) for k in sorted(keys))
    q = f"SELECT DISTINCT ?e WHERE {{ VALUES ?k {{ {values} }} GRAPH <{LINKS_GRAPH}> {{ ?e <{KG.linkKey}> ?k }} }}"
    return {str(e) for (e,) in store.query(q).rows}


def _links_graph_of(store: GraphStore, entities: Collection[str]) -> set[Triple]:
    """What the links graph says of `entities` (their links both ways and their keys), and its state."""
    out = {(LINKS_GRAPH, KG.linkedFrom, Literal(str(s))) for (s,) in store.query(_LINKED_FROM).rows}
    if not entities:
        return out
    q = f"""SELECT ?s ?p ?o WHERE {{ {_values("e", entities)}
      GRAPH <{LINKS_GRAPH}> {{
        {{ ?e ?p ?o BIND(?e AS ?s) }} UNION {{ ?s <{SKOS.exactMatch}> ?e BIND(<{SKOS.exactMatch}> AS ?p) BIND(?e AS ?o) }}
      }} }}"""
    out |= {(URIRef(str(s)), URIRef(str(p)), _term(o)) for s, p, o in store.query(q).rows}
    return out


def _links_graph(
    state: str, links: Iterable[tuple[str, str]], keys: dict[str, set[str]], with_version: bool = True
) -> set[Triple]:
    out: set[Triple] = {(LINKS_GRAPH, KG.linkedFrom, Literal(state))}
    if with_version:
        out.add((LINKS_GRAPH, KG.linkKey, Literal(KEYS_VERSION)))
    for a, b in links:
        out.add((URIRef(a), SKOS.exactMatch, URIRef(b)))
        out.add((URIRef(b), SKOS.exactMatch, URIRef(a)))
    for e, ks in keys.items():
        out.update((URIRef(e), KG.linkKey, Literal(k)) for k in ks)
    return out


def _term(o):
    return URIRef(str(o)) if isinstance(o, URIRef) else Literal(str(o))
