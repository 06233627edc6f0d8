"""`kg eval` follows ANNOTATION.md's rules, and agrees with the reference scorer when it is present."""

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
