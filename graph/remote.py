"""`SparqlStore`: the graph kept by a SPARQL 1.1 server, reached with the SPARQL 1.1 Protocol.

Reads are queries sent as URL-encoded POSTs (long queries fit), a bound value as a BIND first in the
WHERE group (graph/bind.py says why: Virtuoso); a report's graph is replaced by one SPARQL 1.1 Update
request (DROP SILENT GRAPH + INSERT DATA), which servers apply as one transaction.
Whatever standard format the server answers in, pyoxigraph parses it (and so gives terms the same
way as the embedded store). Only this module and graph/store.py import pyoxigraph.

The default graph must be the union of the graphs: an Oxigraph server is asked for it on every query
(`union-default-graph`); other servers are configured so (see README). The merged graph
(graph/merged.py) is kept on the server as a named graph like the others; the lookups and walks read
it by name, so they get each fact once there too, while a plain query over a server's union default
graph meets a triple once per graph holding it, the merged graph included.

A server is not trusted to be quick or brief. Each request (connecting, sending, the answer's headers
and its whole body) must be over within a deadline: the `timeout` a caller gives (the endpoint's), else
`$KG_REMOTE_TIMEOUT` seconds (default 300; a large `kg export` of a big store may need more). When it
passes, the connection is shut, so a server trickling bytes cannot stretch a request. An answer is read
as it streams, counted: one longer than `$KG_REMOTE_MAX_BYTES` (bytes, or with KiB/MiB/GiB; default
1 GiB) is refused, and of an error answer only its first 64 KiB are read, for the message. Redirects are
not followed (urllib would turn the POST into a GET without the query): the error names the new place.
Each of these is one `QueryTimeout` or `StoreError` line.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import http.client
import io
import math
import os
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO, TypeVar

from rdflib import URIRef
from rdflib.term import Node

from graph.bind import bind
from graph.merged import IS_MERGED, MERGE_ALL
from graph.store import (
    PREFIXES,
    GraphText,
    QueryResult,
    Triple,
    _one_line,
    change_update,
    from_ox_results,
    ntriples,
    replace_update,
    write_quads,
)
from kgerrors import QueryError, QueryTimeout, StoreError
from ontology.terms import LINKS_GRAPH_IRI

# What we can read, best first: JSON for solutions, N-Triples for graphs (both stream well).
ACCEPT = (
    "application/sparql-results+json, application/n-triples;q=0.95, application/sparql-results+xml;q=0.9, "
    "text/tab-separated-values;q=0.8, text/turtle;q=0.8, application/rdf+xml;q=0.5"
)
R = TypeVar("R")
DEFAULT_TIMEOUT = 300.0  # seconds a request may take, when neither the caller nor $KG_REMOTE_TIMEOUT says
DEFAULT_MAX_BYTES = 2**30  # the longest answer read, when $KG_REMOTE_MAX_BYTES does not say
ERROR_BYTES = 64 * 2**10  # what is read of an error answer: its message is in the first lines
_REPORT_GRAPH = "?g a <http://www.w3.org/ns/prov#Entity>"  # what marks a report's graph (graph/build.py)


def _ask_answer(res: QueryResult) -> QueryResult:
    """Virtuoso answers an ASK in SPARQL JSON as a one-column table, `__ASK_RETVAL`, holding 1 when
    true and no row when false; that is a boolean result."""
    if res.kind == "select" and [v.upper() for v in res.vars] == ["__ASK_RETVAL"]:
        return QueryResult("ask", boolean=any(str(v) not in ("0", "false") for (v,) in res.rows))
    return res


def with_prefixes(sparql: str) -> str:
    """Declare the prefixes the embedded store knows (kg:, rdfs:, …) that the query uses but does not
    declare, all on its first line: a server's error positions stay right for the query as written."""
    used = [
        p
        for p in PREFIXES
        if re.search(rf"(?<![\w:<-]){p}:", sparql) and not re.search(rf"(?i)\bPREFIX\s+{p}:", sparql)
    ]
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}> " for p in used) + sparql


@dataclass(frozen=True)
class Endpoints:
    query: str
    update: str | None = None
    union_param: bool = False  # ask an Oxigraph server for the union default graph on each query


def parse_spec(spec: str) -> Endpoints:
    """`http(s)://base` -> Oxigraph's layout under it; `query=URL [update=URL]` -> those endpoints."""
    if not spec.startswith("query="):
        _check_url(spec)
        base = spec.rstrip("/")
        return Endpoints(query=f"{base}/query", update=f"{base}/update", union_param=True)
    parts: dict[str, str] = {}
    for item in spec.split():
        key, sep, value = item.partition("=")
        if not sep or key not in ("query", "update") or key in parts:
            raise StoreError(f"store spec {item!r}: expected `query=URL [update=URL]`")
        parts[key] = _check_url(value)
    return Endpoints(query=parts["query"], update=parts.get("update"))


def _check_url(url: str) -> str:
    u = urllib.parse.urlsplit(url)
    if u.scheme not in ("http", "https") or not u.hostname:
        raise StoreError(f"{_redact(url)}: not an http(s) URL of a SPARQL endpoint")
    return url


class SparqlStore:
    """The `GraphStore` of a remote SPARQL 1.1 server."""

    def __init__(
        self,
        endpoints: Endpoints,
        *,
        read_only: bool = False,
        timeout: float | None = None,
        max_bytes: int | None = None,
    ) -> None:
        self.endpoints = endpoints
        self.read_only = read_only
        self._merged = False  # known to hold its merged graph (graph/merged.py)
        self.timeout = timeout if timeout is not None else _timeout_setting()
        self.max_bytes = max_bytes if max_bytes is not None else _max_bytes_setting()
        self._auth: dict[str, str] = {}  # endpoint -> Authorization header, from user:password@ in it
        self._urls = {url: self._split_credentials(url) for url in (endpoints.query, endpoints.update) if url}

    @classmethod
    def from_spec(cls, spec: str, *, read_only: bool = False) -> SparqlStore:
        return cls(parse_spec(spec), read_only=read_only)

    def __repr__(self) -> str:
        return f"SparqlStore({_redact(self.endpoints.query)})"

    # -- writing
    def replace_graph(self, graph: URIRef, triples: Iterable[Triple]) -> None:
        self.replace_graphs([(graph, ntriples(triples))])

    def replace_graphs(self, graphs: Sequence[GraphText]) -> None:
        """One SPARQL Update per report, the merged graph's change in it: each replacement is atomic on
        the server."""
        self._writable()
        self._ensure_merged()
        for graph, text in dict(graphs).items():
            self._update(replace_update(graph, text))

    def has_merged(self) -> bool:
        if not self._merged:  # asked until it is there: another writer may add it
            self._merged = bool(self.query(IS_MERGED).boolean)
        return self._merged

    def _ensure_merged(self) -> None:
        """A server's store written before there was a merged graph gets it whole, in one update."""
        if not self.has_merged():
            self._update(MERGE_ALL)
            self._merged = True

    def change_graph(self, graph: URIRef, removed: Iterable[Triple], added: Iterable[Triple]) -> None:
        """One SPARQL Update, atomic on the server."""
        self._writable()
        self._ensure_merged()
        if update := change_update(graph, ntriples(removed), ntriples(added)):
            self._update(update)

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{_redact(self.endpoints.query)} was opened read-only")
        if not self.endpoints.update:
            raise StoreError("this store has no update endpoint: give `query=URL update=URL` to write to it")

    def _update(self, update: str) -> None:
        body = update.encode("utf-8")
        with (
            self._deadline() as deadline,
            self._post(self.endpoints.update, body, "application/sparql-update", None, deadline),
        ):
            pass  # the answer to an update says nothing we need: it is not read

    # -- reading
    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        timeout: float | None = None,
        plain: bool = False,
    ) -> QueryResult:
        text = bind(sparql, bindings)  # in a form every server evaluates the same (graph/bind.py)
        with self._deadline(timeout) as deadline:
            read = lambda r: from_ox_results(r, deadline.at, plain)  # noqa: E731
            return _ask_answer(self._query(text, deadline, read))

    def graphs(self) -> list[URIRef]:
        res = self.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ {_REPORT_GRAPH} }} }}")
        return sorted(URIRef(str(g)) for (g,) in res.rows)

    def dump(self, fmt: str, out: BinaryIO) -> None:
        import pyoxigraph as ox

        def quads(res):
            return [ox.Quad(s["s"], s["p"], s["o"], s["g"]) for s in res]

        # the report graphs and the links between them (graph/link.py): all that `kg build` writes, and
        # all an embedded store exports; the links graph is no report's, so it is asked for by name
        q = (
            f"SELECT ?s ?p ?o ?g WHERE {{ {{ GRAPH ?g {{ {_REPORT_GRAPH} . ?s ?p ?o }} }}"
            f" UNION {{ GRAPH <{LINKS_GRAPH_IRI}> {{ ?s ?p ?o }} BIND(<{LINKS_GRAPH_IRI}> AS ?g) }} }}"
        )
        with self._deadline() as deadline:
            write_quads(self._query(q, deadline, quads), fmt, out)

    def close(self) -> None:
        pass

    # -- the protocol
    def _deadline(self, timeout: float | None = None) -> _Deadline:
        """A caller's own limit (the endpoint's) is its to explain; only the store's names its setting."""
        if timeout is not None:
            return _Deadline(timeout, None)
        return _Deadline(self.timeout, "KG_REMOTE_TIMEOUT")

    def _query(self, sparql: str, deadline: _Deadline, read: Callable[[Any], R]) -> R:
        """POST the query, parse the answer with pyoxigraph as it streams in, hand it to `read`."""
        import pyoxigraph as ox

        url = self.endpoints.query
        body = urllib.parse.urlencode({"query": with_prefixes(sparql)}).encode("ascii")
        with self._post(url, body, "application/x-www-form-urlencoded", ACCEPT, deadline) as resp:
            cap = resp.headers.get("X-SPARQL-MaxRows")
            if cap:  # Virtuoso says so when it cut the answer at its ResultSetMaxRows; it sends no error
                raise StoreError(
                    f"the SPARQL server at {_redact(url)} cut its answer at {cap} rows: raise its limit"
                    " (Virtuoso: ResultSetMaxRows in the [SPARQL] section of virtuoso.ini) above the store's size"
                )
            media = resp.headers.get_content_type()
            stream = _Body(resp, deadline, self.max_bytes)
            try:
                results_format = ox.QueryResultsFormat.from_media_type(media)
                rdf_format = None if results_format else ox.RdfFormat.from_media_type(media)
                if results_format:
                    return read(ox.parse_query_results(stream, results_format))
                if rdf_format:
                    return read(ox.parse(stream, rdf_format))
            except _TooLarge:
                raise StoreError(
                    f"the SPARQL server at {_redact(url)} sent more than {_size(self.max_bytes)}:"
                    " stopped reading (set KG_REMOTE_MAX_BYTES to allow more)"
                ) from None
            except TimeoutError:
                raise deadline.error(url) from None
            except (OSError, http.client.HTTPException) as exc:
                raise StoreError(f"{_redact(url)}: the answer broke off: {_one_line(exc)}") from None
            except (SyntaxError, ValueError) as exc:
                if deadline.passed():  # what was cut short by the deadline need not parse
                    raise deadline.error(url) from None
                raise StoreError(f"{_redact(url)}: unreadable {media} answer: {_one_line(exc)}") from None
            raise StoreError(
                f"{_redact(url)} answered with {media}, not SPARQL results: is it a SPARQL endpoint?"
            )

    def _post(
        self, endpoint: str, body: bytes, content_type: str, accept: str | None, deadline: _Deadline
    ) -> http.client.HTTPResponse:
        url = self._urls[endpoint]
        if endpoint == self.endpoints.query and self.endpoints.union_param:
            url += ("&" if "?" in url else "?") + "union-default-graph"
        req = urllib.request.Request(url, data=body, method="POST")
        req.add_header("Content-Type", content_type)
        if accept:
            req.add_header("Accept", accept)
        if endpoint in self._auth:
            req.add_header("Authorization", self._auth[endpoint])
        opener = urllib.request.build_opener(_HTTPHandler(deadline), _HTTPSHandler(deadline), _NoRedirect())
        try:
            # the socket's own timeout bounds connecting; the deadline bounds everything after
            resp = opener.open(req, timeout=max(deadline.remaining(), 0.001))
        except urllib.error.HTTPError as exc:
            try:
                raise _http_error(endpoint, exc, deadline) from None
            finally:
                exc.close()  # the rest of its body unread
        except (OSError, http.client.HTTPException) as exc:
            reason = getattr(exc, "reason", exc)
            if deadline.passed() or isinstance(reason, TimeoutError):
                raise deadline.error(endpoint) from None
            if isinstance(exc, http.client.HTTPException):
                raise StoreError(
                    f"{_redact(endpoint)} did not answer in HTTP: {type(exc).__name__} {_one_line(exc)}"
                ) from None
            raise StoreError(
                f"cannot reach the SPARQL server at {_redact(endpoint)}: {_one_line(reason)}"
            ) from None
        if deadline.passed():  # the headers ended because the deadline shut the socket, not the server
            resp.close()
            raise deadline.error(endpoint)
        return resp

    def _split_credentials(self, url: str) -> str:
        """`http://user:pw@host/…` -> `http://host/…`, the credentials kept as a Basic Authorization."""
        u = urllib.parse.urlsplit(url)
        if u.username is None:
            return url
        user = urllib.parse.unquote(u.username)
        password = urllib.parse.unquote(u.password or "")
        self._auth[url] = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        return urllib.parse.urlunsplit(u._replace(netloc=_host_port(u)))


def _http_error(url: str, exc: urllib.error.HTTPError, deadline: _Deadline) -> Exception:
    try:  # the message, not the whole answer: a server may send an endless error page
        detail = _one_line(exc.read(ERROR_BYTES).decode("utf-8", "replace"))[:200]
    except (OSError, http.client.HTTPException):
        if deadline.passed():
            return deadline.error(url)
        detail = ""
    where = _redact(url)
    if 300 <= exc.code < 400:
        to = _redact(exc.headers.get("Location", "")) or "elsewhere"
        return StoreError(
            f"{where} redirects to {to} (HTTP {exc.code}): give the store's address as the server has it"
        )
    if exc.code == 400:
        return QueryError(f"malformed SPARQL query, says the server: {detail or exc.reason}")
    if exc.code in (401, 403):
        return StoreError(
            f"{where}: not allowed (HTTP {exc.code}); credentials go in the URL: http://user:password@host/…"
        )
    if exc.code == 404:
        return StoreError(
            f"no SPARQL endpoint at {where} (HTTP 404): give the server's base URL, or query=URL update=URL"
        )
    if exc.code in (503, 504) and "timeout" in detail.lower():
        return QueryTimeout(f"the server gave up on the query: {detail}")
    return StoreError(f"{where}: HTTP {exc.code} {exc.reason}: {detail}")


# ---------------------------------------------------------------- bounds on what a server may do


def _timeout_setting() -> float:
    raw = os.environ.get("KG_REMOTE_TIMEOUT", "").strip()
    if not raw:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(raw)
    except ValueError:
        seconds = math.nan
    if not (0 < seconds < math.inf):
        raise StoreError(f"KG_REMOTE_TIMEOUT={raw!r}: expected a number of seconds greater than 0")
    return seconds


_UNITS = {"": 1, "k": 2**10, "kib": 2**10, "m": 2**20, "mib": 2**20, "g": 2**30, "gib": 2**30}


def _max_bytes_setting() -> int:
    raw = os.environ.get("KG_REMOTE_MAX_BYTES", "").strip()
    if not raw:
        return DEFAULT_MAX_BYTES
    m = re.fullmatch(r"(\d+)\s*([A-Za-z]*)", raw)
    unit = _UNITS.get(m.group(2).lower()) if m else None
    if not m or unit is None or int(m.group(1)) == 0:
        raise StoreError(
            f"KG_REMOTE_MAX_BYTES={raw!r}: expected a number of bytes (or KiB, MiB, GiB) above 0"
        )
    return int(m.group(1)) * unit


def _size(n: int) -> str:
    for unit, name in ((2**30, "GiB"), (2**20, "MiB"), (2**10, "KiB")):
        if n >= unit and n % unit == 0:
            return f"{n // unit} {name}"
    return f"{n:,} bytes"


class _Deadline:
    """When a request must be over. At that moment its sockets are shut down, so whatever read waits
    on them returns at once: however slowly a server trickles headers or body, the request ends."""

    LONGEST = 1e8  # seconds (three years): sockets and timers take no more, and it is for ever anyway

    def __init__(self, seconds: float, setting: str | None) -> None:
        seconds = min(seconds, self.LONGEST)
        self.seconds = seconds
        self.setting = setting  # the variable that sets it, named in the error; None: the caller's own
        self.at = time.monotonic() + seconds
        self._expired = False
        self._socks: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def __enter__(self) -> _Deadline:
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def passed(self) -> bool:
        return self._expired or time.monotonic() >= self.at

    def watch(self, sock: socket.socket) -> socket.socket:
        with self._lock:
            self._socks.append(sock)
            if self._expired:
                _shut(sock)
        return sock

    def _expire(self) -> None:
        with self._lock:
            self._expired = True
            for sock in self._socks:
                _shut(sock)

    def error(self, url: str) -> QueryTimeout:
        hint = f" (set {self.setting} to allow more)" if self.setting else ""
        return QueryTimeout(
            f"query timed out: the SPARQL server at {_redact(url)} was not done within {self.seconds:g} s{hint}"
        )


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed: nothing waits on it
        sock.shutdown(socket.SHUT_RDWR)


class _Watched:
    """An http.client connection whose socket its deadline watches (TLS, if any, runs on that socket)."""

    def __init__(self, *args: Any, deadline: _Deadline, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        create = self._create_connection  # type: ignore[has-type]
        self._create_connection = lambda *a, **k: deadline.watch(create(*a, **k))


class _HTTPConnection(_Watched, http.client.HTTPConnection):
    pass


class _HTTPSConnection(_Watched, http.client.HTTPSConnection):
    pass


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self._deadline = deadline

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(functools.partial(_HTTPConnection, deadline=self._deadline), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self._deadline = deadline

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        conn = functools.partial(_HTTPSConnection, deadline=self._deadline)
        return self.do_open(conn, req, context=self._context)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects become errors: urllib would read the redirect's whole body, and resend the query as a
    GET without it."""

    def redirect_request(self, *args: Any) -> None:
        return None


class _TooLarge(Exception):
    """The answer went past the size limit (raised through pyoxigraph's parser, which lets it pass)."""


class _Body(io.RawIOBase):
    """An answer's body as pyoxigraph reads it: one socket read at a time, each checked against the
    deadline and counted against the size limit, so nothing is buffered beyond what was parsed."""

    def __init__(self, resp: http.client.HTTPResponse, deadline: _Deadline, limit: int) -> None:
        super().__init__()
        self._resp, self._deadline, self._limit = resp, deadline, limit
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buf: Any) -> int:
        if self._deadline.passed():
            raise TimeoutError
        try:
            data = self._resp.read1(len(buf))  # read1: returns what one read gave, not a full buffer
        except (OSError, http.client.HTTPException):
            if self._deadline.passed():  # the deadline shut the socket under the read
                raise TimeoutError from None
            raise
        if not data and self._deadline.passed():  # the end came from the shut socket, not the server
            raise TimeoutError
        self.count += len(data)
        if self.count > self._limit:
            raise _TooLarge
        buf[: len(data)] = data
        return len(data)


def _redact(url: str) -> str:
    u = urllib.parse.urlsplit(url)
    if u.password is None:
        return url
    return urllib.parse.urlunsplit(u._replace(netloc=f"{u.username}:***@{_host_port(u)}"))


def _host_port(u: urllib.parse.SplitResult) -> str:
    host = f"[{u.hostname}]" if ":" in (u.hostname or "") else u.hostname or ""
    return host + (f":{u.port}" if u.port else "")
