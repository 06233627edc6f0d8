"""Annotated reports, read and prepared once for training and cross-validation.

A report is annotated when a gold file has a line for its file name (format: docs/scoring.md). Its
collection (the group of cross-validation) is the line's `"group"` when it has one, else the letters
its file name starts with (A04.txt -> A), else the gold file's name (seeds.jsonl -> seeds).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from graph.evaluate import load_gold
from graph.files import report_files
from kgerrors import InputError
from loaders.clean import clean
from loaders.mentions import recognise
from loaders.read import read
from loaders.records import Document, Mention, Report
from loaders.rules import Candidate
from loaders.segment import segment
from loaders.tagger import bio
from training.gold import gold_spans

_LETTERS = re.compile(r"[A-Za-z]+")


@dataclass
class Annotated:
    doc_id: str
    group: str
    gold: dict
    report: Report
    doc: Document
    cands: list[Candidate]
    chosen: list[Mention]
    features: list[list[str]]  # per character (loaders.features)
    labels: list[str]  # per character: the gold names as BIO labels


def group_of(doc_id: str, gold: dict, gold_file: Path) -> str:
    if isinstance(gold.get("group"), str) and gold["group"]:
        return gold["group"]
    m = _LETTERS.match(doc_id)
    return m.group(0) if m else gold_file.stem


def prepare(report: Report, gold: dict, group: str) -> Annotated:
    doc = segment(clean(report))
    labels = bio(gold_spans(doc.text, gold), len(doc.text))
    return Annotated(report.doc_id, group, gold, report, doc, *recognise(doc), labels)


def load_annotated(gold_files: Iterable[str | Path], paths: Iterable[str | Path]) -> list[Annotated]:
    """The reports among `paths` that the gold files annotate, in the order of their names."""
    files = {p.name: p for p in report_files(paths)}
    out = []
    seen: set[str] = set()
    for gf in map(Path, gold_files):
        for doc_id, gold in sorted(load_gold(gf).items()):
            if doc_id in seen or doc_id not in files:
                continue
            seen.add(doc_id)
            out.append(prepare(read(files[doc_id]), gold, group_of(doc_id, gold, gf)))
    if not out:
        raise InputError("no annotated report found: the gold files name none of the report files given")
    return sorted(out, key=lambda a: a.doc_id)
