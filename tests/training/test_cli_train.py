"""`kg train`, `kg build --model` and `kg eval --cv` as a user runs them: annotate, retrain, rebuild."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from tests.conftest import FIXTURES, ROOT, SEEDS


def _kg(*args, cwd=ROOT, timeout=600):
    return subprocess.run(
        [sys.executable, str(ROOT / "kg.py"), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def user_corpus(tmp_path_factory):
    """The seeds as a user's own annotated reports, in two collections of their own naming."""
    d = tmp_path_factory.mktemp("mine")
    (d / "reports").mkdir()
    for p in sorted(SEEDS.glob("*.txt")):
        shutil.copy(p, d / "reports" / p.name)
    lines = []
    for line in (FIXTURES / "seeds_gold.jsonl").read_text(encoding="utf-8").splitlines():
        o = json.loads(line)
        o["group"] = "jinan-a" if o["doc"] < "002" else "jinan-b"
        lines.append(json.dumps(o, ensure_ascii=False))
    (d / "gold.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def user_model(user_corpus):
    out = user_corpus / "mine.kgm"
    r = _kg("train", "--gold", user_corpus / "gold.jsonl", user_corpus / "reports", "--out", out)
    assert r.returncode == 0, r.stderr
    assert "trained on 5 reports (jinan-a 2, jinan-b 3)" in r.stdout
    return out


def test_a_users_model_builds_a_store(user_model, tmp_path):
    r = _kg("build", SEEDS / "001_2eeaad20f77cb63a.txt", "--store", tmp_path / "s", "--model", user_model)
    assert r.returncode == 0, r.stderr
    assert "reports: 1" in r.stdout
    r = _kg(
        "query",
        "SELECT (COUNT(*) AS ?n) WHERE { ?e a <https://w3id.org/devreport-kg/ontology#District> }",
        "--store",
        tmp_path / "s",
        "--format",
        "csv",
    )
    assert int(r.stdout.split()[-1]) >= 2
    # and eval with it says the figure is in-sample
    r = _kg(
        "eval",
        "--gold",
        FIXTURES / "seeds_gold.jsonl",
        SEEDS / "001_2eeaad20f77cb63a.txt",
        "--model",
        user_model,
    )
    assert r.returncode == 0 and "in-sample: 1 of these 1 reports" in r.stdout


def test_a_bad_model_is_refused_before_the_store_is_touched(tmp_path):
    store = tmp_path / "s"
    assert _kg("build", SEEDS / "004_06151ba5736d2431.txt", "--store", store).returncode == 0
    before = _kg("stats", "--store", store, "--format", "json").stdout
    (tmp_path / "bad.kgm").write_text("not a model", encoding="utf-8")
    r = _kg("build", SEEDS / "001_2eeaad20f77cb63a.txt", "--store", store, "--model", tmp_path / "bad.kgm")
    assert r.returncode == 1
    assert r.stderr.strip().count("\n") == 0 and "not a kg model" in r.stderr and "Traceback" not in r.stderr
    assert _kg("stats", "--store", store, "--format", "json").stdout == before


def test_train_refuses_what_it_cannot_use(tmp_path):
    r = _kg("train", "--gold", tmp_path / "none.jsonl", SEEDS, "--out", tmp_path / "m.kgm")
    assert r.returncode == 1 and "no such file" in r.stderr
    (tmp_path / "other.jsonl").write_text('{"doc": "nothing-here.txt", "entities": [], "relations": []}\n')
    r = _kg("train", "--gold", tmp_path / "other.jsonl", SEEDS, "--out", tmp_path / "m.kgm")
    assert r.returncode == 1 and "no annotated report" in r.stderr
    assert not (tmp_path / "m.kgm").exists()


def test_cross_validation_scores_each_collection_with_a_model_not_trained_on_it(user_corpus):
    r = _kg(
        "eval",
        "--cv",
        "--in-sample",
        "--thresholds",
        "0.7,0.8:0.5",
        "--boosting",
        "60/0.03/7:20/0.1/7",
        "--gold",
        user_corpus / "gold.jsonl",
        user_corpus / "reports",
    )
    assert r.returncode == 0, r.stderr
    out, memory = r.stdout.split("IN-SAMPLE")
    out, nested = out.split("nested:", 1)
    # each choice's figure (the defaults' values are added to every axis), then the nested one
    defaults = "names 60/0.03/7 < 0.7, relations 60/0.03/7 >= 0.5 (defaults)"
    assert defaults in out and "< 0.8, relations 20/0.1/7 >= 0.5:" in out
    rows = [line for line in out.splitlines() if line.startswith("  names ")]
    assert len(rows) == 4  # 1 name setting x 2 thresholds x 2 relation settings x 1 threshold
    assert "jinan-a" in nested and "jinan-b" in nested and "at the defaults entity_f1=" in nested
    assert "jinan-a" in out and "jinan-b" in out and "left out" in out and "mean over collections" in out
    f1 = float(out.split("entity_f1=")[1].split()[0])
    assert 0.3 < f1 < 0.95  # learned from two or three reports: far from nothing, far from memory
    assert float(memory.split("entity_f1=")[1].split()[0]) > f1  # scored on what it was trained on
    r = _kg("eval", "--cv", "--gold", FIXTURES / "seeds_gold.jsonl", SEEDS)
    assert r.returncode == 1 and "at least two collections" in r.stderr
    r = _kg("eval", "--curve", "5", "--gold", FIXTURES / "seeds_gold.jsonl", SEEDS)
    assert r.returncode == 1 and "--cv" in r.stderr
    r = _kg("eval", "--thresholds", "0.7:0.5", "--gold", FIXTURES / "seeds_gold.jsonl", SEEDS)
    assert r.returncode == 1 and "--cv" in r.stderr
    r = _kg("eval", "--cv", "--thresholds", "0.7", "--gold", FIXTURES / "seeds_gold.jsonl", SEEDS)
    assert r.returncode == 1 and "a colon" in r.stderr and "Traceback" not in r.stderr
    r = _kg("eval", "--cv", "--boosting", "60/0.03:7", "--gold", FIXTURES / "seeds_gold.jsonl", SEEDS)
    assert r.returncode == 1 and "--boosting" in r.stderr and "Traceback" not in r.stderr
    r = _kg("eval", "--boosting", "60/0.03/7:60/0.03/7", "--gold", FIXTURES / "seeds_gold.jsonl", SEEDS)
    assert r.returncode == 1 and "--cv" in r.stderr
