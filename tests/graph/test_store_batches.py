"""`replace_graphs`: several reports at once, new ones bulk-loaded, known ones replaced, last one wins."""

from rdflib import Literal, URIRef

from graph.merged import MERGED_CLASS, MERGED_GRAPH
from graph.store import OxigraphStore, ntriples

P = URIRef("http://example.org/p")


def _g(name: str) -> URIRef:
    return URIRef(f"https://w3id.org/devreport-kg/report/{name}")


def _nt(*values: str) -> str:
    return ntriples((URIRef(f"http://example.org/{v}"), P, Literal(v, lang="zh")) for v in values)


def _content(s: OxigraphStore) -> set[tuple[str, str]]:
    rows = s.query("SELECT ?g ?o WHERE { GRAPH ?g { ?s ?p ?o } }").rows
    content = {(str(g).rsplit("/", 1)[1], str(o)) for g, o in rows if g != MERGED_GRAPH}
    # the merged graph holds what the report graphs hold, each once (graph/merged.py)
    merged = {str(o) for g, o in rows if g == MERGED_GRAPH and o != MERGED_CLASS}
    assert merged == {o for _, o in content}
    return content


def test_new_and_known_graphs_in_one_batch(tmp_path):
    s = OxigraphStore(tmp_path / "st")
    s.replace_graphs([(_g("a"), _nt("a1", "a2")), (_g("b"), _nt("b1"))])
    s.replace_graphs([(_g("b"), _nt("b2")), (_g("c"), _nt("c1"))])
    assert _content(s) == {("a", "a1"), ("a", "a2"), ("b", "b2"), ("c", "c1")}
    s.close()


def test_a_graph_named_twice_keeps_the_last(tmp_path):
    s = OxigraphStore(tmp_path / "st")
    s.replace_graphs([(_g("a"), _nt("old")), (_g("a"), _nt("new"))])
    assert _content(s) == {("a", "new")}
    s.close()


def test_empty_text_removes_a_graph(tmp_path):
    s = OxigraphStore(tmp_path / "st")
    s.replace_graphs([(_g("a"), _nt("a1")), (_g("b"), _nt("b1"))])
    s.replace_graphs([(_g("a"), ""), (_g("new-and-empty"), "")])
    assert _content(s) == {("b", "b1")} and s.graphs() == [_g("b")]
    s.close()


def test_literals_that_look_like_syntax_survive(tmp_path):
    s = OxigraphStore(tmp_path / "st")
    odd = 'a " .\n<x> } ; DROP ALL \\ \x00 \u2028 end'
    s.replace_graphs([(_g("a"), ntriples([(URIRef("http://example.org/s"), P, Literal(odd))]))])
    s.replace_graphs([(_g("a"), ntriples([(URIRef("http://example.org/s"), P, Literal(odd + "!"))]))])
    assert _content(s) == {("a", odd + "!")}
    s.close()


def test_in_memory_store_takes_batches_too():
    s = OxigraphStore(None)
    s.replace_graphs([(_g("a"), _nt("a1"))])
    s.replace_graphs([(_g("a"), _nt("a2"))])
    assert _content(s) == {("a", "a2")}
