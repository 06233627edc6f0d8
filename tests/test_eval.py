"""`kg eval` follows the scoring rules of docs/scoring.md, and agrees with the reference scorer when it is present."""

import re
import subprocess
import sys

import pytest

from graph.evaluate import Counts, evaluate, norm, score_doc
from tests.conftest import FIXTURES, ROOT, SEEDS, SHARED


def test_normalisation():
    assert norm("“三区”战略") == "三区战略"
    assert norm("ＳＡＰ 公司") == "SAP公司"


def test_matching_rules():
    gold = {
        "doc": "d",
        "entities": [
            {"name": "济南中央活力区", "type": "Strategy", "aliases": ["中央活力区"]},
            {"name": "市中区", "type": "District", "aliases": []},
        ],
        "relations": [{"head": "市中区", "type": "hasStrategy", "tail": "济南中央活力区", "evidence": ""}],
    }
    ents = {("e1", "Strategy"): {"中央活力区"}, ("e2", "District"): {"市中区"}, ("e3", "Project"): {"市中区"}}
    rels = {("e2", "hasStrategy", "e1")}
    d = score_doc(gold, ents, rels)
    assert d.counts["Strategy"].tp == 1 and d.counts["District"].tp == 1
    assert d.counts["Project"].pred == 1 and d.counts["Project"].tp == 0
    assert d.counts["hasStrategy"].tp == 1
    assert Counts(1, 2, 4).prf() == (0.5, 0.25, pytest.approx(1 / 3))


def test_eval_runs_on_the_seed_fixture():
    res = evaluate(FIXTURES / "seeds_gold.jsonl", [SEEDS])
    assert len(res.docs) == 5 and res.entity_f1 > 0.5


@pytest.mark.skipif(
    not (SHARED / "tools" / "score.py").exists(), reason="../shared is not beside the checkout"
)
def test_agrees_with_the_reference_scorer():
    ref = subprocess.run(
        [
            sys.executable,
            str(SHARED / "tools" / "score.py"),
            "--kg",
            f"{sys.executable} {ROOT / 'kg.py'}",
            "--docs",
            str(SEEDS),
            "--gold",
            str(FIXTURES / "seeds_gold.jsonl"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    m = re.search(r"entity_f1=([0-9.]+) relation_f1=([0-9.]+)", ref.stdout)
    assert m, ref.stdout + ref.stderr
    res = evaluate(FIXTURES / "seeds_gold.jsonl", [SEEDS])
    assert f"{res.entity_f1:.3f}" == m.group(1)
    assert f"{res.relation_f1:.3f}" == m.group(2)


def test_amounts_are_scored_by_entity_value_and_unit():
    from decimal import Decimal

    from graph.evaluate_facts import score_facts

    gold = {
        "entities": [{"name": "济南新旧动能转换起步区", "type": "District", "aliases": ["起步区"]}],
        "amounts": [
            {"entity": "济南新旧动能转换起步区", "value": "8670000000", "unit": "CNY"},
            {"entity": "济南新旧动能转换起步区", "value": "41333333.33", "unit": "m2"},
        ],
        "date": "2021-08-20",
    }
    found = [
        (Decimal("8.67e9"), "CNY", {"起步区"}),  # by an alias of the gold entity: a match
        (Decimal("41333333.333333"), "m2", {"别的项目"}),  # right number, wrong entity: worse than none
    ]
    c = score_facts(gold, found, "2021-08")
    assert (c["amount"].tp, c["amount"].pred, c["amount"].gold) == (1, 2, 2)
    assert (c["date"].tp, c["date"].pred, c["date"].gold) == (0, 1, 1)
    assert score_facts({"entities": []}, found, None) == {}  # no gold amounts, no dates: not scored


def test_kg_eval_prints_amounts_and_dates_where_the_gold_has_them():
    from typer.testing import CliRunner

    from kg import app

    r = CliRunner().invoke(app, ["eval", "--gold", str(FIXTURES / "seeds_gold.jsonl"), str(SEEDS)])
    assert r.exit_code == 0, r.output
    amounts = next(line for line in r.stdout.splitlines() if line.startswith("amounts"))
    assert float(re.search(r"P=([0-9.]+)", amounts).group(1)) >= 0.9
    assert "report dates" in r.stdout
    assert re.search(r"reports=5 entity_f1=[0-9.]+ relation_f1=[0-9.]+", r.stdout)
