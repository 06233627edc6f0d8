"""What `kg build` shows: its progress while it runs, and the summary at its end.

Progress goes to stderr: a rich bar on a terminal; elsewhere (a pipe, a log file, CI) one plain line
every few seconds, so that a long build is not silent and a log is not filled with bars. The summary
says what the store holds after the build (distinct entities per class, relations per type, counted
with SPARQL on the store), what this build did (reports extracted, unchanged, triples written) and how
long it took; figures of single reports are labelled as such.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from graph.ingest import BuildSummary
from ontology.terms import ENTITY_TYPES, RELATIONS

PLAIN_EVERY = 5.0  # seconds between two progress lines when stderr is not a terminal
MIN_SHOWN = 5  # fewer reports than this build in a moment: no progress at all

Tick = Callable[[Path, BuildSummary], None]


@dataclass
class PlainProgress:
    """One line on `out` when `every` seconds have passed since the start or the last line."""

    total: int
    out: TextIO
    every: float = PLAIN_EVERY
    clock: Callable[[], float] = time.monotonic
    done: int = 0
    start: float = field(init=False)
    last: float = field(init=False)

    def __post_init__(self) -> None:
        self.start = self.last = self.clock()

    def __call__(self, path: Path, summary: BuildSummary) -> None:
        self.done += 1
        now = self.clock()
        if now - self.last >= self.every and self.done < self.total:
            self.last = now
            self.out.write(
                f"kg: building: {self.done} of {self.total} reports, {_rate(self.done, now - self.start)}\n"
            )
            self.out.flush()


@contextlib.contextmanager
def progress(total: int, err, *, every: float = PLAIN_EVERY) -> Iterator[Tick]:
    """A progress callback for a build of `total` reports, shown on the rich console `err`."""
    if total < MIN_SHOWN:
        yield lambda path, summary: None
    elif not err.is_terminal:
        yield PlainProgress(total, err.file, every)
    else:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[rate]}"),
            console=err,
            transient=True,
        ) as bar:
            task = bar.add_task("building", total=total, rate="")

            def tick(path: Path, summary: BuildSummary) -> None:
                done = bar.tasks[0].completed + 1
                bar.update(task, advance=1, rate=_rate(done, bar.tasks[0].elapsed or 1e-9))

            yield tick


def summary_lines(
    summary: BuildSummary,
    classes: dict[str, int],
    relations: dict[str, int],
    store: str,
    seconds: float,
    left_out: str = "",
) -> list[str]:
    """The summary: the build, the store after it, what was written; `classes` and `relations` are the
    store's distinct entities and relations (graph.stats.totals)."""
    done = [f"{summary.reports} extracted"] if summary.reports else []
    if summary.unchanged:
        done.append(f"{summary.unchanged} unchanged, skipped")
    lines = [
        f"reports: {summary.reports + summary.unchanged} ({', '.join(done)})  in {_duration(seconds)}"
        f"  store: {store}"
    ]
    if left_out:
        lines.append(left_out)
    lines += [
        f"the store holds {sum(classes.values())} entities and {sum(relations.values())} relations:",
        "entities:  " + "  ".join(f"{t} {classes.get(t, 0)}" for t in ENTITY_TYPES),
        "relations: " + "  ".join(f"{r} {relations.get(r, 0)}" for r in RELATIONS),
    ]
    if summary.reports:
        n = summary.reports
        lines.append(
            f"written: {summary.triples} triples; per report extracted, on average:"
            f" {sum(summary.entities.values()) / n:.1f} entities, {sum(summary.relations.values()) / n:.1f} relations"
        )
    else:
        lines.append("written: nothing")
    return lines


def _rate(done: int, seconds: float) -> str:
    return f"{_duration(seconds)}, {done / max(seconds, 1e-9):.1f} reports/s"


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s"
