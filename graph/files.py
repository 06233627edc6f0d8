"""The report files under the paths given to a build: files named directly, and the report files of
folders, walked recursively and sorted.

A walk never stops on what it cannot go into: a folder that cannot be listed (a path longer than the
system allows, no permission) and a link that leads nowhere or in a loop are passed over with one line
each, and the rest is found. Links found in a folder are followed only when they lead inside it (a
link to a file there is read as that file is; a link to a folder there is not walked again), unless
`follow_links`: a link to `/etc/passwd` dropped into a folder of reports must not bring it in. A file
named directly is read wherever it leads: it was asked for.

Which files of a folder are reports: those ending in .txt, .text, .htm or .html, and Markdown (.md)
when the folder holds no report of those kinds (a folder of pages saved as Markdown). Left out, and
named in one line of the build's summary: the project files that sit beside reports (README*,
LICENSE*, CHANGELOG* …), hidden files and folders (.DS_Store, .git), Markdown beside .txt/.html
reports (notes, not pages: name one to build it), and files of other kinds (.json, .png …).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from loaders.read import shown

REPORT_SUFFIXES = (".txt", ".text", ".htm", ".html", ".md")
MARKDOWN = ".md"  # a report only where no .txt/.html report is beside it: else a note or a README
# the documents a project keeps beside its files, whatever their suffix (README.md, LICENSE.txt)
PROJECT_FILE = re.compile(
    r"(readme|licen[cs]e|copying|changelog|contributing|notice|authors|code_of_conduct|security)"
    r"([._\- ].*)?",
    re.IGNORECASE,
)
# why a file of a folder is not a report, in the order the summary names them
PROJECT, HIDDEN, NOTES, OTHER = "project", "hidden", "notes", "other"
_NAMES_SHOWN = 3  # names per reason in the summary line; the rest are counted
_SHOWN_MAX = 200  # a path longer than this is shown with its middle cut out (a tree 4 KB deep)


@dataclass
class FoundReports:
    """What a walk found: the report files, and one line for each path it passed over, saying why."""

    files: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    left_out: dict[str, list[str]] = field(default_factory=dict)  # reason -> files (and folders) not reports

    def leave_out(self, reason: str, path: Path, folder: bool = False) -> None:
        self.left_out.setdefault(reason, []).append(path.name + ("/" if folder else ""))

    def left_out_line(self) -> str:
        """One line naming the files of the folders that were not taken as reports, and why; "" if none."""
        parts = []
        for reason, label in (
            (PROJECT, "project files"),
            (HIDDEN, "hidden"),
            (NOTES, "Markdown beside .txt/.html reports; name one to build it"),
        ):
            if names := self.left_out.get(reason):
                parts.append(f"{_some(names)} ({label})")
        if others := self.left_out.get(OTHER):
            kinds: dict[str, int] = {}
            for name in others:
                kind = Path(name).suffix.lower() or "no suffix"
                kinds[kind] = kinds.get(kind, 0) + 1
            parts.append(
                f"{len(others)} file{'s' * (len(others) > 1)} of other kinds ("
                + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))
                + ")"
            )
        return "not reports, left out: " + "; ".join(parts) if parts else ""


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
    notes: list[Path] = []  # Markdown: reports only when the folder holds no other report
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
                if entry.name.startswith("."):  # .git, .DS_Store, an editor's .report.txt.swp
                    found.leave_out(HIDDEN, path, folder=entry.is_dir())
                elif entry.is_symlink():
                    _link(path, root, inside, follow_links, entered, files, notes, folders, found)
                elif entry.is_dir(follow_symlinks=False):
                    folders.append(path)
                elif entry.is_file(follow_symlinks=False) and _taken(path, found):
                    (notes if _is_markdown(path) else files).append(path)
            except OSError as exc:  # a file system that must be asked about each entry, and fails
                found.skipped.append(f"{_brief(path)}: cannot be looked at ({_reason(exc)}), passed over")
        todo.extend(reversed(folders))  # a sorted walk gives its lines in a stable order
    if files:
        for note in notes:
            found.leave_out(NOTES, note)
    else:
        files = notes
    found.files.extend(sorted(files))


def _link(
    path: Path,
    root: Path,
    inside: str,
    follow_links: bool,
    entered: set[tuple[int, int]],
    files: list[Path],
    notes: list[Path],
    folders: list[Path],
    found: FoundReports,
) -> None:
    """A link met in a folder: its file or folder taken in, passed over with a line, or left alone."""
    try:
        st = os.stat(path)
    except OSError as exc:  # leads nowhere, or in a loop
        if _is_report(path) and not PROJECT_FILE.fullmatch(path.name):
            found.skipped.append(f"{_brief(path)}: a link that cannot be followed ({_reason(exc)})")
        return
    is_dir = stat.S_ISDIR(st.st_mode)
    if not is_dir and not (stat.S_ISREG(st.st_mode) and _taken(path, found)):
        return
    target = os.path.realpath(path)
    within = os.path.commonpath([inside, target]) == inside
    if not within and not follow_links:
        found.skipped.append(
            f"{_brief(path)}: a link to {_brief(target)}, outside {_brief(root)}: not followed"
            " (--follow-links follows it)"
        )
    elif not is_dir:
        (notes if _is_markdown(path) else files).append(path)
    elif not within and (st.st_dev, st.st_ino) not in entered:  # a folder inside is walked where it is
        entered.add((st.st_dev, st.st_ino))
        folders.append(path)


def _identity(folder: Path) -> tuple[int, int]:
    st = os.stat(folder)
    return st.st_dev, st.st_ino


def _is_report(path: Path) -> bool:
    return path.suffix.lower() in REPORT_SUFFIXES


def _is_markdown(path: Path) -> bool:
    return path.suffix.lower() == MARKDOWN


def _taken(path: Path, found: FoundReports) -> bool:
    """A file met in a folder may be a report; one that is not is noted in `found`, with why."""
    if PROJECT_FILE.fullmatch(path.name):
        found.leave_out(PROJECT, path)
        return False
    if not _is_report(path):
        found.leave_out(OTHER, path)
        return False
    return True


def _some(names: list[str]) -> str:
    shown_names = ", ".join(names[:_NAMES_SHOWN])
    return shown_names + (f" and {len(names) - _NAMES_SHOWN} more" if len(names) > _NAMES_SHOWN else "")


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _brief(path: str | Path) -> str:
    text = shown(path)
    if len(text) <= _SHOWN_MAX:
        return text
    return f"{text[:80]}…({len(text) - 160} characters)…{text[-80:]}"
