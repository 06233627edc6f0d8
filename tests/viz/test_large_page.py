"""The page at the size of 1,000 reports (5,174 entities, 44,459 relations, as a user's corpus had),
in headless Chromium: what is named at first sight, the spotlight, dragging. The graph is the
synthetic one (tests/viz/synthetic.py: no extraction), made and opened once for the module."""

from __future__ import annotations

import pytest

from tests.viz.browser import CHROMIUM, chromium, open_page
from tests.viz.test_browser import _empty_point, _overlapping

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")

ENTITIES, RELATIONS = 5174, 44459


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    pytest.importorskip("playwright.sync_api")
    from tests.viz.synthetic import synthetic_graph
    from viz.html import write_html

    g = synthetic_graph(ENTITIES, RELATIONS)
    path = write_html(g, tmp_path_factory.mktemp("large") / "graph.html")
    with chromium() as ctx:
        page, watch = open_page(ctx, path, timeout_ms=120_000)
        yield g, page, watch
        page.close()


def _labelled(page) -> list[str]:
    return page.evaluate("kg.labelled().map(id => kg.data.nodes[id].iri)")


def test_first_sight_names_the_main_districts_and_hubs_within_a_budget(big):
    from viz.html import DISTRICTS_FIRST, LABEL_AREA, LABELS_MAX

    g, page, watch = big
    named = _labelled(page)
    w, h = page.evaluate("[graph.clientWidth, graph.clientHeight]")
    assert 30 <= len(named) <= min(LABELS_MAX, round(w * h / LABEL_AREA))
    districts = sorted((n for n, t in g.nodes(data="type") if t == "District"), key=g.degree, reverse=True)
    assert len(districts) > 200  # far more than can be named at once
    assert set(districts[:DISTRICTS_FIRST]) <= set(named)
    kinds = [g.nodes[n]["type"] for n in named]
    assert kinds.count("District") >= 10
    assert kinds.count("Strategy") + kinds.count("Project") >= 5
    assert _overlapping(page.evaluate("kg.labelBoxes()")) == []
    # the edges are the page's faint strokes, not 44,459 vis-network edges
    assert page.evaluate("network.body.edgeIndices.length") == 0
    assert watch.errors == [] and len(watch.requests) == 1


def test_search_lights_the_entity_and_its_edges_only(big):
    g, page, watch = big
    hit = max((n for n, t in g.nodes(data="type") if t == "Project"), key=g.degree)
    page.fill("#search", g.nodes[hit]["label"])
    page.press("#search", "Enter")
    page.wait_for_function("() => kg.lit() !== null")
    page.wait_for_timeout(600)  # the focus animation
    near = {hit, *g.successors(hit), *g.predecessors(hit)}
    assert set(page.evaluate("kg.lit().map(id => kg.data.nodes[id].iri)")) == near
    assert hit in _labelled(page) and set(_labelled(page)) <= near
    # vis-network draws (and gives tooltips to) the entity's edges, and those only
    assert page.evaluate("network.body.edgeIndices.length") == g.degree(hit)
    page.evaluate("() => { network.emit('click', {nodes: [], edges: [], pointer: {}}); }")
    assert page.evaluate("kg.lit()") is None
    assert page.evaluate("network.body.edgeIndices.length") == 0
    assert watch.errors == []


def test_dragging_moves_the_view_not_the_nodes(big):
    _, page, watch = big
    before, view = page.evaluate("network.getPositions()"), page.evaluate("network.getViewPosition()")
    x, y = _empty_point(page)  # a pan, not a press on a node
    page.mouse.move(x, y)
    page.mouse.down()
    for i in range(1, 6):
        page.mouse.move(x + 30 * i, y + 20 * i)
    page.mouse.up()
    page.wait_for_timeout(200)
    after = page.evaluate("network.getViewPosition()")
    assert abs(after["x"] - view["x"]) > 10
    assert page.evaluate("network.getPositions()") == before
    assert watch.errors == []
