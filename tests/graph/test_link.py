"""Entities of different reports that are the same thing are linked, and only those."""

from graph.link import LINKS_GRAPH, find_links, link, relink, up_to_date
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


def test_links_kept_up_to_date_report_by_report_are_those_computed_afresh(tmp_path):
    """`relink` after reports are added and others replaced (new names, names gone) gives the links
    graph `link` computes from the whole store: the same links and keys, read from a fraction of it."""
    from bench.corpus import make_corpus
    from graph.ingest import build

    reports = make_corpus(36, tmp_path / "corpus")  # recombined seeds moved to other cities: many links
    s = open_store(tmp_path / "store")
    try:
        build(reports[:30], s)
        link(s)
        steps = [reports[30:33], reports[33:36]]
        changed = reports[2:4]  # rewritten: a name in them changes, another goes
        for p in changed:
            text = p.read_text(encoding="utf-8")
            p.write_text(
                text.replace("中央活力区", "中央活力新区").replace("起步区", "新起步区"), encoding="utf-8"
            )
        steps.append(changed)
        seen = [_links_graph(s)]
        for batch in steps:
            summary = build(batch, s)
            assert summary.written and len(summary.written) == len(batch)
            reads: list[str] = []

            def counted(q, *a, query=s.query, reads=reads, **k):
                reads.append(q)
                return query(q, *a, **k)

            s.query = counted
            relink(s, summary.written, summary.replaced)
            del s.query
            assert not any("VALUES" not in q and "rdf-schema#label" in q for q in reads)  # no whole reading
            kept = _links_graph(s)
            assert up_to_date(s)
            s.remove_graph(LINKS_GRAPH)
            link(s)
            assert _links_graph(s) == kept
            seen.append(kept)
        assert all(a != b for a, b in zip(seen, seen[1:], strict=False))  # each step changed the links
        assert sum("exactMatch" in p for _, p, _ in kept) > 20
    finally:
        s.close()
