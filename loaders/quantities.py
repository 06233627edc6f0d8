"""Amounts of money and area in clean report text: where they are, what they measure, their value.

`find_amounts(text)` returns one `Amount` per phrase such as 总投资84亿元, 占地3600多公顷 or 3至5亿元.
These are also the annotation rules for amounts:

What is an amount
  A number followed by a unit of money or area, with an optional multiplier between them
  (84亿元, 1.2万亩, 12.5万平方米, 八十四亿元, 4.625亿美元). Without a unit, a number ending in 亿 or 万亿
  counts only right after a money cue (产值突破千亿, GDP 1.2万亿) and when no other unit follows it
  (10亿千瓦时, 1.5亿人次 are not money). Numbers without a unit are never amounts: years (2021年),
  counts (14个), percentages (12.5%), dates (4月18日), ranks (第3名), phone numbers.
  Not amounts either: vague magnitudes (数十亿元, 几百万元: no number is stated) and rates
  (人均收入5万元, 亩均税收50万元, 2万元/平方米: per-unit figures, not totals). A Chinese numeral of a
  single digit before a bare unit (一元化, 二元结构, 一亩三分地) counts only after a cue word.

Numbers
  Arabic digits with decimals and thousands separators (1,200), full-width digits (８４), Chinese
  numerals (八十四亿, 一百二十万, 两千, 十, 千亿), and Arabic digits with Chinese multipliers
  (3千万, 1.2万亿); the multipliers are 十 百 千 万 亿 and their products (千万 = 10^7, 万亿 = 10^12).

Value and unit
  `value` is a `Decimal` in base units: money in its own currency's base unit ("CNY" for 元,
  "USD" 美元/美金, "HKD" 港元/港币, "EUR" 欧元, "JPY" 日元, "GBP" 英镑; no conversion between them),
  area in square metres ("m2"). Area factors:
    平方米 平米 平方 ㎡ m2 m²       1 m²
    公顷                            10 000 m² (the hectare, a unit accepted for use with the SI)
    平方公里 平方千米 km2 km²       1 000 000 m²
    亩 (市亩)                       10000/15 m² ≈ 666.67 m²: the 市制 mu, 1 公顷 = 15 亩, as fixed by the
                                    State Council's 1959 order unifying measures (《关于统一计量制度的命令》,
                                    1 市亩 = 60 平方丈) and kept in the 1984 法定计量单位 conversion tables.
  Mu are converted exactly as far as a decimal can be: mu × 10000 / 15 in a 28-digit context, so
  1.2万亩 = 12000 mu = 8 000 000 m² exactly, while 1 亩 = 666.6666666666666666666666667 m².

Qualifier (the first marker in reading order wins; a range always gives "range"). The markers stand
right before the number or after it; the unambiguous two-character ones (至少 最少 不少于 不低于 不到 不足
大约 将近 超过) also count up to six characters further left in the clause (今年至少完成投资48.3亿元).
  "exact"     no marker, or an emphatic one (达, 达到, 高达, 多达)
  "at least"  超过 超 逾 突破 过 多于 不少于 不低于 至少 最少 上(百亿) · 多 余 (3600多公顷, 10万余平方米) · 以上
  "about"     约 大约 约合 大概 · 左右 上下
  "nearly"    近 将近 接近 (just below the number: 近30亿元 is a little under 3e9)
  "at most"   不到 不足 不超过 低于 少于 最多 至多 · 以内 以下
  "range"     a lower and an upper number joined by 至 到 - ~ — (3至5亿元, 3-5亿元, 3亿至5亿元):
              `value` is the lower, `high` the upper bound; the lower one takes the upper one's
              multiplier and unit when it has none (3至5亿元 = 3e8 to 5e8).

Kind and cue
  The cue is a cue word before the number in the same clause, with at most six other characters
  between them (no punctuation, digits, 年/月/日 or 个); where several fit, the leftmost and longest is
  taken (签约总投资额 rather than 投资额). Area units always give "area" (the cue, if any, is an area
  cue: 占地, 建筑面积, 用地 …). Money gives "investment" (投资, 总投资, 签约额, 合同金额, 融资, 资金,
  外资, 投入 …) or "output" (economic results: 产值, 营收, 营业收入, 销售收入, 税收, 利税, GDP, 地区生产总值,
  增加值, 进出口总额, 零售总额, 财政收入 …), or "amount" when there is no money cue (民生支出44.6亿元).
  `raw` runs from the cue (or the qualifier, or the number) to the unit and any suffix qualifier.

Aggregate
  True when the phrase states a total over several things: 累计, 合计, 共计, 总计, 总共, 一共, 共有
  before it in the sentence (at most 24 characters back), or a count of items (14个, 200家, 8项, 3批,
  26座) in the same clause (14个项目总投资136亿元; 18个项目、2293户、54.27万平方米), or ending the clause just
  before (共引进产业项目24个,签约总投资额86.7亿元), or right after the phrase (总投资305亿元的11个市级重点项目).
  均, 各, 分别 (each) make it per item (4个项目总投资均超百亿元), and so does a size class of projects
  (超50亿元项目9个, 亿元以上企业): not aggregate.

Traditional characters (億 萬 畝 兩 總投資 產值 …) and full-width forms are folded one character for one
character before matching (`fold`), so offsets into the given text do not move.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Context, Decimal

__all__ = ["Amount", "find_amounts", "fold", "parse_number"]


@dataclass(frozen=True)
class Amount:
    start: int  # offsets of the whole phrase (cue to unit) in the text: raw == text[start:end]
    end: int
    raw: str
    kind: str  # "investment" | "output" | "area" | "amount"
    value: Decimal  # in base units: the currency's unit, or m²; the lower bound of a range
    unit: str  # "CNY" | "USD" | "HKD" | "EUR" | "JPY" | "GBP" | "m2"
    qualifier: str  # "exact" | "at least" | "about" | "nearly" | "at most" | "range"
    high: Decimal | None = None  # the upper bound of a range
    cue: str = ""  # the cue word as folded (simplified), "" when none
    aggregate: bool = False  # a total over several projects or items


# ---------------------------------------------------------------- folding

# Traditional -> simplified for the characters the tables below use, and full-width digits and
# punctuation -> ASCII: one character for one, so a match's offsets are offsets in the given text.
# (OpenCC converts phrases and may change lengths; here only the grammar's own characters matter.)
_TRAD = "億萬兩畝頃總資產營業銷稅額簽約計劃協議實現際進內過餘達將項個佔築積規幣歐鎊於財預務潤與單價註戶後當時間來號貳陸參帥週屆"
_SIMP = "亿万两亩顷总资产营业销税额签约计划协议实现际进内过余达将项个占筑积规币欧镑于财预务润与单价注户后当时间来号贰陆参帅周届"
_FOLD = {ord(k): ord(v) for k, v in zip(_TRAD, _SIMP, strict=True)}
_FOLD.update({i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)})  # full-width ASCII forms
_FOLD.update({0x3000: 0x20})


def fold(text: str) -> str:
    """The text with traditional characters of the tables and full-width forms folded; same length."""
    return text.translate(_FOLD)


# ---------------------------------------------------------------- numbers

_CN_DIGIT = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10**4, "亿": 10**8}
_MULT = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}


def _cn_number(s: str) -> int | None:
    """A Chinese numeral (八十四亿, 一百二十万, 两千, 十, 千亿, 一万亿) -> int; None when it is malformed
    (十四五, 二〇二一: digits in a row are a code or a year, not a quantity)."""
    total = section = 0
    num: int | None = None
    for ch in s:
        if ch in _CN_DIGIT:
            d = _CN_DIGIT[ch]
            if num is not None and d and num:
                return None  # two digits in a row
            num = d
        elif ch in _CN_SMALL:
            section += (num if num else 1) * _CN_SMALL[ch]
            num = None
        elif ch == "万":
            section = (section + (num or 0)) * 10**4
            num = None
        elif ch == "亿":
            total = (total + section + (num or 0)) * 10**8
            section = 0
            num = None
        else:
            return None
    return total + section + (num or 0)


def parse_number(digits: str, multiplier: str = "") -> Decimal | None:
    """An Arabic or Chinese numeral (folded) times a multiplier such as 万, 千万, 亿 -> Decimal."""
    if digits[0].isascii():
        value = Decimal(digits.replace(",", ""))
    else:
        n = _cn_number(digits)
        if n is None:
            return None
        value = Decimal(n)
    for ch in multiplier:
        value *= _MULT[ch]
    return value


# ---------------------------------------------------------------- the grammar

_AR = r"(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+)(?:\.[0-9]+)?"
_CN = r"[零〇一二两三四五六七八九十百千][零〇一二两三四五六七八九十百千万亿]*"
_NUM = rf"(?:{_AR}|{_CN})"
_MUL = r"(?:[十百千]?万亿|[十百千]?亿|[十百千]?万|[百千])"
_UNIT_PAT = (
    r"美元|美金|港元|港币|欧元|日元|英镑|元(?![素化旦宵首帅老件器朝年代月])|"
    r"平方公里|平方千米|km2|km²|平方米|平米|平方(?![公千米])|㎡|m2|m²|公顷|亩"
)
_RANGE_SEP = r"\s*(?:至|到|~|-|—|–)\s*"

_AMOUNT = re.compile(
    r"(?<![0-9.])"
    rf"(?:(?P<lo>{_NUM})(?P<lo_q>[多余])?(?P<lo_mult>{_MUL})?(?P<lo_unit>{_UNIT_PAT})?{_RANGE_SEP})?"
    rf"(?P<num>{_NUM})(?P<q1>[多余])?(?P<mult>{_MUL})?(?P<q2>[多余])?"
    rf"(?:(?P<unit>{_UNIT_PAT})|(?<=亿))"
    r"(?P<suf>以上|左右|上下|以内|以下)?"
)

_UNITS: dict[str, tuple[str, Decimal]] = {
    "元": ("CNY", Decimal(1)),
    "美元": ("USD", Decimal(1)),
    "美金": ("USD", Decimal(1)),
    "港元": ("HKD", Decimal(1)),
    "港币": ("HKD", Decimal(1)),
    "欧元": ("EUR", Decimal(1)),
    "日元": ("JPY", Decimal(1)),
    "英镑": ("GBP", Decimal(1)),
    "平方米": ("m2", Decimal(1)),
    "平米": ("m2", Decimal(1)),
    "平方": ("m2", Decimal(1)),
    "㎡": ("m2", Decimal(1)),
    "m2": ("m2", Decimal(1)),
    "m²": ("m2", Decimal(1)),
    "公顷": ("m2", Decimal(10_000)),
    "平方公里": ("m2", Decimal(1_000_000)),
    "平方千米": ("m2", Decimal(1_000_000)),
    "km2": ("m2", Decimal(1_000_000)),
    "km²": ("m2", Decimal(1_000_000)),
}
_MU = "亩"  # 10000/15 m², divided last so that whole multiples of 15 mu stay exact
_CTX = Context(prec=28)

_CUES: dict[str, tuple[str, ...]] = {
    "investment": (
        "签约总投资额", "签约总投资", "协议总投资", "协议投资额", "协议投资", "计划总投资", "计划投资",
        "总投资额", "总投资", "投资总金额", "投资总额", "投资额", "投融资总额", "投融资", "固定资产投资",
        "投资", "签约总额", "签约额", "签约金额", "签约资金", "合同金额", "合同额", "融资额", "融资",
        "注册资本", "注册资金", "资金", "外资", "内资", "基金规模", "基金", "投入", "出资",
    ),
    "output": (
        "工业总产值", "总产值", "产值", "主营业务收入", "营业收入", "营收", "销售收入", "年销售额", "销售额",
        "税收", "利税", "利润", "地区生产总值", "生产总值", "GDP", "增加值", "进出口总额", "进出口总值",
        "进出口额", "进出口", "出口额", "零售总额", "零售额", "交易额", "成交额", "营业额", "一般公共预算收入",
        "财政总收入", "财政收入", "总收入", "收入", "产出",
    ),
    "area": (
        "总占地面积", "占地面积", "总占地", "占地", "总建筑面积", "建筑面积", "规划面积", "用地面积", "用地规模", "用地",
        "绿地面积", "面积", "土地",
    ),
}  # fmt: skip
_CUE_KIND = {c: k for k, cues in _CUES.items() for c in cues}
# Between the cue and the number: a few characters of the same clause (达, 约为, 计划完成, 可以达到).
_GAP = r"[^\n\t0-9,.;:!?、。；：！？()（）“”\"'《》%年月日个]{0,6}?"


def _cue_regex(kinds: tuple[str, ...]) -> re.Pattern:
    words = sorted((c for k in kinds for c in _CUES[k]), key=len, reverse=True)  # longest first
    return re.compile(rf"(?P<cue>{'|'.join(map(re.escape, words))}){_GAP}$")


_MONEY_CUE = _cue_regex(("investment", "output"))
_AREA_CUE = _cue_regex(("area",))

_QUAL_WORDS = {
    "at least": ("超过", "超出", "超", "逾", "突破", "过", "多于", "不少于", "不低于", "至少", "最少", "上"),
    "about": ("约合", "约为", "大约", "大概", "约"),
    "nearly": ("将近", "接近", "近"),
    "at most": ("不到", "不足", "不超过", "低于", "少于", "最多", "至多"),
    "exact": ("高达", "多达", "达到", "达"),
}
_QUAL_KIND = {w: k for k, ws in _QUAL_WORDS.items() for w in ws}
_SUFFIX_KIND = {"以上": "at least", "左右": "about", "上下": "about", "以内": "at most", "以下": "at most"}
_PREFIX_QUAL = re.compile(rf"(?<![附最以])(?P<q>{'|'.join(sorted(_QUAL_KIND, key=len, reverse=True))})$")

_LOOSE_QUAL = re.compile(r"(?P<q>至少|最少|不少于|不低于|不到|不足|大约|将近|超过)")
_AGG_WORD = re.compile(r"累计|合计|共计|总计|总共|一共|共有")
_COUNT = re.compile(r"(?:[0-9]+|[一二两三四五六七八九十百千]+)\s*(?:个(?!月)|家|项|宗|批|座|栋|块)")
_COUNT_AFTER = re.compile(r"的?(?:[0-9]+|[一二两三四五六七八九十百千]+)(?:个|家|项|宗|批)")
_EACH = re.compile(r"[均各]|分别")
_RATE_BEFORE = re.compile(
    r"(?:人均|亩均|户均|地均|每人|每户|每亩|每平方米|每平米|单价|均价|每吨)[^,;。；!?]{0,6}$"
)
_RATE_AFTER = re.compile(r"\s*(?:/|每)")
_SENTENCE_END = re.compile(r"[。；;!?！？\n]")
_CLAUSE_END = re.compile(r"[,:]")  # not 、: 18个项目、2293户、54.27万平方米 is one enumeration
_COUNT_ENDS = re.compile(r"(?:[0-9]+|[一二两三四五六七八九十百千]+)\s*(?:个|家|项|宗|批)[,、][^,、]{0,4}$")
# 超50亿元项目9个, 亿元以上企业: a class of projects by size, not a total
_CLASS_AFTER = re.compile(r"(?:以上|以下)?的?(?:项目|企业|级)")
# After a unit-less 亿: another unit means it is not money (10亿千瓦时, 1.5亿人次, 3亿吨).
_OTHER_UNIT = re.compile(
    r"[人吨辆件台套次户个家项千瓦度立方公斤克只头册份条股张位名例棵株斤升平方美港欧日英]"
)
_VAGUE = ("数", "几", "若干")


# ---------------------------------------------------------------- finding amounts


def find_amounts(text: str) -> list[Amount]:
    """Every amount of money or area in `text`, in order (see the module's rules)."""
    t = fold(text)
    out: list[Amount] = []
    prev_end = 0
    for m in _AMOUNT.finditer(t):
        a = _amount(text, t, m, prev_end)
        if a is not None:
            out.append(a)
            prev_end = a.end
    return out


def _amount(text: str, t: str, m: re.Match, prev_end: int) -> Amount | None:
    unit_word = m["unit"]
    lo_start = m.start("lo") if m["lo"] is not None else m.start("num")
    num_start = m.start("num")
    value = parse_number(m["num"], m["mult"] or "")
    if value is None or value <= 0:
        return None
    high: Decimal | None = None
    low_start = num_start
    if m["lo"] is not None:
        lo = parse_number(m["lo"], m["lo_mult"] or m["mult"] or "")
        lo_unit = m["lo_unit"] or unit_word
        if lo is not None and 0 < lo < value and lo_unit == unit_word:
            high, value, low_start = value, lo, lo_start
    # bare Chinese digit + unit (一元化, 二元结构): only with a cue
    small_cn = not m["num"][0].isascii() and not m["mult"] and len(m["num"]) == 1 and high is None

    # what stands before the number: a qualifier, then (further left) the cue
    window_start = max(prev_end, low_start - 24)
    before = t[window_start:low_start]
    if _SENTENCE_END.search(before):
        window_start += max(x.end() for x in _SENTENCE_END.finditer(before))
        before = t[window_start:low_start]
    if before.endswith(_VAGUE) and not m["num"][0].isascii() and m["num"][0] in "十百千":
        return None  # 数十亿元, 几百万元: no number is stated
    qual_word = ""
    phrase_start = low_start
    if q := _PREFIX_QUAL.search(before):
        qual_word = q["q"]
        if (qual_word == "上" and m["num"][0] not in "百千") or (
            qual_word == "过" and before[-2:-1] != "" and before[-2:-1] in "通经越"
        ):
            qual_word = ""  # 上 qualifies only 上百亿, 上千亩; 通过, 经过 are not 过
        else:
            phrase_start = window_start + q.start()
    clause = before[: phrase_start - window_start]

    if unit_word is None:  # unit-less 亿: money only after a money cue, and when no other unit follows
        if _OTHER_UNIT.match(t, m.end("mult") if m["mult"] else m.end("num")):
            return None
        unit, factor, area = "CNY", Decimal(1), False
    elif unit_word == _MU:
        unit, factor, area = "m2", Decimal(1), True
    else:
        unit, factor = _UNITS[unit_word]
        area = unit == "m2"

    cue = ""
    cue_re = _AREA_CUE if area else _MONEY_CUE
    if c := cue_re.search(clause):
        cue = c["cue"]
        phrase_start = window_start + c.start()
    # 今年至少完成投资48.3亿元, 将最少建设50万平方米: an unambiguous qualifier a little further left
    q = None if qual_word else _LOOSE_QUAL.search(t, max(window_start, phrase_start - 6), low_start)
    if q and not _CLAUSE_END.search(t, q.end(), low_start):
        qual_word = q["q"]
        phrase_start = min(phrase_start, q.start())
    if cue == "" and (unit_word is None or small_cn):
        return None
    if _RATE_BEFORE.search(t, window_start, phrase_start) or _RATE_AFTER.match(t, m.end()):
        return None  # a rate (人均, 亩均, 元/平方米), not a total

    value, high = value * factor, (high * factor if high is not None else None)
    if unit_word == _MU:
        value = _CTX.divide(value * 10_000, Decimal(15))
        high = _CTX.divide(high * 10_000, Decimal(15)) if high is not None else None

    end = m.end()
    qualifier = "range" if high is not None else _qualifier(qual_word, m)
    kind = "area" if area else (_CUE_KIND[cue] if cue else "amount")
    return Amount(
        start=phrase_start,
        end=end,
        raw=text[phrase_start:end],
        kind=kind,
        value=_tidy(value),
        unit=unit,
        qualifier=qualifier,
        high=_tidy(high) if high is not None else None,
        cue=cue,
        aggregate=_aggregate(t, window_start, phrase_start, end, m),
    )


def _qualifier(prefix: str, m: re.Match) -> str:
    """The first qualifier in reading order: a prefix word, then 多/余, then a suffix word."""
    if prefix:
        return _QUAL_KIND[prefix]
    if m["q1"] or m["q2"]:
        return "at least"
    if m["suf"]:
        return _SUFFIX_KIND[m["suf"]]
    return "exact"


def _aggregate(t: str, window_start: int, start: int, end: int, m: re.Match) -> bool:
    before = t[window_start:start]
    inside = t[start : m.start("lo") if m["lo"] is not None else m.start("num")]
    tail = before[-4:] + inside
    if _EACH.search(tail):
        return False  # 4个项目总投资均超百亿元: each of them
    if _CLASS_AFTER.match(t, end):
        return False
    if _AGG_WORD.search(before) or _AGG_WORD.search(inside):
        return True
    # a count in the same clause (14个项目总投资…, 10个片区、134万平方米), or ending the clause just before (项目21个、总投资…)
    clause_start = max((x.end() for x in _CLAUSE_END.finditer(before)), default=0)
    if _COUNT.search(before, clause_start) or _COUNT_ENDS.search(before):
        return True
    return bool(_COUNT_AFTER.match(t, end))


def _tidy(v: Decimal) -> Decimal:
    """Integral values as plain integers (8400000000, not 8.4E+9); others as computed."""
    if v == v.to_integral_value():
        return v.quantize(Decimal(1), context=Context(prec=40))
    return v
