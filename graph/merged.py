"""The merged graph: every triple of the store's graphs once, kept exact by each write.

Each report asserts its facts in its own named graph, so an entity named by 300 reports is described
300 times, and a query over the union of the graphs meets (and must merge) 300 copies: Oxigraph's union
default graph repeats a triple once per graph that holds it. The merged graph (`graph/merged`) holds
the RDF merge of the named graphs instead (the reports' and any a user loads; not the links', which sit
beside it): each entity's type, labels and reports, each relation and each statement with its evidence,
once. Lookups, walks, counts and the view read it; the embedded store makes it, with the graph of links,
the default graph of every query, so a user's plain SPARQL gets each fact once. The report graphs stay
as they are: provenance queries (`GRAPH ?g`), `kg export` and the fingerprints read them.

It is kept exact in the same transaction as the write that changes it (SPARQL Update, so a remote
server does it too): before a graph is dropped or replaced, the triples it holds that no other graph
holds leave the merged graph; after its new triples are in, they are added (adding a triple already
there changes nothing). A store written before the merged graph existed gets it, once, before its first
write (`MERGE_ALL`: the merge of its report graphs, which are all such a store holds but the links); the
merged graph says it is complete with one triple (`MARK`), written with it.
"""

from __future__ import annotations

from rdflib import URIRef

from kgerrors import StoreError
from ontology.terms import LINKS_GRAPH_IRI, MERGED_GRAPH_IRI

MERGED_GRAPH = URIRef(MERGED_GRAPH_IRI)
MERGED = f"<{MERGED_GRAPH_IRI}>"  # as SPARQL names it: GRAPH {MERGED} { … }
_L = f"<{LINKS_GRAPH_IRI}>"
RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
# the mark: a collection (PROV) of what the reports state; the ontology's classes stay the contract's four
MERGED_CLASS = URIRef("http://www.w3.org/ns/prov#Collection")
MARK = f"{MERGED} <{RDF_TYPE}> <{MERGED_CLASS}> ."
IS_MERGED = f"ASK {{ GRAPH {MERGED} {{ {MARK} }} }}"
# A report's graph says it is one (graph/build.py); a server's own graphs (Virtuoso's virtrdf#) do not.
MERGE_ALL = (
    f"INSERT {{ GRAPH {MERGED} {{ ?s ?p ?o }} }} WHERE {{\n"
    f"  GRAPH ?g {{ ?g a <http://www.w3.org/ns/prov#Entity> . ?s ?p ?o }}\n}} ;\n"
    f"INSERT DATA {{ GRAPH {MERGED} {{ {MARK} }} }}"
)


def is_merged(graph: URIRef | str) -> bool:
    """Whether `graph`'s triples are in the merged graph: every named graph's are (the reports', and any
    a user loads), but the links' (beside it in the default graph) and the merged graph's own."""
    return str(graph) not in (MERGED_GRAPH_IRI, LINKS_GRAPH_IRI)


def _held_elsewhere(graph: str) -> str:
    return f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} FILTER(?h != {graph} && ?h != {MERGED} && ?h != {_L}) }}"


def unmerge(graph: str) -> str:
    """SPARQL Update: the triples of graph `graph` (an N-Triples IRI) that no other merged graph holds
    leave the merged graph. Run before the graph is dropped or replaced."""
    return (
        f"DELETE {{ GRAPH {MERGED} {{ ?s ?p ?o }} }} WHERE {{\n"
        f"  GRAPH {graph} {{ ?s ?p ?o }}\n  {_held_elsewhere(graph)}\n}}"
    )


def unmerge_triples(graph: str, ntriples: str) -> str:
    """SPARQL Update: of the triples `ntriples` (N-Triples text, just removed from `graph`), those no
    other graph holds leave the merged graph."""
    rows = " ".join(f"({line[:-2].rstrip()})" for line in ntriples.splitlines() if line.strip())
    return (
        f"DELETE {{ GRAPH {MERGED} {{ ?s ?p ?o }} }} WHERE {{\n"
        f"  VALUES (?s ?p ?o) {{ {rows} }}\n  {_held_elsewhere(graph)}\n}}"
    )


def merge(graph: str) -> str:
    """SPARQL Update: the triples of graph `graph` go into the merged graph too."""
    return f"INSERT {{ GRAPH {MERGED} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}"


def require_merged(store) -> None:
    """Stop with one line when the store has no complete merged graph: it was written before there was
    one, and its next write adds it."""
    if not store.has_merged():
        raise StoreError(
            "this store was written before it had a graph of merged facts: "
            "run `kg build` into it once to add it"
        )
