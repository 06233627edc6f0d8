"""The store contract, run against both stores: the embedded Oxigraph and a SPARQL server over HTTP.

Graphs replaced whole, re-builds idempotent, one named graph per report, the union default graph,
names bound (never pasted), one-line errors, and the same answers from both.
"""

import pytest
from rdflib import Literal, URIRef

from graph.build import report_iri
from graph.ingest import build
from graph.store import OxigraphStore, open_store
from kgerrors import QueryError, StoreError
from tests.conftest import seed

STORES = ["embedded", "remote"]


@pytest.fixture(params=STORES)
def seeds(request):
    """The seeds' store, read only, in each implementation."""
    spec = request.getfixturevalue("seed_store" if request.param == "embedded" else "remote_seed_store")
    s = open_store(spec, read_only=True)
    yield s
    s.close()


@pytest.fixture(params=STORES)
def writable(request, tmp_path):
    """An empty store free to be written, in each implementation."""
    spec = tmp_path / "st" if request.param == "embedded" else request.getfixturevalue("empty_server")
    s = open_store(spec)
    yield s
    s.close()


def _count(s):
    return s.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0][0].toPython()


def test_rebuilding_the_same_reports_changes_nothing(writable, seed_paths):
    build(seed_paths, writable)
    before, graphs = _count(writable), writable.graphs()
    build(seed_paths, writable)
    assert _count(writable) == before > 3000 and writable.graphs() == graphs


def test_one_named_graph_per_report(seeds, seed_paths):
    assert set(seeds.graphs()) == {report_iri(p.name) for p in seed_paths}


def test_the_default_graph_is_the_union_of_the_reports(seeds, seed_paths):
    q = "SELECT DISTINCT ?src WHERE { ?r dcterms:source ?src }"  # each report's own graph says its name
    assert {str(r[0]) for r in seeds.query(q).rows} == {p.name for p in seed_paths}


def test_replacing_a_graph_drops_its_old_triples(writable):
    g = report_iri("x.txt")
    a, p = URIRef("http://example.org/a"), URIRef("http://example.org/p")
    writable.replace_graph(g, [(a, p, Literal("old")), (a, p, Literal('a "quoted"\nline', lang="zh"))])
    writable.replace_graph(g, [(a, p, Literal("new"))])
    rows = writable.query(f"SELECT ?o WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}").rows
    assert [str(r[0]) for r in rows] == ["new"]
    merged = writable.query("SELECT DISTINCT ?o WHERE { GRAPH ?g { <http://example.org/a> ?p ?o } }").rows
    assert [str(r[0]) for r in merged] == ["new"]


def test_names_are_bound_not_pasted(seeds):
    q = "SELECT DISTINCT ?e ?name WHERE { ?e rdfs:label ?name }"
    assert len(seeds.query(q, {"name": Literal("市中区", lang="zh")}).rows) == 1
    hostile = Literal('市中区" } ; DROP ALL ; SELECT * { ?s ?p "', lang="zh")
    assert seeds.query(q, {"name": hostile}).rows == []
    # a variable the query does not return is bound too (graph/bind.py); one it does not have is refused
    assert (
        len(
            seeds.query(
                "SELECT DISTINCT ?e WHERE { ?e rdfs:label ?name }", {"name": Literal("市中区", lang="zh")}
            ).rows
        )
        == 1
    )
    with pytest.raises(QueryError, match=r"no variable \?name"):
        seeds.query("SELECT ?e WHERE { ?e rdfs:label ?l }", {"name": Literal("市中区", lang="zh")})


@pytest.mark.parametrize(
    "query",
    [
        # DISTINCT: the embedded default graph holds each triple once (the merged graph), a server's
        # union default graph once per graph holding it
        "SELECT DISTINCT ?l WHERE { ?e a kg:Organization ; rdfs:label ?l } ORDER BY ?l",
        'ASK { ?e rdfs:label "比亚迪新能源整车项目"@zh }',
        'ASK { ?e rdfs:label "no such thing"@zh }',
        'CONSTRUCT { ?d kg:hasStrategy ?s } WHERE { ?d rdfs:label "历下区"@zh ; kg:hasStrategy ?s }',
        'DESCRIBE ?e WHERE { ?e rdfs:label "中泰证券"@zh }',
        "SELECT ?s ?n WHERE { GRAPH ?g { ?st kg:evidenceStart ?n ; rdf:subject ?s } } ORDER BY ?n ?s LIMIT 50",
    ],
)
def test_both_stores_give_the_same_answers(seed_store, remote_seed_store, query):
    local, remote = open_store(seed_store, read_only=True), open_store(remote_seed_store, read_only=True)
    a, b = local.query(query), remote.query(query)
    assert (a.kind, a.vars, a.rows, a.boolean) == (b.kind, b.vars, b.rows, b.boolean)
    assert set(a.triples) == set(b.triples)
    assert a.rows or a.triples or a.kind == "ask"
    local.close()


def test_errors_are_one_line(tmp_path, seeds):
    with pytest.raises(StoreError, match="no store"):
        open_store(tmp_path / "missing", read_only=True)
    with pytest.raises(QueryError, match="malformed"):
        seeds.query("SELEC ?x")


def test_a_read_only_store_refuses_writes(seeds):
    with pytest.raises(StoreError, match="read-only"):
        seeds.replace_graph(report_iri("x.txt"), [])
    assert len(seeds.graphs()) == 5


def test_build_reports_bad_files_and_keeps_the_rest(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "ok.txt").write_text(seed("004").read_text(encoding="utf-8"), encoding="utf-8")
    s = OxigraphStore(tmp_path / "st")
    summary = build([tmp_path / "in"], s)
    assert summary.reports == 1 and len(summary.skipped) == 1 and "empty" in summary.skipped[0]
    s.close()
