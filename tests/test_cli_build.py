"""`kg build` on the real seeds: its summary (the store's distinct entities and relations, what the
build did, how long it took), unchanged reports skipped, a changed one replaced whole, a store that
does not grow on a rebuild, and progress when stderr is not a terminal. The seeds are built once."""

from __future__ import annotations

import io
import re
import shutil
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.build import report_iri
from graph.ingest import build
from graph.show_build import PlainProgress
from graph.store import open_store
from kg import app
from ontology.terms import ENTITY_TYPES, RELATIONS
from tests.conftest import seed


def _kg(*args: str):
    r = CliRunner().invoke(app, [str(a) for a in args])
    assert r.exit_code == 0, r.output
    return r


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _dump(store: Path, graph=None) -> bytes:
    s = open_store(store, read_only=True)
    try:
        out = io.BytesIO()
        s.dump("nq", out)
    finally:
        s.close()
    lines = out.getvalue().splitlines()
    return b"\n".join(ln for ln in lines if graph is None or ln.endswith(f"<{graph}> .".encode()))


def _n(store, query: str) -> int:
    return int(store.query(query).rows[0][0])


@pytest.fixture(scope="module")
def folder(tmp_path_factory, seed_paths) -> Path:
    """The five seeds, and a README beside them."""
    folder = tmp_path_factory.mktemp("reports")
    for p in seed_paths:
        shutil.copy(p, folder / p.name)
    (folder / "README.md").write_text("# 种子报道\n五篇关于济南各区发展的报道。\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def builds(tmp_path_factory, folder):
    """The seeds built twice into one store: (store, first run, second run, sizes and dumps after each)."""
    store = tmp_path_factory.mktemp("built") / "store"
    first = _kg("build", folder, "--store", store)
    after_first = (_size(store), _dump(store))
    second = _kg("build", folder, "--store", store)
    after_second = (_size(store), _dump(store))
    return store, first, second, after_first, after_second


def test_the_summary_gives_the_distinct_entities_and_relations_in_the_store(builds):
    store, first, _, _, _ = builds
    lines = first.stdout.splitlines()
    assert re.fullmatch(r"reports: 5 \(5 extracted\)  in (\d+\.\d s|\d+ min \d+ s)  store: .*", lines[0])
    shown = dict(re.findall(r"(\w+) (\d+)", next(ln for ln in lines if ln.startswith("entities:"))))
    shown |= dict(re.findall(r"(\w+) (\d+)", next(ln for ln in lines if ln.startswith("relations:"))))
    s = open_store(store, read_only=True)
    try:
        for t in ENTITY_TYPES:
            assert int(shown[t]) == _n(s, f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e a kg:{t} }}"), t
        for r in RELATIONS:
            q = f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?a ?b WHERE {{ ?a kg:{r} ?b }} }}"
            assert int(shown[r]) == _n(s, q), r
    finally:
        s.close()
    # what was extracted report by report is labelled so, not offered as the graph's size
    assert re.search(r"^written: \d+ triples; per report extracted, on average: ", first.stdout, re.M)


def test_a_readme_beside_the_reports_is_left_out_and_said_so(builds):
    store, first, _, _, _ = builds
    assert "not reports, left out: README.md (project files)" in first.stdout.splitlines()
    s = open_store(store, read_only=True)
    try:
        assert report_iri("README.md") not in s.graphs()
    finally:
        s.close()


def test_rebuilding_the_seeds_writes_nothing_and_skips_five(builds):
    _, _, second, (_, dump_first), (_, dump_second) = builds
    assert second.stdout.startswith("reports: 5 (5 unchanged, skipped)  in ")
    assert "written: nothing" in second.stdout.splitlines()
    assert dump_second == dump_first


def test_the_store_does_not_grow_on_a_rebuild(builds):
    _, _, _, (size_first, _), (size_second, _) = builds
    assert size_second <= 1.2 * size_first, (size_first, size_second)


def test_a_changed_report_is_extracted_again_and_replaced_whole(builds, folder, tmp_path):
    store_built, _, _, _, (_, dump_before) = builds
    store = tmp_path / "store"
    shutil.copytree(store_built, store)
    changed = tmp_path / "reports"
    shutil.copytree(folder, changed)
    report = changed / seed("002").name
    text = report.read_text(encoding="utf-8")
    report.write_text(text[: len(text) // 2], encoding="utf-8")  # the second half gone

    r = _kg("build", changed, "--store", store)
    assert r.stdout.startswith("reports: 5 (1 extracted, 4 unchanged, skipped)  in ")
    # the report's graph is what a build of the changed file alone gives: nothing of the old one is left
    alone = tmp_path / "alone"
    s = open_store(alone)
    build([report], s)
    s.close()
    g = report_iri(report.name)
    assert _dump(store, g) == _dump(alone, g) != b""
    assert len(_dump(store, g).splitlines()) < len(
        [ln for ln in dump_before.splitlines() if f"<{g}>" in ln.decode()]
    )
    # the other reports are as they were
    others = [
        ln for ln in _dump(store).splitlines() if f"<{g}>" not in ln.decode() and b"/graph/links>" not in ln
    ]
    before = [
        ln for ln in dump_before.splitlines() if f"<{g}>" not in ln.decode() and b"/graph/links>" not in ln
    ]
    assert others == before


def test_a_new_extractor_extracts_every_report_again_and_the_store_stays_compact(
    builds, folder, tmp_path, monkeypatch
):
    """What a new model or a new version of the loaders does: every graph is replaced, in place."""
    import graph.ingest

    store_built, _, _, (size_first, _), _ = builds
    store = tmp_path / "store"
    shutil.copytree(store_built, store)
    monkeypatch.setattr(graph.ingest, "extractor_digest", lambda model=None: "0" * 32)
    s = open_store(store)
    summary = build([folder], s)
    s.close()
    assert (summary.reports, summary.unchanged) == (5, 0)
    s = open_store(store, read_only=True)
    try:
        assert (
            _n(
                s,
                'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?g kg:extractor "00000000000000000000000000000000" } }',
            )
            == 5
        )
    finally:
        s.close()
    # compacted tables of a store this small are not compressed (RocksDB's first levels), the bulk-loaded
    # ones are: about 1.8 times the size; left to itself the store was 7 times its size (the log of writes)
    assert _size(store) <= 2.5 * size_first, (size_first, _size(store))


def test_a_remote_build_prints_no_blank_line(seed_store, seed_paths, empty_server):
    """The seeds' graphs loaded into a SPARQL server, then built there through `query=… update=…`."""
    quads = _dump(seed_store) + b"\n"
    req = urllib.request.Request(
        f"{empty_server}/store", data=quads, headers={"Content-Type": "application/n-quads"}, method="POST"
    )
    urllib.request.urlopen(req, timeout=30).close()
    spec = f"query={empty_server}/query update={empty_server}/update"
    r = _kg("build", *seed_paths, "--store", spec)
    assert r.stdout.startswith("reports: 5 (5 unchanged, skipped)  in "), r.stdout
    assert "" not in r.stderr.splitlines(), repr(r.stderr)  # rich's bar, stopped off a terminal, left one


def test_progress_is_a_plain_line_every_few_seconds_when_not_a_terminal():
    now = [0.0]
    out = io.StringIO()
    tick = PlainProgress(10, out, every=5, clock=lambda: now[0])
    for _ in range(9):
        now[0] += 2
        tick(Path("r.txt"), None)
    lines = out.getvalue().splitlines()
    assert lines == [
        "kg: building: 3 of 10 reports, 6.0 s, 0.5 reports/s",
        "kg: building: 6 of 10 reports, 12.0 s, 0.5 reports/s",
        "kg: building: 9 of 10 reports, 18.0 s, 0.5 reports/s",
    ]


def test_links_a_stopped_build_did_not_make_are_made_by_the_next(fresh_store, seed_paths):
    """The seeds' store as a build stopped after its last report and before linking leaves it."""
    from graph.link import LINKS_GRAPH

    r = _kg("build", *seed_paths, "--store", fresh_store)
    assert r.stdout.startswith("reports: 5 (5 unchanged, skipped)")
    s = open_store(fresh_store, read_only=True)
    try:
        assert LINKS_GRAPH in s.graphs()
    finally:
        s.close()
    before = _dump(fresh_store)
    _kg("build", *seed_paths, "--store", fresh_store)
    assert _dump(fresh_store) == before
