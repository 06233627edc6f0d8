"""`Extraction` -> the triples of one report's named graph.

Entity IRIs are `id/<type>/<hash of type and canonical label>`: the same entity from two reports or
two runs gets the same IRI. Each relation is asserted as a triple and reified as an `rdf:Statement`
carrying its evidence sentence, its offsets in the original text and the report it comes from.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from graph.iris import digest
from graph.observations import date_triple, observation_triples
from loaders.records import Extraction
from ontology.ns import ID, KG, REPORT

Triple = tuple[URIRef, URIRef, URIRef | Literal]
LANG = "zh"


def entity_iri(type_: str, label: str) -> URIRef:
    return ID[f"{type_.lower()}/{digest(type_, label)}"]


def report_iri(doc_id: str) -> URIRef:
    return REPORT[quote(doc_id, safe="")]


def statement_iri(report: URIRef, head: URIRef, rel: str, tail: URIRef) -> URIRef:
    return ID[f"statement/{digest(str(report), str(head), rel, str(tail))}"]


def report_triples(x: Extraction, extractor: str | None = None) -> Iterator[Triple]:
    """Every triple of the report's named graph; `extractor` is the digest of what extracted it
    (graph/fingerprint.py), stored so that a build can skip the report while neither changes."""
    rep = report_iri(x.report.doc_id)
    yield rep, RDF.type, PROV.Entity
    yield rep, DCTERMS.source, Literal(x.report.doc_id)
    yield rep, DCTERMS.identifier, Literal(x.report.doc_id)
    yield rep, KG.sha256, Literal(x.report.sha256)
    if extractor:
        yield rep, KG.extractor, Literal(extractor)
    yield rep, KG.script, Literal(x.clean.script)
    if x.clean.title:
        yield rep, DCTERMS.title, Literal(x.clean.title, lang=LANG)
    if x.clean.date:
        yield rep, DCTERMS.date, Literal(x.clean.date, datatype=XSD.date)
    if x.date:  # the date the report was issued, from its dateline or its text (2023济南市两会 -> 2023)
        yield rep, DCTERMS.issued, date_triple(x.date)[1]
    if x.clean.source:
        yield rep, DCTERMS.publisher, Literal(x.clean.source, lang=LANG)

    iris: dict[str, URIRef] = {}
    for e in x.entities:
        iri = entity_iri(e.type, e.label)
        iris[e.key] = iri
        yield iri, RDF.type, KG[e.type]
        yield iri, RDFS.label, Literal(e.label, lang=LANG)
        for alias in e.aliases:
            yield iri, SKOS.altLabel, Literal(alias, lang=LANG)
        yield iri, PROV.wasDerivedFrom, rep

    for r in x.relations:
        h, t = iris[r.head], iris[r.tail]
        p = KG[r.type]
        yield h, p, t
        st = statement_iri(rep, h, r.type, t)
        yield st, RDF.type, RDF.Statement
        yield st, RDF.subject, h
        yield st, RDF.predicate, p
        yield st, RDF.object, t
        yield st, KG.evidence, Literal(r.evidence.text)
        yield st, KG.evidenceStart, Literal(r.evidence.raw_start)
        yield st, KG.evidenceEnd, Literal(r.evidence.raw_end)
        yield st, PROV.wasDerivedFrom, rep

    yield from observation_triples(x, rep, iris)
