"""The embedded store: graphs replaced whole, re-builds idempotent, union default graph, bound names."""

import pytest
from rdflib import Literal

from graph.build import report_iri
from graph.ingest import build
from graph.store import OxigraphStore, open_store
from kgerrors import QueryError, StoreError
from tests.conftest import seed


def _count(s):
    return s.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0][0].toPython()


def test_rebuilding_the_same_reports_changes_nothing(fresh_store, seed_paths):
    s = open_store(fresh_store)
    before = _count(s)
    graphs = s.graphs()
    build(seed_paths, s)
    assert _count(s) == before and s.graphs() == graphs
    s.close()


def test_one_named_graph_per_report(seed_store, seed_paths):
    s = open_store(seed_store, read_only=True)
    assert set(s.graphs()) == {report_iri(p.name) for p in seed_paths}
    s.close()


def test_replacing_a_graph_drops_its_old_triples(tmp_path):
    s = OxigraphStore(tmp_path / "st")
    g = report_iri("x.txt")
    from rdflib import URIRef

    a = URIRef("http://example.org/a")
    s.replace_graph(g, [(a, URIRef("http://example.org/p"), Literal("old"))])
    s.replace_graph(g, [(a, URIRef("http://example.org/p"), Literal("new"))])
    rows = s.query("SELECT ?o WHERE { ?s ?p ?o }").rows
    assert [str(r[0]) for r in rows] == ["new"]
    s.close()


def test_names_are_bound_not_pasted(seed_store):
    s = open_store(seed_store, read_only=True)
    q = "SELECT DISTINCT ?e ?name WHERE { ?e rdfs:label ?name }"  # Oxigraph binds projected variables
    assert len(s.query(q, {"name": Literal("市中区", lang="zh")}).rows) == 1
    hostile = Literal('市中区" } ; DROP ALL ; SELECT * { ?s ?p "', lang="zh")
    assert s.query(q, {"name": hostile}).rows == []
    s.close()


def test_errors_are_one_line(tmp_path, seed_store):
    with pytest.raises(StoreError, match="no store"):
        open_store(tmp_path / "missing", read_only=True)
    s = open_store(seed_store, read_only=True)
    with pytest.raises(QueryError, match="malformed"):
        s.query("SELEC ?x")
    s.close()


def test_build_reports_bad_files_and_keeps_the_rest(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "ok.txt").write_text(seed("004").read_text(encoding="utf-8"), encoding="utf-8")
    s = open_store(tmp_path / "st")
    summary = build([tmp_path / "in"], s)
    assert summary.reports == 1 and len(summary.skipped) == 1 and "empty" in summary.skipped[0]
    s.close()
