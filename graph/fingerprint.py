"""What a report's graph was made from, so that a build can tell an unchanged report and skip it.

A report's graph is the same as long as three things are: the file's bytes (`kg:sha256`, already on
the report), and the extractor that read them: the model file and the code and data of the
extraction (`kg:extractor`, a digest of both). Both are stored on the report node of its graph; a
build extracts a report again when either differs, or when the graph has none (made by an earlier
version). The code's digest covers every file the triples depend on, so any change to the loaders,
even a comment, re-extracts every report once: the safe side of a wrong guess.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from graph.build import report_iri
from graph.store import GraphStore
from loaders.model import DEFAULT_MODEL
from loaders.read import MAX_BYTES, shown

ROOT = Path(__file__).resolve().parent.parent
# the code and data the triples of a report depend on (the model is digested on its own)
_SOURCES = ("loaders", "graph/build.py", "graph/observations.py", "graph/iris.py", "ontology/terms.py")
_SKIPPED = ("__pycache__", "models")
# libraries whose version can change what is extracted
_LIBRARIES = ("jieba", "opencc", "python-crfsuite", "lightgbm")

_FINGERPRINTS = """
SELECT ?g ?sha ?extractor WHERE { GRAPH ?g { ?g kg:sha256 ?sha ; kg:extractor ?extractor } }"""


def extractor_digest(model: str | None = None) -> str:
    """A digest of the model file (`model`, else the shipped one), the extraction's code and data, and
    the versions of the libraries it uses."""
    return _digest(str(Path(model or DEFAULT_MODEL).resolve()))


@lru_cache(maxsize=4)
def _digest(model: str) -> str:
    h = hashlib.sha256()
    h.update(hashlib.sha256(Path(model).read_bytes()).digest())
    for path in _source_files():
        h.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for lib in _LIBRARIES:
        try:
            h.update(f"{lib}={metadata.version(lib)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{lib}=?\0".encode())
    return h.hexdigest()[:32]


def _source_files() -> list[Path]:
    files: list[Path] = []
    for name in _SOURCES:
        p = ROOT / name
        if p.is_dir():
            files += (f for f in p.rglob("*") if f.is_file() and not set(f.parts) & set(_SKIPPED))
        elif p.is_file():
            files.append(p)
    return sorted(files)


def file_digest(path: Path) -> str | None:
    """SHA-256 of the file's bytes, as `loaders.read` takes it; None for what it would refuse unread
    (missing, not a regular file, too big): extracting it says why."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_BYTES:
            return None
        with path.open("rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return None


def stored_fingerprints(store: GraphStore) -> dict[str, tuple[str, str]]:
    """Report graph IRI -> (file digest, extractor digest) of every report in the store that has both."""
    return {str(g): (str(sha), str(ext)) for g, sha, ext in store.query(_FINGERPRINTS).rows}


def unchanged(path: Path, stored: dict[str, tuple[str, str]], extractor: str) -> bool:
    """Whether the store holds this report's graph, made from these bytes by this extractor."""
    known = stored.get(str(report_iri(shown(path.name))))
    return known is not None and known == (file_digest(path), extractor)
