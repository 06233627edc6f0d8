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
class Tagged:
    """The tagger's reading of one document: the best labels of each line, and the marginals of all lines
    laid end to end (row r is character `offsets[r]` of the text)."""

    starts: tuple[int, ...]  # text offset of each line
    bases: tuple[int, ...]  # row of each line's first character
    labels: tuple[tuple[str, ...], ...]  # best labels, per line
    log_b: np.ndarray  # (rows, types): log P(B-type)
    cum_i: np.ndarray  # (rows + 1, types): cumulative log P(I-type), a zero row first
    not_i: np.ndarray  # (rows, types): log P(not I-type)

    def spans(self) -> list[tuple[int, int, str]]:
        """The best labelling as (start, end, type); a run of I- labels continues its span whatever their
        type (the type most of its characters carry wins), so a stray label does not split a name."""
        out = []
        for start, y in zip(self.starts, self.labels, strict=True):
            i = 0
            while i < len(y):
                if y[i] == "O":
                    i += 1
                    continue
                j = i + 1
                while j < len(y) and y[j].startswith("I-"):
                    j += 1
                t = Counter(x[2:] for x in y[i:j]).most_common(1)[0][0]
                out.append((start + i, start + j, t))
                i = j
        return out

    def _line(self, pos: int) -> int:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i if i >= 0 and pos < self.starts[i] + len(self.labels[i]) else -1

    def scores(self, spans: list[tuple[int, int]]) -> np.ndarray:
        """For each (start, end): log P(start is B-type, the rest I-type, the span ends at `end`) for each
        type, from the marginals (their product: an approximation that ranks spans well). A span that is
        not inside one line scores as ruled out."""
        out = np.full((len(spans), len(ENTITY_TYPES)), math.log(_FLOOR) * 3)
        for k, (a, b) in enumerate(spans):
            li = self._line(a)
            if li < 0 or b <= a or b > self.starts[li] + len(self.labels[li]):
                continue
            base = self.bases[li] - self.starts[li]
            i, j = a + base, b + base
            end = self.not_i[j] if b < self.starts[li] + len(self.labels[li]) else 0.0
            out[k] = self.log_b[i] + self.cum_i[j] - self.cum_i[i + 1] + end
        return out

    def alternatives(self, threshold: float = 0.15, longest: int = 40) -> list[tuple[int, int, str]]:
        """Spans the marginals allow: a start where P(B-type) > threshold, continued while P(I-type) >
        threshold, ending wherever P(not I-type next) > threshold."""
        out = []
        lt = math.log(threshold)
        log_i = np.diff(self.cum_i, axis=0)
        for start, base, y in zip(self.starts, self.bases, self.labels, strict=True):
            n = len(y)
            for k, t in enumerate(ENTITY_TYPES):
                for i in np.nonzero(self.log_b[base : base + n, k] > lt)[0]:
                    j = i + 1
                    while j < n and j - i < longest and log_i[base + j, k] > lt:
                        j += 1
                        if j == n or self.not_i[base + j, k] > lt:
                            out.append((start + int(i), start + j, t))
        return out


class Crf(pycrfsuite.Tagger):
    """A crfsuite tagger opened on a model in memory (it reads from that buffer, so it keeps it)."""

    def __init__(self, model: bytes):
        super().__init__()
        self.model = model
        self.open_inmemory(model)


def tag(tagger: Crf, doc: Document, feats: list[list[str]]) -> Tagged:
    """Label every line of `doc`, keeping the marginals of every character."""
    model_labels = set(tagger.labels())
    known = [(col, label) for col, label in enumerate(LABELS) if label in model_labels and label != "O"]
    lines = sequences(doc)
    labels: list[tuple[str, ...]] = []
    columns: list[list[float]] = [[] for _ in LABELS]
    bases, rows = [], 0
    for a, b in lines:
        labels.append(tuple(tagger.tag(feats[a:b])))
        for col, label in known:
            columns[col].extend(tagger.marginal(label, i) for i in range(b - a))
        bases.append(rows)
        rows += b - a
    probs = np.full((rows, len(LABELS)), _FLOOR)
    for col, _ in known:
        probs[:, col] = columns[col]
    log_b = np.log(np.maximum(probs[:, 1::2], _FLOOR))
    cum_i = np.vstack(
        [np.zeros((1, len(ENTITY_TYPES))), np.cumsum(np.log(np.maximum(probs[:, 2::2], _FLOOR)), axis=0)]
    )
    not_i = np.log(np.maximum(1.0 - probs[:, 2::2], _FLOOR))
    return Tagged(tuple(a for a, _ in lines), tuple(bases), tuple(labels), log_b, cum_i, not_i)
