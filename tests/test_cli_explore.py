"""`kg neighbors`, `kg path` and `kg stats` on the seeds, as a user types them."""

import hashlib
import io
import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from graph.store import open_store
from kg import app
from kgerrors import QueryError
from tests.conftest import ROOT
from tests.tiny_store import make_tiny_store

runner = CliRunner()


@pytest.fixture(autouse=True)
def _wide_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # long Chinese names stay on one line


def kg(*args):
    return runner.invoke(app, list(map(str, args)))


def kg_json(*args):
    r = kg(*args, "--format", "json")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def kg_process(*args, env=None):
    """The real command in its own process: what reaches stderr, and the exit status."""
    cmd = [sys.executable, str(ROOT / "kg.py"), *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=120, env=env)


def test_neighbors_of_a_company_show_its_project(seed_store):
    r = kg("neighbors", "比亚迪", "--store", seed_store)
    assert r.exit_code == 0, r.output
    assert "比亚迪新能源整车项目" in r.stdout and "involves" in r.stdout and ".txt" in r.stdout
    data = kg_json("neighbors", "比亚迪", "--store", seed_store)
    hit = next(n for n in data["neighbors"] if n["label"] == "比亚迪新能源整车项目")
    assert hit["relation"] == "involves" and hit["direction"] == "in" and hit["evidence"][0]["text"]


def test_a_short_name_resolves_to_the_canonical_one(seed_store):
    r = kg("neighbors", "起步区", "--store", seed_store, "--format", "table")
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[0].startswith("济南新旧动能转换起步区 (District)")
    assert (
        kg_json("neighbors", "起步区", "--store", seed_store)["entity"]["label"] == "济南新旧动能转换起步区"
    )


def test_a_relation_filter_keeps_only_strategies(seed_store):
    data = kg_json("neighbors", "市中区", "--relation", "hasStrategy", "--store", seed_store)
    assert data["neighbors"]
    assert {(n["relation"], n["type"]) for n in data["neighbors"]} == {("hasStrategy", "Strategy")}


def test_depth_two_reaches_further_than_depth_one(seed_store):
    one = kg_json("neighbors", "比亚迪", "--depth", "1", "--store", seed_store)["neighbors"]
    two = kg_json("neighbors", "比亚迪", "--depth", "2", "--store", seed_store)["neighbors"]
    assert {n["iri"] for n in one} < {n["iri"] for n in two}
    assert max(n["hop"] for n in two) == 2


def test_direction_and_class_filters(seed_store):
    out = kg_json("neighbors", "比亚迪", "--direction", "out", "--store", seed_store)["neighbors"]
    assert out and {n["direction"] for n in out} == {"out"}
    orgs = kg_json("neighbors", "市中区", "-d", "2", "--type", "Organization", "--store", seed_store)
    assert orgs["neighbors"] and {n["type"] for n in orgs["neighbors"]} == {"Organization"}
    r = kg("neighbors", "市中区", "-d", "2", "--type", "Organization", "--store", seed_store)
    assert r.exit_code == 0 and "(Organization)" in r.stdout


def test_path_between_a_district_and_a_company(seed_store):
    r = kg("path", "市中区", "中泰证券", "--store", seed_store)
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("path 1") and "中泰证券" in r.stdout
    data = kg_json("path", "市中区", "中泰证券", "--max", "2", "--store", seed_store)
    assert 1 <= len(data["paths"]) <= 2
    for p in data["paths"]:
        assert p[0]["from_label"] == "市中区" and p[-1]["label"] == "中泰证券"


def test_stats_show_the_shape_of_the_graph(seed_store):
    r = kg("stats", "--store", seed_store)
    assert r.exit_code == 0, r.output
    for part in (
        "per report",
        "most connected",
        "shared by several strategies",
        "weakly connected components",
    ):
        assert part in r.stdout
    data = kg_json("stats", "--store", seed_store)
    assert data["reports"] == 5 and data["most_connected"][0]["label"] == "市中区"
    assert sum(c["size"] for c in data["components"]) == sum(data["classes"].values())


@pytest.mark.parametrize(
    "args, message",
    [
        (["neighbors", "中泰证劵"], "did you mean: 中泰证券"),
        (["neighbors", "市中区", "--relation", "hasStrat"], "hasStrategy"),
        (["neighbors", "市中区", "--type", "Company"], "Organization"),
        (["path", "市中区", "中泰证劵"], "中泰证券"),
        (["path", "市中区", "市中区"], "same entity"),
    ],
)
def test_bad_input_gets_one_line_and_a_nonzero_exit(seed_store, args, message):
    p = kg_process(*args, "--store", seed_store)
    assert p.returncode != 0 and message in p.stderr
    assert "Traceback" not in p.stderr and len(p.stderr.strip().splitlines()) == 1


def test_a_name_shared_by_two_entities_lists_them_to_choose_from(tmp_path):
    make_tiny_store(tmp_path / "tiny").close()
    p = kg_process("neighbors", "甲", "--store", tmp_path / "tiny")
    assert p.returncode != 0 and "甲公司 (Organization" in p.stderr and "甲项目 (Project" in p.stderr
    chosen = p.stderr.split("甲项目 (Project, ")[1].split(")")[0]
    r = kg("neighbors", chosen, "--store", tmp_path / "tiny")
    assert r.exit_code == 0 and r.stdout.startswith("甲项目")


def _digest(path) -> str:
    s = open_store(path, read_only=True)
    out = io.BytesIO()
    s.dump("nq", out)
    s.close()
    return hashlib.sha256(out.getvalue()).hexdigest()


@pytest.mark.parametrize("name", ['"} ; DROP ALL ; {"', "'}} INSERT DATA { <a:b> <a:c> <a:d> } #", "{{}}"])
def test_names_full_of_quotes_and_braces_neither_crash_nor_change_the_store(fresh_store, name):
    before = _digest(fresh_store)
    p = kg_process("neighbors", name, "--store", fresh_store)
    assert p.returncode == 1 and "no entity named" in p.stderr and "Traceback" not in p.stderr
    r = kg("path", "市中区", name, "--store", fresh_store)  # in process: the error is the exception
    assert r.exit_code == 1 and isinstance(r.exception, QueryError)
    assert _digest(fresh_store) == before


def test_shell_completion_of_commands_options_and_names(seed_store):
    def complete(words):
        env = {**os.environ, "_KG.PY_COMPLETE": "complete_bash", "COMP_WORDS": words}
        env["COMP_CWORD"] = str(len(words.split(" ")) - 1)
        return kg_process(env=env).stdout.split()

    assert "neighbors" in complete("kg.py nei") and "path" in complete("kg.py pa")
    assert "hasStrategy" in complete("kg.py neighbors --relation ")
    assert "比亚迪新能源整车项目" in complete(f"kg.py neighbors --store {seed_store} 比亚迪")
    # the formats are choices, so the shell offers them; --focus takes an entity's name like NAME
    assert {"csv", "tsv", "json"} <= set(complete("kg.py query --format "))
    assert complete("kg.py export --format g") == ["graphml", "gexf"]
    assert "比亚迪新能源整车项目" in complete(f"kg.py viz --store {seed_store} --focus 比亚迪")
