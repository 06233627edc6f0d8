"""SHACL validation of a graph against `ontology/shapes.ttl` (pyshacl)."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from ontology import ONTOLOGY_FILE, SHAPES_FILE


@dataclass(frozen=True)
class Report:
    conforms: bool
    text: str


def validate(data: Graph) -> Report:
    from pyshacl import validate as shacl

    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    ont = Graph().parse(ONTOLOGY_FILE, format="turtle")
    conforms, _, text = shacl(data, shacl_graph=shapes, ont_graph=ont, inference="none", allow_warnings=True)
    return Report(bool(conforms), str(text))
