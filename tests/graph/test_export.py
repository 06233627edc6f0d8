"""`kg export` in every format, each read back and compared with what the store holds."""

import csv
import json
import xml.etree.ElementTree as ET
from collections import Counter

import networkx as nx
import pytest
from rdflib import Dataset, Graph, URIRef

from graph.export import FORMATS, export, jsonld_context
from graph.merged import MERGED_GRAPH
from graph.network import SEP
from graph.store import open_store
from graph.views import entity_graph
from kgerrors import InputError
from ontology.terms import ENTITY_TYPES, RELATIONS


@pytest.fixture(scope="module")
def store(seed_store):
    s = open_store(seed_store, read_only=True)
    yield s
    s.close()


@pytest.fixture(scope="module")
def quads(store):
    # every named graph a build writes: the merged graph is made again wherever they are loaded
    rows = store.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows
    return {q for q in rows if q[3] != MERGED_GRAPH}


@pytest.fixture(scope="module")
def eg(store):
    return entity_graph(store)


def _dataset_quads(ds: Dataset):
    return {(s, p, o, g) for s, p, o, g in ds.quads() if isinstance(g, URIRef)}


@pytest.mark.parametrize("fmt, parser", [("trig", "trig"), ("nq", "nquads"), ("jsonld", "json-ld")])
def test_rdf_exports_keep_every_report_graph(store, quads, tmp_path, fmt, parser):
    (out,) = export(store, fmt, tmp_path / f"g.{fmt}")
    ds = Dataset()
    ds.parse(out, format=parser)
    assert _dataset_quads(ds) == quads and len(quads) > 3000


@pytest.mark.parametrize("fmt, parser", [("ttl", "turtle"), ("nt", "nt")])
def test_rdf_exports_merge_the_reports(store, quads, tmp_path, fmt, parser):
    (out,) = export(store, fmt, tmp_path / f"g.{fmt}")
    assert set(Graph().parse(out, format=parser)) == {q[:3] for q in quads}


def test_jsonld_reads_as_plain_json(store, tmp_path):
    (out,) = export(store, "jsonld", tmp_path / "g.jsonld")
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["@context"] == jsonld_context()  # inline: nothing to fetch
    nodes = [n for g in doc["@graph"] for n in g["@graph"]]
    lixia = next(n for n in nodes if n.get("label") == "历下区")
    assert lixia["@type"] == "District" and isinstance(lixia["hasStrategy"], list)
    stmt = next(n for n in nodes if n.get("@type") == "Statement")
    assert isinstance(stmt["evidenceStart"], int) and stmt["evidence"]
    report = next(n for n in nodes if n.get("@type") == "Report")
    assert report["source"].endswith(".txt")


def _same_network(g: nx.MultiDiGraph, eg: nx.MultiDiGraph):
    for n, a in eg.nodes(data=True):
        b = g.nodes[n]
        assert (b["label"], b["class"]) == (a["label"], a["type"])
        assert (b.get("aliases") or "").split(SEP) == (a["aliases"] or [""])
    assert set(g) == set(eg)
    got = Counter((h, t, a["relation"]) for h, t, a in g.edges(data=True))
    assert got == Counter(list(eg.edges(keys=True))) and got.total() > 300
    for h, t, a in g.edges(data=True):
        ev = eg.edges[h, t, a["relation"]]["evidence"]
        assert int(a["weight"]) == max(len(ev), 1)
        # Gephi shows `label`: the relation's Chinese name, as the page does; English beside it
        assert (a["label"], a["label_en"]) == (
            RELATIONS[a["relation"]].label_zh,
            RELATIONS[a["relation"]].label_en,
        )
        assert a.get("evidence", "") == "\n".join(e.text for e in ev)


def test_graphml_round_trips(store, eg, tmp_path):
    (out,) = export(store, "graphml", tmp_path / "g.graphml")
    _same_network(nx.read_graphml(out, force_multigraph=True), eg)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    ids = [e.get("id") for e in ET.parse(out).getroot().iterfind(".//g:edge", ns)]
    assert len(ids) == len(set(ids)) == eg.number_of_edges()  # Gephi merges edges that share an id


# what GraphML and GEXF carry: the documented attributes and nothing of networkx's own
NODE_ATTRIBUTES = {"label", "class", "aliases", "reports", "investment"}
EDGE_ATTRIBUTES = {"relation", "label", "label_en", "weight", "reports", "evidence"}


def test_graphml_carries_only_the_documented_attributes(store, tmp_path):
    (out,) = export(store, "graphml", tmp_path / "g.graphml")
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    keys = ET.parse(out).getroot().findall("g:key", ns)
    assert {k.get("attr.name") for k in keys if k.get("for") == "node"} == NODE_ATTRIBUTES
    assert {k.get("attr.name") for k in keys if k.get("for") == "edge"} == EDGE_ATTRIBUTES


def test_gexf_round_trips_and_is_what_gephi_reads(store, eg, tmp_path):
    (out,) = export(store, "gexf", tmp_path / "g.gexf")
    _same_network(nx.read_gexf(out), eg)
    root = ET.parse(out).getroot()
    ns = {"x": "http://www.gexf.net/1.2draft"}
    graph = root.find("x:graph", ns)
    assert graph.get("defaultedgetype") == "directed"
    titles = {a.get("title") for a in graph.iterfind("x:attributes/x:attribute", ns)}
    assert {"class", "aliases", "relation", "reports"} <= titles
    assert all(n.get("label") for n in graph.iterfind("x:nodes/x:node", ns))
    titles = {
        kind: {a.get("title") for a in graph.iterfind(f"x:attributes[@class='{kind}']/x:attribute", ns)}
        for kind in ("node", "edge")
    }
    # label and weight are the GEXF elements' own attributes, not declared ones
    assert titles == {"node": NODE_ATTRIBUTES - {"label"}, "edge": EDGE_ATTRIBUTES - {"label", "weight"}}
    assert "networkx_key" not in out.read_text(encoding="utf-8")
    labels = {e.get("label") for e in graph.iterfind("x:edges/x:edge", ns)}
    assert labels == {RELATIONS[rel].label_zh for _, _, rel in eg.edges(keys=True)}
    assert "位于" in labels


def test_gexf_is_drawn_as_the_page_is(store, eg, tmp_path):
    """Colour per class, size and position of every node: the HTML page's own (viz/html.py)."""
    from viz.drawing import drawing
    from viz.html import page_data

    (out,) = export(store, "gexf", tmp_path / "g.gexf", draw=drawing)
    page = page_data(eg)
    page_colors = {c["name"]: c["color"] for c in page["classes"]}
    drawn = {n["iri"]: n for n in page["nodes"]}
    ns = {"x": "http://www.gexf.net/1.2draft", "viz": "http://www.gexf.net/1.2draft/viz"}
    nodes = ET.parse(out).getroot().findall("x:graph/x:nodes/x:node", ns)
    assert len(nodes) == len(eg) > 100
    colors_of: dict[str, set[str]] = {}
    for node in nodes:
        color, size, position = (node.find(f"viz:{e}", ns) for e in ("color", "size", "position"))
        assert color is not None and size is not None and position is not None
        hex_color = "#" + "".join(f"{int(color.get(c)):02x}" for c in "rgb")
        colors_of.setdefault(eg.nodes[node.get("id")]["type"], set()).add(hex_color)
        n = drawn[node.get("id")]
        assert float(size.get("value")) == n["size"]
        assert (float(position.get("x")), -float(position.get("y"))) == (n["x"], n["y"])
    assert colors_of == {t: {page_colors[t]} for t in ENTITY_TYPES}
    # networkx reads the drawing back too
    back = nx.read_gexf(out)
    some = next(iter(drawn))
    assert back.nodes[some]["viz"]["size"] == drawn[some]["size"]


def test_csv_tables_round_trip(store, eg, tmp_path):
    files = export(store, "csv", tmp_path / "tables")
    assert [f.name for f in files] == ["entities.csv", "relations.csv"]
    with open(files[0], encoding="utf-8", newline="") as f:
        entities = {r["iri"]: r for r in csv.DictReader(f)}
    assert set(entities) == set(eg)
    for n, a in eg.nodes(data=True):
        r = entities[n]
        assert (r["class"], r["label"], r["aliases"], r["reports"]) == (
            a["type"],
            a["label"],
            SEP.join(a["aliases"]),
            SEP.join(a["reports"]),
        )
    with open(files[1], encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {(r["head"], r["tail"], r["relation"]) for r in rows} == set(eg.edges(keys=True))
    stated = {
        (r["head"], r["tail"], r["relation"], r["report"], r["evidence"], int(r["start"]), int(r["end"]))
        for r in rows
    }
    assert stated == {
        (h, t, k, e.report, e.text, e.start, e.end)
        for h, t, k, a in eg.edges(keys=True, data=True)
        for e in a["evidence"]
    }
    assert all(entities[r["head"]]["label"] == r["head_label"] for r in rows)


def test_bad_destinations_are_one_line_errors_and_leave_nothing(store, tmp_path):
    (tmp_path / "file").write_text("keep me", encoding="utf-8")
    with pytest.raises(InputError, match="is a file"):
        export(store, "csv", tmp_path / "file")
    with pytest.raises(InputError, match="no such directory"):
        export(store, "gexf", tmp_path / "missing" / "g.gexf")
    with pytest.raises(InputError, match="is a directory"):
        export(store, "ttl", tmp_path)
    assert (tmp_path / "file").read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_every_format_from_the_command_line(seed_store, tmp_path):
    from typer.testing import CliRunner

    from kg import app

    for fmt in FORMATS:
        out = tmp_path / ("tables" if fmt == "csv" else f"g.{fmt}")
        r = CliRunner().invoke(
            app, ["export", "--format", fmt, "--out", str(out), "--store", str(seed_store)]
        )
        assert r.exit_code == 0, r.output
        assert out.exists() and str(out) in r.output
