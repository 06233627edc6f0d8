"""The seeds' graph satisfies the SHACL shapes; a broken graph does not."""

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from graph.validate import validate
from ontology.ns import KG


def _union(store_path):
    from graph.store import open_store

    s = open_store(store_path, read_only=True)
    g = Graph()
    for t in s.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").triples:
        g.add(t)
    s.close()
    return g


def test_seed_graph_conforms(seed_store):
    r = validate(_union(seed_store))
    assert r.conforms, r.text[:2000]


def test_violations_are_found():
    g = Graph()
    e = URIRef("https://w3id.org/devreport-kg/id/project/x")
    d = URIRef("https://w3id.org/devreport-kg/id/district/y")
    g.add((e, RDF.type, KG.Project))  # no label, no report
    g.add((d, RDF.type, KG.District))
    g.add((d, RDFS.label, Literal("某区", lang="zh")))
    g.add((e, KG.hasStrategy, d))  # wrong domain and range
    assert not validate(g).conforms
