"""Hostile and broken input at the command line, as one table.

Each case sets up files, runs `kg` (its real `main`, in process: the same one-line error handling a
shell sees, without a process start per case), and checks the exit status, the line on stderr, and the
store: unchanged where the command must not touch it, or holding exactly what was good.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import random
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import kg
from graph.build import report_iri
from graph.store import OxigraphStore
from kgerrors import KgError
from ontology.terms import REPORT_BASE
from tests.conftest import ROOT, seed

Setup = Callable[[Path], None]


@dataclass
class Case:
    id: str
    args: list[str]  # "{store}" is the seeds' store (a private copy), "{tmp}" the case's folder
    code: int
    message: str  # found on stderr (for errors: the one line after "kg: error: ")
    setup: Setup | None = None
    unchanged: bool = True  # the store's content is exactly what it was
    new_graphs: tuple[str, ...] = ()  # reports the command must have added (and nothing else changed)
    stdout: str = ""  # found on stdout
    hold: bool = False  # another process holds the store for writing while the command runs
    skipped: int = 0  # "kg: skipped:" lines expected


# ---------------------------------------------------------------- files the cases are made of


def _write(name: str, data: bytes | str) -> Setup:
    def setup(tmp: Path) -> None:
        p = tmp / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

    return setup


def _seed_as(name: str, prefix: str) -> Setup:
    return _write(name, seed(prefix).read_bytes())


def _all(*setups: Setup) -> Setup:
    def setup(tmp: Path) -> None:
        for s in setups:
            s(tmp)

    return setup


def _sparse(name: str, size: int) -> Setup:
    def setup(tmp: Path) -> None:
        with open(tmp / name, "wb") as f:
            f.truncate(size)

    return setup


def _corrupt_store(tmp: Path) -> None:
    (tmp / "broken").mkdir()
    (tmp / "broken" / "CURRENT").write_text("MANIFEST-999999\n")


def _long_text(tmp: Path) -> None:
    """30 MB of text without markup: far more than a report may have."""
    line = "市中区加快推进济南中央活力区建设，" * 700 + "。\n"
    (tmp / "r.txt").write_text(line * 860, encoding="utf-8")


_rng = random.Random(7)
UNDECODABLE = bytes(_rng.randrange(128, 256) for _ in range(3000))
# rich markup and HTML, a newline, bytes that are not UTF-8
HOSTILE_NAMES = [
    "[bold]<img src=x onerror=alert(1)>.txt",
    "evil\nname.txt",
    os.fsdecode(b"\xff\xfe-latin1.txt"),
]

CASES = [
    # missing, empty, binary and undecodable reports: refused, the store untouched
    Case("missing path", ["build", "{tmp}/nope"], 1, "no such file or directory"),
    Case(
        "folder without reports",
        ["build", "{tmp}/empty"],
        1,
        "no report files",
        setup=_write("empty/x.pdf", b""),
    ),
    Case("empty file", ["build", "{tmp}/r.txt"], 1, "r.txt: empty file", setup=_write("r.txt", b"")),
    Case("blank file", ["build", "{tmp}/r.txt"], 1, "empty file", setup=_write("r.txt", " \n\t\r\n\u3000")),
    Case("/dev/null", ["build", "/dev/null"], 1, "/dev/null: not a regular file"),
    Case(
        "a named pipe",
        ["build", "{tmp}/r.txt"],
        1,
        "not a regular file",
        setup=lambda tmp: os.mkfifo(tmp / "r.txt"),
    ),
    Case(
        "PDF named .txt",
        ["build", "{tmp}/r.txt"],
        1,
        "binary file (PDF)",
        setup=_write("r.txt", b"%PDF-1.7\n\xe2"),
    ),
    Case(
        "PNG named .txt",
        ["build", "{tmp}/r.txt"],
        1,
        "binary file (PNG)",
        setup=_write("r.txt", b"\x89PNG\r\n"),
    ),
    Case(
        "ELF named .txt",
        ["build", "{tmp}/r.txt"],
        1,
        "binary file (ELF",
        setup=_write("r.txt", b"\x7fELF\x02"),
    ),
    Case("NUL bytes", ["build", "{tmp}/r.txt"], 1, "binary", setup=_write("r.txt", bytes(range(256)) * 40)),
    Case(
        "control bytes",
        ["build", "{tmp}/r.txt"],
        1,
        "binary",
        setup=_write("r.txt", b"\x01\x02\x1b[0m ab" * 200),
    ),
    Case("undecodable bytes", ["build", "{tmp}/r.txt"], 1, "encoding", setup=_write("r.txt", UNDECODABLE)),
    Case(
        "broken UTF-16 after its BOM",
        ["build", "{tmp}/r.txt"],
        1,
        "byte-order mark but is not valid utf-16-le",
        setup=_write("r.txt", b"\xff\xfe\x00\xd8A\x00"),
    ),
    Case(
        "33 MB file", ["build", "{tmp}/r.txt"], 1, "larger than the 32 MB", setup=_sparse("r.txt", 33 * 2**20)
    ),
    Case(
        "30 MB of text",
        ["build", "{tmp}/r.txt"],
        1,
        "more than the 200,000 a report may have",
        setup=_long_text,
    ),
    # folders: bad files are skipped, good ones go in, the exit status says so
    Case(
        "folder with a bad file",
        ["build", "{tmp}/in"],
        2,
        "kg: skipped: {tmp}/in/bad.txt: empty file",
        setup=_all(_seed_as("in/ok1.txt", "001"), _seed_as("in/ok2.txt", "004"), _write("in/bad.txt", b"")),
        unchanged=False,
        new_graphs=("ok1.txt", "ok2.txt"),
        stdout="reports: 2",
        skipped=1,
    ),
    Case(
        "folder with only bad files",
        ["build", "{tmp}/in"],
        1,
        "none of the 2 reports could be built",
        setup=_all(_write("in/a.txt", b""), _write("in/b.html", b"\x89PNG\r\n")),
        skipped=2,
    ),
    Case(
        "two reports of one name",
        ["build", "{tmp}/in"],
        2,
        "another report of this build has the same name",
        setup=_all(_seed_as("in/a/r.txt", "001"), _seed_as("in/b/r.txt", "004")),
        unchanged=False,
        new_graphs=("r.txt",),
        skipped=1,
    ),
    Case(
        "hostile file names",
        ["build", "{tmp}/in"],
        0,
        "",
        setup=_all(*(_seed_as(f"in/{n}", "004") for n in HOSTILE_NAMES)),
        unchanged=False,
        new_graphs=("[bold]<img src=x onerror=alert(1)>.txt", "evil\\nname.txt", "\\xff\\xfe-latin1.txt"),
        stdout="reports: 3",
    ),
    # stores that are not stores, or are busy
    Case(
        "store is a file",
        ["build", seed("004"), "--store", "{tmp}/f"],
        1,
        "is a file",
        setup=_write("f", "x"),
    ),
    Case(
        "store is a folder of other files",
        ["build", seed("004"), "--store", "{tmp}/docs"],
        1,
        "not a store",
        setup=_write("docs/notes.txt", "mine"),
    ),
    Case("store held by a build", ["build", seed("004")], 1, "in use by another process", hold=True),
    Case("query a missing store", ["query", "ASK {}", "--store", "{tmp}/none"], 1, "no store at"),
    Case(
        "query a file as store",
        ["query", "ASK {}", "--store", "{tmp}/f"],
        1,
        "is a file",
        setup=_write("f", "x"),
    ),
    Case(
        "query a broken store",
        ["query", "ASK {}", "--store", "{tmp}/broken"],
        1,
        "store",
        setup=_corrupt_store,
    ),
    Case("stats on a missing store", ["stats", "--store", "{tmp}/none"], 1, "no store at"),
    Case("serve a missing store", ["serve", "--store", "{tmp}/none"], 1, "no store at"),
    # queries: malformed, updates in disguise, bound values that try to be query text
    Case("malformed query", ["query", "SELEC ?x"], 1, "malformed SPARQL query"),
    Case("empty query", ["query", "  "], 1, "empty query"),
    Case("DROP ALL as a query", ["query", "DROP ALL"], 1, "updates are refused"),
    Case("INSERT as a query", ["query", "INSERT DATA { <urn:a> <urn:b> <urn:c> }"], 1, "updates are refused"),
    Case("DELETE as a query", ["query", "DELETE WHERE { ?s ?p ?o }"], 1, "updates are refused"),
    Case("missing query file", ["query", "@{tmp}/q.rq"], 1, "no such query file"),
    Case(
        "binary query file",
        ["query", "@{tmp}/q.rq"],
        1,
        "cannot read the query file",
        setup=_write("q.rq", b"\xff\xfe\x00"),
    ),
    Case("unknown format", ["query", "ASK {}", "--format", "xml"], 2, "'xml' is not one of 'table'"),
    Case(
        "a SERVICE that fails",
        ["query", "ASK { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"],
        1,
        "query failed",
    ),
    Case(
        "name bound, not pasted",
        ["query", "SELECT ?e ?name WHERE { ?e rdfs:label ?name }", "--bind", 'name=市中区" } ; DROP ALL ; #'],
        1,
        "no entity is named",
    ),
    Case(
        "IRI bound, not pasted",
        ["query", "SELECT ?e WHERE { ?e ?p ?o }", "--bind", "e=<http://x> } DROP ALL {>"],
        1,
        "not an IRI",
    ),
    Case("neighbors of an injection", ["neighbors", '市中区" } ; DROP ALL ; #'], 1, "no entity named"),
    Case("neighbors of a fake IRI", ["neighbors", "id:x> } DROP ALL {"], 1, "no entity named"),
    Case("neighbors of nothing", ["neighbors", " “” "], 1, "no name given"),
    Case("path to nowhere", ["path", "市中区", "不存在的地方"], 1, "no entity named '不存在的地方'"),
    # outputs that cannot be written
    Case("viz onto a folder", ["viz", "--out", "{tmp}"], 1, "is a directory"),
    Case(
        "export into a missing folder",
        ["export", "--format", "ttl", "--out", "{tmp}/no/x.ttl"],
        1,
        "no such directory",
    ),
    Case(
        "export in an unknown format",
        ["export", "--format", "xyz", "--out", "{tmp}/x"],
        2,
        "'xyz' is not one of 'ttl'",
    ),
    Case("unknown option", ["build", "--jobz", "3"], 2, "No such option"),
]


# ---------------------------------------------------------------- running a case


def _content(path: Path) -> str:
    """What a store holds (its quads, hashed), or the files a folder that is not a store holds."""
    with contextlib.suppress(KgError):  # a broken store is compared file by file
        s = OxigraphStore(path, read_only=True)
        buf = io.BytesIO()
        s.dump("nq", buf)
        s.close()
        return hashlib.sha256(buf.getvalue()).hexdigest()
    if path.is_dir():
        return repr(sorted((p.name, p.read_bytes()) for p in path.rglob("*") if p.is_file()))
    return path.read_text() if path.is_file() else "absent"


def _graph_counts(path: Path) -> dict[str, int]:
    s = OxigraphStore(path, read_only=True)
    rows = s.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g").rows
    s.close()
    # report graphs only: the links between reports are recomputed by every build
    return {str(g): int(n) for g, n in rows if str(g).startswith(REPORT_BASE)}


def run_kg(args: list[str], capsys) -> tuple[int, str, str]:
    """`kg ARGS` through its `main`: (exit status, stdout, stderr). Anything but SystemExit escaping
    `main` would have been a traceback."""
    argv, sys.argv = sys.argv, ["kg", *args]
    kg._state["debug"] = False
    try:
        kg.main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.argv = argv
    out, err = capsys.readouterr()
    # a build that lasts prints a progress line every few seconds off a terminal: not what is checked here
    err = "".join(ln for ln in err.splitlines(keepends=True) if not ln.startswith("kg: building: "))
    return code, out, err


class _Holder:
    """Another process with the store open for writing, as a running `kg build` has it."""

    def __init__(self, store: Path) -> None:
        code = "import sys, pyoxigraph; s = pyoxigraph.Store(sys.argv[1]); print('ready', flush=True); sys.stdin.read()"
        self.proc = subprocess.Popen(
            [sys.executable, "-c", code, str(store)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.proc.stdout.readline().strip() == "ready"

    def release(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_input(case: Case, tmp_path, fresh_store, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("KG_STORE", str(fresh_store))
    if case.setup:
        case.setup(tmp_path)
    args = [str(a).replace("{tmp}", str(tmp_path)) for a in case.args]
    watched = [fresh_store] + ([Path(args[args.index("--store") + 1])] if "--store" in args else [])
    before = {p: _content(p) for p in watched}
    counts = _graph_counts(fresh_store)
    holder = _Holder(fresh_store) if case.hold else None
    try:
        code, out, err = run_kg(args, capsys)
    finally:
        if holder:
            holder.release()

    assert code == case.code, err
    assert "Traceback" not in err
    message = case.message.replace("{tmp}", str(tmp_path))
    assert message in err, err
    lines = err.strip().splitlines()
    skipped = [ln for ln in lines if ln.startswith("kg: skipped: ")]
    assert len(skipped) == case.skipped, err
    errors = [ln for ln in lines if ln.startswith("kg: error: ")]
    if code and not case.new_graphs:  # one line saying what went wrong, after any skipped reports
        assert lines == [*skipped, *errors] and len(errors) == 1, err
    else:
        assert errors == [], err
    assert case.stdout in out
    if case.unchanged:
        assert {p: _content(p) for p in watched} == before
    if case.new_graphs:
        after = _graph_counts(fresh_store)
        added = {str(report_iri(n)) for n in case.new_graphs}
        assert set(after) == set(counts) | added
        assert {g: n for g, n in after.items() if g not in added} == counts  # the old reports untouched
