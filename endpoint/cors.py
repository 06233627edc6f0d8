"""Cross-origin reads (CORS) of the endpoint: off unless `kg serve --cors ORIGIN` names the pages allowed.

A browser lets a page of another origin read an answer only when the answer names that origin in
`Access-Control-Allow-Origin`; before a POST with a SPARQL body (not a "simple" request) it asks first
with a preflight `OPTIONS`. Both are answered here, for the configured origins only: any other page
gets no CORS header, so its browser keeps the answer from it. Pure functions of the headers.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterable

ANY = "*"
METHODS = "GET, POST"
HEADERS = "Content-Type, Accept"
MAX_AGE = 7200  # seconds a browser may reuse a preflight (Chromium's cap; Firefox allows a day)


def origin_key(origin: str) -> str:
    """An origin as browsers send it: `scheme://host[:port]`, lower case, default port left out
    (`HTTP://Example.org:80/` -> `http://example.org`); `*` and unparsable text are kept as given."""
    text = origin.strip()
    if text == ANY:
        return ANY
    parts = urllib.parse.urlsplit(text)
    if not parts.scheme or not parts.hostname:
        return text.lower()
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    try:
        port = parts.port
    except ValueError:
        return text.lower()
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    return f"{parts.scheme.lower()}://{host}" + (f":{port}" if port not in (None, default) else "")


class Cors:
    """Which origins may read the endpoint from their pages' scripts (none by default)."""

    def __init__(self, origins: Iterable[str] = ()) -> None:
        self.origins = {origin_key(o) for o in origins if o.strip()}

    def allows(self, origin: str | None) -> bool:
        if origin is None or not self.origins:
            return False
        return ANY in self.origins or origin_key(origin) in self.origins

    def headers(self, origin: str | None) -> list[tuple[str, str]]:
        """The CORS header of any answer to a request from `origin` (none for an origin not allowed).
        While any origin is configured, answers also say `Vary: Origin` (see `vary`)."""
        if not self.allows(origin):
            return []
        return [("Access-Control-Allow-Origin", ANY if ANY in self.origins else str(origin).strip())]

    @property
    def vary(self) -> bool:
        """True when answers differ by origin, so caches must keep them apart."""
        return bool(self.origins) and ANY not in self.origins

    def preflight(self, origin: str | None, method: str | None) -> list[tuple[str, str]]:
        """What the answer to a preflight `OPTIONS` (a request with Origin and
        Access-Control-Request-Method) adds to `headers`; without it the browser does not send the
        request. Nothing for an origin not allowed."""
        if method is None or not self.allows(origin):
            return []
        return [
            ("Access-Control-Allow-Methods", METHODS),
            ("Access-Control-Allow-Headers", HEADERS),
            ("Access-Control-Max-Age", str(MAX_AGE)),
        ]
