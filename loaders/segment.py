"""Stage 3: `CleanText` -> `Document`: paragraphs, sentences and tokens (jieba, dictionary words only)."""

from __future__ import annotations

import re

from loaders.lexicon import tokenizer, word_tags
from loaders.records import CleanText, Document, Sentence, Token

# A sentence ends at a full stop, question or exclamation mark or semicolon, with any closing quotes.
_SENTENCE_END = re.compile(r"[。！？!?；;…]+[”’\"')）]*|(?<![0-9])\.(?![0-9])")
_HEADING_PUNCT = re.compile(r"[。；;！？!?，,]")

# Longest sentence handed to the recognisers, in characters. Real sentences stay under ~250; a longer
# run is a page that lost its punctuation (or was made to hurt), and the recognisers' work per sentence
# grows with the square of its length (a 100 000-character line took 10 s; 50 000 characters, 2.5 s).
# Such a run is cut into pieces of at most this length, at a comma, enumeration mark or space when there
# is one, else between two words, so the work stays linear in the text.
MAX_SENTENCE = 1000
_SOFT_BREAK = frozenset("，,、：:） )")


def segment(clean: CleanText) -> Document:
    cut = tokenizer().cut
    tag = word_tags().get
    text = clean.text
    paragraphs: list[tuple[int, int]] = []
    sentences: list[Sentence] = []
    pos = 0
    for p_index, line in enumerate(text.split("\n")):
        start, end = pos, pos + len(line)
        pos = end + 1
        paragraphs.append((start, end))
        if not line.strip():
            continue
        heading = len(line) <= 60 and not _HEADING_PUNCT.search(line)
        tokens: list[Token] = []
        t = start
        for w in cut(line, HMM=False):  # the hottest loop of the loaders, next to jieba itself
            e = t + len(w)
            tokens.append(Token(t, e, w, tag(w, "")))
            t = e
        s_start = start
        k = 0
        for m in _SENTENCE_END.finditer(line):
            s_end = start + m.end()
            k = _add_sentence(sentences, tokens, k, s_start, s_end, p_index, heading)
            s_start = s_end
        if s_start < end:
            _add_sentence(sentences, tokens, k, s_start, end, p_index, heading)
    return Document(clean=clean, sentences=tuple(sentences), paragraphs=tuple(paragraphs))


def _add_sentence(
    out: list[Sentence], tokens: list[Token], k: int, start: int, end: int, par: int, heading: bool
) -> int:
    """Append the sentence [start, end) with its tokens (those starting inside it), cut into pieces of at
    most MAX_SENTENCE characters; return the next token index."""
    first = k
    while k < len(tokens) and tokens[k].start < end:
        k += 1
    for a, b in _pieces(tokens, first, k):
        if any(not t.text.isspace() for t in tokens[a:b]):
            s_start = start if a == first else tokens[a].start
            s_end = end if b == k else tokens[b].start
            out.append(Sentence(s_start, s_end, par, heading, tuple(tokens[a:b])))
    return k


def _pieces(tokens: list[Token], first: int, stop: int) -> list[tuple[int, int]]:
    """Token ranges covering tokens[first:stop], each spanning at most MAX_SENTENCE characters (unless
    one token alone is longer), cut after the last soft break inside the limit when there is one."""
    if stop <= first or tokens[stop - 1].end - tokens[first].start <= MAX_SENTENCE:
        return [(first, stop)]  # the usual case: one piece
    pieces = []
    a = first
    soft = None  # index after the last soft break in the current piece
    for i in range(first, stop):
        while i > a and tokens[i].end - tokens[a].start > MAX_SENTENCE:
            cut = soft if soft is not None and a < soft <= i else i
            pieces.append((a, cut))
            a, soft = cut, None
        if tokens[i].text[-1] in _SOFT_BREAK:
            soft = i + 1
    pieces.append((a, stop))
    return pieces
