"""`quoted`: quoted names and slogans, with or without a defining word (“三区”战略, “一带一城”,
“推进…指挥部”), and what tells a slogan pursued by name from a mere quotation (`_is_slogan`).
"""

from __future__ import annotations

import re

from loaders.lexicon import knowledge
from loaders.records import Document
from loaders.rules import forms
from loaders.rules.view import (
    _DESIGNATION_BEFORE,
    _LEADING_VERB,
    OPEN_QUOTES,
    QUOTE_CHARS,
    Candidate,
    _continues_word,
    _SentenceView,
    normalize_name,
)


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
