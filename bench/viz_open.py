"""How long a large HTML graph takes to open and become interactive in headless Chromium.

    .venv/bin/python bench/viz_open.py [--nodes 2000] [--edges 3000] [--runs 3]

Builds a synthetic entity graph shaped like ours, writes the page as `kg viz` does (layout
computed in Python), then opens it in Debian's Chromium with every network request blocked and
prints: the Python time, the page size, and per run the time from navigation until the network is
drawn and still (`window.kgReady`), then how long a search and a redraw take once it is.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.viz.browser import CHROMIUM, chromium, open_page  # noqa: E402
from tests.viz.synthetic import synthetic_graph  # noqa: E402
from viz.html import write_html  # noqa: E402

_REDRAW = """() => new Promise(done => {
  const t = performance.now();
  network.once('afterDrawing', () => done(performance.now() - t));
  network.redraw();
})"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=2000)
    ap.add_argument("--edges", type=int, default=3000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "viz")
    args = ap.parse_args()
    if not CHROMIUM.exists():
        sys.exit(f"needs Debian's chromium at {CHROMIUM}")

    g = synthetic_graph(args.nodes, args.edges)
    t = time.perf_counter()
    path = write_html(g, args.out / f"graph-{args.nodes}.html")
    print(f"graph: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges")
    print(f"python: layout + page in {time.perf_counter() - t:.2f} s, {path.stat().st_size / 1e6:.1f} MB")

    with chromium() as ctx:
        for run in range(1, args.runs + 1):
            t = time.perf_counter()
            page, watch = open_page(ctx, path, timeout_ms=120_000)
            wall = time.perf_counter() - t
            timings = page.evaluate("window.kgTimings")
            drawn = page.evaluate("network.body.nodeIndices.length")
            t = time.perf_counter()
            page.fill("#search", "Project900号")
            page.press("#search", "Enter")
            page.wait_for_function("network.getSelectedNodes().length === 1")
            search = time.perf_counter() - t
            redraw = page.evaluate(_REDRAW)
            print(
                f"run {run}: interactive after {wall:.2f} s (in page: network built at"
                f" {timings['network'] / 1000:.2f} s, drawn and still at {timings['ready'] / 1000:.2f} s);"
                f" {drawn} nodes drawn; search {search * 1000:.0f} ms; redraw {redraw:.0f} ms;"
                f" requests {len(watch.requests)}, console errors {len(watch.errors)}"
            )
            page.close()


if __name__ == "__main__":
    main()
