"""The store: one narrow interface, chosen by one string in `open_store`.

`OxigraphStore` is the embedded on-disk default (pyoxigraph, RocksDB underneath); `open_store(None)`
gives an in-memory one for tests and `kg eval`. No other module imports pyoxigraph.

Reports travel to the store as N-Triples text (`ntriples`), made where the extraction runs (a worker
process in a parallel build), so the one writer only loads. `replace_graphs` takes a batch: reports
new to the store go in with one bulk load (RocksDB ingests its files in one atomic step), reports
already there are replaced one SPARQL Update each (DROP GRAPH + INSERT DATA, one transaction). Either
way a failure or a kill leaves every report fully old or fully new. The default graph of every query
is the union of the report graphs.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Protocol

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kgerrors import QueryError, StoreError

DEFAULT_STORE = Path("kg-out") / "store"

Triple = tuple[Node, Node, Node]
Quad = tuple[Node, Node, Node, Node]
GraphText = tuple[URIRef, str]  # a report graph's IRI and its triples as N-Triples text


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

    def replace_graphs(self, graphs: Sequence[GraphText]) -> None: ...

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


def ntriples(triples: Iterable[Triple]) -> str:
    """Triples as N-Triples text, one line each, escaped by Oxigraph itself."""
    seen: dict[Node, str] = {}  # IRIs and labels repeat many times within one report

    def nt(term: Node) -> str:
        text = seen.get(term)
        if text is None:
            text = seen[term] = str(_to_ox(term))
        return text

    return "".join(f"{nt(s)} {nt(p)} {nt(o)} .\n" for s, p, o in triples)


def _quads(graph: URIRef, text: str) -> str:
    # Every N-Triples line ends in " .\n" and no term holds a raw newline, so this only touches line ends.
    return text.replace(" .\n", f" {_to_ox(graph)} .\n")


# Oxigraph's bulk loader ingests up to a million quads in one atomic step; stay well below.
BULK_MAX_TRIPLES = 200_000


def _bulk_chunks(graphs: Sequence[GraphText]) -> Iterator[list[GraphText]]:
    """Whole graphs, grouped so that no group passes BULK_MAX_TRIPLES (unless one graph alone does)."""
    chunk: list[GraphText] = []
    size = 0
    for g, text in graphs:
        n = text.count("\n")
        if chunk and size + n > BULK_MAX_TRIPLES:
            yield chunk
            chunk, size = [], 0
        chunk.append((g, text))
        size += n
    if chunk:
        yield chunk


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
        self.replace_graphs([(graph, ntriples(triples))])

    def replace_graphs(self, graphs: Sequence[GraphText]) -> None:
        """Replace each graph by its new triples; a graph named twice keeps the last."""
        import pyoxigraph as ox

        latest = dict(graphs)
        try:
            known = {g for g in latest if self._store.contains_named_graph(_to_ox(g))}
            new = [(g, text) for g, text in latest.items() if g not in known and text]
            # a bulk load costs a third of a transaction per report, and each one is atomic all the same
            for chunk in _bulk_chunks(new):
                data = "".join(_quads(g, text) for g, text in chunk).encode("utf-8")
                self._store.bulk_load(data, ox.RdfFormat.N_QUADS)
            for g in known:
                self._store.update(_replace_update(g, latest[g]))
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


def _replace_update(graph: URIRef, text: str) -> str:
    g = _to_ox(graph)
    return (
        f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{text}}} }}"
        if text
        else f"DROP SILENT GRAPH {g}"
    )


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
