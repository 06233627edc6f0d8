"""The SPARQL 1.1 Protocol, read only: which query a request carries, and which format to answer in.

Pure functions over the parts of an HTTP request, so they are tested without a socket. A request that
cannot be answered raises `Refused` with the HTTP status and a one-line reason.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass

from graph.sparql import GRAPH_TYPES, RESULT_TYPES

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"

# What a client may ask for -> the format we write (the common generic names included).
RESULT_OFFERS: dict[str, str] = {m: m for m in RESULT_TYPES} | {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
}
GRAPH_OFFERS: dict[str, str] = {m: m for m in GRAPH_TYPES} | {
    "application/x-turtle": "text/turtle",
    "text/plain": "application/n-triples",
    "application/json": "application/ld+json",
    "application/xml": "application/rdf+xml",
}


class Refused(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class Request:
    method: str
    query_string: str  # the URL's, after `?`
    content_type: str = ""  # without parameters, lower case
    body: bytes = b""


def query_of(req: Request) -> str:
    """The query text of a SPARQL 1.1 Protocol query request; updates and datasets are refused."""
    url_params = _params(req.query_string)
    if req.method == "GET":
        params = url_params
    elif req.method == "POST":
        if req.content_type == SPARQL_UPDATE:
            raise Refused(403, "this endpoint is read-only: SPARQL updates are refused")
        if req.content_type == FORM:
            params = _params(_decode(req.body))
        elif req.content_type == SPARQL_QUERY:
            params = url_params | {"query": [_decode(req.body)]}
        else:
            raise Refused(
                415, f"POST a query as {FORM} or {SPARQL_QUERY}, not {req.content_type or 'nothing'}"
            )
    else:
        raise Refused(405, f"{req.method} is not a SPARQL query method: use GET or POST")
    if "update" in params:
        raise Refused(403, "this endpoint is read-only: SPARQL updates are refused")
    if "default-graph-uri" in params or "named-graph-uri" in params:
        raise Refused(
            400, "dataset parameters are not supported: the default graph is the union of the reports"
        )
    queries = params.get("query", [])
    if len(queries) != 1 or not queries[0].strip():
        raise Refused(400, "give exactly one non-empty `query` parameter")
    if _SERVICE.search(queries[0]):
        raise Refused(
            403, "federated queries (SERVICE) are refused: this endpoint does not fetch from other servers"
        )
    return queries[0]


# SERVICE has the engine send requests to any address the query names: from a server, a way into hosts
# its clients cannot reach. Oxigraph reads keywords only as written (no \u escapes), so finding the word
# is enough; a query that merely mentions it in a string, an IRI or a comment is refused too.
_SERVICE = re.compile(r"(?<![\w:?$])service(?![\w:])", re.I)


def _params(text: str) -> dict[str, list[str]]:
    try:
        return urllib.parse.parse_qs(text, keep_blank_values=True, strict_parsing=False, errors="strict")
    except UnicodeDecodeError:
        raise Refused(400, "the request parameters are not UTF-8") from None


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(400, "the request body is not UTF-8") from None


def negotiate(accept: str | None, offers: dict[str, str]) -> tuple[str, str]:
    """(media type to send in Content-Type, format to write) for an Accept header; the first offer
    wins ties and stands for `*/*` or no header. `Refused(406)` when nothing offered is acceptable."""
    ranges = _accept_ranges(accept or "*/*")
    best, best_q = None, 0.0
    for media in offers:
        q = _quality(media, ranges)
        if q > best_q:
            best, best_q = media, q
    if best is None:
        raise Refused(
            406, f"cannot answer in {accept}: acceptable are {', '.join(sorted(set(offers.values())))}"
        )
    return best, offers[best]


def _accept_ranges(accept: str) -> list[tuple[str, float]]:
    ranges = []
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        if not media:
            continue
        q = 1.0
        for p in params:
            key, _, value = p.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((media.lower(), q))
    return ranges


def _quality(media: str, ranges: list[tuple[str, float]]) -> float:
    """The q of the most specific range matching `media` (RFC 9110: exact, then type/*, then */*)."""
    kind = media.split("/")[0] + "/*"
    for candidate in (media, kind, "*/*"):
        qs = [q for r, q in ranges if r == candidate]
        if qs:
            return max(qs)
    return 0.0


def is_update(text: str) -> bool:
    """True when `text` parses as SPARQL Update (asked only of a text the store refused as a query)."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except Exception:  # any parse failure means: not an update
        return False
    return True
