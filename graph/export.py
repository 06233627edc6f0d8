"""`kg export`: the whole graph in a standard format, written whole or not at all.

- RDF: `trig` and `nq` keep one named graph per report, `ttl` and `nt` merge them; `jsonld` keeps the
  report graphs and uses `jsonld_context()`, so the JSON reads as `{"label": "历下区", "hasStrategy": …}`.
- The entity graph (graph/network.py): `graphml` and `gexf` (Gephi: graph/gexf.py; drawn as the page is
  with the drawing kg.py hands over, viz/drawing.py),
  `csv` (two tables, so `--out` is a folder that receives `entities.csv` and `relations.csv`).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from graph.formats import EXPORT_FORMATS, RDF_FORMATS
from graph.store import PREFIXES, GraphStore
from kgerrors import InputError, QueryError
from ontology.terms import ENTITY_TYPES, RELATIONS

# the entity graph (networkx) -> each node's GEXF `viz` attributes
Drawing = Callable[[Any], Mapping[str, dict]]

FORMATS = EXPORT_FORMATS


def export(store: GraphStore, fmt: str, out: str | Path, draw: Drawing | None = None) -> list[Path]:
    """Write the store's graph as `fmt` to `out`; the files written. `draw` gives a GEXF file's nodes
    their colour, size and position (kg.py passes the page's, viz/drawing.py)."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    path = Path(out)
    if not path.parent.exists():
        raise InputError(f"{path.parent}: no such directory")
    if fmt == "csv":
        return _export_tables(store, path)
    if path.is_dir():
        raise InputError(f"{path} is a directory: give a file name for --out")
    tmp = path.with_name(path.name + ".part")
    try:
        with open(tmp, "wb") as f:
            if fmt in RDF_FORMATS:
                store.dump(fmt, f)
            elif fmt == "jsonld":
                f.write(to_jsonld(store).encode("utf-8"))
            else:
                from graph.gexf import write_gexf
                from graph.network import write_graphml
                from graph.views import entity_graph

                g = entity_graph(store)
                if fmt == "gexf":
                    write_gexf(g, f, draw(g) if draw else None)
                else:
                    write_graphml(g, f)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return [path]


def _export_tables(store: GraphStore, folder: Path) -> list[Path]:
    from graph.network import write_tables
    from graph.views import entity_graph

    if folder.exists() and not folder.is_dir():
        raise InputError(
            f"{folder} is a file: csv writes entities.csv and relations.csv into the folder --out"
        )
    g = entity_graph(store)
    folder.mkdir(exist_ok=True)
    return write_tables(g, folder)


def jsonld_context() -> dict:
    """Short names for our vocabulary: classes, relations (whose values are IRIs), names tagged `zh`."""
    ctx: dict = dict(PREFIXES)
    ctx |= {t: f"kg:{t}" for t in ENTITY_TYPES}
    ctx |= {r: {"@id": f"kg:{r}", "@type": "@id"} for r in RELATIONS}
    ctx |= {
        "label": {"@id": "rdfs:label", "@language": "zh"},
        "altLabel": {"@id": "skos:altLabel", "@language": "zh"},
        "Statement": "rdf:Statement",
        "subject": {"@id": "rdf:subject", "@type": "@id"},
        "predicate": {"@id": "rdf:predicate", "@type": "@vocab"},
        "object": {"@id": "rdf:object", "@type": "@id"},
        "evidence": "kg:evidence",
        "evidenceStart": "kg:evidenceStart",  # plain JSON numbers (xsd:integer)
        "evidenceEnd": "kg:evidenceEnd",
        "wasDerivedFrom": {"@id": "prov:wasDerivedFrom", "@type": "@id"},
        "Report": "prov:Entity",
        "source": "dcterms:source",
        "identifier": "dcterms:identifier",
        "title": {"@id": "dcterms:title", "@language": "zh"},
        "publisher": {"@id": "dcterms:publisher", "@language": "zh"},
        "date": {"@id": "dcterms:date", "@type": "xsd:date"},
        "sha256": "kg:sha256",
        "extractor": "kg:extractor",
        "script": "kg:script",
    }
    return ctx


def to_jsonld(store: GraphStore) -> str:
    """JSON-LD of every report graph, written by rdflib with `jsonld_context()` inline (works offline)."""
    from rdflib import Dataset

    buf = io.BytesIO()
    store.dump("nq", buf)
    ds = Dataset()
    ds.parse(data=buf.getvalue().decode("utf-8"), format="nquads")
    return ds.serialize(format="json-ld", context=jsonld_context(), auto_compact=True, ensure_ascii=False)
