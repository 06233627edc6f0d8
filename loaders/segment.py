"""Stage 3: `CleanText` -> `Document`: paragraphs, sentences and tokens (jieba, dictionary words only)."""

from __future__ import annotations

import re

from loaders.lexicon import tokenizer, word_tags
from loaders.records import CleanText, Document, Sentence, Token

# A sentence ends at a full stop, question or exclamation mark or semicolon, with any closing quotes.
_SENTENCE_END = re.compile(r"[。！？!?；;…]+[”’\"')）]*|(?<![0-9])\.(?![0-9])")
_HEADING_PUNCT = re.compile(r"[。；;！？!?，,]")


def segment(clean: CleanText) -> Document:
    tok = tokenizer()
    tags = word_tags()
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
        for w in tok.cut(line, HMM=False):
            tokens.append(Token(t, t + len(w), w, tags.get(w, "")))
            t += len(w)
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
    """Append the sentence [start, end) with its tokens (those starting inside it); return the next token index."""
    first = k
    while k < len(tokens) and tokens[k].start < end:
        k += 1
    if any(not t.text.isspace() for t in tokens[first:k]):
        out.append(Sentence(start, end, par, heading, tuple(tokens[first:k])))
    return k
