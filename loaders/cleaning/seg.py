"""Text that keeps its origins, and the transforms that keep them: a `Seg` is text plus, for each
character, its offset in the original; HTML becomes text with block elements as line breaks; full-width
forms and corner quotes are folded; traditional characters are converted to simplified (OpenCC) so that
every clean character keeps its own original offset.
"""

from __future__ import annotations

import html
import re
from array import array
from dataclasses import dataclass
from functools import lru_cache

# ---------------------------------------------------------------- a piece of text with its origins


@dataclass(frozen=True)
class Seg:
    """Text plus, for each character, its offset in the original text."""

    text: str
    raw: array  # array('l'), len(raw) == len(text)

    def __len__(self) -> int:
        return len(self.text)

    def slice(self, a: int, b: int) -> Seg:
        return Seg(self.text[a:b], self.raw[a:b])

    def cut(self, a: int, b: int) -> Seg:
        """Remove [a, b)."""
        return Seg(self.text[:a] + self.text[b:], self.raw[:a] + self.raw[b:])

    def __add__(self, other: Seg) -> Seg:
        return Seg(self.text + other.text, self.raw + other.raw)

    def strip(self) -> Seg:
        t = self.text
        a = len(t) - len(t.lstrip())
        b = len(t.rstrip())
        return self.slice(a, max(a, b))

    def sub(self, pattern: re.Pattern, repl_char: str | None = None) -> Seg:
        """Delete every match (or replace it by one `repl_char`, placed at the match's first character)."""
        out_t: list[str] = []
        out_r = array("l")
        pos = 0
        for m in pattern.finditer(self.text):
            out_t.append(self.text[pos : m.start()])
            out_r.extend(self.raw[pos : m.start()])
            if repl_char is not None and m.end() > m.start():
                out_t.append(repl_char)
                out_r.append(self.raw[m.start()])
            pos = m.end()
        if pos == 0:
            return self
        out_t.append(self.text[pos:])
        out_r.extend(self.raw[pos:])
        return Seg("".join(out_t), out_r)


def _identity(text: str, base: int = 0) -> Seg:
    return Seg(text, array("l", range(base, base + len(text))))


# ---------------------------------------------------------------- HTML

_HTML_HINT = re.compile(r"<(?:html|body|head|div|p|br|span|article|table|meta)\b", re.I)
# Where markup starts: a comment, a tag's name (its end is found with str.find, never by a regex that
# could rescan the rest of the page at every unclosed `<`), or a character reference.
_MARKUP = re.compile(
    r"<!--|<([!?/]?)([a-zA-Z][a-zA-Z0-9:-]*)|&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});"
)
# Elements dropped with everything inside them.
_HIDDEN = frozenset(
    {"script", "style", "nav", "footer", "aside", "noscript", "iframe", "svg", "form", "select", "button"}
    | {"template"}
)
_BLOCK = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "table"}
    | {"section", "article", "header", "main", "center", "blockquote", "pre", "hr", "dd", "dt", "dl"}
    | {"figure", "figcaption", "caption", "title"}
)


def looks_like_html(text: str) -> bool:
    head = text[:5000]
    return (
        bool(re.search(r"<(?:!doctype\s+html|html|body)\b", head, re.I)) or len(_HTML_HINT.findall(head)) >= 3
    )


class _Closers:
    """Finds `</name>` (or the `-->` of a comment) after a position; remembers where a search failed,
    so that a page full of unclosed <script> tags or comments is scanned once, not once per tag."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.missing: dict[str, int] = {}  # name -> a position after which its closer does not occur

    def find(self, name: str, pos: int) -> tuple[int, int] | None:
        """(start, end) of the first closer at or after `pos`."""
        if pos >= self.missing.get(name, len(self.text) + 1):
            return None
        if name == "--":
            i = self.text.find("-->", pos)
            found = (i, i + 3) if i >= 0 else None
        else:
            m = re.compile(rf"</{name}\s*>", re.I).search(self.text, pos)
            found = m.span() if m else None
        if found is None:
            self.missing[name] = pos
        return found


def html_to_text(text: str) -> tuple[Seg, str | None]:
    """Markup -> text with block elements as line breaks; returns the <title> too.

    One pass, linear in the page: an unclosed comment, tag or element drops only its own opening."""
    out_t: list[str] = []
    out_r = array("l")
    title = None
    closers = _Closers(text)
    last_gt = text.rfind(">")  # no tag can end after the last `>`
    pos = 0
    for m in _MARKUP.finditer(text):
        if m.start() < pos:  # inside markup already dropped
            continue
        out_t.append(text[pos : m.start()])
        out_r.extend(range(pos, m.start()))
        pos, piece, title = _markup(text, m, closers, last_gt, title)
        if piece:
            out_t.append(piece)
            out_r.extend([m.start()] * len(piece))
    out_t.append(text[pos:])
    out_r.extend(range(pos, len(text)))
    return Seg("".join(out_t), out_r), title


def _markup(text: str, m: re.Match, closers: _Closers, last_gt: int, title: str | None):
    """One piece of markup at `m` -> (where the text resumes, what replaces it, the title so far)."""
    tok = m.group(0)
    if tok.startswith("&"):
        return m.end(), html.unescape(tok), title
    if tok == "<!--":
        c = closers.find("--", m.end())
        return (c[1] if c else m.end()), "", title
    if m.end() > last_gt:  # `<name` with no `>` after it: not a tag, left as text
        return m.start(), "", title
    end = text.find(">", m.end()) + 1
    slash, name = m.group(1), m.group(2).lower()
    if not slash and name in _HIDDEN and (c := closers.find(name, end)):
        return c[1], "\n", title
    if not slash and name == "title" and (c := closers.find("title", end)):
        inner = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^<>]*>", "", text[end : c[0]]))).strip()
        return c[1], "\n", title or inner or None
    if slash in ("", "/") and name in _BLOCK | _HIDDEN:
        return end, "\n", title
    return end, "", title


# ---------------------------------------------------------------- characters

# Full-width ASCII -> ASCII; ideographic and no-break spaces -> space; corner quotes -> curly quotes.
_CHAR_MAP = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}
_CHAR_MAP.update({0x3000: 0x20, 0xA0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20, 0x202F: 0x20})
_CHAR_MAP.update({ord("「"): ord("“"), ord("」"): ord("”"), ord("『"): ord("‘"), ord("』"): ord("’")})
_CHAR_MAP.update({ord("\t"): 0x20, ord("\r"): ord("\n"), ord("\f"): ord("\n"), ord("\v"): ord("\n")})
_CHAR_MAP.update({ord("\u2028"): ord("\n"), ord("\u2029"): ord("\n")})
# Control characters, zero-width characters, replacement characters: dropped.
_DROP = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\u200b-\u200d\u2060\ufeff\ufffd\ufffe]|\r(?=\n)")


def normalize_chars(seg: Seg) -> Seg:
    seg = seg.sub(_DROP)
    return Seg(seg.text.translate(_CHAR_MAP), seg.raw)


@lru_cache(maxsize=1)
def _opencc():
    """OpenCC traditional -> simplified (with Hong Kong variants): tells whether a text is traditional."""
    import opencc

    return opencc.OpenCC("hk2s")  # t2s plus the Hong Kong variant forms (衞 -> 卫)


# Phrases OpenCC leaves in a form mainland text does not use (座標 -> 座标, written 坐标); same lengths.
_PHRASE_FIXES = {"座标": "坐标"}


class _Simplifier:
    """Traditional -> simplified as the mainland writes it, for Taiwan and Hong Kong text too: their
    variants first (tw2s: 隨著, 著力 -> 随着, 着力; hk2s: 衞生 -> 卫生), then the phrase fixes. Plain t2s
    leaves 著 and 衞, so the same report in Big5 and in GB18030 would give different names."""

    def __init__(self) -> None:
        import opencc

        self._steps = (opencc.OpenCC("tw2s"), opencc.OpenCC("hk2s"))

    def convert(self, text: str) -> str:
        for cc in self._steps:
            text = cc.convert(text)
        for old, new in _PHRASE_FIXES.items():
            text = text.replace(old, new)
        return text


@lru_cache(maxsize=1)
def _simplifier() -> _Simplifier:
    return _Simplifier()


def is_traditional(text: str) -> bool:
    """More than 3% of the Han characters change under traditional -> simplified conversion."""
    sample = "".join(ch for ch in text[:20000] if "\u4e00" <= ch <= "\u9fff")[:5000]
    if len(sample) < 10:
        return False
    conv = _opencc().convert(sample)
    changed = sum(1 for a, b in zip(sample, conv, strict=False) if a != b)
    return changed / len(sample) > 0.03


def to_simplified(seg: Seg) -> Seg:
    """Convert line by line; a line whose length the conversion changes is converted per character,
    so that every clean character keeps its own original offset."""
    cc = _simplifier()
    out: list[str] = []
    for line in seg.text.split("\n"):
        conv = cc.convert(line)
        if len(conv) != len(line):
            conv = "".join(c if len(c := cc.convert(ch)) == 1 else ch for ch in line)
        out.append(conv)
    return Seg("\n".join(out), seg.raw)
