"""Nothing gets in: report strings cannot run in the HTML page, and the endpoint neither writes nor fetches.

(Names and queries bound rather than pasted into SPARQL are in the command-line table.)
"""

from __future__ import annotations

import contextlib
import html.parser
import ipaddress
import threading
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import networkx as nx
import pytest

from endpoint.protocol import Refused, Request, query_of
from endpoint.server import make_server
from graph.ingest import build
from graph.store import OxigraphStore, open_store
from graph.views import entity_graph
from graph.walk import EvidenceRef
from tests.conftest import seed
from viz.html import render

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    '"><svg onload=alert(3)>',
    "</script><script>alert(4)</script>",
    "javascript:alert(5)",
    "<a href='javascript:alert(6)'>x</a>",
    "'-alert(7)-'",
    "<!--",
    "\u2028\u2029",
]


class _Page(html.parser.HTMLParser):
    """What a browser would run: script elements, event handler attributes, javascript: links."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts, self.handlers, self.links = 0, [], []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.scripts += tag == "script"
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, name, value))
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.links.append((tag, name, value))


def _hostile_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for i, h in enumerate(HOSTILE):
        g.add_node(f"urn:n{i}", type="Organization", label=h + "公司", aliases=[h], reports=[h + ".txt"])
    for i in range(len(HOSTILE) - 1):
        ev = [EvidenceRef(HOSTILE[i] + ".txt", HOSTILE[i + 1] + "合作", 0, 5)]
        g.add_edge(f"urn:n{i}", f"urn:n{i + 1}", key="cooperatesWith", relation="cooperatesWith", evidence=ev)
    return g


def _benign_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("urn:a", type="District", label="市中区", aliases=[], reports=["r.txt"])
    return g


def test_report_strings_cannot_run_in_the_page():
    page = _Page(render(_hostile_graph(), title="<script>alert('title')</script>"))
    benign = _Page(render(_benign_graph()))
    assert page.scripts == benign.scripts  # no script element came from the data
    assert [h for h in page.handlers if "alert" in (h[2] or "")] == []
    assert page.links == []


def test_a_built_report_with_markup_in_its_name_and_text(tmp_path):
    """Through the whole chain: file name and sentences carrying markup -> store -> page."""
    text = seed("004").read_text(encoding="utf-8")
    sentence = "市中区建立“五个一”网格化工作推进机制"
    assert sentence in text
    text = text.replace(sentence, sentence + "<script>alert(1)</script><img src=x onerror=alert(2)>", 1)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "<img src=x onerror=alert(3)>.txt").write_text(text, encoding="utf-8")
    store = OxigraphStore(tmp_path / "store")
    assert build([folder], store).reports == 1
    g = entity_graph(store)
    store.close()
    evidence = [e.text for _, _, a in g.edges(data=True) for e in a["evidence"]]
    assert any("<script>alert(1)</script>" in t for t in evidence)  # kept as text, not dropped
    page = _Page(render(g))
    assert page.scripts == _Page(render(_benign_graph())).scripts
    assert [h for h in page.handlers if "alert" in (h[2] or "")] == []
    assert page.links == []


# ---------------------------------------------------------------- the endpoint


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
        "select * { service silent<http://10.0.0.1/>{ ?s ?p ?o } }",
        "SELECT * WHERE { ?x ?y ?z SERVICE ?endpoint { ?s ?p ?o } }",
        "PREFIX e: <http://evil/> SELECT * { Service e: {} }",
    ],
)
def test_federated_queries_are_refused(query):
    with pytest.raises(Refused) as err:
        query_of(Request("GET", urllib.parse.urlencode({"query": query})))
    assert err.value.status == 403 and "SERVICE" in err.value.reason


@pytest.mark.parametrize(
    "query",
    ["SELECT ?service WHERE { ?service ?p ?o }", "SELECT * { ?s ex:service ?o }", "SELECT $service {}"],
)
def test_the_word_service_as_a_name_is_fine(query):
    assert query_of(Request("GET", urllib.parse.urlencode({"query": query}))) == query


@contextlib.contextmanager
def _listener():
    """A web server that records whether anyone called it."""
    calls: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the standard library's name
            calls.append(self.path)
            self.send_response(500)
            self.end_headers()

        do_GET = do_POST  # noqa: N815

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", calls
    finally:
        server.shutdown()
        server.server_close()


def test_the_endpoint_does_not_fetch_for_its_clients(seed_store: Path):
    store = open_store(seed_store, read_only=True)
    server = make_server(store, quiet=True)  # the defaults: loopback, a free port
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with _listener() as (target, calls):
            q = f"SELECT * WHERE {{ SERVICE <{target}/sparql> {{ ?s ?p ?o }} }}"
            with pytest.raises(urllib.error.HTTPError) as err:
                urllib.request.urlopen(f"{server.url}/sparql?{urllib.parse.urlencode({'query': q})}")
            assert err.value.code == 403
            assert calls == []
        assert ipaddress.ip_address(server.server_address[0]).is_loopback
    finally:
        server.shutdown()
        server.server_close()
        store.close()
