"""Remote stores that never finish: servers trickling bytes, streaming without end, or sending huge
error pages. `kg query --store http://…` must stop by its deadline or its size limit and say so in one
line, having read little of what the server offered.

Each server is a small http.server on loopback, in a thread, writing raw bytes so it can misbehave
anywhere (headers included); it counts what it managed to send. `kg` runs as a real process: the
generous subprocess timeout is only a guard against a hang, not a measure of speed.
"""

from __future__ import annotations

import contextlib
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator

import pytest

from graph.remote import DEFAULT_MAX_BYTES, ERROR_BYTES, SparqlStore, parse_spec
from kgerrors import StoreError
from tests.conftest import ROOT

HANG_GUARD = 120  # seconds: far beyond any deadline the tests set; reaching it means kg hung
MiB = 2**20
HUGE = 300 * MiB  # what the error pages claim to be; generated as sent, never held
RESULTS_HEAD = b'{"head":{"vars":["x"]},"results":{"bindings":['
ROW = b'{"x":{"type":"literal","value":"' + b"a" * 200 + b'"}},'

Behaviour = Callable[["_Handler"], None]


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:  # noqa: N802 - the standard library's name
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with contextlib.suppress(OSError):  # the client hung up: what it came to test
            self.server.behaviour(self)

    def send(self, data: bytes) -> None:
        self.wfile.write(data)
        self.wfile.flush()
        self.server.sent += len(data)

    def log_message(self, *args: object) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, behaviour: Behaviour) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.behaviour = behaviour
        self.sent = 0  # body and header bytes written so far
        self.stop = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@contextlib.contextmanager
def _serving(behaviour: Behaviour) -> Iterator[_Server]:
    srv = _Server(behaviour)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        yield srv
    finally:
        srv.stop.set()
        srv.shutdown()
        srv.server_close()


# ---------------------------------------------------------------- the ways a server misbehaves


def _trickled_headers(h: _Handler) -> None:
    """A status line, then a header whose value never ends, one byte at a time."""
    for byte in b"HTTP/1.1 200 OK\r\nX-Slow: ":
        h.send(bytes([byte]))
        h.server.stop.wait(0.1)
    while not h.server.stop.wait(0.2):
        h.send(b"a")


def _results_headers(h: _Handler) -> None:
    h.send(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nConnection: close\r\n\r\n"
        + RESULTS_HEAD
    )


def _trickled_body(h: _Handler) -> None:
    """Results that start at once, then go on one blank (valid JSON) every 0.2 s, for ever."""
    _results_headers(h)
    while not h.server.stop.wait(0.2):
        h.send(b" ")


def _endless_results(h: _Handler) -> None:
    """Solutions as fast as the socket takes them, for ever."""
    _results_headers(h)
    chunk = ROW * (64 * 1024 // len(ROW))
    while not h.server.stop.is_set():
        h.send(chunk)


def _huge_page(status: bytes, extra: bytes = b"") -> Behaviour:
    def behaviour(h: _Handler) -> None:
        h.send(
            b"HTTP/1.1 "
            + status
            + b"\r\nContent-Type: text/plain\r\n"
            + extra
            + f"Content-Length: {HUGE}\r\n\r\n".encode()
        )
        chunk = b"Internal error, at length. " * 2427  # ~64 KiB
        left = HUGE
        while left > 0 and not h.server.stop.is_set():
            h.send(chunk[:left])
            left -= len(chunk)

    return behaviour


# ---------------------------------------------------------------- kg against them


def _kg_query(url: str, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("KG_REMOTE_")}
    return subprocess.run(
        [sys.executable, str(ROOT / "kg.py"), "query", "SELECT ?x WHERE { ?x ?p ?o }", "--store", url],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        cwd=ROOT,
        env={**environ, **env},
    )


def _one_line_error(r: subprocess.CompletedProcess) -> str:
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: error: "), r.stderr
    return lines[0]


@pytest.mark.parametrize("behaviour", [_trickled_headers, _trickled_body], ids=["headers", "body"])
def test_a_trickling_server_is_left_at_the_deadline(behaviour):
    """Each byte arrives well within any per-read timeout; only a deadline on the whole request ends it."""
    with _serving(behaviour) as srv:
        line = _one_line_error(_kg_query(srv.url, KG_REMOTE_TIMEOUT="1.5"))
    assert "query timed out" in line and "within 1.5 s" in line and "KG_REMOTE_TIMEOUT" in line


def test_an_endless_answer_is_cut_at_the_size_limit():
    with _serving(_endless_results) as srv:
        line = _one_line_error(_kg_query(srv.url, KG_REMOTE_MAX_BYTES="1MiB", KG_REMOTE_TIMEOUT="60"))
        sent = srv.sent
    assert line.endswith(
        f"the SPARQL server at {srv.url}/query sent more than 1 MiB: stopped reading"
        " (set KG_REMOTE_MAX_BYTES to allow more)"
    )
    assert sent < 64 * MiB  # what kg read, plus what the sockets' buffers held when it hung up


def test_a_huge_error_page_is_read_only_for_its_message():
    with _serving(_huge_page(b"500 Internal Server Error")) as srv:
        line = _one_line_error(_kg_query(srv.url, KG_REMOTE_TIMEOUT="60"))
        sent = srv.sent
    assert "HTTP 500 Internal Server Error: Internal error, at length." in line
    assert len(line) < 400
    assert sent < 64 * MiB < HUGE


def test_a_redirect_is_not_followed_nor_its_body_read():
    """urllib would read a redirect's whole body, then send the query on as a GET without it."""
    page = _huge_page(b"302 Found", b"Location: http://elsewhere.example/sparql\r\n")
    with _serving(page) as srv:
        line = _one_line_error(_kg_query(srv.url, KG_REMOTE_TIMEOUT="60"))
        sent = srv.sent
    assert "redirects to http://elsewhere.example/sparql (HTTP 302)" in line
    assert sent < 64 * MiB


# ---------------------------------------------------------------- the settings


def test_the_defaults(monkeypatch):
    monkeypatch.delenv("KG_REMOTE_TIMEOUT", raising=False)
    monkeypatch.delenv("KG_REMOTE_MAX_BYTES", raising=False)
    s = SparqlStore(parse_spec("http://127.0.0.1:1"))
    assert (s.timeout, s.max_bytes, ERROR_BYTES) == (300.0, DEFAULT_MAX_BYTES, 64 * 1024)
    assert DEFAULT_MAX_BYTES == 2**30


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("KG_REMOTE_TIMEOUT", "2.5", 2.5),
        ("KG_REMOTE_MAX_BYTES", "4096", 4096),
        ("KG_REMOTE_MAX_BYTES", "2 GiB", 2 * 2**30),
        ("KG_REMOTE_MAX_BYTES", "64k", 64 * 1024),
    ],
)
def test_settings_are_read(monkeypatch, name, value, expected):
    monkeypatch.setenv(name, value)
    s = SparqlStore(parse_spec("http://127.0.0.1:1"))
    assert (s.timeout if name == "KG_REMOTE_TIMEOUT" else s.max_bytes) == expected


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("KG_REMOTE_TIMEOUT", "soon"),
        ("KG_REMOTE_TIMEOUT", "0"),
        ("KG_REMOTE_TIMEOUT", "-1"),
        ("KG_REMOTE_TIMEOUT", "inf"),
        ("KG_REMOTE_TIMEOUT", "nan"),
        ("KG_REMOTE_MAX_BYTES", "lots"),
        ("KG_REMOTE_MAX_BYTES", "0"),
        ("KG_REMOTE_MAX_BYTES", "1.5GiB"),
        ("KG_REMOTE_MAX_BYTES", "3 TB"),
    ],
)
def test_bad_settings_are_one_line_errors(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(StoreError, match=f"^{name}=") as err:
        SparqlStore(parse_spec("http://127.0.0.1:1"))
    assert "\n" not in str(err.value)
