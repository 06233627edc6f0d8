"""The saved queries on the SPARQL servers a user may keep the graph in: Oxigraph's and Virtuoso 7.2
(skipped where it is not installed). With `--bind` or without, each answers as the embedded store does:
a trailing VALUES block, as bound values were once sent, gave Virtuoso's answer for every district
under the bound name. And an export from a server holds every quad, the links graph's too.
"""

import functools
import json
import re
import shutil
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS
from typer.testing import CliRunner

from graph.link import link
from graph.lookup import lookup
from graph.merged import MERGED, MERGED_CLASS, MERGED_GRAPH
from graph.store import ntriples, open_store
from kg import app
from ontology.terms import REPORT_BASE
from tests.conftest import ROOT, oxigraph_server, virtuoso_server

QUERIES = sorted((ROOT / "queries").glob("*.rq"))
BOOLEAN = "^^<http://www.w3.org/2001/XMLSchema#boolean>"


@pytest.fixture(scope="module")
def local(tmp_path_factory, seed_store) -> Path:
    """The seeds' store with its links graph, as `kg build` leaves it."""
    path = tmp_path_factory.mktemp("linked") / "store"
    shutil.copytree(seed_store, path)
    s = open_store(path)
    link(s)
    s.close()
    return path


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def server(request, local, tmp_path_factory):
    """A server holding the seeds as `kg build` writes them: each report's graph replaced by one
    SPARQL Update, then the links recomputed on the server. Its `--store` spec."""
    if request.param == "oxigraph":
        started = oxigraph_server()
    else:
        started = virtuoso_server(tmp_path_factory.mktemp("virtuoso"))
    with started as spec:
        src, dst = open_store(local, read_only=True), open_store(spec)
        reports = [g for g in src.graphs() if str(g).startswith(REPORT_BASE)]
        dst.replace_graphs(
            [
                (g, ntriples(src.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}").rows))
                for g in reports
            ]
        )
        assert link(dst) > 0
        src.close()
        yield spec


def kg(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(app, list(args))
    return r.exit_code, r.stdout, r.stderr


def answer(store, query: Path, *binds: str) -> list[tuple]:
    """`kg query @query --bind …` as rows of plain values, sorted; the names GROUP_CONCAT joins are
    sorted too (their order is the server's)."""
    args = ["query", f"@{query}", "--store", str(store), "-f", "json"]
    for b in binds:
        args += ["--bind", b]
    code, out, err = kg(*args)
    assert code == 0, err
    res = json.loads(out)
    cols = res["head"]["vars"]
    rows = [
        tuple(
            "、".join(sorted(v.split("、"))) if c == "which" else v
            for c, v in ((c, row.get(c, {}).get("value")) for c in cols)
        )
        for row in res["results"]["bindings"]
    ]
    return sorted(rows, key=repr)


def bindings_to_try(local: Path, query: Path) -> list[tuple[str, ...]]:
    """What each saved query is bound to: the example its header shows, and each name it returns
    (the first row's), as a user would look one up; and unbound."""
    text = query.read_text(encoding="utf-8")
    tries: list[tuple[str, ...]] = [()]
    tries += [(m,) for m in re.findall(r"^#\s+kg query .*--bind '?([^'\s]+=[^'\s]+)", text, re.M)]
    code, out, _ = kg("query", f"@{query}", "--store", str(local), "-f", "json")
    first = (json.loads(out)["results"]["bindings"] or [{}])[0]
    for var, term in first.items():
        assigned = re.search(rf"AS \?{var}\b", text)
        if term.get("xml:lang") == "zh" and not assigned:
            tries.append((f"{var}={term['value']}",))
    return list(dict.fromkeys(tries))


@functools.cache
def local_answer(local: Path, query: Path, binds: tuple[str, ...]) -> list[tuple]:
    return answer(local, query, *binds)  # the same for each server


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.stem)
def test_every_saved_query_answers_on_a_server_as_on_the_embedded_store(server, local, query):
    tries = bindings_to_try(local, query)
    assert len(tries) >= 2  # unbound, and bound to a name it returns
    for binds in tries:
        want = local_answer(local, query, binds)
        got = answer(server, query, *binds)
        assert len(got) == len(want), binds
        assert got == want, binds


def test_the_strategies_of_one_district_are_its_own(server, local):
    """The issue's case: on Virtuoso, 历下区 got 110 rows, 市中区's strategies among them."""
    q = ROOT / "queries" / "strategies-of-district.rq"
    lixia = answer(server, q, "district=历下区")
    assert lixia == answer(local, q, "district=历下区") and 0 < len(lixia) < 50
    assert {r[0] for r in lixia} == {"历下区"}
    shizhong = {r[1] for r in answer(server, q, "district=市中区")}
    assert not {"济南中央活力区"} <= {r[1] for r in lixia} and "济南中央活力区" in shizhong


def test_a_variable_the_query_does_not_return_can_be_bound(server, local):
    """?d (the district's IRI) is not in the SELECT: bound, the strategies are the district's, under
    each of its names."""
    s = open_store(local, read_only=True)
    iri = lookup(s, "历下区").iri
    s.close()
    q = ROOT / "queries" / "strategies-of-district.rq"
    by_iri = answer(server, q, f"d=<{iri}>")
    assert by_iri == answer(local, q, f"d=<{iri}>")
    assert {r[1] for r in by_iri} == {r[1] for r in answer(server, q, "district=历下区")} != set()


def test_bound_values_stay_values_on_a_server(server):
    """`kg query` refuses a name no entity has before it is sent; the store's own query call must still
    send any value as a value, whatever it holds."""
    q = (ROOT / "queries" / "strategies-of-district.rq").read_text(encoding="utf-8")
    hostile = Literal('历下区"@zh) } UNION { ?d ?p ?district } #', lang="zh")
    s = open_store(str(server))
    try:
        assert s.query(q, {"district": hostile}).rows == []
        assert s.query(q, {"district": Literal("历下区", lang="zh")}).rows != []
    finally:
        s.close()
    q_file = f"@{ROOT / 'queries' / 'strategies-of-district.rq'}"
    r = CliRunner().invoke(app, ["query", q_file, "--store", str(server), "--bind", f"district={hostile}"])
    assert r.exit_code == 1 and r.stdout == "" and "no entity is named" in str(r.exception)


def test_an_export_from_a_server_holds_every_quad(server, local, tmp_path):
    """The links graph is not a report's graph, and an export from a server had left it out."""
    quads = {}
    for name, store in (("local", local), ("server", server)):
        out = tmp_path / f"{name}.nq"
        code, _, err = kg("export", "--format", "nq", "--out", str(out), "--store", str(store))
        assert code == 0, err
        # Virtuoso keeps an xsd:boolean as a number: "1" and "0" are its true and false
        text = out.read_text(encoding="utf-8").replace(f'"1"{BOOLEAN}', f'"true"{BOOLEAN}')
        quads[name] = text.replace(f'"0"{BOOLEAN}', f'"false"{BOOLEAN}').splitlines()
    assert len(quads["server"]) == len(quads["local"]) > 4000
    assert set(quads["server"]) == set(quads["local"])
    links = [q for q in quads["server"] if q.endswith("<https://w3id.org/devreport-kg/graph/links> .")]
    assert links and len(links) == sum(q.endswith("/graph/links> .") for q in quads["local"])


def test_a_graph_changed_by_its_difference_on_a_server(server):
    """How a build updates the links graph: one update deleting some triples and inserting others,
    names in Chinese included (a server that narrowed them would break every later difference)."""
    scratch = URIRef("https://w3id.org/devreport-kg/graph/scratch-test")
    a, b = (
        URIRef("https://w3id.org/devreport-kg/id/test/a"),
        URIRef("https://w3id.org/devreport-kg/id/test/b"),
    )
    s = open_store(server)
    try:

        def content():
            q = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{scratch}> {{ ?s ?p ?o }} }}"
            return {(str(x), str(y), str(z)) for x, y, z in s.query(q).rows}

        s.change_graph(
            scratch, [], [(a, RDFS.label, Literal("济南中央活力区")), (b, RDFS.label, Literal("旧"))]
        )
        s.change_graph(scratch, [(b, RDFS.label, Literal("旧"))], [(b, RDFS.label, Literal("新“名”"))])
        assert content() == {(str(a), str(RDFS.label), "济南中央活力区"), (str(b), str(RDFS.label), "新“名”")}
        s.change_graph(
            scratch, [(a, RDFS.label, Literal("济南中央活力区")), (b, RDFS.label, Literal("新“名”"))], []
        )
        assert content() == set()
    finally:
        s.close()


@pytest.mark.parametrize(
    ("ask", "want"), [("ASK { ?d a kg:District }", True), ("ASK { ?d a kg:Nothing }", False)]
)
def test_an_ask_is_answered_true_or_false(server, ask, want):
    """Virtuoso answers an ASK in SPARQL JSON as a table of one `__ASK_RETVAL` column."""
    code, out, err = kg("query", ask, "--store", str(server), "-f", "json")
    assert code == 0, err
    assert json.loads(out)["boolean"] is want


def test_the_server_keeps_the_merged_graph_exact(server):
    """Written by replacements and the links' difference, the server's merged graph is the merge of
    its report graphs, as the embedded store's is (graph/merged.py); a lookup reads it."""
    m = MERGED
    s = open_store(str(server))
    try:
        assert s.has_merged()
        merged = set(s.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH {m} {{ ?s ?p ?o }} }}").rows)
        merged -= {(MERGED_GRAPH, RDF.type, MERGED_CLASS)}
        q = "SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?g a prov:Entity . ?s ?p ?o } }"
        assert merged == set(s.query(q).rows) and len(merged) > 2000
        assert lookup(s, "市中区").reports
    finally:
        s.close()
