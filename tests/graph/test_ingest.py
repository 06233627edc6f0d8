"""`build --jobs N`: extraction in worker processes, one writer, the same store as one process."""

import io
import shutil
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from graph.build import report_iri
from graph.ingest import MIN_PARALLEL, build, default_jobs
from graph.store import open_store
from kg import app
from tests.conftest import ROOT


def _dump(path) -> bytes:
    s = open_store(path, read_only=True)
    out = io.BytesIO()
    s.dump("nq", out)
    s.close()
    return out.getvalue()


@pytest.fixture(scope="module")
def mixed_folder(tmp_path_factory, seed_paths):
    """The seeds plus an empty file and a PDF renamed .txt."""
    folder = tmp_path_factory.mktemp("mixed")
    for p in seed_paths:
        shutil.copy(p, folder / p.name)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "scan.txt").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    return folder


@pytest.fixture(scope="module")
def parallel_build(tmp_path_factory, mixed_folder):
    path = tmp_path_factory.mktemp("parallel") / "store"
    s = open_store(path)
    ticks = []
    summary = build([mixed_folder], s, progress=lambda p, _: ticks.append(p.name), jobs=2)
    s.close()
    return path, summary, ticks


def test_parallel_build_gives_the_same_store_as_one_process(parallel_build, seed_store):
    path, summary, _ = parallel_build
    assert _dump(path) == _dump(seed_store)
    assert summary.reports == 5


def test_bad_files_are_reported_and_skipped_in_parallel(parallel_build, seed_paths):
    path, summary, ticks = parallel_build
    assert len(summary.skipped) == 2
    assert any("empty.txt" in line and "empty" in line for line in summary.skipped)
    assert any("scan.txt" in line and "PDF" in line for line in summary.skipped)
    s = open_store(path, read_only=True)
    assert set(s.graphs()) == {report_iri(p.name) for p in seed_paths}
    s.close()
    assert sorted(ticks) == sorted([p.name for p in seed_paths] + ["empty.txt", "scan.txt"])


def test_parallel_rebuild_changes_nothing(parallel_build, mixed_folder, tmp_path):
    path, _, _ = parallel_build
    copy = tmp_path / "store"
    shutil.copytree(path, copy)
    s = open_store(copy)
    build([mixed_folder], s, jobs=2)
    s.close()
    assert _dump(copy) == _dump(path)


def test_cli_jobs_reports_skips_and_exits_2(mixed_folder, tmp_path):
    r = CliRunner().invoke(app, ["build", str(mixed_folder), "--store", str(tmp_path / "st"), "--jobs", "2"])
    assert r.exit_code == 2, r.output
    assert "reports: 5" in r.output and r.output.count("skipped:") == 2


def test_default_jobs_is_one_for_small_inputs():
    assert default_jobs(5) == 1
    assert 1 <= default_jobs(MIN_PARALLEL * 100) <= 64


def test_the_kg_command_exits_2_when_a_report_was_skipped(tmp_path, seed_paths):
    # the real entry point, not CliRunner: typer hands its exit codes back to `kg.main`
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(seed_paths[0], folder / seed_paths[0].name)
    (folder / "empty.txt").write_bytes(b"")
    args = [sys.executable, str(ROOT / "kg.py"), "build", str(folder), "--store", str(tmp_path / "st")]
    r = subprocess.run(args, capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 2, r.stderr
    assert "empty.txt" in r.stderr and "reports: 1" in r.stdout
