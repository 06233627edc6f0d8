"""The store: one narrow interface, chosen by one string in `open_store`.

`OxigraphStore` is the embedded on-disk default (pyoxigraph, RocksDB underneath); `open_store(None)`
gives an in-memory one for tests and `kg eval`. No other module imports pyoxigraph.

Replacing a report's graph is one SPARQL Update (DROP GRAPH + INSERT DATA), which Oxigraph applies
in a single transaction: a failure or a kill leaves every report either fully old or fully new.
The default graph of every query is the union of the report graphs.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Protocol

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kgerrors import QueryError, StoreError

DEFAULT_STORE = Path("kg-out") / "store"

Triple = tuple[Node, Node, Node]
Quad = tuple[Node, Node, Node, Node]


@dataclass
class QueryResult:
    """A SPARQL result with rdflib terms: SELECT rows, an ASK boolean, or CONSTRUCT/DESCRIBE triples."""

    kind: str  # "select", "ask" or "graph"
    vars: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[Triple] = field(default_factory=list)

    def dicts(self) -> list[dict[str, Node | None]]:
        return [dict(zip(self.vars, row, strict=True)) for row in self.rows]


class GraphStore(Protocol):
    def replace_graph(self, graph: URIRef, triples: Iterable[Triple]) -> None: ...

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> QueryResult: ...

    def graphs(self) -> list[URIRef]: ...

    def dump(self, fmt: str, out: BinaryIO) -> None: ...

    def close(self) -> None: ...


# ---------------------------------------------------------------- term conversion


def _to_ox(term: Node):
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def _from_ox(term) -> Node | None:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt in (_XSD_STRING, _RDF_LANGSTRING):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(dt))
    raise TypeError(f"unsupported term {term!r}")


# ---------------------------------------------------------------- the embedded store

_DUMP_FORMATS = {"nq": "N_QUADS", "trig": "TRIG", "nt": "N_TRIPLES", "ttl": "TURTLE"}
PREFIXES = {
    "kg": "https://w3id.org/devreport-kg/ontology#",
    "id": "https://w3id.org/devreport-kg/id/",
    "report": "https://w3id.org/devreport-kg/report/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


class OxigraphStore:
    """Oxigraph on disk at `path`, or in memory when `path` is None."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        import pyoxigraph as ox

        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                if not (self.path / "CURRENT").exists():
                    raise StoreError(f"no store at {self.path} (run `kg build` first, or pass --store)")
                self._store = ox.Store.read_only(str(self.path))
            else:
                if self.path.exists() and not self.path.is_dir():
                    raise StoreError(f"{self.path} is a file, not a store directory")
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as exc:
            raise StoreError(_store_message(self.path, exc)) from None

    # -- writing
    def replace_graph(self, graph: URIRef, triples: Iterable[Triple]) -> None:
        g = _to_ox(graph)
        body = " .\n".join(f"{_to_ox(s)} {_to_ox(p)} {_to_ox(o)}" for s, p, o in triples)
        update = (
            f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{body} .\n}} }}"
            if body
            else f"DROP SILENT GRAPH {g}"
        )
        try:
            self._store.update(update)
        except OSError as exc:
            raise StoreError(_store_message(self.path, exc)) from None

    def remove_graph(self, graph: URIRef) -> None:
        try:
            self._store.update(f"DROP SILENT GRAPH {_to_ox(graph)}")
        except OSError as exc:
            raise StoreError(_store_message(self.path, exc)) from None

    # -- reading
    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> QueryResult:
        import pyoxigraph as ox

        subs = {ox.Variable(k): _to_ox(v) for k, v in (bindings or {}).items()}
        try:
            res = self._store.query(
                sparql, use_default_graph_as_union=True, substitutions=subs or None, prefixes=PREFIXES
            )
        except SyntaxError as exc:
            raise QueryError(f"malformed SPARQL query: {_one_line(exc)}") from None
        except OSError as exc:
            raise StoreError(_store_message(self.path, exc)) from None
        except Exception as exc:  # evaluation errors raised by the engine
            raise QueryError(f"query failed: {_one_line(exc)}") from None
        if isinstance(res, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(res))
        if isinstance(res, ox.QuerySolutions):
            names = [v.value for v in res.variables]
            rows = [tuple(_from_ox(sol[n]) for n in names) for sol in res]
            return QueryResult("select", vars=names, rows=rows)
        triples = [(_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)) for t in res]
        return QueryResult("graph", triples=triples)

    def graphs(self) -> list[URIRef]:
        return sorted(URIRef(g.value) for g in self._store.named_graphs() if hasattr(g, "value"))

    def triple_count(self) -> int:
        return len(self._store)

    def dump(self, fmt: str, out: BinaryIO) -> None:
        """Write the store: `nq`/`trig` keep the report graphs; `nt`/`ttl` give their union."""
        import pyoxigraph as ox

        if fmt not in _DUMP_FORMATS:
            raise QueryError(f"unknown dump format {fmt!r}")
        rdf_format = getattr(ox.RdfFormat, _DUMP_FORMATS[fmt])
        if fmt in ("nq", "trig"):
            quads = sorted(self._store.quads_for_pattern(None, None, None, None), key=str)
            ox.serialize(quads, out, rdf_format, prefixes=PREFIXES if fmt == "trig" else None)
        else:
            triples = sorted(
                {q.triple for q in self._store.quads_for_pattern(None, None, None, None)}, key=str
            )
            ox.serialize(triples, out, rdf_format, prefixes=PREFIXES if fmt == "ttl" else None)

    def flush(self) -> None:
        if self.path is not None and not self.read_only and self._store is not None:
            with contextlib.suppress(
                OSError
            ):  # flushing is an optimisation; RocksDB's WAL already has the data
                self._store.flush()

    def close(self) -> None:
        if self._store is not None:
            self.flush()
            self._store = None


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300]


def _store_message(path: Path | None, exc: OSError) -> str:
    msg = _one_line(exc)
    if "lock" in msg.lower():
        return f"store {path} is in use by another process (a build running?): try again when it ends"
    return f"store {path}: {msg}"


def open_store(spec: str | Path | None = None, *, read_only: bool = False) -> GraphStore:
    """`None` -> the default on-disk store; a path -> Oxigraph there; `:memory:` -> in memory."""
    if spec is None:
        spec = os.environ.get("KG_STORE") or DEFAULT_STORE
    spec = str(spec)
    if spec.startswith(("http://", "https://")):
        raise StoreError(f"{spec}: remote SPARQL stores are not supported by this version; give a directory")
    if spec == ":memory:":
        return OxigraphStore(None)
    return OxigraphStore(spec, read_only=read_only)
