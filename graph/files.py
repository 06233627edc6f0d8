"""The report files under the paths given to a build: files named directly, and the report files of
folders, walked recursively and sorted.

A walk never stops on what it cannot go into: a folder that cannot be listed (a path longer than the
system allows, no permission) and a link that leads nowhere or in a loop are passed over with one line
each, and the rest is found. Links found in a folder are followed only when they lead inside it (a
link to a file there is read as that file is; a link to a folder there is not walked again), unless
`follow_links`: a link to `/etc/passwd` dropped into a folder of reports must not bring it in. A file
named directly is read wherever it leads: it was asked for.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from loaders.read import shown

REPORT_SUFFIXES = (".txt", ".text", ".htm", ".html", ".md")
_SHOWN_MAX = 200  # a path longer than this is shown with its middle cut out (a tree 4 KB deep)


@dataclass
class FoundReports:
    """What a walk found: the report files, and one line for each path it passed over, saying why."""

    files: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def find_reports(paths: Iterable[str | Path], *, follow_links: bool = False) -> FoundReports:
    """The report files named or under the folders in `paths` (see the module's docstring)."""
    found = FoundReports()
    for p in map(Path, paths):
        try:
            is_dir = p.is_dir()
        except OSError:  # a path too long to look at: reading it says why
            is_dir = False
        if is_dir:
            _walk(p, follow_links, found)
        else:
            found.files.append(p)
    return found


def report_files(paths: Iterable[str | Path], *, follow_links: bool = False) -> Iterator[Path]:
    """The report files `find_reports` finds, without the lines on what it passed over."""
    yield from find_reports(paths, follow_links=follow_links).files


def _walk(root: Path, follow_links: bool, found: FoundReports) -> None:
    inside = os.path.realpath(root)
    files: list[Path] = []
    # the folders entered through links: a link back to one of them would be walked for ever
    entered = {_identity(root)}
    todo = [root]
    while todo:
        folder = todo.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            found.skipped.append(f"{_brief(folder)}: cannot be listed ({_reason(exc)}), passed over")
            continue
        folders: list[Path] = []
        for entry in entries:
            path = Path(entry.path)
            try:
                if entry.is_symlink():
                    _link(path, root, inside, follow_links, entered, files, folders, found)
                elif entry.is_dir(follow_symlinks=False):
                    folders.append(path)
                elif entry.is_file(follow_symlinks=False) and _is_report(path):
                    files.append(path)
            except OSError as exc:  # a file system that must be asked about each entry, and fails
                found.skipped.append(f"{_brief(path)}: cannot be looked at ({_reason(exc)}), passed over")
        todo.extend(reversed(folders))  # a sorted walk gives its lines in a stable order
    found.files.extend(sorted(files))


def _link(
    path: Path,
    root: Path,
    inside: str,
    follow_links: bool,
    entered: set[tuple[int, int]],
    files: list[Path],
    folders: list[Path],
    found: FoundReports,
) -> None:
    """A link met in a folder: its file or folder taken in, passed over with a line, or left alone."""
    try:
        st = os.stat(path)
    except OSError as exc:  # leads nowhere, or in a loop
        if _is_report(path):
            found.skipped.append(f"{_brief(path)}: a link that cannot be followed ({_reason(exc)})")
        return
    is_dir = stat.S_ISDIR(st.st_mode)
    if not is_dir and not (stat.S_ISREG(st.st_mode) and _is_report(path)):
        return
    target = os.path.realpath(path)
    within = os.path.commonpath([inside, target]) == inside
    if not within and not follow_links:
        found.skipped.append(
            f"{_brief(path)}: a link to {_brief(target)}, outside {_brief(root)}: not followed"
            " (--follow-links follows it)"
        )
    elif not is_dir:
        files.append(path)
    elif not within and (st.st_dev, st.st_ino) not in entered:  # a folder inside is walked where it is
        entered.add((st.st_dev, st.st_ino))
        folders.append(path)


def _identity(folder: Path) -> tuple[int, int]:
    st = os.stat(folder)
    return st.st_dev, st.st_ino


def _is_report(path: Path) -> bool:
    return path.suffix.lower() in REPORT_SUFFIXES


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _brief(path: str | Path) -> str:
    text = shown(path)
    if len(text) <= _SHOWN_MAX:
        return text
    return f"{text[:80]}…({len(text) - 160} characters)…{text[-80:]}"
