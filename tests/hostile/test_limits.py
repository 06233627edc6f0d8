"""Limits: very long lines, very large files, control characters, markup that never closes.

Each is handled (in time linear in the input: a quadratic step would make these tests take minutes)
or refused with one line. No test asserts a time.
"""

from __future__ import annotations

import base64
import html
import os
import random

import pytest

from kgerrors import InputError
from loaders.clean import MAX_TEXT, clean
from loaders.pipeline import extract, extract_report
from loaders.read import decode
from loaders.records import CleanText, Report
from loaders.segment import MAX_SENTENCE, segment
from tests.conftest import seed


def _report(raw: str, name: str = "r.txt") -> Report:
    return Report(name, name, raw, "utf-8", "0" * 64)


def _graph(x) -> tuple[set, set]:
    return (
        {(e.type, e.label, e.aliases) for e in x.entities},
        {(r.head, r.type, r.tail, r.evidence.text) for r in x.relations},
    )


def _unpunctuated(n: int) -> str:
    han = [ch for ch in seed("000").read_text(encoding="utf-8") if "\u4e00" <= ch <= "\u9fff"]
    return "".join(han[i % len(han)] for i in range(n))


def test_a_100k_character_line_without_punctuation():
    line = _unpunctuated(100_000)
    x = extract_report(_report(line + "\n"))
    assert x.entities  # the names in it are still found
    for r in x.relations:
        assert x.clean.text[r.evidence.start : r.evidence.end] == r.evidence.text
        assert len(r.evidence.text) <= MAX_SENTENCE


@pytest.mark.parametrize("run", ["a" * 100_000, "1" * 100_000, "、" * 100_000, "项目" * 50_000])
def test_runs_of_one_character(run):
    x = extract_report(_report(run))
    assert all(len(r.evidence.text) <= max(MAX_SENTENCE, 100_000) for r in x.relations)


def test_long_sentences_are_cut_at_commas_into_pieces_that_cover_them():
    text = "，".join(["市中区加快推进济南中央活力区建设"] * 400) + "。"
    doc = segment(CleanText("r.txt", text, tuple(range(len(text) + 1))))
    assert len(doc.sentences) > 1
    assert all(s.end - s.start <= MAX_SENTENCE for s in doc.sentences)
    assert all(text[s.end - 1] in "，。" for s in doc.sentences)  # cut after a comma
    assert [(a.end, b.start) for a, b in zip(doc.sentences, doc.sentences[1:], strict=False)] == [
        (b.start, b.start) for b in doc.sentences[1:]
    ]
    assert doc.sentences[0].start == 0 and doc.sentences[-1].end == len(text)


def test_control_characters_and_nul_bytes_change_nothing():
    text = seed("004").read_text(encoding="utf-8")
    rng = random.Random(4)
    noisy = "".join(
        ch + (rng.choice("\x00\x07\x08\x1b\x7f\u200b\ufeff") if rng.random() < 0.005 else "") for ch in text
    )
    raw, encoding = decode(noisy.encode("utf-8"), "noisy.txt")
    assert _graph(extract_report(_report(raw))) == _graph(extract(seed("004")))


def test_a_30_mb_saved_page_with_an_inline_image_is_read():
    """A page saved with its pictures and scripts inside: 30 MB of which a few thousand characters are text."""
    text = seed("002").read_text(encoding="utf-8")
    image = base64.b64encode(os.urandom(15 * 2**20)).decode()
    page = (
        "<!DOCTYPE html><html><head><title>报告</title><script>var big = '"
        + "x" * (8 * 2**20)
        + "';</script></head><body>"
        + "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n"))
        + f'<img src="data:image/png;base64,{image}"></body></html>'
    )
    assert len(page) > 28 * 2**20
    x = extract_report(_report(page, "page.html"))
    assert _graph(x)[0] == _graph(extract(seed("002")))[0]


def test_text_longer_than_a_report_is_refused_in_one_line():
    with pytest.raises(InputError, match=f"more than the {MAX_TEXT:,} a report may have") as err:
        clean(_report("市中区推进项目建设。\n" * (MAX_TEXT // 10 + 1)))
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("opening", ["<script>", "<!--", "<title>", "<style x='", "<div ", "<", "&#"])
def test_markup_that_never_closes(opening):
    raw = "<html><body><p>市中区加快推进济南中央活力区建设。</p>" + (opening + "比亚迪 ") * 10_000
    c = clean(_report(raw, "page.html"))
    assert "市中区加快推进济南中央活力区建设。" in c.text
    for i, ch in enumerate(c.text):
        assert ch == "\n" or raw[c.to_raw[i]] in (ch, "&")
