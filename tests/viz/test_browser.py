"""The HTML graph in a real browser: headless Debian Chromium, every network request blocked.

Skipped where /usr/bin/chromium (or playwright) is missing; `.ci/run` installs both.
"""

from __future__ import annotations

import math
import time

import pytest

from tests.viz.browser import CHROMIUM, chromium, open_page

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")

HOSTILE = (
    '市中区发布《<script>alert("label")</script>发展规划》。\n'
    "市中区大力实施\"<img src=x onerror=alert('alias')>战略\"，推进济南宾馆项目建设。\n"
    '历下区实施"javascript:alert(\'href\')"战略，加快推进中央商务区项目<svg onload=alert("svg")>。\n'
)

# DOM position (page coordinates) of a canvas point, and of a node
_TO_PAGE = """([x, y]) => {
  const p = network.canvasToDOM({x, y});
  const r = document.getElementById('graph').getBoundingClientRect();
  return [r.left + p.x, r.top + p.y];
}"""


@pytest.fixture(scope="module")
def browser():
    pytest.importorskip("playwright.sync_api")
    with chromium() as ctx:
        yield ctx


@pytest.fixture(scope="module")
def seed_graph(seed_store):
    from graph.store import open_store
    from graph.views import entity_graph

    s = open_store(seed_store, read_only=True)
    try:
        return entity_graph(s)
    finally:
        s.close()


@pytest.fixture(scope="module")
def seed_page(seed_graph, tmp_path_factory):
    from viz.html import write_html

    return write_html(seed_graph, tmp_path_factory.mktemp("viz") / "graph.html")


@pytest.fixture(scope="module")
def opened(browser, seed_page):
    """One seed page shared by the tests below (each leaves it as it found it, or does not care)."""
    page, watch = open_page(browser, seed_page)
    yield page, watch
    page.close()


def _entities_in_store(store_path) -> int:
    """Counted with SPARQL straight from the store, not through the code that draws."""
    from graph.store import open_store
    from ontology.terms import ENTITY_TYPES, NAMESPACE

    types = ", ".join(f"<{NAMESPACE}{t}>" for t in ENTITY_TYPES)
    q = f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ GRAPH ?g {{ ?e a ?t }} FILTER(?t IN ({types})) }}"
    s = open_store(store_path, read_only=True)
    try:
        return int(s.query(q).rows[0][0])
    finally:
        s.close()


def _node_page_xy(page, node_id: int) -> tuple[float, float]:
    pos = page.evaluate("id => network.getPosition(id)", node_id)
    return tuple(page.evaluate(_TO_PAGE, [pos["x"], pos["y"]]))


def _edge_point(page, edge_id: int) -> tuple[float, float] | None:
    """Zoom onto the edge's midpoint; its page position if no other edge or node lies near it."""
    xy = page.evaluate(
        """id => {
          const seg = (p, a, b) => {  // distance from p to segment ab
            const dx = b.x - a.x, dy = b.y - a.y, l2 = dx * dx + dy * dy || 1;
            const t = Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / l2));
            return Math.hypot(p.x - a.x - t * dx, p.y - a.y - t * dy);
          };
          const e = network.body.edges[id], pos = network.getPositions();
          const a = pos[e.fromId], b = pos[e.toId], mid = {x: (a.x + b.x) / 2, y: (a.y + b.y) / 2};
          for (const o of network.body.edgeIndices)
            if (o !== id && seg(mid, pos[network.body.edges[o].fromId], pos[network.body.edges[o].toId]) < 25) return null;
          for (const n of Object.values(pos)) if (Math.hypot(n.x - mid.x, n.y - mid.y) < 60) return null;
          network.moveTo({position: mid, scale: 1.5, animation: false});
          return [mid.x, mid.y];
        }""",
        edge_id,
    )
    return tuple(page.evaluate(_TO_PAGE, xy)) if xy else None


def _hover(page, xy: tuple[float, float]) -> str:
    """Move the pointer there; the tooltip's text."""
    page.mouse.move(*xy, steps=2)
    return page.wait_for_selector("div.vis-tooltip", state="visible").inner_text()


def _empty_point(page) -> tuple[float, float]:
    """A point of the graph's area with neither node nor edge under it."""
    xy = page.evaluate(
        """() => {
          const r = document.getElementById('graph').getBoundingClientRect();
          for (let y = 5; y < r.height; y += 20) for (let x = 5; x < r.width; x += 20)
            if (network.getNodeAt({x, y}) === undefined && network.getEdgeAt({x, y}) === undefined) return [r.left + x, r.top + y];
          return null;
        }"""
    )
    assert xy is not None
    return tuple(xy)


def _search(page, text: str) -> None:
    page.fill("#search", text)
    page.press("#search", "Enter")


def _wait_focused(page, node_id: int) -> None:
    """Selected, and the view centred on it (once the focus animation is over)."""
    page.wait_for_function(
        """id => {
          const sel = network.getSelectedNodes();
          const v = network.getViewPosition(), p = network.getPosition(id);
          return sel.length === 1 && sel[0] === id && Math.hypot(v.x - p.x, v.y - p.y) < 2;
        }""",
        arg=node_id,
    )


def _node_id(page, iri: str) -> int:
    return page.evaluate("iri => kg.data.nodes.find(n => n.iri === iri).id", iri)


def test_seed_page_opens_offline_and_draws_every_entity(browser, seed_page, seed_store):
    page, watch = open_page(browser, seed_page)
    assert watch.requests == [seed_page.resolve().as_uri()]  # nothing but the file itself
    assert watch.errors == []
    drawn = page.evaluate("network.body.nodeIndices.length")
    assert drawn == _entities_in_store(seed_store) > 0
    # every node lies inside the first view
    box = page.evaluate(
        "(() => { const r = document.getElementById('graph').getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })()"
    )
    points = page.evaluate("network.body.nodeIndices.map(id => network.canvasToDOM(network.getPosition(id)))")
    width, height = box[2] - box[0], box[3] - box[1]
    assert all(0 <= p["x"] <= width and 0 <= p["y"] <= height for p in points)
    assert page.evaluate("document.querySelectorAll('script[src], link[href], img[src]').length") == 0
    page.close()


def test_physics_settles_then_stops(opened):
    page, _ = opened
    before = page.evaluate("network.getPositions()")
    page.wait_for_timeout(400)
    assert page.evaluate("network.getPositions()") == before


def test_search_by_alias_focuses_the_entity(opened, seed_graph):
    from graph.lookup import find_entity

    page, watch = opened
    want = find_entity(seed_graph, "比亚迪")
    assert seed_graph.nodes[want]["label"] != "比亚迪"  # an alias, not the label
    _search(page, "比亚迪")
    node = _node_id(page, want)
    _wait_focused(page, node)
    assert page.inner_text("#info-title") == seed_graph.nodes[want]["label"]

    _search(page, "歷下區")  # traditional spelling of a label
    _wait_focused(page, _node_id(page, find_entity(seed_graph, "历下区")))

    _search(page, "没有这个实体")
    assert "没有找到" in page.inner_text("#search-status")
    assert watch.errors == []


def test_click_node_shows_class_aliases_reports_and_neighbours(opened, seed_graph):
    from graph.lookup import find_entity

    page, _ = opened
    iri = find_entity(seed_graph, "比亚迪")
    node = _node_id(page, iri)
    _search(page, "比亚迪")
    _wait_focused(page, node)
    page.mouse.click(*_empty_point(page))  # empty space: the panel closes (vis-network reports clicks async)
    page.wait_for_selector("#info", state="hidden", timeout=5000)
    x, y = _node_page_xy(page, node)
    page.mouse.click(x, y)
    page.wait_for_selector("#info", state="visible")
    a = seed_graph.nodes[iri]
    text = page.inner_text("#info")
    assert a["label"] in text and "Organization" in text
    assert all(alias in text for alias in a["aliases"]) and all(r in text for r in a["reports"])
    neighbours = {
        seed_graph.nodes[n]["label"] for n in (*seed_graph.successors(iri), *seed_graph.predecessors(iri))
    }
    shown = set(page.locator("#info-body button").all_inner_texts())
    assert shown == neighbours


def test_hover_edge_shows_evidence_and_report(opened, seed_graph):
    page, _ = opened
    edges = page.evaluate("kg.data.edges.filter(e => e.evidence.length).map(e => e.id)")
    edge, xy = next((e, xy) for e in edges if (xy := _edge_point(page, e)))
    tip = _hover(page, xy)
    ev = page.evaluate("id => kg.data.edges[id].evidence[0]", edge)
    assert ev["text"] in tip and ev["report"] in tip
    assert page.evaluate("id => kg.data.edges[id]", edge)["relation"] in tip


def test_filters_hide_classes_and_relations(opened, seed_graph):
    page, _ = opened
    total = seed_graph.number_of_nodes()
    strategies = sum(1 for _, t in seed_graph.nodes(data="type") if t == "Strategy")
    page.uncheck("#class-filters input[value=Strategy]")
    assert page.evaluate("network.body.nodeIndices.length") == total - strategies
    assert page.evaluate("network.body.nodeIndices.every(id => kg.data.nodes[id].type !== 'Strategy')")
    page.check("#class-filters input[value=Strategy]")
    assert page.evaluate("network.body.nodeIndices.length") == total

    located = sum(1 for *_, r in seed_graph.edges(keys=True) if r == "locatedIn")
    edges = page.evaluate("network.body.edgeIndices.length")
    page.uncheck("#relation-filters input[value=locatedIn]")
    assert page.evaluate("network.body.edgeIndices.length") == edges - located
    assert "显示" in page.inner_text("#counts")
    page.check("#relation-filters input[value=locatedIn]")
    assert page.evaluate("network.body.edgeIndices.length") == edges


def test_focus_page_selects_the_entity(browser, seed_graph, tmp_path):
    from graph.lookup import find_entity
    from viz.html import neighbourhood, write_html

    iri = find_entity(seed_graph, "比亚迪")
    sub = neighbourhood(seed_graph, iri, 1)
    page, watch = open_page(browser, write_html(sub, tmp_path / "focus.html", focus=iri))
    assert page.evaluate("network.body.nodeIndices.length") == sub.number_of_nodes() > 1
    assert page.evaluate("network.getSelectedNodes().map(id => kg.data.nodes[id].iri)") == [iri]
    assert page.inner_text("#info-title") == seed_graph.nodes[iri]["label"]
    _assert_fitted(page)
    assert watch.errors == []
    page.close()


def _assert_fitted(page) -> None:
    """Every node inside the window, the drawing centred, and filling it unless that would need
    a zoom past 1 (vis-network's fit stops there: a few nodes are not blown up)."""
    w, h = page.evaluate("[graph.clientWidth, graph.clientHeight]")
    points = page.evaluate("network.body.nodeIndices.map(id => network.canvasToDOM(network.getPosition(id)))")
    assert all(0 <= p["x"] <= w and 0 <= p["y"] <= h for p in points)
    xs, ys = [p["x"] for p in points], [p["y"] for p in points]
    assert abs((min(xs) + max(xs)) / 2 - w / 2) < 0.1 * w and abs((min(ys) + max(ys)) / 2 - h / 2) < 0.1 * h
    filled = max((max(xs) - min(xs)) / w, (max(ys) - min(ys)) / h)
    assert filled > 0.6 or page.evaluate("network.getScale()") >= 0.99


def test_a_wide_focus_page_is_fitted_to_the_window(browser, seed_graph, tmp_path):
    from graph.lookup import find_entity
    from viz.html import neighbourhood, write_html

    iri = find_entity(seed_graph, "比亚迪")
    sub = neighbourhood(seed_graph, iri, 2)
    page, watch = open_page(browser, write_html(sub, tmp_path / "focus2.html", focus=iri))
    assert sub.number_of_nodes() > 20
    _assert_fitted(page)
    assert page.evaluate("network.getSelectedNodes().map(id => kg.data.nodes[id].iri)") == [iri]
    assert iri in _labelled(page) and watch.errors == []
    page.close()


def test_markup_in_a_report_never_runs(browser, tmp_path):
    from graph.ingest import build
    from graph.store import open_store
    from graph.views import entity_graph
    from viz.html import write_html

    report = tmp_path / "<img src=x onerror=alert('file')>.txt"
    report.write_text(HOSTILE, encoding="utf-8")
    s = open_store(tmp_path / "store")
    try:
        build([report], s)
        g = entity_graph(s)
    finally:
        s.close()
    evidence = [e.text for *_, ev in g.edges(data="evidence") for e in ev]
    # the markup did reach the graph through the evidence, so the page really is put to the test
    assert any("onerror=" in x for x in evidence)
    # the extractor (rightly) keeps markup out of names; a name holding it is put in by hand, so that
    # labels, aliases and the search are put to the test too
    node = next(n for n, a in g.nodes(data=True) if a["label"] == "市中区")
    g.nodes[node]["label"] = '市中区<script>alert("label")</script>'
    g.nodes[node]["aliases"] = [*g.nodes[node].get("aliases", []), "<img src=x onerror=alert('alias')>"]
    labels = [a["label"] for _, a in g.nodes(data=True)]
    assert any("<script>" in x for x in labels)

    page, watch = open_page(browser, write_html(g, tmp_path / "hostile.html"))
    for _, a in g.nodes(data=True):  # search each entity, which also fills and shows its panel
        _search(page, a["label"])
        page.wait_for_selector("#info", state="visible")
    marked = "kg.data.nodes.filter(n => /[<:]/.test(n.label + n.aliases.join())).map(n => n.id)"
    for node in page.evaluate(marked):  # the tooltips of the nodes whose names hold markup
        page.evaluate(
            "id => network.moveTo({position: network.getPosition(id), scale: 1.5, animation: false})", node
        )
        _hover(page, _node_page_xy(page, node))
    hovered = 0
    for e in page.evaluate("kg.data.edges.map(e => e.id)"):  # every edge's panel, and tooltip where reachable
        page.evaluate("id => network.emit('click', {nodes: [], edges: [id], pointer: {}})", e)
        assert page.is_visible("#info")
        if xy := _edge_point(page, e):
            _hover(page, xy)
            hovered += 1
    assert hovered > 0
    page.wait_for_timeout(200)
    assert watch.dialogs == []
    assert watch.errors == []
    assert page.evaluate("document.querySelectorAll('script').length") == 3  # data, vis-network, page
    assert (
        page.evaluate("document.querySelectorAll('img, svg, iframe, [onerror], [onload], [href]').length")
        == 0
    )
    _search(page, "市中区")
    assert "<script>" in page.inner_text("#info-title")  # shown as text
    assert watch.requests == [(tmp_path / "hostile.html").resolve().as_uri()]
    page.close()


def test_large_graph_opens_drawn_and_still(browser, tmp_path):
    """A graph beyond the browser-physics limit: positions come from Python, physics never runs.
    Prints the time to interactive (the full 2,000-node figure is `bench/viz_open.py`'s)."""
    from tests.viz.synthetic import synthetic_graph
    from viz.html import PHYSICS_LIMIT, write_html

    g = synthetic_graph(PHYSICS_LIMIT + 200, 3 * (PHYSICS_LIMIT + 200) // 2)
    path = write_html(g, tmp_path / "large.html")
    t0 = time.perf_counter()
    page, watch = open_page(browser, path)
    print(f"\n{g.number_of_nodes()} nodes: interactive after {time.perf_counter() - t0:.2f} s")
    assert page.evaluate("network.body.nodeIndices.length") == g.number_of_nodes()
    assert watch.errors == [] and len(watch.requests) == 1
    before, scale = page.evaluate("network.getPositions()"), page.evaluate("network.getScale()")
    page.mouse.move(400, 400)
    page.mouse.wheel(0, -300)  # zooming works and moves no node
    page.wait_for_timeout(300)
    assert page.evaluate("network.getScale()") > scale
    assert page.evaluate("network.getPositions()") == before
    page.close()


def test_the_panel_shows_amounts_and_stages_with_their_dates(opened, seed_graph):
    from graph.lookup import find_entity

    page, watch = opened
    iri = find_entity(seed_graph, "综合立体交通体系")
    _search(page, "综合立体交通体系")
    _wait_focused(page, _node_id(page, iri))
    text = page.inner_text("#info")
    assert "进展与数额" in text and "investment: 8.4e9 CNY" in text and "“总投资84亿元”" in text
    assert "~2023" in text  # the sentence gives no date: the report's, marked as such
    _search(page, "中央活力区")
    page.wait_for_function("document.getElementById('info-title').textContent.includes('中央活力区')")
    text = page.inner_text("#info")
    assert "上升为战略" in text and "全面起势" in text
    assert watch.errors == []


def test_projects_can_be_sized_by_investment(opened, seed_graph):
    from graph.lookup import find_entity

    page, _ = opened
    node = _node_id(page, find_entity(seed_graph, "综合立体交通体系"))
    other = page.evaluate("kg.data.nodes.find(n => n.type === 'Project' && !n.investment).id")
    before = page.evaluate("ids => ids.map(id => network.body.nodes[id].options.size)", [node, other])
    assert page.is_visible("#size-by-investment")
    page.check("#size-by-investment")
    after = page.evaluate("ids => ids.map(id => network.body.nodes[id].options.size)", [node, other])
    assert after[0] == 48 and after[1] == 8 and after != before  # the largest investment is the largest
    page.uncheck("#size-by-investment")
    assert page.evaluate("ids => ids.map(id => network.body.nodes[id].options.size)", [node, other]) == before


# ---------------------------------------------------------------- names, the spotlight, the first view

# dark pixels (the names' ink) inside a box of the graph's canvas, in CSS pixels
_INK = """([x0, y0, x1, y1]) => {
  const c = document.querySelector('#graph canvas'), r = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round((x1 - x0) * r)), h = Math.max(1, Math.round((y1 - y0) * r));
  const px = c.getContext('2d').getImageData(Math.round(x0 * r), Math.round(y0 * r), w, h).data;
  let dark = 0;
  for (let i = 0; i < px.length; i += 4) if (px[i] + px[i + 1] + px[i + 2] < 250 && px[i + 3] > 200) dark++;
  return dark;
}"""


def _overlapping(boxes: list) -> list:
    return [
        (a, b)
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
    ]


def _labelled(page) -> list[str]:
    return page.evaluate("kg.labelled().map(id => kg.data.nodes[id].iri)")


def test_first_sight_names_every_district_and_the_hubs(browser, seed_page, seed_graph):
    page, watch = open_page(browser, seed_page)
    named = _labelled(page)
    districts = {n for n, t in seed_graph.nodes(data="type") if t == "District"}
    assert {"市中区", "历下区", "济南新旧动能转换起步区"} <= {seed_graph.nodes[n]["label"] for n in districts}
    assert districts <= set(named)  # all 19, the unlinked ones too
    # then the most connected strategy and project
    for cls in ("Strategy", "Project"):
        top = max((n for n, t in seed_graph.nodes(data="type") if t == cls), key=seed_graph.degree)
        assert top in named, seed_graph.nodes[top]["label"]
    boxes = page.evaluate("kg.labelBoxes()")
    assert len(boxes) == len(named) and _overlapping(boxes) == []
    # and the names really are on the canvas: ink in each district's box, none in an empty corner
    by_iri = dict(zip(named, boxes, strict=True))
    assert all(page.evaluate(_INK, by_iri[d]) > 10 for d in districts)
    assert watch.errors == []
    page.close()


def test_zooming_in_names_more(browser, seed_page, seed_graph):
    from graph.lookup import find_entity

    page, _ = open_page(browser, seed_page)
    before = set(_labelled(page))
    hub = _node_id(page, find_entity(seed_graph, "市中区"))
    page.evaluate(
        "id => network.moveTo({position: network.getPosition(id), scale: network.getScale() * 4, animation: false})",
        hub,
    )
    page.wait_for_timeout(100)
    after = set(_labelled(page))
    assert len(after - before) >= 10  # level of detail: names that had no room appear
    assert _overlapping(page.evaluate("kg.labelBoxes()")) == []
    page.close()


def test_unlinked_entities_are_not_in_a_row(opened, seed_graph):
    from viz.anchors import anchors

    page, _ = opened
    pos = page.evaluate("network.getPositions()")
    xy = {n["iri"]: pos[str(n["id"])] for n in page.evaluate("kg.data.nodes")}
    lone = [n for n in seed_graph if seed_graph.degree(n) == 0]
    assert len(lone) > 10
    ys = sorted(xy[n]["y"] for n in lone)
    assert ys[-1] - ys[0] > 4 * 120  # not one row: spread over the drawing's height too
    # each sits by the district of its report, nearer to it than the other districts are
    ties = anchors(seed_graph)
    assert set(ties) == set(lone)
    hubs = {d for d in ties.values()}
    for n, home in ties.items():
        dist = {h: math.dist(xy[n].values(), xy[h].values()) for h in hubs}
        assert min(dist, key=dist.get) == home, seed_graph.nodes[n]["label"]


def test_search_lights_the_entity_and_fades_the_rest(browser, seed_page, seed_graph):
    from graph.lookup import find_entity

    page, watch = open_page(browser, seed_page)
    iri = find_entity(seed_graph, "比亚迪")
    node = _node_id(page, iri)
    _search(page, "比亚迪")
    _wait_focused(page, node)
    near = {iri, *seed_graph.successors(iri), *seed_graph.predecessors(iri)}
    lit = set(page.evaluate("kg.lit().map(id => kg.data.nodes[id].iri)"))
    assert lit == near
    colours = page.evaluate(
        "kg.data.nodes.map(n => [n.iri, network.body.nodes[n.id].options.color.background])"
    )
    assert all((c == "#eeeeee") == (n not in near) for n, c in colours)
    faded = page.evaluate(
        "id => network.body.edgeIndices.filter(e => { const x = network.body.edges[e];"
        " return x.fromId !== id && x.toId !== id; }).every(e => network.body.edges[e].options.color.opacity < 0.5)",
        node,
    )
    assert faded
    # names: the entity in full and its neighbours only, readable (the view zoomed in to them)
    assert set(_labelled(page)) == near
    assert page.evaluate("network.getScale()") >= 0.35
    page.mouse.click(*_empty_point(page))  # empty space: everything back
    page.wait_for_function("() => kg.lit() === null")
    colours = page.evaluate("kg.data.nodes.map(n => network.body.nodes[n.id].options.color.background)")
    assert "#eeeeee" not in colours
    assert watch.errors == []
    page.close()
