"""The same report in any encoding or form gives the same graph as its UTF-8 simplified original.

Every seed is written as GB18030, GBK, UTF-8 with a BOM, UTF-16 with and without a BOM, with CRLF or CR
line ends, as an HTML page, and in traditional characters (mainland, Taiwan in Big5, Hong Kong in
UTF-16); each is read from bytes like a file and must give the same entities (type, name, aliases) and
relations (with their evidence sentence). Offsets into the original differ, as the originals do.
"""

from __future__ import annotations

import html
from functools import cache

import opencc
import pytest

from loaders.pipeline import extract_report
from loaders.read import decode
from loaders.records import Report
from tests.conftest import SEEDS

SEED_NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))


def _page(text: str, charset: str = "utf-8") -> str:
    """The report as a news site serves it: head, script, navigation, paragraphs with entities, footer."""
    body = "".join(f"<p>{html.escape(line).replace(' ', '&nbsp;', 1)}</p>\n" for line in text.split("\n"))
    return (
        f'<!DOCTYPE html>\n<html><head><meta charset="{charset}"><title>报告</title>\n'
        "<script>var nav = '<p>首页</p>'; if (a < b && c > d) {}</script><style>p{margin:0}</style></head>\n"
        "<body><nav><a href='/'>首页</a> | <a href='/news'>新闻</a></nav>\n<div class='article'>\n"
        f"{body}</div><!-- 广告 --><footer>版权所有 &copy;2021</footer></body></html>"
    )


def _hant(config: str):
    cc = opencc.OpenCC(config)
    return lambda text: cc.convert(text)


# form -> (text -> bytes): BIG5 cannot hold U+00A0, which clean turns into a space anyway
FORMS = {
    "gb18030": lambda t: t.encode("gb18030"),
    "gbk": lambda t: t.replace("\xa0", " ").encode("gbk"),
    "utf-8 with BOM": lambda t: t.encode("utf-8-sig"),
    "utf-16 with BOM": lambda t: t.encode("utf-16"),
    "utf-16-le without BOM": lambda t: t.encode("utf-16-le"),
    "utf-16-be without BOM": lambda t: t.encode("utf-16-be"),
    "CRLF": lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    "CR": lambda t: t.replace("\n", "\r").encode("utf-8"),
    "HTML page": lambda t: _page(t).encode("utf-8"),
    "traditional (mainland)": lambda t: _hant("s2t")(t).encode("utf-8"),
    "traditional (Taiwan) in Big5": lambda t: _hant("s2tw")(t).replace("\xa0", " ").encode("big5"),
    "traditional (Hong Kong) in UTF-16": lambda t: _hant("s2hk")(t).encode("utf-16"),
    "traditional HTML in Big5": lambda t: _hant("s2tw")(_page(t, "big5")).replace("\xa0", " ").encode("big5"),
}


def _graph(data: bytes, name: str) -> tuple[set, set]:
    raw, encoding = decode(data, name)
    x = extract_report(Report(name, name, raw, encoding, "0" * 64))
    entities = {(e.type, e.label, e.aliases) for e in x.entities}
    relations = {(r.head, r.type, r.tail, r.evidence.text) for r in x.relations}
    return entities, relations


@cache
def _original(name: str) -> tuple[set, set]:
    return _graph((SEEDS / name).read_bytes(), name)


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("name", SEED_NAMES)
def test_every_form_of_a_report_gives_its_graph(name, form):
    text = (SEEDS / name).read_text(encoding="utf-8")
    entities, relations = _graph(FORMS[form](text), name)
    want_entities, want_relations = _original(name)
    assert entities == want_entities
    assert relations == want_relations
