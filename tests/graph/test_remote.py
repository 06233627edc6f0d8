"""`SparqlStore` against things that are not a healthy Oxigraph: other endpoint layouts, wrong URLs,
servers that answer HTML, want a password, or are slow. (The contract itself: tests/graph/test_store.py.)"""

import http.server
import threading

import pytest

from graph.remote import Endpoints, SparqlStore, parse_spec, with_prefixes
from graph.store import open_store
from kgerrors import QueryError, QueryTimeout, StoreError


def test_store_specs():
    assert parse_spec("http://h:7878/") == Endpoints("http://h:7878/query", "http://h:7878/update", True)
    fuseki = parse_spec("query=http://h:3030/ds/query  update=http://h:3030/ds/update")
    assert fuseki == Endpoints("http://h:3030/ds/query", "http://h:3030/ds/update", False)
    assert parse_spec("query=https://h/repositories/kg") == Endpoints("https://h/repositories/kg")
    for bad in (
        "query=ftp://h/q",
        "query=http://h/q delete=http://h/d",
        "http://",
        "query=http://h/q query=http://h/r",
    ):
        with pytest.raises(StoreError):
            parse_spec(bad)


def test_only_undeclared_prefixes_are_added():
    assert with_prefixes("SELEC ?x") == "SELEC ?x"
    q = with_prefixes("PREFIX kg: <urn:x#> SELECT * { ?s kg:p ?o ; rdfs:label ?l }")
    assert q.startswith("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX kg: <urn:x#>")
    assert "\n" not in q  # the query's own lines keep their numbers in server messages


def test_endpoints_given_one_by_one(remote_seed_store, seed_store):
    """The `query=URL update=URL` form, as for Fuseki, GraphDB or Virtuoso, here on Oxigraph's endpoints.
    Without Oxigraph's union option the default graph is the server's own, so read through GRAPH."""
    spec = f"query={remote_seed_store}/query update={remote_seed_store}/update"
    s, local = open_store(spec, read_only=True), open_store(seed_store, read_only=True)
    assert s.graphs() == local.graphs()
    q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s kg:involves ?o } }"
    assert s.query(q).rows == local.query(q).rows
    local.close()


def test_a_store_without_update_endpoint_cannot_be_written(remote_seed_store):
    s = open_store(f"query={remote_seed_store}/query")
    with pytest.raises(StoreError, match="update"):
        s.replace_graph(s.graphs()[0], [])


def test_unreachable_and_wrong_urls_are_one_line_errors(remote_seed_store):
    from tests.conftest import _free_port

    with pytest.raises(StoreError, match="cannot reach"):
        open_store(f"http://127.0.0.1:{_free_port()}").query("ASK {}")
    with pytest.raises(StoreError, match="no SPARQL endpoint.*base URL"):
        open_store(f"{remote_seed_store}/query").query("ASK {}")


# ---------------------------------------------------------------- a stub server


class _Stub(http.server.BaseHTTPRequestHandler):
    reply: tuple[int, str, bytes] = (200, "text/html", b"<html>hello</html>")
    delay = threading.Event()
    seen: list[dict] = []

    def do_POST(self):
        self.seen.append(dict(self.headers))
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.server.slow:
            self.delay.wait(5)
        code, media, body = self.server.reply
        self.send_response(code)
        self.send_header("Content-Type", media)
        for name, value in self.server.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture()
def stub():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Stub)
    srv.reply, srv.slow, srv.headers = _Stub.reply, False, {}
    _Stub.seen.clear()
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield srv
    _Stub.delay.set()
    srv.shutdown()
    srv.server_close()
    _Stub.delay.clear()


def _url(srv, auth=""):
    return f"http://{auth}127.0.0.1:{srv.server_address[1]}"


def test_an_html_page_is_not_taken_for_results(stub):
    with pytest.raises(StoreError, match="text/html, not SPARQL results"):
        open_store(_url(stub)).query("ASK {}")


def test_server_messages_become_one_line_errors(stub):
    stub.reply = (400, "text/plain", b"Parse error:\n  line 1, unexpected SELEC")
    with pytest.raises(QueryError, match="malformed SPARQL query, says the server: Parse error: line 1"):
        open_store(_url(stub)).query("SELEC")
    stub.reply = (401, "text/plain", b"")
    with pytest.raises(StoreError, match="not allowed"):
        open_store(_url(stub)).query("ASK {}")


def test_credentials_in_the_url_are_sent_and_never_shown(stub):
    stub.reply = (200, "application/sparql-results+json", b'{"head":{},"boolean":true}')
    s = open_store(_url(stub, "kg:s%3Acret@"))
    assert s.query("ASK {}").boolean is True
    assert _Stub.seen[-1]["Authorization"] == "Basic a2c6czpjcmV0"  # kg:s:cret
    assert "s:cret" not in repr(s) and "cret" not in str(_Stub.seen[-1].get("Host"))
    stub.reply = (500, "text/plain", b"boom")
    with pytest.raises(StoreError) as err:
        s.query("ASK {}")
    assert "cret" not in str(err.value) and "HTTP 500" in str(err.value)


def test_an_answer_the_server_cut_short_is_refused(stub):
    """Virtuoso stops at ResultSetMaxRows (10,000 in Debian's virtuoso.ini) with a header, not an
    error: an export, or a view of the whole graph, would silently lose the rest."""
    stub.reply = (
        200,
        "application/sparql-results+json",
        b'{"head":{"vars":["s"]},"results":{"bindings":[]}}',
    )
    assert open_store(_url(stub)).query("SELECT ?s {}").rows == []
    stub.headers = {"X-SPARQL-MaxRows": "10000"}
    with pytest.raises(StoreError, match="cut its answer at 10000 rows.*ResultSetMaxRows"):
        open_store(_url(stub)).query("SELECT ?s {}")


def test_a_slow_server_times_out(stub):
    stub.slow = True
    with pytest.raises(QueryTimeout):
        SparqlStore(parse_spec(_url(stub))).query("ASK {}", timeout=0.2)
