"""Public knowledge the recogniser may use, and the segmenter bent to it.

China's administrative divisions, the state-level new areas, foreign cities, well-known
organizations without a suffix, named national strategies and generic phrases; sources in
`data/SOURCES.md`. Nothing here is a report's own name.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("data")


@dataclass(frozen=True)
class Division:
    code: str
    level: str  # province, city, county, new-area, foreign-city
    name: str  # full name: 济南市, 历下区, 河北雄安新区
    short: str  # 济南, 历下, 雄安新区
    parent: str  # code of the division it lies in ("" for provinces)


def _rows(name: str):
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


@dataclass(frozen=True)
class Knowledge:
    divisions: dict[str, Division]  # every full or short name -> its (first) division
    by_code: dict[str, Division]
    homonyms: dict[str, list[Division]]  # names several divisions share (市中区: 济南, 枣庄, 乐山…)
    organizations: dict[str, str]  # any name -> canonical name
    strategies: dict[str, str]  # any name -> canonical name
    generic: frozenset[str]

    def division(self, name: str) -> Division | None:
        return self.divisions.get(name)

    def division_near(self, name: str, names_in_report: set[str]) -> Division | None:
        """The division called `name` whose city or province the report also names (市中区 in a report on 济南)."""
        cands = self.homonyms.get(name)
        if not cands:
            return self.divisions.get(name)
        for depth in range(1, 4):  # the nearest named ancestor decides: a city before a province
            for d in cands:
                anc = d
                for _ in range(depth):
                    anc = self.by_code.get(anc.parent) if anc and anc.parent else None
                if anc is not None and (anc.name in names_in_report or anc.short in names_in_report):
                    return d
        return cands[0]

    def parent_of(self, name: str) -> Division | None:
        d = self.divisions.get(name)
        if d is None or not d.parent:
            return None
        return self.by_code.get(d.parent)


# Short names that are ordinary words or too vague to stand alone as a place.
_AMBIGUOUS_SHORT = frozenset(
    [
        "市中",
        "高新区",
        "经开区",
        "新区",
        "开发区",
        "城区",
        "郊区",
        "矿区",
        "林区",
        "示范区",
        "市辖区",
        "城关",
        "新城",
        "东区",
        "西区",
        "南区",
        "北区",
        "中区",
        "和平",
        "胜利",
        "长安",
        "新华",
        "解放",
        "人民",
        "前进",
        "红旗",
        "光明",
        "城中",
        "城东",
        "城西",
        "城南",
        "城北",
        "河东",
        "河西",
        "江北",
        "江南",
        "白云",
        "朝阳",
        "青山",
        "东山",
        "西山",
        "南山",
        "北山",
        "海南",
        "铁东",
        "铁西",
        "向阳",
        "新兴",
        "永兴",
        "长城",
        "黄河",
        "长江",
        "中山",
        "东方",
        "平安",
        "开发",
        "高新",
    ]
)


@lru_cache(maxsize=1)
def knowledge() -> Knowledge:
    divisions: dict[str, Division] = {}
    by_code: dict[str, Division] = {}
    homonyms: dict[str, list[Division]] = {}
    for code, level, name, short, parent in _rows("divisions.tsv"):
        d = Division(code, level, name, short, parent)
        if level != "province" or code + "-city" not in by_code:
            homonyms.setdefault(name, []).append(d)
        if level == "city" and code in by_code and by_code[code].level == "province":
            by_code[code + "-city"] = d  # municipalities: the city repeats the province
        else:
            by_code[code] = d
        if name not in _AMBIGUOUS_SHORT:
            divisions.setdefault(name, d)
        ok_short = len(short) >= 2 and short != name and short not in _AMBIGUOUS_SHORT
        if ok_short and level in ("province", "city"):  # 历下 alone is too often another word's part
            divisions.setdefault(short, d)
    for name, shorts, parent in _rows("new_areas.tsv"):
        d = Division("new:" + name, "new-area", name, (shorts.split("|")[0] if shorts else name), parent)
        divisions.setdefault(name, d)
        for s in filter(None, shorts.split("|")):
            divisions.setdefault(s, d)
    for country, city in _rows("world_cities.tsv"):
        if country != "中国" and len(city) >= 2:
            divisions.setdefault(city, Division("world:" + city, "foreign-city", city, city, ""))
    organizations: dict[str, str] = {}
    for row in _rows("organizations.tsv"):
        canonical = row[0].strip()
        organizations[canonical] = canonical
        if len(row) > 1:
            for alias in filter(None, row[1].split("|")):
                organizations.setdefault(alias.strip(), canonical)
    strategies: dict[str, str] = {}
    for row in _rows("national_strategies.tsv"):
        canonical = row[0].strip()
        strategies[canonical] = canonical
        if len(row) > 1:
            for alias in filter(None, row[1].split("|")):
                strategies.setdefault(alias.strip(), canonical)
    generic = frozenset(r[0].strip() for r in _rows("generic.txt"))
    homonyms = {n: ds for n, ds in homonyms.items() if len(ds) > 1 and len({d.code for d in ds}) > 1}
    return Knowledge(divisions, by_code, homonyms, organizations, strategies, generic)


# ---------------------------------------------------------------- the segmenter

# Words of the genre the default dictionary lacks or splits badly (forms, not names).
_FORM_WORDS = (
    "产业园",
    "科技园",
    "集聚区",
    "示范区",
    "试验区",
    "起步区",
    "先行区",
    "承载区",
    "活力区",
    "商埠区",
    "商务区",
    "产业带",
    "行动计划",
    "行动方案",
    "有限公司",
    "股份有限公司",
    "分公司",
    "研究院",
    "管委会",
    "工委",
    "指挥部",
    "领导小组",
    "总部",
    "区域总部",
    "新城",
    "国博城",
    "产业城",
    "云谷",
    "智谷",
    "生物谷",
    "综合体",
    "产业集群",
    "服务品牌",
    "攻坚战",
    "突破战",
    "保卫战",
    "治理体系",
    "政策体系",
    "工作体系",
    "自贸试验区",
    "综合保税区",
    "经济开发区",
    "高新区",
    "新区",
    "双招双引",
    "招商服务年",
    "工业强市",
    "强省会",
)


@lru_cache(maxsize=1)
def tokenizer():
    """jieba, with the divisions, organizations and forms above added to its dictionary."""
    import jieba

    from loaders.rules import forms  # imported here: the recognisers in loaders.rules import this module

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    k = knowledge()
    for name in list(k.divisions) + list(k.organizations) + list(k.strategies):
        if 2 <= len(name) <= 12 and tok.FREQ.get(name, 0) == 0:  # prefixes of words sit in FREQ with 0
            tok.add_word(name, freq=2000)
    for w in _FORM_WORDS:
        if tok.FREQ.get(w, 0) < 1000:
            tok.add_word(w, freq=1000)
    for head in forms.HEAD_TYPE:
        if len(head) >= 2 and tok.FREQ.get(head, 0) < 300:
            tok.add_word(head, freq=300)
    return tok


@lru_cache(maxsize=1)
def word_tags() -> dict[str, str]:
    """Part of speech of every dictionary word (jieba's dictionary tags)."""
    from loaders.rules import forms  # not at the top: see tokenizer()

    tags: dict[str, str] = {}
    with tokenizer().get_dict_file() as f:
        for line in f:
            parts = line.decode("utf-8").split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    for w in (*_FORM_WORDS, *forms.HEAD_TYPE):
        tags.setdefault(w, "n")
    k = knowledge()
    for name in k.divisions:
        tags[name] = "ns"
    for name in k.organizations:
        tags[name] = "nt"
    return tags
