"""`kg export`: the store in an RDF format, the report graphs kept (TriG, N-Quads) or merged (Turtle, N-Triples)."""

from __future__ import annotations

from pathlib import Path

from graph.store import GraphStore
from kgerrors import InputError, QueryError

RDF_FORMATS = ("ttl", "trig", "nt", "nq")
FORMATS = RDF_FORMATS


def export(store: GraphStore, fmt: str, out: str | Path) -> Path:
    if fmt not in FORMATS:
        raise QueryError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    path = Path(out)
    if path.parent and not path.parent.exists():
        raise InputError(f"{path.parent}: no such directory")
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "wb") as f:
        store.dump(fmt, f)
    tmp.replace(path)
    return path
