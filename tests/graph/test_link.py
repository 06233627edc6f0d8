"""Entities of different reports that are the same thing are linked, and only those."""

from graph.link import LINKS_GRAPH, find_links, link
from graph.store import open_store


def _labels(store, pairs):
    out = set()
    for a, b in pairs:
        la = store.query(f"SELECT ?l WHERE {{ <{a}> rdfs:label ?l }}").rows[0][0]
        lb = store.query(f"SELECT ?l WHERE {{ <{b}> rdfs:label ?l }}").rows[0][0]
        out.add(frozenset((str(la), str(lb))))
    return out


def test_a_zone_shortened_in_one_report_is_linked_to_its_full_name(fresh_store):
    s = open_store(fresh_store)
    pairs = _labels(s, find_links(s))
    assert frozenset(("中央活力区", "济南中央活力区")) in pairs  # 002 and 000, both about 市中区
    assert frozenset(("中央商埠区", "济南中央商埠区")) in pairs
    # 历下区's “三区” (003) and 市中区's “三区”战略 (000) only share the city: not the same thing
    assert not any("三区" in p and "三区战略" in p for p in pairs)
    s.close()


def test_links_live_in_their_own_graph_and_are_recomputed(fresh_store):
    s = open_store(fresh_store)
    n = link(s)
    assert n >= 2 and LINKS_GRAPH in s.graphs()
    count = (
        s.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{LINKS_GRAPH}> {{ ?a skos:exactMatch ?b }} }}")
        .rows[0][0]
        .toPython()
    )
    assert count == 2 * n  # both directions
    assert link(s) == n  # idempotent
    s.close()


def _links_graph(store) -> set[tuple[str, str, str]]:
    rows = store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{LINKS_GRAPH}> {{ ?s ?p ?o }} }}").rows
    return {(str(s), str(p), str(o)) for s, p, o in rows}


def test_after_a_report_goes_only_the_difference_is_written_and_it_equals_a_recomputation(fresh_store):
    from graph.build import report_iri
    from graph.link import up_to_date

    s = open_store(fresh_store)
    link(s)
    before = _links_graph(s)
    gone = report_iri("002_2bd6ca4ad038a17f.txt")  # the report that says 中央活力区
    s.remove_graph(gone)
    assert not up_to_date(s)

    def no_rewrite(*_a, **_k):
        raise AssertionError("the links graph was rewritten whole")

    written = []
    s.replace_graph = no_rewrite
    change = s.change_graph
    s.change_graph = lambda g, removed, added: (
        written.append((list(removed), list(added))) or change(g, removed, added)
    )
    n = link(s)
    after = _links_graph(s)
    assert up_to_date(s) and after != before
    assert len(after) < len(before)  # the links of 002's entities went with it
    ((removed, added),) = written  # one update, of what changed and nothing else

    def as_text(triples):
        return {tuple(map(str, t)) for t in triples}

    assert as_text(removed) == before - after and as_text(added) == after - before
    # the same as computing the links graph afresh
    s.remove_graph(LINKS_GRAPH)
    del s.replace_graph
    assert link(s) == n and _links_graph(s) == after
    s.close()
