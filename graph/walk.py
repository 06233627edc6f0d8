"""Walking the entity graph in the store: neighbourhoods and shortest paths, one query per hop.

Each hop expands the whole frontier in one SPARQL query (its IRIs come from the store, never from
the user), so a lookup reads only the part of the graph it shows, however big the store is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from graph.lookup import CLASS_FILTER, SPARQL_PREFIXES, Entity
from graph.store import GraphStore
from kgerrors import QueryError
from ontology.terms import ENTITY_TYPES, NAMESPACE, RELATIONS

DIRECTIONS = ("both", "out", "in")
MAX_PATH_HOPS = 8


@dataclass(frozen=True)
class EvidenceRef:
    report: str  # the report's file name
    text: str
    start: int  # offsets of the sentence in the original file
    end: int


@dataclass(frozen=True)
class Step:
    """One relation met while walking, seen from `source` (a node already reached) towards `node`.

    `direction` is "out" when the triple is source -relation-> node, "in" when node -relation-> source.
    """

    hop: int
    source: Entity
    relation: str
    direction: str
    node: Entity
    evidence: tuple[EvidenceRef, ...]

    @property
    def edge(self) -> tuple[str, str, str]:
        """(head, relation, tail) of the triple, whichever way it was walked."""
        if self.direction == "out":
            return self.source.iri, self.relation, self.node.iri
        return self.node.iri, self.relation, self.source.iri


# ?n is the frontier, ?m the entity across the relation; branches of the UNION per direction.
# Every relation a build writes is also an rdf:Statement carrying its evidence, so the walk starts from
# the statements about ?n (an index lookup per frontier entity), not from the relation triples joined to
# their statements afterwards: that join, for a hub named in thousands of reports, crossed every relation
# with every statement of the hub. A second branch finds the relation triples themselves, so that
# relations loaded from elsewhere without a statement (a user's own triples in a remote store) are still
# walked, with no evidence; `expand` merges the rows of both by triple. Each branch is whole in itself
# and starts from the frontier's VALUES, and the entity across is looked up in the same report graph:
# Oxigraph joins in the order written, and VALUES outside the UNION (matched after it), a UNION nested
# in one GRAPH block, or the label looked up in the union of all graphs each made a 2-hop walk take
# minutes at 1,000 reports. A bare relation costs as much to look for as a stated one (a FILTER NOT
# EXISTS saves nothing), hence the plain second branch.
_BRANCH = """{{
    GRAPH ?g {{
      VALUES ?n {{ {nodes} }}
      {pattern}
      FILTER(?p IN ({predicates}))
      ?g dcterms:source ?source .
      ?m a ?type ; rdfs:label ?label .
    }}
    BIND("{direction}" AS ?dir)
  }}"""
_STATED = "?st {near} ?n ; rdf:predicate ?p ; {far} ?m ; kg:evidence ?text ; kg:evidenceStart ?start ; kg:evidenceEnd ?end ."

_EXPAND = """{prefixes}
SELECT DISTINCT ?n ?dir ?p ?m ?type ?label ?source ?text ?start ?end WHERE {{
  {branches}
  {class_filter}
}}"""


def expand(
    store: GraphStore,
    frontier: Sequence[Entity],
    relations: Iterable[str] | None = None,
    direction: str = "both",
    hop: int = 1,
) -> list[Step]:
    """Every relation of every frontier entity, one `Step` per triple with all its evidence."""
    if not frontier:
        return []
    by_iri = {e.iri: e for e in frontier}
    rows = store.query(_expand_query(list(by_iri), _relations(relations), direction)).rows
    found: dict[tuple[str, str, str, str], tuple[Entity, set[EvidenceRef]]] = {}
    for n, d, p, m, typ, label, source, text, start, end in rows:
        key = (str(n), str(d), str(p)[len(NAMESPACE) :], str(m))
        other = Entity(str(m), str(label), str(typ)[len(NAMESPACE) :])
        _, refs = found.setdefault(key, (other, set()))
        if text is not None:
            refs.add(EvidenceRef(str(source), str(text), int(start), int(end)))
    steps = [
        Step(hop, by_iri[n], rel, d, other, tuple(sorted(refs, key=lambda r: (r.report, r.start))))
        for (n, d, rel, _), (other, refs) in found.items()
    ]
    return sorted(steps, key=_step_order)


def _step_order(s: Step) -> tuple:
    return s.source.label, _RELATION_ORDER[s.relation], s.direction, s.node.label, s.node.iri


_RELATION_ORDER = {r: i for i, r in enumerate(RELATIONS)}


def _expand_query(iris: list[str], relations: tuple[str, ...], direction: str) -> str:
    predicates = ", ".join(f"kg:{r}" for r in relations)
    branches = []
    ways = (
        ("out", "?n ?p ?m .", "rdf:subject", "rdf:object"),
        ("in", "?m ?p ?n .", "rdf:object", "rdf:subject"),
    )
    nodes = " ".join(f"<{iri}>" for iri in iris)
    for way, triple, near, far in ways:
        if direction in ("both", way):
            for pattern in (_STATED.format(near=near, far=far), triple):
                branches.append(
                    _BRANCH.format(nodes=nodes, pattern=pattern, direction=way, predicates=predicates)
                )
    return _EXPAND.format(
        prefixes=SPARQL_PREFIXES,
        branches="\n  UNION\n  ".join(branches),
        class_filter=CLASS_FILTER,
    )


def _relations(relations: Iterable[str] | None) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(relations or RELATIONS))
    unknown = [r for r in chosen if r not in RELATIONS]
    if unknown:
        raise QueryError(f"unknown relation {unknown[0]!r}: choose among {', '.join(RELATIONS)}")
    return chosen


def _direction(direction: str) -> str:
    if direction not in DIRECTIONS:
        raise QueryError(f"unknown direction {direction!r}: choose among {', '.join(DIRECTIONS)}")
    return direction


# ---------------------------------------------------------------- neighbourhoods


def neighbourhood(
    store: GraphStore,
    root: Entity,
    depth: int = 1,
    relations: Iterable[str] | None = None,
    direction: str = "both",
) -> list[Step]:
    """Breadth-first from `root` within `depth` hops; each relation once, at the hop it is first met."""
    return bounded_neighbourhood(store, root, depth, relations, direction).steps


@dataclass(frozen=True)
class Bounded:
    """A walk cut at `limit` relations: what is shown, and what was not."""

    steps: list[Step]
    left_out: int = 0  # relations met at the last hop walked and not kept
    hops_walked: int = 0  # hops looked up; those beyond were not walked at all once the limit was met


def bounded_neighbourhood(
    store: GraphStore,
    root: Entity,
    depth: int = 1,
    relations: Iterable[str] | None = None,
    direction: str = "both",
    limit: int | None = None,
) -> Bounded:
    """`neighbourhood`, stopping at `limit` relations: the hop that passes it is cut (its first relations
    in the usual order kept, the rest counted) and no further hop is looked up, so a huge
    neighbourhood costs what is shown plus one hop, not the whole of it."""
    relations, direction = _relations(relations), _direction(direction)
    steps: list[Step] = []
    seen_nodes, seen_edges = {root.iri}, set()
    frontier = [root]
    for hop in range(1, depth + 1):
        nxt: list[Entity] = []
        met = [s for s in expand(store, frontier, relations, direction, hop) if s.edge not in seen_edges]
        left_out = 0
        for step in met:
            if step.edge in seen_edges:  # an edge between two frontier nodes, met from its other end
                continue
            seen_edges.add(step.edge)
            if limit is not None and len(steps) >= limit:
                left_out += 1
                continue
            steps.append(step)
            if step.node.iri not in seen_nodes:
                seen_nodes.add(step.node.iri)
                nxt.append(step.node)
        if left_out or (limit is not None and len(steps) >= limit and hop < depth and nxt):
            return Bounded(steps, left_out, hop)
        frontier = nxt
        if not frontier:
            return Bounded(steps, 0, hop)
    return Bounded(steps, 0, depth)


def discovered_by(steps: Iterable[Step]) -> dict[str, Step]:
    """For each node reached, the step that reached it first (the spanning tree of the walk)."""
    first: dict[str, Step] = {}
    for s in steps:
        first.setdefault(s.node.iri, s)
    return first


def of_types(steps: list[Step], types: Iterable[str] | None) -> list[Step]:
    """The steps that reach an entity of one of `types`."""
    wanted = _types(types)
    return [s for s in steps if s.node.type in wanted]


def with_ancestors(steps: list[Step], kept: list[Step]) -> list[Step]:
    """`kept` plus the steps that lead to them from the root, in walking order (for a tree)."""
    first = discovered_by(steps)
    keep = {id(s) for s in kept}
    for s in kept:
        up = first.get(s.source.iri)
        while up is not None and id(up) not in keep:
            keep.add(id(up))
            up = first.get(up.source.iri)
    return [s for s in steps if id(s) in keep]


def _types(types: Iterable[str] | None) -> set[str]:
    chosen = set(types or ENTITY_TYPES)
    unknown = sorted(chosen - set(ENTITY_TYPES))
    if unknown:
        raise QueryError(f"unknown class {unknown[0]!r}: choose among {', '.join(ENTITY_TYPES)}")
    return chosen


# ---------------------------------------------------------------- shortest paths


def shortest_paths(
    store: GraphStore,
    start: Entity,
    goal: Entity,
    limit: int = 3,
    max_hops: int = MAX_PATH_HOPS,
) -> list[list[Step]]:
    """Up to `limit` shortest chains of relations from `start` to `goal`, edges taken either way."""
    if start.iri == goal.iri:
        raise QueryError(f"{start.label!r} and {goal.label!r} are the same entity")
    dist = {start.iri: 0}
    into: dict[str, list[Step]] = defaultdict(list)  # node -> the steps reaching it on a shortest path
    frontier = [start]
    for hop in range(1, max_hops + 1):
        if not frontier:
            break
        nxt: list[Entity] = []
        for step in expand(store, frontier, hop=hop):
            d = dist.setdefault(step.node.iri, hop)
            if d == hop:
                if not into[step.node.iri]:
                    nxt.append(step.node)
                into[step.node.iri].append(step)
        if goal.iri in dist:
            return list(_chains(into, goal.iri, start.iri, limit))
        frontier = nxt
    return []


def _chains(into: dict[str, list[Step]], node: str, start: str, limit: int) -> Iterator[list[Step]]:
    """Paths from `start` to `node`, backwards through `into`, at most `limit` of them."""
    count = 0
    stack: list[tuple[str, list[Step]]] = [(node, [])]
    while stack and count < limit:
        at, tail = stack.pop()
        if at == start:
            count += 1
            yield tail
            continue
        for step in reversed(into[at]):  # reversed: the stack pops them in sorted order
            stack.append((step.source.iri, [step, *tail]))
