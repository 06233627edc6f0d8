"""Shared fixtures: the five seed reports, extracted once and built once into a store."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"


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
