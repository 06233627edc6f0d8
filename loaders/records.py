"""The records that flow between the loader stages (file -> clean text -> mentions -> entities -> relations).

All offsets are character offsets. `CleanText.text` is the normalised, simplified text every later
stage works on; `CleanText.to_raw[i]` is the offset in `Report.raw` (the decoded original) of clean
character `i`, so evidence found in the clean text can always be pointed at in the original.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # the facts stage defines its records beside the rules that make them
    from loaders.facts import AmountFact, StageFact


@dataclass(frozen=True)
class Report:
    """A report file, decoded."""

    doc_id: str  # the file name; a report's identity in the store
    path: str
    raw: str  # decoded text, exactly as in the file (after decoding)
    encoding: str
    sha256: str


@dataclass(frozen=True)
class CleanText:
    """The report's text with layout noise removed, simplified, one paragraph per line."""

    doc_id: str
    text: str
    to_raw: tuple[int, ...]  # len(text) + 1 entries; the last one is len(raw)
    title: str | None = None
    date: str | None = None
    source: str | None = None
    script: str = "Hans"  # "Hant" when the original was in traditional characters

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the original text of the clean span [start, end)."""
        if end <= start:
            return self.to_raw[start], self.to_raw[start]
        return self.to_raw[start], self.to_raw[end - 1] + 1


class Token(NamedTuple):  # a tuple, not a dataclass: there is one per word and they are made by the million
    start: int
    end: int
    text: str
    tag: str  # the dictionary part of speech, "" when the word is not in the dictionary


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int  # index of the paragraph (line of the clean text)
    heading: bool  # a title or section heading rather than running text
    tokens: tuple[Token, ...] = field(default=(), repr=False)


@dataclass(frozen=True)
class Document:
    """Clean text split into paragraphs, sentences and tokens."""

    clean: CleanText
    sentences: tuple[Sentence, ...]
    paragraphs: tuple[tuple[int, int], ...]  # (start, end) of each line of clean text

    @property
    def text(self) -> str:
        return self.clean.text


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    surface: str  # the name as it stands in the clean text
    type: str  # one of ontology.terms.ENTITY_TYPES
    rule: str  # which recogniser found it
    name: str = ""  # the normalised name (quotes dropped); defaults to surface
    aliases: tuple[str, ...] = ()  # other names the recogniser saw in the same span (三区 for “三区”战略)

    @property
    def key_name(self) -> str:
        return self.name or self.surface


@dataclass(frozen=True)
class Entity:
    key: str  # "Type|canonical label": stable within and across reports
    type: str
    label: str  # canonical (fullest) name, simplified Chinese
    aliases: tuple[str, ...]
    mentions: tuple[Mention, ...]


@dataclass(frozen=True)
class Evidence:
    doc_id: str
    start: int  # offsets in the clean text: text == clean.text[start:end]
    end: int
    text: str
    raw_start: int  # offsets in the original text
    raw_end: int


@dataclass(frozen=True)
class Relation:
    head: str  # Entity.key
    type: str  # one of ontology.terms.RELATIONS
    tail: str  # Entity.key
    evidence: Evidence
    rule: str


@dataclass(frozen=True)
class Extraction:
    """Everything the loaders found in one report."""

    report: Report
    clean: CleanText
    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...]
    amounts: tuple[AmountFact, ...] = ()  # money and area stated of entities
    stages: tuple[StageFact, ...] = ()  # where projects and strategies stand
    date: str | None = None  # the report's date (ISO 8601: day, month or year), from its dateline or text

    def entity(self, key: str) -> Entity:
        for e in self.entities:
            if e.key == key:
                return e
        raise KeyError(key)
