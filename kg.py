"""`kg`: Chinese development reports -> a knowledge graph you can query, look up and look at.

Thin: each command parses its options, calls one library function and prints. Every `KgError`
becomes one line on stderr and exit status 1 (`--debug` shows the traceback).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kgerrors import KgError

app = typer.Typer(
    add_completion=True,
    no_args_is_help=True,
    help="Build a knowledge graph of districts, strategies, projects and organizations from Chinese development reports.",
    pretty_exceptions_enable=False,
)

StoreOpt = Annotated[
    str | None, typer.Option("--store", "-s", help="store directory (default kg-out/store, or $KG_STORE)")
]
_state = {"debug": False}


@app.callback()
def _main(debug: Annotated[bool, typer.Option("--debug", help="show tracebacks")] = False) -> None:
    _state["debug"] = debug


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


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
) -> None:
    """Read reports, extract entities and relations, write one named graph per report into the store."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from graph.ingest import build as run_build
    from graph.ingest import default_jobs, report_files
    from graph.store import open_store

    paths = paths or [Path("seeds")]
    for p in paths:
        if not p.exists():
            raise KgError(f"{p}: no such file or directory")
    files = list(report_files(paths))
    if not files:
        raise KgError(f"no report files in {', '.join(map(str, paths))}")
    s = open_store(store)
    err = _console(stderr=True)
    try:
        with Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[rate]}"),
            console=err,
            transient=True,
            disable=len(files) < 5,
        ) as bar:
            task = bar.add_task("building", total=len(files), rate="")

            def tick(path, summary):
                el = bar.tasks[0].elapsed or 1e-9
                bar.update(task, advance=1, rate=f"{summary.reports / el:.1f} reports/s")

            summary = run_build(files, s, progress=tick, jobs=jobs or default_jobs(len(files)))
    finally:
        s.close()
    for line in summary.skipped:
        err.print(f"skipped: {line}")
    out = _console()
    where = store or "kg-out/store"
    out.print(f"reports: {summary.reports}  store: {where}  triples written: {summary.triples}")
    out.print(
        "entities:  "
        + "  ".join(
            f"{t} {summary.entities.get(t, 0)}" for t in ("District", "Strategy", "Project", "Organization")
        )
    )
    out.print(
        "relations: "
        + "  ".join(
            f"{r} {summary.relations.get(r, 0)}"
            for r in ("hasStrategy", "partOf", "includesProject", "locatedIn", "involves", "cooperatesWith")
        )
    )
    if summary.skipped:
        raise typer.Exit(2)


@app.command()
def query(
    sparql: Annotated[str, typer.Argument(help="a SPARQL 1.1 query, or @file.rq")],
    store: StoreOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv, tsv or json")] = "table",
) -> None:
    """Run a SPARQL query over the union of all report graphs."""
    from graph import sparql as sp
    from graph.store import open_store

    if fmt not in sp.FORMATS:
        raise KgError(f"unknown format {fmt!r}: choose one of {', '.join(sp.FORMATS)}")
    text = sp.query_text(sparql)
    s = open_store(store, read_only=True)
    try:
        res = s.query(text)
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


@app.command()
def neighbors(
    name: Annotated[str, typer.Argument(help="an entity's name or alias")],
    depth: Annotated[int, typer.Option("--depth", "-d", min=1, max=6)] = 1,
    relation: Annotated[
        list[str] | None, typer.Option("--relation", "-r", help="keep only these relations")
    ] = None,
    store: StoreOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json")] = "table",
) -> None:
    """The entity named NAME and everything within --depth hops, with relation, direction and evidence."""
    import json

    from graph.lookup import find_entity, neighbourhood_rows
    from graph.store import open_store
    from graph.views import entity_graph

    s = open_store(store, read_only=True)
    try:
        g = entity_graph(s)
    finally:
        s.close()
    node = find_entity(g, name)
    rows = neighbourhood_rows(g, node, depth, relation)
    if fmt == "json":
        print(
            json.dumps(
                {"entity": {"iri": node, **_node_json(g, node)}, "neighbors": rows},
                ensure_ascii=False,
                indent=1,
            )
        )
        return
    from rich.table import Table

    a = g.nodes[node]
    out = _console()
    out.print(
        f"[bold]{a['label']}[/bold] ({a['type']})"
        + (f"  别名: {'、'.join(a['aliases'])}" if a["aliases"] else "")
    )
    t = Table("hop", "relation", "dir", "neighbor", "type", "evidence", "report")
    for r in rows:
        t.add_row(
            str(r["hop"]),
            r["relation"],
            r["direction"],
            r["label"],
            r["type"],
            r["evidence"][:60],
            r["report"],
        )
    out.print(t)


def _node_json(g, node):
    a = g.nodes[node]
    return {"label": a["label"], "type": a["type"], "aliases": a["aliases"], "reports": a["reports"]}


@app.command()
def viz(
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write")] = Path("kg-out/graph.html"),
    focus: Annotated[
        str | None, typer.Option("--focus", help="only the neighbourhood of this entity")
    ] = None,
    depth: Annotated[int, typer.Option("--depth", "-d", min=1, max=6)] = 2,
    store: StoreOpt = None,
) -> None:
    """Write the interactive HTML network (works offline)."""
    from graph.lookup import find_entity
    from graph.store import open_store
    from graph.views import entity_graph
    from viz.html import neighbourhood, write_html

    s = open_store(store, read_only=True)
    try:
        g = entity_graph(s)
    finally:
        s.close()
    if focus:
        g = neighbourhood(g, find_entity(g, focus), depth)
    path = write_html(g, out)
    _console().print(f"wrote {path} ({g.number_of_nodes()} entities, {g.number_of_edges()} relations)")


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="ttl, trig, nt or nq")],
    out: Annotated[Path, typer.Option("--out", "-o", help="file to write")],
    store: StoreOpt = None,
) -> None:
    """Write the whole graph in a standard format."""
    from graph.export import export as run_export
    from graph.store import open_store

    s = open_store(store, read_only=True)
    try:
        path = run_export(s, fmt, out)
    finally:
        s.close()
    _console(stderr=True).print(f"wrote {path}")


@app.command()
def stats(store: StoreOpt = None) -> None:
    """Counts per class and relation, and the most connected entities."""
    from rich.table import Table

    from graph.stats import summarize
    from graph.store import open_store
    from graph.views import entity_graph

    s = open_store(store, read_only=True)
    try:
        st = summarize(entity_graph(s), len(s.graphs()))
    finally:
        s.close()
    out = _console()
    out.print(
        f"reports: {st.reports}  entities: {sum(st.classes.values())}  relations: {sum(st.relations.values())}"
    )
    t = Table("class", "count")
    for k, v in st.classes.items():
        t.add_row(k, str(v))
    out.print(t)
    t = Table("relation", "count")
    for k, v in st.relations.items():
        t.add_row(k, str(v))
    out.print(t)
    t = Table("most connected", "type", "degree")
    for label, typ, deg in st.top:
        t.add_row(label, typ, str(deg))
    out.print(t)


@app.command("eval")
def eval_(
    gold: Annotated[Path, typer.Option("--gold", "-g", help="gold JSONL file (ANNOTATION.md)")],
    paths: Annotated[
        list[Path] | None, typer.Argument(help="report files or folders (default: seeds/)")
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="missed and extra items per report")
    ] = False,
) -> None:
    """Precision, recall and F1 of entities and relations against gold annotations."""
    from graph.evaluate import RELATION_NAMES, evaluate
    from ontology.terms import ENTITY_TYPES

    paths = paths or [Path("seeds")]
    for p in paths:
        if not p.exists():
            raise KgError(f"{p}: no such file or directory")
    res = evaluate(gold, paths)
    if not res.docs:
        raise KgError("no report with gold annotations found among the given paths")
    out = _console()
    if verbose:
        for d in res.docs:
            out.print(f"--- {d.doc}")
            for k in ("entities_missed", "entities_extra", "relations_missed", "relations_extra"):
                out.print(f"  {k}: {getattr(d, k)}")
    for group, keys in (("entities", ENTITY_TYPES), ("relations", RELATION_NAMES)):
        c = res.total(keys)
        p, r, f = c.prf()
        out.print(f"{group:10s} P={p:.3f} R={r:.3f} F1={f:.3f}  (tp={c.tp} pred={c.pred} gold={c.gold})")
        for k in keys:
            c = res.total([k])
            p, r, f = c.prf()
            out.print(f"  {k:16s} P={p:.3f} R={r:.3f} F1={f:.3f}  (tp={c.tp} pred={c.pred} gold={c.gold})")
    for line in res.skipped:
        out.print(f"skipped: {line}")
    out.print(f"reports={len(res.docs)} entity_f1={res.entity_f1:.3f} relation_f1={res.relation_f1:.3f}")


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
        if hasattr(exc, "show") and hasattr(exc, "exit_code"):  # click's (typer's) usage errors
            exc.show()
            sys.exit(exc.exit_code)
        if _state["debug"]:
            raise
        print(f"kg: error: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
