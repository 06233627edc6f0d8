"""The store: one narrow interface, chosen by one string in `open_store`.

`OxigraphStore` is the embedded on-disk default (pyoxigraph, RocksDB underneath); `open_store(None)`
gives an in-memory one for tests and `kg eval`. `SparqlStore` (graph/remote.py) is a SPARQL 1.1 server
reached over HTTP. No module but these two imports pyoxigraph.

Reports travel to the store as N-Triples text (`ntriples`), made where the extraction runs (a worker
process in a parallel build), so the one writer only loads. `replace_graphs` takes a batch: reports
new to the store go in with one bulk load (RocksDB ingests its files in one atomic step), reports
already there are replaced one SPARQL Update each (DROP GRAPH + INSERT DATA, one transaction). Either
way a failure or a kill leaves every report fully old or fully new. The default graph of every query
is the union of the report graphs. Replacing leaves the old triples deleted but on disk and every write
in RocksDB's write-ahead log: closing a store that had graphs replaced compacts it and opens it once
more, which is when RocksDB deletes the spent log (a re-build of 1,000 changed reports left 1 GB).

Which folders become a store: a new or empty one, marked then with `kg-store.json`; a marked one; and
an Oxigraph store made before the marker (told by the column families RocksDB's OPTIONS file lists),
which is marked when next opened for writing. Any other folder is refused, another program's RocksDB
database above all: opening it would add Oxigraph's column families and leave its owner locked out.
Opening read-only refuses the same folders and writes nothing. A bulk load that fails (a full disk)
deletes the `bulk-*.sst` files it left in the folder.

Reading while a build writes: a read-only instance sees the transactions committed when it was opened.
The writer may rename or delete files under it (RocksDB's WAL and compactions), so opening is tried
again, and a query that meets a vanished file is run once more on a fresh instance; past that, the
reader gets one line saying the store changed under it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Protocol
from typing import Literal as OneOf  # rdflib's Literal is the RDF term

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from graph.merged import (
    MERGE_ALL,
    MERGED,
    MERGED_CLASS,
    MERGED_GRAPH,
    RDF_TYPE,
    is_merged,
    merge,
    unmerge,
    unmerge_triples,
)
from kgerrors import QueryError, QueryTimeout, StoreError
from ontology.terms import LINKS_GRAPH_IRI

DEFAULT_STORE = Path("kg-out") / "store"

Triple = tuple[Node, Node, Node]
Quad = tuple[Node, Node, Node, Node]
GraphText = tuple[URIRef, str]  # a report graph's IRI and its triples as N-Triples text

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
    "sosa": "http://www.w3.org/ns/sosa/",
    "schema": "https://schema.org/",
}


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

    def change_graph(self, graph: URIRef, removed: Iterable[Triple], added: Iterable[Triple]) -> None:
        """Take `removed` out of `graph` and put `added` in, in one update (a derived graph that changes
        by a few triples is not rewritten whole)."""
        ...

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        timeout: float | None = None,
        plain: bool = False,
    ) -> QueryResult:
        """Run `sparql` over the union of the report graphs; `bindings` give variables values as a BIND
        first in the WHERE group, values never pasted as text (graph/bind.py: the same in every store);
        `timeout` (seconds) raises `QueryTimeout` when the results are not in by then. `plain` rows hold
        each term's value as a string (an IRI, a literal's lexical form) instead of an rdflib term: a
        walk reading tens of thousands of rows spent more making terms than the engine answering."""
        ...

    def graphs(self) -> list[URIRef]:
        """The named graphs a build writes: the reports' and the links' (not the merged one)."""
        ...

    def has_merged(self) -> bool:
        """Whether the store holds its complete merged graph (graph/merged.py)."""
        ...

    def dump(self, fmt: str, out: BinaryIO) -> None: ...

    def close(self) -> None: ...


# ---------------------------------------------------------------- term conversion


def to_oxigraph(term: Node):
    """An rdflib term as pyoxigraph's (whose `str` is its N-Triples form, as SPARQL reads it)."""
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
            text = seen[term] = str(to_oxigraph(term))
        return text

    return "".join(f"{nt(s)} {nt(p)} {nt(o)} .\n" for s, p, o in triples)


def _quads(graph: URIRef, text: str) -> str:
    # Every N-Triples line ends in " .\n" and no term holds a raw newline, so this only touches line ends.
    return text.replace(" .\n", f" {to_oxigraph(graph)} .\n")


def _merged_quads(graph: URIRef, text: str) -> str:
    """A new graph's quads, and the same triples in the merged graph (graph/merged.py: all but the
    links'); the store keeps one copy of a quad, so a triple another report gave changes nothing."""
    if not is_merged(graph):
        return _quads(graph, text)
    return _quads(graph, text) + _quads(MERGED_GRAPH, text)


# Oxigraph's bulk loader ingests up to a million quads in one atomic step; stay well below.
BULK_MAX_TRIPLES = 200_000
# Replacing graphs leaves the old triples deleted but in the tables, and every write in the write-ahead
# log, until RocksDB gets to them: past this many triples written, and a share of what the store holds,
# closing the store compacts it. Compacting rewrites every table (9 s for a 1 GB store), so adding one
# report to 2,000 no longer pays it; RocksDB's own compactions keep up with such small writes.
COMPACT_AFTER_TRIPLES = int(os.environ.get("KG_COMPACT_AFTER_TRIPLES", "1"))
# the share of the store's quads, counted from its table files at ~250 bytes a quad (254 at 2,000 reports)
COMPACT_SHARE = 0.02
_BYTES_PER_QUAD = 250


def _bulk_chunks(graphs: Sequence[GraphText]) -> Iterator[list[GraphText]]:
    """Whole graphs, grouped so that no group passes BULK_MAX_TRIPLES quads (unless one graph alone
    does); a report's triples count twice, once more in the merged graph."""
    chunk: list[GraphText] = []
    size = 0
    for g, text in graphs:
        n = text.count("\n") * (2 if is_merged(g) else 1)
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


# ---------------------------------------------------------------- shared by both stores


def _value(term) -> str | None:
    return None if term is None else term.value


def from_ox_results(res, deadline: float | None = None, plain: bool = False) -> QueryResult:
    """pyoxigraph results (from the engine, or parsed from a server's answer) -> `QueryResult`.

    Solutions stream, so a deadline is checked while reading them: a runaway SELECT stops there.
    """
    import pyoxigraph as ox

    if isinstance(res, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(res))
    if isinstance(res, ox.QuerySolutions):
        names = [v.value for v in res.variables]
        term = _value if plain else _from_ox
        rows = [tuple(term(sol[n]) for n in names) for sol in _until(res, deadline)]
        return QueryResult("select", vars=names, rows=rows)
    triples = [
        (_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)) for t in _until(res, deadline)
    ]
    return QueryResult("graph", triples=triples)


def _until(items, deadline: float | None):
    for i, item in enumerate(items):
        if deadline is not None and i % 256 == 0 and time.monotonic() > deadline:
            raise QueryTimeout("query timed out")
        yield item


def write_quads(quads, fmt: str, out: BinaryIO) -> None:
    """pyoxigraph quads -> `fmt`, sorted so equal stores give equal files: `nq`/`trig` keep the
    report graphs, `nt`/`ttl` write their union (a triple stated by several reports once). The merged
    graph is not written: it is made again from the report graphs wherever they are loaded."""
    import pyoxigraph as ox

    if fmt not in _DUMP_FORMATS:
        raise QueryError(f"unknown dump format {fmt!r}")
    merged = ox.NamedNode(str(MERGED_GRAPH))
    quads = [q for q in quads if q.graph_name != merged]
    rdf_format = getattr(ox.RdfFormat, _DUMP_FORMATS[fmt])
    if fmt in ("nq", "trig"):
        ox.serialize(sorted(quads, key=str), out, rdf_format, prefixes=PREFIXES if fmt == "trig" else None)
    else:
        triples = sorted({q.triple for q in quads}, key=str)
        ox.serialize(triples, out, rdf_format, prefixes=PREFIXES if fmt == "ttl" else None)


# ---------------------------------------------------------------- the embedded store


class OxigraphStore:
    """Oxigraph on disk at `path`, or in memory when `path` is None."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        self._written = 0  # triples written since opened (bulk loads and replacements)
        self._store = self._open()
        self._merged = self._holds_merged()

    def _open(self):
        import pyoxigraph as ox

        if self.path is None:
            return ox.Store()
        kind = folder_kind(self.path)
        if kind == "file":
            raise StoreError(f"{self.path} is a file, not a store directory")
        if kind == "foreign":
            # opening it would add Oxigraph's column families and leave its owner unable to open it
            raise StoreError(
                f"{self.path} is another program's RocksDB database, not a kg store: give a new or empty folder"
            )
        if kind == "other":
            raise StoreError(
                f"{self.path} is a folder with other files in it, not a store: give a new or empty folder"
            )
        if self.read_only:
            if kind in ("absent", "empty") or not (self.path / "CURRENT").exists():
                raise StoreError(f"no store at {self.path} (run `kg build` first, or pass --store)")
            return _opening_read_only(self.path)  # an unmarked store stays so: a reader writes nothing
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            if kind in ("absent", "empty"):  # marked before RocksDB writes a file: a reader looking
                _write_marker(self.path)  # meanwhile never meets an unmarked database
            store = ox.Store(str(self.path))
            if kind == "unmarked":  # made before stores were marked
                _write_marker(self.path)
            return store
        except OSError as exc:
            raise StoreError(_store_message(self.path, exc)) from None

    def _holds_merged(self) -> bool:
        """The mark looked up as one quad: a read-only look at files a writer has just replaced raises
        then, where the same ASK as a query kept skipping the read errors (it spun for minutes)."""
        import pyoxigraph as ox

        m = ox.NamedNode(str(MERGED_GRAPH))
        mark = (m, ox.NamedNode(str(RDF_TYPE)), ox.NamedNode(str(MERGED_CLASS)), m)
        try:
            return any(True for _ in self._store.quads_for_pattern(*mark))
        except OSError as exc:
            raise StoreError(_store_message(self.path, exc, self.read_only)) from None

    def has_merged(self) -> bool:
        return self._merged

    def _ensure_merged(self) -> None:
        """Before the first write into a store that has no merged graph (made before there was one):
        the merge of all its report graphs, in one transaction, and the mark that it is complete."""
        if not self._merged:
            self._store.update(MERGE_ALL)
            self._written += 1
            self._merged = True

    # -- writing
    def replace_graph(self, graph: URIRef, triples: Iterable[Triple]) -> None:
        self.replace_graphs([(graph, ntriples(triples))])

    def replace_graphs(self, graphs: Sequence[GraphText]) -> None:
        """Replace each graph by its new triples; a graph named twice keeps the last. The merged graph
        changes with each report graph, in the same atomic step."""
        import pyoxigraph as ox

        if self.read_only:
            raise StoreError(f"store {self.path} was opened read-only")
        latest = dict(graphs)
        try:
            self._ensure_merged()
            known = {g for g in latest if self._store.contains_named_graph(to_oxigraph(g))}
            new = [(g, text) for g, text in latest.items() if g not in known and text]
            # a bulk load costs a third of a transaction per report, and each one is atomic all the same
            for chunk in _bulk_chunks(new):
                data = "".join(_merged_quads(g, text) for g, text in chunk).encode("utf-8")
                with self._removing_failed_bulk_files():
                    self._store.bulk_load(data, ox.RdfFormat.N_QUADS)
                self._written += sum(text.count("\n") for _, text in chunk)
            for g in known:
                self._store.update(replace_update(g, latest[g]))
                self._written += latest[g].count("\n")
        except OSError as exc:
            raise StoreError(_store_message(self.path, exc)) from None

    def change_graph(self, graph: URIRef, removed: Iterable[Triple], added: Iterable[Triple]) -> None:
        if self.read_only:
            raise StoreError(f"store {self.path} was opened read-only")
        self._ensure_merged()
        update = change_update(graph, ntriples(removed), ntriples(added))
        if not update:
            return
        try:
            self._store.update(update)
        except OSError as exc:
            raise StoreError(_store_message(self.path, exc)) from None
        self._written += update.count("\n")

    @contextlib.contextmanager
    def _removing_failed_bulk_files(self) -> Iterator[None]:
        """The bulk loader writes its tables as `bulk-*.sst` in the store folder, then ingests them in
        one step; when it fails (a full disk) before that, the ones it made are deleted: nothing uses
        them, and on a full disk they hold the space a next try needs."""
        if self.path is None:
            yield
            return
        before = set(self.path.glob("bulk-*.sst"))
        try:
            yield
        except BaseException:
            for leftover in set(self.path.glob("bulk-*.sst")) - before:
                with contextlib.suppress(OSError):
                    leftover.unlink()
            raise

    def remove_graph(self, graph: URIRef) -> None:
        try:
            self._ensure_merged()
            self._store.update(replace_update(graph, ""))
        except OSError as exc:
            raise StoreError(_store_message(self.path, exc)) from None

    # -- reading
    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        timeout: float | None = None,
        plain: bool = False,
    ) -> QueryResult:
        from graph.bind import bind
        from graph.query_guard import check_query

        check_query(sparql)  # a text that would crash the engine (and this process) stops here
        sparql = bind(sparql, bindings)  # as remote stores are sent it (not Oxigraph's substitutions)
        deadline = None if timeout is None else time.monotonic() + timeout
        for attempt in (1, 2):
            try:
                res = self._store.query(sparql, prefixes=PREFIXES, **self._dataset())
                return from_ox_results(res, deadline, plain)
            except SyntaxError as exc:
                raise QueryError(f"malformed SPARQL query: {_one_line(exc)}") from None
            except OSError as exc:
                if not _from_storage(exc):  # a SERVICE call the query makes, not the store, failed
                    raise QueryError(f"query failed: {_one_line(exc)}") from None
                if self.read_only and attempt == 1:  # a build replaced files under this snapshot: a new one
                    self._store = self._open()
                    continue
                raise StoreError(_store_message(self.path, exc, self.read_only)) from None
            except QueryError:
                raise
            except Exception as exc:  # evaluation errors raised by the engine
                raise QueryError(f"query failed: {_one_line(exc)}") from None
        raise AssertionError("unreachable")

    def _dataset(self) -> dict:
        """The default graph of a query: the merged graph and the links, each triple once; in a store
        without a merged graph (read before its first write by this version), the union of all graphs."""
        import pyoxigraph as ox

        if not self._merged:
            return {"use_default_graph_as_union": True}
        return {"default_graph": [ox.NamedNode(str(MERGED_GRAPH)), ox.NamedNode(LINKS_GRAPH_IRI)]}

    def graphs(self) -> list[URIRef]:
        with self._reading():
            return sorted(
                URIRef(g.value)
                for g in self._store.named_graphs()
                if hasattr(g, "value") and g.value != str(MERGED_GRAPH)
            )

    def triple_count(self) -> int:
        with self._reading():
            return len(self._store)

    def dump(self, fmt: str, out: BinaryIO) -> None:
        """Write the store: `nq`/`trig` keep the report graphs; `nt`/`ttl` give their union."""
        with self._reading():
            write_quads(self._store.quads_for_pattern(None, None, None, None), fmt, out)

    @contextlib.contextmanager
    def _reading(self) -> Iterator[None]:
        try:
            yield
        except OSError as exc:
            raise StoreError(_store_message(self.path, exc, self.read_only)) from None

    def flush(self) -> None:
        if self.path is not None and not self.read_only and self._store is not None:
            with contextlib.suppress(
                OSError
            ):  # flushing is an optimisation; RocksDB's WAL already has the data
                self._store.flush()

    def _compaction_threshold(self) -> float:
        """Triples written past which closing compacts: COMPACT_SHARE of the quads the store holds."""
        tables = 0
        for entry in os.scandir(self.path):
            if entry.name.endswith(".sst"):
                with contextlib.suppress(FileNotFoundError):  # RocksDB deletes tables it has merged
                    tables += entry.stat().st_size
        return COMPACT_SHARE * tables / _BYTES_PER_QUAD

    def close(self) -> None:
        """Flush and close. After writes, the store is compacted first, and opened once more so that
        RocksDB deletes its write-ahead log: a re-build of 1,000 changed reports left 1 GB of it, and
        the replaced triples, until some later opening; and a store left with its compactions pending
        grew by 9 MB at every later opening (1,000 reports) while RocksDB caught up."""
        if self._store is None:
            return
        writer = self.path is not None and not self.read_only
        spent = writer and self._written >= max(COMPACT_AFTER_TRIPLES, self._compaction_threshold())
        if spent:
            with contextlib.suppress(OSError):  # compacting is an optimisation; the data are safe
                self._store.optimize()
        self.flush()
        self._store = None
        if writer:
            if spent:
                _reopen_once(self.path)
            _remove_old_info_logs(self.path)


def _reopen_once(path: Path) -> None:
    """Open and close the store: on opening, RocksDB deletes the write-ahead logs whose writes are all
    in its tables (closing leaves them). Another build may have taken the store meanwhile: then it will."""
    import pyoxigraph as ox

    with contextlib.suppress(OSError, RuntimeError):
        ox.Store(str(path))


def _remove_old_info_logs(path: Path) -> None:
    """RocksDB's text logs of earlier openings (`LOG.old.*`, ~140 kB each, a thousand kept): not data,
    and every build would add one. The last one (`LOG`) stays, for whoever looks into a problem."""
    for old in path.glob("LOG.old.*"):
        with contextlib.suppress(OSError):
            old.unlink()


def change_update(graph: URIRef, removed: str, added: str) -> str:
    """One SPARQL Update that deletes the triples `removed` and inserts `added` (N-Triples text) in
    `graph`, and changes the merged graph with it; empty when both are."""
    g = str(to_oxigraph(graph))
    merged = is_merged(graph)
    parts = [f"DELETE DATA {{ GRAPH {g} {{\n{removed}}} }}"] if removed else []
    if removed and merged:
        parts.append(unmerge_triples(g, removed))
    if added:
        into = f" GRAPH {MERGED} {{\n{added}}}" if merged else ""
        parts.append(f"INSERT DATA {{ GRAPH {g} {{\n{added}}}{into} }}")
    return " ;\n".join(parts)


def replace_update(graph: URIRef, text: str) -> str:
    """One SPARQL Update that replaces a graph's content by `text` (N-Triples, as `ntriples` writes it:
    terms written by pyoxigraph, so escaped); empty `text` drops the graph. A report graph's old triples
    leave the merged graph first, where no other graph holds them, and its new ones join it after."""
    g = str(to_oxigraph(graph))
    merged = is_merged(graph)
    parts = [unmerge(g)] if merged else []
    parts.append(f"DROP SILENT GRAPH {g}")
    if text:
        parts.append(f"INSERT DATA {{ GRAPH {g} {{\n{text}}} }}")
        if merged:
            parts.append(merge(g))
    return " ;\n".join(parts)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300]


def _store_message(path: Path | None, exc: Exception, read_only: bool = False) -> str:
    msg = _one_line(exc)
    if "no space left on device" in msg.lower():
        return (
            f"store {path}: the disk is full ({msg}); the reports being written were not stored,"
            " those stored before are intact"
        )
    if "lock" in msg.lower():
        return f"store {path} is in use by another process (a build running?): try again when it ends"
    if read_only and ("no such file" in msg.lower() or "column family not found" in msg.lower()):
        return (
            f"store {path} cannot be read ({msg}): a build may be rewriting it (try again when it ends),"
            " or it is damaged (build it again)"
        )
    return f"store {path}: {msg}"


def _from_storage(exc: OSError) -> bool:
    """RocksDB's errors name their kind ("IO error: …", "Corruption: …"); the HTTP errors of SERVICE do not."""
    return bool(re.match(r"(IO error|Corruption|Invalid argument|Not implemented|Resource busy)", str(exc)))


# ---------------------------------------------------------------- what a store folder is

MARKER = "kg-store.json"  # written into every store kg makes: a folder without it is not taken over
MARKER_FORMAT = "devreport-kg store"
MARKER_VERSION = 1
# The column families of an Oxigraph store (RocksDB lists them in its OPTIONS-* files): how a store made
# before the marker existed is told from another program's RocksDB database.
OXIGRAPH_COLUMN_FAMILIES = frozenset(
    {"id2str", "spog", "posg", "ospg", "gspo", "gpos", "gosp", "dspo", "dpos", "dosp", "graphs"}
)
FolderKind = OneOf["absent", "file", "empty", "kg", "unmarked", "foreign", "other"]


def folder_kind(path: Path) -> FolderKind:
    """What `path` holds, for opening it as a store: nothing ("absent", "empty"), a marked kg store
    ("kg"), an Oxigraph store made before stores were marked ("unmarked"), another program's RocksDB
    database ("foreign"), other files ("other"), or it is a file. Reads only."""
    if not path.exists():
        return "absent"
    if not path.is_dir():
        return "file"
    marker = path / MARKER
    if marker.exists():
        _check_marker(marker)
        return "kg"
    if not (path / "CURRENT").exists():
        return "other" if any(path.iterdir()) else "empty"
    families = column_families(path)
    return "unmarked" if families is not None and families >= OXIGRAPH_COLUMN_FAMILIES else "foreign"


def column_families(path: Path) -> set[str] | None:
    """The column families the newest RocksDB OPTIONS file in `path` lists, or None without one."""
    for _ in range(3):  # RocksDB replaces its OPTIONS file when a writer opens the database
        numbered = sorted(
            (int(m.group(1)), f)
            for f in path.glob("OPTIONS-*")
            if (m := re.fullmatch(r"OPTIONS-(\d+)", f.name))
        )
        if not numbered:
            return None
        try:
            text = numbered[-1][1].read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise StoreError(_store_message(path, exc)) from None
        return set(re.findall(r'^\s*\[CFOptions "([^"]*)"\]', text, re.MULTILINE))
    return None


def _check_marker(marker: Path) -> None:
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = None
    if not isinstance(data, dict) or data.get("format") != MARKER_FORMAT:
        raise StoreError(f"{marker} is not a kg store marker: that folder is not a kg store")
    version = data.get("version")
    if not isinstance(version, int) or version > MARKER_VERSION:
        raise StoreError(f"{marker.parent} is a kg store of a newer format ({version!r}): use a newer kg")


def _write_marker(path: Path) -> None:
    tmp = path / f".{MARKER}.tmp"
    text = json.dumps({"format": MARKER_FORMAT, "version": MARKER_VERSION, "engine": "oxigraph"})
    tmp.write_text(text + "\n", encoding="utf-8")
    os.replace(tmp, path / MARKER)  # whole or absent, whenever the build is killed


def _opening_read_only(path: Path, attempts: int = 5):
    """A read-only view of the store at `path`. A build may be writing it: RocksDB then renames and
    deletes files while they are being listed (OSError), or has not made all its tables yet, right after
    creating the store (RuntimeError); a failed opening is tried again, a little later (2 s in all: a build
    writing one report at a time on a loaded machine made three tries in 0.6 s fail)."""
    import pyoxigraph as ox

    for attempt in range(1, attempts + 1):
        try:
            return ox.Store.read_only(str(path))
        except (OSError, RuntimeError) as exc:
            if attempt == attempts:
                raise StoreError(_store_message(path, exc, read_only=True)) from None
            time.sleep(0.2 * attempt)
    raise AssertionError("unreachable")


def open_store(spec: str | Path | None = None, *, read_only: bool = False) -> GraphStore:
    """The one place a store spec is resolved (`--store`, else `$KG_STORE`, else `kg-out/store`):

    - `http(s)://HOST[:PORT][/PATH]`: a SPARQL server laid out as Oxigraph's (`oxigraph serve`),
      `/query` and `/update` under that base;
    - `query=URL [update=URL]`: any SPARQL 1.1 server (Fuseki, GraphDB, Virtuoso) by its endpoints;
    - `:memory:`: an in-memory Oxigraph store; anything else: an Oxigraph store in that directory.
    """
    spec = resolve_spec(spec)
    if spec.startswith(("http://", "https://", "query=")):
        from graph.remote import SparqlStore

        return SparqlStore.from_spec(spec, read_only=read_only)
    if spec == ":memory:":
        return OxigraphStore(None)
    return OxigraphStore(spec, read_only=read_only)


def resolve_spec(spec: str | Path | None = None) -> str:
    """The store spec in effect: the one given, else `$KG_STORE`, else `kg-out/store`."""
    return str(spec if spec is not None else (os.environ.get("KG_STORE") or DEFAULT_STORE))


def describe(spec: str | Path | None = None) -> str:
    """The spec in effect as it may be printed: passwords in URLs masked."""
    return re.sub(r"(https?://[^/:@\s]*):[^/@\s]*@", r"\1:***@", resolve_spec(spec))
