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
