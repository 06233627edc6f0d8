"""Grouped cross-validation and the learning curve: figures on reports nothing was fitted to.

Each collection in turn is left out: a model is trained on all the others (`training.fit.fit`) and
scored on it with the rules of `kg eval` (the same as the reference scorer's). The figure to report
and tune by is the micro average over all left-out reports; the spread over collections says how much
it depends on the kind of page.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from graph.evaluate import RELATION_NAMES, Counts, DocResult, graph_of, score_doc
from graph.evaluate import total as _total
from loaders.entities import resolve
from loaders.mentions import decide_mentions, mentions_of
from loaders.model import Decision, Model
from loaders.names import candidate_names
from loaders.pairs import candidate_pairs
from loaders.records import Extraction
from loaders.relations import decide, find_relations
from loaders.rules import rule_relations
from loaders.tagger import Crf, tag
from ontology.terms import ENTITY_TYPES
from training.corpus import Annotated
from training.fit import (
    DEFAULTS,
    Boosting,
    Settings,
    fit,
    name_data,
    relation_data,
    train_names,
    train_readers,
    train_relations,
)

Progress = Callable[[str], None]


class Choice(NamedTuple):
    """What the decisions can be given without retraining the tagger: each one's boosting settings and
    threshold."""

    names: Boosting
    relations: Boosting
    name_threshold: float
    relation_threshold: float

    def __str__(self) -> str:
        return (
            f"names {self.names} < {self.name_threshold:g}, relations {self.relations} >= "
            f"{self.relation_threshold:g}"
        )


def own_choice(settings: Settings) -> Choice:
    return Choice(settings.names, settings.relations, settings.name_threshold, settings.relation_threshold)


@dataclass(frozen=True)
class Grid:
    """The choices to score beside the settings' own: every combination of these."""

    names: tuple[Boosting, ...] = ()
    relations: tuple[Boosting, ...] = ()
    name_thresholds: tuple[float, ...] = ()
    relation_thresholds: tuple[float, ...] = ()

    def with_own(self, settings: Settings) -> Grid:
        """This grid with the settings' own value added on every axis."""
        return Grid(
            tuple(sorted({*self.names, settings.names})),
            tuple(sorted({*self.relations, settings.relations})),
            tuple(sorted({*self.name_thresholds, settings.name_threshold})),
            tuple(sorted({*self.relation_thresholds, settings.relation_threshold})),
        )


@dataclass
class GroupScore:
    group: str
    docs: list[DocResult]
    trained_on: int  # reports the model scoring this group was trained on
    grid: dict[Choice, list[DocResult]] = field(default_factory=dict)  # the same reports, other choices

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
    examples: list[Annotated],
    crf: Crf,
    names: Mapping[Boosting, Decision],
    relations: Mapping[Boosting, Decision],
    grid: Grid,
) -> dict[Choice, list[DocResult]]:
    """Every report scored at every choice of the grid, one tagger reading them: each report is tagged
    once, its names weighed once per name decision, its pairs once per name decision and threshold and
    relation decision; the thresholds only decide."""
    out: dict[Choice, list[DocResult]] = {}
    for e in examples:
        candidates = candidate_names(e.doc, tag(crf, e.doc, e.features), e.cands, e.chosen)
        for nb in grid.names:
            name_probs = names[nb].predict([c.features for c in candidates])
            for n in grid.name_thresholds:
                entities = resolve(e.doc, mentions_of(e.doc, candidates, name_probs, n))
                stated = rule_relations(e.doc, entities)
                pairs = candidate_pairs(e.doc, entities, stated)
                for rb in grid.relations:
                    pair_probs = relations[rb].predict([p.features for p in pairs])
                    for r in grid.relation_thresholds:
                        found = decide(e.doc, entities, pairs, pair_probs, r, stated)
                        x = Extraction(e.report, e.doc.clean, tuple(entities), tuple(found))
                        out.setdefault(Choice(nb, rb, n, r), []).append(score_doc(e.gold, *graph_of(x)))
    return out


def cross_validate(
    examples: list[Annotated],
    settings: Settings = DEFAULTS,
    progress: Progress | None = None,
    grid: Grid | None = None,
) -> CrossValidation:
    """Each collection scored by a model trained on the others (as `training.fit.fit` trains it); with
    `grid`, also at every choice of it (`GroupScore.grid`), the tagger and its readings trained once per
    collection left out and only the decisions retrained for each boosting setting."""
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
        full = (grid or Grid()).with_own(settings)  # no grid: the settings' own choice alone
        tagger, readings = train_readers(train, settings, say)
        say(f"{len(full.names)} name and {len(full.relations)} relation decisions")
        nd, rd = name_data(train, readings), relation_data(train)
        names = {b: train_names(nd, settings, b) for b in full.names}
        relations = {b: train_relations(rd, settings, b) for b in full.relations}
        scored = score_grid(test, Crf(tagger), names, relations, full)
        out.append(GroupScore(g, scored[own_choice(settings)], len(train), scored if grid else {}))
    return CrossValidation(out)


def f1_sum(docs: list[DocResult]) -> float:
    """What a choice is judged by: entity F1 plus relation F1, micro over the reports."""
    return _total(docs, ENTITY_TYPES).prf()[2] + _total(docs, RELATION_NAMES).prf()[2]


def nested_choice(cv: CrossValidation, default: Choice) -> list[tuple[str, Choice, list[DocResult]]]:
    """Per collection, the choice that scores best (`f1_sum`) on the other collections' left-out
    reports, and this collection's reports scored with it: a figure of choosing on reports the choice
    never saw. Ties go to the choice with the fewest boosting settings changed from `default`, then the
    thresholds nearest it, then the smallest."""
    keys = sorted(cv.groups[0].grid)

    def near(k: Choice) -> tuple:
        changed = (k.names != default.names) + (k.relations != default.relations)
        far = abs(k.name_threshold - default.name_threshold) + abs(
            k.relation_threshold - default.relation_threshold
        )
        return (-changed, -far, tuple(-x for x in (k.name_threshold, k.relation_threshold)))

    out = []
    for g in cv.groups:
        others = [o for o in cv.groups if o is not g]
        best = max(keys, key=lambda k: (round(f1_sum([d for o in others for d in o.grid[k]]), 9), near(k)))
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
            docs += score([e for e in examples if e.group == g], fit(train, settings))
        if docs:
            rows.append((n, _total(docs, ENTITY_TYPES).prf()[2], _total(docs, RELATION_NAMES).prf()[2]))
    return rows
