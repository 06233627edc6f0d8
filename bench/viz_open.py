"""How long a large HTML graph takes to open and become interactive in headless Chromium.

    .venv/bin/python bench/viz_open.py [--nodes 2000] [--edges 3000] [--runs 3]
    .venv/bin/python bench/viz_open.py --page kg-out/graph.html --query 市中区

Builds a synthetic entity graph shaped like ours, writes the page as `kg viz` does (layout
computed in Python), or takes a page already written, then opens it in Debian's Chromium with
every network request blocked and prints: the Python time, the page size, and per run the time from
navigation until the network is drawn and still (`window.kgReady`), then how long a search takes,
a redraw of the still view, and a frame while the view is dragged (the median of a short drag).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.viz.browser import CHROMIUM, chromium, open_page  # noqa: E402
from tests.viz.synthetic import synthetic_graph  # noqa: E402
from viz.html import write_html  # noqa: E402

# from the start of a frame (initRedraw) to the end of everything drawn on it (afterDrawing)
_FRAMES = """() => {
  window.benchFrames = [];
  let t = 0;
  network.on('initRedraw', () => { t = performance.now(); });
  network.on('afterDrawing', () => { if (t) window.benchFrames.push(performance.now() - t); t = 0; });
}"""
_REDRAW = """() => new Promise(done => {
  const n = window.benchFrames.length;
  network.redraw();
  const wait = () => window.benchFrames.length > n ? done(window.benchFrames[n]) : requestAnimationFrame(wait);
  wait();
})"""


def _drag(page) -> tuple[float, int]:
    """Median frame time (ms) while dragging the view across the graph's area, and the frames."""
    box = page.evaluate(
        "(() => { const r = graph.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()"
    )
    x, y = box[0] + box[2] / 2, box[1] + box[3] / 2
    page.evaluate("window.benchFrames = []")
    page.mouse.move(x, y)
    page.mouse.down()
    for i in range(1, 13):
        page.mouse.move(x + 15 * i, y + 8 * i)
        page.wait_for_timeout(30)
    page.mouse.up()
    frames = page.evaluate("window.benchFrames")
    return (statistics.median(frames) if frames else float("nan")), len(frames)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=2000)
    ap.add_argument("--edges", type=int, default=3000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--page", type=Path, help="a page already written (kg viz) instead of a synthetic one")
    ap.add_argument("--query", default="Project900号", help="what to search for")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "viz")
    args = ap.parse_args()
    if not CHROMIUM.exists():
        sys.exit(f"needs Debian's chromium at {CHROMIUM}")

    if args.page:
        path = args.page
    else:
        g = synthetic_graph(args.nodes, args.edges)
        t = time.perf_counter()
        path = write_html(g, args.out / f"graph-{args.nodes}.html")
        print(f"graph: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges")
        print(f"python: layout + page in {time.perf_counter() - t:.2f} s")
    print(f"page: {path}, {path.stat().st_size / 1e6:.1f} MB")

    with chromium() as ctx:
        for run in range(1, args.runs + 1):
            t = time.perf_counter()
            page, watch = open_page(ctx, path, timeout_ms=300_000)
            wall = time.perf_counter() - t
            timings = page.evaluate("window.kgTimings")
            drawn = page.evaluate("network.body.nodeIndices.length")
            page.evaluate(_FRAMES)
            redraw = page.evaluate(_REDRAW)
            drag, frames = _drag(page)
            t = time.perf_counter()
            page.fill("#search", args.query)
            page.press("#search", "Enter")
            page.wait_for_function("network.getSelectedNodes().length === 1")
            search = time.perf_counter() - t
            print(
                f"run {run}: interactive after {wall:.2f} s (in page: network built at"
                f" {timings['network'] / 1000:.2f} s, drawn and still at {timings['ready'] / 1000:.2f} s);"
                f" {drawn} nodes drawn; redraw {redraw:.0f} ms; frame while dragging {drag:.1f} ms ({frames} frames);"
                f" search {search * 1000:.0f} ms;"
                f" requests {len(watch.requests)}, console errors {len(watch.errors)}"
            )
            page.close()


if __name__ == "__main__":
    main()
