"""What the tagger sees of each character: the character and its neighbours, the word jieba puts it in,
the head words, public names and quotes around it, and what the hand-written recognisers said.

The recognisers (`loaders.rules`) are features here, not verdicts: a candidate span they proposed
(`cd=headed:Project:B`) and the spans their own choice kept (`sel=Project:B`) are facts the tagger
weighs against everything else, with weights learned from the annotated reports.

Features are strings (crfsuite's attribute names); one list per character of the clean text.
"""

from __future__ import annotations

from functools import lru_cache

from loaders.lexicon import knowledge
from loaders.records import Document, Mention
from loaders.rules import Candidate, forms

# Longest name matched against the public lists, in characters (longer names still get their head).
_MAX_KNOWN = 16
_MAX_WORD = 16  # longer words are a feature of their own


def char_class(ch: str) -> str:
    if "\u4e00" <= ch <= "\u9fff":
        return "H"
    if ch.isdigit():
        return "D"
    if ch.isascii() and ch.isalpha():
        return "L"
    return _PUNCT_CLASS.get(ch, "S" if ch.isspace() else "P")


_PUNCT_CLASS = {"“": "Q", "‘": "Q", '"': "Q", "”": "q", "’": "q", "《": "T", "》": "t"}
_PUNCT_CLASS.update(dict.fromkeys("(（", "B"))
_PUNCT_CLASS.update(dict.fromkeys(")）", "b"))


def char_features(doc: Document, cands: list[Candidate], chosen: list[Mention]) -> list[list[str]]:
    """The features of every character of `doc.text`."""
    text = doc.text
    feats = _context(text)
    _words(doc, feats)
    _heads(text, feats)
    _quotes(text, feats)
    _known(text, feats)
    for c in cands:
        for i in range(c.start, c.end):
            feats[i].append(f"cd={c.rule}:{c.type}:{_position(i, c.start, c.end)}")
            feats[i].append(f"ct={c.type}")
    for m in chosen:
        for i in range(m.start, m.end):
            feats[i].append(f"sel={m.type}:{'B' if i == m.start else 'I'}")
    return feats


def _word(w: str) -> str:
    # a "word" of a thousand letters or digits (a run in a broken page) is one feature, not its own text
    return w if len(w) <= _MAX_WORD else "<long>"


def _position(i: int, start: int, end: int) -> str:
    return "B" if i == start else ("E" if i == end - 1 else "I")


def _context(text: str) -> list[list[str]]:
    """Characters in a window of two, their bigrams and classes."""
    padded = "<<" + text + ">>"
    classes = [char_class(ch) for ch in padded]
    out = []
    for i in range(len(text)):
        j = i + 2
        a, b, c, d, e = padded[j - 2 : j + 3]
        out.append(
            [
                "c0=" + c,
                "c-1=" + b,
                "c1=" + d,
                "c-2=" + a,
                "c2=" + e,
                "b-1=" + b + c,
                "b1=" + c + d,
                "b-2=" + a + b,
                "b2=" + d + e,
                "k=" + classes[j],
                "k-1=" + classes[j - 1],
                "k1=" + classes[j + 1],
            ]
        )
    return out


def _words(doc: Document, feats: list[list[str]]) -> None:
    """The word each character is in (jieba's dictionary words), its part of speech, the words around it;
    whether its line is a heading."""
    for s in doc.sentences:
        toks = s.tokens
        for ti, t in enumerate(toks):
            tag = t.tag or "?"
            before = ("pw=" + _word(toks[ti - 1].text),) if ti > 0 else ()
            after = ("nw=" + _word(toks[ti + 1].text),) if ti + 1 < len(toks) else ()
            if t.end - t.start == 1:
                feats[t.start] += ("wp=S", "tag=" + tag, "tagp=" + tag + "S", *before, *after)
                continue
            word = "w=" + _word(t.text)
            feats[t.start] += ("wp=B", "tag=" + tag, "tagp=" + tag + "B", word, *before)
            inner = ("wp=M", "tag=" + tag, "tagp=" + tag + "M", word)
            for i in range(t.start + 1, t.end - 1):
                feats[i] += inner
            feats[t.end - 1] += ("wp=E", "tag=" + tag, "tagp=" + tag + "E", word, *after)
        if s.heading:
            for i in range(s.start, s.end):
                feats[i].append("hd")


@lru_cache(maxsize=1)
def _head_lengths() -> tuple[int, ...]:
    return tuple(sorted({len(h) for h in forms.HEAD_TYPE}, reverse=True))


def _heads(text: str, feats: list[list[str]]) -> None:
    """A head word (…项目, …有限公司, …战略) ending at a character, and the characters inside one."""
    heads = forms.HEAD_TYPE
    last = forms.HEAD_LAST_CHARS
    for i in range(len(text)):
        if text[i] not in last:
            continue
        for n in _head_lengths():
            if n <= i + 1 and (h := text[i - n + 1 : i + 1]) in heads:
                t = heads[h]
                feats[i] += ("hend=" + t, "h=" + h)
                for j in range(i - n + 1, i + 1):
                    feats[j].append("inh=" + t)
                break


def _quotes(text: str, feats: list[list[str]]) -> None:
    quote = book = 0
    for i, ch in enumerate(text):
        if ch == "“":
            quote += 1
        elif ch == "”":
            quote = max(0, quote - 1)
        elif ch == "《":
            book += 1
        elif ch == "》":
            book = max(0, book - 1)
        elif ch == "\n":
            quote = book = 0
        if quote:
            feats[i].append("inq")
        if book:
            feats[i].append("inb")


@lru_cache(maxsize=1)
def _known_tables() -> tuple[tuple[str, dict[str, str], dict[str, tuple[int, ...]]], ...]:
    """Each public list with, for each first character, the lengths of its names starting with it."""
    k = knowledge()
    tables = (("District", k.divisions), ("Organization", k.organizations), ("Strategy", k.strategies))
    out = []
    for t, table in tables:
        lengths: dict[str, set[int]] = {}
        for name in table:
            if 2 <= len(name) <= _MAX_KNOWN:
                lengths.setdefault(name[0], set()).add(len(name))
        out.append((t, table, {ch: tuple(sorted(ls, reverse=True)) for ch, ls in lengths.items()}))
    return tuple(out)


def _known(text: str, feats: list[list[str]]) -> None:
    """Public names (divisions, well-known organizations, national strategies), longest first."""
    n = len(text)
    for t, table, by_first in _known_tables():
        i = 0
        while i < n:
            for k in by_first.get(text[i], ()):
                if i + k <= n and text[i : i + k] in table:
                    feats[i].append(f"lex={t}:B")
                    for j in range(i + 1, i + k):
                        feats[j].append(f"lex={t}:I")
                    if i + k < n:
                        feats[i + k].append("lexafter=" + t)
                    i += k
                    break
            else:
                i += 1
