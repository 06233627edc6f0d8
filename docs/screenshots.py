"""Re-make the README's screenshots of the seeds' graph (needs /usr/bin/chromium and a CJK font).

.venv/bin/kg build && .venv/bin/python docs/screenshots.py [--store kg-out/store]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.store import open_store  # noqa: E402
from graph.views import entity_graph  # noqa: E402
from tests.viz.browser import chromium, open_page  # noqa: E402
from viz.html import write_html  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", default="kg-out/store")
    ap.add_argument("--search", default="比亚迪", help="the entity shown in the second picture")
    args = ap.parse_args()
    s = open_store(args.store, read_only=True)
    try:
        g = entity_graph(s)
    finally:
        s.close()
    with tempfile.TemporaryDirectory() as tmp, chromium(viewport=(1400, 860)) as ctx:
        page, watch = open_page(ctx, write_html(g, Path(tmp) / "graph.html"))
        page.screenshot(path=ROOT / "docs" / "graph-overview.png")
        page.fill("#search", args.search)
        page.press("#search", "Enter")
        page.wait_for_timeout(800)  # the focus animation
        page.screenshot(path=ROOT / "docs" / "graph-search.png")
        assert not watch.errors and len(watch.requests) == 1, (watch.errors, watch.requests)
    print("wrote docs/graph-overview.png and docs/graph-search.png")


if __name__ == "__main__":
    main()
