"""`kg build --cluster`: the extraction on a Dask cluster (a scheduler and two workers on loopback,
each its own process) gives exactly the store a local build gives; a cluster that cannot be reached,
or whose workers run another extractor, is refused in one line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg import app
from tests.conftest import ROOT, SEEDS, _free_port, _stop_server

pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A scheduler and two single-thread workers, started from the project as a user's would be."""
    exe = shutil.which("dask", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("the dask command is not installed (pip install distributed)")
    folder = tmp_path_factory.mktemp("dask")
    address = f"tcp://127.0.0.1:{_free_port()}"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    common = {"cwd": folder, "env": env, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    procs = [
        subprocess.Popen(
            [exe, "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1], "--no-dashboard"],
            **common,
        )
    ]
    try:
        from distributed import Client

        client = Client(address, timeout=60)
        for _ in range(2):
            procs.append(
                subprocess.Popen([exe, "worker", address, "--nthreads", "1", "--no-dashboard"], **common)
            )
        client.wait_for_workers(2, timeout=120)
        client.close()
        yield address
    finally:
        for p in reversed(procs):
            _stop_server(p, 20)


def kg(*args):
    r = CliRunner().invoke(app, [str(a) for a in args])
    return r.exit_code, r.stdout, r.stderr


def _quads(store: Path) -> list[str]:
    out = store.parent / (store.name + ".nq")
    code, _, err = kg("export", "--format", "nq", "--out", out, "--store", store)
    assert code == 0, err
    return out.read_text(encoding="utf-8").splitlines()


def test_a_build_on_the_cluster_gives_the_store_a_local_build_gives(cluster, tmp_path):
    code, out, err = kg("build", SEEDS, "--store", tmp_path / "store", "--cluster", cluster)
    assert code == 0, err
    assert "reports: 5 (5 extracted)" in out
    code, _, err = kg("build", SEEDS, "--store", tmp_path / "local")
    assert code == 0, err
    assert _quads(tmp_path / "store") == _quads(tmp_path / "local")
    # and a second build, here or there, finds them unchanged
    code, out, _ = kg("build", SEEDS, "--store", tmp_path / "store", "--cluster", cluster)
    assert code == 0 and "5 unchanged" in out


def test_a_model_file_given_is_sent_to_the_workers(cluster, tmp_path):
    model = shutil.copy(ROOT / "loaders" / "models" / "default.kgm", tmp_path / "mine.kgm")
    code, out, err = kg("build", SEEDS, "--store", tmp_path / "store", "--cluster", cluster, "--model", model)
    assert code == 0 and "reports: 5 (5 extracted)" in out, err


def test_an_unreadable_report_is_skipped_by_the_driver_and_the_rest_go_in(cluster, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(next(SEEDS.glob("000_*.txt")), folder)
    (folder / "empty.txt").write_bytes(b"")
    code, out, err = kg("build", folder, "--store", tmp_path / "store", "--cluster", cluster)
    assert code == 2 and "reports: 1 (1 extracted)" in out
    assert "kg: skipped: " in err and "empty.txt" in err and "Traceback" not in err


def test_no_scheduler_there_is_one_line(tmp_path):
    started = time.monotonic()
    r = subprocess.run(
        [
            sys.executable,
            str(ROOT / "kg.py"),
            "build",
            str(SEEDS),
            "--store",
            str(tmp_path / "store"),
            "--cluster",
            f"tcp://127.0.0.1:{_free_port()}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 1 and r.stderr.startswith(
        "kg: error: cannot reach a Dask scheduler at tcp://127.0.0.1:"
    )
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr and time.monotonic() - started < 120


def test_workers_running_another_extractor_are_refused_before_any_report_is_sent():
    from graph.cluster import _check_workers
    from kgerrors import KgError

    class Cluster:  # what `Client.run` and `Client.nthreads` answer: one value per worker
        def __init__(self, digests):
            self.digests = digests

        def run(self, function, *args):
            return self.digests

        def nthreads(self):
            return {w: 2 for w in self.digests}

    assert _check_workers(Cluster({"tcp://a": "d1", "tcp://b": "d1"}), "tcp://s", None, "d1") == 4
    with pytest.raises(KgError, match=r"1 of the 2 workers of tcp://s run another kg .* tcp://b"):
        _check_workers(Cluster({"tcp://a": "d1", "tcp://b": "d2"}), "tcp://s", None, "d1")
    with pytest.raises(KgError, match="has no workers"):
        _check_workers(Cluster({}), "tcp://s", None, "d1")
