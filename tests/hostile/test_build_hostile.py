"""Hostile folders at `kg build`: a store folder that is another program's database, links out of the
input tree, noise posing as a report, a tree deeper than a path may be, a build killed with its workers
running, and a disk that fills up during a bulk load.

Each test checks the exit status, the one line on stderr, and that what the store (or the folder
given as one) held is still there.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import shutil
import signal
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.store import MARKER, OxigraphStore
from tests.conftest import ROOT, SEEDS, SHARED, seed
from tests.hostile.test_cli_hostile import run_kg


def _files(folder: Path) -> dict[str, str]:
    """Every file under `folder` by relative path, with a hash of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _reports(store: Path) -> set[str]:
    """The source file names of the reports in `store`."""
    s = OxigraphStore(store, read_only=True)
    try:
        rows = s.query("SELECT ?src WHERE { GRAPH ?g { ?g dcterms:source ?src } }").rows
    finally:
        s.close()
    return {str(r[0]) for r in rows}


def _one_error(err: str, expected: str) -> str:
    """The one line of a failed command: it says `expected`, and nothing else was printed."""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: error: "), err
    assert expected in lines[0], err
    assert "Traceback" not in err
    return lines[0]


# ---------------------------------------------------------------- another program's RocksDB folder

_OPTIONS = """\
# This is a RocksDB option file.
#
# For detailed file format spec, please refer to the example file
# in examples/rocksdb_option_file_example.ini
#

[Version]
  rocksdb_version=8.10.0
  options_file_version=1.1

[DBOptions]
  create_if_missing=true

[CFOptions "default"]
  comparator=leveldb.BytewiseComparator

[TableOptions/BlockBasedTable "default"]
  block_size=4096

[CFOptions "users"]
  comparator=leveldb.BytewiseComparator

[TableOptions/BlockBasedTable "users"]
  block_size=4096

[CFOptions "sessions"]
  comparator=leveldb.BytewiseComparator
"""


def _imitated_rocksdb(folder: Path) -> Path:
    """A folder laid out as a RocksDB database with other column families than Oxigraph's."""
    folder.mkdir()
    (folder / "CURRENT").write_text("MANIFEST-000004\n")
    (folder / "IDENTITY").write_text("5d1f0c8e-2b7a-4d8e-9a41-1c2f3e4d5a6b\n")
    (folder / "MANIFEST-000004").write_bytes(bytes(range(256)))
    (folder / "OPTIONS-000005").write_text(_OPTIONS)
    (folder / "000003.log").write_bytes(b"")
    return folder


@pytest.mark.parametrize(
    "args",
    [
        ["build", str(seed("004")), "--store", "{db}"],
        ["query", "ASK {}", "--store", "{db}"],
        ["stats", "--store", "{db}"],
        ["serve", "--port", "0", "--store", "{db}"],
    ],
    ids=["build", "query", "stats", "serve"],
)
def test_another_programs_rocksdb_folder_is_refused_and_left_as_it_was(args, tmp_path, capsys):
    db = _imitated_rocksdb(tmp_path / "db")
    before = _files(db)
    code, _, err = run_kg([a.replace("{db}", str(db)) for a in args], capsys)
    assert code == 1
    _one_error(err, "another program's RocksDB database, not a kg store")
    assert _files(db) == before


def test_a_real_rocksdb_database_still_opens_for_its_owner_after_kg_build(tmp_path, capsys):
    rocksdict = pytest.importorskip("rocksdict")
    path = str(tmp_path / "db")
    opts = rocksdict.Options()
    opts.create_if_missing(True)
    db = rocksdict.Rdict(path, opts)
    users = db.create_column_family("users", rocksdict.Options())
    users[b"alice"] = b"admin"
    users.close()
    db.close()
    before = _files(tmp_path / "db")

    code, _, err = run_kg(["build", str(seed("004")), "--store", path], capsys)
    assert code == 1
    _one_error(err, "another program's RocksDB database")
    assert _files(tmp_path / "db") == before
    db = rocksdict.Rdict(path, column_families={"users": rocksdict.Options()})
    try:
        assert db.get_column_family("users")[b"alice"] == b"admin"
    finally:
        db.close()


def test_a_store_made_before_the_marker_is_recognised_and_marked_by_a_build(tmp_path, capsys, seed_store):
    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    (store / MARKER).unlink()  # as an earlier version of kg left it

    code, out, err = run_kg(["query", "ASK { ?s ?p ?o }", "--store", str(store)], capsys)
    assert (code, out.strip()) == (0, "true"), err
    assert not (store / MARKER).exists()  # reading writes nothing

    code, out, err = run_kg(["build", str(seed("004")), "--store", str(store)], capsys)
    assert code == 0, err
    assert (store / MARKER).exists()
    assert _reports(store) == {p.name for p in SEEDS.glob("*.txt")}


def test_a_folder_with_a_marker_that_is_not_kgs_is_refused(tmp_path, capsys):
    folder = tmp_path / "other"
    folder.mkdir()
    (folder / MARKER).write_text('{"format": "something else"}')
    before = _files(folder)
    code, _, err = run_kg(["build", str(seed("004")), "--store", str(folder)], capsys)
    assert code == 1
    _one_error(err, "not a kg store")
    assert _files(folder) == before


def test_a_new_store_is_marked(tmp_path, capsys):
    code, _, err = run_kg(["build", str(seed("004")), "--store", str(tmp_path / "new")], capsys)
    assert code == 0, err
    assert (tmp_path / "new" / MARKER).is_file()


# ---------------------------------------------------------------- a disk that fills up in a bulk load


class _FillingDisk:
    """Stands for pyoxigraph's store: its bulk loads write a table file, then meet a full disk."""

    def __init__(self, store, folder: Path) -> None:
        self._store, self._folder = store, folder

    def bulk_load(self, *args, **kwargs) -> None:
        (self._folder / "bulk-123.sst").write_bytes(b"\0" * 4096)
        raise OSError(
            f"IO error: No space left on device: While appending to file: {self._folder}/bulk-123.sst:"
            " No space left on device"
        )

    def __getattr__(self, name: str):
        return getattr(self._store, name)


def test_a_bulk_load_that_fails_removes_its_table_files(tmp_path, capsys, fresh_store, monkeypatch):
    opened = OxigraphStore._open

    def filling(self):
        store = opened(self)
        return store if self.read_only else _FillingDisk(store, self.path)

    monkeypatch.setattr(OxigraphStore, "_open", filling)
    (fresh_store / "bulk-9.sst").write_bytes(b"not ours")  # there before: not the loader's to delete
    before = _reports(fresh_store)
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(seed("001"), folder / "new.txt")

    code, _, err = run_kg(["build", str(folder), "--store", str(fresh_store)], capsys)
    assert code == 1
    _one_error(err, "the disk is full")
    assert sorted(p.name for p in fresh_store.glob("bulk-*.sst")) == ["bulk-9.sst"]
    monkeypatch.undo()
    assert _reports(fresh_store) == before


@pytest.fixture()
def tiny_disk(tmp_path):
    """A 1 MB tmpfs (root only, where mounting is allowed)."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    try:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        pytest.skip("cannot mount a tmpfs here")
    if done.returncode:
        pytest.skip("cannot mount a tmpfs here (not root, or not allowed)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False, timeout=30)


def test_a_build_on_a_full_disk_leaves_no_bulk_files(tiny_disk, tmp_path, capsys):
    store = tiny_disk / "store"
    code, _, err = run_kg(["build", str(seed("004")), "--store", str(store)], capsys)
    assert code == 0, err
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(6):  # ~25,000 triples in one bulk load: more than the disk holds
        for p in SEEDS.glob("*.txt"):
            shutil.copy(p, folder / f"c{i}_{p.name}")

    code, _, err = run_kg(["build", str(folder), "--store", str(store)], capsys)
    assert code == 1
    _one_error(err, "No space left on device")
    assert list(store.glob("bulk-*.sst")) == []
    assert _reports(store) == {seed("004").name}


# ---------------------------------------------------------------- a parallel build killed with -9


def _parents() -> dict[int, int]:
    """Every process's parent, from /proc."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:  # ended meanwhile
                continue
            parents[int(entry)] = int(stat[stat.rindex(")") + 2 :].split()[1])
    return parents


def _descendants(pid: int) -> set[int]:
    parents = _parents()
    found, todo = set(), [pid]
    while todo:
        p = todo.pop()
        children = {c for c, parent in parents.items() if parent == p} - found
        found |= children
        todo.extend(children)
    return found


def _running(pid: int) -> bool:
    """Alive, and not a zombie waiting to be reaped (a container's init may never reap it)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the processes in /proc")
def test_the_workers_of_a_killed_parallel_build_end_with_it(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(12):  # 60 reports: seconds of work for two workers
        for p in SEEDS.glob("*.txt"):
            shutil.copy(p, folder / f"c{i:02d}_{p.name}")
    build = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "kg.py"),
            "build",
            str(folder),
            "--jobs",
            "2",
            "--store",
            str(tmp_path / "s"),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        # the forkserver, two workers (its children) and multiprocessing's resource tracker
        while len(kids := _descendants(build.pid)) < 4:
            assert build.poll() is None, "the build ended before it could be killed"
            assert time.monotonic() < deadline, f"the build did not start its workers: {kids}"
            time.sleep(0.1)
        time.sleep(1)  # into the extraction
        kids = _descendants(build.pid)
    finally:
        build.kill()
        build.wait()
    deadline = time.monotonic() + 15
    while (left := {k for k in kids if _running(k)}) and time.monotonic() < deadline:
        time.sleep(0.2)
    for k in left:  # do not leave them to the next tests
        with contextlib.suppress(OSError):
            os.kill(k, signal.SIGKILL)
    assert not left, f"still running 15 s after the build was killed: {sorted(left)}"


# ---------------------------------------------------------------- links out of the input folder


def _skipped(err: str) -> list[str]:
    lines = err.strip().splitlines()
    assert "Traceback" not in err
    assert all(ln.startswith("kg: skipped: ") for ln in lines), err
    return lines


def test_a_link_out_of_the_folder_is_not_followed(tmp_path, capsys, fresh_store):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    secret = outside / "secret.txt"
    shutil.copy(seed("004"), secret)  # would build fine: only the link keeps it out
    (outside / "more").mkdir()
    shutil.copy(seed("000"), outside / "more" / "also.txt")
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(seed("001"), folder / "good.txt")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "secret.txt").symlink_to(secret)
    (folder / "more").symlink_to(outside / "more")
    (folder / "again.txt").symlink_to(folder / "good.txt")  # inside: read, as good.txt is
    (folder / "up").symlink_to(folder)  # inside: its files are walked where they are, once
    (folder / "a.txt").symlink_to(folder / "b.txt")  # a loop
    (folder / "b.txt").symlink_to(folder / "a.txt")
    (folder / "gone.txt").symlink_to(tmp_path / "nothing.txt")
    before = _reports(fresh_store)

    code, out, err = run_kg(["build", str(folder), "--store", str(fresh_store)], capsys)
    assert code == 2, err
    lines = _skipped(err)
    outward = [ln for ln in lines if "outside" in ln]
    assert outward == [
        f"kg: skipped: {folder / name}: a link to {target}, outside {folder}: not followed"
        " (--follow-links follows it)"
        for name, target in [
            ("more", outside / "more"),
            ("passwd.txt", "/etc/passwd"),
            ("secret.txt", secret),
        ]
    ]
    broken = sorted(ln for ln in lines if "cannot be followed" in ln)
    assert len(broken) == 3 and "Too many levels of symbolic links" in broken[0], err
    assert "No such file or directory" in broken[2]
    assert len(lines) == 6
    assert "reports: 2" in out
    assert _reports(fresh_store) == before | {"good.txt", "again.txt"}


def test_links_out_of_the_folder_are_followed_when_asked(tmp_path, capsys, fresh_store):
    outside = tmp_path / "elsewhere"
    (outside / "more").mkdir(parents=True)
    shutil.copy(seed("004"), outside / "secret.txt")
    shutil.copy(seed("000"), outside / "more" / "also.txt")
    (outside / "more" / "back").symlink_to(outside)  # a loop through the links followed
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(seed("001"), folder / "good.txt")
    (folder / "secret.txt").symlink_to(outside / "secret.txt")
    (folder / "more").symlink_to(outside / "more")
    before = _reports(fresh_store)

    args = ["build", str(folder), "--follow-links", "--store", str(fresh_store)]
    code, out, err = run_kg(args, capsys)
    assert code == 0, err
    assert "reports: 3" in out
    assert _reports(fresh_store) == before | {"good.txt", "secret.txt", "also.txt"}


# ---------------------------------------------------------------- noise posing as a report


def _noise_after_a_utf16_mark() -> bytes:
    """Random UTF-16 code units, none a surrogate: valid UTF-16, and no language."""
    rng = random.Random(0)
    units = [u for u in (rng.randrange(65536) for _ in range(12000)) if not 0xD800 <= u < 0xE000]
    return b"\xff\xfe" + struct.pack(f"<{len(units)}H", *units)


NOISE = {
    "randbytes.txt": random.Random(0).randbytes(20000),
    "utf16-noise.txt": _noise_after_a_utf16_mark(),
    "codepoints.txt": "".join(chr(random.Random(0).randrange(32, 0x110000)) for _ in range(6000)).encode(
        "utf-8", "surrogatepass"
    ),
    "private-use.html": "".join(
        chr(random.Random(0).randrange(0xE000, 0xF900)) for _ in range(6000)
    ).encode(),
}


def test_noise_is_refused_as_not_text_and_the_good_report_beside_it_goes_in(tmp_path, capsys, fresh_store):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(seed("001"), folder / "good.txt")
    for name, data in NOISE.items():
        (folder / name).write_bytes(data)
    before = _reports(fresh_store)

    code, out, err = run_kg(["build", str(folder), "--store", str(fresh_store)], capsys)
    assert code == 2, err
    lines = _skipped(err)
    assert len(lines) == len(NOISE)
    for name in NOISE:
        (line,) = [ln for ln in lines if ln.startswith(f"kg: skipped: {folder / name}: ")]
        assert line.endswith("not a text report"), line
    assert "reports: 1" in out
    assert _reports(fresh_store) == before | {"good.txt"}


def test_one_noise_file_is_one_error(tmp_path, capsys, fresh_store):
    (tmp_path / "r.txt").write_bytes(NOISE["utf16-noise.txt"])
    before = _reports(fresh_store)
    code, _, err = run_kg(["build", str(tmp_path / "r.txt"), "--store", str(fresh_store)], capsys)
    assert code == 1
    _one_error(err, "r.txt: not text: ")
    assert _reports(fresh_store) == before


def _real_reports() -> list[Path]:
    dev = SHARED / "corpus" / "dev"
    real = sorted(SEEDS.glob("*.txt"))
    if dev.is_dir():
        real += sorted(p for p in dev.iterdir() if p.suffix in (".txt", ".html", ".htm", ".md"))
    return real


@pytest.mark.parametrize("path", _real_reports(), ids=lambda p: p.name)
def test_real_reports_are_text(path):
    from loaders.read import read

    assert read(path).raw


# ---------------------------------------------------------------- a tree deeper than a path may be

_LEVEL = "d" * 250
_DEPTH = 20  # 5 kB of path: more than PATH_MAX (4096)


def _deep_tree(folder: Path) -> None:
    """`folder/d…/d…/…` 20 levels deep, made through folder handles (a path cannot reach the bottom),
    with a report at the bottom."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for _ in range(_DEPTH):
            os.mkdir(_LEVEL, dir_fd=fd)
            inner = os.open(_LEVEL, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = inner
        report = os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(report, seed("004").read_bytes())
        os.close(report)
    finally:
        os.close(fd)


def _remove(parent_fd: int, name: str) -> None:
    """Delete the folder `name` in the folder open as `parent_fd`, however deep it goes."""
    fd = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=parent_fd)
    try:
        for entry in os.scandir(fd):
            if entry.is_dir(follow_symlinks=False):
                _remove(fd, entry.name)
            else:
                os.unlink(entry.name, dir_fd=fd)
    finally:
        os.close(fd)
    os.rmdir(name, dir_fd=parent_fd)


def test_a_tree_deeper_than_a_path_may_be_is_passed_over(tmp_path, capsys, fresh_store):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(seed("001"), folder / "good.txt")
    _deep_tree(folder)
    before = _reports(fresh_store)
    try:
        code, out, err = run_kg(["build", str(folder), "--store", str(fresh_store)], capsys)
    finally:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            _remove(fd, _LEVEL)
        finally:
            os.close(fd)
    assert code == 2, err  # built, with a path passed over
    (line,) = _skipped(err)
    assert line.startswith(f"kg: skipped: {folder}/ddd") and "characters)…ddd" in line  # cut short
    assert line.endswith(": cannot be listed (File name too long), passed over")
    assert len(line) < 400
    assert "reports: 1" in out
    assert _reports(fresh_store) == before | {"good.txt"}
