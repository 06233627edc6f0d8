"""Property-based: random and mutated report text never breaks the loader, and every offset it gives
points at the text it names.

The only error allowed is `InputError`, from `decode`, for input that is not a text report (empty,
binary, undecodable, too long). Runs are bounded (max_examples, no deadline) to keep the suite fast.
"""

from __future__ import annotations

import codecs
import os
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kgerrors import InputError
from loaders.clean import looks_like_html
from loaders.cleaning.seg import _opencc
from loaders.pipeline import extract_report
from loaders.read import decode
from loaders.records import Extraction, Report
from tests.conftest import SEEDS

SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
SEED_HAN = sorted({ch for t in SEED_TEXTS for ch in t if "\u4e00" <= ch <= "\u9fff"})

# Pieces hostile text is made of: the seeds' own characters and names, punctuation that starts or ends
# sentences and names, markup, control characters, invisible and replacement characters.
_WORDS = (
    "市中区 济南中央活力区 比亚迪新能源整车项目 中泰证券 “三区”战略 有限公司 项目 战略 [复制链接] 责任编辑: "
    "http://x.cn 1# * ** …… ! ? ？ 。 ， 、 ； ： “ ” 《 》 ( ) （ ） ＡＢＣ "
    "<p> </p> <br> <script> </script> <!-- --> &amp; &#0; &lt; <title>"
)
_INVISIBLE = [
    "\n",
    "\r\n",
    "\r",
    " ",
    "\t",
    "\x00",
    "\x07",
    "\x1b",
    "\x7f",
    "\u200b",
    "\ufeff",
    "\ufffd",
    "\u3000",
]
PIECES = _WORDS.split() + _INVISIBLE + ["\xa0", "\u2028"]

# A longer hunt: KG_HYPOTHESIS_EXAMPLES=2000 pytest tests/hostile
EXAMPLES = int(os.environ.get("KG_HYPOTHESIS_EXAMPLES", "40"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

chars = st.characters(blacklist_categories=("Cs",))  # lone surrogates cannot come out of decoding
pieces = st.one_of(st.sampled_from(PIECES), st.sampled_from(SEED_HAN), st.text(chars, max_size=8))
random_text = st.lists(pieces, max_size=300).map("".join)


@st.composite
def mutated_seed(draw) -> str:
    """A seed report cut, spliced and sprinkled with hostile pieces."""
    text = draw(st.sampled_from(SEED_TEXTS))
    a = draw(st.integers(0, len(text)))
    b = draw(st.integers(a, len(text)))
    text = text[a:b] if draw(st.booleans()) else text
    for _ in range(draw(st.integers(0, 12))):
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 20))
        text = text[:at] + draw(pieces) + text[at + cut :]
    return text


@st.composite
def mutated_bytes(draw) -> bytes:
    """A seed's bytes in some encoding, with bytes flipped, cut or inserted (a broken download)."""
    text = draw(st.sampled_from(SEED_TEXTS)).replace("\xa0", " ")
    enc = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-16-be"]))
    data = bytearray(text.encode(enc))
    for _ in range(draw(st.integers(0, 8))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["flip", "cut", "insert", "truncate"]))
        if kind == "flip" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif kind == "cut":
            del data[at : at + draw(st.integers(1, 50))]
        elif kind == "insert":
            data[at:at] = draw(st.binary(max_size=20))
        elif kind == "truncate":
            del data[at:]
    return bytes(data)


def _extract(raw: str, encoding: str = "utf-8") -> Extraction:
    return extract_report(Report("h.txt", "h.txt", raw, encoding, "0" * 64))


def _fold(ch: str) -> str:
    """What a raw character becomes in the clean text (full width, spaces, quotes)."""
    ch = unicodedata.normalize("NFKC", ch) if "\uff01" <= ch <= "\uff5e" else ch
    return {"\u3000": " ", "\xa0": " ", "「": "“", "」": "”", "『": "‘", "』": "’", "\t": " "}.get(ch, ch)


def _assert_offsets_hold(x: Extraction) -> None:
    text, raw, to_raw = x.clean.text, x.report.raw, x.clean.to_raw
    assert len(to_raw) == len(text) + 1
    plain = x.clean.script == "Hans" and not looks_like_html(raw)
    for e in x.entities:
        for m in e.mentions:
            assert 0 <= m.start < m.end <= len(text) and text[m.start : m.end] == m.surface
    for r in x.relations:
        ev = r.evidence
        assert text[ev.start : ev.end] == ev.text and ev.text.strip() == ev.text and ev.text
        assert (ev.raw_start, ev.raw_end) == x.clean.raw_span(ev.start, ev.end)
        assert 0 <= ev.raw_start < ev.raw_end <= len(raw)
        for i in range(ev.start, ev.end):
            origin = raw[to_raw[i]]
            if plain:
                assert _fold(origin) == text[i], (i, origin, text[i])
            else:  # markup decoded (&amp; -> &) or traditional simplified: the origin still converts to it
                assert _fold(origin) == text[i] or origin == "&" or _opencc().convert(origin) != origin


@SETTINGS
@given(random_text)
def test_random_text_never_breaks_the_loader(raw):
    try:
        x = _extract(raw)
    except InputError as exc:  # only a text longer than a report may be
        assert "characters of text" in str(exc)
        return
    _assert_offsets_hold(x)


@SETTINGS
@given(mutated_seed())
def test_mutated_reports_never_break_the_loader(raw):
    _assert_offsets_hold(_extract(raw))


@SETTINGS
@given(mutated_bytes())
def test_damaged_files_are_read_or_refused_in_one_line(data):
    try:
        raw, encoding = decode(data, "damaged.txt")
    except InputError as exc:
        assert str(exc).startswith("damaged.txt: ") and "\n" not in str(exc)
        return
    _assert_offsets_hold(_extract(raw, encoding))


def test_a_damaged_utf8_file_is_still_read():
    data = SEED_TEXTS[1].encode("utf-8")
    raw, encoding = decode(data[:-1] if data[-1] > 127 else data[:1001], "cut.txt")
    assert encoding == "utf-8" and raw.startswith(SEED_TEXTS[1][:100])
    assert codecs.lookup(encoding).name == "utf-8"
