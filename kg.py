"""`kg`: Chinese development reports -> a knowledge graph you can query, look up and look at.

Thin: each command parses its options, calls one library function and prints. Every `KgError`
becomes one line on stderr and exit status 1 (`--debug` shows the traceback).
"""

from __future__ import annotations

import contextlib
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

import kghelp
from graph.formats import EXPORT_FORMATS, QUERY_FORMATS
from kgerrors import KgError
from ontology.terms import ENTITY_TYPES, RELATIONS

app = typer.Typer(
    cls=kghelp.Group,
    context_settings={"help_option_names": ["-h", "--help"]},
    add_completion=True,
    no_args_is_help=True,
    help="Build a knowledge graph of districts, strategies, projects and organizations from Chinese development reports.",
    pretty_exceptions_enable=False,
)

StoreOpt = Annotated[
    str | None,
    typer.Option(
        "--store",
        "-s",
        metavar="DIR|URL",
        help="store directory, or a SPARQL server: http(s)://BASE (Oxigraph) or 'query=URL update=URL'"
        " (default kg-out/store, or $KG_STORE)",
    ),
]
ModelOpt = Annotated[
    Path | None,
    typer.Option("--model", "-m", help="a model file from `kg train` (default: the shipped model)"),
]
GoldOpt = Annotated[
    list[Path],
    typer.Option(
        "--gold", "-g", help="gold JSONL file (format and scoring: docs/scoring.md); may be repeated"
    ),
]
# Choices as enums: typer validates them and completes them in the shell.
Direction = StrEnum("Direction", [("both", "both"), ("out", "out"), ("in_", "in")])
Relation = StrEnum("Relation", [(r, r) for r in RELATIONS])
EntityClass = StrEnum("EntityClass", [(t, t) for t in ENTITY_TYPES])
WalkFormat = StrEnum("WalkFormat", ["tree", "table", "json"])
PathFormat = StrEnum("PathFormat", ["text", "json"])
TimelineFormat = StrEnum("TimelineFormat", ["table", "json"])
StatsFormat = StrEnum("StatsFormat", ["table", "json"])
QueryFormat = StrEnum("QueryFormat", list(QUERY_FORMATS))
ExportFormat = StrEnum("ExportFormat", list(EXPORT_FORMATS))
_state = {"debug": False}


def _show_version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            print(f"kg {version('devreport-kg')}")
        except PackageNotFoundError:  # run from a checkout that was never installed
            print("kg (not installed: see pyproject.toml for the version)")
        raise typer.Exit()


@app.callback()
def _main(
    debug: Annotated[bool, typer.Option("--debug", help="show tracebacks")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="show the version and exit"),
    ] = False,
) -> None:
    _state["debug"] = debug


def _console(stderr: bool = False):
    from rich.console import Console

    # markup off: report text such as "[/b]" is printed as it stands, never read as rich markup
    return Console(stderr=stderr, highlight=False, soft_wrap=True, markup=False)


@app.command()
def build(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="report files or folders (default: seeds/)")
    ] = None,
    store: StoreOpt = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="extraction processes (default: one per CPU on big inputs)"),
    ] = None,
    model: ModelOpt = None,
    follow_links: Annotated[
        bool,
        typer.Option(
            "--follow-links", help="follow links in the folders given that lead out of them (not by default)"
        ),
    ] = False,
    cluster: Annotated[
        str | None,
        typer.Option(
            "--cluster",
            help="extract on the workers of this Dask scheduler (tcp://HOST:PORT); this process writes the store",
        ),
    ] = None,
) -> None:
    """Read reports, extract entities and relations, write one named graph per report into the store;
    reports unchanged since they were stored (same bytes, same model and extractor) are skipped."""
    import time

    from graph.files import find_reports
    from graph.ingest import build as run_build
    from graph.ingest import default_jobs
    from graph.show_build import progress, summary_lines
    from graph.stats import totals
    from graph.store import describe, open_store

    start = time.monotonic()
    paths = paths or [Path("seeds")]
    for p in paths:
        if not p.exists():
            raise KgError(f"{p}: no such file or directory")
    found = find_reports(paths, follow_links=follow_links)
    files = found.files
    if not files:
        for line in found.skipped:
            print(f"kg: skipped: {line}", file=sys.stderr)
        left_out = found.left_out_line()
        raise KgError(
            f"no report files in {', '.join(map(str, paths))}" + (f" ({left_out})" if left_out else "")
        )
    from loaders.model import load_model

    model_path = str(model) if model else None
    load_model(model_path)  # a bad model file is refused before the store is opened
    s = open_store(store)
    try:
        from graph.link import link, relink, up_to_date

        linked = up_to_date(s)  # the links are those of the store as the build finds it
        with progress(len(files), _console(stderr=True)) as tick:
            summary = run_build(
                found,
                s,
                progress=tick,
                jobs=jobs or default_jobs(len(files)),
                strict=_state["debug"],
                model=model_path,
                cluster=cluster,
            )
        # the same entity named differently in two reports: after a few reports, only their links
        if summary.reports and linked:
            relink(s, summary.written, summary.replaced)
        elif summary.reports or (summary.unchanged and not up_to_date(s)):  # a build stopped before it
            link(s)
        classes, relations = totals(s) if summary.reports or summary.unchanged else ({}, {})
    finally:
        s.close()
    built = summary.reports + summary.unchanged
    if not built and len(summary.skipped) == 1:
        raise KgError(summary.skipped[0])
    for line in summary.skipped:
        print(f"kg: skipped: {line}", file=sys.stderr)
    if not built:
        raise KgError(f"none of the {len(summary.skipped)} reports could be built")
    out = _console()
    lines = summary_lines(
        summary, classes, relations, describe(store), time.monotonic() - start, found.left_out_line()
    )
    for line in lines:
        out.print(line)
    if summary.skipped:
        raise typer.Exit(2)


@app.command()
def query(
    sparql: Annotated[str, typer.Argument(help="a SPARQL 1.1 query, or @file.rq")],
    store: StoreOpt = None,
    fmt: Annotated[QueryFormat, typer.Option("--format", "-f")] = QueryFormat.table,
    bind: Annotated[
        list[str] | None,
        typer.Option("--bind", "-b", help="NAME=VALUE: give ?NAME a value (an entity name, or <IRI>)"),
    ] = None,
) -> None:
    """Run a SPARQL query over the union of all report graphs (saved ones are in queries/)."""
    from graph import sparql as sp
    from graph.store import open_store

    text = sp.query_text(sparql)
    bindings = dict(sp.parse_binding(b) for b in bind or [])
    s = open_store(store, read_only=True)
    try:
        res = sp.run_text(s, text, bindings)
    finally:
        s.close()
    if fmt == "json":
        sys.stdout.write(sp.to_json(res) + "\n")
    elif fmt == "csv":
        sys.stdout.write(sp.to_csv(res))
    elif fmt == "tsv":
        sys.stdout.write(sp.to_tsv(res))
    elif res.kind == "ask":
        print("true" if res.boolean else "false")
    elif res.kind == "graph":
        sys.stdout.write(sp.to_turtle(res))
    else:
        from rich.table import Table

        t = Table(*res.vars, show_lines=False)
        for row in res.rows:
            t.add_row(*(sp.short(x) for x in row))
        _console().print(t)
        _console(stderr=True).print(f"{len(res.rows)} rows")


def _complete_name(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion of entity names from the store named by --store (if given before)."""
    from graph.lookup import complete_names
    from graph.store import open_store

    try:
        with contextlib.closing(open_store(ctx.params.get("store"), read_only=True)) as s:
            return complete_names(s, incomplete)
    except Exception:  # completion must never break the user's shell
        return []


NameArg = Annotated[
    str,
    typer.Argument(help="an entity's name, alias or IRI", autocompletion=_complete_name, show_default=False),
]


def _print_json(data) -> None:
    import json

    print(json.dumps(data, ensure_ascii=False, indent=1))


@app.command()
def neighbors(
    name: NameArg,
    depth: Annotated[int, typer.Option("--depth", "-d", min=1, max=6, help="hops to walk")] = 1,
    relation: Annotated[
        list[Relation] | None,
        typer.Option("--relation", "-r", help="follow only these relations (repeatable)"),
    ] = None,
    direction: Annotated[
        Direction,
        typer.Option("--direction", help="follow relations stated from (out) or to (in) each entity"),
    ] = Direction.both,
    classes: Annotated[
        list[EntityClass] | None,
        typer.Option("--type", "-t", help="show only neighbors of these classes (repeatable)"),
    ] = None,
    store: StoreOpt = None,
    fmt: Annotated[WalkFormat, typer.Option("--format", "-f")] = WalkFormat.tree,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            min=1,
            help="show at most this many relations; the rest are counted, further hops not walked",
        ),
    ] = None,
) -> None:
    """The entity named NAME and everything within --depth hops, with relation, direction and evidence."""
    from graph import show
    from graph.lookup import lookup
    from graph.store import open_store
    from graph.walk import bounded_neighbourhood, of_types, with_ancestors

    with contextlib.closing(open_store(store, read_only=True)) as s:
        root = lookup(s, name)
        walk = bounded_neighbourhood(
            s, root, depth, [r.value for r in relation or ()], direction.value, limit=limit
        )
    steps = walk.steps
    wanted = of_types(steps, [c.value for c in classes or ()])
    if fmt == "json":
        data = show.neighbourhood_data(root, wanted)
        if limit is not None:
            data["limit"] = {"limit": limit, "left_out": walk.left_out, "hops_walked": walk.hops_walked}
        _print_json(data)
        return
    if fmt == "table":
        _console().print(show.neighbourhood_table(root, wanted))
    else:
        _console().print(
            show.neighbourhood_tree(root, with_ancestors(steps, wanted), wanted), soft_wrap=False
        )
    if walk.left_out or (limit is not None and walk.hops_walked < depth and len(steps) >= limit):
        _console(stderr=True).print(
            show.limit_note(limit, len(steps), walk.left_out, walk.hops_walked, depth)
        )


@app.command()
def timeline(
    name: NameArg,
    store: StoreOpt = None,
    fmt: Annotated[TimelineFormat, typer.Option("--format", "-f")] = TimelineFormat.table,
) -> None:
    """What the reports say of NAME — stages, amounts — in date order, with evidence and report."""
    from graph import show
    from graph.lookup import lookup
    from graph.store import open_store
    from graph.timeline import timeline as entries_of

    with contextlib.closing(open_store(store, read_only=True)) as s:
        entity = lookup(s, name)
        entries = entries_of(s, entity)
    if fmt == "json":
        _print_json(show.timeline_data(entity, entries))
    else:
        _console().print(show.timeline_table(entity, entries))


@app.command()
def path(
    start: NameArg,
    goal: NameArg,
    most: Annotated[int, typer.Option("--max", "-m", min=1, help="show at most this many paths")] = 3,
    store: StoreOpt = None,
    fmt: Annotated[PathFormat, typer.Option("--format", "-f")] = PathFormat.text,
) -> None:
    """The shortest chains of relations between two entities, each hop with its evidence."""
    from graph import show
    from graph.lookup import lookup
    from graph.store import open_store
    from graph.walk import MAX_PATH_HOPS, shortest_paths

    with contextlib.closing(open_store(store, read_only=True)) as s:
        a, b = lookup(s, start), lookup(s, goal)
        paths = shortest_paths(s, a, b, most)
    if not paths:
        raise KgError(f"no chain of relations links {a.label} and {b.label} (searched {MAX_PATH_HOPS} hops)")
    if fmt == "json":
        _print_json(show.paths_data(a, b, paths))
    else:
        _console().print(show.paths_view(a, b, paths), soft_wrap=False)


@app.command()
def viz(
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write")] = Path("kg-out/graph.html"),
    focus: Annotated[
        str | None,
        typer.Option("--focus", help="only the neighbourhood of this entity", autocompletion=_complete_name),
    ] = None,
    depth: Annotated[int, typer.Option("--depth", "-d", min=1, max=6)] = 2,
    store: StoreOpt = None,
) -> None:
    """Write the interactive HTML network (works offline)."""
    from graph.lookup import find_entity
    from graph.store import open_store
    from graph.views import entity_graph
    from viz.html import neighbourhood, write_html

    if out.is_dir():
        raise KgError(f"{out} is a directory: give a file name for --out")
    s = open_store(store, read_only=True)
    try:
        g = entity_graph(s)
    finally:
        s.close()
    node = find_entity(g, focus) if focus else None
    if node:
        g = neighbourhood(g, node, depth)
    path = write_html(g, out, focus=node)
    _console().print(f"wrote {path} ({g.number_of_nodes()} entities, {g.number_of_edges()} relations)")


@app.command()
def export(
    fmt: Annotated[
        ExportFormat,
        typer.Option("--format", "-f"),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out", "-o", help="file to write (csv: a folder, gets entities.csv and relations.csv)"
        ),
    ],
    store: StoreOpt = None,
) -> None:
    """Write the whole graph: RDF (ttl, trig, nt, nq, jsonld), a network (graphml, gexf) or tables (csv)."""
    from graph.export import export as run_export
    from graph.store import open_store
    from viz.drawing import drawing

    s = open_store(store, read_only=True)
    try:
        paths = run_export(s, fmt.value, out, draw=drawing)
    finally:
        s.close()
    _console(stderr=True).print("wrote " + ", ".join(map(str, paths)))


@app.command()
def serve(
    host: Annotated[
        str, typer.Option("--host", help="address to listen on (loopback by default)")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", min=0, max=65535, help="0 picks a free port")] = 7879,
    store: StoreOpt = None,
    timeout: Annotated[
        float,
        typer.Option("--timeout", min=0.1, help="seconds a query may run before it is stopped (HTTP 503)"),
    ] = 30.0,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            max=64,
            help="queries answered at once, each in a process of its own (a quarter may run long)",
        ),
    ] = 8,
    memory: Annotated[
        int, typer.Option("--memory", min=64, help="megabytes a query's process may use before it is stopped")
    ] = 2048,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-host",
            help="also answer requests naming this host (a proxy's or LAN name; '*' for any); repeatable",
        ),
    ] = None,
    cors: Annotated[
        list[str] | None,
        typer.Option(
            "--cors",
            help="let pages of this origin (http://host:port) read answers from script ('*': any); repeatable",
        ),
    ] = None,
    queries: Annotated[
        Path | None,
        typer.Option(
            "--queries", help="folder of saved .rq queries the query page lists (default: queries/)"
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="do not log requests")] = False,
) -> None:
    """Serve a read-only SPARQL 1.1 endpoint at /sparql, a query page at / and the HTML graph at /graph."""
    from endpoint.server import serve as run_server
    from graph.store import open_store, resolve_spec

    s = open_store(store, read_only=True)
    try:
        run_server(
            s,
            host,
            port,
            spec=resolve_spec(store),
            timeout=timeout,
            quiet=quiet,
            workers=workers,
            memory_mb=memory,
            allow_hosts=allow_host or (),
            cors=cors or (),
            queries=queries,
            say=lambda line: print(line, flush=True),
        )
    finally:
        s.close()


@app.command()
def stats(
    store: StoreOpt = None,
    top: Annotated[
        int, typer.Option("--top", min=1, help="rows in each ranking (largest reports, most connected …)")
    ] = 10,
    per_report: Annotated[
        bool, typer.Option("--per-report", help="instead: one row per report, its entities and relations")
    ] = False,
    fmt: Annotated[StatsFormat, typer.Option("--format", "-f")] = StatsFormat.table,
) -> None:
    """Counts per class and relation (in the store, and per report), the largest reports, the most
    connected entities, organizations shared by several strategies, and weakly connected components."""
    from graph import show
    from graph.stats import collect
    from graph.store import open_store

    with contextlib.closing(open_store(store, read_only=True)) as s:
        st = collect(s, top)
    if fmt == "json":
        _print_json(show.stats_data(st, top))
    elif per_report:
        _console().print(show.per_report_view(st))
    else:
        _console().print(show.stats_view(st, top))


@app.command("eval")
def eval_(
    gold: GoldOpt,
    paths: Annotated[
        list[Path] | None, typer.Argument(help="report files or folders (default: seeds/)")
    ] = None,
    model: ModelOpt = None,
    cv: Annotated[
        bool,
        typer.Option("--cv", help="grouped cross-validation: train on all collections but one, score it"),
    ] = False,
    curve: Annotated[
        str | None,
        typer.Option(
            "--curve", help="with --cv: the learning curve at these numbers of reports, e.g. 5,10,20"
        ),
    ] = None,
    in_sample: Annotated[
        bool, typer.Option("--in-sample", help="with --cv: also the figure on the reports trained on")
    ] = False,
    thresholds: Annotated[
        str | None,
        typer.Option(
            "--thresholds",
            help="with --cv: also score these name and relation thresholds, e.g. 0.6,0.7,0.8:0.4,0.5, "
            "and choose them per collection on the others (nested)",
        ),
    ] = None,
    boosting: Annotated[
        str | None,
        typer.Option(
            "--boosting",
            help="with --cv: also score these boosting settings (rounds/learning rate/leaves) of the name "
            "and relation decisions, e.g. 60/0.03/7,100/0.1/15:60/0.03/7, and choose per collection (nested)",
        ),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="missed and extra items per report")
    ] = False,
) -> None:
    """Precision, recall and F1 of entities and relations against gold annotations (the reference
    scorer's rules); with --cv, of models trained without the collection scored."""
    from graph import show_scores as show

    paths = paths or [Path("seeds")]
    for p in [*gold, *paths]:
        if not p.exists():
            raise KgError(f"{p}: no such file or directory")
    out = _console()
    if cv:
        from training.corpus import load_annotated
        from training.crossval import cross_validate, learning_curve, score
        from training.fit import fit

        grid = _grid(thresholds, boosting) if thresholds or boosting else None
        err = _console(stderr=True)
        examples = load_annotated(gold, paths)
        res = cross_validate(examples, progress=lambda m: err.print(f"  {m}"), grid=grid)
        if verbose:
            show.print_misses(out, res.docs)
        show.print_crossval(out, res)
        if grid:
            show.print_grid(out, res)
        if curve:
            sizes = sorted({int(x) for x in curve.split(",") if x.strip()})
            show.print_curve(out, learning_curve(examples, sizes, progress=lambda m: err.print(f"  {m}")))
        if in_sample:
            docs = score(examples, fit(examples))
            show.print_scores(
                out, docs, title="IN-SAMPLE (scored on the reports trained on: memory, not skill)"
            )
        return
    if curve or in_sample or thresholds or boosting:
        raise KgError("--curve, --in-sample, --thresholds and --boosting go with --cv")
    from graph.evaluate import evaluate
    from loaders.model import load_model

    m = load_model(str(model) if model else None)
    docs, skipped = [], []
    for g in gold:
        res = evaluate(g, paths, m)
        docs += res.docs
        skipped += res.skipped
    if not docs:
        raise KgError("no report with gold annotations found among the given paths")
    if verbose:
        show.print_misses(out, docs)
    trained = {d for ids in m.meta.get("trained_on", {}).values() for d in ids}
    seen = sum(1 for d in docs if d.doc in trained)
    for line in skipped:
        out.print(f"skipped: {line}")
    show.print_scores(out, docs)
    if seen:
        out.print(
            f"in-sample: {seen} of these {len(docs)} reports were used to train the model; "
            "`kg eval --cv` gives the figure on reports it has not seen"
        )


def _grid(thresholds: str | None, boosting: str | None):
    """`--thresholds 0.6,0.7:0.4,0.5` and `--boosting 60/0.03/7:60/0.03/7,100/0.1/15` as a
    `training.crossval.Grid` (the settings' own values are added to every axis when it is scored)."""
    from training.crossval import Grid
    from training.fit import Boosting

    names, relations = _pair("--thresholds", thresholds, float, "0.6,0.7:0.4,0.5")
    if not all(0 <= x <= 1 for x in names + relations):
        raise KgError(f"--thresholds {thresholds!r}: between 0 and 1")
    nb, rb = _pair("--boosting", boosting, Boosting.parse, "60/0.03/7,100/0.1/15:60/0.03/7")
    return Grid(tuple(nb), tuple(rb), tuple(names), tuple(relations))


def _pair(option: str, text: str | None, parse, example: str) -> tuple[list, list]:
    """`a,b:c` -> ([a, b], [c]) parsed, for the name and the relation decision; ([], []) when not given."""
    if text is None:
        return [], []
    try:
        names, relations = ([parse(x) for x in part.split(",") if x.strip()] for part in text.split(":"))
    except ValueError:
        raise KgError(
            f"{option} {text!r}: the name decision's, a colon, the relation decision's, e.g. {example}"
        ) from None
    if not names or not relations:
        raise KgError(f"{option} {text!r}: at least one of each, e.g. {example}")
    return names, relations


@app.command()
def train(
    gold: GoldOpt,
    paths: Annotated[
        list[Path] | None, typer.Argument(help="report files or folders holding the annotated reports")
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="the model file to write")] = Path("kg-model.kgm"),
) -> None:
    """Train the extractor's model on annotated reports (deterministic: the same input gives the same file);
    use it with `kg build --model FILE`."""
    from training.corpus import load_annotated
    from training.fit import fit

    paths = paths or [Path("seeds")]
    for p in [*gold, *paths]:
        if not p.exists():
            raise KgError(f"{p}: no such file or directory")
    if out.is_dir():
        raise KgError(f"{out}: is a folder; give the model file's path")
    if not out.parent.exists():
        raise KgError(f"{out.parent}: no such folder")
    err = _console(stderr=True)
    examples = load_annotated(gold, paths)
    err.print(f"training on {len(examples)} annotated reports")
    # what it was trained from, as a command that trains it again (any --out gives the same bytes)
    command = " ".join(["kg train", *(f"--gold {g}" for g in gold), *map(str, paths)])
    model = fit(examples, progress=lambda m: err.print(f"  {m}"), note={"command": command})
    model.save(out)
    groups = ", ".join(f"{g} {len(ids)}" for g, ids in model.meta["trained_on"].items())
    _console().print(f"model: {out}  trained on {len(examples)} reports ({groups})")


kghelp.use_for_commands(app)


def main() -> None:
    try:
        # without standalone mode, typer returns (not raises) the code of `typer.Exit` and of Ctrl-C
        code = app(standalone_mode=False)
        if code == 130:
            print("kg: interrupted", file=sys.stderr)
        sys.exit(code if isinstance(code, int) else 0)
    except KgError as exc:
        if _state["debug"]:
            raise
        print(f"kg: error: {exc}", file=sys.stderr)
        sys.exit(1)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        print("kg: aborted", file=sys.stderr)
        sys.exit(130)
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:  # usage errors and anything unexpected: one line, no traceback
        if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):  # click's (typer's) usage errors
            _usage_error(exc)
        if _state["debug"]:
            raise
        print(f"kg: error: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}", file=sys.stderr)
        sys.exit(1)


def _usage_error(exc) -> None:
    """A usage error as one line (the help text itself when `kg` is run with no arguments)."""
    if type(exc).__name__ == "NoArgsIsHelpError":
        exc.show()
    else:
        ctx = getattr(exc, "ctx", None)
        hint = f" (see {ctx.command_path} --help)" if ctx is not None else ""
        print(f"kg: error: {' '.join(exc.format_message().split())}{hint}", file=sys.stderr)
    sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
