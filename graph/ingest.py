"""Build: report files and folders -> extraction -> one named graph per report in the store.

A report that cannot be read is reported and skipped; the others still go in. Re-building an
unchanged report rewrites the same triples (same IRIs), so the store does not change; a changed
report's graph is replaced whole, in one transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from graph.build import report_iri, report_triples
from graph.store import GraphStore
from kgerrors import InputError
from loaders import extract
from loaders.read import shown

REPORT_SUFFIXES = (".txt", ".text", ".htm", ".html", ".md")


@dataclass
class BuildSummary:
    reports: int = 0
    skipped: list[str] = field(default_factory=list)  # one line per report that could not be read
    entities: Counter = field(default_factory=Counter)
    relations: Counter = field(default_factory=Counter)
    triples: int = 0


def report_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named directly, and the report files inside folders (recursively, sorted)."""
    for p in map(Path, paths):
        if p.is_dir():
            yield from sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in REPORT_SUFFIXES)
        else:
            yield p


def build(
    paths: Iterable[str | Path],
    store: GraphStore,
    progress: Callable[[Path, BuildSummary], None] | None = None,
    *,
    strict: bool = False,
) -> BuildSummary:
    """Extract each report and replace its graph. A report that cannot be read, that an extraction
    step fails on (unless `strict`: then the error is raised, for `--debug`), or whose file name another
    report of this build already has (a report is known by its name) is skipped with one line saying
    why; the others still go in. Store errors stop the build: each report already written is whole."""
    summary = BuildSummary()
    names: dict[str, Path] = {}
    for path in report_files(paths):
        _build_one(path, store, summary, names, strict)
        if progress:
            progress(path, summary)
    return summary


def _build_one(
    path: Path, store: GraphStore, summary: BuildSummary, names: dict[str, Path], strict: bool
) -> None:
    first = names.setdefault(path.name, path)
    if first != path:
        if first.resolve() != path.resolve():  # the same file named twice is simply built once
            summary.skipped.append(
                f"{shown(path)}: another report of this build has the same name ({shown(first)});"
                " a report is known by its file name, so it would replace that one"
            )
        return
    try:
        x = extract(path)
    except InputError as exc:
        summary.skipped.append(str(exc))
        return
    except Exception as exc:  # a bug met on one report must not lose the others
        if strict:
            raise
        reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
        summary.skipped.append(f"{shown(path)}: the extraction failed ({reason}); please report it")
        return
    triples = list(report_triples(x))
    store.replace_graph(report_iri(x.report.doc_id), triples)
    summary.reports += 1
    summary.entities.update(e.type for e in x.entities)
    summary.relations.update(r.type for r in x.relations)
    summary.triples += len(triples)
