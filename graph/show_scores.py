"""How `kg eval` prints its figures: per type and overall (the reference scorer's layout), per
collection with the mean and spread for cross-validation, the figures at other choices of the
decisions' settings and thresholds, and the learning curve."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table

from graph.evaluate import RELATION_NAMES, Counts, DocResult
from graph.evaluate import total as _total
from ontology.terms import ENTITY_TYPES

if TYPE_CHECKING:
    from training.crossval import CrossValidation


def _line(name: str, c: Counts, width: int) -> str:
    p, r, f = c.prf()
    return f"{name:{width}s} P={p:.3f} R={r:.3f} F1={f:.3f}  (tp={c.tp} pred={c.pred} gold={c.gold})"


def print_scores(out, docs: list[DocResult], title: str | None = None) -> None:
    """Micro P/R/F1 per type and overall; the last line is `reports=… entity_f1=… relation_f1=…`."""
    if title:
        out.print(title)
    for group, keys in (("entities", ENTITY_TYPES), ("relations", RELATION_NAMES)):
        out.print(_line(group, _total(docs, keys), 10))
        for k in keys:
            out.print("  " + _line(k, _total(docs, [k]), 16))
    for key, name in (("amount", "amounts"), ("date", "report dates")):
        scored = [d for d in docs if key in d.counts]
        if scored:
            out.print(_line(name, _total(scored, [key]), 10) + f"  in {len(scored)} reports with gold {name}")
    e = _total(docs, ENTITY_TYPES).prf()[2]
    r = _total(docs, RELATION_NAMES).prf()[2]
    out.print(f"reports={len(docs)} entity_f1={e:.3f} relation_f1={r:.3f}")


def print_misses(out, docs: list[DocResult]) -> None:
    for d in docs:
        out.print(f"--- {d.doc}")
        for k in ("entities_missed", "entities_extra", "relations_missed", "relations_extra"):
            out.print(f"  {k}: {getattr(d, k)}")


def print_crossval(out, cv: CrossValidation) -> None:
    """Per collection (trained without it), then over all left-out reports, with mean and spread."""
    out.print("grouped cross-validation: each collection scored by a model trained without it")
    t = Table("left out", "reports", "trained on", "entities P/R/F1", "relations P/R/F1")
    for g in cv.groups:
        t.add_row(
            g.group,
            str(len(g.docs)),
            str(g.trained_on),
            "{:.2f} {:.2f} {:.3f}".format(*g.total(ENTITY_TYPES).prf()),
            "{:.2f} {:.2f} {:.3f}".format(*g.total(RELATION_NAMES).prf()),
        )
    out.print(t)
    t = Table("F1", *(g.group for g in cv.groups))
    for k in (*ENTITY_TYPES, *RELATION_NAMES):
        t.add_row(k, *(f"{g.f1([k]):.2f}" if g.total([k]).gold else "-" for g in cv.groups))
    out.print(t)
    for name, keys in (("entities", ENTITY_TYPES), ("relations", RELATION_NAMES)):
        mean, sd = cv.spread(keys)
        out.print(f"{name}: mean over collections F1={mean:.3f}, spread (s.d.) {sd:.3f}")
    print_scores(out, cv.docs, title="over all left-out reports (micro):")


def print_grid(out, cv: CrossValidation) -> None:
    """The left-out reports at every choice of the grid (boosting settings and thresholds of the two
    decisions), then the nested choice: each collection scored with the one that does best on the
    others, beside the settings' own."""
    from training.crossval import nested_choice, own_choice
    from training.fit import DEFAULTS

    own = own_choice(DEFAULTS)

    def figures(docs: list[DocResult]) -> str:
        return "entities P/R/F1 {:.2f} {:.2f} {:.3f}".format(
            *_total(docs, ENTITY_TYPES).prf()
        ) + "  relations P/R/F1 {:.2f} {:.2f} {:.3f}".format(*_total(docs, RELATION_NAMES).prf())

    # lines, not a table: a choice is too wide for a column on an 80-character terminal
    out.print("all left-out reports (micro) at each choice; chosen on these figures, they flatter:")
    for k in sorted(cv.groups[0].grid):
        docs = [d for g in cv.groups for d in g.grid[k]]
        out.print(f"  {k}{' (defaults)' if k == own else ''}: {figures(docs)}")
    out.print(
        "nested: each collection scored with the choice that does best on the others (entity + relation F1):"
    )
    nested = nested_choice(cv, own)
    for (group, k, docs), g in zip(nested, cv.groups, strict=True):
        out.print(
            f"  left out {group}: chose {k}: entities F1 {_total(docs, ENTITY_TYPES).prf()[2]:.3f} "
            f"relations F1 {_total(docs, RELATION_NAMES).prf()[2]:.3f} "
            f"(at the defaults {g.f1(ENTITY_TYPES):.3f} / {g.f1(RELATION_NAMES):.3f})"
        )
    docs = [d for _, _, ds in nested for d in ds]
    e, r = _total(docs, ENTITY_TYPES).prf()[2], _total(docs, RELATION_NAMES).prf()[2]
    out.print(
        f"nested: reports={len(docs)} entity_f1={e:.3f} relation_f1={r:.3f}; "
        f"at the defaults entity_f1={_total(cv.docs, ENTITY_TYPES).prf()[2]:.3f} "
        f"relation_f1={_total(cv.docs, RELATION_NAMES).prf()[2]:.3f}"
    )


def print_curve(out, rows: list[tuple[int, float, float]]) -> None:
    t = Table("training reports", "entities F1", "relations F1")
    for n, e, r in rows:
        t.add_row(str(n), f"{e:.3f}", f"{r:.3f}")
    out.print("learning curve (left-out collections, training reports drawn from the others):")
    out.print(t)
