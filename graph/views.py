"""networkx views of the entity graph, read from the store with SPARQL."""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from graph.store import GraphStore
from graph.walk import EvidenceRef  # defined with the walks, which must not import networkx
from ontology.terms import ENTITY_TYPES, NAMESPACE, RELATIONS

_ENTITIES = f"""
SELECT ?e ?type ?label ?alt ?g WHERE {{
  GRAPH ?g {{
    ?e a ?type ; <http://www.w3.org/2000/01/rdf-schema#label> ?label .
    OPTIONAL {{ ?e <http://www.w3.org/2004/02/skos/core#altLabel> ?alt }}
  }}
  FILTER(?type IN ({", ".join(f"<{NAMESPACE}{t}>" for t in ENTITY_TYPES)}))
}}"""

_RELATIONS = f"""
SELECT ?h ?p ?t ?g ?evidence ?start ?end WHERE {{
  GRAPH ?g {{
    ?h ?p ?t .
    FILTER(?p IN ({", ".join(f"<{NAMESPACE}{r}>" for r in RELATIONS)}))
    OPTIONAL {{
      ?st <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?h ;
          <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> ?p ;
          <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?t ;
          <{NAMESPACE}evidence> ?evidence ;
          <{NAMESPACE}evidenceStart> ?start ;
          <{NAMESPACE}evidenceEnd> ?end .
    }}
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

    sources = {str(g): str(s) for g, s in store.query(_SOURCES).rows}
    g = nx.MultiDiGraph()
    nodes: dict[str, dict] = defaultdict(lambda: {"aliases": set(), "reports": set()})
    for e, typ, label, alt, graph in store.query(_ENTITIES).rows:
        n = nodes[str(e)]
        n["type"] = str(typ)[len(NAMESPACE) :]
        n["label"] = str(label)
        if alt is not None:
            n["aliases"].add(str(alt))
        n["reports"].add(sources.get(str(graph), str(graph)))
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
    for h, p, t, graph, ev, start, end in store.query(_RELATIONS).rows:
        h, t, rel = str(h), str(t), str(p)[len(NAMESPACE) :]
        if h not in g or t not in g:
            continue
        if not g.has_edge(h, t, key=rel):
            g.add_edge(h, t, key=rel, relation=rel, evidence=[])
        if ev is not None:
            ref = EvidenceRef(sources.get(str(graph), str(graph)), str(ev), int(start), int(end))
            if ref not in g.edges[h, t, rel]["evidence"]:
                g.edges[h, t, rel]["evidence"].append(ref)
    return g
