"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint at /sparql and the HTML graph at /.

The standard library's threading HTTP server is enough: each request is a query handed to the
store. A query runs in a thread of its own, so a slow one is answered with 503 when the time limit
comes; the store stops reading its results then. The engine cannot be stopped inside an aggregate,
so such a query runs on to its end, holding one of a few slots: the slots bound how many run at once.
Those threads are daemons, so stopping the server never waits for them.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import ipaddress
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from endpoint.protocol import GRAPH_OFFERS, RESULT_OFFERS, Refused, Request, is_update, negotiate, query_of
from graph import sparql
from graph.store import GraphStore, QueryResult
from kgerrors import KgError, QueryError, QueryTimeout, StoreError

MAX_BODY = 10 * 1024 * 1024  # a query bigger than this is not a query
PAGE_TTL = 60.0  # seconds the rendered graph page is reused (a remote store may change under us)


class Endpoint:
    """What the handler needs: the store, the query slots and time limit, the cached page."""

    def __init__(self, store: GraphStore, timeout: float = 30.0, slots: int = 4) -> None:
        self.store = store
        self.timeout = timeout
        self._slots = threading.BoundedSemaphore(slots)
        self._page: tuple[float, bytes] | None = None
        self._page_lock = threading.Lock()

    def answer(self, req: Request, accept: str | None) -> tuple[int, str, bytes]:
        """(status, content type, body) for a request to /sparql."""
        try:
            text = query_of(req)
            res = self._run(text)
            offers = GRAPH_OFFERS if res.kind == "graph" else RESULT_OFFERS
            media, fmt = negotiate(accept, offers)
            return 200, f"{media}; charset=utf-8", sparql.serialize(res, fmt).encode("utf-8")
        except Refused as exc:
            return exc.status, "text/plain; charset=utf-8", (exc.reason + "\n").encode("utf-8")
        except Exception as exc:  # a bug, not the client's fault: say so in one line, keep serving
            reason = " ".join(f"internal error: {type(exc).__name__}: {exc}".split())[:300]
            return 500, "text/plain; charset=utf-8", (reason + "\n").encode("utf-8")

    def _run(self, text: str) -> QueryResult:
        started = time.monotonic()
        if not self._slots.acquire(timeout=self.timeout):
            raise Refused(503, "too many queries running: try again later")
        future: concurrent.futures.Future = concurrent.futures.Future()

        def work() -> None:
            try:
                future.set_result(self.store.query(text, None, timeout=self.timeout))
            except BaseException as exc:  # handed to the request's thread, which answers for it
                # without its traceback: the frames in it hold pyoxigraph objects, which must be
                # freed on the thread that made them (this one), not on the request's thread
                exc.__context__ = exc.__cause__ = None
                future.set_exception(exc.with_traceback(None))
            finally:
                self._slots.release()

        threading.Thread(target=work, name="sparql-query", daemon=True).start()
        try:
            return future.result(timeout=max(self.timeout - (time.monotonic() - started), 0.0))
        except (QueryTimeout, concurrent.futures.TimeoutError):
            raise Refused(503, f"the query ran past the time limit ({self.timeout:g} s)") from None
        except QueryError as exc:
            if is_update(text):
                raise Refused(403, "this endpoint is read-only: SPARQL updates are refused") from None
            raise Refused(400, str(exc)) from None
        except KgError as exc:
            raise Refused(500, str(exc)) from None

    def page(self) -> bytes:
        """The interactive HTML graph of the whole store (viz/html.py)."""
        from graph.views import entity_graph
        from viz.html import render

        with self._page_lock:
            if self._page is None or time.monotonic() - self._page[0] > PAGE_TTL:
                self._page = (time.monotonic(), render(entity_graph(self.store)).encode("utf-8"))
            return self._page[1]


class Handler(BaseHTTPRequestHandler):
    server: Server
    server_version = "kg-sparql/1"

    def do_GET(self) -> None:
        path, _, query = self.path.partition("?")
        if path == "/sparql":
            self._sparql(Request("GET", query))
        elif path in ("/", "/index.html"):
            try:
                self._send(200, "text/html; charset=utf-8", self.server.endpoint.page())
            except KgError as exc:
                self._send(500, "text/plain; charset=utf-8", f"{exc}\n".encode())
        else:
            self._send(
                404, "text/plain; charset=utf-8", b"not found: the endpoint is /sparql, the graph is /\n"
            )

    def do_POST(self) -> None:
        path, _, query = self.path.partition("?")
        if path != "/sparql":
            self._send(404, "text/plain; charset=utf-8", b"not found: the endpoint is /sparql\n")
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._send(413, "text/plain; charset=utf-8", b"request too large\n")
            return
        content_type = (self.headers.get_content_type() if "Content-Type" in self.headers else "").lower()
        self._sparql(Request("POST", query, content_type, self.rfile.read(length)))

    def _refuse_method(self) -> None:
        self._send(
            405, "text/plain; charset=utf-8", b"read-only: GET or POST a query to /sparql\n", allow=True
        )

    do_PUT = do_DELETE = do_PATCH = _refuse_method

    def _sparql(self, req: Request) -> None:
        status, media, body = self.server.endpoint.answer(req, self.headers.get("Accept"))
        self._send(status, media, body)

    def _send(self, status: int, media: str, body: bytes, allow: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept")
        if allow:
            self.send_header("Allow", "GET, POST")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        if not self.server.quiet:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, endpoint: Endpoint, host: str, port: int, quiet: bool = False) -> None:
        self.endpoint = endpoint
        self.quiet = quiet
        super().__init__((host, port), Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host if ':' not in host else f'[{host}]'}:{port}"


def make_server(
    store: GraphStore, host: str = "127.0.0.1", port: int = 0, *, timeout: float = 30.0, quiet: bool = False
) -> Server:
    """A server bound (not yet serving) on host:port; port 0 picks a free one (see `.url`)."""
    return Server(Endpoint(store, timeout), host, port, quiet)


def serve(
    store: GraphStore, host: str, port: int, *, timeout: float, quiet: bool, say: Callable[[str], None]
) -> None:
    """Serve until interrupted; `say` gets the one line telling where (and a warning off loopback)."""
    try:
        server = make_server(store, host, port, timeout=timeout, quiet=quiet)
    except OSError as exc:
        raise StoreError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    with server:
        if not _is_loopback(server.server_address[0]):
            say(f"note: listening on {host}: anyone who can reach this port can read the graph")
        say(f"SPARQL endpoint {server.url}/sparql  graph {server.url}/  (read-only; Ctrl-C stops)")
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"
