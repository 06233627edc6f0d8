"""Walking the store: neighbourhoods by hop, relation, direction and class; shortest paths.

The walks read the store with SPARQL, hop by hop; the networkx view of the whole graph is the
independent reference they are checked against.
"""

import networkx as nx
import pytest

from graph.lookup import lookup
from graph.store import open_store
from graph.views import entity_graph
from graph.walk import neighbourhood, of_types, shortest_paths, with_ancestors
from kgerrors import QueryError
from tests.tiny_store import make_tiny_store


@pytest.fixture(scope="module")
def store(seed_store):
    s = open_store(seed_store, read_only=True)
    yield s
    s.close()


@pytest.fixture(scope="module")
def g(store):
    return entity_graph(store)


def _labels(steps):
    return {s.node.label for s in steps}


def test_a_company_s_neighbours_include_its_project_with_evidence(store):
    steps = neighbourhood(store, lookup(store, "比亚迪"))
    project = [s for s in steps if s.node.label == "比亚迪新能源整车项目"]
    assert project and project[0].relation == "involves" and project[0].direction == "in"
    assert all(s.evidence and s.evidence[0].text and s.evidence[0].report.endswith(".txt") for s in steps)


@pytest.mark.parametrize("name", ["比亚迪", "市中区", "起步区", "中泰证券"])
def test_one_hop_reaches_exactly_the_networkx_neighbours(store, g, name):
    root = lookup(store, name)
    expected = {(h, r, t) for h, t, r in g.in_edges(root.iri, keys=True)}
    expected |= {(h, r, t) for h, t, r in g.out_edges(root.iri, keys=True)}
    assert {s.edge for s in neighbourhood(store, root)} == expected


def test_a_relation_filter_keeps_only_those_relations(store):
    steps = neighbourhood(store, lookup(store, "市中区"), relations=["hasStrategy"])
    assert steps and {s.relation for s in steps} == {"hasStrategy"}
    assert {s.node.type for s in steps} == {"Strategy"}


def test_depth_two_reaches_further_than_depth_one(store, g):
    root = lookup(store, "比亚迪")
    one, two = neighbourhood(store, root, 1), neighbourhood(store, root, 2)
    assert _labels(one) < _labels(two)
    assert {s.hop for s in two} == {1, 2} and [s for s in two if s.hop == 1] == one
    within_two = set(nx.ego_graph(g.to_undirected(as_view=True), root.iri, radius=2)) - {root.iri}
    assert {s.node.iri for s in two} == within_two


def test_each_relation_is_shown_once(store):
    steps = neighbourhood(store, lookup(store, "起步区"), 3)
    assert len({s.edge for s in steps}) == len(steps)


def test_directions_split_the_neighbourhood(store):
    root = lookup(store, "比亚迪")
    out = neighbourhood(store, root, direction="out")
    into = neighbourhood(store, root, direction="in")
    assert {s.direction for s in out} == {"out"} and {s.direction for s in into} == {"in"}
    assert {s.edge for s in out} | {s.edge for s in into} == {s.edge for s in neighbourhood(store, root)}


def test_a_class_filter_keeps_the_chain_that_leads_to_each_kept_node(store):
    root = lookup(store, "市中区")
    steps = neighbourhood(store, root, 2)
    orgs = of_types(steps, ["Organization"])
    assert orgs and {s.node.type for s in orgs} == {"Organization"}
    shown = with_ancestors(steps, orgs)
    reached = {root.iri} | {s.node.iri for s in shown}
    assert all(s.source.iri in reached for s in shown)


@pytest.mark.parametrize("bad", [{"relations": ["hasStrat"]}, {"direction": "up"}])
def test_unknown_relations_and_directions_are_refused(store, bad):
    with pytest.raises(QueryError):
        neighbourhood(store, lookup(store, "市中区"), **bad)


def test_relations_without_recorded_evidence_are_still_walked():
    s = make_tiny_store()
    steps = neighbourhood(s, lookup(s, "甲项目"))
    assert _labels(steps) == {"甲公司", "乙 集团"} and all(st.evidence == () for st in steps)
    s.close()


def _far(g, name_iri, hops):
    """Entities exactly `hops` away from the given one (edges either way), in a stable order."""
    dist = nx.single_source_shortest_path_length(g.to_undirected(as_view=True), name_iri, cutoff=hops)
    return sorted(n for n, d in dist.items() if d == hops)


@pytest.mark.parametrize("a, hops", [("市中区", 1), ("比亚迪", 2), ("比亚迪", 3), ("起步区", 4)])
def test_shortest_paths_are_chains_as_short_as_networkx_finds(store, g, a, hops):
    start = lookup(store, a)
    for goal_iri in _far(g, start.iri, hops)[:3]:
        goal = lookup(store, goal_iri)
        paths = shortest_paths(store, start, goal, limit=5)
        assert paths and all(len(p) == hops for p in paths)
        assert len({tuple(s.edge for s in p) for p in paths}) == len(paths)
        for p in paths:
            assert p[0].source.iri == start.iri and p[-1].node.iri == goal.iri
            assert all(x.node.iri == y.source.iri for x, y in zip(p, p[1:], strict=False))


@pytest.mark.parametrize("a, hops", [("比亚迪", 3), ("起步区", 4), ("市中区", 3)])
def test_every_shortest_chain_is_found_from_both_ends(store, g, a, hops):
    """The search meets in the middle; the chains it gives are all networkx's shortest paths (as node
    sequences, with limit above their number), each step numbered by its place in the chain."""
    u = g.to_undirected(as_view=True)
    start = lookup(store, a)
    for goal_iri in _far(g, start.iri, hops)[:4]:
        want = {tuple(p) for p in nx.all_shortest_paths(u, start.iri, goal_iri)}
        got = shortest_paths(store, start, lookup(store, goal_iri), limit=len(want) + 5)
        assert {(start.iri, *(s.node.iri for s in p)) for p in got} == want
        assert all([s.hop for s in p] == list(range(1, hops + 1)) for p in got)


def test_the_district_and_the_broker_it_works_with_are_linked(store):
    paths = shortest_paths(store, lookup(store, "市中区"), lookup(store, "中泰证券"))
    assert paths and paths[0][-1].node.label == "中泰证券"


def test_the_path_limit_is_respected(store, g):
    u = g.to_undirected(as_view=True)
    start, goal = next(  # an entity with several shortest chains from a hub, per networkx
        (s, n)
        for s in [lookup(store, "起步区")]
        + [lookup(store, h) for h, _ in sorted(u.degree, key=lambda x: -x[1])[:5]]
        for hops in (2, 3)
        for n in _far(g, s.iri, hops)
        if len(list(nx.all_shortest_paths(u, s.iri, n))) > 1
    )
    assert len(shortest_paths(store, start, lookup(store, goal), limit=5)) > 1
    assert len(shortest_paths(store, start, lookup(store, goal), limit=1)) == 1


def test_unconnected_entities_have_no_path(store, g):
    loner = next(n for n in g if g.degree(n) == 0)
    assert shortest_paths(store, lookup(store, "市中区"), lookup(store, loner)) == []
    with pytest.raises(QueryError, match="same entity"):
        shortest_paths(store, lookup(store, "市中区"), lookup(store, "市中区"))


def test_an_entity_named_by_many_reports_is_found_and_walked_once_with_every_report(tmp_path, seed_paths):
    """Every report describes again the entities it names; lookups and walks must merge those copies,
    not multiply them (they are matched report graph by report graph)."""
    from graph.ingest import build

    seed = next(p for p in seed_paths if "比亚迪" in p.read_text(encoding="utf-8"))
    (tmp_path / "reports").mkdir()
    copies = [tmp_path / "reports" / f"copy{i}.txt" for i in range(6)]
    for copy in copies:
        copy.write_bytes(seed.read_bytes())
    one, many = open_store(tmp_path / "one"), open_store(tmp_path / "many")
    build(copies[:1], one)
    build(copies, many)

    found_once, found_often = lookup(one, "比亚迪"), lookup(many, "比亚迪")
    assert found_often.iri == found_once.iri and found_often.label == found_once.label
    assert found_often.aliases == found_once.aliases
    assert found_often.reports == tuple(c.name for c in copies)

    walked_once, walked_often = neighbourhood(one, found_once, 2), neighbourhood(many, found_often, 2)
    assert [(s.hop, s.relation, s.node.iri) for s in walked_often] == [
        (s.hop, s.relation, s.node.iri) for s in walked_once
    ]
    for step in walked_often:
        assert {ref.report for ref in step.evidence} == {c.name for c in copies}
    one.close()
    many.close()


def test_a_limit_keeps_the_first_relations_counts_the_rest_and_walks_no_further(store):
    from graph.walk import bounded_neighbourhood

    root = lookup(store, "市中区")
    full = neighbourhood(store, root, 2)
    first_hop = [s for s in full if s.hop == 1]
    assert len(first_hop) > 10
    cut = bounded_neighbourhood(store, root, 2, limit=10)
    assert cut.steps == first_hop[:10]
    assert (cut.left_out, cut.hops_walked) == (len(first_hop) - 10, 1)
    # a limit the walk never reaches changes nothing
    whole = bounded_neighbourhood(store, root, 2, limit=len(full))
    assert whole.steps == full and whole.left_out == 0 and whole.hops_walked == 2


def test_kg_neighbors_limit_says_what_it_left_out(seed_store):
    import json
    import subprocess
    import sys

    from tests.conftest import ROOT

    cmd = [sys.executable, str(ROOT / "kg.py"), "neighbors", "市中区", "--depth", "2", "--limit", "3"]
    cmd += ["--store", str(seed_store)]
    p = subprocess.run([*cmd, "--format", "table"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert p.returncode == 0
    assert p.stderr.startswith("--limit 3: 3 relations shown;") and "hop 2 not walked" in p.stderr
    p = subprocess.run([*cmd, "--format", "json"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    data = json.loads(p.stdout)
    assert len(data["neighbors"]) == 3 and data["limit"]["hops_walked"] == 1 and data["limit"]["left_out"] > 0
