"""`kg serve` queried the way users do: with SPARQLWrapper, in every format, and with what it must refuse."""

import contextlib
import io
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
import warnings

import pytest
from rdflib import Graph
from rdflib.query import Result
from SPARQLWrapper import CSV, JSON, JSONLD, POST, RDFXML, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from endpoint.server import make_server
from graph.store import open_store
from tests.conftest import ROOT

SELECT = """PREFIX kg: <https://w3id.org/devreport-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?d ?name ?n WHERE { ?d a kg:District ; rdfs:label ?name . BIND(STRLEN(?name) AS ?n) }
ORDER BY ?name"""
CONSTRUCT = """PREFIX kg: <https://w3id.org/devreport-kg/ontology#>
CONSTRUCT { ?d kg:hasStrategy ?s ; <http://www.w3.org/2000/01/rdf-schema#label> ?l }
WHERE { ?d <http://www.w3.org/2000/01/rdf-schema#label> "历下区"@zh, ?l ; kg:hasStrategy ?s }"""


@contextlib.contextmanager
def running(spec, timeout=30.0, store=None, **options):
    """`make_server` on `spec` serving in a thread; `store` stands in for the one it opens."""
    opened = open_store(spec, read_only=True)
    store = store or opened
    server = make_server(store, "127.0.0.1", 0, spec=spec, timeout=timeout, quiet=True, **options)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.url, store
    finally:
        server.shutdown()
        server.server_close()
        opened.close()


@pytest.fixture(scope="module")
def served(seed_store):
    with running(seed_store) as (url, store):
        yield url, store


def client(url, query, fmt, method="GET"):
    w = SPARQLWrapper(f"{url}/sparql", returnFormat=fmt)
    w.setQuery(query)
    w.setMethod(method)
    with warnings.catch_warnings():
        # SPARQLWrapper warns when the answer is not in the format asked for
        warnings.simplefilter("error", RuntimeWarning)
        return w.query().convert()


def rows_of(store, query):
    return {tuple(r) for r in store.query(query).rows}


@pytest.mark.parametrize("method", ["GET", POST])
def test_select_as_json(served, method):
    url, store = served
    data = client(url, SELECT, JSON, method)
    got = Result.parse(io.StringIO(__import__("json").dumps(data)), format="json")
    assert {tuple(r) for r in got} == rows_of(store, SELECT)
    assert len(data["results"]["bindings"]) > 10 and data["head"]["vars"] == ["d", "name", "n"]


@pytest.mark.parametrize("fmt, parser", [(XML, "xml"), (TSV, "tsv")])
def test_select_as_xml_and_tsv(served, fmt, parser):
    url, store = served
    body = client(url, SELECT, fmt)
    raw = body.toxml().encode("utf-8") if fmt == XML else body
    assert {tuple(r) for r in Result.parse(io.BytesIO(raw), format=parser)} == rows_of(store, SELECT)


def test_select_as_csv(served):
    url, store = served
    got = Result.parse(io.BytesIO(client(url, SELECT, CSV)), format="csv")
    assert {tuple(map(str, r)) for r in got} == {tuple(map(str, r)) for r in rows_of(store, SELECT)}


def test_ask(served):
    url, _ = served
    assert (
        client(url, 'ASK { ?e <http://www.w3.org/2000/01/rdf-schema#label> "历下区"@zh }', JSON)["boolean"]
        is True
    )
    xml = client(url, "ASK { ?e a <urn:nothing> }", XML)
    assert xml.getElementsByTagName("boolean")[0].firstChild.data == "false"


@pytest.mark.parametrize("fmt", [TURTLE, RDFXML, JSONLD])
def test_construct_as_rdf(served, fmt):
    url, store = served
    body = client(url, CONSTRUCT, fmt)
    g = Graph().parse(data=body, format="turtle") if fmt == TURTLE else body
    want = set(store.query(CONSTRUCT).triples)
    assert set(g) == want and len(want) > 3


def test_describe(served):
    url, store = served
    q = 'DESCRIBE ?e WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> "中泰证券"@zh }'
    g = Graph().parse(data=client(url, q, TURTLE), format="turtle")
    assert set(g) == set(store.query(q).triples) != set()


def test_updates_are_refused_with_403_and_change_nothing(served):
    url, store = served
    before = len(store.graphs())
    for update in ("DROP ALL", "INSERT DATA { <urn:a> <urn:b> <urn:c> }"):
        w = SPARQLWrapper(f"{url}/sparql", updateEndpoint=f"{url}/sparql")
        w.setMethod(POST)
        w.setQuery(update)
        with pytest.raises(urllib.error.HTTPError) as err:
            w.query()
        assert err.value.code == 403
        # the same text sent as a query is refused too, as an update
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(f"{url}/sparql", urllib.parse.urlencode({"query": update}).encode())
        assert err.value.code == 403
    assert len(store.graphs()) == before
    assert client(url, "ASK { <urn:a> <urn:b> <urn:c> }", JSON)["boolean"] is False


def test_a_malformed_query_is_a_400_with_one_line(served):
    url, _ = served
    with pytest.raises(QueryBadFormed, match="malformed"):
        client(url, "SELEC ?x", JSON)
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(f"{url}/sparql?query=SELEC")
    assert err.value.code == 400 and err.value.read().decode().count("\n") == 1


def test_a_query_past_the_time_limit_gets_503(seed_store):
    with running(seed_store, timeout=0.3) as (url, _):
        q = urllib.parse.quote("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }")  # 17 million rows
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(f"{url}/sparql?query={q}")
        assert err.value.code == 503 and b"time limit" in err.value.read()
        assert client(url, "ASK { ?s ?p ?o }", JSON)["boolean"] is True  # and it still answers


def test_the_graph_page_and_unknown_paths(served):
    url, _ = served
    with urllib.request.urlopen(f"{url}/graph") as r:
        page = r.read().decode("utf-8")
        assert r.headers.get_content_type() == "text/html"
    assert "<script" in page and "vis" in page and "发展报告知识图谱" in page
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(f"{url}/nothing")
    assert err.value.code == 404
    req = urllib.request.Request(f"{url}/sparql", data=b"", method="PUT")
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req)
    assert err.value.code == 405


def test_serving_a_remote_store(remote_seed_store, seed_store):
    with running(remote_seed_store) as (url, _), running(seed_store) as (local, _):
        assert client(url, SELECT, JSON) == client(local, SELECT, JSON)


def test_kg_serve_from_the_command_line(seed_store):
    cmd = [sys.executable, str(ROOT / "kg.py"), "serve", "--port", "0", "--quiet", "--store", str(seed_store)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        line = proc.stdout.readline()
        assert line.startswith("SPARQL endpoint http://127.0.0.1:"), line + proc.stderr.read()
        url = line.split()[2].removesuffix("/sparql")
        assert client(url, 'ASK { ?e <http://www.w3.org/2000/01/rdf-schema#label> "市中区"@zh }', JSON)[
            "boolean"
        ]
        port = url.rsplit(":", 1)[1]
        busy = subprocess.run(
            [*cmd[:4], port, *cmd[5:]], capture_output=True, text=True, cwd=ROOT, timeout=120
        )
        assert busy.returncode == 1 and "cannot listen" in busy.stderr and len(busy.stderr.splitlines()) == 1
    finally:
        proc.terminate()
        proc.wait(timeout=30)
