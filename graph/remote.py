"""`SparqlStore`: the graph kept by a SPARQL 1.1 server, reached with the SPARQL 1.1 Protocol.

Reads are queries sent as URL-encoded POSTs (long queries fit); a report's graph is replaced by one
SPARQL 1.1 Update request (DROP SILENT GRAPH + INSERT DATA), which servers apply as one transaction.
Whatever standard format the server answers in, pyoxigraph parses it (and so gives terms the same
way as the embedded store). Only this module and graph/store.py import pyoxigraph.

The default graph must be the union of the report graphs: an Oxigraph server is asked for it on
every query (`union-default-graph`); other servers are configured so (see README).
"""

from __future__ import annotations

import base64
import http.client
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO, TypeVar

from rdflib import URIRef
from rdflib.term import Node

from graph.store import (
    PREFIXES,
    GraphText,
    QueryResult,
    Triple,
    _one_line,
    _to_ox,
    from_ox_results,
    ntriples,
    replace_update,
    write_quads,
)
from kgerrors import QueryError, QueryTimeout, StoreError

# What we can read, best first: JSON for solutions, N-Triples for graphs (both stream well).
ACCEPT = (
    "application/sparql-results+json, application/n-triples;q=0.95, application/sparql-results+xml;q=0.9, "
    "text/tab-separated-values;q=0.8, text/turtle;q=0.8, application/rdf+xml;q=0.5"
)
R = TypeVar("R")
READ_TIMEOUT = 300.0  # seconds without a byte from the server before we give up, when no timeout is given
_REPORT_GRAPH = "?g a <http://www.w3.org/ns/prov#Entity>"  # what marks a report's graph (graph/build.py)


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

    def __init__(self, endpoints: Endpoints, *, read_only: bool = False) -> None:
        self.endpoints = endpoints
        self.read_only = read_only
        self._auth: dict[str, str] = {}  # endpoint -> Authorization header, from user:password@ in it
        self._urls = {url: self._split_credentials(url) for url in (endpoints.query, endpoints.update) if url}

    @classmethod
    def from_spec(cls, spec: str, *, read_only: bool = False) -> SparqlStore:
        return cls(parse_spec(spec), read_only=read_only)

    def __repr__(self) -> str:
        return f"SparqlStore({_redact(self.endpoints.query)})"

    # -- writing
    def replace_graph(self, graph: URIRef, triples: Iterable[Triple]) -> None:
        if self.read_only:
            raise StoreError(f"{_redact(self.endpoints.query)} was opened read-only")
        if not self.endpoints.update:
            raise StoreError("this store has no update endpoint: give `query=URL update=URL` to write to it")
        self.replace_graphs([(graph, ntriples(triples))])

    def replace_graphs(self, graphs: Sequence[GraphText]) -> None:
        """One SPARQL Update per report: each replacement is atomic on the server."""
        if self.read_only:
            raise StoreError(f"{_redact(self.endpoints.query)} was opened read-only")
        if not self.endpoints.update:
            raise StoreError("this store has no update endpoint: give `query=URL update=URL` to write to it")
        for graph, text in dict(graphs).items():
            body = replace_update(graph, text).encode("utf-8")
            with self._post(self.endpoints.update, body, "application/sparql-update", None, None):
                pass

    # -- reading
    def query(
        self, sparql: str, bindings: Mapping[str, Node] | None = None, *, timeout: float | None = None
    ) -> QueryResult:
        deadline = None if timeout is None else time.monotonic() + timeout
        res = self._query(_with_values(sparql, bindings), timeout, lambda r: from_ox_results(r, deadline))
        missing = [k for k in bindings or {} if res.kind == "select" and k not in res.vars]
        if missing:  # as the embedded store says: only projected variables can be bound
            raise QueryError(f"query failed: the query does not return ?{missing[0]}, so it cannot be bound")
        return res

    def graphs(self) -> list[URIRef]:
        res = self.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ {_REPORT_GRAPH} }} }}")
        return sorted(URIRef(str(g)) for (g,) in res.rows)

    def dump(self, fmt: str, out: BinaryIO) -> None:
        import pyoxigraph as ox

        def quads(res):
            return [ox.Quad(s["s"], s["p"], s["o"], s["g"]) for s in res]

        q = f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ {_REPORT_GRAPH} . ?s ?p ?o }} }}"
        write_quads(self._query(q, None, quads), fmt, out)

    def close(self) -> None:
        pass

    # -- the protocol
    def _query(self, sparql: str, timeout: float | None, read: Callable[[Any], R]) -> R:
        """POST the query, parse the answer with pyoxigraph as it streams in, hand it to `read`."""
        import pyoxigraph as ox

        url = self.endpoints.query
        body = urllib.parse.urlencode({"query": with_prefixes(sparql)}).encode("ascii")
        with self._post(url, body, "application/x-www-form-urlencoded", ACCEPT, timeout) as resp:
            media = resp.headers.get_content_type()
            try:
                results_format = ox.QueryResultsFormat.from_media_type(media)
                rdf_format = None if results_format else ox.RdfFormat.from_media_type(media)
                if results_format:
                    return read(ox.parse_query_results(resp, results_format))
                if rdf_format:
                    return read(ox.parse(resp, rdf_format))
            except (SyntaxError, ValueError) as exc:
                raise StoreError(f"{_redact(url)}: unreadable {media} answer: {_one_line(exc)}") from None
            except TimeoutError:
                raise QueryTimeout("query timed out") from None
            raise StoreError(
                f"{_redact(url)} answered with {media}, not SPARQL results: is it a SPARQL endpoint?"
            )

    def _post(
        self, endpoint: str, body: bytes, content_type: str, accept: str | None, timeout: float | None
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
        try:
            return urllib.request.urlopen(req, timeout=timeout or READ_TIMEOUT)
        except urllib.error.HTTPError as exc:
            raise _http_error(endpoint, exc) from None
        except TimeoutError:
            raise QueryTimeout("query timed out") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError):
                raise QueryTimeout("query timed out") from None
            raise StoreError(
                f"cannot reach the SPARQL server at {_redact(endpoint)}: {_one_line(reason)}"
            ) from None

    def _split_credentials(self, url: str) -> str:
        """`http://user:pw@host/…` -> `http://host/…`, the credentials kept as a Basic Authorization."""
        u = urllib.parse.urlsplit(url)
        if u.username is None:
            return url
        user = urllib.parse.unquote(u.username)
        password = urllib.parse.unquote(u.password or "")
        self._auth[url] = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        return urllib.parse.urlunsplit(u._replace(netloc=_host_port(u)))


def _with_values(sparql: str, bindings: Mapping[str, Node] | None) -> str:
    """Bound values as a trailing VALUES block: terms written by pyoxigraph, never user text pasted."""
    if not bindings:
        return sparql
    names = " ".join(f"?{k}" for k in bindings)
    terms = " ".join(str(_to_ox(v)) for v in bindings.values())
    return f"{sparql}\nVALUES ({names}) {{ ({terms}) }}"


def _http_error(url: str, exc: urllib.error.HTTPError) -> Exception:
    try:
        detail = _one_line(exc.read().decode("utf-8", "replace"))[:200]
    except OSError:
        detail = ""
    where = _redact(url)
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


def _redact(url: str) -> str:
    u = urllib.parse.urlsplit(url)
    if u.password is None:
        return url
    return urllib.parse.urlunsplit(u._replace(netloc=f"{u.username}:***@{_host_port(u)}"))


def _host_port(u: urllib.parse.SplitResult) -> str:
    host = f"[{u.hostname}]" if ":" in (u.hostname or "") else u.hostname or ""
    return host + (f":{u.port}" if u.port else "")
