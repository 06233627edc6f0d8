"""Positions computed ahead: every node placed, deterministically, components apart, structure visible."""

from __future__ import annotations

import math
import random

import networkx as nx
import pytest

from tests.viz.synthetic import synthetic_graph
from viz.layout import EXACT_LIMIT, SPACING, layout


def _dist(p, a, b) -> float:
    return math.dist(p[a], p[b])


def _box(p, nodes):
    xs, ys = [p[n][0] for n in nodes], [p[n][1] for n in nodes]
    return min(xs), min(ys), max(xs), max(ys)


def _overlap(a, b) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def test_trivial_graphs():
    assert layout(nx.MultiDiGraph()) == {}
    g = nx.MultiDiGraph()
    g.add_node("a")
    assert layout(g) == {"a": (0.0, 0.0)}


@pytest.mark.parametrize("n", [120, EXACT_LIMIT + 300], ids=["exact", "grid"])
def test_layout_is_deterministic_and_shows_structure(n):
    g = synthetic_graph(n, 3 * n // 2)
    p = layout(g)
    assert p == layout(g)
    assert set(p) == set(g.nodes) and all(math.isfinite(c) for xy in p.values() for c in xy)

    comps = sorted(nx.weakly_connected_components(g), key=len, reverse=True)
    big = list(comps[0])
    if n > EXACT_LIMIT:
        assert len(big) > EXACT_LIMIT  # the grid-repulsion path really ran
    # linked nodes sit much closer together than nodes picked at random
    rng = random.Random(1)
    linked = sum(_dist(p, a, b) for a, b in g.subgraph(big).edges()) / g.subgraph(big).number_of_edges()
    anyhow = sum(_dist(p, rng.choice(big), rng.choice(big)) for _ in range(500)) / 500
    assert linked < 0.6 * anyhow
    # no two nodes on top of each other, no component over another
    assert min(_dist(p, a, b) for a, b in zip(big, big[1:], strict=False)) > 0
    nearest = sorted(min(_dist(p, a, b) for b in big[:200] if b != a) for a in big[:200])
    assert nearest[len(nearest) // 2] > SPACING / 4
    boxes = [_box(p, c) for c in comps[:20]]
    assert not any(_overlap(boxes[i], boxes[j]) for i in range(len(boxes)) for j in range(i))


def test_many_small_components_are_packed_not_strewn():
    g = nx.MultiDiGraph()
    for i in range(100):
        g.add_edge(f"a{i}", f"b{i}", key="partOf")
    p = layout(g)
    x0, y0, x1, y1 = _box(p, g.nodes)
    assert 0.3 < (x1 - x0) / (y1 - y0) < 3  # roughly square, not one long row
    assert all(SPACING / 2 < _dist(p, f"a{i}", f"b{i}") < 2 * SPACING for i in range(100))


def test_single_nodes_form_a_block_not_a_row():
    g = synthetic_graph(120, 180)
    g.add_nodes_from(f"alone{i}" for i in range(30))
    p = layout(g)
    alone = [f"alone{i}" for i in range(30)]
    x0, y0, x1, y1 = _box(p, alone)
    assert 0.5 < (x1 - x0) / (y1 - y0) < 2  # a square block
    assert not _overlap((x0, y0, x1, y1), _box(p, max(nx.weakly_connected_components(g), key=len)))


def test_a_tie_places_a_node_by_its_anchor():
    g = synthetic_graph(120, 180)
    hub = max(g, key=g.degree)
    g.add_node("alone")
    p = layout(g, ties={"alone": hub})
    others = sorted(_dist(p, hub, n) for n in g if n not in (hub, "alone"))
    assert _dist(p, "alone", hub) < others[len(others) // 2]  # nearer than most of the graph
    assert ("alone", hub) not in g.edges  # placed only: no edge made


def test_the_same_drawing_in_every_process():
    """String hashing changes between processes, and with it networkx's order of edges: the
    layout must not follow it (the README's screenshots and the tests rely on one drawing)."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    code = (
        "from tests.viz.synthetic import synthetic_graph; from viz.layout import layout; "
        "p = layout(synthetic_graph(150, 220)); print(sorted(p.items()))"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(runs) == 1
