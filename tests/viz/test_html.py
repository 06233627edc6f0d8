"""The page as text, without a browser: self-contained, escaped, UTF-8, and what it carries."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import networkx as nx
from typer.testing import CliRunner

from graph.lookup import find_entity
from graph.views import EvidenceRef
from kg import app
from tests.conftest import ROOT
from viz.html import COLORS, SHAPES, _vis_network_js, page_data, render, write_html

HOSTILE = "</script><script>alert(1)</script><!--<img src=x onerror=alert(2)>"


def _graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("d", type="District", label="市中区", aliases=["市中"], reports=["a.txt"])
    g.add_node("s", type="Strategy", label=HOSTILE, aliases=["javascript:alert(3)"], reports=[HOSTILE])
    g.add_node("o", type="Organization", label="中泰证券", aliases=[], reports=["a.txt"])
    ev = [EvidenceRef(HOSTILE, f"证据{i}{HOSTILE}", 0, 5) for i in range(5)]
    g.add_edge("d", "s", key="hasStrategy", relation="hasStrategy", evidence=ev)
    g.add_edge("d", "o", key="cooperatesWith", relation="cooperatesWith", evidence=[])
    g.add_edge("o", "d", key="locatedIn", relation="locatedIn", evidence=[])
    return g


def _data(page: str) -> dict:
    block = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    return json.loads(block.group(1))


def test_page_needs_nothing_from_the_network():
    page = render(_graph())
    assert not re.search(r"<(link|iframe|img)\b", page, re.I)
    assert not re.search(r"<script[^>]*\bsrc=", page, re.I)
    assert "bootstrap" not in page.lower() and "cdnjs" not in page
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


def test_report_text_cannot_close_the_data_block_or_add_markup():
    page = render(_graph())
    assert HOSTILE not in page and "<!--" not in page
    ours = page.replace(_vis_network_js(), "")  # vis-network's own code mentions "<script>" in a string
    assert len(re.findall(r"<script\b", ours)) == 3 and len(re.findall(r"</script>", ours)) == 3
    data = _data(page)  # and the text comes back intact, to be shown as text
    assert any(n["label"] == HOSTILE for n in data["nodes"])
    assert data["edges"][0]["evidence"][0]["text"].endswith(HOSTILE)


def test_page_data_carries_what_the_page_shows():
    g = _graph()
    data = page_data(g, focus="s")
    nodes = {n["iri"]: n for n in data["nodes"]}
    assert set(nodes) == set(g.nodes) and data["focus"] == nodes["s"]["id"]
    assert nodes["d"]["size"] > nodes["s"]["size"]  # by degree
    assert nodes["d"]["aliases"] == ["市中"] and nodes["d"]["reports"] == ["a.txt"]
    assert {"市中区", "市中區", "市中"} <= set(nodes["d"]["keys"])  # label, traditional, alias
    ev = data["edges"][0]
    assert len(ev["evidence"]) == 3 and ev["more"] == 2  # the rest counted, not carried
    # the two edges between 市中区 and 中泰证券 must not be drawn on top of each other
    assert [e["bend"] for e in data["edges"][1:]] == [0, 1]
    classes = {c["name"]: c for c in data["classes"]}
    assert classes["District"]["zh"] == "行政区划" and classes["District"]["count"] == 1
    assert len({c["color"] for c in classes.values()}) == len({c["shape"] for c in classes.values()}) == 4
    assert {c["color"] for c in classes.values()} == set(COLORS.values())
    assert {c["shape"] for c in classes.values()} == set(SHAPES.values())
    rels = {r["name"]: r for r in data["relations"]}
    assert rels["hasStrategy"]["zh"] == "实施战略" and rels["locatedIn"]["count"] == 1
    assert all(isinstance(n[k], float) for n in data["nodes"] for k in ("x", "y"))


def test_written_as_utf8(tmp_path):
    path = write_html(_graph(), tmp_path / "deep" / "g.html")
    raw = path.read_bytes()
    assert b'<meta charset="utf-8">' in raw and "市中区".encode() in raw
    raw.decode("utf-8")


runner = CliRunner()


def _seed_graph(store_path) -> nx.MultiDiGraph:
    from graph.store import open_store
    from graph.views import entity_graph

    s = open_store(store_path, read_only=True)
    try:
        return entity_graph(s)
    finally:
        s.close()


def test_kg_viz_focus_writes_the_neighbourhood_only(seed_store, tmp_path):
    out = tmp_path / "focus.html"
    r = runner.invoke(
        app, ["viz", "--out", str(out), "--focus", "比亚迪", "--depth", "1", "--store", str(seed_store)]
    )
    assert r.exit_code == 0, r.output
    # what to expect, from the store: the entity and its direct neighbours, in either direction
    g = _seed_graph(seed_store)
    iri = find_entity(g, "比亚迪")
    want = {iri, *g.successors(iri), *g.predecessors(iri)}
    assert f"{len(want)} entities" in r.output
    data = _data(out.read_text(encoding="utf-8"))
    assert {n["iri"] for n in data["nodes"]} == want
    assert data["nodes"][data["focus"]]["iri"] == iri


def test_kg_viz_focus_on_an_unknown_name_is_one_line(seed_store, tmp_path):
    out = tmp_path / "x.html"
    cmd = [
        sys.executable,
        str(ROOT / "kg.py"),
        "viz",
        "--out",
        str(out),
        "--focus",
        "中泰证劵",
        "--store",
        str(seed_store),
    ]
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert p.returncode == 1 and "中泰证券" in p.stderr  # with a suggestion
    assert len(p.stderr.strip().splitlines()) == 1 and "Traceback" not in p.stderr
    assert not out.exists()


def _n(i: int, t: str, degree: int, investment: float | None = None) -> dict:
    return {"id": i, "type": t, "degree": degree, "investment": investment, "label": f"{t}{i}"}


def test_names_come_in_order_districts_first_when_few():
    from viz.html import label_order

    nodes = [
        _n(0, "Strategy", 40),
        _n(1, "District", 0),
        _n(2, "District", 9),
        _n(3, "Project", 5, investment=8.4e9),  # 5 links + 2.9 for the investment
        _n(4, "Project", 7),
        _n(5, "Organization", 12),  # counts half: 6
    ]
    # then the best of each kind, by score: the organization (6) before the second project (7)
    assert [n["id"] for n in label_order(nodes)] == [2, 1, 0, 3, 5, 4]


def test_a_kind_with_many_connected_nodes_does_not_crowd_out_the_others():
    from viz.html import label_order

    nodes = [_n(i, "Strategy", 20 - i) for i in range(10)] + [_n(10, "Project", 5), _n(11, "District", 1)]
    assert [n["id"] for n in label_order(nodes)][:4] == [11, 0, 10, 1]


def test_many_districts_take_turns_with_the_others():
    from viz.html import DISTRICTS_ALL, DISTRICTS_FIRST, label_order

    districts = [_n(i, "District", 1000 - i) for i in range(DISTRICTS_ALL + 10)]
    others = [_n(1000 + i, "Strategy", 50 - i % 50) for i in range(100)]
    order = [n["type"] for n in label_order(districts + others)]
    assert order[:DISTRICTS_FIRST] == ["District"] * DISTRICTS_FIRST
    head = order[: DISTRICTS_FIRST + 20]
    assert 8 <= head.count("Strategy") <= 12  # turns, not every district first
    assert sorted(order) == sorted(n["type"] for n in districts + others)


def test_page_data_carries_the_label_order_and_the_ties():
    g = _graph()
    g.add_node("lone", type="Organization", label="孤立机构", aliases=[], reports=[HOSTILE])
    data = page_data(g)
    by = {n["iri"]: n for n in data["nodes"]}
    assert sorted(n["rank"] for n in data["nodes"]) == list(range(len(g)))
    assert by["d"]["rank"] == 0  # the district first
    # the unlinked entity is tied to the district its report (HOSTILE) states most about
    assert data["ties"] == [[by["lone"]["id"], by["d"]["id"]]]
