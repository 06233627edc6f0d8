"""The loader stages in order: file -> clean text -> sentences -> mentions -> entities -> relations,
and the facts stated of the entities (amounts, stages, dates).

Mentions and relations are decided by a learned model (`loaders.model`): the shipped one unless
another is given (`kg build --model FILE`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from loaders.clean import clean
from loaders.dates import report_date
from loaders.entities import resolve
from loaders.facts import find_facts
from loaders.mentions import find_mentions
from loaders.model import Model, load_model
from loaders.read import read
from loaders.records import Extraction, Report
from loaders.relations import find_relations
from loaders.segment import segment

# (name, what it takes -> what it gives); `extract` runs them in this order.
STAGES: tuple[tuple[str, Callable], ...] = (
    ("read", read),  # path -> Report
    ("clean", clean),  # Report -> CleanText
    ("segment", segment),  # CleanText -> Document
    ("mentions", find_mentions),  # Document, Model -> list[Mention]
    ("entities", resolve),  # Document, mentions -> list[Entity]
    ("relations", find_relations),  # Document, entities, Model -> list[Relation]
    ("facts", find_facts),  # Document, entities, report date -> amounts, stages
)


def extract(path: str | Path, model: Model | None = None) -> Extraction:
    """Run every stage on one report file."""
    return extract_report(read(path), model)


def extract_report(report: Report, model: Model | None = None) -> Extraction:
    model = model or load_model()
    clean_text = clean(report)
    doc = segment(clean_text)
    mentions = find_mentions(doc, model)
    entities = resolve(doc, mentions)
    relations = find_relations(doc, entities, model)
    date = report_date(clean_text.text, clean_text.date)
    amounts, stages, named_by_amounts = find_facts(doc, entities, date)
    return Extraction(
        report=report,
        clean=clean_text,
        entities=(*entities, *named_by_amounts),
        relations=tuple(relations),
        amounts=tuple(amounts),
        stages=tuple(stages),
        date=date,
    )
