"""Build: report files and folders -> extraction -> one named graph per report in the store.

A report that cannot be read is reported and skipped, and so is a path the walk for report files
passes over (`graph.files`); the others still go in. A report whose file and extractor are those its
graph in the store was made from (`graph.fingerprint`) is not read again: it is counted unchanged and
nothing is written for it. A changed report's graph is replaced whole.

Reports stream through: each is read, extracted and turned into N-Triples text (in worker processes
when `jobs` > 1), then handed, in the order of the files, to the one writer, which loads them in
batches. Only a batch and the reports in flight are held in memory, whatever the corpus size.
A worker ends when the build's process does, killed (`kill -9`) or not.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from graph.build import report_iri, report_triples
from graph.files import FoundReports, find_reports
from graph.fingerprint import extractor_digest, stored_fingerprints, unchanged
from graph.link import entities_of
from graph.store import GraphStore, GraphText, ntriples
from kgerrors import InputError, KgError
from kgprocess import end_with
from loaders.model import load_model
from loaders.pipeline import extract_report
from loaders.read import read, shown
from loaders.records import Report

# The writer stores reports in batches of about this many triples (the seeds give ~850 a report):
# big enough that a load costs little per report, small enough to keep memory flat.
BATCH_TRIPLES = int(os.environ.get("KG_BATCH_TRIPLES", "50000"))  # smaller in tests of interrupted builds
MIN_PARALLEL = 40  # fewer reports than this are built faster in one process
MAX_DEFAULT_JOBS = 6
T = TypeVar("T")


@dataclass
class BuildSummary:
    reports: int = 0  # extracted and written
    unchanged: int = 0  # in the store already, from the same bytes and extractor: not read again
    skipped: list[str] = field(default_factory=list)  # one line per report or path passed over
    # summed over the reports extracted, each counted in its own report (not the store's distinct ones)
    entities: Counter = field(default_factory=Counter)
    relations: Counter = field(default_factory=Counter)
    triples: int = 0  # written
    written: list = field(default_factory=list)  # the report graphs written (IRIs)
    # the entities those graphs held before they were replaced: what the links must be looked at for
    replaced: set = field(default_factory=set)


@dataclass(frozen=True)
class Extracted:
    """One report, ready for the store: what a worker sends back (small and cheap to pickle)."""

    path: Path
    graph: GraphText | None = None  # None when the report was skipped
    triples: int = 0
    entities: Counter = field(default_factory=Counter)
    relations: Counter = field(default_factory=Counter)
    skipped: str = ""


def default_jobs(reports: int) -> int:
    """One extraction process per CPU this process may use, for inputs big enough to repay starting them.

    A worker loads the dictionaries first (about 1.5 s, the time of some 40 reports), and past about
    six workers the one writer, not the extraction, sets the pace."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return 1 if reports < MIN_PARALLEL else max(1, min(cpus, MAX_DEFAULT_JOBS, reports))


def extract_graph(
    path: Path, strict: bool = False, model: str | None = None, extractor: str | None = None
) -> Extracted:
    """Read, extract (with the model file `model`, or the shipped one) and serialise one report, its
    graph marked with the `extractor` digest; an unreadable one, or one an extraction step fails on
    (unless `strict`: then the error is raised, for `--debug`), comes back as a skip line."""
    try:
        report = read(path)
    except InputError as exc:
        return Extracted(path, skipped=str(exc))
    return extract_read(report, path, strict, model, extractor)


def extract_read(
    report: Report, path: Path, strict: bool = False, model: str | None = None, extractor: str | None = None
) -> Extracted:
    """`extract_graph` of a report already read (on a cluster, read by the driver, extracted by a worker)."""
    try:
        x = extract_report(report, load_model(model))
    except InputError as exc:
        return Extracted(path, skipped=str(exc))
    except Exception as exc:  # a bug met on one report must not lose the others
        if strict:
            raise
        reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
        return Extracted(path, skipped=f"{shown(path)}: the extraction failed ({reason}); please report it")
    triples = list(report_triples(x, extractor))
    return Extracted(
        path,
        graph=(report_iri(x.report.doc_id), ntriples(triples)),
        triples=len(triples),
        entities=Counter(e.type for e in x.entities),
        relations=Counter(r.type for r in x.relations),
    )


def build(
    paths: Iterable[str | Path] | FoundReports,
    store: GraphStore,
    progress: Callable[[Path, BuildSummary], None] | None = None,
    jobs: int = 1,
    *,
    strict: bool = False,
    model: str | None = None,
    follow_links: bool = False,
    cluster: str | None = None,
) -> BuildSummary:
    """Extract every report (in `jobs` processes) and write each one's graph into `store`. A report that
    cannot be read, that an extraction step fails on, or whose file name another report of this build
    already has (a report is known by its name) is skipped with one line saying why; the others still go
    in; so are the paths the walk passed over (`graph.files`: links out of the folder unless
    `follow_links`, folders that cannot be listed). `paths` may be what `find_reports` found already.
    Store errors stop the build: each report already written is whole. `model` is the path of a model
    file (`kg train`), by default the shipped one; it is checked before any report is read. A report
    the store holds from the same bytes and extractor is counted unchanged and not read again. With
    `cluster` (a Dask scheduler's address), the extraction runs on that cluster's workers
    (`graph.cluster`) and `jobs` is not used."""
    load_model(model)
    extractor = extractor_digest(model)
    found = paths if isinstance(paths, FoundReports) else find_reports(paths, follow_links=follow_links)
    summary = BuildSummary(skipped=list(found.skipped))
    batch: list[GraphText] = []
    size = 0
    files = _changed(_distinct_names(found.files, summary, progress), store, extractor, summary, progress)
    if cluster:
        from graph.cluster import in_cluster

        extracted = in_cluster(files, cluster, strict, model, extractor)
    else:
        extracted = _extracted(files, jobs, strict, model, extractor)
    with closing(extracted) as results:  # stops workers early
        for r in results:
            if r.graph is None:
                summary.skipped.append(r.skipped)
            else:
                batch.append(r.graph)
                size += r.triples
                _count(summary, r)
            if size >= BATCH_TRIPLES:
                _write(store, batch, summary)
                batch, size = [], 0
            if progress:
                progress(r.path, summary)
    if batch:
        _write(store, batch, summary)
    return summary


def _write(store: GraphStore, batch: list[GraphText], summary: BuildSummary) -> None:
    graphs = [g for g, _ in batch]
    summary.replaced |= entities_of(store, graphs)  # before they go: the links of each are looked at
    store.replace_graphs(batch)
    summary.written += graphs


def _count(summary: BuildSummary, r: Extracted) -> None:
    summary.reports += 1
    summary.entities.update(r.entities)
    summary.relations.update(r.relations)
    summary.triples += r.triples


def _changed(
    files: Iterable[Path],
    store: GraphStore,
    extractor: str,
    summary: BuildSummary,
    progress: Callable[[Path, BuildSummary], None] | None,
) -> Iterator[Path]:
    """The files whose graph in the store was not made from their bytes by this extractor."""
    stored = stored_fingerprints(store)
    for path in files:
        if stored and unchanged(path, stored, extractor):
            summary.unchanged += 1
            if progress:
                progress(path, summary)
        else:
            yield path


def _distinct_names(
    files: Iterable[Path], summary: BuildSummary, progress: Callable[[Path, BuildSummary], None] | None
) -> Iterator[Path]:
    """The files, each name once: a second report of one name would replace the first."""
    names: dict[str, Path] = {}
    for path in files:
        first = names.setdefault(path.name, path)
        if first == path:
            yield path
        elif first.resolve() != path.resolve():  # the same file named twice is simply built once
            summary.skipped.append(
                f"{shown(path)}: another report of this build has the same name ({shown(first)});"
                " a report is known by its file name, so it would replace that one"
            )
            if progress:
                progress(path, summary)


def _extracted(
    files: Iterable[Path], jobs: int, strict: bool = False, model: str | None = None, extractor: str = ""
) -> Iterator[Extracted]:
    """Every file's extraction, in the order of the files."""
    if jobs <= 1:
        yield from (extract_graph(f, strict, model, extractor) for f in files)
    else:
        yield from _in_processes(iter(files), jobs, strict, model, extractor)


def _in_processes(
    files: Iterator[Path], jobs: int, strict: bool = False, model: str | None = None, extractor: str = ""
) -> Iterator[Extracted]:
    # A few tasks per worker in flight keeps them busy while the results wait, in order, for the writer.
    window = 4 * jobs
    pool = ProcessPoolExecutor(
        jobs, mp_context=_context(), initializer=_start_worker, initargs=(os.getpid(),)
    )
    try:
        yield from in_order(
            files, lambda f: pool.submit(extract_graph, f, strict, model, extractor), window, Future.result
        )
    except BrokenProcessPool:
        raise KgError("an extraction process died (out of memory?); try fewer --jobs") from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def in_order(
    items: Iterator[T], submit: Callable[[T], Any], window: int, result: Callable[[Any], Extracted]
) -> Iterator[Extracted]:
    """`result(submit(item))` for every item, in the order of the items, with up to `window` items
    submitted ahead: the workers stay busy while the results wait, in order, for the one writer, and
    only the window is held in memory (local processes here, a Dask cluster in `graph.cluster`)."""
    pending = deque(submit(x) for x in islice(items, window))
    while pending:
        done = result(pending.popleft())
        pending.extend(submit(x) for x in islice(items, 1))
        yield done


def _context() -> multiprocessing.context.BaseContext:
    # forkserver starts workers from a clean process, not from this one with the store's threads running
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _start_worker(build_pid: int) -> None:
    # a fresh worker may meet jieba's default dictionary (in `clean`) first, which logs to stderr
    import logging

    logging.getLogger("jieba").setLevel(logging.WARNING)
    end_with(build_pid, "kg-exit-with-build")
