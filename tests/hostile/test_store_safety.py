"""Nothing lost: a build killed with SIGKILL, a build that fails, reading while a build writes, and
building twice. Every report in the store is either fully old or fully new, and always readable.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from graph.build import report_iri
from graph.ingest import build
from graph.store import OxigraphStore
from kgerrors import KgError, StoreError
from ontology.terms import REPORT_BASE
from tests.conftest import ROOT, SEEDS

COPIES = 8  # 40 reports: a build long enough to be caught in the middle


@pytest.fixture(scope="module")
def many_reports(tmp_path_factory) -> Path:
    """Each seed copied under several names."""
    folder = tmp_path_factory.mktemp("many")
    for i in range(COPIES):
        for p in SEEDS.glob("*.txt"):
            shutil.copy(p, folder / f"c{i:02d}_{p.name}")
    return folder


@pytest.fixture(scope="module")
def seed_counts(seed_store) -> dict[str, int]:
    """Triples in each seed's graph, by seed file name."""
    return {name.rsplit("/", 1)[-1]: n for name, n in _counts(seed_store).items()}


def _counts(store: Path) -> dict[str, int]:
    """Triples per report graph, by report IRI."""
    s = OxigraphStore(store, read_only=True)
    try:
        rows = s.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g").rows
    finally:
        s.close()
    # report graphs only: the links between reports are recomputed by every build
    return {str(g): int(n) for g, n in rows if str(g).startswith(REPORT_BASE)}


def _whole(counts: dict[str, int], seed_counts: dict[str, int]) -> bool:
    """Every report graph holds exactly what its seed's graph holds."""
    return all(n == seed_counts[g.rsplit("/", 1)[-1].split("_", 1)[1]] for g, n in counts.items())


def _start_build(folder: Path, store: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "kg.py"), "build", str(folder), "--store", str(store)],
        cwd=ROOT,
        env={**os.environ, "KG_BATCH_TRIPLES": "1"},  # one report per write, so a kill can fall between them
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_graphs(proc: subprocess.Popen, store: Path, at_least: int) -> dict[str, int]:
    """Poll the store (read-only, while the build writes it) until it holds `at_least` reports."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the build ended before it could be interrupted: " + proc.stderr.read()
        if (store / "CURRENT").exists():
            try:
                counts = _counts(store)
            except StoreError as exc:  # the writer replaced files under this look: its one line, then again
                assert "\n" not in str(exc) and "a build may be rewriting it" in str(exc)
                continue
            if len(counts) >= at_least:
                return counts
        time.sleep(0.05)
    raise AssertionError("the build wrote nothing in two minutes")


def test_a_build_killed_midway_leaves_every_report_whole(many_reports, seed_counts, tmp_path):
    store = tmp_path / "store"
    proc = _start_build(many_reports, store)
    try:
        _wait_for_graphs(proc, store, at_least=2)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL

    after_kill = _counts(store)  # readable, read-only
    assert 2 <= len(after_kill) < 5 * COPIES
    assert _whole(after_kill, seed_counts)

    # the next build opens it for writing and finishes the job
    done = subprocess.run(
        [sys.executable, str(ROOT / "kg.py"), "build", str(many_reports), "--store", str(store)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    counts = _counts(store)
    assert len(counts) == 5 * COPIES and _whole(counts, seed_counts)


def test_reading_while_a_build_writes(many_reports, seed_counts, tmp_path):
    """`kg query` during a build: each look sees whole reports only, or gets one line saying why not."""
    store = tmp_path / "store"
    proc = _start_build(many_reports, store)
    seen, refused = [], []
    try:
        _wait_for_graphs(proc, store, at_least=1)
        while proc.poll() is None:
            try:
                counts = _counts(store)
            except StoreError as exc:
                refused.append(str(exc))
                continue
            assert _whole(counts, seed_counts)
            seen.append(len(counts))
        cli = subprocess.run(
            [sys.executable, str(ROOT / "kg.py"), "query", "ASK { ?s ?p ?o }", "--store", str(store)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        proc.wait(timeout=600)
        proc.stderr.close()
    assert proc.returncode == 0
    assert seen and seen == sorted(seen)  # reports only ever arrive, whole
    assert all("\n" not in r and "a build may be rewriting it" in r for r in refused)
    assert cli.returncode == 0 and cli.stdout.strip() == "true"
    assert _counts(store) == {
        str(report_iri(p.name)): seed_counts[p.name.split("_", 1)[1]] for p in many_reports.iterdir()
    }


def test_rebuilding_changes_nothing(tmp_path):
    """Same reports, same store, byte for byte: same triples, same IRIs."""
    store = tmp_path / "store"
    dumps = []
    for _ in range(2):
        s = OxigraphStore(store)
        build([SEEDS], s)
        s.close()
        s = OxigraphStore(store, read_only=True)
        buf = io.BytesIO()
        s.dump("nq", buf)
        s.close()
        dumps.append(buf.getvalue())
    assert dumps[0] == dumps[1] and dumps[0].count(b"\n") > 3000


class _FailsOnThird:
    """A store whose third write fails, as a full disk would make it."""

    def __init__(self, store: OxigraphStore) -> None:
        self.store, self.writes = store, 0

    def replace_graph(self, graph, triples) -> None:
        self.writes += 1
        if self.writes == 3:
            raise StoreError("disk full")
        self.store.replace_graph(graph, triples)

    def replace_graphs(self, graphs) -> None:  # a batch: one report after the other, as a server would
        for graph, text in graphs:
            self.writes += 1
            if self.writes == 3:
                raise StoreError("disk full")
            self.store.replace_graphs([(graph, text)])

    def query(self, *args, **kwargs):  # a build asks which reports the store holds, and from what
        return self.store.query(*args, **kwargs)


def test_a_build_that_fails_keeps_what_it_wrote_whole(tmp_path, seed_counts):
    s = OxigraphStore(tmp_path / "store")
    with pytest.raises(StoreError, match="disk full"):
        build([SEEDS], _FailsOnThird(s))
    s.close()
    counts = _counts(tmp_path / "store")
    assert sorted(counts) == sorted(str(report_iri(p.name)) for p in sorted(SEEDS.glob("*.txt"))[:2])
    assert all(n == seed_counts[g.rsplit("/", 1)[-1]] for g, n in counts.items())


def test_a_replacement_that_fails_leaves_the_old_graph(tmp_path):
    s = OxigraphStore(tmp_path / "store")
    g, p = report_iri("r.txt"), URIRef("http://example.org/p")
    s.replace_graph(g, [(URIRef("http://example.org/a"), p, Literal("old"))])
    new = [
        (URIRef("http://example.org/a"), p, Literal("new")),
        (URIRef("http://example.org/b c"), p, Literal("x")),
    ]
    with pytest.raises((KgError, ValueError)):
        s.replace_graph(g, new)  # the second triple has no valid IRI: nothing of the replacement is written
    rows = s.query(f"SELECT ?o WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}").rows
    facts = s.query("SELECT ?o WHERE { ?s <http://example.org/p> ?o }").rows  # the merged graph's
    s.close()
    assert [str(r[0]) for r in rows] == [str(r[0]) for r in facts] == ["old"]


def test_a_report_an_extraction_step_fails_on_is_skipped(tmp_path, monkeypatch):
    """A bug met on one report loses that report only; `--debug` (strict) raises it instead."""
    import graph.ingest

    real = graph.ingest.extract_report

    def extract_report(report, model=None):
        if report.doc_id.startswith("001"):
            raise IndexError("list index out of range")
        return real(report, model)

    monkeypatch.setattr(graph.ingest, "extract_report", extract_report)
    s = OxigraphStore(tmp_path / "store")
    summary = build([SEEDS], s)
    assert summary.reports == 4 and len(summary.skipped) == 1
    assert (
        "001_" in summary.skipped[0] and "the extraction failed (IndexError: list index" in summary.skipped[0]
    )
    with pytest.raises(IndexError):
        build([SEEDS], s, strict=True)
    s.close()
