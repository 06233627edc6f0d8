"""The benchmark: how fast `kg` builds, answers and draws, and how that grows with the corpus.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/run.py                       # 1 … 10,000 reports, --jobs 1 and 2
    .venv/bin/python bench/run.py --sizes 1,10,100      # a quick look

For each size it makes a corpus (bench/corpus.py), times bare `jieba.cut` on that text, runs
`kg build --jobs J` on it in a fresh store (wall and CPU time, peak memory of all its processes,
store size), then asks the built store every saved query of `queries/` (as `kg query` runs them,
with their `--bind` examples; beside one scan of every fact), the walks of `kg neighbors` and
`kg path` (beside the same walks on rdflib's memory graph) and a warm `kg neighbors` command.
Last it writes the HTML page for graphs of 100, 1,000 and 5,000 entities. It prints
the tables and puts them, with the machine and a summary of how costs grow, into docs/benchmarks.md
(between the markers; the text around them is kept). Work files go to bench/out/.
"""

from __future__ import annotations

import argparse
import contextlib
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
    queries_ms: dict[str, float] = field(default_factory=dict)  # saved query (and its --bind) -> ms
    scan_ms: float = 0.0  # the queries' reference: one COUNT(*) over every fact of the merged graph
    hops_ms: list[float] = field(default_factory=list)  # 2-hop entity set, one per sampled entity
    memory_hops_ms: list[float] = field(default_factory=list)  # the same on rdflib's memory graph
    hops_reached: list[int] = field(default_factory=list)
    walks: dict[str, float] = field(default_factory=dict)  # the fixed questions below -> ms
    memory_load_s: float | None = None
    neighbors_cli_s: float | None = None

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


HUB, PATH = "市中区", ("比亚迪", "中泰证券")  # a district every copy of seed 001 names; two ends of a chain


def ask(size: Size, store_path: Path, lookup_max_triples: int) -> None:
    """The saved queries and their reference scan; on stores up to `lookup_max_triples`, the walks of
    `kg neighbors` and `kg path` beside the same walks on rdflib's memory graph, and `kg neighbors`
    as a whole command."""
    from graph.build import report_iri
    from graph.store import open_store
    from kgerrors import QueryError
    from queries import (
        SCAN,
        memory_graph,
        memory_path,
        memory_two_hop,
        neighbors,
        path,
        run_saved,
        sample_names,
        saved_queries,
        two_hop_set,
    )

    store = open_store(store_path, read_only=True)
    try:
        size.scan_ms = 1000 * _timed(lambda: store.query(SCAN))[0]
        for q in saved_queries():
            with contextlib.suppress(QueryError):  # a name bound in an example may not be in a small corpus
                size.queries_ms[q.name] = 1000 * _timed(lambda q=q: run_saved(store, q))[0]
        if size.triples > lookup_max_triples:
            return
        t = time.perf_counter()
        memory = memory_graph(store)
        size.memory_load_s = time.perf_counter() - t
        for name in sample_names(store, report_iri("r00000.txt")):
            seconds, reached = _timed(lambda n=name: two_hop_set(store, n))
            size.hops_ms.append(1000 * seconds)
            size.hops_reached.append(reached)
            size.memory_hops_ms.append(1000 * _timed(lambda n=name: memory_two_hop(memory, n))[0])
        walks = {
            f"2-hop set of {HUB}": lambda: two_hop_set(store, HUB),
            f"rdflib: 2-hop set of {HUB}": lambda: memory_two_hop(memory, HUB),
            f"neighbors {HUB} -d 2 --limit 50": lambda: neighbors(store, HUB, 50),
            f"neighbors {HUB} -d 2 (all, with evidence)": lambda: neighbors(store, HUB, None),
            f"path {' '.join(PATH)}": lambda: path(store, *PATH),
            f"rdflib: path {' '.join(PATH)}": lambda: memory_path(memory, *PATH),
        }
        for name, fn in walks.items():
            with contextlib.suppress(QueryError, KeyError):  # a name not in a small corpus
                size.walks[name] = 1000 * _timed(fn)[0]
    finally:
        store.close()
    args = [sys.executable, "kg.py", "neighbors", HUB, "--depth", "2", "--store", str(store_path)]
    args += ["--format", "json"]
    run_command(args, cwd=ROOT)  # the first run warms the OS cache
    size.neighbors_cli_s = run_command(args, cwd=ROOT).seconds


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
    lines += [
        "",
        "### Saved queries (`queries/*.rq` as `kg query` runs them; warm, median of 5 after a warm-up, or"
        " 1 run when over 1 s)",
        "",
        "ms, and in brackets the ratio to one scan of every fact of the merged graph in the same run"
        " (`COUNT(*)`): under 1, the query read less than the whole graph.",
        "",
    ]
    names = list(dict.fromkeys(n for s in sizes for n in s.queries_ms))
    lines += [
        "| query | " + " | ".join(f"{s.reports:,} reports ({s.triples:,} triples)" for s in sizes) + " |",
        "|---|" + "---:|" * len(sizes),
        "| *reference: scan of every fact* | " + " | ".join(f"{s.scan_ms:.1f}" for s in sizes) + " |",
    ]
    for n in names:
        cells = [
            f"{s.queries_ms[n]:.1f} ({s.queries_ms[n] / s.scan_ms:.2f})"
            if n in s.queries_ms and s.scan_ms
            else "–"
            for s in sizes
        ]
        lines.append(f"| `{n}` | " + " | ".join(cells) + " |")
    walked = [s for s in sizes if s.hops_ms]
    walk_names = list(dict.fromkeys(n for s in walked for n in s.walks))
    if walked:
        lines += [
            "",
            "### Walks (`kg neighbors`, `kg path`), beside the same walk on rdflib's in-memory graph",
            "",
            "ms, warm. The 2-hop set: 20 entities of the first report, each looked up by name, then two"
            " hops either way through the six relations (no evidence); rdflib walks the same relations"
            " with `Graph.objects`/`subjects` once they are loaded (its load time is not counted).",
            "",
            "| reports | triples | rdflib load s | 2-hop set: median / max ms | rdflib median ms | ratio"
            " | entities reached (median) | " + " | ".join(f"{k} ms" for k in walk_names) + " | `kg neighbors"
            f" {HUB} -d 2` whole command s |",
            "|---:|---:|---:|---|---:|---:|---:|" + "---:|" * len(walk_names) + "---:|",
        ]
        for s in walked:
            hops, mem = sorted(s.hops_ms), sorted(s.memory_hops_ms)
            ratio = statistics.median(hops) / statistics.median(mem) if mem and statistics.median(mem) else 0
            cells = " | ".join(f"{s.walks[n]:.1f}" if n in s.walks else "–" for n in walk_names)
            lines.append(
                f"| {s.reports:,} | {s.triples:,} | {s.memory_load_s:.1f} | {statistics.median(hops):.1f} /"
                f" {hops[-1]:.1f} | {statistics.median(mem):.2f} | {ratio:.1f}× |"
                f" {statistics.median(s.hops_reached):.0f} | {cells} | {s.neighbors_cli_s:.2f} |"
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
    if len(big) >= 2:
        out.append("- one scan of every fact: " + _power([(s.triples, s.scan_ms) for s in big], "ms"))
    for name in dict.fromkeys(n for s in big for n in s.queries_ms):
        pts = [(s.triples, s.queries_ms[name]) for s in big if name in s.queries_ms]
        if len(pts) >= 2:
            out.append(f"- `{name}`: " + _power(pts, "ms"))
    hop = [s for s in big if s.hops_ms]
    if len(hop) >= 2:
        out.append(
            "- 2-hop set, median: "
            + _power([(s.triples, statistics.median(s.hops_ms)) for s in hop], "ms")
            + " Entities reached (median): "
            + " → ".join(f"{statistics.median(s.hops_reached):.0f}" for s in hop)
            + "."
        )
        for name in dict.fromkeys(n for s in hop for n in s.walks):
            pts = [(s.triples, s.walks[name]) for s in hop if name in s.walks]
            if len(pts) >= 2:
                out.append(f"- {name}: " + _power(pts, "ms"))
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
        print(tables(sizes[-1:], [], None).split("\n\n### Saved")[0].splitlines()[-1], flush=True)

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
