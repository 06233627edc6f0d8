"""Amounts and stages as facts about entities: which entity an amount (总投资84亿元) or a stage
(签约, 开工, 上升为市级战略) is about, and the date it applies to. Runs after the entities are known.

An amount attached to the wrong entity is worse than a missing one, so only these readings attach
(the rules of annotation for amounts too; docs/amounts.md):

1. **…的 NAME** — "总投资84亿元的综合立体交通体系": the amount describes the entity named right after
   its 的. When a count follows the 的 instead ("总投资305亿元的11个市级重点项目"), it is a total.
2. **NAME … amount** — "中博·领秀城项目总投资115亿元", "某项目，占地200亩": the entity named last before
   the amount in the same clause, with no other name or amount between, at most one comma and a
   few characters apart.
3. **Totals** ("14个项目总投资136亿元", "累计", "合计") are stated of a district, not of one project:
   the district named before in the sentence, or the district the report is about.
4. **全区 …** — "1-9月,全区实现进出口总额83.34亿元": 全区 (该区, 本区, 我区; 全县 …) is the district the
   report is about, when it is of that level and no name stands between.

A stage is read where a stage word stands right next to the names of projects or strategies
(谋划打造A、B; A、B已经上升为市级战略; C项目正式开工), every name of an enumeration included; words of
intent (推动, 争取, 力争, 拟, 计划) make it no fact. The date of a fact is the date the sentence gives
before it (截至10月底, 4月18日, 上半年), resolved against the report's date; else none (the report's
date then stands for it).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from loaders.dates import DateMention, find_dates
from loaders.quantities import Amount, find_amounts
from loaders.records import Document, Entity, Evidence, Mention, Sentence
from loaders.rules import evidence, subject_district

ATTACHABLE = ("Project", "Strategy", "Organization", "District")
MAX_GAP = 12  # characters between a name and the amount that follows it (rule 2)

# stage -> the words that state it (simplified text); the concepts of ontology/kg.ttl kg:Stages
STAGE_WORDS: dict[str, tuple[str, ...]] = {
    "planned": ("谋划打造", "谋划建设", "谋划"),
    "signed": ("签约落地", "正式签约", "成功签约", "签约", "落地", "落户"),
    "started": ("开工建设", "开工", "动工", "开建"),
    "underway": ("全面起势", "起势", "加紧建设", "加快建设", "全面铺开"),
    "completed": ("竣工", "建成投用", "建成", "完工"),
    "operating": ("投入使用", "投产", "投用", "开业", "运营"),
    "elevated": ("上升为市级战略", "上升为省级战略", "上升为国家战略", "上升为国家级战略"),
}
_STAGE = re.compile(
    "|".join(
        f"(?P<{stage}>{'|'.join(sorted(map(re.escape, words), key=len, reverse=True))})"
        for stage, words in STAGE_WORDS.items()
    )
)
_INTENT = re.compile(r"推动|争取|力争|拟|计划|将|有望|即将|预计|确保|未来|正在申请|申报|目标")
_NOT_A_STAGE_AFTER = re.compile(r"率|额|金额|总|机遇|仪式")  # 签约率, 签约额, 落地机遇: not the act
_FILLER = re.compile(r"^[\s已经正式全面顺利相继先后均都目前现已加快率先于在并]*$")
_AFTER_FILLER = re.compile(r"^[\s的了]*$")
_LIST_JOINER = re.compile(r"^\s*(、|和|及|以及|与)\s*$")
_SIZE_CLASS = re.compile(r"(?:以上|以下)?(?:的)?(?:重点|重大)?(?:项目|企业)|至[^，,；。]{0,4}项目")
_GAP_BREAK = re.compile(
    r"[；;。：:、0-9一二三四五六七八九十百千两几]|的|[区园城县市镇村港站厂局委院所馆校司行]$"
)
_LISTED_BEFORE = re.compile(r"(?:、|和|与|及)\s*$")
_WHOLE = re.compile(r"(?:全|该|本|我)(区|县|市|镇)")
_EACH = re.compile(r"均|各|分别|每个")
_WIDER = re.compile(r"全市|全省|全国|全球")
_COUNTED = re.compile(r"[0-9一二三四五六七八九十百千两几多]+\s*(?:个|项|家|批|宗|座)")
_LISTED_AFTER = re.compile(r"\s*(?:、|等)")
# How the names of undertakings end (…交通体系, …改造工程, …产业基地); a bare head is a category.
_PROJECT_HEADS = (
    "体系",
    "工程",
    "项目",
    "基地",
    "产业园",
    "园区",
    "中心",
    "综合体",
    "枢纽",
    "大厦",
    "广场",
    "通道",
)
_GENERIC = frozenset({"项目", "片区", "地块", "企业", "产业", "土地", "区域", "工程", "载体", "空间"})
_COUNT = re.compile(r"^\s*[0-9一二三四五六七八九十百千两几多]+\s*(个|项|家|批|宗|座)")


@dataclass(frozen=True)
class AmountFact:
    entity: str  # Entity.key
    amount: Amount
    date: str | None  # ISO 8601 (day, month, year or interval) the amount applies to, when stated
    evidence: Evidence


@dataclass(frozen=True)
class StageFact:
    entity: str  # Entity.key
    stage: str  # one of STAGE_WORDS
    word: str  # the word of the text that states it
    date: str | None
    evidence: Evidence


@dataclass(frozen=True)
class _Named:
    start: int
    end: int
    entity: Entity


def find_facts(
    doc: Document, entities: list[Entity], report_date: str | None
) -> tuple[list[AmountFact], list[StageFact], list[Entity]]:
    """The amounts and stages stated of `entities`, and the projects named only as what an amount
    is of (总投资84亿元的综合立体交通体系, when the name was not found before): new entities."""
    text = doc.text
    named = sorted(
        (_Named(m.start, m.end, e) for e in entities for m in e.mentions if e.type in ATTACHABLE),
        key=lambda n: (n.start, -n.end),
    )
    named = _outermost(named)
    starts = [n.start for n in named]
    dates = [d for d in find_dates(text, report_date) if d.iso]
    amounts = find_amounts(text)
    subject = subject_district(doc, entities)
    sentence_starts = [s.start for s in doc.sentences]
    amount_facts: list[AmountFact] = []
    added: dict[str, Entity] = {}
    known = {e.key: e for e in entities}
    for a in amounts:
        s = _sentence(doc, sentence_starts, a.start)
        if s is None:
            continue
        target = _amount_target(text, s, a, named, starts, amounts, subject)
        if target is None and not a.aggregate:
            target = _project_after_de(doc, s, a, known, added)
        if target is None:
            target = _whole_district(text, s, a, named, starts, subject)
        if target is not None:
            amount_facts.append(
                AmountFact(target.key, a, _date_before(dates, s, a.start), evidence(doc.clean, s))
            )
    stage_facts = _stages(doc, sentence_starts, named, starts, dates)
    return amount_facts, stage_facts, list(added.values())


# ---------------------------------------------------------------- amounts


def _amount_target(
    text: str,
    s: Sentence,
    a: Amount,
    named: list[_Named],
    starts: list[int],
    amounts: list[Amount],
    subject: Entity | None,
) -> Entity | None:
    if _SIZE_CLASS.match(text, a.end):  # 千万元以上重点项目68个, 亿元项目: a class of projects, not a sum
        return None
    if _EACH.search(text, max(s.start, a.start - 2), a.end):  # 4个项目总投资均超百亿元: each, not a total
        return None
    after = _first_at_or_after(named, starts, a.end)
    tail = text[a.end : s.end]
    if tail.startswith("的"):
        if _COUNT.match(tail[1:]) or (a.aggregate and _counted(text, s.start, a)):  # 总投资305亿元的11个…项目
            return _district_of(text, s, a, named, starts, subject)
        if after is None or after.start - a.end > 2 or after.end > s.end:
            return None
        if _LISTED_AFTER.match(text, after.end):  # 总投资115亿元的A、B、C等项目: a total of several
            return None
        return after.entity
    before = _last_before(named, starts, a.start)
    clause = _clause_start(text, s, a.start)
    named_in_clause = before is not None and before.start >= clause and before.entity.type != "District"
    if _counted(text, clause, a) or (a.aggregate and not named_in_clause and _counted(text, s.start, a)):
        return _district_of(text, s, a, named, starts, subject)  # 14个项目总投资136亿元: a total
    if before is None or before.end < s.start:
        return None
    gap = text[before.end : a.start]
    limit = MAX_GAP if a.cue else 4  # without a cue word (投资, 占地…) only a name right before it
    if (
        len(gap) > limit
        or gap.count("，") + gap.count(",") > 1
        or _GAP_BREAK.search(gap)  # another clause, a figure, a modifier (…的核心版块), a longer name
        or any(before.end <= b.start and b.end <= a.start for b in amounts if b is not a)
        or _LISTED_BEFORE.search(text, max(s.start, before.start - 2), before.start)  # A和B投资…: both
    ):
        return None
    if before.entity.type == "District":
        if a.kind in ("investment", "area") and not a.aggregate:
            return None  # 市中区总投资…: a district's own figures are totals, which say so (rule 3)
    elif a.aggregate:  # 3家综合保税区(…、东营综合保税区)进出口总值共计77亿元: not the last one's
        return None
    return before.entity


def _project_after_de(
    doc: Document, s: Sentence, a: Amount, known: dict[str, Entity], added: dict[str, Entity]
) -> Entity | None:
    """总投资84亿元的综合立体交通体系加紧建设: what the money is for is named by the nouns right after
    the 的, up to the verb or the punctuation that ends the phrase. Taken only when they make a name
    of 4 to 16 characters ending in a head that names an undertaking (体系, 工程, 项目, 基地…) and no
    list follows."""
    text = doc.text
    if not text.startswith("的", a.end) or a.kind not in ("investment", "area"):
        return None
    tokens = [t for t in s.tokens if t.start >= a.end + 1]
    end = None
    for t in tokens:
        if not (t.tag.startswith("n") or t.tag in ("vn", "b", "l", "j")) or t.text in _GENERIC:
            break
        end = t
    if end is None or not end.tag.startswith("n") or end.start == a.end + 1 and end.text in _GENERIC:
        return None
    start = a.end + 1
    name = text[start : end.end]
    if not 4 <= len(name) <= 16 or not name.endswith(_PROJECT_HEADS) or _LISTED_AFTER.match(text, end.end):
        return None
    key = f"Project|{name}"
    if key in known:
        return known[key]
    if key not in added:
        mention = Mention(start, end.end, name, "Project", "amount-of")
        added[key] = Entity(key, "Project", name, (), (mention,))
    return added[key]


def _whole_district(
    text: str, s: Sentence, a: Amount, named: list[_Named], starts: list[int], subject: Entity | None
) -> Entity | None:
    """全区实现进出口总额83.34亿元: 全区 (该区, 本区, 我区; 全县…) is the district the report is about,
    when that district is of that level and no other name stands between it and the amount."""
    if subject is None or _SIZE_CLASS.match(text, a.end) or _EACH.search(text, a.start, a.end):
        return None
    clause = _clause_start(text, s, a.start)
    whole = None
    for m in _WHOLE.finditer(text, clause, a.start):
        whole = m
    if whole is None or not subject.label.endswith(whole.group(1)):
        return None
    n = _first_at_or_after(named, starts, whole.end())
    if n is not None and n.start < a.start:
        return None  # 全区重点项目XX项目总投资…: about the project, if at all
    return subject


def _counted(text: str, start: int, a: Amount) -> bool:
    """A count of things (14个项目, 21家企业) shortly before the amount, from `start` on: a total."""
    return bool(_COUNTED.search(text, max(start, a.start - 40), a.start))


def _clause_start(text: str, s: Sentence, pos: int) -> int:
    """Where the clause holding `pos` begins: after the last comma or semicolon of the sentence."""
    cut = max(text.rfind(p, s.start, pos) for p in "，,；;")
    return s.start if cut < 0 else cut + 1


def _district_of(
    text: str, s: Sentence, a: Amount, named: list[_Named], starts: list[int], subject: Entity | None
) -> Entity | None:
    """The district a total is stated of: the first named in the sentence before it (not one that
    only says where projects come from: 北京项目), else the report's own, unless the sentence is
    about the whole city or province (全市重大项目共87个)."""
    i = bisect.bisect_left(starts, s.start)
    while i < len(named) and named[i].end <= a.start:
        n = named[i]
        if n.entity.type == "District" and not text.startswith(("项目", "企业"), n.end):
            return n.entity
        i += 1
    if _WIDER.search(text, s.start, a.start):
        return None
    return subject


# ---------------------------------------------------------------- stages


def _stages(
    doc: Document,
    sentence_starts: list[int],
    named: list[_Named],
    starts: list[int],
    dates: list[DateMention],
) -> list[StageFact]:
    text = doc.text
    out: dict[tuple[str, str], StageFact] = {}
    for m in _STAGE.finditer(text):
        stage = m.lastgroup or ""
        s = _sentence(doc, sentence_starts, m.start())
        if s is None:
            continue
        clause = _clause_start(text, s, m.start())
        lead = _clause_start(text, s, clause - 1) if clause > s.start else clause
        if _INTENT.search(text, lead if clause - lead <= 6 else clause, m.start()):
            continue  # 力争年底实现比亚迪项目投产, 未来,A、B投入使用: a target, not a fact
        if _NOT_A_STAGE_AFTER.match(text, m.end()):
            continue
        targets = _names_after(text, named, starts, m.end(), s) or _names_before(
            text, named, starts, m.start(), s
        )
        for n in targets:
            if n.entity.type not in ("Project", "Strategy"):
                continue
            fact = StageFact(
                n.entity.key, stage, m.group(), _date_before(dates, s, m.start()), evidence(doc.clean, s)
            )
            out.setdefault((n.entity.key, stage), fact)
    return list(out.values())


def _names_after(text: str, named: list[_Named], starts: list[int], pos: int, s: Sentence) -> list[_Named]:
    found: list[_Named] = []
    n = _first_at_or_after(named, starts, pos)
    while n is not None and n.end <= s.end:
        between = text[pos : n.start]
        if not (_AFTER_FILLER.match(between) if not found else _LIST_JOINER.match(between)):
            break
        found.append(n)
        pos = n.end
        n = _first_at_or_after(named, starts, pos)
    return found


def _names_before(text: str, named: list[_Named], starts: list[int], pos: int, s: Sentence) -> list[_Named]:
    found: list[_Named] = []
    n = _last_before(named, starts, pos)
    while n is not None and n.start >= s.start:
        between = text[n.end : pos]
        if not (_FILLER.match(between) if not found else _LIST_JOINER.match(between)):
            break
        found.append(n)
        pos = n.start
        n = _last_before(named, starts, pos)
    return found


# ---------------------------------------------------------------- helpers


def _outermost(named: list[_Named]) -> list[_Named]:
    """Drop names inside longer names (济南 in 济南中央活力区): the longer one is what is meant."""
    out: list[_Named] = []
    for n in named:
        if out and n.start < out[-1].end:
            if n.end - n.start > out[-1].end - out[-1].start and n.start == out[-1].start:
                out[-1] = n
            continue
        out.append(n)
    return out


def _first_at_or_after(named: list[_Named], starts: list[int], pos: int) -> _Named | None:
    i = bisect.bisect_left(starts, pos)
    return named[i] if i < len(named) else None


def _last_before(named: list[_Named], starts: list[int], pos: int) -> _Named | None:
    i = bisect.bisect_left(starts, pos) - 1
    while i >= 0 and named[i].end > pos:
        i -= 1
    return named[i] if i >= 0 else None


def _sentence(doc: Document, sentence_starts: list[int], pos: int) -> Sentence | None:
    i = bisect.bisect_right(sentence_starts, pos) - 1
    if 0 <= i < len(doc.sentences) and pos < doc.sentences[i].end:
        return doc.sentences[i]
    return None


def _date_before(dates: list[DateMention], s: Sentence, pos: int) -> str | None:
    """The last resolved date of the sentence that stands before `pos`."""
    best = None
    for d in dates:
        if s.start <= d.start and d.end <= pos:
            best = d.iso
    return best
