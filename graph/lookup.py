"""Finding an entity by a name a user typed: canonical label or alias, or its IRI.

A name is normalised as report text is (full-width forms, traditional characters, quotes) and goes
into SPARQL only as a bound value, never into the query text. The exact match is one indexed query;
only when it finds nothing are all names read, to compare them normalised and suggest the closest.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef

from graph.merged import MERGED, require_merged
from graph.store import PREFIXES, GraphStore
from kgerrors import QueryError
from ontology.terms import ENTITY_TYPES, NAMESPACE

if TYPE_CHECKING:  # networkx is slow to import and only `find_entity` takes a graph
    import networkx as nx

SPARQL_PREFIXES = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
CLASS_FILTER = f"FILTER(?type IN ({', '.join(f'kg:{t}' for t in ENTITY_TYPES)}))"

# Names are looked up in the merged graph (graph/merged.py), where each entity is described once: an
# entity is described again by every report that names it, and in the union of the report graphs
# Oxigraph crossed those descriptions with one another (four minutes to find 市中区 at 1,000 reports).
# Each branch of a UNION is whole in itself: Oxigraph joins in the order written.
# ?name and ?e are bound by the store (graph/bind.py), each store and server in the same way.
_BY_NAME = f"""{SPARQL_PREFIXES}
SELECT DISTINCT ?name ?e ?type ?label WHERE {{
  {{ GRAPH {MERGED} {{ ?e rdfs:label ?name . ?e a ?type ; rdfs:label ?label }} }}
  UNION
  {{ GRAPH {MERGED} {{ ?e skos:altLabel ?name . ?e a ?type ; rdfs:label ?label }} }}
  {CLASS_FILTER}
}}"""

# One branch per fact: rows carry the type and label, an alias, or a report.
_DESCRIBE = f"""{SPARQL_PREFIXES}
SELECT DISTINCT ?e ?type ?label ?alt ?source WHERE {{
  {{ GRAPH {MERGED} {{ ?e a ?type ; rdfs:label ?label }} {CLASS_FILTER} }}
  UNION {{ GRAPH {MERGED} {{ ?e skos:altLabel ?alt }} }}
  UNION {{ GRAPH {MERGED} {{ ?e prov:wasDerivedFrom ?r . ?r dcterms:source ?source }} }}
}}"""

_ALL_NAMES = f"""{SPARQL_PREFIXES}
SELECT DISTINCT ?e ?type ?label ?alt WHERE {{
  {{ GRAPH {MERGED} {{ ?e a ?type ; rdfs:label ?label }} {CLASS_FILTER} }}
  UNION
  {{ GRAPH {MERGED} {{ ?e a ?type ; skos:altLabel ?alt }} {CLASS_FILTER} }}
}}"""

_IRI = re.compile(r"https?://[^\s<>\"{}|\\^`]+")
_CURIE = re.compile(r"id:[\w/.-]+")


@dataclass(frozen=True)
class Entity:
    iri: str
    label: str
    type: str
    aliases: tuple[str, ...] = ()
    reports: tuple[str, ...] = field(default=(), compare=False)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


class AmbiguousName(QueryError):
    """A name shared by several entities, none of which has it as its canonical label."""

    def __init__(self, name: str, choices: list[Entity]) -> None:
        self.choices = choices
        listed = "; ".join(f"{e.label} ({e.type}, {curie(e.iri)})" for e in choices[:10])
        super().__init__(f"{name!r} names {len(choices)} entities: {listed}; give one of these IRIs instead")


@lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    from loaders.clean import normalize_query  # loading the loaders costs ~70 ms; only pay when needed

    return normalize_query(name)


def curie(iri: str) -> str:
    base = PREFIXES["id"]
    return "id:" + iri[len(base) :] if iri.startswith(base) else iri


# ---------------------------------------------------------------- the store


def lookup(store: GraphStore, name: str) -> Entity:
    """The entity whose label or alias is `name` (or whose IRI it is), with its aliases and reports.

    Raises `QueryError` with the closest names when nothing matches, `AmbiguousName` when several do.
    """
    require_merged(store)
    iri = _as_iri(name)
    if iri is not None:
        try:
            found = describe(store, iri)
        except ValueError:  # the store's own IRI check is stricter than ours
            raise QueryError(f"{name!r} is not a valid IRI") from None
        if found is None:
            raise QueryError(f"no entity with IRI {name!r}")
        return found
    want = normalise(name)
    if not want:
        raise QueryError(f"no name given ({name!r} is empty once normalised)")
    rows = store.query(_BY_NAME, {"name": Literal(want, lang="zh")}).rows
    hits = [Entity(str(e), str(label), _local(typ)) for _, e, typ, label in rows]
    index: list[Entity] = []
    if not hits:  # a label stored in another form (spaces, quotes): compare normalised names
        index = all_entities(store)
        hits = matching(index, want)
    if not hits:
        raise QueryError(f"no entity named {name!r}" + _did_you_mean(index, want))
    chosen = choose(name, want, hits)
    return describe(store, chosen.iri) or chosen


def stored_name(store: GraphStore, name: str) -> tuple[str, list[str] | None]:
    """A normalised `name` to bind in a query, as the graph writes it (a name stored in another form,
    with spaces or quotes, in that form); and None, or when no entity has the name the closest ones."""
    require_merged(store)
    if store.query(_BY_NAME, {"name": Literal(name, lang="zh")}).rows:
        return name, None
    index = all_entities(store)
    for e in matching(index, name):
        return next(n for n in e.names if normalise(n) == name), None
    return name, suggestions(index, name)


def describe(store: GraphStore, iri: str) -> Entity | None:
    """The entity at `iri` with its aliases and the reports it comes from; None if there is none."""
    require_merged(store)
    rows = store.query(_DESCRIBE, {"e": URIRef(iri)}).rows
    named = sorted((str(label), str(typ)) for _, typ, label, _, _ in rows if label is not None)
    if not named:
        return None
    label, typ = named[0]  # reports agree on an entity's label; should two not, the choice is stable
    aliases = sorted({str(r[3]) for r in rows if r[3] is not None} - {label})
    reports = sorted({str(r[4]) for r in rows if r[4] is not None})
    return Entity(iri, label, _local(typ), tuple(aliases), tuple(reports))


def all_entities(store: GraphStore) -> list[Entity]:
    """Every entity with its label and aliases (one query)."""
    require_merged(store)
    found: dict[str, tuple[str, str]] = {}
    aliases: dict[str, set[str]] = defaultdict(set)
    for e, typ, label, alt in store.query(_ALL_NAMES).rows:
        if label is not None:  # the same choice as `describe` should two reports disagree
            named = (str(label), _local(typ))
            found[str(e)] = min(found.get(str(e), named), named)
        if alt is not None:
            aliases[str(e)].add(str(alt))
    return [
        Entity(e, label, typ, tuple(sorted(aliases[e] - {label})))
        for e, (label, typ) in sorted(found.items())
    ]


def complete_names(store: GraphStore, incomplete: str, limit: int = 50) -> list[str]:
    """Names (labels and aliases) that start with what was typed so far, for shell completion."""
    want = normalise(incomplete) if incomplete else ""
    names = sorted({n for e in all_entities(store) for n in e.names if normalise(n).startswith(want)})
    return names[:limit]


def _as_iri(name: str) -> str | None:
    name = name.strip()
    if _CURIE.fullmatch(name):
        return PREFIXES["id"] + name[3:]
    return name if _IRI.fullmatch(name) else None


def _local(typ) -> str:
    return str(typ)[len(NAMESPACE) :]


# ---------------------------------------------------------------- matching, on any list of entities


def matching(entities: Iterable[Entity], want: str) -> list[Entity]:
    """The entities one of whose names is `want` once normalised."""
    return [e for e in entities if any(normalise(n) == want for n in e.names)]


def choose(name: str, want: str, hits: list[Entity]) -> Entity:
    """One entity among those named `want`: the only one, or the one whose canonical label it is."""
    if len(hits) == 1:
        return hits[0]
    by_label = [e for e in hits if normalise(e.label) == want]
    if len(by_label) == 1:
        return by_label[0]
    raise AmbiguousName(name, sorted(by_label or hits, key=lambda e: (e.type, e.label, e.iri)))


def suggestions(entities: Iterable[Entity], want: str, limit: int = 5) -> list[str]:
    """Canonical labels of the entities whose names are closest to `want` (character-level fuzzy)."""
    from rapidfuzz import fuzz, process

    owner: dict[str, str] = {}
    for e in entities:
        for n in e.names:
            owner.setdefault(normalise(n), e.label)
    hits = process.extract(want, list(owner), scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=60)
    labels: list[str] = []
    for key, _, _ in hits:
        if owner[key] not in labels:
            labels.append(owner[key])
    return labels[:limit]


def _did_you_mean(entities: list[Entity], want: str) -> str:
    labels = suggestions(entities, want)
    return f"; did you mean: {', '.join(labels)}?" if labels else ""


# ---------------------------------------------------------------- a networkx view (kg viz --focus)


def find_entity(g: nx.MultiDiGraph, name: str) -> str:
    """The node of `g` whose label or alias is `name` (after normalisation); suggestions otherwise."""
    nodes = [Entity(n, a["label"], a["type"], tuple(a["aliases"])) for n, a in g.nodes(data=True)]
    iri = _as_iri(name)
    if iri is not None and iri in g:
        return iri
    want = normalise(name)
    if not want:
        raise QueryError(f"no name given ({name!r} is empty once normalised)")
    hits = matching(nodes, want)
    if not hits:
        raise QueryError(f"no entity named {name!r}" + _did_you_mean(nodes, want))
    return choose(name, want, hits).iri
