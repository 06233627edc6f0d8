"""`headed`: names that end in a head word (…产业园, …有限公司, …战略, …新区).

The left edge is found by walking left over the words a name may contain (`view._walk_left`), stopping
at function words, quantities and the verbs that stand before names in this genre (打造, 引进, 加快推进…);
then leading verbs, descriptions of a company and county-level places in front of a project are cut off,
and what is left must look like a name (`_acceptable`).
"""

from __future__ import annotations

import re

from loaders.lexicon import knowledge
from loaders.records import Document, Token
from loaders.rules import forms
from loaders.rules.view import (
    _DESIGNATION_BEFORE,
    _GENERIC_MODIFIERS,
    _LEADING_VERB,
    _NUMBER,
    MAX_NAME,
    OPEN_BRACKETS,
    QUOTE_CHARS,
    Candidate,
    _continues_word,
    _is_numeric,
    _SentenceView,
    _walk_left,
    normalize_name,
)

# Right after these a name is a category, not a thing (一批…, 等11个…项目).
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
