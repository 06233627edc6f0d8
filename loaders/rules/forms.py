"""How Chinese names of districts, strategies, projects and organizations are formed.

Rules of the language, not names: the words a name ends with (its head; the table is in `form_heads`),
the words that can never be inside a name (so a name's left edge is found by walking left until one of
them; in `form_words`, with the defining words after a quoted slogan), and the class nouns that type the
items of an enumeration (…等一批项目). Every table is read from here: `from loaders.rules import forms`.
"""

from __future__ import annotations

import re

from loaders.rules.form_heads import HEADS
from loaders.rules.form_words import (
    BAD_FIRST_WORDS,
    BOUNDARY_CHARS,
    BOUNDARY_TAGS,
    BOUNDARY_WORDS,
    INNER_PUNCT,
    INNER_WORDS,
    MEASURE_CHARS,
    PUNCT,
    QUOTE_HEADS,
    WEAK_HEADS,
)

# ---------------------------------------------------------------- heads: the last word of a name

HEAD_TYPE: dict[str, str] = dict(HEADS)
_HEADS_BY_LENGTH = sorted(HEAD_TYPE, key=len, reverse=True)
HEAD_LAST_CHARS = frozenset(h[-1] for h in HEAD_TYPE)
HEAD_RE = re.compile("(?:" + "|".join(map(re.escape, _HEADS_BY_LENGTH)) + ")$")


def head_of(name: str) -> str | None:
    m = HEAD_RE.search(name)
    return m.group(0) if m else None


# ---------------------------------------------------------------- enumerations: …等N个<class noun>

# The class noun after 等 types every item of the list before it.
CLASS_NOUNS: tuple[tuple[str, str], ...] = (
    ("总部和产业项目", "Project"),
    ("产业项目", "Project"),
    ("重点项目", "Project"),
    ("招商项目", "Project"),
    ("大项目", "Project"),
    ("好项目", "Project"),
    ("示范项目", "Project"),
    ("项目", "Project"),
    ("产业园区", "Project"),
    ("重点园区", "Project"),
    ("特色产业园区", "Project"),
    ("园区", "Project"),
    ("产业载体", "Project"),
    ("载体", "Project"),
    ("创新创业平台", "Project"),
    ("平台", "Project"),
    ("基地", "Project"),
    ("场馆", "Project"),
    ("学校", "Project"),
    ("医院", "Project"),
    ("地标性建筑", "Project"),
    ("建筑", "Project"),
    ("应用场景", "Project"),
    ("道路", "Project"),
    ("工程", "Project"),
    ("设施", "Project"),
    ("楼宇", "Project"),
    ("商圈", "Project"),
    ("资本市场服务平台", "Organization"),
    ("龙头工业企业", "Organization"),
    ("龙头企业", "Organization"),
    ("头部企业", "Organization"),
    ("世界500强企业", "Organization"),
    ("世界五百强企业", "Organization"),
    ("知名企业", "Organization"),
    ("配套企业", "Organization"),
    ("企业", "Organization"),
    ("公司", "Organization"),
    ("金融机构", "Organization"),
    ("机构", "Organization"),
    ("集团", "Organization"),
    ("银行", "Organization"),
    ("单位", "Organization"),
    ("高校", "Organization"),
    ("院校", "Organization"),
    ("科研院所", "Organization"),
    ("行业协会", "Organization"),
    ("协会", "Organization"),
    ("国家区域战略核心城市", "District"),
    ("核心城市", "District"),
    ("城市", "District"),
    ("先进地区", "District"),
    ("地区", "District"),
    ("省份", "District"),
    ("区县", "District"),
    ("国家战略", "Strategy"),
    ("战略", "Strategy"),
    ("行动方案", "Strategy"),
)
CLASS_NOUN_TYPE: dict[str, str] = dict(CLASS_NOUNS)
CLASS_NOUN_RE = re.compile(
    r"(?:等(?:[0-9一二三四五六七八九十百千两几多数]+[个家项处座所条批]|一批|一系列|多家|多个|多项|数十家|众多)?"
    r"|(?<=[\u4e00-\u9fffA-Za-z)）”])[0-9二三四五六七八九十两]+[个家项处座所])"
    r"(?:具有[^，,。；;]{0,16}的|[^，,。；;]{0,24}?的)?"
    r"[\u4e00-\u9fffA-Za-z0-9]{0,8}?"
    r"(" + "|".join(map(re.escape, sorted(CLASS_NOUN_TYPE, key=len, reverse=True))) + r")"
)

# ---------------------------------------------------------------- quoted slogans

# Numbered slogans: 三区, 五个济南, 双招双引, 一带一城, 一轴、三区、多园, 一城一谷一园一基地, 十强.
NUMERAL = "一二三四五六七八九十百千万两双多"
FIRST_NUMERAL = "一二三四五六七八九十两双"  # not 多: “多点开花” is an idiom, 一区多园 a slogan
# A one-part numbered slogan starts with a number above one: 三区, 五个济南 (not 一窗通, 一步连续法).
SINGLE_NUMBERED = re.compile(r"^[二三四五六七八九十两双][个大项]?[\u4e00-\u9fff]{1,4}$")
SLOGAN_NUMBERED = re.compile(
    rf"^(?:[{FIRST_NUMERAL}][个大项]?[\u4e00-\u9fff]{{1,4}})(?:[{NUMERAL}][\u4e00-\u9fff]{{1,3}})*$"
)
# Enumerated slogans: 东强、西兴、南美、北起、中优; 暖企、助企、兴企; 产业回归、工业回城.
SLOGAN_ENUM = re.compile(r"^[\u4e00-\u9fff0-9A-Za-z+·]{1,8}(?:[、,][\u4e00-\u9fff0-9A-Za-z+·]{1,8}){1,7}$")
# Verbs that introduce a slogan as something pursued (not merely quoted): 融入“…”, 打造“…”, 实现“…”.
SLOGAN_VERBS = (
    "融入",
    "打造",
    "实现",
    "推动实现",
    "构建",
    "建设",
    "形成",
    "落实",
    "实施",
    "推进",
    "开展",
    "聚焦",
    "提出",
    "围绕",
    "锚定",
    "布局",
    "加快建设",
    "重点打造",
    "全力打造",
    "着力打造",
    "谋划",
    "坚持以",
)

# ---------------------------------------------------------------- organisations inside project names

# A project named after the organization behind it: <org><region>总部, <org>新能源整车项目.
REGION_WORDS = (
    "山东",
    "北方",
    "南方",
    "华北",
    "华东",
    "华南",
    "华中",
    "西南",
    "西北",
    "东北",
    "长三角",
    "珠三角",
    "京津冀",
    "中国",
    "全国",
    "亚太",
    "区域",
    "总部",
    "北方区",
    "长三角区域",
)

# ---------------------------------------------------------------- relation cues

COOPERATION_VERBS = (
    "签订战略合作协议",
    "签署战略合作协议",
    "签订合作协议",
    "签署合作协议",
    "战略合作",
    "合作签约",
    "签约合作",
    "签订",
    "签署",
    "合作",
    "携手",
    "联合",
    "共建",
)
SETTLE_VERBS = ("落户", "入驻", "落地", "引进", "引入", "新引进", "总部", "设立", "注册")
INVEST_VERBS = ("投资", "设立", "建设", "打造", "运营", "承建", "开发", "投建", "出资", "牵头")


__all__ = [
    "BAD_FIRST_WORDS",
    "BOUNDARY_CHARS",
    "BOUNDARY_TAGS",
    "BOUNDARY_WORDS",
    "CLASS_NOUNS",
    "CLASS_NOUN_RE",
    "CLASS_NOUN_TYPE",
    "COOPERATION_VERBS",
    "FIRST_NUMERAL",
    "HEADS",
    "HEAD_LAST_CHARS",
    "HEAD_RE",
    "HEAD_TYPE",
    "INNER_PUNCT",
    "INNER_WORDS",
    "INVEST_VERBS",
    "MEASURE_CHARS",
    "NUMERAL",
    "PUNCT",
    "QUOTE_HEADS",
    "REGION_WORDS",
    "SETTLE_VERBS",
    "SINGLE_NUMBERED",
    "SLOGAN_ENUM",
    "SLOGAN_NUMBERED",
    "SLOGAN_VERBS",
    "WEAK_HEADS",
    "head_of",
]
