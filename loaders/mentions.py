"""Stage 4: `Document` -> mentions of districts, strategies, projects and organizations.

Several recognisers propose candidate spans, each from one way Chinese names are formed:

- `headed`: a name ends in a head word (…产业园, …有限公司, …战略, …新区); its left edge is found by
  walking left over the words a name may contain, stopping at function words, quantities and the
  verbs that stand before names in this genre (打造, 引进, 加快推进…);
- `quoted`: a quoted slogan with or without a defining word (“三区”战略, “一带一城”);
- `titled`: a policy document in 《》;
- `listed`: the items of an enumeration typed by its class noun (A、B、C等一批项目);
- `known`: public knowledge (divisions, well-known organizations, national strategies).

`select` keeps the best non-crossing candidates; an organization inside a project's name
(比亚迪 in 比亚迪新能源整车项目) is kept as its own mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from loaders import forms
from loaders.lexicon import knowledge
from loaders.records import Document, Mention, Sentence, Token

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


# ---------------------------------------------------------------- recognisers

# Right after these a name is a title or a category, not a thing (获评“全国夜经济示范街”, 等11个…项目).
_DESIGNATION_BEFORE = re.compile(
    r"(?:成为|入围|获评|评为|被评为|入选|荣获|获批|确定为|列为|命名为|认定为|授予|首家|首个|首批)[“‘\"]?$"
)
_CLASS_PHRASE_BEFORE = re.compile(
    r"(?:一批|一些|多家|若干|一系列|各类)$|等(?:[0-9一二三四五六七八九十百千两几多数]+[个家项处座所条批类]|一批|一系列|多家|多个|多项)?$"
)
_ROLE_AFTER = re.compile(r"运营商|供应商|服务商|开发商|制造商|承建商|投资商")
_COUNT_AFTER = re.compile(r"^(?:[0-9一二三四五六七八九十百千两几多数余]+[个家项处座所条户亩平方米万]|等)")


def headed(doc: Document, v: _SentenceView) -> list[Candidate]:
    """Names that end in a head word: …项目, …有限公司, …战略, …新区."""
    out: list[Candidate] = []
    text = doc.text
    toks = v.toks
    s = v.s
    for j, tok in enumerate(toks):
        if tok.text[-1] not in forms.HEAD_LAST_CHARS:
            continue  # no head ends with this character: skip the search
        window = text[max(s.start, tok.end - 10) : tok.end]
        m = forms.HEAD_RE.search(window)
        if not m:
            continue
        head = m.group(0)
        head_start = tok.end - len(head)
        h = j  # the token the head starts in (heads may span tokens: 体育|中心, or sit inside one: 服务项目)
        while h > 0 and toks[h].start > head_start:
            h -= 1
        if toks[h].start > head_start or head_start < s.start:
            continue
        head_type = forms.HEAD_TYPE[head]
        if j + 1 < len(toks) and _continues_word(toks[j], toks[j + 1], head):
            continue
        if head_type == "Organization" and j + 1 < len(toks) and toks[j + 1].text in _PLACE_HEADS:
            continue  # 国家大学|科技园: the organization's head is part of a project's name
        start_index = _walk_left(v, h, head_type)
        if start_index == h and toks[h].start >= head_start and head_type == "Strategy":
            start_index = _counted_prefix(v, h)  # 15个攻势, 三大攻坚战
        if start_index == h and toks[h].start >= head_start:
            continue  # nothing in front of the head
        start_index = _strip_place_prefix(toks, start_index, h, head_type)
        start = _strip_leading_verbs(text, toks[start_index].start, head_start)
        if head_type == "Organization":
            start = _strip_descriptor(text, start, head_start)
        name = normalize_name(text[start : tok.end])
        before = text[max(s.start, start - 6) : start]
        walked_from = text[max(s.start, toks[start_index].start - 6) : toks[start_index].start]
        if head_type in ("Strategy", "Project") and (
            _DESIGNATION_BEFORE.search(before) or _DESIGNATION_BEFORE.search(walked_from)
        ):
            continue
        if _CLASS_PHRASE_BEFORE.search(before):
            continue
        if _ROLE_AFTER.match(text, tok.end):
            continue  # 国内最大产业园区运营商: a description of the company that follows
        if _COUNT_AFTER.match(text[tok.end : tok.end + 6]) and head in forms.WEAK_HEADS | {
            "公园",
            "基地",
            "学校",
        }:
            continue
        aliases: tuple[str, ...] = ()
        counted = _counted_inside(v, start, h)
        if counted is not None:  # 控股、城发…基金五大发展平台体系 -> 五大发展平台体系
            aliases = (name,)
            start = counted
            name = normalize_name(text[start : tok.end])
        if text[start - 1 : start] in "“‘" and text[tok.end : tok.end + 1] in "”’" and start > s.start:
            continue  # the whole quotation: quoted() decides what it names
        words = _modifier_words(v, start, head_start)
        if not _acceptable(name, head, head_type, words):
            continue
        if head_type == "Strategy" and head in _NEEDS_SPECIFIC and not _specific_strategy(name, words):
            continue  # 网格化治理体系, 大病救助制度: a description, not a named programme
        plan = _PLAN_FOR.match(name)
        planned = forms.head_of(plan.group(1)) if plan and head_type == "Strategy" else None
        if (
            planned and forms.HEAD_TYPE[planned] == "Project"
        ):  # 开放式大学科技园建设方案: the park is the thing
            out.append(Candidate(start, start + len(plan.group(1)), "Project", "plan-of", 2.4, plan.group(1)))
            continue
        if head in _TITLE_HOLDERS and _TITLE_AFTER.match(text[tok.end : tok.end + 4]):
            continue  # 区委书记, 公司党委副书记: an organization named only in a person's title
        if head_type == "District" and not _place_like(v, start_index, h):
            continue
        end_index = _bracket_after(toks, j)
        if (
            head_type == "Strategy"
            and end_index + 1 < len(toks)
            and toks[end_index + 1].text in ("建设", "创建")
        ):
            aliases = (*aliases, name)  # 活力品质强区建设 / 活力品质强区
            end_index += 1
        if end_index != j:
            name = normalize_name(text[start : toks[end_index].end])
        out.append(
            Candidate(
                start,
                toks[end_index].end,
                head_type,
                "headed",
                2.0 + 0.05 * len(name),
                name,
                aliases,
                nested_ok=head_type == "Organization",
            )
        )
    return out


# A description standing in front of a company's name: 世界500强|中远海运集团, 国内最大产业园区运营商|联东集团,
# 中国木工胶粘剂行业第一品牌|广州永特耐…有限公司, EPS企业|台湾见龙投资有限公司.
_DESCRIPTOR = re.compile(
    r".{0,24}?(?:500强|五百强|运营商|供应商|服务商|开发商|制造商|品牌|企业|龙头|巨头|集团旗下|旗下)"
)


def _strip_descriptor(text: str, start: int, head_start: int) -> int:
    m = _DESCRIPTOR.match(text, start, head_start)
    if m and head_start - m.end() >= 2:
        return m.end()
    return start


_TITLE_HOLDERS = frozenset({"党委", "工委", "党工委", "管委会", "委员会", "政府", "人民政府"})
_TITLE_AFTER = re.compile(r"(?:副)?(?:书记|主任|区长|市长|县长|局长|委员|常委|秘书长|主席)")


_PLAN_FOR = re.compile(r"^(.{3,})(?:建设)?(?:方案|规划|计划)$")


def _counted_inside(v: _SentenceView, start: int, h: int) -> int | None:
    """Where a counted collective starts inside a name, after the items it counts."""
    for t in v.toks:
        if start < t.start < v.toks[h].start and re.fullmatch(r"[二三四五六七八九十两]+[大个项]", t.text):
            return t.start
    return None


# Strategy heads that make a name only with something specific in front: a proper name or place, a number,
# a national designation (国家…, 全国…), brackets; otherwise it is a description (完善大病救助制度).
_NEEDS_SPECIFIC = frozenset(
    {
        "体系",
        "机制",
        "制度",
        "方案",
        "模式",
        "示范区",
        "实验区",
        "试验区",
        "先行区",
        "引领区",
        "集聚区",
        "格局",
        "行动",
        "活动",
        "计划",
        "工作法",
        "品牌",
        "政策措施",
        "功能区",
        "承载区",
        "发展方向",
        "重点产业",
        "特色产业",
    }
)


def _specific_strategy(name: str, words: list[tuple[str, bool]]) -> bool:
    if any(p for _, p in words) or re.search(r"[0-9A-Za-z()（）]", name):
        return True
    return name.startswith(("国家", "全国", "全省", "全市", "省级", "市级")) or bool(
        re.search(r"[二三四五六七八九十]", name)
    )


def _counted_prefix(v: _SentenceView, h: int) -> int:
    toks = v.toks
    if h >= 2 and toks[h - 1].text in ("个", "大", "项") and _NUMBER.match(toks[h - 2].text):
        return h - 2  # 15个攻势 (三个战略 is a count of strategies, not a name)
    return h


def _modifier_words(v: _SentenceView, start: int, head_start: int) -> list[tuple[str, bool]]:
    """The words of a name before its head, each with whether it looks like part of a proper name."""
    words = []
    for t, p in zip(v.toks, v.tagged_proper, strict=True):
        if t.end <= start or t.start >= head_start or t.text in QUOTE_CHARS:
            continue
        if t.start >= start and t.end <= head_start:
            words.append((t.text, p))
        else:  # a token cut by the name's edge or its head (服|务项目): its part inside the modifier
            part = t.text[max(0, start - t.start) : head_start - t.start]
            if part:
                words.append((part, False))
    return words


_LEADING_VERB = re.compile(  # used with match(): anchored at the position given
    "(?:" + "|".join(sorted((w for w in forms.BOUNDARY_WORDS if len(w) >= 2), key=len, reverse=True)) + ")"
)


def _strip_leading_verbs(text: str, start: int, head_start: int) -> int:
    """A verb the segmenter glued to the name's first word (打好|干部队伍… as 打|好干部…) is not part of it."""
    while start < head_start:
        m = _LEADING_VERB.match(text, start, head_start)
        if not m or head_start - m.end() < 2:
            break
        start = m.end()
    straddle = _LEADING_VERB.match(text, max(0, start - 1), head_start)
    if straddle and straddle.end() - start == 1 and head_start - straddle.end() >= 2:
        start = straddle.end()  # 奋力开|创新时代… : 开创 is the verb, 新时代… the name
    return start


def _place_like(v: _SentenceView, i: int, h: int) -> bool:
    """A district's name starts with a place (济南…起步区, 青岛西海岸新区) or is an unknown proper name (孙耿街道)."""
    k = knowledge()
    if i >= h:
        return False
    if k.division(v.toks[i].text) is not None:
        return True
    return all(v.proper[x] for x in range(i, h))


def _bracket_after(toks: tuple[Token, ...], j: int) -> int:
    """A short bracket right after a name belongs to it: 山东新金融产业园(二期), …行动方案(纲要)."""
    if j + 2 < len(toks) and toks[j + 1].text in OPEN_BRACKETS:
        close = OPEN_BRACKETS[toks[j + 1].text]
        for k in range(j + 2, min(len(toks), j + 6)):
            if toks[k].text == close:
                inner = "".join(t.text for t in toks[j + 2 : k])
                if 1 <= len(inner) <= 6 and not re.search(r"[，,。；;、]", inner):
                    return k
                break
    return j


_PLACE_HEADS = frozenset({"科技园", "产业园", "园区", "城", "校区", "院区", "小镇", "基地"})
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


def _strip_place_prefix(toks, start_index: int, h: int, head_type: str) -> int:
    """起步区比亚迪新能源整车项目 -> 比亚迪新能源整车项目: a county-level district in front of a project's
    name says where it is and is not part of the name (a city or province is: 济南宾馆, 山东大学)."""
    if head_type != "Project":
        return start_index
    k = knowledge()
    i = start_index
    while i < h:
        t = toks[i].text
        d = k.division(t)
        is_district = (d is not None and d.level in ("county", "new-area")) or t in (
            "起步区",
            "新区",
            "开发区",
            "高新区",
        )
        if not is_district or len("".join(x.text for x in toks[i + 1 : h])) < 2:
            break
        i += 1
    return i


_GENERIC_MODIFIERS = forms._words(
    """
    重点 重大 优质 一批 产业 招商 签约 在建 新建 技改 民生 基础 配套 高端 高品质 省级 市级 区级 国家级 省市 示范性 标志性 地标性 龙头 引领型 现代化 专业 综合 特色 新型 新兴
    战略性 大型 小型 各类 相关 主要 其他 该 本 此 这 那 各 多 大 小 新 好 首 总 全 区域 城市 中心 国际 国内 全国 全省 全市 全区 工业 商业 金融 重要 核心 骨干 领军 世界
    高水平 高标准 一流 优秀 先进 典型 试点 示范 发展 建设 社区 乡镇 村级 农村 街道 现有 原有 各级 有关 相应 本地 当地 周边
    """
)


# Government bodies named by level alone: 省科技厅, 市发改委, 区政府.
_GOV_HEADS = frozenset(
    {
        "科技厅",
        "发改委",
        "国资委",
        "财政厅",
        "商务厅",
        "工信厅",
        "管理局",
        "公安局",
        "税务局",
        "监管局",
        "卫健委",
        "教育局",
        "商务局",
        "科技局",
        "财政局",
        "人民政府",
        "政府",
        "办公室",
        "新闻办",
    }
)


def _acceptable(name: str, head: str, head_type: str, words: list[tuple[str, bool]]) -> bool:
    if len(name) <= len(head) or len(name) > MAX_NAME + 4:
        return False
    if name in knowledge().generic:
        return False
    texts = [w for w, _ in words]
    if not texts:
        return len(name) - len(head) >= 2 and head not in forms.WEAK_HEADS
    if head in _GOV_HEADS and "".join(texts) in ("省", "市", "区", "县", "国家"):
        return True
    if all(w in _GENERIC_MODIFIERS or _is_numeric(w) or w in forms.PUNCT for w in texts):
        return False
    if any(p for _, p in words) or any(ch in name for ch in "()（）"):
        return True
    content = [w for w in texts if w not in _GENERIC_MODIFIERS]
    descriptive = len(content) >= 2 and sum(len(w) for w in content) >= 4
    if head in forms.WEAK_HEADS or any(head.endswith(w) for w in ("中心", "平台", "系统")):
        return descriptive
    return descriptive or sum(len(w) for w in content) >= 2


def _quote_groups(v: _SentenceView, text: str) -> list[tuple[int, int, str]]:
    """(open index, close index, content without quotes) of every quotation in the sentence."""
    toks = v.toks
    out = []
    i = 0
    while i < len(toks):
        t = toks[i].text
        if t not in OPEN_QUOTES:
            i += 1
            continue
        close = OPEN_QUOTES[t]
        j = next((k for k in range(i + 1, min(len(toks), i + 24)) if toks[k].text == close), None)
        if j is None or j == i + 1:
            i += 1
            continue
        content = text[toks[i].end : toks[j].start]
        if len(content) <= 30 and not re.search(r"[。；;!?！？,，:：]", content):
            out.append((i, j, normalize_name(content)))
        i = j + 1
    return out


_COLLECTIVE = re.compile(
    rf"^[{forms.FIRST_NUMERAL}][大个项类种][\u4e00-\u9fff]{{0,4}}?(?:板块|工程|行动|战略|任务|体系|平台|领域|产业|方面)"
)


def quoted(doc: Document, v: _SentenceView) -> list[Candidate]:
    """Quoted names and slogans: “三区”战略, “经纬人才”系列工程, “东强、西兴、南美、北起、中优”城市发展新格局,
    “一带一城”, “推进…指挥部”, “大经济、…、大国资”六大板块, “明湖系”“丽山系”产业园区."""
    out: list[Candidate] = []
    text = doc.text
    toks = v.toks
    groups = _quote_groups(v, text)
    for n, (q_open, q_close, c) in enumerate(groups):
        if not c or c in knowledge().generic:
            continue
        chain = q_open
        while chain > 0 and toks[chain - 1].text in QUOTE_CHARS:  # “…百强区”“中国创新百强区”
            prev = next((g[0] for g in groups if g[1] == chain - 1), None)
            if prev is None:
                break
            chain = prev
        if _DESIGNATION_BEFORE.search(text[max(v.s.start, toks[chain].start - 6) : toks[chain].end]):
            continue
        start, end = toks[q_open].start, toks[q_close].end
        head = forms.head_of(c)
        # the quotation is a whole noun phrase unless a noun continues it (“行政+市场”手段)
        complete = q_close + 1 >= len(toks) or toks[q_close + 1].tag not in ("n", "nz", "vn", "ng", "")
        stripped = _strip_leading_verb_words(c)
        if stripped != c and head and forms.HEAD_TYPE[head] == "Strategy":
            c = stripped  # “深入实施工业强市发展战略” names 工业强市发展战略
        if (
            head
            and forms.HEAD_TYPE[head] in ("Project", "Organization")
            and head not in forms.QUOTE_HEADS
            and len(c) > len(head) + 1
            and not forms.SLOGAN_NUMBERED.match(c)
            and complete  # “X中心”的发展思想 is not a centre's name
            and "、" not in c
            and not _hard_boundary(c[0])
        ):
            out.append(
                Candidate(
                    start,
                    end,
                    forms.HEAD_TYPE[head],
                    "quoted-name",
                    3.4,
                    c,
                    nested_ok=forms.HEAD_TYPE[head] == "Organization",
                )
            )
            continue
        after = text[end : min(v.s.end, end + 12)]
        coll = _COLLECTIVE.match(after)
        if coll and forms.SLOGAN_ENUM.match(c):
            # “大经济、大建设…”六大板块: the collective is the name, the items its parts
            out.append(Candidate(start, end + coll.end(), "Strategy", "collective", 3.6, coll.group(0), (c,)))
            pos = toks[q_open].end
            for part in re.split(r"[、,]", text[toks[q_open].end : toks[q_close].start]):
                if part:
                    out.append(
                        Candidate(
                            pos, pos + len(part), "Strategy", "collective-part", 3.7, normalize_name(part)
                        )
                    )
                pos += len(part) + 1
            continue
        # “明湖系”“丽山系”产业园区: adjacent quotations share the words after the last one
        follow = n + 1 < len(groups) and groups[n + 1][0] == q_close + 1
        if follow:
            last = n + 1
            while last + 1 < len(groups) and groups[last + 1][0] == groups[last][1] + 1:
                last += 1
            shared = _tail_to_head(doc, v, groups[last][1])
            if shared is not None:
                tail_end, typ = shared
                tail = text[toks[groups[last][1]].end : tail_end]
                out.append(Candidate(start, end, typ, "quoted-shared", 3.3, c + normalize_name(tail), (c,)))
                continue
        cand = _quoted_with_head(doc, v, q_open, q_close, c)
        if cand:
            out.append(cand)
            continue
        if _is_slogan(c, text, start, end):
            if (
                head
                and forms.HEAD_TYPE[head] != "Strategy"
                and head not in forms.QUOTE_HEADS  # “头号工程” is a programme
                and not forms.SLOGAN_NUMBERED.match(c)
            ):
                continue
            out.append(Candidate(start, end, "Strategy", "quoted", 3.0, c))
    return out


def _strip_leading_verb_words(name: str) -> str:
    m = _LEADING_VERB.match(name)
    while m and len(name) - m.end() >= 2:
        name = name[m.end() :]
        m = _LEADING_VERB.match(name)
    return name


def _tail_to_head(doc: Document, v: _SentenceView, q_close: int) -> tuple[int, str] | None:
    """Where the words after a quotation end in a head within a few tokens, and the head's type."""
    toks = v.toks
    for k in range(q_close + 1, min(len(toks), q_close + 5)):
        if _hard_boundary(toks[k].text):
            return None
        joined = doc.text[toks[q_close].end : toks[k].end]
        head = forms.head_of(joined)
        if head:
            return toks[k].end, forms.HEAD_TYPE[head]
    return None


def _hard_boundary(t: str) -> bool:
    return (
        t.isspace()
        or (t in forms.PUNCT and t not in forms.INNER_PUNCT)
        or t in forms.BOUNDARY_WORDS
        or (len(t) == 1 and t in forms.BOUNDARY_CHARS)
    )


_QUOTE_HEAD_AT_END = re.compile("(?:" + "|".join(map(re.escape, forms.QUOTE_HEADS)) + ")$")
_DEFINING_WORD_GLUED = re.compile(r"(战略|工程|行动)(?:部署|布局|规划|要求|任务|实施)")


def _quoted_with_head(
    doc: Document, v: _SentenceView, q_open: int, q_close: int, content: str
) -> Candidate | None:
    """A quote followed, within a few words, by a strategy's defining word."""
    text = doc.text
    toks = v.toks
    end_index = None
    if q_close + 1 < len(toks) and _DEFINING_WORD_GLUED.fullmatch(toks[q_close + 1].text):
        # “强省会”战略部署: the defining word is glued to what is done with the strategy
        glued = _DEFINING_WORD_GLUED.fullmatch(toks[q_close + 1].text).group(1)
        end = toks[q_close + 1].start + len(glued)
        return Candidate(toks[q_open].start, end, "Strategy", "quoted+head", 3.5, content + glued, (content,))
    for k in range(q_close + 1, min(len(toks), q_close + 6)):
        tok = toks[k]
        joined = text[toks[q_close].end : tok.end]
        if _QUOTE_HEAD_AT_END.search(joined) and not (
            k + 1 < len(toks) and _continues_word(tok, toks[k + 1], joined[-2:])
        ):
            end_index = k  # keep going: the longest defining phrase within reach wins (行动 -> 行动计划)
            continue
        other = forms.head_of(joined)
        if other and forms.HEAD_TYPE[other] in ("Project", "Organization") and end_index is None:
            return None  # “市中一网通”平台建设: a project's name, not a strategy's
        if _hard_boundary(tok.text) or tok.text in QUOTE_CHARS:
            break
    if end_index is None:
        # “十强”产业, “3+2”重点产业: a numbered slogan directly followed by 产业
        nxt = toks[q_close + 1].text if q_close + 1 < len(toks) else ""
        if nxt == "产业" and (forms.SLOGAN_NUMBERED.match(content) or re.fullmatch(r"[0-9+]+", content)):
            end_index = q_close + 1
        else:
            return None
    tail = text[toks[q_close].end : toks[end_index].end]
    if any(s in tail for s in knowledge().strategies if len(s) >= 4):
        return None  # “…骨干管网”重大军民融合建设: the words after name another strategy
    if tail in ("建设", "创建"):
        # “魅力品质之城”建设, “品质市中”建设: the slogan is the name; with the word it is an alias
        return Candidate(
            toks[q_open].start,
            toks[end_index].end,
            "Strategy",
            "quoted+head",
            3.2,
            content,
            (content + tail,),
        )
    return Candidate(
        toks[q_open].start, toks[end_index].end, "Strategy", "quoted+head", 3.5, content + tail, (content,)
    )


_GOALS = (
    "名城",
    "之城",
    "高地",
    "强区",
    "强市",
    "强县",
    "强省",
    "标杆",
    "样板",
    "示范区",
    "先行区",
    "引领区",
    "新城",
)
_ENUM_SLOGAN_AFTER = re.compile(
    r"^(?:的)?(?:城市发展新格局|发展新格局|新格局|格局|城市格局|战略|的目标|目标|建设|布局|规划布局|发展布局|空间布局|总体布局)"
)


def _is_slogan(c: str, text: str, start: int, end: int) -> bool:
    if forms.SLOGAN_NUMBERED.match(c) and len(c) >= 2:
        if c.endswith(("个", "项", "次", "年", "天", "名", "人", "委", "会")):
            return False
        multi = len(re.findall(f"[{forms.NUMERAL}]", c)) >= 2  # 一带一城, 一城一谷一园一基地
        head = forms.head_of(c)
        # 一窗通, 一步连续法 count nothing; 两大中心, 双中心 are projects
        single_ok = bool(forms.SINGLE_NUMBERED.match(c)) and not (
            head and forms.HEAD_TYPE[head] != "Strategy"
        )
        return multi or single_ok
    if c.endswith(("之城", "战略", "工程", "行动", "计划", "攻势")) and len(c) >= 4:
        return True
    if forms.SLOGAN_ENUM.match(c):
        before = text[max(0, start - 6) : start]
        after = text[end : end + 6]
        if any(before.endswith(v) for v in forms.SLOGAN_VERBS):
            return True
        if _ENUM_SLOGAN_AFTER.match(after):
            return True
    if c.endswith(_GOALS) and len(c) >= 4:  # 加快建设“国际医疗康养名城”: a goal pursued by name
        before = text[max(0, start - 6) : start]
        return any(before.endswith(v) for v in forms.SLOGAN_VERBS)
    return False


def titled(doc: Document, v: _SentenceView) -> list[Candidate]:
    """Policy documents in 《》: 《中央活力区战略实施行动方案》."""
    out = []
    s = v.s
    for m in re.finditer(r"《([^《》\n]{4,60})》", doc.text[s.start : s.end]):
        name = normalize_name(m.group(1))
        if re.search(r"(?:方案|规划|计划|措施|纲要|政策|行动|意见|办法|战略)(?:\(.*\))?$", name):
            a = s.start + m.start()
            out.append(Candidate(a, s.start + m.end(), "Strategy", "titled", 4.0, name))
    return out


def listed(doc: Document, v: _SentenceView) -> list[Candidate]:
    """Items of an enumeration typed by its class noun: 比亚迪、国电投等龙头企业."""
    out: list[Candidate] = []
    s = v.s
    seg = doc.text[s.start : s.end]
    for m in forms.CLASS_NOUN_RE.finditer(seg):
        typ = forms.CLASS_NOUN_TYPE[m.group(1)]
        out.extend(_items_before(doc, v, s.start + m.start(), typ, "listed"))
    return out


def siblings(doc: Document, v: _SentenceView, found: list[Candidate]) -> list[Candidate]:
    """Items listed with a recognised name take its type: 中山公园、经四小纬二、万紫巷项目 (all projects)."""
    out: list[Candidate] = []
    text = doc.text
    for c in found:
        if c.rule not in ("headed", "known") or c.type not in ("Project", "Organization"):
            continue
        before = text[max(v.s.start, c.start - 1) : c.start]
        after = text[c.end : c.end + 1]
        if before == "、" or after == "、":
            end = c.end
            # extend the list to its last item when it continues after this one
            while text[end : end + 1] == "、":
                nxt = next((x for x in found if x.start == end + 1), None)
                if nxt is None:
                    break
                end = nxt.end
            for item in _items_before(doc, v, end, c.type, "sibling", score=1.5):
                head = forms.head_of(item.name)
                last = next((t for t in reversed(v.toks) if t.end <= item.end), None)
                if head is None and last is not None and last.tag in ("v", "vn"):
                    continue  # 科创企业培育, 科创人才合作: activities, not names
                if head is None or forms.HEAD_TYPE[head] == c.type:
                    out.append(item)
    return out


def _items_before(
    doc: Document, v: _SentenceView, end: int, typ: str, rule: str, score: float = 2.5
) -> list[Candidate]:
    """Split the enumeration that ends at `end` into items (、 and a final 和/及/以及)."""
    text = doc.text
    s = v.s
    clause_start = s.start
    for m in re.finditer(r"[,，;；:：。!?！？ ]", text[s.start : end]):
        clause_start = s.start + m.end()
    segment = text[clause_start:end]
    parts: list[tuple[int, int]] = []
    pos = clause_start
    for m in re.finditer(r"、", segment):
        parts.append((pos, clause_start + m.start()))
        pos = clause_start + m.end()
    parts.append((pos, end))
    a, b = parts[-1]
    mm = re.search(r"(以及|和|及)", text[a:b])
    if mm and mm.start() >= 2 and (b - a) - mm.end() >= 2:
        parts[-1] = (a, a + mm.start())
        parts.append((a + mm.end(), b))
    toks = v.toks
    generic = knowledge().generic
    if sum(normalize_name(text[a:b]) in generic for a, b in parts) * 2 >= len(parts):
        return []  # a list of industries or fields (人工智能、空天信息…等新型产业园区), not of names
    out = []
    for n, (a, b) in enumerate(parts):
        if b - a < 2:
            continue
        if n == 0:  # the first item starts after the verb that opens the list
            idx = [i for i, t in enumerate(toks) if a <= t.start and t.end <= b]
            if not idx:
                continue
            first = max(_walk_left(v, idx[-1]), idx[0])
            if first == idx[-1] and v.boundary(idx[-1]):
                continue
            a = toks[first].start
        name = normalize_name(text[a:b])
        if not _item_ok(name, v, a, b):
            continue
        out.append(
            Candidate(a, b, typ, rule, score + 0.05 * len(name), name, nested_ok=typ == "Organization")
        )
    return out


def _item_ok(name: str, v: _SentenceView, a: int, b: int) -> bool:
    """An item of a typed enumeration is a name unless it is generic: made only of common words."""
    if not (2 <= len(name) <= 30) or name in knowledge().generic:
        return False
    inner = [i for i, t in enumerate(v.toks) if a <= t.start and t.end <= b]
    for i in inner:
        t = v.toks[i].text
        if (
            t in forms.BOUNDARY_WORDS
            or (len(t) == 1 and t in forms.BOUNDARY_CHARS)
            or (t in forms.PUNCT and t not in forms.INNER_PUNCT and t not in QUOTE_CHARS + "()（）")
        ):
            return False
    if any(v.tagged_proper[i] for i in inner):
        return True
    head = forms.head_of(name)
    return (
        bool(head)
        and len(name) - len(head) >= 2
        and not all(v.toks[i].text in _GENERIC_MODIFIERS or v.toks[i].text == head for i in inner)
    )


def known(doc: Document, v: _SentenceView) -> list[Candidate]:
    """Divisions, well-known organizations and named national strategies."""
    k = knowledge()
    out = []
    toks = v.toks
    for i, tok in enumerate(toks):
        t = tok.text
        if len(t) < 2:
            continue
        d = k.division(t)
        if d is not None:
            nxt = toks[i + 1].text if i + 1 < len(toks) else ""
            if nxt.startswith(("路", "街", "大街", "大道", "巷")):
                continue  # 经十路: a street
            out.append(Candidate(tok.start, tok.end, "District", "known", 2.2, t))
        elif t in k.organizations:
            out.append(Candidate(tok.start, tok.end, "Organization", "known", 2.4, t, nested_ok=True))
        elif t in k.strategies:
            out.append(Candidate(tok.start, tok.end, "Strategy", "known", 2.4, t))
    for m in _long_strategies().finditer(v.s_text):  # names longer than one dictionary word
        out.append(
            Candidate(v.s.start + m.start(), v.s.start + m.end(), "Strategy", "known", 2.6, m.group(0))
        )
    return out


@lru_cache(maxsize=1)
def _long_strategies() -> re.Pattern:
    names = sorted((n for n in knowledge().strategies if len(n) >= 6), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


def inside_names(doc: Document, cands: list[Candidate]) -> list[Candidate]:
    """Organizations named inside a project's name: <org>(山东|北方|区域…)总部, <英文名>总部."""
    out = []
    k = knowledge()
    regions = "|".join(map(re.escape, forms.REGION_WORDS))
    projects = [c for c in cands if c.type == "Project"]
    for c in projects:
        if any(
            o.start <= c.start and c.end <= o.end and (o.start, o.end) != (c.start, c.end) for o in projects
        ):
            continue  # 深圳湾超级总部 inside 深圳湾超级总部基地: not a company's headquarters
        m = re.match(rf"^(.{{2,12}}?)(?:{regions})*总部$", c.name)
        if not m:
            continue
        org = m.group(1)
        while len(org) > 2 and any(org.endswith(d) and len(d) >= 2 for d in _division_tail(org)):
            org = org[: -len(_division_tail(org)[0])]  # 比亚迪南山总部 -> 比亚迪
        if k.division(org) or org in forms.REGION_WORDS:
            continue
        if re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", org) or len(org) >= 3:
            a = doc.text.find(org, c.start, c.end)
            if a >= 0:
                out.append(Candidate(a, a + len(org), "Organization", "inside", 2.3, org, nested_ok=True))
    return out


def _division_tail(name: str) -> list[str]:
    """Place names (full or short, any level) that end `name`, longest first."""
    k = knowledge()
    tails = []
    for n in range(2, min(6, len(name) - 1) + 1):
        t = name[-n:]
        if t in k.divisions or t in k.homonyms or (t + "区") in k.divisions or (t + "区") in k.homonyms:
            tails.append(t)
    return sorted(tails, key=len, reverse=True)


# ---------------------------------------------------------------- choosing among candidates


def select(cands: list[Candidate]) -> list[Candidate]:
    """Best-first: a candidate is kept unless it crosses a kept one; inside a kept one it is kept only when it
    is an organization in a project's (or another organization's) name."""
    clusters = _overlapping(cands)
    if len(clusters) > 1:  # candidates that do not overlap never compete: one cluster at a time is linear
        return [k for cluster in clusters for k in select(cluster)]
    kept: list[Candidate] = []
    # a well-known short name inside a fuller name yields to it: of the same kind (中远海运 in 中远海运集团),
    # or a strategy or place that is only the modifier of another name (新旧动能转换 in …起步区)
    cands = [
        c
        for c in cands
        if not (
            c.rule == "known"
            and any(
                (o.type == c.type or c.type != "Organization")
                and o.rule != "known"
                and o.start <= c.start
                and c.end <= o.end
                and (o.start, o.end) != (c.start, c.end)
                for o in cands
            )
        )
    ]
    for c in sorted(cands, key=lambda c: (-c.score, -(c.end - c.start), c.start)):
        ok = True
        for k in kept:
            if c.end <= k.start or k.end <= c.start:
                continue
            if k.start <= c.start and c.end <= k.end:  # c inside k
                if (c.start, c.end) == (k.start, k.end) or not _may_nest(c, k):
                    ok = False
            elif c.start <= k.start and k.end <= c.end:  # k inside c: c is longer but scored lower
                if not _may_nest(k, c):
                    ok = False
            else:
                ok = False  # crossing
            if not ok:
                break
        if ok:
            kept.append(c)
    return sorted(kept, key=lambda c: c.start)


def _overlapping(cands: list[Candidate]) -> list[list[Candidate]]:
    """The candidates in groups of overlapping spans, in text order (no span of a group overlaps another
    group); inside a group they keep their order, which breaks ties in `select`."""
    clusters: list[list[int]] = []
    end = -1
    for i in sorted(range(len(cands)), key=lambda i: (cands[i].start, cands[i].end)):
        if not clusters or cands[i].start >= end:
            clusters.append([])
        clusters[-1].append(i)
        end = max(end, cands[i].end)
    return [[cands[i] for i in sorted(cluster)] for cluster in clusters]


def _may_nest(inner: Candidate, outer: Candidate) -> bool:
    """An organization named inside a project's name (比亚迪 in 比亚迪新能源整车项目, 山东出版集团 in its
    展示楼) is a mention of its own (not one inside another organization's name: 中国银行山东省分行)."""
    return inner.nested_ok and inner.type == "Organization" and outer.type == "Project"


_AMBIGUOUS_HEADS = frozenset(
    {"产业集聚区", "集聚区", "中心", "总部", "基地", "平台", "共同体", "研究院", "体系", "示范区"}
)


def harmonize(doc: Document, kept: list[Candidate]) -> list[Candidate]:
    """Items of one enumeration are of one kind: an item typed only by an ambiguous head (…产业集聚区, …中心)
    takes the type of the others (安可区块链产业园、互联网出海产业园和济南BIM产业集聚区 are all projects)."""
    text = doc.text
    groups: list[list[Candidate]] = []
    for c in kept:
        if groups and re.fullmatch(r"、|和|及|以及|与", text[groups[-1][-1].end : c.start]):
            groups[-1].append(c)
        else:
            groups.append([c])
    for g in groups:
        if len(g) < 2:
            continue
        for c in g:
            if forms.head_of(c.name) not in _AMBIGUOUS_HEADS:
                continue
            others = [o.type for o in g if o is not c]
            majority = max(set(others), key=others.count)
            if (
                majority != c.type
                and others.count(majority) > len(others) / 2
                and majority in ("Project", "Strategy")
            ):
                c.type = majority
    return kept


def find_mentions(doc: Document) -> list[Mention]:
    cands = candidates(doc)
    return [
        Mention(
            c.start,
            c.end,
            doc.text[c.start : c.end],
            c.type,
            c.rule,
            c.name,
            tuple(a for a in c.aliases if a != c.name),
        )
        for c in harmonize(doc, select(cands))
    ]


def candidates(doc: Document) -> list[Candidate]:
    cands: list[Candidate] = []
    for s in doc.sentences:
        if not s.tokens:
            continue
        v = _SentenceView.of(doc, s)
        found = headed(doc, v)
        found += quoted(doc, v)
        found += titled(doc, v)
        found += known(doc, v)
        found += listed(doc, v)
        found += siblings(doc, v, found)
        cands += found
    cands += inside_names(doc, cands)
    cands += slogan_parts(doc, cands)
    return cands


def slogan_parts(doc: Document, cands: list[Candidate]) -> list[Candidate]:
    """A part of an enumerated slogan quoted on its own is a strategy too: “东强”传导区 after
    “东强、西兴、南美、北起、中优”."""
    parts: set[str] = set()
    for c in cands:
        if c.type == "Strategy" and c.rule.startswith("quoted"):
            for n in (c.name, *c.aliases):
                if forms.SLOGAN_ENUM.match(n):
                    parts.update(p for p in re.split(r"[、,]", n) if 2 <= len(p) <= 6)
    if not parts:
        return []
    out = []
    for m in re.finditer(r"“([^“”]{2,6})”", doc.text):
        if m.group(1) in parts:
            out.append(Candidate(m.start(), m.end(), "Strategy", "slogan-part", 2.9, m.group(1)))
    return out
