"""Synthetic corpora made by recombining the seed reports' paragraphs.

Report `i` follows seed `i % 5` line by line (its page chrome, title and byline stay), but each body
paragraph is, with even odds, swapped for a body paragraph drawn from any seed. Then the report is
moved to another city: 济南, 山东, 市中区 and 历下区 become a city, its province and two of its
districts, taken in turn from the administrative divisions the loaders know. So the graph grows as a
real corpus would, with more places and their strategies, not only more copies of the same facts.

The same `i` always gives the same text, and the first N reports of every corpus are the same files.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DIVISIONS = ROOT / "loaders" / "data" / "divisions.tsv"
BODY_MIN = 40  # a line this long is a paragraph of running text, not chrome or a heading


@dataclass(frozen=True)
class Place:
    province: str  # short names: 山东, 济南, 历下; full names of the districts: 历下区
    city: str
    district1: str
    district2: str

    def rename(self, text: str) -> str:
        for old, new in (
            ("市中区", self.district1),
            ("历下区", self.district2),
            ("历下", self.district2[:-1]),
            ("济南", self.city),
            ("山东", self.province),
        ):
            text = text.replace(old, new)
        return text


@lru_cache(maxsize=1)
def places() -> tuple[Place, ...]:
    """Cities with two districts (…区), in the order of the divisions file; 济南 first."""
    rows = [r for r in csv.reader(DIVISIONS.open(encoding="utf-8"), delimiter="\t") if r and r[0][0] != "#"]
    short = {(r[1], r[0]): r[3] for r in rows}
    districts: dict[str, list[str]] = {}
    for _code, level, name, _, parent in rows:
        if level == "county" and name.endswith("区") and len(name) >= 3:
            districts.setdefault(parent, []).append(name)
    out = [Place("山东", "济南", "市中区", "历下区")]
    for code, level, _, city, parent in rows:
        ds = districts.get(code, [])
        if level == "city" and len(ds) >= 2 and city != "济南":
            out.append(Place(short.get(("province", parent), city), city, ds[0], ds[1]))
    return tuple(out)


def _seed_lines() -> list[list[str]]:
    return [p.read_text(encoding="utf-8").splitlines() for p in sorted(SEEDS.glob("*.txt"))]


def report_text(i: int, seeds: list[list[str]], pool: list[str]) -> str:
    rng = random.Random(i)
    host = seeds[i % len(seeds)]
    lines = [rng.choice(pool) if len(line) >= BODY_MIN and rng.random() < 0.5 else line for line in host]
    where = places()[(i // len(seeds)) % len(places())]  # the first five reports stay in 济南
    return where.rename("\n".join(lines) + "\n")


def make_corpus(n: int, folder: Path) -> list[Path]:
    """Write reports 0..n-1 into `folder` (kept when already there) and return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds = _seed_lines()
    pool = [line for lines in seeds for line in lines if len(line) >= BODY_MIN]
    paths = []
    for i in range(n):
        path = folder / f"r{i:05d}.txt"
        if not path.exists():
            path.write_text(report_text(i, seeds, pool), encoding="utf-8")
        paths.append(path)
    return paths


def seeds_store(folder: Path) -> Path:
    """The seeds built into a new embedded store under `folder`: what the look-up and endpoint
    benchmarks measure when no store is given."""
    from graph.ingest import build
    from graph.store import open_store

    store = folder / "store"
    s = open_store(store)
    try:
        build(sorted(SEEDS.glob("*.txt")), s)
    finally:
        s.close()
    return store
