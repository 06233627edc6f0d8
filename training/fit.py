"""Training: annotated reports -> `loaders.model.Model`, deterministically.

1. the tagger (crfsuite, L-BFGS) learns BIO labels of the gold names from every character's features;
2. the name decision (LightGBM, multiclass: none or one of the four types) learns from the candidate
   names of each report as a tagger *not trained on that report* reads it (out-of-fold, by collection
   when there are several), so it learns how far to trust the tagger on text it has not seen;
3. the relation decision (LightGBM, binary) learns from every type-compatible pair of the gold entities.

The same reports and settings always give the same model file (fixed seeds, one thread).
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from graph.evaluate import norm
from loaders.model import Decision, Model
from loaders.names import candidate_names
from loaders.pairs import candidate_pairs
from loaders.rules import rule_relations
from loaders.tagger import Crf, Tagged, sequences, tag
from ontology.terms import ENTITY_TYPES
from training.augment import swapped_names
from training.corpus import Annotated
from training.gold import gold_entities, name_types


@dataclass(frozen=True, order=True)
class Boosting:
    """How hard one decision's gradient boosting fits: rounds, learning rate, leaves per tree.

    Few, shallow, slowly learnt trees (60 / 0.03 / 7) were chosen by nested grouped cross-validation
    over 100/0.1/15, 100/0.03/7, 60/0.03/7, 45/0.03/7, 150/0.03/3 (names) and 100/0.1/15, 100/0.05/4,
    60/0.03/7 (relations): on reports of a kind it has not seen, a decision that fits its 33–39 training
    reports less closely does better (docs/extraction.md, "Figures")."""

    rounds: int = 60
    learning_rate: float = 0.03
    leaves: int = 7

    def __str__(self) -> str:
        return f"{self.rounds}/{self.learning_rate:g}/{self.leaves}"

    @classmethod
    def parse(cls, text: str) -> Boosting:
        """`60/0.03/7` -> Boosting(60, 0.03, 7); ValueError when it is not that form."""
        rounds, rate, leaves = text.strip().split("/")
        b = cls(int(rounds), float(rate), int(leaves))
        if b.rounds < 1 or not 0 < b.learning_rate <= 1 or b.leaves < 2:
            raise ValueError(text)
        return b


@dataclass(frozen=True)
class Settings:
    c1: float = 0.01  # crfsuite's L1 and L2 penalties
    c2: float = 0.05
    iterations: int = 150
    augment: int = 1  # copies of each report with its names swapped, for the tagger (training.augment)
    inner_folds: int = 3  # folds of the out-of-fold readings the name decision learns from
    names: Boosting = field(default_factory=Boosting)  # the name decision's boosting
    relations: Boosting = field(default_factory=Boosting)  # the relation decision's
    name_threshold: float = 0.7  # a name is kept when P(no entity) is below this
    relation_threshold: float = 0.5  # a pair is kept when P(related) is at least this
    seed: int = 1


DEFAULTS = Settings()
Progress = Callable[[str], None]
Rows = tuple[list[dict[str, float]], list[int]]  # feature rows and their labels


def fit(
    examples: list[Annotated],
    settings: Settings = DEFAULTS,
    progress: Progress | None = None,
    note: dict | None = None,
) -> Model:
    say = progress or (lambda _: None)
    tagger, readings = train_readers(examples, settings, say)
    say("name and relation decisions")
    names = train_names(name_data(examples, readings), settings, settings.names)
    relations = train_relations(relation_data(examples), settings, settings.relations)
    trained_on: dict[str, list[str]] = defaultdict(list)
    for e in examples:
        trained_on[e.group].append(e.doc_id)
    meta = {
        "trained_on": dict(sorted(trained_on.items())),
        "reports": len(examples),
        "settings": asdict(settings),
    }
    meta.update(note or {})
    return Model(tagger, names, relations, meta)


def train_readers(
    examples: list[Annotated], settings: Settings, say: Progress
) -> tuple[bytes, dict[str, Tagged]]:
    """The tagger trained on every report, and each report read by a tagger trained without its fold
    (what the name decision learns from)."""
    say(f"tagger on {len(examples)} reports")
    tagger = train_tagger(examples + swapped_names(examples, settings.augment, settings.seed), settings)
    readings: dict[str, Tagged] = {}
    folds = inner_folds(examples, settings.inner_folds)
    for k, held in enumerate(folds, 1):
        say(f"out-of-fold readings {k}/{len(folds)}")
        rest = [e for e in examples if e.doc_id not in held]
        more = swapped_names(rest, settings.augment, settings.seed)
        crf = Crf(train_tagger(rest + more, settings)) if rest else Crf(tagger)
        for e in examples:
            if e.doc_id in held:
                readings[e.doc_id] = tag(crf, e.doc, e.features)
    return tagger, readings


def name_data(examples: list[Annotated], readings: dict[str, Tagged]) -> Rows:
    rows, labels = [], []
    for e in examples:
        r, y = name_rows(e, readings[e.doc_id])
        rows += r
        labels += y
    return rows, labels


def relation_data(examples: list[Annotated]) -> Rows:
    rows, labels = [], []
    for e in examples:
        r, y = relation_rows(e)
        rows += r
        labels += y
    return rows, labels


def train_names(data: Rows, settings: Settings, boosting: Boosting) -> Decision:
    return train_decision(
        *data, boosting, settings.seed, classes=1 + len(ENTITY_TYPES), threshold=settings.name_threshold
    )


def train_relations(data: Rows, settings: Settings, boosting: Boosting) -> Decision:
    return train_decision(
        *data,
        boosting,
        settings.seed,
        classes=2,
        threshold=settings.relation_threshold,
        categorical=("relation",),
    )


def inner_folds(examples: list[Annotated], k: int) -> list[set[str]]:
    """Up to k folds of report ids: whole collections when there are at least k, else reports dealt in turn."""
    groups: dict[str, list[str]] = defaultdict(list)
    for e in examples:
        groups[e.group].append(e.doc_id)
    folds: list[set[str]] = [set() for _ in range(min(k, len(examples)))]
    if len(groups) >= k:
        sizes = [0] * k
        for g in sorted(groups, key=lambda g: (-len(groups[g]), g)):  # largest first, to the smallest fold
            i = sizes.index(min(sizes))
            folds[i].update(groups[g])
            sizes[i] += len(groups[g])
    else:
        for i, e in enumerate(sorted(examples, key=lambda e: e.doc_id)):
            folds[i % len(folds)].add(e.doc_id)
    return [f for f in folds if f]


def train_tagger(examples: list[Annotated], settings: Settings) -> bytes:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for e in examples:
        for a, b in sequences(e.doc):
            trainer.append(e.features[a:b], e.labels[a:b])
    trainer.set_params(
        {
            "c1": settings.c1,
            "c2": settings.c2,
            "max_iterations": settings.iterations,
            "feature.possible_transitions": True,
        }
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "tagger.crfsuite"
        trainer.train(str(path))
        return path.read_bytes()


def name_rows(e: Annotated, tagged: Tagged) -> tuple[list[dict[str, float]], list[int]]:
    types = name_types(e.gold)
    rows, labels = [], []
    for n in candidate_names(e.doc, tagged, e.cands, e.chosen):
        rows.append(n.features)
        t = types.get(norm(n.name))
        labels.append(ENTITY_TYPES.index(t) + 1 if t else 0)
    return rows, labels


def relation_rows(e: Annotated) -> tuple[list[dict[str, float]], list[int]]:
    entities = gold_entities(e.doc, e.gold)
    gold = {(r["head"], r["type"], r["tail"]) for r in e.gold["relations"]}
    rows, labels = [], []
    for p in candidate_pairs(e.doc, entities, rule_relations(e.doc, entities)):
        rows.append(p.features)
        labels.append(int((entities[p.head].label, p.relation, entities[p.tail].label) in gold))
    return rows, labels


def train_decision(
    rows: list[dict[str, float]],
    labels: list[int],
    boosting: Boosting,
    seed: int,
    classes: int,
    threshold: float,
    categorical: tuple[str, ...] = (),
) -> Decision:
    import lightgbm

    features = tuple(sorted({k for r in rows for k in r}))
    shell = Decision("", features, threshold)
    params = {
        "objective": "multiclass" if classes > 2 else "binary",
        "learning_rate": boosting.learning_rate,
        "num_leaves": boosting.leaves,
        "min_data_in_leaf": 10,
        "feature_fraction": 0.8,
        "bagging_fraction": 0.8,
        "bagging_freq": 1,
        "lambda_l2": 1.0,
        "seed": seed,
        "deterministic": True,
        "force_row_wise": True,
        "num_threads": 1,
        "verbose": -1,
    }
    if classes > 2:
        params["num_class"] = classes
    data = lightgbm.Dataset(
        shell.matrix(rows),
        labels,
        feature_name=list(features) or "auto",
        categorical_feature=[f for f in categorical if f in features] or "auto",
        free_raw_data=True,
    )
    booster = lightgbm.train(params, data, num_boost_round=boosting.rounds)
    return Decision(booster.model_to_string(), features, threshold)
