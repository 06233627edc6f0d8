"""The `kg` command end to end on the seeds (typer's CliRunner, in process)."""

import json
import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from kg import app
from tests.conftest import FIXTURES, ROOT, SEEDS

runner = CliRunner()


def kg(*args):
    return runner.invoke(app, list(map(str, args)))


def test_build_prints_a_summary(tmp_path):
    r = kg("build", SEEDS, "--store", tmp_path / "st")
    assert r.exit_code == 0, r.output
    assert "reports: 5" in r.output
    for t in ("District", "Strategy", "Project", "Organization"):
        assert re.search(rf"{t} [1-9]", r.output)


def test_query_table_and_json(seed_store):
    r = kg(
        "query",
        "SELECT ?l WHERE { ?e a kg:District ; rdfs:label ?l } ORDER BY ?l",
        "--store",
        seed_store,
        "--format",
        "json",
    )
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    labels = [b["l"]["value"] for b in data["results"]["bindings"]]
    assert "市中区" in labels and "历下区" in labels
    r = kg("query", 'ASK { ?e rdfs:label "比亚迪新能源整车项目"@zh }', "--store", seed_store)
    assert r.stdout.strip() == "true"


def test_query_from_file(seed_store, tmp_path):
    q = tmp_path / "q.rq"
    q.write_text("SELECT (COUNT(?e) AS ?n) WHERE { ?e a kg:Project }", encoding="utf-8")
    r = kg("query", f"@{q}", "--store", seed_store, "--format", "csv")
    assert r.exit_code == 0 and int(r.stdout.splitlines()[1]) > 20


def test_neighbors(seed_store):
    r = kg("neighbors", "比亚迪", "--store", seed_store, "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert any(n["label"] == "比亚迪新能源整车项目" for n in data["neighbors"])


def test_export_and_viz(seed_store, tmp_path):
    for fmt in ("ttl", "nt", "trig", "nq"):
        out = tmp_path / f"g.{fmt}"
        r = kg("export", "--format", fmt, "--out", out, "--store", seed_store)
        assert r.exit_code == 0, r.output
        from rdflib import Dataset

        d = Dataset()
        d.parse(out, format={"ttl": "turtle", "nt": "nt", "trig": "trig", "nq": "nquads"}[fmt])
        assert len(d) > 1000 or sum(len(g) for g in d.graphs()) > 1000
    gexf = tmp_path / "g.gexf"  # kg hands the page's drawing to the export: Gephi opens it coloured
    r = kg("export", "--format", "gexf", "--out", gexf, "--store", seed_store)
    assert r.exit_code == 0, r.output
    text = gexf.read_text(encoding="utf-8")
    assert text.count("<viz:color") == text.count("<node ") > 100
    html = tmp_path / "g.html"
    r = kg("viz", "--out", html, "--store", seed_store)
    assert r.exit_code == 0 and html.read_text(encoding="utf-8").count("<script") >= 1


def test_stats(seed_store):
    r = kg("stats", "--store", seed_store)
    assert r.exit_code == 0 and "市中区" in r.stdout and "hasStrategy" in r.stdout


def test_eval_on_seed_gold():
    r = kg("eval", "--gold", FIXTURES / "seeds_gold.jsonl", SEEDS)
    assert r.exit_code == 0, r.output
    m = re.search(r"entity_f1=([0-9.]+) relation_f1=([0-9.]+)", r.stdout)
    assert m and float(m.group(1)) > 0.5 and float(m.group(2)) > 0.3


@pytest.mark.parametrize(
    "args, message",
    [
        (["build", "/nonexistent/reports"], "no such file"),
        (["query", "SELEC ?x"], "malformed"),
        (["neighbors", "中泰证劵"], "中泰证券"),
        (["export", "--format", "xyz", "--out", "/tmp/x.out"], "'xyz' is not one of 'ttl'"),
        (["export", "--format", "csv", "--out", "/dev/null"], "is a file"),
        (["query", "@/nonexistent/q.rq"], "no such query file"),
        (["query", "SELECT ?x WHERE { ?x ?p ?o }", "--bind", "1x=y"], "--bind"),
        (["query", "SELECT ?x WHERE { ?x ?p ?o }", "--bind", "y=历下区"], "?y"),
    ],
)
def test_bad_input_gets_one_line_and_a_nonzero_exit(seed_store, args, message):
    cmd = [sys.executable, str(ROOT / "kg.py"), *args]
    if args[0] != "build":
        cmd += ["--store", str(seed_store)]
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert p.returncode != 0
    assert message in p.stderr
    assert "Traceback" not in p.stderr and len(p.stderr.strip().splitlines()) == 1


def test_a_remote_store_round_trips_the_seeds(empty_server, seed_store, fresh_store, tmp_path):
    """`--store http://…`: build into `oxigraph serve`, then query, look up, draw and export from it."""
    with_password = empty_server.replace("http://", "http://kg:secret@")
    r = kg("build", SEEDS, "--store", with_password)
    assert r.exit_code == 0, r.output
    assert "reports: 5" in r.output and "kg:***@" in r.output and "secret" not in r.output
    r = kg("query", 'ASK { ?e rdfs:label "比亚迪新能源整车项目"@zh }', "--store", empty_server)
    assert r.stdout.strip() == "true"
    r = kg("neighbors", "比亚迪", "--store", empty_server, "--format", "json")
    assert any(n["label"] == "比亚迪新能源整车项目" for n in json.loads(r.stdout)["neighbors"])
    counts = [
        kg("viz", "--out", tmp_path / "g.html", "--store", s).output.split("(")[1]
        for s in (empty_server, seed_store)
    ]
    assert counts[0] == counts[1] and "entities" in counts[0]
    from graph.link import link
    from graph.store import open_store

    linked = open_store(fresh_store)  # the links between reports, as `kg build` adds them
    link(linked)
    linked.close()
    for where, out in ((empty_server, "remote.nq"), (fresh_store, "local.nq")):
        assert kg("export", "--format", "nq", "--out", tmp_path / out, "--store", where).exit_code == 0
    assert (tmp_path / "remote.nq").read_bytes() == (tmp_path / "local.nq").read_bytes()


def test_an_unreachable_remote_store_is_one_line(tmp_path):
    from tests.conftest import _free_port

    url = f"http://127.0.0.1:{_free_port()}"
    for args in (["query", "ASK {}"], ["build", str(SEEDS / next(SEEDS.iterdir()).name)], ["neighbors", "x"]):
        p = subprocess.run(
            [sys.executable, str(ROOT / "kg.py"), *args, "--store", url],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
        )
        assert p.returncode == 1 and "cannot reach the SPARQL server" in p.stderr, p.stderr
        assert len(p.stderr.strip().splitlines()) == 1
