"""What the benchmark asks the store: three saved SPARQL queries and a 2-hop lookup.

The queries are written as a user of the graph would save them. Every report asserts its facts in its
own named graph, so a fact stated by 300 reports is 300 quads in the union default graph (Oxigraph does
not merge them). The queries join inside one graph where they can, and take DISTINCT facts before
joining across graphs, or each join would multiply those copies.
"""

from __future__ import annotations

from rdflib import Literal, URIRef

from graph.store import GraphStore
from ontology.terms import RELATIONS

SAVED: dict[str, str] = {
    # a selective lookup: one district by its label, one hop; a report's graph holds the labels of
    # every entity it relates, so the join can stay inside each graph, away from the other copies
    "strategies of 市中区": """
SELECT DISTINCT ?strategy WHERE {
  GRAPH ?g { ?d rdfs:label "市中区"@zh ; kg:hasStrategy ?s . ?s rdfs:label ?strategy }
} ORDER BY ?strategy""",
    # an aggregate over the whole graph; Oxigraph joins in the order written, and starting from the
    # projects' organizations (fewer than the strategies' projects) keeps it linear in the store size
    "organizations in >1 strategy": """
SELECT ?organization (COUNT(DISTINCT ?s) AS ?strategies) WHERE {
  { SELECT DISTINCT ?p ?o WHERE { ?p kg:involves ?o } }
  { SELECT DISTINCT ?s ?p WHERE { ?s kg:includesProject ?p } }
  ?o rdfs:label ?organization .
} GROUP BY ?organization HAVING (COUNT(DISTINCT ?s) > 1)
ORDER BY DESC(?strategies) ?organization""",
    # provenance: every statement about one entity, with its report and sentence
    "where facts on 比亚迪 came from": """
SELECT ?relation ?other ?report ?sentence WHERE {
  { SELECT DISTINCT ?e WHERE { ?e skos:altLabel|rdfs:label "比亚迪"@zh } }
  GRAPH ?g {
    { ?st rdf:subject ?e ; rdf:object ?other } UNION { ?st rdf:object ?e ; rdf:subject ?other }
    ?st rdf:predicate ?relation ; kg:evidence ?sentence .
    ?g dcterms:source ?report .
  }
}""",
}

_FIND = "SELECT ?e ?name WHERE { { ?e rdfs:label ?name } UNION { ?e skos:altLabel ?name } } LIMIT 1"
_RELATIONS = " ".join(f"kg:{r}" for r in RELATIONS)


def _hop(nodes: list) -> str:
    """One hop out of `nodes`, both directions, each relation once however many reports state it."""
    values = " ".join(f"<{x}>" for x in nodes)
    return (
        f"SELECT DISTINCT ?x ?p ?y ?dir WHERE {{ VALUES ?x {{ {values} }} VALUES ?p {{ {_RELATIONS} }}\n"
        '  { ?x ?p ?y BIND("out" AS ?dir) } UNION { ?y ?p ?x BIND("in" AS ?dir) } }'
    )


def two_hop(store: GraphStore, name: str, depth: int = 2) -> tuple[int, int]:
    """The entity named `name` and every entity within `depth` hops, through the six relations, by
    SPARQL on the store (nothing loaded beforehand); returns (entities reached, edges)."""
    found = store.query(_FIND, {"name": Literal(name, lang="zh")}).rows
    if not found:
        return 0, 0
    seen = {found[0][0]}
    frontier = [found[0][0]]
    edges = 0
    for _ in range(depth):
        rows = store.query(_hop(frontier)).rows
        edges += len(rows)
        frontier = [y for _, _, y, _ in rows if y not in seen]
        seen.update(frontier)
        if not frontier:
            break
    return len(seen), edges


def sample_names(store: GraphStore, report: URIRef, k: int = 20) -> list[str]:
    """Up to `k` labels of entities of one report (the first, present at every size), spread evenly."""
    rows = store.query(
        f"SELECT DISTINCT ?label WHERE {{ GRAPH <{report}> {{ ?e a ?t ; rdfs:label ?label . "
        "FILTER(?t IN (kg:District, kg:Strategy, kg:Project, kg:Organization)) } } ORDER BY ?label"
    ).rows
    labels = [str(r[0]) for r in rows]
    step = max(1, len(labels) // k)
    return labels[::step][:k]
