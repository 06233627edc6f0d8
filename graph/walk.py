"""Walking the entity graph in the store: neighbourhoods and shortest paths, a few queries per hop.

Each hop expands the whole frontier in one SPARQL query over the merged graph (its IRIs come from the
store, never from the user) and describes the entities across in one more; evidence is fetched only
for the relations kept. So a lookup reads only the part of the graph it shows, however big the store is.
Paths search from both ends and meet in the middle.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from graph.lookup import CLASS_FILTER, SPARQL_PREFIXES, Entity
from graph.merged import MERGED, require_merged
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


# ?n is the frontier, ?m the entity across the relation; one branch of the UNION per direction. The
# walk reads the merged graph (graph/merged.py), where each relation and each entity's description is
# once, however many reports state it: the per-report graphs made a hub named by thousands of reports
# cost thousands of copies at every hop. Each branch is whole in itself and starts from the frontier's
# VALUES: Oxigraph joins in the order written, and VALUES outside the UNION (matched after it) made a
# 2-hop walk take minutes at 1,000 reports. The relations come first and the entities across them are
# described after, once each: a hub's relations reach the same few entities many times over, and
# joining each row to its type and label cost more than finding the relations.
_BRANCH = """{{
    GRAPH {merged} {{
      VALUES ?n {{ {nodes} }}
      {pattern}
      FILTER(?p IN ({predicates}))
    }}
    BIND("{direction}" AS ?dir)
  }}"""

_EXPAND = """{prefixes}
SELECT DISTINCT ?n ?dir ?p ?m WHERE {{
  {branches}
}}"""

_DESCRIBE = """{prefixes}
SELECT ?m ?type ?label WHERE {{
  GRAPH {merged} {{
    VALUES ?m {{ {nodes} }}
    ?m a ?type ; rdfs:label ?label .
  }}
  {class_filter}
}}"""

# The evidence of given relations, from the report graphs that state them: each relation is looked up
# by its three terms (one index lookup), then its statement inside each of those graphs, so a relation
# costs the reports stating it, not the statements of a hub at either end. `?g dcterms:source` right
# after the relation keeps the merged graph (no report, no source) out before the statements are read.
_EVIDENCE = """{prefixes}
SELECT ?h ?p ?t ?source ?text ?start ?end WHERE {{
  VALUES (?h ?p ?t) {{ {edges} }}
  GRAPH ?g {{
    ?h ?p ?t .
    ?g dcterms:source ?source .
    ?st rdf:subject ?h ; rdf:predicate ?p ; rdf:object ?t ;
        kg:evidence ?text ; kg:evidenceStart ?start ; kg:evidenceEnd ?end .
  }}
}}"""
_EVIDENCE_BATCH = 2000  # relations per evidence query


def expand(
    store: GraphStore,
    frontier: Sequence[Entity],
    relations: Iterable[str] | None = None,
    direction: str = "both",
    hop: int = 1,
    evidence: bool = True,
) -> list[Step]:
    """Every relation of every frontier entity, one `Step` per triple, with all its evidence unless
    `evidence` is False (then `with_evidence` adds it to the steps that are kept)."""
    if not frontier:
        return []
    require_merged(store)
    by_iri = {e.iri: e for e in frontier}
    rows = store.query(_expand_query(list(by_iri), _relations(relations), direction), plain=True).rows
    across = _entities(store, list(dict.fromkeys(m for *_, m in rows)))
    steps = [
        Step(hop, by_iri[n], p[len(NAMESPACE) :], d, node, ())
        for n, d, p, m in rows
        for node in across.get(m, ())  # none when ?m is no entity of the four classes
    ]
    steps.sort(key=_step_order)
    return with_evidence(store, steps) if evidence else steps


def _entities(store: GraphStore, iris: list[str]) -> dict[str, list[Entity]]:
    """Each IRI's entity (its label and class), as the merged graph describes it."""
    found: dict[str, list[Entity]] = defaultdict(list)
    for i in range(0, len(iris), _DESCRIBE_BATCH):
        nodes = " ".join(f"<{iri}>" for iri in iris[i : i + _DESCRIBE_BATCH])
        query = _DESCRIBE.format(
            prefixes=SPARQL_PREFIXES, merged=MERGED, nodes=nodes, class_filter=CLASS_FILTER
        )
        for m, typ, label in store.query(query, plain=True).rows:
            found[m].append(Entity(m, label, typ[len(NAMESPACE) :]))
    return found


_DESCRIBE_BATCH = 5000  # entities per query


def with_evidence(store: GraphStore, steps: Sequence[Step]) -> list[Step]:
    """`steps` with the evidence of each: every report's sentence stating its relation, in report and
    offset order. Asked for these relations only, in batches."""
    edges = list(dict.fromkeys(s.edge for s in steps))
    refs: dict[tuple[str, str, str], set[EvidenceRef]] = defaultdict(set)
    for i in range(0, len(edges), _EVIDENCE_BATCH):
        values = " ".join(f"(<{h}> kg:{r} <{t}>)" for h, r, t in edges[i : i + _EVIDENCE_BATCH])
        query = _EVIDENCE.format(prefixes=SPARQL_PREFIXES, edges=values)
        for h, p, t, source, text, start, end in store.query(query, plain=True).rows:
            key = (str(h), str(p)[len(NAMESPACE) :], str(t))
            refs[key].add(EvidenceRef(str(source), str(text), int(start), int(end)))
    return [
        replace(s, evidence=tuple(sorted(refs.get(s.edge, ()), key=lambda r: (r.report, r.start))))
        for s in steps
    ]


def _step_order(s: Step) -> tuple:
    return s.source.label, _RELATION_ORDER[s.relation], s.direction, s.node.label, s.node.iri


_RELATION_ORDER = {r: i for i, r in enumerate(RELATIONS)}


def _expand_query(iris: list[str], relations: tuple[str, ...], direction: str) -> str:
    predicates = ", ".join(f"kg:{r}" for r in relations)
    nodes = " ".join(f"<{iri}>" for iri in iris)
    branches = [
        _BRANCH.format(merged=MERGED, nodes=nodes, pattern=pattern, direction=way, predicates=predicates)
        for way, pattern in (("out", "?n ?p ?m ."), ("in", "?m ?p ?n ."))
        if direction in ("both", way)
    ]
    return _EXPAND.format(prefixes=SPARQL_PREFIXES, branches="\n  UNION\n  ".join(branches))


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
        met = expand(store, frontier, relations, direction, hop, evidence=False)
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
            return Bounded(with_evidence(store, steps), left_out, hop)
        frontier = nxt
        if not frontier:
            return Bounded(with_evidence(store, steps), 0, hop)
    return Bounded(with_evidence(store, steps), 0, depth)


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
    """Up to `limit` shortest chains of relations from `start` to `goal`, edges taken either way.

    Breadth-first from both ends, a whole layer at a time on the side whose frontier is smaller, until
    they meet: a path through a hub costs the layers either side of it, not the hub's whole
    neighbourhood and the one beyond it. The chains are the ones, and in the order, a walk from `start`
    alone gives."""
    if start.iri == goal.iri:
        raise QueryError(f"{start.label!r} and {goal.label!r} are the same entity")
    ends = (_Side(start), _Side(goal))
    length = None
    while (
        length is None and ends[0].frontier and ends[1].frontier and ends[0].depth + ends[1].depth < max_hops
    ):
        side, other = ends if len(ends[0].frontier) <= len(ends[1].frontier) else ends[::-1]
        met = [n.iri for n in side.grow(store) if n.iri in other.dist]
        if met:
            length = min(side.dist[x] + other.dist[x] for x in met)
    if length is None:
        return []
    into = _into_from_start(*ends, length)
    chains = list(_chains(into, goal.iri, start.iri, limit))
    # evidence for the relations shown only, not for the whole frontier walked
    told = {s.edge: s.evidence for s in with_evidence(store, [s for c in chains for s in c])}
    return [[replace(s, evidence=told[s.edge]) for s in c] for c in chains]


@dataclass
class _Side:
    """One end of a two-sided search: how far each node reached is, and the steps reaching it first."""

    root: Entity
    depth: int = 0
    dist: dict[str, int] = field(default_factory=dict)
    into: dict[str, list[Step]] = field(default_factory=lambda: defaultdict(list))
    frontier: list[Entity] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.dist[self.root.iri] = 0
        self.frontier = [self.root]

    def grow(self, store: GraphStore) -> list[Entity]:
        """One more layer; its new nodes."""
        self.depth += 1
        nxt: list[Entity] = []
        for step in expand(store, self.frontier, hop=self.depth, evidence=False):
            if self.dist.setdefault(step.node.iri, self.depth) == self.depth:
                if not self.into[step.node.iri]:
                    nxt.append(step.node)
                self.into[step.node.iri].append(step)
        self.frontier = nxt
        return nxt


def _into_from_start(a: _Side, b: _Side, length: int) -> dict[str, list[Step]]:
    """For each node of a shortest chain, the steps reaching it from the node before it on the way from
    `a`'s root, as a walk from there alone records them: `a`'s own steps up to where the sides meet,
    then `b`'s steps turned round, kept where they lie on a chain of `length`."""
    on_chain = {x for x in b.dist if x in a.dist and a.dist[x] + b.dist[x] == length}
    into: dict[str, list[Step]] = defaultdict(list)
    todo = list(on_chain)
    while todo:  # from where the sides meet towards b's root, along b's steps
        x = todo.pop()
        for step in b.into.get(x, ()):
            y = step.source.iri
            if y not in a.dist:  # else `a`'s own steps into it hold these
                into[y].append(_turned(step, length - b.dist[y]))
            if y not in on_chain:
                on_chain.add(y)
                todo.append(y)
    for x, steps in a.into.items():  # where `a` reached a node, it recorded every step there
        into[x] = list(steps)
    for steps in into.values():
        steps.sort(key=_step_order)
    return into


def _turned(step: Step, hop: int) -> Step:
    """The same relation walked the other way: from `step.node` to `step.source`."""
    way = "in" if step.direction == "out" else "out"
    return replace(step, hop=hop, source=step.node, node=step.source, direction=way)


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
