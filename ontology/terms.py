"""Plain-Python names of the vocabulary (no rdflib), mirroring `kg.ttl`."""

from __future__ import annotations

from dataclasses import dataclass

NAMESPACE = "https://w3id.org/devreport-kg/ontology#"
ID_BASE = "https://w3id.org/devreport-kg/id/"
REPORT_BASE = "https://w3id.org/devreport-kg/report/"
# the named graph of the skos:exactMatch links between reports' entities (graph/link.py)
LINKS_GRAPH_IRI = "https://w3id.org/devreport-kg/graph/links"
# the named graph holding the RDF merge of the report graphs, each triple once (graph/merged.py)
MERGED_GRAPH_IRI = "https://w3id.org/devreport-kg/graph/merged"

ENTITY_TYPES: tuple[str, ...] = ("District", "Strategy", "Project", "Organization")

CLASS_LABELS: dict[str, tuple[str, str]] = {
    "District": ("行政区划", "District"),
    "Strategy": ("战略", "Strategy"),
    "Project": ("项目", "Project"),
    "Organization": ("机构", "Organization"),
}


@dataclass(frozen=True)
class RelationType:
    name: str
    domain: tuple[str, ...]
    range: tuple[str, ...]
    label_zh: str
    label_en: str


RELATION_TYPES: tuple[RelationType, ...] = (
    RelationType("hasStrategy", ("District",), ("Strategy",), "实施战略", "has strategy"),
    RelationType("partOf", ("Strategy",), ("Strategy",), "组成部分", "part of"),
    RelationType("includesProject", ("Strategy",), ("Project",), "包含项目", "includes project"),
    RelationType("locatedIn", ("Project", "Organization", "District"), ("District",), "位于", "located in"),
    RelationType("involves", ("Project",), ("Organization",), "参与机构", "involves"),
    RelationType(
        "cooperatesWith", ("District", "Organization"), ("Organization",), "合作", "cooperates with"
    ),
)

RELATIONS: dict[str, RelationType] = {r.name: r for r in RELATION_TYPES}

# Provenance terms of our own namespace (the rest is PROV-O, Dublin Core and RDF reification).
PROVENANCE_TERMS: tuple[str, ...] = (
    "evidence",
    "evidenceStart",
    "evidenceEnd",
    "sha256",
    "extractor",
    "linkedFrom",
    "linkKey",
    "script",
)


def allowed(head_type: str, relation: str, tail_type: str) -> bool:
    """True when the relation's domain and range admit these entity types."""
    r = RELATIONS[relation]
    return head_type in r.domain and tail_type in r.range


# Stages of projects and strategies (kg:Stages in kg.ttl), in their order, with their labels.
STAGE_LABELS: dict[str, tuple[str, str]] = {
    "planned": ("谋划", "planned"),
    "signed": ("签约", "signed"),
    "started": ("开工", "started"),
    "underway": ("全面起势", "under way"),
    "completed": ("竣工", "completed"),
    "operating": ("投产", "in operation"),
    "elevated": ("上升为战略", "raised to a strategy"),
}
