"""Shared fixtures: the five seed reports, extracted once and built once into a store."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
import time
import urllib.request
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
        for _ in range(300):  # it listens within a fraction of a second; give a slow machine 30 s
            if proc.poll() is not None:
                raise RuntimeError(f"oxigraph serve exited: {proc.stderr.read().decode(errors='replace')}")
            try:
                urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("oxigraph serve did not start listening")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stderr.close()


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
