"""Load on `kg serve`: many clients, mostly cheap queries, some runaway ones, on loopback only.

    .venv/bin/python bench/endpoint_load.py [--store DIR] [--clients 40] [--requests 3000]
                                            [--runaway-every 50] [--timeout 2] [--workers 4]

Starts `kg serve` on the store (by default a store built from seeds/ in a temporary folder), then
`--clients` threads send `--requests` in all, each a fresh connection, as browsers and scripts do.
Every `--runaway-every`-th request is a query that would run for minutes (a property path over
everything, a cartesian COUNT); the rest are the cheap questions of the saved queries and ASK. Prints
the latency of the cheap ones (p50, p95, p99, max), what the runaway ones got, the statuses, and the
CPU the server's workers are still using once the load ends (zero when the runaway work was stopped).
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus import seeds_store  # noqa: E402  (bench/, the script's folder)

from tests.hostile.served import kg_serve  # noqa: E402

CHEAP = [
    "ASK { ?s ?p ?o }",
    'SELECT ?d WHERE { ?d rdfs:label "历下区"@zh }',
    "SELECT ?s ?l WHERE { ?s a kg:Strategy ; rdfs:label ?l } LIMIT 20",
    *[p.read_text(encoding="utf-8") for p in sorted((ROOT / "queries").glob("*-of-*.rq"))],
    (ROOT / "queries" / "projects-per-district.rq").read_text(encoding="utf-8"),
]
RUNAWAY = [
    "SELECT * WHERE { ?s (rdfs:label|!rdfs:label)* ?o }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path)
    ap.add_argument("--clients", type=int, default=40)
    ap.add_argument("--requests", type=int, default=3000)
    ap.add_argument("--runaway-every", type=int, default=50)
    ap.add_argument("--timeout", type=float, default=2.0)
    ap.add_argument("--workers", type=int, default=4)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        store = args.store or seeds_store(Path(tmp))
        with kg_serve(store, "--timeout", str(args.timeout), "--workers", str(args.workers)) as server:

            def one(i: int) -> tuple[str, int, float]:
                runaway = i % args.runaway_every == args.runaway_every - 1
                query = RUNAWAY[i % 2] if runaway else CHEAP[i % len(CHEAP)]
                started = time.monotonic()
                status, _, _ = server.request(query, timeout=120)
                return ("runaway" if runaway else "cheap"), status, time.monotonic() - started

            started = time.monotonic()
            with concurrent.futures.ThreadPoolExecutor(args.clients) as pool:
                results = list(pool.map(one, range(args.requests)))
            elapsed = time.monotonic() - started
            time.sleep(0.5)
            cpu_before = server.children_cpu()
            time.sleep(2.0)
            idle_cpu = (server.children_cpu() - cpu_before) / 2.0

    by_kind: dict[str, list[tuple[int, float]]] = collections.defaultdict(list)
    for kind, status, seconds in results:
        by_kind[kind].append((status, seconds))
    print(
        f"{args.requests} requests from {args.clients} clients in {elapsed:.1f} s "
        f"({args.requests / elapsed:.0f}/s); --timeout {args.timeout:g} --workers {args.workers}"
    )
    for kind in ("cheap", "runaway"):
        rows = by_kind[kind]
        if not rows:
            continue
        times = [t for _, t in rows]
        statuses = collections.Counter(s for s, _ in rows)
        print(
            f"{kind:8} n={len(rows):5}  p50 {percentile(times, 0.5) * 1000:7.1f} ms  "
            f"p95 {percentile(times, 0.95) * 1000:7.1f} ms  p99 {percentile(times, 0.99) * 1000:7.1f} ms  "
            f"max {max(times) * 1000:7.1f} ms  mean {statistics.mean(times) * 1000:7.1f} ms  "
            f"statuses {dict(sorted(statuses.items()))}"
        )
    print(f"workers' CPU after the load: {idle_cpu:.2f} cores")


if __name__ == "__main__":
    main()
