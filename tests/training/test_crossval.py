"""Cross-validation at several thresholds: the grid is the plain score where they meet, and the nested
choice of thresholds never looks at the collection it scores."""

from __future__ import annotations

import pytest

from graph.evaluate import Counts, DocResult
from tests.conftest import FIXTURES, SEEDS
from training.corpus import load_annotated
from training.crossval import CrossValidation, GroupScore, nested_thresholds, score, score_grid
from training.fit import Settings, fit

QUICK = Settings(iterations=30, rounds=20, inner_folds=2)


@pytest.fixture(scope="module")
def examples():
    return load_annotated([FIXTURES / "seeds_gold.jsonl"], [SEEDS])


def test_the_grid_scores_like_the_model_at_its_own_thresholds(examples):
    model = fit(examples[1:], QUICK)
    own = (model.names.threshold, model.relations.threshold)
    grid = score_grid(examples[:1], model, [0.0, own[0]], [0.0, own[1], 1.01])
    assert [d.counts for d in grid[own]] == [d.counts for d in score(examples[:1], model)]
    assert sum(c.pred for c in grid[(0.0, own[1])][0].counts.values()) == 0  # no name is that sure
    kept = [
        sum(grid[(own[0], r)][0].counts[k].pred for k in ("hasStrategy", "locatedIn"))
        for r in (0.0, 0.5, 1.01)
    ]
    assert kept[0] >= kept[1] >= kept[2] == 0  # a higher relation threshold keeps fewer pairs


def _doc(doc: str, ent: tuple[int, int, int], rel: tuple[int, int, int]) -> DocResult:
    return DocResult(doc, {"District": Counts(*ent), "locatedIn": Counts(*rel)})


def _group(name: str, good: tuple[float, float]) -> GroupScore:
    """A collection scoring 10/10 at `good` and 5/10 elsewhere."""
    keys = [(0.5, 0.5), (0.7, 0.5), (0.7, 0.3)]
    grid = {
        k: [_doc(name, (10, 10, 10), (10, 10, 10)) if k == good else _doc(name, (5, 10, 10), (5, 10, 10))]
        for k in keys
    }
    return GroupScore(name, grid[(0.7, 0.5)], 0, grid)


def test_nested_thresholds_are_chosen_on_the_other_collections():
    groups = [
        _group("a", (0.5, 0.5)),
        _group("b", (0.5, 0.5)),
        _group("c", (0.7, 0.3)),
        _group("d", (0.5, 0.5)),
    ]
    cv = CrossValidation(groups)
    chosen = {g: (k, docs) for g, k, docs in nested_thresholds(cv, (0.7, 0.5))}
    assert chosen["c"][0] == (0.5, 0.5)  # what a, b and d prefer, not what c would have liked
    assert chosen["c"][1][0].counts["District"].tp == 5  # and c scored with it
    assert chosen["a"][0] == (0.5, 0.5)  # b, c and d pooled: two of three prefer it


def test_ties_go_to_the_thresholds_nearest_the_defaults():
    same = {k: [_doc("x", (5, 10, 10), (5, 10, 10))] for k in [(0.5, 0.5), (0.7, 0.3), (0.8, 0.5)]}
    cv = CrossValidation([GroupScore(g, same[(0.8, 0.5)], 0, same) for g in ("a", "b")])
    assert [k for _, k, _ in nested_thresholds(cv, (0.7, 0.5))] == [(0.8, 0.5), (0.8, 0.5)]
