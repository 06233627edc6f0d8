"""Shared fixtures: the five seed reports, extracted once and built once into a store."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"
DEV = SHARED / "corpus" / "dev"


def report_paths() -> list[Path]:
    """The seeds, and the development reports where ../shared is beside the checkout."""
    return sorted(SEEDS.glob("*.txt")) + (sorted(DEV.glob("*.txt")) if DEV.is_dir() else [])


def seed(prefix: str) -> Path:
    return next(SEEDS.glob(prefix + "*.txt"))


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="session")
def extractions(seed_paths):
    from loaders import extract

    return {p.name: extract(p) for p in seed_paths}


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory, seed_paths):
    """An on-disk store built from the seeds (read-only use in tests)."""
    from graph.ingest import build
    from graph.store import open_store

    path = tmp_path_factory.mktemp("store") / "store"
    s = open_store(path)
    build(seed_paths, s)
    s.close()
    return path


@pytest.fixture()
def fresh_store(tmp_path, seed_store):
    """A private copy of the seeds' store, free to be changed."""
    dst = tmp_path / "store"
    shutil.copytree(seed_store, dst)
    return dst


# ---------------------------------------------------------------- a real SPARQL server


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _await_server(proc: subprocess.Popen, ask_url: str, seconds: float, failed: Callable[[], str]) -> None:
    """Wait until `ask_url` answers (or the process exits: `failed()` says why)."""
    for _ in range(int(seconds * 10)):
        if proc.poll() is not None:
            raise RuntimeError(failed())
        try:
            urllib.request.urlopen(ask_url, timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{proc.args[0]} did not start listening")


def _stop_server(proc: subprocess.Popen, seconds: float) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextlib.contextmanager
def oxigraph_server(*args: str):
    """`oxigraph serve` (PyPI `oxigraph`, in the test extras) in memory on a free loopback port."""
    exe = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if exe is None:
        pytest.skip("the Oxigraph server is not installed (pip install oxigraph)")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [exe, "serve", "--bind", f"127.0.0.1:{port}", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        # it listens within a fraction of a second; give a slow machine 30 s
        _await_server(
            proc,
            f"{url}/query?query=ASK%7B%7D",
            30,
            lambda: f"oxigraph serve exited: {proc.stderr.read().decode(errors='replace')}",
        )
        yield url
    finally:
        _stop_server(proc, 10)
        proc.stderr.close()


# Loopback ports, a small cache, and no cap below the store's size on a result: exports read every
# quad in one answer, and Virtuoso cuts an answer at ResultSetMaxRows without saying so.
VIRTUOSO_INI = """\
[Database]
DatabaseFile = virtuoso.db
ErrorLogFile = virtuoso.log
LockFile = virtuoso.lck
TransactionFile = virtuoso.trx
xa_persistent_file = virtuoso.pxa
[TempDatabase]
DatabaseFile = virtuoso-temp.db
TransactionFile = virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
NumberOfBuffers = 2000
MaxDirtyBuffers = 1200
ThreadsPerQuery = 1
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerThreads = 4
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


@contextlib.contextmanager
def virtuoso_server(folder: Path):
    """Virtuoso 7 (Debian's `virtuoso-opensource`) with a new database in `folder`, on free loopback
    ports: its `--store` spec. Its SPARQL user gets the SPARQL_UPDATE role, which writing needs."""
    exe, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if exe is None or isql is None:
        pytest.skip("Virtuoso is not installed (Debian: apt-get install virtuoso-opensource)")
    sql = _free_port()
    http = next(p for p in iter(_free_port, None) if p != sql)
    (folder / "virtuoso.ini").write_text(VIRTUOSO_INI.format(sql=sql, http=http), encoding="utf-8")
    url = f"http://127.0.0.1:{http}/sparql"
    with open(folder / "console.log", "wb") as log:
        proc = subprocess.Popen(
            [exe, "+configfile", "virtuoso.ini", "+foreground"], cwd=folder, stdout=log, stderr=log
        )
    try:
        # a new database takes a few seconds to make; give a slow machine 2 min
        _await_server(
            proc,
            f"{url}?query=ASK%7B%7D",
            120,
            lambda: f"virtuoso-t exited: {(folder / 'console.log').read_text(errors='replace')}",
        )
        grant = 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'  # dba's password is dba in a new database
        subprocess.run(
            [isql, f"127.0.0.1:{sql}", "dba", "dba", grant], check=True, capture_output=True, timeout=60
        )
        yield f"query={url} update={url}"
    finally:
        _stop_server(proc, 60)  # it checkpoints and stops


@pytest.fixture(scope="session")
def remote_seed_store(seed_paths):
    """The seeds built into an Oxigraph server through the SPARQL protocol: its base URL (read only)."""
    from graph.ingest import build
    from graph.store import open_store

    with oxigraph_server() as url:
        s = open_store(url)
        build(seed_paths, s)
        s.close()
        yield url


@pytest.fixture()
def empty_server():
    """A fresh, empty Oxigraph server, free to be written: its base URL."""
    with oxigraph_server() as url:
        yield url
