"""Stage 2: `Report` -> `CleanText`: the report's running text, without the page around it.

What goes: HTML markup, site and forum chrome (navigation, share buttons, floor numbers, QR-code
and app-download lines, copyright), bylines and datelines, photo credits, URL spam lines and
repeated headlines. What is repaired: full-width forms, corner quotes, traditional characters
(converted to simplified with OpenCC), and paragraphs broken by the page layout (a line that stops
mid-sentence is joined to the line that continues it, even when a caption or a sidebar sits in
between). Censored `*` characters stay as they stand.

Every character of the clean text keeps the offset of the original character it came from
(`CleanText.to_raw`), so evidence can be located in the original file.

The pieces are in `loaders.cleaning`: `seg` (offset-keeping text, HTML, characters) and `lines`
(line classification and rejoining); this module is the stage.
"""

from __future__ import annotations

import re
from array import array

from kgerrors import InputError
from loaders.cleaning.lines import (
    _DATE,
    _FORUM_TITLE,
    _SOURCE,
    _TAIL_OF_PAGE,
    _classify,
    _is_body,
    _Line,
    _rejoin,
    _split_paragraphs,
    _tidy,
)
from loaders.cleaning.seg import (
    _CHAR_MAP,
    _identity,
    _opencc,
    _simplifier,
    html_to_text,
    is_traditional,
    looks_like_html,
    normalize_chars,
    to_simplified,
)
from loaders.records import CleanText, Report

# Longest text (markup removed) a report may have, in characters. Real reports stay well under 100 000
# (a year's government work report is about 20 000); the later stages take about 10 s on 200 000
# characters of news text and up to ~30 s on text made to be hard, and grow faster than the text.
MAX_TEXT = 200_000


# ---------------------------------------------------------------- the stage


def clean(report: Report) -> CleanText:
    """Report -> clean text, one paragraph per line."""
    raw = report.raw
    html_title = None
    if looks_like_html(raw):
        seg, html_title = html_to_text(raw)
    else:
        seg = _identity(raw)
    seg = normalize_chars(seg)
    if len(seg) > MAX_TEXT:
        raise InputError(
            f"{report.path}: {len(seg):,} characters of text, more than the {MAX_TEXT:,} a report may have"
            " (split it into several files)"
        )
    script = "Hans"
    if is_traditional(seg.text):
        seg = to_simplified(seg)
        script = "Hant"

    lines: list[_Line] = []
    date = source = None
    seen: set[str] = set()
    pos = 0
    for piece in seg.text.split("\n"):
        line = seg.slice(pos, pos + len(piece))
        pos += len(piece) + 1
        text = line.text.strip()
        if _TAIL_OF_PAGE.match(text) and sum(len(ln.seg) for ln in lines) >= 100:
            break  # the list of other articles under the story: none of it is this report
        kind = _classify(text)
        if "[复制链接]" in text:  # a forum thread's title
            lines.append(_Line(line.sub(_FORUM_TITLE).strip(), heading=True, title=True))
            continue
        if kind in ("meta", "chrome", "byline"):
            if date is None and (m := _DATE.search(text)):
                date = f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
            if source is None and (m := _SOURCE.search(text)):
                source = m.group(1)
            continue
        line = _tidy(line)
        for part in _split_paragraphs(line):
            t = part.text
            if not t:
                continue
            if len(t) >= 8 and t in seen:  # a headline or caption repeated by the page
                continue
            seen.add(t)
            heading = not _is_body(t) or (len(t) <= 50 and not re.search(r"[。；;！？!?]", t) and " " in t)
            title = (
                not any(ln.title for ln in lines)
                and len(lines) < 3
                and len(t) <= 80
                and t[-1] not in "。.!！"
            )
            lines.append(_Line(part, heading=heading or title, title=title))

    lines = _rejoin(lines)
    title = html_title or _title(lines)
    if date is None and (m := _DATE.search(seg.text[:3000])):
        date = f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return _assemble(report, lines, title, date, source, script)


def _title(lines: list[_Line]) -> str | None:
    for ln in lines:
        if ln.title:
            return ln.seg.text
    return None


def _assemble(report: Report, lines: list[_Line], title, date, source, script) -> CleanText:
    texts: list[str] = []
    to_raw = array("l")
    for k, ln in enumerate(lines):
        if k:
            texts.append("\n")
            prev = lines[k - 1].seg.raw
            to_raw.append(prev[-1] + 1 if len(prev) else 0)
        texts.append(ln.seg.text)
        to_raw.extend(ln.seg.raw)
    to_raw.append(len(report.raw))
    text = "".join(texts)
    return CleanText(
        doc_id=report.doc_id,
        text=text,
        to_raw=tuple(to_raw),
        title=title,
        date=date,
        source=source,
        script=script,
    )


def normalize_query(text: str) -> str:
    """A name typed by a user, normalised as report text is: full-width folded, simplified, quotes and spaces dropped."""
    t = text.translate(_CHAR_MAP)
    if is_traditional(t) or any(_opencc().convert(ch) != ch for ch in t):
        t = _simplifier().convert(t)
    return "".join(ch for ch in t if ch not in "“”\"'‘’「」《》 \t\n")


__all__ = [
    "MAX_TEXT",
    "clean",
    "html_to_text",
    "is_traditional",
    "looks_like_html",
    "normalize_query",
]
