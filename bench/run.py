"""The benchmark: how fast `kg` builds, answers and draws, and how that grows with the corpus.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/run.py                       # 1 … 10,000 reports, --jobs 1 and 2
    .venv/bin/python bench/run.py --sizes 1,10,100      # a quick look

For each size it makes a corpus (bench/corpus.py), times bare `jieba.cut` on that text, runs
`kg build --jobs J` on it in a fresh store (wall and CPU time, peak memory of all its processes,
store size), then asks the built store three saved SPARQL queries, 2-hop lookups and a warm
`kg neighbors`. Last it writes the HTML page for graphs of 100, 1,000 and 5,000 entities. It prints
the tables and puts them, with the machine and a summary of how costs grow, into docs/benchmarks.md
(between the markers; the text around them is kept). Work files go to bench/out/.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(ROOT), str(BENCH)]

from corpus import make_corpus  # noqa: E402
from measure import folder_bytes, load_average, machine, run_command, warm_median  # noqa: E402

START, END = "<!-- bench:start -->", "<!-- bench:end -->"
SLOW = 1.0  # seconds: a query slower than this is timed once after its warm-up, not five times


@dataclass
class Build:
    jobs: int
    seconds: float
    cpu_seconds: float
    busiest_cpu_seconds: float  # the busiest process: the least wall time this build could take
    peak_mb: float
    store_mb: float
    triples: int


@dataclass
class Size:
    reports: int
    chars: int = 0
    jieba_seconds: float = 0.0
    builds: list[Build] = field(default_factory=list)
    queries_ms: dict[str, float] = field(default_factory=dict)
    hops_ms: list[float] = field(default_factory=list)  # one 2-hop lookup per sampled entity
    hops_reached: list[int] = field(default_factory=list)
    neighbors_cli_s: float | None = None
    view_load_s: float | None = None  # `graph.views.entity_graph`: what `kg neighbors` loads first
    view_hops_ms: list[float] = field(default_factory=list)  # find + 2 hops on the loaded view

    def build(self, jobs: int) -> Build | None:
        return next((b for b in self.builds if b.jobs == jobs), None)

    @property
    def triples(self) -> int:
        return self.builds[-1].triples if self.builds else 0


# ---------------------------------------------------------------- measuring


def jieba_pass(files: list[Path]) -> tuple[int, float]:
    """Characters in the corpus and seconds bare `jieba.cut` (default dictionary, HMM on) takes on them."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    chars, seconds = 0, 0.0
    for f in files:
        text = f.read_text(encoding="utf-8")
        t = time.perf_counter()
        for _ in jieba.cut(text):
            pass
        seconds += time.perf_counter() - t
        chars += len(text)
    return chars, seconds


def build_once(corpus: Path, store: Path, jobs: int) -> Build:
    import shutil

    shutil.rmtree(store, ignore_errors=True)
    args = [sys.executable, "kg.py", "build", str(corpus), "--store", str(store), "--jobs", str(jobs)]
    run = run_command(args, cwd=ROOT)
    if run.returncode != 0:
        raise SystemExit(f"bench: kg build failed ({run.returncode}) on {corpus}")
    triples = int(run.stdout.split("written:")[1].split()[0])  # "written: 887995 triples; …"
    mb = 2**20
    return Build(
        jobs,
        run.seconds,
        run.cpu_seconds,
        run.busiest_cpu_seconds,
        run.peak_rss / mb,
        folder_bytes(store) / mb,
        triples,
    )


def ask(size: Size, store_path: Path, lookup_max_triples: int) -> None:
    """The saved queries, and on stores up to `lookup_max_triples` the 2-hop lookups and `kg neighbors`."""
    from graph.build import report_iri
    from graph.store import open_store
    from queries import SAVED, sample_names, two_hop

    store = open_store(store_path, read_only=True)
    try:
        for name, text in SAVED.items():
            size.queries_ms[name] = 1000 * _timed(lambda t=text: store.query(t))[0]
        names = sample_names(store, report_iri("r00000.txt")) if size.triples <= lookup_max_triples else []
        for name in names:
            seconds, (reached, _) = _timed(lambda n=name: two_hop(store, n))
            size.hops_ms.append(1000 * seconds)
            size.hops_reached.append(reached)
        if names:
            _on_view(size, store, names)
    finally:
        store.close()
    if size.triples <= lookup_max_triples:
        args = [sys.executable, "kg.py", "neighbors", "市中区", "--depth", "2", "--store", str(store_path)]
        args += ["--format", "json"]
        run_command(args, cwd=ROOT)  # the first run warms the OS cache
        size.neighbors_cli_s = run_command(args, cwd=ROOT).seconds


def _on_view(size: Size, store, names: list[str]) -> None:
    """The same 2-hop lookups on the networkx view (what `kg viz` and `kg stats` load), once it is loaded:
    the entity found by name, then everything within two hops either way."""
    import networkx as nx

    from graph.lookup import find_entity
    from graph.views import entity_graph

    t = time.perf_counter()
    g = entity_graph(store)
    size.view_load_s = time.perf_counter() - t
    both = g.to_undirected(as_view=True)

    def hop2(name: str) -> int:
        return len(nx.single_source_shortest_path_length(both, find_entity(g, name), cutoff=2))

    for name in names:
        size.view_hops_ms.append(1000 * _timed(lambda n=name: hop2(n))[0])


def _timed(fn):
    t = time.perf_counter()
    result = fn()
    if time.perf_counter() - t > SLOW:
        t = time.perf_counter()
        result = fn()
        return time.perf_counter() - t, result
    return warm_median(fn)


def loaders_alone(files: list[Path]) -> tuple[int, float]:
    """Characters and seconds of the loaders alone (extraction, no RDF, no store), warm, in this process."""
    from loaders import extract

    extract(files[0])
    chars, t = 0, time.perf_counter()
    for f in files:
        chars += len(extract(f).report.raw)
    return chars, time.perf_counter() - t


def html_pages(store_path: Path, sizes: list[int], out: Path) -> list[dict]:
    """Write the HTML page for entity graphs of each size, made of copies of a built store's graph."""
    from graph.store import open_store
    from graph.views import entity_graph
    from viz.html import render

    store = open_store(store_path, read_only=True)
    try:
        base = entity_graph(store)
    finally:
        store.close()
    rows = []
    for n in sizes:
        g = _copies(base, n)
        t = time.perf_counter()
        page = render(g)
        path = out / f"graph-{n}.html"
        path.write_text(page, encoding="utf-8")
        rows.append(
            {
                "nodes": n,
                "edges": g.number_of_edges(),
                "seconds": time.perf_counter() - t,
                "mb": len(page.encode()) / 2**20,
            }
        )
    return rows


def _copies(base, n: int):
    """The first `n` entities of as many relabelled copies of `base` as it takes (relations kept)."""
    import networkx as nx

    g = nx.MultiDiGraph()
    k = 0
    while g.number_of_nodes() < n:
        tag = "" if k == 0 else f"·{k}"
        for node, a in base.nodes(data=True):
            g.add_node(f"{node}#{k}", **{**a, "label": a["label"] + tag})
        for h, t, key, a in base.edges(keys=True, data=True):
            g.add_edge(f"{h}#{k}", f"{t}#{k}", key=key, **a)
        k += 1
    return g.subgraph(list(g.nodes)[:n]).copy()


def profile(files: list[Path], out: Path) -> Path:
    """pyinstrument's profile of extracting and serialising `files` (warm), as text."""
    from pyinstrument import Profiler

    from graph.ingest import extract_graph

    extract_graph(files[0])
    prof = Profiler(interval=0.001)
    prof.start()
    for f in files:
        extract_graph(f)
    prof.stop()
    path = out / "profile.txt"
    path.write_text(prof.output_text(color=False, unicode=True), encoding="utf-8")
    return path


# ---------------------------------------------------------------- reporting


def tables(sizes: list[Size], html: list[dict], alone: tuple[int, float] | None) -> str:
    lines = ["### Segmentation and build", ""]
    lines += [
        "| reports | characters | triples | bare jieba.cut chars/s | --jobs | build s | CPU s | chars/s "
        "| reports/s | build ÷ jieba.cut | speed-up vs --jobs 1 | peak memory MB | store MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in sizes:
        jieba_rate = s.chars / s.jieba_seconds if s.jieba_seconds else 0
        one = s.build(1)
        for b in s.builds:
            rate = s.chars / b.seconds
            speedup = f"{one.seconds / b.seconds:.2f}×" if one and b.jobs != 1 else ""
            lines.append(
                f"| {s.reports:,} | {s.chars:,} | {b.triples:,} | {jieba_rate:,.0f} | {b.jobs} | {b.seconds:.1f} "
                f"| {b.cpu_seconds:.1f} | {rate:,.0f} | {s.reports / b.seconds:.1f} | {rate / jieba_rate:.2f} "
                f"| {speedup} | {b.peak_mb:.0f} | {b.store_mb:.1f} |"
            )
    if alone:
        chars, seconds = alone
        lines += [
            "",
            f"The loaders alone (extraction only, warm, one process, 100 reports): {chars / seconds:,.0f} chars/s.",
        ]
    names = list(sizes[0].queries_ms) if sizes else []
    lines += [
        "",
        "### Queries (warm, in one process; median of 5 after a warm-up, or 1 run when over 1 s)",
        "",
    ]
    lines += [
        "| reports | triples | "
        + " | ".join(f"{n} ms" for n in names)
        + " | 2-hop lookup by SPARQL ms: median / p90 / max | entities reached (median)"
        + " | networkx view: load s | 2-hop on the loaded view ms: median / max | `kg neighbors 市中区 -d 2` s |",
        "|---:|---:|" + "---:|" * len(names) + "---|---:|---:|---|---:|",
    ]
    for s in sizes:
        hops = sorted(s.hops_ms)
        hop = f"{statistics.median(hops):.1f} / {_p90(hops):.1f} / {hops[-1]:.1f}" if hops else "not run"
        reached = f"{statistics.median(s.hops_reached):.0f}" if s.hops_reached else "–"
        cli = f"{s.neighbors_cli_s:.2f}" if s.neighbors_cli_s is not None else "not run"
        load = f"{s.view_load_s:.2f}" if s.view_load_s is not None else "not run"
        vh = sorted(s.view_hops_ms)
        view = f"{statistics.median(vh):.1f} / {vh[-1]:.1f}" if vh else "not run"
        qs = " | ".join(f"{s.queries_ms.get(n, float('nan')):.1f}" for n in names)
        lines.append(
            f"| {s.reports:,} | {s.triples:,} | {qs} | {hop} | {reached} | {load} | {view} | {cli} |"
        )
    if html:
        lines += [
            "",
            "### HTML page (`viz.html.render` + write)",
            "",
            "| entities | relations | s | MB |",
            "|---:|---:|---:|---:|",
        ]
        lines += [f"| {h['nodes']:,} | {h['edges']:,} | {h['seconds']:.2f} | {h['mb']:.1f} |" for h in html]
    return "\n".join(lines)


def _p90(xs: list[float]) -> float:
    return xs[min(len(xs) - 1, math.ceil(0.9 * len(xs)) - 1)]


def growth(sizes: list[Size]) -> str:
    """How build time, memory and query time grow, read off the rows above."""
    out = []
    for jobs in sorted({b.jobs for s in sizes for b in s.builds}):
        pts = [(s.reports, s.build(jobs)) for s in sizes if s.build(jobs) and s.reports >= 10]
        if len(pts) < 2:
            continue
        a, b = _fit([n for n, _ in pts], [x.seconds for _, x in pts])
        steps = ", ".join(
            f"{1000 * (x2.seconds - x1.seconds) / (n2 - n1):.0f} ms ({n1:,}→{n2:,})"
            for (n1, x1), (n2, x2) in zip(pts, pts[1:], strict=False)
        )
        mem = ", ".join(f"{x.peak_mb:.0f} MB ({n:,})" for n, x in pts)
        out.append(
            f"- build, `--jobs {jobs}`: time ≈ {a:.1f} s + {1000 * b:.1f} ms × reports (least squares, "
            f"{pts[0][0]:,}–{pts[-1][0]:,} reports); cost of each added report: {steps}. "
            f"Peak memory: {mem}."
        )
    big = [s for s in sizes if s.reports >= 100 and s.queries_ms]
    for name in big[0].queries_ms if big else []:
        out.append(f"- {name}: " + _power([(s.triples, s.queries_ms.get(name, 0)) for s in big], "ms"))
    hop = [s for s in big if s.hops_ms]
    if len(hop) >= 2:
        out.append(
            "- 2-hop lookup, median: "
            + _power([(s.triples, statistics.median(s.hops_ms)) for s in hop], "ms")
            + " Entities reached (median): "
            + " → ".join(f"{statistics.median(s.hops_reached):.0f}" for s in hop)
            + "."
        )
    view = [s for s in big if s.view_load_s]
    if len(view) >= 2:
        out.append("- loading the networkx view: " + _power([(s.triples, s.view_load_s) for s in view], "s"))
        out.append(
            "- 2-hop on the loaded view, median: "
            + _power([(s.triples, statistics.median(s.view_hops_ms)) for s in view], "ms")
        )
    cli = [s for s in big if s.neighbors_cli_s]
    if len(cli) >= 2:
        out.append(
            "- `kg neighbors` (whole process): " + _power([(s.triples, s.neighbors_cli_s) for s in cli], "s")
        )
    return "\n".join(out)


def _power(points: list[tuple[int, float]], unit: str) -> str:
    """ "1.0 ms at 10,000 triples, 9.0 ms at 100,000 (∝ triples^0.95)" for each step between sizes."""
    text = f"{points[0][1]:.1f} {unit} at {points[0][0]:,} triples"
    for (n1, t1), (n2, t2) in zip(points, points[1:], strict=False):
        exp = math.log(t2 / t1) / math.log(n2 / n1) if t1 > 0 and t2 > 0 and n2 != n1 else float("nan")
        text += f", {t2:.1f} {unit} at {n2:,} (∝ triples^{exp:.2f})"
    return text + "."


def _fit(xs: list[float], ys: list[float]) -> tuple[float, float]:
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
    return my - b * mx, b


def write_markdown(doc: Path, body: str) -> None:
    text = doc.read_text(encoding="utf-8") if doc.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    if START not in text or END not in text:
        text += f"\n{START}\n{END}\n"
    head, rest = text.split(START, 1)
    tail = rest.split(END, 1)[1]
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(f"{head}{START}\n{body}\n{END}{tail}", encoding="utf-8")


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1,10,100,1000,10000", help="corpus sizes, in reports")
    ap.add_argument("--jobs", default="1,2", help="--jobs values to build with")
    ap.add_argument("--repeat", type=int, default=1, help="builds per size and --jobs; the fastest counts")
    ap.add_argument("--repeat-upto", type=int, default=1000, help="largest size built --repeat times")
    ap.add_argument("--jobs-1-max", type=int, default=10**9, help="largest size also built with --jobs 1")
    ap.add_argument(
        "--lookup-max-triples",
        type=int,
        default=2_500_000,
        help="2-hop lookups and `kg neighbors` up to this",
    )
    ap.add_argument("--html", default="100,1000,5000", help="entities in the HTML pages")
    ap.add_argument("--profile", action="store_true", help="also write bench/out/profile.txt (pyinstrument)")
    ap.add_argument("--out", type=Path, default=BENCH / "out")
    ap.add_argument("--doc", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = ap.parse_args(argv)
    sizes_n = [int(x) for x in args.sizes.split(",")]
    jobs = [int(x) for x in args.jobs.split(",")]
    args.out.mkdir(parents=True, exist_ok=True)
    started, load_before = datetime.now(UTC), load_average()

    sizes: list[Size] = []
    for n in sizes_n:
        corpus = args.out / "corpus" / str(n)
        files = make_corpus(n, corpus)
        size = Size(n)
        size.chars, size.jieba_seconds = jieba_pass(files)
        store = args.out / "store" / str(n)
        runs: dict[int, list[Build]] = {}
        for _ in range(args.repeat if n <= args.repeat_upto else 1):  # alternate, so load spikes hit both
            for j in (j for j in jobs if j != 1 or n <= args.jobs_1_max):
                runs.setdefault(j, []).append(build_once(corpus, store, j))
                print(f"{n:>6} reports  --jobs {j}  {runs[j][-1].seconds:8.1f} s", flush=True)
        size.builds = [min(rs, key=lambda b: b.seconds) for rs in runs.values()]
        ask(size, store, args.lookup_max_triples)
        sizes.append(size)
        print(tables(sizes[-1:], [], None).split("### Queries")[0].splitlines()[-1], flush=True)

    some = make_corpus(min(100, max(sizes_n)), args.out / "corpus" / str(min(100, max(sizes_n))))
    alone = loaders_alone(some)
    html_sizes = [int(x) for x in args.html.split(",") if x]
    small = max([n for n in sizes_n if n <= 100] or sizes_n[:1])  # its entity graph loads in a moment
    html = html_pages(args.out / "store" / str(small), html_sizes, args.out) if html_sizes else []
    if args.profile:
        print(f"profile: {profile(some, args.out)}")

    info = machine()
    body = "\n".join(
        [
            f"Measured {started:%Y-%m-%d %H:%M} UTC with `python bench/run.py --sizes {args.sizes} --jobs {args.jobs}"
            f" --repeat {args.repeat}`; load average before {load_before}, after {load_average()}.",
            "",
            *(f"- {k}: {v}" for k, v in info.items()),
            "",
            tables(sizes, html, alone),
            "",
            "### How cost grows (fitted on the rows above)",
            "",
            growth(sizes),
        ]
    )
    print(body)
    write_markdown(args.doc, body)
    (args.out / "results.json").write_text(
        json.dumps(
            {"sizes": [asdict(s) for s in sizes], "html": html, "machine": info}, indent=1, ensure_ascii=False
        )
    )


if __name__ == "__main__":
    main()
