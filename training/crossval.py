"""Grouped cross-validation and the learning curve: figures on reports nothing was fitted to.

Each collection in turn is left out: a model is trained on all the others (`training.fit.fit`) and
scored on it with the rules of `kg eval` (the same as the reference scorer's). The figure to report
and tune by is the micro average over all left-out reports; the spread over collections says how much
it depends on the kind of page.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from graph.evaluate import RELATION_NAMES, Counts, DocResult, graph_of, score_doc
from graph.evaluate import total as _total
from loaders.entities import resolve
from loaders.mentions import decide_mentions, mentions_of
from loaders.model import Model
from loaders.names import candidate_names
from loaders.pairs import candidate_pairs
from loaders.records import Extraction
from loaders.relations import decide, find_relations
from loaders.rules import rule_relations
from loaders.tagger import tag
from ontology.terms import ENTITY_TYPES
from training.corpus import Annotated
from training.fit import DEFAULTS, Settings, fit

Progress = Callable[[str], None]
Thresholds = tuple[float, float]  # (name threshold, relation threshold), as in `training.fit.Settings`


@dataclass
class GroupScore:
    group: str
    docs: list[DocResult]
    trained_on: int  # reports the model scoring this group was trained on
    grid: dict[Thresholds, list[DocResult]] = field(
        default_factory=dict
    )  # the same reports, other thresholds

    def total(self, keys) -> Counts:
        return _total(self.docs, keys)

    def f1(self, keys) -> float:
        return self.total(keys).prf()[2]


@dataclass
class CrossValidation:
    groups: list[GroupScore]

    @property
    def docs(self) -> list[DocResult]:
        return [d for g in self.groups for d in g.docs]

    def spread(self, keys) -> tuple[float, float]:
        """Mean and standard deviation of the per-collection F1."""
        f = [g.f1(keys) for g in self.groups]
        return statistics.fmean(f), (statistics.pstdev(f) if len(f) > 1 else 0.0)


def extract_annotated(e: Annotated, model: Model) -> Extraction:
    """The extraction of a prepared report (the stages of `loaders.pipeline` after segmenting, reusing the
    candidates and features computed once)."""
    mentions = decide_mentions(e.doc, model, e.cands, e.chosen, e.features)
    entities = resolve(e.doc, mentions)
    relations = find_relations(e.doc, entities, model)
    return Extraction(e.report, e.doc.clean, tuple(entities), tuple(relations))


def score(examples: list[Annotated], model: Model) -> list[DocResult]:
    return [score_doc(e.gold, *graph_of(extract_annotated(e, model))) for e in examples]


def score_grid(
    examples: list[Annotated], model: Model, names: Sequence[float], relations: Sequence[float]
) -> dict[Thresholds, list[DocResult]]:
    """Every report scored at every pair of thresholds with one model: the thresholds only decide, so
    each report is tagged and its names weighed once, and its pairs weighed once per name threshold."""
    out: dict[Thresholds, list[DocResult]] = {(n, r): [] for n in names for r in relations}
    for e in examples:
        candidates = candidate_names(e.doc, tag(model.crf, e.doc, e.features), e.cands, e.chosen)
        name_probs = model.names.predict([c.features for c in candidates])
        for n in names:
            entities = resolve(e.doc, mentions_of(e.doc, candidates, name_probs, n))
            stated = rule_relations(e.doc, entities)
            pairs = candidate_pairs(e.doc, entities, stated)
            pair_probs = model.relations.predict([p.features for p in pairs])
            for r in relations:
                found = decide(e.doc, entities, pairs, pair_probs, r, stated)
                x = Extraction(e.report, e.doc.clean, tuple(entities), tuple(found))
                out[(n, r)].append(score_doc(e.gold, *graph_of(x)))
    return out


def cross_validate(
    examples: list[Annotated],
    settings: Settings = DEFAULTS,
    progress: Progress | None = None,
    grid: tuple[Sequence[float], Sequence[float]] | None = None,
) -> CrossValidation:
    """Each collection scored by a model trained on the others; with `grid` (name thresholds, relation
    thresholds), also at every pair of them, by the same models (`GroupScore.grid`)."""
    say = progress or (lambda _: None)
    groups = sorted({e.group for e in examples})
    if len(groups) < 2:
        from kgerrors import InputError

        raise InputError(
            f"cross-validation needs reports of at least two collections (found: {', '.join(groups)})"
        )
    out = []
    for g in groups:
        train = [e for e in examples if e.group != g]
        test = [e for e in examples if e.group == g]
        say(f"left out {g} ({len(test)} reports): training on {len(train)}")
        model = fit(train, settings)
        out.append(
            GroupScore(g, score(test, model), len(train), score_grid(test, model, *grid) if grid else {})
        )
    return CrossValidation(out)


def f1_sum(docs: list[DocResult]) -> float:
    """What a choice of thresholds is judged by: entity F1 plus relation F1, micro over the reports."""
    return _total(docs, ENTITY_TYPES).prf()[2] + _total(docs, RELATION_NAMES).prf()[2]


def nested_thresholds(
    cv: CrossValidation, default: Thresholds | None = None
) -> list[tuple[str, Thresholds, list[DocResult]]]:
    """Per collection, the thresholds that score best (`f1_sum`) on the other collections' left-out
    reports, and this collection's reports scored with them: a figure of choosing thresholds on reports
    the choice never saw. Ties go to the thresholds nearest `default`, then the smallest."""
    keys = sorted(cv.groups[0].grid)
    near = default or keys[0]
    out = []
    for g in cv.groups:
        others = [o for o in cv.groups if o is not g]
        best = max(
            keys,
            key=lambda k: (
                round(f1_sum([d for o in others for d in o.grid[k]]), 9),
                -abs(k[0] - near[0]) - abs(k[1] - near[1]),
                tuple(-x for x in k),
            ),
        )
        out.append((g.group, best, g.grid[best]))
    return out


def learning_curve(
    examples: list[Annotated],
    sizes: list[int],
    settings: Settings = DEFAULTS,
    progress: Progress | None = None,
) -> list[tuple[int, float, float]]:
    """(training reports, entity F1, relation F1), each F1 over every left-out collection, the training
    reports drawn (with a fixed seed) from the other collections."""
    say = progress or (lambda _: None)
    groups = sorted({e.group for e in examples})
    rows = []
    for n in sizes:
        docs: list[DocResult] = []
        for g in groups:
            others = sorted((e for e in examples if e.group != g), key=lambda e: e.doc_id)
            if n > len(others):
                continue
            train = random.Random(f"{settings.seed}:{g}:{n}").sample(others, n)
            say(f"{n} training reports, left out {g}")
            docs += score([e for e in examples if e.group == g], fit(train, replace(settings)))
        if docs:
            rows.append((n, _total(docs, ENTITY_TYPES).prf()[2], _total(docs, RELATION_NAMES).prf()[2]))
    return rows
