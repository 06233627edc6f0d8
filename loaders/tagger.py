"""The character tagger: a linear-chain CRF (crfsuite) over the features of `loaders.features`.

Each line of the clean text is one sequence; every character gets a BIO label per entity type
(`B-Project`, `I-Project`, `O`, …). Besides the best labelling (Viterbi) the tagger keeps every
character's marginal probabilities, so a span the best path did not take can still be scored
(`Tagged.score`) and proposed (`Tagged.alternatives`): the later decision sees how sure the tagger was.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pycrfsuite

from loaders.records import Document
from ontology.terms import ENTITY_TYPES

LABELS: tuple[str, ...] = ("O",) + tuple(f"{p}-{t}" for t in ENTITY_TYPES for p in ("B", "I"))
_FLOOR = 1e-6  # probabilities are floored before the logarithm: a span the tagger rules out scores ~ -14


def sequences(doc: Document) -> list[tuple[int, int]]:
    """The (start, end) of each non-empty line: the units the tagger labels."""
    return [(a, b) for a, b in doc.paragraphs if b > a and doc.text[a:b].strip()]


def bio(spans: list[tuple[int, int, str]], length: int) -> list[str]:
    """Labels of `length` characters with the given (start, end, type) spans (which must not overlap)."""
    y = ["O"] * length
    for a, b, t in spans:
        y[a] = "B-" + t
        for i in range(a + 1, b):
            y[i] = "I-" + t
    return y


@dataclass(frozen=True)
class Line:
    start: int
    labels: tuple[str, ...]
    log_b: np.ndarray  # (len, types): log P(B-type) at each character
    cum_i: np.ndarray  # (len + 1, types): cumulative log P(I-type)
    log_end: np.ndarray  # (len + 1, types): log P(the next character is not I-type); last row 0

    @property
    def end(self) -> int:
        return self.start + len(self.labels)


@dataclass(frozen=True)
class Tagged:
    """The tagger's reading of one document."""

    lines: tuple[Line, ...]

    @cached_property
    def _starts(self) -> list[int]:
        return [line.start for line in self.lines]

    def spans(self) -> list[tuple[int, int, str]]:
        """The best labelling as (start, end, type); a run of I- labels continues its span whatever their
        type (the type most of its characters carry wins), so a stray label does not split a name."""
        out = []
        for line in self.lines:
            y = line.labels
            i = 0
            while i < len(y):
                if y[i] == "O":
                    i += 1
                    continue
                j = i + 1
                while j < len(y) and y[j].startswith("I-"):
                    j += 1
                t = Counter(x[2:] for x in y[i:j]).most_common(1)[0][0]
                out.append((line.start + i, line.start + j, t))
                i = j
        return out

    def line_at(self, pos: int) -> Line | None:
        i = bisect.bisect_right(self._starts, pos) - 1
        if i >= 0 and pos < self.lines[i].end:
            return self.lines[i]
        return None

    def score(self, start: int, end: int, type_: str) -> float:
        """log P(start is B-type, the rest I-type, the span ends at `end`), from the marginals (their product:
        an approximation of the span's probability that ranks spans well)."""
        line = self.line_at(start)
        if line is None or end > line.end or end <= start:
            return math.log(_FLOOR) * 3
        k = ENTITY_TYPES.index(type_)
        i, j = start - line.start, end - line.start
        return float(line.log_b[i, k] + line.cum_i[j, k] - line.cum_i[i + 1, k] + line.log_end[j, k])

    def alternatives(self, threshold: float = 0.15, longest: int = 40) -> list[tuple[int, int, str]]:
        """Spans the marginals allow: a start where P(B-type) > threshold, continued while P(I-type) >
        threshold, ending wherever P(not I-type next) > threshold."""
        out = []
        lt = math.log(threshold)
        for line in self.lines:
            n = len(line.labels)
            for k, t in enumerate(ENTITY_TYPES):
                for i in np.nonzero(line.log_b[:, k] > lt)[0]:
                    j = i + 1
                    while j < n and j - i < longest and line.cum_i[j + 1, k] - line.cum_i[j, k] > lt:
                        j += 1
                        if line.log_end[j, k] > lt:
                            out.append((line.start + int(i), line.start + j, t))
        return out


class Crf(pycrfsuite.Tagger):
    """A crfsuite tagger opened on a model in memory (it reads from that buffer, so it keeps it)."""

    def __init__(self, model: bytes):
        super().__init__()
        self.model = model
        self.open_inmemory(model)


def tag(tagger: Crf, doc: Document, feats: list[list[str]]) -> Tagged:
    """Label every line of `doc`."""
    known = set(tagger.labels())
    lines = []
    for a, b in sequences(doc):
        y = tuple(tagger.tag(feats[a:b]))
        n = b - a
        probs = np.full((n, len(LABELS)), _FLOOR)
        for col, label in enumerate(LABELS):
            if label in known:
                probs[:, col] = [tagger.marginal(label, i) for i in range(n)]
        logs = np.log(np.maximum(probs, _FLOOR))
        log_b = logs[:, 1::2]
        log_i = logs[:, 2::2]
        cum_i = np.vstack([np.zeros((1, len(ENTITY_TYPES))), np.cumsum(log_i, axis=0)])
        not_i = np.log(np.maximum(1.0 - probs[:, 2::2], _FLOOR))
        log_end = np.vstack([not_i, np.zeros((1, len(ENTITY_TYPES)))])
        lines.append(Line(a, y, log_b, cum_i, log_end))
    return Tagged(tuple(lines))
