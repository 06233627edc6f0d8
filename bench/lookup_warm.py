"""How long a warm `kg neighbors` / `kg path` takes on the seeds: in process, and as a whole command.

    .venv/bin/python bench/lookup_warm.py [--store DIR] [--runs N]

Builds the seeds into a temporary store when none is given. "Warm" means the store is built and the
files are in the OS cache (one untimed run first); each command run still pays Python's start-up
and imports, as a user does. Prints medians; nothing here is asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus import seeds_store  # noqa: E402  (bench/, the script's folder)

QUERIES = [
    ("neighbors", "比亚迪"),
    ("neighbors", "起步区", "--depth", "2"),
    ("neighbors", "市中区"),
    ("path", "比亚迪", "中泰证券"),
]


def in_process(store: Path, runs: int) -> None:
    from graph.lookup import lookup
    from graph.store import open_store
    from graph.walk import neighbourhood, shortest_paths

    def neighbours(name: str, depth: int = 1):
        s = open_store(store, read_only=True)
        try:
            return neighbourhood(s, lookup(s, name), depth)
        finally:
            s.close()

    def path(a: str, b: str):
        s = open_store(store, read_only=True)
        try:
            return shortest_paths(s, lookup(s, a), lookup(s, b))
        finally:
            s.close()

    cases = {
        "neighbors 比亚迪": lambda: neighbours("比亚迪"),
        "neighbors 起步区 --depth 2": lambda: neighbours("起步区", 2),
        "neighbors 市中区": lambda: neighbours("市中区"),
        "neighbors 市中区 --depth 2": lambda: neighbours("市中区", 2),
        "path 比亚迪 中泰证券": lambda: path("比亚迪", "中泰证券"),
        "neighbors 中泰证劵 (miss, suggestions)": lambda: _miss(neighbours, "中泰证劵"),
    }
    print("in process (store opened, name looked up, walked, store closed), median of", runs)
    for label, fn in cases.items():
        fn()  # warm-up: imports, caches
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        print(f"  {label:40s} {statistics.median(times) * 1000:7.1f} ms")


def _miss(fn, name):
    from kgerrors import QueryError

    with contextlib.suppress(QueryError):
        fn(name)


def as_command(store: Path, runs: int) -> None:
    print("whole command (python start-up, imports, output), median of", runs)
    for args in QUERIES:
        cmd = [sys.executable, str(ROOT / "kg.py"), *args, "--store", str(store)]
        subprocess.run(cmd, capture_output=True, check=True)  # warm-up
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run(cmd, capture_output=True, check=True)
            times.append(time.perf_counter() - t)
        print(f"  kg {' '.join(args):38s} {statistics.median(times) * 1000:7.1f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--store", type=Path, help="a built store (default: build the seeds into a temporary one)"
    )
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store or seeds_store(Path(tmp))
        in_process(store, args.runs)
        as_command(store, args.runs)


if __name__ == "__main__":
    main()
