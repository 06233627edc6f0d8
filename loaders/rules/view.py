"""What the rule recognisers share: the `Candidate` they propose, the classes of tokens (what cannot be
inside a name, what is surely part of a proper name), `_SentenceView` (a sentence's tokens with those
per-token facts), walking left from a head to a name's start, and patterns more than one recogniser uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.lexicon import knowledge
from loaders.records import Document, Sentence, Token
from loaders.rules import forms
from loaders.rules.form_words import _words

PROPER_TAGS = frozenset({"ns", "nr", "nrt", "nz", "nt", "j", "nrfg", "eng"})
OPEN_QUOTES = {"“": "”", "‘": "’", '"': '"', "'": "'"}
CLOSE_QUOTES = {v: k for k, v in OPEN_QUOTES.items()}
OPEN_BRACKETS = {"(": ")", "（": "）"}
CLOSE_BRACKETS = {v: k for k, v in OPEN_BRACKETS.items()}
QUOTE_CHARS = "“”‘’\"'"
_HAN = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_NUMBER = re.compile(r"^[0-9.%]+$")
MAX_NAME = 32


@dataclass
class Candidate:
    start: int
    end: int
    type: str
    rule: str
    score: float
    name: str  # normalised (quotes dropped)
    aliases: tuple[str, ...] = ()
    nested_ok: bool = False  # may sit inside a longer mention (an organization inside a project name)
    extra: dict = field(default_factory=dict)


def normalize_name(text: str) -> str:
    """Drop quotation marks and spaces (the annotation's rule for names)."""
    return "".join(ch for ch in text if ch not in "“”\"'‘’「」《》 \u3000\t")


# ---------------------------------------------------------------- token classes


def _is_numeric(t: str) -> bool:
    return bool(_NUMBER.match(t)) or (
        len(t) <= 3 and all(ch in "0123456789一二三四五六七八九十百千两几多数每" for ch in t)
    )


def _is_boundary(toks: tuple[Token, ...], i: int, single_run: list[bool]) -> bool:
    """Token `i` cannot be inside a name."""
    tok = toks[i]
    t = tok.text
    if t.isspace() or (t in forms.PUNCT and t not in forms.INNER_PUNCT):
        return True
    if t in forms.BOUNDARY_WORDS:
        return True
    if len(t) == 1:
        if t in forms.BOUNDARY_CHARS:
            return True
        if t in forms.MEASURE_CHARS:  # 3家 is a quantity, 党家 a name
            return i > 0 and _is_numeric(toks[i - 1].text)
        if single_run[i]:  # a character of a name the dictionary does not know (安|可, 瑞|沣)
            return False
    if t in forms.INNER_WORDS:
        return False
    if tok.tag in forms.BOUNDARY_TAGS:
        return True
    # 一批, 两个 count things; 第一 in 山东第一医科大学 is part of a name
    return tok.tag in ("m",) and not _is_numeric(t) and len(t) > 1 and not t.startswith("第")


def _single_han(tok: Token) -> bool:
    return len(tok.text) == 1 and bool(_HAN.match(tok.text)) and tok.text not in forms.BOUNDARY_CHARS


def _single_runs(tokens: tuple[Token, ...]) -> list[bool]:
    single = [_single_han(t) for t in tokens]
    n = len(single)
    return [s and ((i > 0 and single[i - 1]) or (i + 1 < n and single[i + 1])) for i, s in enumerate(single)]


def _proper_flags(tokens: tuple[Token, ...], single_run: list[bool]) -> list[bool]:
    """Tokens that are surely part of a proper name: Latin, censored, known to the lexicon, not in the
    dictionary, or part of a run of single characters the dictionary could not group (小|梁|庄, 瑞|沣)."""
    k = knowledge()
    divisions, organizations = k.divisions, k.organizations
    return [
        single_run[i]
        or t in divisions
        or t in organizations
        or "*" in t
        or (tag == "" and _HAN.match(t) is not None)
        or _LATIN.search(t) is not None
        for i, (_, _, t, tag) in enumerate(tokens)
    ]


_QUANTITY_IN_NAME = re.compile(
    r"年产(?:能)?[0-9.]+[万亿千百]?(?:吨|台|辆|套|件|片|平方米|千瓦|兆瓦|吉瓦|GW|MW|万只|只|头)"
)


@dataclass
class _SentenceView:
    """A sentence's tokens with the per-token facts the recognisers share."""

    s: Sentence
    s_text: str
    toks: tuple[Token, ...]
    single: list[bool]
    proper: list[bool]
    tagged_proper: list[bool]

    @classmethod
    def of(cls, doc: Document, s: Sentence) -> _SentenceView:
        single = _single_runs(s.tokens)
        proper = _proper_flags(s.tokens, single)
        tagged = [p or t.tag in PROPER_TAGS for p, t in zip(proper, s.tokens, strict=True)]
        return cls(s, doc.text[s.start : s.end], s.tokens, single, proper, tagged)

    def boundary(self, i: int) -> bool:
        return _is_boundary(self.toks, i, self.single)


# ---------------------------------------------------------------- walking left to a name's start


def _walk_left(v: _SentenceView, j: int, head_type: str | None = None) -> int:
    """Index of the first token of the name whose first head token is `j`."""
    toks = v.toks
    i = j
    length = sum(len(t.text) for t in toks[j : j + 1])
    item_chars = 0  # characters of the current enumeration item, head excluded
    specific = False  # the part already collected has a proper name in it
    while i > 0:
        tok = toks[i - 1]
        t = tok.text
        if t in CLOSE_BRACKETS:  # a bracket group: 甲骨文(山东)…, …(济南)基地
            k = _matching_left(toks, i - 1, CLOSE_BRACKETS[t], 8)
            if k is None:
                break
            group_len = toks[i - 1].end - toks[k].start
            if length + group_len > MAX_NAME:
                break
            i, length = k, length + group_len
            continue
        if t in "”’\"'":  # a quote group: 国家“星火·链网”超级节点; not 南城“第一高”万科望岳中心
            if specific or head_type == "Strategy":  # quoted strategies are the quote recogniser's
                break
            k = _matching_left(toks, i - 1, CLOSE_QUOTES.get(t, t), 12)
            if k is None:
                break
            group_len = toks[i - 1].end - toks[k].start
            if length + group_len > MAX_NAME:
                break
            i, length, specific = k, length + group_len, True
            continue
        if t == "、" and head_type == "Strategy" and _short_enumeration(toks, i, item_chars):
            i -= 1  # 蓝天、碧水、净土保卫战: the head is shared by short parallel items
            length += 1
            item_chars = 0
            continue
        if t in forms.INNER_PUNCT:
            if i - 2 >= 0 and not v.boundary(i - 2):
                i -= 1
                length += len(t)
                continue
            break
        if i - 1 < j and len(t) >= 2 and forms.HEAD_TYPE.get(t) == "Strategy":
            break  # another strategy's name ends here: “3+2”特色产业|筑牢工业强县
        if v.boundary(i - 1):
            q = _QUANTITY_IN_NAME.search(v.s_text, 0, toks[i - 1].end - v.s.start)
            if q and q.end() == toks[i - 1].end - v.s.start:  # 台湾见龙|年产20万吨|EPS项目
                k = i - 1
                while k > 0 and toks[k].start > v.s.start + q.start():
                    k -= 1
                length += toks[i - 1].end - toks[k].start
                i = k
                continue
            break
        if (
            tok.tag in ("v", "vn")
            and len(t) >= 2
            and i < len(toks)
            and v.proper[i]
            and toks[i].text not in QUOTE_CHARS
        ):
            break  # a verb before a proper name acts on it: 服务|比亚迪项目, 支持|中国重卡
        if length + len(t) > MAX_NAME:
            break
        i -= 1
        length += len(t)
        item_chars += len(t)
        specific = specific or v.proper[i]
    # a name does not start with a quantity, a connector or a word that opens a clause
    while i < j and (
        toks[i].text in forms.BAD_FIRST_WORDS
        or _NUMBER.match(toks[i].text)
        or toks[i].text in forms.INNER_PUNCT
        or toks[i].text in CLOSE_BRACKETS
        or toks[i].text == "、"
    ):
        i += 1
    return i


def _short_enumeration(toks: tuple[Token, ...], comma: int, item_chars: int) -> bool:
    """`、` joins items of at most four characters (蓝天、碧水、净土…)."""
    if not 1 <= item_chars <= 4:  # the item already collected (head excluded) is short
        return False
    k = comma - 1
    item = 0
    while k >= 0 and toks[k].text not in forms.PUNCT:
        item += len(toks[k].text)
        k -= 1
    return 1 <= item <= 4


def _matching_left(tokens: tuple[Token, ...], close_index: int, opener: str, limit: int) -> int | None:
    for k in range(close_index - 1, max(-1, close_index - limit - 1), -1):
        t = tokens[k].text
        if t == opener:
            return k
        if t in "。；;，,：:!?！？" or t.isspace():
            return None
    return None


# ---------------------------------------------------------------- shared by several recognisers


# Right after these a name is a title or a category, not a thing (获评“全国夜经济示范街”, 等11个…项目).
_DESIGNATION_BEFORE = re.compile(
    r"(?:成为|入围|获评|评为|被评为|入选|荣获|获批|确定为|列为|命名为|认定为|授予|首家|首个|首批)[“‘\"]?$"
)


_LEADING_VERB = re.compile(  # used with match(): anchored at the position given
    "(?:" + "|".join(sorted((w for w in forms.BOUNDARY_WORDS if len(w) >= 2), key=len, reverse=True)) + ")"
)


_GLUED_AFTER = frozenset(
    {"区", "城区", "路", "街", "大道", "城", "化", "制", "式", "型", "性", "级", "内", "外"}
)
_AFTER_STRATEGY = frozenset(
    {
        "合作",
        "性",
        "意义",
        "机遇",
        "机遇期",
        "高度",
        "定位",
        "新兴产业",
        "支撑",
        "布局",
        "部署",
        "高地",
        "叠加",
        "资源",
    }
)


def _continues_word(tok: Token, nxt: Token, head: str) -> bool:
    """The head is not the end of the name when the next token glues to it (中心城区, 项目化, 战略合作)."""
    if nxt.text in _GLUED_AFTER:
        return tok.text not in {"新区", "起步区"}
    return head == "战略" and nxt.text in _AFTER_STRATEGY


_GENERIC_MODIFIERS = _words(
    """
    重点 重大 优质 一批 产业 招商 签约 在建 新建 技改 民生 基础 配套 高端 高品质 省级 市级 区级 国家级 省市 示范性 标志性 地标性 龙头 引领型 现代化 专业 综合 特色 新型 新兴
    战略性 大型 小型 各类 相关 主要 其他 该 本 此 这 那 各 多 大 小 新 好 首 总 全 区域 城市 中心 国际 国内 全国 全省 全市 全区 工业 商业 金融 重要 核心 骨干 领军 世界
    高水平 高标准 一流 优秀 先进 典型 试点 示范 发展 建设 社区 乡镇 村级 农村 街道 现有 原有 各级 有关 相应 本地 当地 周边
    """
)
