"""Extraction -> RDF: stable IRIs, one named graph per report, reified evidence."""

from rdflib import Literal
from rdflib.namespace import RDF, RDFS

from graph.build import entity_iri, report_iri, report_triples
from loaders import extract
from ontology.ns import KG
from tests.conftest import seed


def test_entity_iris_are_stable_across_runs_and_reports():
    a = entity_iri("District", "市中区")
    assert a == entity_iri("District", "市中区")
    assert a != entity_iri("Strategy", "市中区")
    x1 = extract(seed("000"))
    x2 = extract(seed("000"))
    assert set(report_triples(x1)) == set(report_triples(x2))


def test_same_entity_in_two_reports_has_one_iri(extractions):
    a = {e.key for e in extractions[seed("000").name].entities}
    b = {e.key for e in extractions[seed("002").name].entities}
    assert "District|市中区" in a & b


def test_every_relation_is_reified_with_evidence(extractions):
    x = extractions[seed("000").name]
    triples = list(report_triples(x))
    statements = {s for s, p, o in triples if p == RDF.type and o == RDF.Statement}
    assert len(statements) == len(x.relations)
    ev = {s: o for s, p, o in triples if p == KG.evidence and s in statements}
    assert set(ev) == statements and all(isinstance(o, Literal) and str(o) for o in ev.values())


def test_labels_are_chinese_literals(extractions):
    x = extractions[seed("004").name]
    labels = [o for s, p, o in report_triples(x) if p == RDFS.label]
    assert labels and all(o.language == "zh" for o in labels)
    assert str(report_iri("000 a.txt")).endswith("000%20a.txt")
