"""The merged graph (graph/merged.py): every report's facts once, kept exact by each write.

After a build, a replacement, a removal and a change it must hold exactly the RDF merge of the report
graphs (and of any other graph a user wrote), whatever the reports share; a store written before it
existed gets it on its first write, and until then the lookups stop with one line.
"""

import shutil

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS
from typer.testing import CliRunner

from graph.lookup import lookup
from graph.merged import MERGED, MERGED_CLASS, MERGED_GRAPH
from graph.store import ntriples, open_store
from kg import app
from kgerrors import StoreError
from ontology.terms import LINKS_GRAPH_IRI, REPORT_BASE

M, L = MERGED, f"<{LINKS_GRAPH_IRI}>"


def merged_triples(store) -> set[tuple]:
    """The merged graph's triples but the one saying it is complete."""
    rows = store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH {M} {{ ?s ?p ?o }} }}").rows
    return set(rows) - {(MERGED_GRAPH, RDF.type, MERGED_CLASS)}


def merge_of_named_graphs(store) -> set[tuple]:
    q = f"SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != {M} && ?g != {L}) }}"
    return set(store.query(q).rows)


def assert_exact(store) -> None:
    assert store.has_merged()
    assert merged_triples(store) == merge_of_named_graphs(store)


def report_graphs(store) -> list[URIRef]:
    return [g for g in store.graphs() if str(g).startswith(REPORT_BASE)]


def graph_text(store, g: URIRef) -> str:
    return ntriples(store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}").rows)


def shared_triple(store) -> tuple[tuple, list[URIRef]]:
    """A triple two or more reports state (a district's label), and the graphs stating it."""
    q = (
        f"SELECT ?s ?p ?o (GROUP_CONCAT(STR(?g); separator=' ') AS ?gs) WHERE {{ GRAPH ?g {{ ?s ?p ?o }}"
        f" FILTER(?g != {M} && ?g != {L}) }} GROUP BY ?s ?p ?o HAVING(COUNT(?g) > 1) ORDER BY ?s ?p ?o LIMIT 1"
    )
    s, p, o, gs = store.query(q).rows[0]
    return (s, p, o), [URIRef(g) for g in str(gs).split()]


def test_a_build_leaves_the_merge_of_its_reports(seed_store):
    s = open_store(seed_store, read_only=True)
    try:
        assert_exact(s)
        union = s.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != {M}) }}")
        default = s.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        distinct = s.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
        # a plain query meets each fact once, though the reports repeat what they share
        assert default.rows[0][0].toPython() == distinct.rows[0][0].toPython()
        assert default.rows[0][0].toPython() < union.rows[0][0].toPython()
        assert MERGED_GRAPH not in s.graphs()
    finally:
        s.close()


def test_a_shared_fact_stays_until_the_last_report_stating_it_goes(fresh_store):
    s = open_store(fresh_store)
    try:
        triple, holders = shared_triple(s)
        first, rest = holders[0], holders[1:]
        kept = [t for t in s.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{first}> {{ ?s ?p ?o }} }}").rows]
        s.replace_graph(first, [t for t in kept if t != triple])
        assert triple in merged_triples(s)
        assert_exact(s)
        for g in rest:
            s.remove_graph(g)
        assert triple not in merged_triples(s)
        assert_exact(s)
    finally:
        s.close()


def test_replacing_and_removing_reports_keeps_it_exact(fresh_store):
    s = open_store(fresh_store)
    try:
        graphs = report_graphs(s)
        texts = {g: graph_text(s, g) for g in graphs}
        # replaced by half of itself, by another report's content, and back
        half = "".join(texts[graphs[0]].splitlines(keepends=True)[::2])
        s.replace_graphs([(graphs[0], half), (graphs[1], texts[graphs[2]])])
        assert_exact(s)
        s.replace_graphs([(graphs[0], texts[graphs[0]]), (graphs[1], texts[graphs[1]])])
        assert_exact(s)
        s.remove_graph(graphs[3])
        assert_exact(s)
    finally:
        s.close()


def test_a_user_graph_changed_by_its_difference_is_merged_too(fresh_store):
    s = open_store(fresh_store)
    g = URIRef("https://example.org/notes")
    a = URIRef("https://example.org/a")
    try:
        s.change_graph(g, [], [(a, RDFS.label, Literal("济南中央活力区")), (a, RDFS.comment, Literal("旧"))])
        assert (a, RDFS.comment, Literal("旧")) in merged_triples(s)
        s.change_graph(g, [(a, RDFS.comment, Literal("旧"))], [])
        assert_exact(s)
        assert (a, RDFS.comment, Literal("旧")) not in merged_triples(s)
        assert (a, RDFS.label, Literal("济南中央活力区")) in merged_triples(s)
    finally:
        s.close()


@pytest.fixture()
def old_store(tmp_path, seed_store):
    """The seeds' store as a version before the merged graph wrote it: the same graphs, no merged one."""
    dst = tmp_path / "old"
    shutil.copytree(seed_store, dst)
    raw = ox.Store(str(dst))
    raw.update(f"DROP GRAPH {M}")
    raw.flush()
    del raw
    return dst


def test_an_old_store_is_read_but_not_looked_up_in_until_written(old_store, seed_store):
    s = open_store(old_store, read_only=True)
    try:
        assert not s.has_merged()
        assert s.query("ASK { ?d a kg:District }").boolean  # plain SPARQL reads the union of the graphs
        with pytest.raises(StoreError, match="run `kg build` into it once"):
            lookup(s, "市中区")
    finally:
        s.close()
    r = CliRunner().invoke(app, ["neighbors", "市中区", "--store", str(old_store)])
    assert r.exit_code == 1 and "kg build" in str(r.exception) and r.stdout == ""


def test_an_old_store_gets_its_merged_graph_on_its_first_write(old_store, seed_store):
    s = open_store(old_store)
    try:
        s.change_graph(URIRef("https://example.org/notes"), [], [])  # no change, but a write
        assert_exact(s)
        new = open_store(seed_store, read_only=True)
        try:
            assert merged_triples(s) == merged_triples(new)
            assert lookup(s, "市中区").iri == lookup(new, "市中区").iri
        finally:
            new.close()
    finally:
        s.close()
