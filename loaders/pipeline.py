"""The loader stages in order: file -> clean text -> sentences -> mentions -> entities -> relations."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from loaders.clean import clean
from loaders.entities import resolve
from loaders.mentions import find_mentions
from loaders.read import read
from loaders.records import Extraction, Report
from loaders.relations import find_relations
from loaders.segment import segment

# (name, what it takes -> what it gives); `extract` runs them in this order.
STAGES: tuple[tuple[str, Callable], ...] = (
    ("read", read),  # path -> Report
    ("clean", clean),  # Report -> CleanText
    ("segment", segment),  # CleanText -> Document
    ("mentions", find_mentions),  # Document -> list[Mention]
    ("entities", resolve),  # Document, mentions -> list[Entity]
    ("relations", find_relations),  # Document, entities -> list[Relation]
)


def extract(path: str | Path) -> Extraction:
    """Run every stage on one report file."""
    return extract_report(read(path))


def extract_report(report: Report) -> Extraction:
    clean_text = clean(report)
    doc = segment(clean_text)
    mentions = find_mentions(doc)
    entities = resolve(doc, mentions)
    relations = find_relations(doc, entities)
    return Extraction(report=report, clean=clean_text, entities=tuple(entities), relations=tuple(relations))
