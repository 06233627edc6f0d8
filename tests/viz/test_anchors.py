"""An entity with no relation is tied to the district its report is about."""

from __future__ import annotations

import networkx as nx

from graph.views import EvidenceRef
from viz.anchors import anchors, report_districts


def _graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for n, t, reports in (
        ("big", "District", ["a.txt", "b.txt"]),
        ("small", "District", ["a.txt"]),
        ("s1", "Strategy", ["a.txt"]),
        ("s2", "Strategy", ["a.txt"]),
        ("lone", "Organization", ["a.txt"]),
        ("lone_b", "District", ["c.txt", "b.txt"]),
        ("nowhere", "Project", ["z.txt"]),
    ):
        g.add_node(n, type=t, label=n, reports=reports)
    ev = [EvidenceRef("a.txt", "…", 0, 1)]
    g.add_edge("small", "s1", key="hasStrategy", evidence=ev)
    g.add_edge("big", "s1", key="hasStrategy", evidence=ev)
    g.add_edge("big", "s2", key="hasStrategy", evidence=[*ev, EvidenceRef("b.txt", "…", 0, 1)])
    return g


def test_each_report_has_the_district_it_states_most_about():
    assert report_districts(_graph()) == {"a.txt": "big", "b.txt": "big"}


def test_unlinked_entities_are_tied_to_their_reports_district():
    # lone_b: c.txt has no district, b.txt does; nowhere: no report with one, so no tie
    assert anchors(_graph()) == {"lone": "big", "lone_b": "big"}
