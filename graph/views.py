"""networkx views of the entity graph, read from the store with SPARQL."""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from graph.merged import MERGED, require_merged
from graph.store import GraphStore
from graph.walk import EvidenceRef  # defined with the walks, which must not import networkx
from ontology.terms import ENTITY_TYPES, NAMESPACE, RELATIONS

# Read from the merged graph (graph/merged.py): each entity, relation and statement once, where the
# report graphs gave a copy per report that states it. Rows come as plain strings: at 2,000 reports
# making rdflib terms of the 330 k rows cost a third of the reading (25.4 -> 18.1 s).
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_ENTITIES = f"""
SELECT ?e ?type ?label ?alt ?r WHERE {{
  GRAPH {MERGED} {{
    {{ ?e a ?type ; <http://www.w3.org/2000/01/rdf-schema#label> ?label . }}
    UNION {{ ?e a ?type ; <http://www.w3.org/2004/02/skos/core#altLabel> ?alt . }}
    UNION {{ ?e a ?type ; <http://www.w3.org/ns/prov#wasDerivedFrom> ?r . }}
  }}
  FILTER(?type IN ({", ".join(f"<{NAMESPACE}{t}>" for t in ENTITY_TYPES)}))
}}"""

_PREDICATES = ", ".join(f"<{NAMESPACE}{r}>" for r in RELATIONS)
_RELATIONS = f"""
SELECT ?h ?p ?t WHERE {{ GRAPH {MERGED} {{ ?h ?p ?t . FILTER(?p IN ({_PREDICATES})) }} }}"""

# A statement is its report's (the report's IRI is in its own), so the merged graph holds each once.
_STATEMENTS = f"""
SELECT ?h ?p ?t ?r ?evidence ?start ?end WHERE {{
  GRAPH {MERGED} {{
    ?st <{_RDF}predicate> ?p .
    FILTER(?p IN ({_PREDICATES}))
    ?st <{_RDF}subject> ?h ; <{_RDF}object> ?t ;
        <{NAMESPACE}evidence> ?evidence ; <{NAMESPACE}evidenceStart> ?start ;
        <{NAMESPACE}evidenceEnd> ?end ; <http://www.w3.org/ns/prov#wasDerivedFrom> ?r .
  }}
}}"""

_SOURCES = """
SELECT ?g ?source WHERE { GRAPH ?g { ?g <http://purl.org/dc/terms/source> ?source } }"""


def entity_graph(store: GraphStore) -> nx.MultiDiGraph:
    """Nodes: entity IRIs with `type`, `label`, `aliases`, `reports`, `facts` (the stages and amounts
    reports state of it, graph/timeline.py) and `investment` (the largest investment stated of it, in
    yuan, or None); edges keyed by relation name with `relation` and `evidence` (a list of
    `EvidenceRef`, one per report that states it)."""
    from graph.timeline import all_entries

    require_merged(store)
    sources = dict(store.query(_SOURCES, plain=True).rows)  # plain rows: strings already
    g = nx.MultiDiGraph()
    nodes: dict[str, dict] = defaultdict(lambda: {"aliases": set(), "reports": set()})
    labels: dict[str, set[str]] = defaultdict(set)
    for e, typ, label, alt, report in store.query(_ENTITIES, plain=True).rows:
        n = nodes[e]
        n["type"] = typ[len(NAMESPACE) :]
        if label is not None:
            labels[e].add(label)
        if alt is not None:
            n["aliases"].add(alt)
        if report is not None:
            n["reports"].add(sources.get(report, report))
    for e, named in labels.items():  # reports agree on an entity's label; should two not, a stable one
        nodes[e]["label"] = min(named)
    facts = all_entries(store)
    for iri, attrs in nodes.items():
        mine = facts.get(iri, [])
        yuan = [f.value for f in mine if f.kind == "investment" and f.unit == "CNY" and f.value is not None]
        g.add_node(
            iri,
            type=attrs["type"],
            label=attrs["label"],
            aliases=sorted(attrs["aliases"] - {attrs["label"]}),
            reports=sorted(attrs["reports"]),
            facts=mine,
            investment=float(max(yuan)) if yuan else None,
        )
    for h, p, t in store.query(_RELATIONS, plain=True).rows:
        rel = p[len(NAMESPACE) :]
        if h in g and t in g:
            g.add_edge(h, t, key=rel, relation=rel, evidence=[])
    told: dict[tuple[str, str, str], set[EvidenceRef]] = defaultdict(set)
    for h, p, t, report, ev, start, end in store.query(_STATEMENTS, plain=True).rows:
        ref = EvidenceRef(sources.get(report, report), ev, int(start), int(end))
        told[h, t, p[len(NAMESPACE) :]].add(ref)
    for (h, t, rel), refs in told.items():
        if g.has_edge(h, t, key=rel):
            g.edges[h, t, rel]["evidence"] = sorted(refs, key=lambda r: (r.report, r.start))
    return g
