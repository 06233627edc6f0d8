"""Report text in CSV cannot run as a spreadsheet formula (OWASP "CSV Injection").

A name or sentence from a report that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
leading `'` in every CSV the project writes: `kg query --format csv`, the endpoint's `text/csv`, and
the tables of `kg export --format csv`. Typed numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
import threading
import urllib.parse
import urllib.request
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Literal, URIRef
from rdflib import namespace as ns
from typer.testing import CliRunner

from endpoint.server import make_server
from graph.network import write_tables
from graph.spreadsheet import numeric_literal, safe_cell
from graph.store import OxigraphStore, open_store
from graph.walk import EvidenceRef
from kg import app

HYPERLINK = '=HYPERLINK("http://evil.example","点击")'
# (subject, object as stored, the cell a spreadsheet must get)
ROWS = [
    ("urn:kg:e1", Literal(HYPERLINK, lang="zh"), "'" + HYPERLINK),
    ("urn:kg:e2", Literal("@SUM(1+1)", lang="zh"), "'@SUM(1+1)"),
    ("urn:kg:e3", Literal("-2+3", lang="zh"), "'-2+3"),
    ("urn:kg:e4", Literal("+86 531 1234", lang="zh"), "'+86 531 1234"),
    ("urn:kg:e5", Literal("\t=1+1"), "'\t=1+1"),
    ("urn:kg:e6", Literal("\r=1+1"), "'\r=1+1"),
    ("urn:kg:e7", Literal(-5), "-5"),  # xsd:integer: a number, left as one
    ("urn:kg:e8", Literal("-0.5", datatype=ns.XSD.decimal), "-0.5"),
    ("urn:kg:e9", Literal("-5"), "'-5"),  # a string that looks like a number is still a string
    ("urn:kg:f1", Literal("市中区加快推进济南中央活力区建设", lang="zh"), "市中区加快推进济南中央活力区建设"),
    ("urn:kg:f2", Literal("a=b, -c", lang="zh"), "a=b, -c"),  # only the first character matters
]
QUERY = "SELECT ?e ?l WHERE { ?e rdfs:label ?l } ORDER BY ?e"
EXPECTED = [["e", "l"], *([s, cell] for s, _, cell in ROWS)]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("csv") / "store"
    s = OxigraphStore(path)
    s.replace_graph(URIRef("urn:kg:report"), [(URIRef(e), ns.RDFS.label, o) for e, o, _ in ROWS])
    s.close()
    return path


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_kg_query_csv(store_path):
    r = CliRunner().invoke(app, ["query", QUERY, "--store", str(store_path), "--format", "csv"])
    assert r.exit_code == 0, r.output
    assert _cells(r.stdout) == EXPECTED


def test_the_endpoints_text_csv(store_path):
    store = open_store(store_path, read_only=True)
    server = make_server(store, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        req = urllib.request.Request(
            f"{server.url}/sparql?{urllib.parse.urlencode({'query': QUERY})}", headers={"Accept": "text/csv"}
        )
        with urllib.request.urlopen(req, timeout=60) as resp:
            assert resp.headers.get_content_type() == "text/csv"
            assert _cells(resp.read().decode("utf-8")) == EXPECTED
    finally:
        server.shutdown()
        server.server_close()
        store.close()


def test_export_tables(tmp_path):
    """Names, aliases, sentences and report file names from reports; offsets are numbers."""
    g = nx.MultiDiGraph()
    g.add_node("urn:kg:a", type="Organization", label=HYPERLINK, aliases=["@SUM(1+1)"], reports=["=r.txt"])
    g.add_node("urn:kg:b", type="District", label="市中区", aliases=[], reports=["r.txt"])
    g.add_edge(
        "urn:kg:a",
        "urn:kg:b",
        key="locatedIn",
        evidence=[EvidenceRef("=r.txt", "-2+3亿元项目落户市中区", 7, 18)],
    )
    entities, relations = write_tables(g, tmp_path)
    with open(entities, encoding="utf-8", newline="") as f:
        assert list(csv.reader(f)) == [
            ["iri", "class", "label", "aliases", "reports"],
            ["urn:kg:a", "Organization", "'" + HYPERLINK, "'@SUM(1+1)", "'=r.txt"],
            ["urn:kg:b", "District", "市中区", "", "r.txt"],
        ]
    with open(relations, encoding="utf-8", newline="") as f:
        assert list(csv.reader(f))[1] == [
            "urn:kg:a",
            "locatedIn",
            "urn:kg:b",
            "'" + HYPERLINK,
            "市中区",
            "'=r.txt",
            "'-2+3亿元项目落户市中区",
            "7",
            "18",
        ]


@pytest.mark.parametrize(
    ("term", "number"),
    [
        (Literal(-5), True),
        (Literal("+5", datatype=ns.XSD.integer), True),
        (Literal("-1.5E3", datatype=ns.XSD.double), True),
        (Literal("-INF", datatype=ns.XSD.double), False),  # not a number to a spreadsheet
        (Literal("=1+1", datatype=ns.XSD.integer), False),  # ill-typed: its text is what is written
        (Literal("-5", datatype=ns.XSD.string), False),
        (Literal("-5", lang="zh"), False),
        (URIRef("urn:x"), False),
    ],
)
def test_what_counts_as_a_number(term, number):
    assert numeric_literal(term) is number


def test_safe_cell():
    assert [safe_cell(c) for c in ("=1", "+1", "-1", "@x", "\tx", "\rx", "\0x", "'=1", "", " =1", "中")] == [
        "'=1",
        "'+1",
        "'-1",
        "'@x",
        "'\tx",
        "'\rx",
        "'\0x",
        "'=1",
        "",
        " =1",
        "中",
    ]
