"""`kg serve` as other clients meet it over HTTP: CORS, OPTIONS and HEAD, HTTP/1.1 keep-alive, and
the query page at / that is served without reading the store."""

from __future__ import annotations

import http.client
import json
import socket
import urllib.parse

import pytest

from tests.endpoint.test_server import running
from tests.hostile.served import kg_serve

ASK = "/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
APP = "http://app.example:8080"  # a page of another site, allowed by --cors


class Connection:
    """One HTTP/1.1 connection to the server, kept open across requests (unless the server closes it)."""

    def __init__(self, url: str) -> None:
        parts = urllib.parse.urlsplit(url)
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)

    def __call__(self, method: str, path: str, headers=None, body=None):
        self.conn.request(method, path, body=body, headers=headers or {})
        res = self.conn.getresponse()
        return res, res.read()

    def close(self) -> None:
        self.conn.close()


def ask(url: str, method: str, path: str, headers=None, body=None):
    c = Connection(url)
    try:
        return c(method, path, headers, body)
    finally:
        c.close()


@pytest.fixture(scope="module")
def plain(seed_store):
    with running(seed_store, workers=2) as (url, _):
        yield url


@pytest.fixture(scope="module")
def with_cors(seed_store):
    with running(seed_store, workers=2, cors=[APP]) as (url, _):
        yield url


# ---------------------------------------------------------------- CORS


def test_no_cors_headers_by_default(plain):
    res, _ = ask(plain, "GET", ASK, {"Origin": plain})  # its own page: allowed, and needs no CORS
    assert res.status == 200 and res.getheader("Access-Control-Allow-Origin") is None
    res, _ = ask(plain, "GET", ASK, {"Origin": APP})
    assert res.status == 403 and res.getheader("Access-Control-Allow-Origin") is None


def test_cors_headers_only_for_the_configured_origin(with_cors):
    res, body = ask(with_cors, "GET", ASK, {"Origin": APP, "Accept": "application/sparql-results+json"})
    assert res.status == 200 and json.loads(body)["boolean"] is True
    assert res.getheader("Access-Control-Allow-Origin") == APP  # not refused by the Origin check either
    assert "Origin" in res.getheader("Vary")
    # an error is readable too: the page can show why
    res, _ = ask(with_cors, "GET", "/sparql?query=SELEC", {"Origin": APP})
    assert res.status == 400 and res.getheader("Access-Control-Allow-Origin") == APP
    for other in ("http://app.example:9999", "https://app.example:8080", "http://evil.example"):
        res, _ = ask(with_cors, "GET", ASK, {"Origin": other})
        assert res.status == 403 and res.getheader("Access-Control-Allow-Origin") is None
    # a page of the server's own host on another port may still query, but gets no CORS header
    res, _ = ask(with_cors, "GET", ASK, {"Origin": "http://127.0.0.1:5000"})
    assert res.status == 200 and res.getheader("Access-Control-Allow-Origin") is None
    res, _ = ask(with_cors, "GET", ASK)
    assert res.status == 200 and res.getheader("Access-Control-Allow-Origin") is None


def test_preflight(with_cors):
    asked = {
        "Origin": APP,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    res, body = ask(with_cors, "OPTIONS", "/sparql", asked)
    assert res.status == 204 and body == b""
    assert res.getheader("Access-Control-Allow-Origin") == APP
    assert res.getheader("Access-Control-Allow-Methods") == "GET, POST"
    assert res.getheader("Access-Control-Allow-Headers") == "Content-Type, Accept"
    assert int(res.getheader("Access-Control-Max-Age")) > 0
    res, _ = ask(with_cors, "OPTIONS", "/sparql", {**asked, "Origin": "http://127.0.0.1:5000"})
    assert res.status == 204 and res.getheader("Access-Control-Allow-Methods") is None
    assert res.getheader("Access-Control-Allow-Origin") is None
    res, _ = ask(with_cors, "OPTIONS", "/sparql", {**asked, "Origin": "http://evil.example"})
    assert res.status == 403 and res.getheader("Access-Control-Allow-Methods") is None
    # then the POST the browser was asking about
    res, body = ask(
        with_cors,
        "POST",
        "/sparql",
        {"Origin": APP, "Content-Type": "application/sparql-query", "Accept": "application/json"},
        b"ASK { ?s ?p ?o }",
    )
    assert res.status == 200 and res.getheader("Access-Control-Allow-Origin") == APP


def test_cors_any_origin_and_from_the_command_line(seed_store):
    with kg_serve(seed_store, "--cors", "*", "--workers", "1") as s:
        status, headers, _ = s.request("ASK {}", headers={"Origin": "http://anywhere.example"})
        assert status == 200 and headers["access-control-allow-origin"] == "*"
    with kg_serve(seed_store, "--cors", APP, "--cors", "http://other.example", "--workers", "1") as s:
        for origin in (APP, "http://other.example"):
            status, headers, _ = s.request("ASK {}", headers={"Origin": origin})
            assert status == 200 and headers["access-control-allow-origin"] == origin
        status, headers, _ = s.request("ASK {}", headers={"Origin": "http://third.example"})
        assert status == 403 and "access-control-allow-origin" not in headers


# ---------------------------------------------------------------- methods


def test_options_says_what_may_be_asked(plain):
    for path in ("/sparql", "/", "*"):
        res, body = ask(plain, "OPTIONS", path)
        assert res.status == 204 and body == b""
        assert set(res.getheader("Allow").replace(" ", "").split(",")) == {"GET", "HEAD", "POST", "OPTIONS"}
    assert ask(plain, "OPTIONS", "/nothing")[0].status == 404
    res, _ = ask(plain, "PUT", "/sparql", body=b"")
    assert res.status == 405 and "OPTIONS" in res.getheader("Allow")


@pytest.mark.parametrize("path", ["/", "/queries.json", ASK])
def test_head_is_get_without_the_body(plain, path):
    get, body = ask(plain, "GET", path)
    head, nothing = ask(plain, "HEAD", path)
    assert get.status == head.status == 200 and nothing == b""
    assert int(head.getheader("Content-Length")) == len(body) > 0
    assert head.getheader("Content-Type") == get.getheader("Content-Type")


# ---------------------------------------------------------------- HTTP/1.1


def test_two_requests_on_one_connection(plain):
    c = Connection(plain)
    try:
        first, body = c("GET", ASK, {"Accept": "application/sparql-results+json"})
        sock = c.conn.sock
        assert first.version == 11 and json.loads(body)["boolean"] is True
        assert sock is not None  # not closed after the answer
        second, page = c("GET", "/")
        assert second.status == 200 and b"SPARQL" in page
        assert c.conn.sock is sock  # the same connection: http.client did not have to reconnect
        third, _ = c("POST", "/sparql", {"Content-Type": "application/sparql-query"}, b"ASK {}")
        assert third.status == 200 and c.conn.sock is sock
    finally:
        c.close()


def test_every_answer_has_its_length_or_closes(plain):
    cases = [
        ("GET", "/", {}, None),
        ("GET", "/queries.json", {}, None),
        ("GET", ASK, {}, None),
        ("GET", "/sparql?query=SELEC", {}, None),  # 400
        ("GET", ASK, {"Accept": "image/png"}, None),  # 406
        ("GET", "/nothing", {}, None),  # 404
        ("GET", ASK, {"Origin": "http://evil.example"}, None),  # 403
        ("DELETE", "/sparql", {}, None),  # 405
        ("POST", "/sparql", {"Content-Type": "text/plain"}, b"ASK {}"),  # 415
    ]
    for method, path, headers, body in cases:
        res, got = ask(plain, method, path, headers, body)
        length = res.getheader("Content-Length")
        closes = (res.getheader("Connection") or "").lower() == "close"
        assert closes or (length is not None and int(length) == len(got)), (method, path, res.status)


def test_a_body_left_unread_is_never_read_as_the_next_request(plain):
    """A POST refused before its body is read (here: not to /sparql) closes its connection: the body,
    which here holds a request of its own, is not answered as one."""
    host, port = urllib.parse.urlsplit(plain).hostname, urllib.parse.urlsplit(plain).port
    smuggled = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    head = (
        f"POST /nothing HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
        f"Content-Length: {len(smuggled)}\r\n\r\n"
    ).encode()
    with socket.create_connection((host, port), timeout=30) as s:
        s.sendall(head + smuggled)
        answer = b""
        while chunk := s.recv(65536):  # the server closes: no hanging here
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 404") and answer.count(b"HTTP/1.1 ") == 1
    assert b"connection: close" in answer.lower()


# ---------------------------------------------------------------- the query page


class Watched:
    """A store that counts the queries asked of it."""

    def __init__(self, store) -> None:
        self.store = store
        self.queries = 0

    def query(self, *args, **kwargs):
        self.queries += 1
        return self.store.query(*args, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self.store, name)


def test_the_query_page_reads_nothing_from_the_store(seed_store):
    """The first / used to lay out the whole graph (25 s at 1,000 reports); now it is a static page."""
    from graph.store import open_store

    watched = Watched(open_store(seed_store, read_only=True))
    try:
        with running(seed_store, workers=1, store=watched) as (url, _):
            for path in ("/", "/query", "/queries.json"):
                res, _ = ask(url, "GET", path)
                assert res.status == 200
            assert watched.queries == 0
            res, page = ask(url, "GET", "/")
            csp = res.getheader("Content-Security-Policy")
            assert "default-src 'none'" in csp and "connect-src 'self'" in csp and "unsafe" not in csp
            assert b'href="/graph"' in page  # the graph is one click away, made when asked
            assert ask(url, "GET", "/graph")[0].status == 200
            assert watched.queries > 0
    finally:
        watched.store.close()


def test_the_saved_queries_are_served(plain):
    from tests.conftest import ROOT

    res, body = ask(plain, "GET", "/queries.json")
    saved = {q["name"]: q for q in json.loads(body)}
    files = sorted(p.name for p in (ROOT / "queries").glob("*.rq"))
    assert sorted(saved) == files and len(files) >= 9
    q = saved["projects-per-district.rq"]
    assert q["title"] == "Projects per district"
    assert q["text"] == (ROOT / "queries" / "projects-per-district.rq").read_text(encoding="utf-8")


def test_a_missing_queries_folder_is_one_clear_line(seed_store, tmp_path):
    import subprocess
    import sys

    from tests.conftest import ROOT

    r = subprocess.run(
        [sys.executable, str(ROOT / "kg.py"), "serve", "--port", "0", "--store", str(seed_store)]
        + ["--queries", str(tmp_path / "nowhere")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert r.returncode != 0 and "no such folder" in r.stderr and len(r.stderr.splitlines()) == 1
