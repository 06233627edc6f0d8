"""A hand-made store of four entities, for what the seeds do not contain: a name shared by two
entities, a label stored with a space, an entity with no relation."""

from __future__ import annotations

from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from graph.store import open_store
from ontology.ns import ID, KG, REPORT

COMPANY = ID["organization/tiny-a"]
PROJECT = ID["project/tiny-b"]
GROUP = ID["organization/tiny-c"]
LONER = ID["district/tiny-d"]


def make_tiny_store(path: Path | None = None):
    """An open store: 甲 is an alias of 甲公司 and of 甲项目; 乙 集团 is stored with a space."""
    s = open_store(path or ":memory:")
    report = URIRef(REPORT["tiny.txt"])

    def entity(iri, cls, label, *aliases):
        yield iri, RDF.type, cls
        yield iri, RDFS.label, Literal(label, lang="zh")
        for a in aliases:
            yield iri, SKOS.altLabel, Literal(a, lang="zh")

    triples = [
        (report, DCTERMS.source, Literal("tiny.txt")),
        *entity(COMPANY, KG.Organization, "甲公司", "甲"),
        *entity(PROJECT, KG.Project, "甲项目", "甲"),
        *entity(GROUP, KG.Organization, "乙 集团"),
        *entity(LONER, KG.District, "丙区"),
        (PROJECT, KG.involves, COMPANY),
        (PROJECT, KG.involves, GROUP),
    ]
    s.replace_graph(report, triples)
    return s
