"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint at /sparql, a query page at / and the HTML
graph at /graph.

The standard library's threading HTTP server is enough: each request is a query handed to a runner
(endpoint/workers.py), which runs it in a worker process that can be killed at the time or memory
limit. What reaches the engine has passed the protocol checks (endpoint/protocol.py) and the guard
against texts that crash it (graph/query_guard.py).

A server on loopback answers only requests that name it (`Host:` one of the names it was bound to,
`Origin:` absent or one of those): a web page elsewhere cannot read it through DNS rebinding, nor
send it queries from script. `--allow-host` adds names (a proxy's, a LAN name). `--cors` names the
origins whose pages may read it (endpoint/cors.py); those are not refused as foreign pages either.

HTTP/1.1 with keep-alive: every answer carries its Content-Length (a 204 has no body), and a
connection whose request body was left unread is closed, so that body is never taken for a request.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from endpoint import query_page
from endpoint.cors import Cors
from endpoint.protocol import Refused, Request, query_of
from endpoint.respond import TEXT, Reply
from endpoint.workers import InThread, QueryPool, Runner
from graph.query_guard import check_query
from graph.store import GraphStore
from kgerrors import KgError, QueryError, StoreError

MAX_BODY = 10 * 1024 * 1024  # a query bigger than this is not a query
PAGE_TTL = 60.0  # seconds the rendered graph page is reused (a remote store may change under us)
CLIENT_TIMEOUT = 30.0  # seconds a client may take to send its request (a stalled one frees its thread)
BACKLOG = 128  # connections the kernel queues before accept (the standard library's 5 resets under load)
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
QUERY_PAGE = ("/", "/query", "/index.html")
GRAPH_PAGE = "/graph"
SAVED = "/queries.json"
ALLOW = "GET, HEAD, POST, OPTIONS"
HTML = "text/html; charset=utf-8"
NOT_FOUND = "not found: the query page is /, the endpoint /sparql, the graph /graph"


class Endpoint:
    """What the handler needs: the runner of queries, the store for the graph page, the names it
    answers to, the origins that may read it, the folder of saved queries."""

    def __init__(
        self,
        store: GraphStore,
        runner: Runner,
        allowed_hosts: Iterable[str] = (),
        cors: Cors | None = None,
        queries: Path | None = None,
    ) -> None:
        self.store = store
        self.runner = runner
        self.allowed_hosts = {h.lower().strip("[]") for h in allowed_hosts}
        self.cors = cors or Cors()
        self.queries = queries
        self._page: tuple[float, bytes] | None = None
        self._page_lock = threading.Lock()

    def answer(self, req: Request, accept: str | None) -> Reply:
        """The reply to a request to /sparql."""
        try:
            text = query_of(req)
            check_query(text)
        except Refused as exc:
            return Reply.refused(exc.status, exc.reason)
        except QueryError as exc:
            return Reply.refused(400, str(exc))
        return self.runner.run(text, accept)

    def refusal(self, host: str | None, origin: str | None) -> Reply | None:
        """403 for a request that names another site as its host or its origin (None: go on)."""
        if not self.allowed_hosts or "*" in self.allowed_hosts:
            return None
        if host is not None and _host_name(host) not in self.allowed_hosts:
            return Reply.refused(
                403, "this endpoint answers only to the names it was bound to (see kg serve --allow-host)"
            )
        # an origin given to --cors is a page meant to read the endpoint: not a foreign one
        if (
            origin is not None
            and _origin_name(origin) not in self.allowed_hosts
            and not self.cors.allows(origin)
        ):
            return Reply.refused(
                403, "queries from pages of other sites are refused (see kg serve --cors and --allow-host)"
            )
        return None

    def graph_page(self) -> bytes:
        """The interactive HTML graph of the whole store (viz/html.py): the whole entity graph is read
        and laid out, seconds on a large store, so it has a page of its own, made when first asked."""
        from graph.views import entity_graph
        from viz.html import render

        with self._page_lock:
            if self._page is None or time.monotonic() - self._page[0] > PAGE_TTL:
                self._page = (time.monotonic(), render(entity_graph(self.store)).encode("utf-8"))
            return self._page[1]


def _host_name(host: str) -> str:
    """The name in a Host header, without its port: `[::1]:80` -> `::1`, `Example.org:7879` -> `example.org`."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _origin_name(origin: str) -> str:
    """`http://127.0.0.1:7879` -> `127.0.0.1`; `null` (a sandboxed or file page) stays `null`."""
    return (urllib.parse.urlsplit(origin.strip()).hostname or origin.strip()).lower()


class Handler(BaseHTTPRequestHandler):
    server: Server
    server_version = "kg-sparql/1"
    protocol_version = "HTTP/1.1"  # keep-alive: a client's next query skips the TCP handshake
    timeout = CLIENT_TIMEOUT  # also how long an idle kept-alive connection may hold its thread

    def parse_request(self) -> bool:
        self._body_read = False  # one handler serves every request of a connection
        return super().parse_request()

    def do_GET(self) -> None:
        if self._refused():
            return
        path, _, query = self.path.partition("?")
        if path == "/sparql":
            self._sparql(Request("GET", query))
        elif path in QUERY_PAGE:
            # the same bytes whatever the store holds: nothing is read from it here
            self._send(200, HTML, query_page.page(), [("Content-Security-Policy", query_page.csp())])
        elif path == SAVED:
            self._send(
                200, "application/json; charset=utf-8", query_page.saved_json(self.server.endpoint.queries)
            )
        elif path == GRAPH_PAGE:
            try:
                self._send(200, HTML, self.server.endpoint.graph_page())
            except KgError as exc:
                self._reply(Reply.refused(500, str(exc)))
        else:
            self._reply(Reply.refused(404, NOT_FOUND))

    do_HEAD = do_GET  # the same answer without its body (`_send` leaves it out)

    def do_POST(self) -> None:
        if self._refused():
            return
        path, _, query = self.path.partition("?")
        if path != "/sparql":
            self._reply(Reply.refused(404, "not found: the endpoint is /sparql"))
            return
        length = self._content_length()
        if length is None:
            return
        content_type = (self.headers.get_content_type() if "Content-Type" in self.headers else "").lower()
        body = self.rfile.read(length)
        self._body_read = True
        self._sparql(Request("POST", query, content_type, body))

    def do_OPTIONS(self) -> None:
        """What may be asked here (`Allow`), and to a CORS preflight of an allowed origin, that it may."""
        if self._refused():
            return
        path = self.path.partition("?")[0]
        if path != "*" and path not in (*QUERY_PAGE, GRAPH_PAGE, SAVED, "/sparql"):
            self._reply(Reply.refused(404, NOT_FOUND))
            return
        cors = self.server.endpoint.cors
        asked = self.headers.get("Access-Control-Request-Method")
        self._send(204, None, b"", [("Allow", ALLOW), *cors.preflight(self.headers.get("Origin"), asked)])

    def _content_length(self) -> int | None:
        """The body's length, or None once the request is refused for it (no body is then read)."""
        value = self.headers.get("Content-Length")
        if value is None:
            self._reply(
                Reply.refused(411, "POST needs a Content-Length header (chunked bodies are not read)")
            )
            return None
        value = value.strip()
        if not value.isascii() or not value.isdigit():
            self._reply(Reply.refused(400, "Content-Length is not a number of bytes"))
            return None
        if int(value) > MAX_BODY:
            self._reply(Reply.refused(413, f"request too large (at most {MAX_BODY >> 20} MB)"))
            return None
        return int(value)

    def _refuse_method(self) -> None:
        if not self._refused():
            self._reply(Reply.refused(405, "read-only: GET or POST a query to /sparql"), [("Allow", ALLOW)])

    do_PUT = do_DELETE = do_PATCH = _refuse_method

    def _refused(self) -> bool:
        reply = self.server.endpoint.refusal(self.headers.get("Host"), self.headers.get("Origin"))
        if reply is not None:
            self._reply(reply)
        return reply is not None

    def _sparql(self, req: Request) -> None:
        self._reply(self.server.endpoint.answer(req, self.headers.get("Accept")))

    def _reply(self, reply: Reply, headers: Iterable[tuple[str, str]] = ()) -> None:
        self._send(reply.status, reply.media, reply.body, headers)

    def _send(
        self, status: int, media: str | None, body: bytes, headers: Iterable[tuple[str, str]] = ()
    ) -> None:
        cors = self.server.endpoint.cors
        self.send_response(status)
        if status != 204:  # a 204 has no body, and says no length (RFC 9110 §8.6)
            self.send_header("Content-Type", media or TEXT)
            self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept, Origin" if cors.vary else "Accept")
        self.send_header("X-Content-Type-Options", "nosniff")  # a text answer is never run as a script
        for name, value in (*cors.headers(self.headers.get("Origin")), *headers):
            self.send_header(name, value)
        if self._body_pending():
            self.send_header("Connection", "close")  # (send_header then ends the connection after this)
        self.end_headers()
        if self.command != "HEAD" and status != 204:
            self.wfile.write(body)

    def _body_pending(self) -> bool:
        """A request body was sent (or may have been) and not read: read next, it would pass for a request."""
        if self._body_read:
            return False
        length = (self.headers.get("Content-Length") or "0").strip()
        return self.command == "POST" or "Transfer-Encoding" in self.headers or length != "0"

    def log_message(self, format: str, *args) -> None:
        if not self.server.quiet:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = BACKLOG

    def __init__(self, endpoint: Endpoint, host: str, port: int, quiet: bool = False) -> None:
        self.endpoint = endpoint
        self.quiet = quiet
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        super().__init__((host, port), Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host if ':' not in host else f'[{host}]'}:{port}"

    def handle_error(self, request, client_address) -> None:
        """One line in the log for a connection that broke (a client gone mid-answer), no traceback."""
        exc = sys.exc_info()[1]
        if not self.quiet:
            sys.stderr.write(f"{client_address[0]} connection dropped: {type(exc).__name__}: {exc}\n")

    def server_close(self) -> None:
        super().server_close()
        self.endpoint.runner.close()


def make_server(
    store: GraphStore,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    spec: str | Path | None = None,
    timeout: float = 30.0,
    quiet: bool = False,
    workers: int = 8,
    memory_mb: int = 2048,
    allow_hosts: Iterable[str] = (),
    cors: Iterable[str] = (),
    queries: str | Path | None = None,
) -> Server:
    """A server bound (not yet serving) on host:port; port 0 picks a free one (see `.url`).
    `cors`: the origins whose pages may read it (`*`: any); `queries`: the saved queries' folder
    (by default the repository's `queries/`).

    With the store's `spec`, queries run in `workers` processes that open it themselves (stopped at
    the time and memory limits); without one, in threads of this process (see endpoint/workers.py).
    """
    saved = query_page.saved_folder(queries)  # a folder that is not there is refused before workers start
    if spec is not None and str(spec) != ":memory:":
        # a quarter of the workers may run long queries; the others stay free for quick ones
        runner: Runner = QueryPool(
            str(spec), size=workers, timeout=timeout, memory_mb=memory_mb, long=max(1, workers // 4)
        )
    else:
        runner = InThread(store, timeout=timeout, slots=workers)
    try:
        endpoint = Endpoint(
            store,
            runner,
            [*bound_names(host), *allow_hosts],
            Cors(cors),
            saved,
        )
        return Server(endpoint, host, port, quiet)
    except BaseException:
        runner.close()
        raise


def bound_names(host: str) -> list[str]:
    """The names a request may give as its Host when the server listens on `host`."""
    if _is_loopback(host):
        return [host, *LOOPBACK_NAMES]
    if host in ("0.0.0.0", "::", ""):  # every interface: this machine's names and loopback
        names = [*LOOPBACK_NAMES, socket.gethostname(), socket.getfqdn()]
        with contextlib.suppress(OSError):
            names += socket.gethostbyname_ex(socket.gethostname())[2]
        return names
    return [host]


def serve(
    store: GraphStore,
    host: str,
    port: int,
    *,
    spec: str | Path | None = None,
    timeout: float,
    quiet: bool,
    say: Callable[[str], None],
    workers: int = 8,
    memory_mb: int = 2048,
    allow_hosts: Iterable[str] = (),
    cors: Iterable[str] = (),
    queries: str | Path | None = None,
) -> None:
    """Serve until interrupted; `say` gets the one line telling where (and a warning off loopback)."""
    try:
        server = make_server(
            store,
            host,
            port,
            spec=spec,
            timeout=timeout,
            quiet=quiet,
            workers=workers,
            memory_mb=memory_mb,
            allow_hosts=allow_hosts,
            cors=cors,
            queries=queries,
        )
    except OSError as exc:
        raise StoreError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    with server:
        if not _is_loopback(server.server_address[0]):
            say(f"note: listening on {host}: anyone who can reach this port can read the graph")
        say(
            f"SPARQL endpoint {server.url}/sparql  query page {server.url}/  graph {server.url}/graph"
            "  (read-only; Ctrl-C stops)"
        )
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"
