"""Cross-validation at several thresholds: the grid is the plain score where they meet, and the nested
choice of thresholds never looks at the collection it scores."""

from __future__ import annotations

import pytest

from graph.evaluate import Counts, DocResult
from tests.conftest import FIXTURES, SEEDS
from training.corpus import load_annotated
from training.crossval import Choice, CrossValidation, Grid, GroupScore, nested_choice, score, score_grid
from training.fit import Boosting, Settings, fit

FEW = Boosting(20, 0.1, 15)
QUICK = Settings(iterations=30, inner_folds=2, names=FEW, relations=FEW)


@pytest.fixture(scope="module")
def examples():
    return load_annotated([FIXTURES / "seeds_gold.jsonl"], [SEEDS])


def test_the_grid_scores_like_the_model_at_its_own_thresholds(examples):
    model = fit(examples[1:], QUICK)
    own = (model.names.threshold, model.relations.threshold)
    grid = Grid((FEW,), (FEW,), (0.0, own[0]), (0.0, own[1], 1.01))
    scored = score_grid(examples[:1], model.crf, {FEW: model.names}, {FEW: model.relations}, grid)
    assert [d.counts for d in scored[Choice(FEW, FEW, *own)]] == [
        d.counts for d in score(examples[:1], model)
    ]
    assert (
        sum(c.pred for c in scored[Choice(FEW, FEW, 0.0, own[1])][0].counts.values()) == 0
    )  # none that sure
    kept = [
        sum(scored[Choice(FEW, FEW, own[0], r)][0].counts[k].pred for k in ("hasStrategy", "locatedIn"))
        for r in (0.0, 0.5, 1.01)
    ]
    assert kept[0] >= kept[1] >= kept[2] == 0  # a higher relation threshold keeps fewer pairs


def test_cross_validation_on_a_grid_retrains_only_the_decisions(examples):
    from dataclasses import replace

    from training.crossval import cross_validate

    two = [replace(e, group="a" if e.doc_id < "002" else "b") for e in examples]
    other = Boosting(10, 0.1, 7)
    cv = cross_validate(two, QUICK, grid=Grid((other,), (), (0.6,), ()))
    keys = set(cv.groups[0].grid)
    assert keys == {Choice(b, FEW, n, 0.5) for b in (FEW, other) for n in (0.6, 0.7)}  # own values added
    plain = cross_validate(two, QUICK)
    for g, p in zip(cv.groups, plain.groups, strict=True):  # the settings' own choice scores as plain CV
        assert [d.counts for d in g.docs] == [d.counts for d in p.docs]
        assert g.grid[Choice(FEW, FEW, 0.7, 0.5)] is g.docs


def _doc(doc: str, ent: tuple[int, int, int], rel: tuple[int, int, int]) -> DocResult:
    return DocResult(doc, {"District": Counts(*ent), "locatedIn": Counts(*rel)})


B1, B2 = Boosting(60, 0.03, 7), Boosting(100, 0.1, 15)
DEFAULT = Choice(B1, B1, 0.7, 0.5)


def _group(name: str, good: Choice) -> GroupScore:
    """A collection scoring 10/10 at `good` and 5/10 elsewhere."""
    keys = [Choice(B1, B1, 0.5, 0.5), DEFAULT, Choice(B1, B1, 0.7, 0.3), Choice(B2, B1, 0.7, 0.5)]
    grid = {
        k: [_doc(name, (10, 10, 10), (10, 10, 10)) if k == good else _doc(name, (5, 10, 10), (5, 10, 10))]
        for k in keys
    }
    return GroupScore(name, grid[DEFAULT], 0, grid)


def test_the_nested_choice_is_made_on_the_other_collections():
    groups = [
        _group("a", Choice(B1, B1, 0.5, 0.5)),
        _group("b", Choice(B1, B1, 0.5, 0.5)),
        _group("c", Choice(B2, B1, 0.7, 0.5)),
        _group("d", Choice(B1, B1, 0.5, 0.5)),
    ]
    chosen = {g: (k, docs) for g, k, docs in nested_choice(CrossValidation(groups), DEFAULT)}
    assert chosen["c"][0] == Choice(B1, B1, 0.5, 0.5)  # what a, b and d prefer, not what c would like
    assert chosen["c"][1][0].counts["District"].tp == 5  # and c scored with it
    assert chosen["a"][0] == Choice(B1, B1, 0.5, 0.5)  # b, c and d pooled: two of three prefer it


def test_ties_go_to_the_choice_nearest_the_defaults():
    keys = [
        Choice(B1, B1, 0.5, 0.5),
        Choice(B1, B1, 0.7, 0.3),
        Choice(B1, B1, 0.8, 0.5),
        Choice(B2, B1, 0.7, 0.5),
    ]
    same = {k: [_doc("x", (5, 10, 10), (5, 10, 10))] for k in keys}
    cv = CrossValidation([GroupScore(g, same[keys[0]], 0, same) for g in ("a", "b")])
    # the same boosting as the defaults first, then the thresholds nearest them
    assert [k for _, k, _ in nested_choice(cv, DEFAULT)] == [Choice(B1, B1, 0.8, 0.5)] * 2
