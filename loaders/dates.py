"""Dates in report text: the report's own date, and every date or period the text mentions.

`report_date(text, clean_date)` is the date the report speaks from; `find_dates(text, reference)` finds
the mentions and resolves the relative ones (今年, 去年, 上半年, 4月18日 …) against that date. These are
also the annotation rules for dates:

The report's date (`report_date`)
  The clean stage's date (`CleanText.date`, from the page's datelines) when there is one. Otherwise
  the first full date in the first 3000 characters (2021-11-15 06:26:42, 2018年06月29日, 2018/6/29,
  2018.6.29, 二〇二一年十一月十五日); otherwise a year and month (2021年11月), then a year (2023济南市两会,
  2023年…), in one of the first five lines when it is short (a title or dateline, ≤ 80 characters);
  otherwise the latest year of a meeting or event the text says was held (2020年重点项目建设推进大会;
  not a target year: 到2025年…); otherwise None. The result is ISO: YYYY-MM-DD, YYYY-MM or YYYY.

Mentions (`find_dates`) and their `iso`
  precision "day"      2021年11月15日, 2021-11-15, 二〇二一年十一月十五日      -> 2021-11-15
                       4月18日 (no year: the reference's year, relative)      -> 2021-04-18
  precision "month"    2021年11月, 今年3月, 10月底, 本月 / 上月 / 下月          -> 2021-11
  precision "year"     2021年, 2021年度, 今年 / 本年, 去年 / 上年, 前年, 明年       -> 2021
                       (not 后年: 投产后年可实现… is 投产后 + 年…)
  precision "half"     上半年 / 下半年 (with or without a year)               -> 2021-01/2021-06, 2021-07/2021-12
  precision "quarter"  一季度, 第一季度, 首季度, 三季度 …                        -> 2021-01/2021-03 …
  precision "period"   前三季度                                             -> 2021-01/2021-09
                       1-9月, 1至6月, 1—10月份                               -> 2021-01/2021-09
                       2021-2025年, 2021至2025年                             -> 2021/2025
                       “十四五”期间, 十四五时期, 第十四个五年规划              -> 2021/2025 (十三五 2016/2020 …)
                       今年以来                                              -> 2021-01-01/2021-11-15 (to the reference)
  Halves, quarters and periods are ISO 8601 time intervals ("start/end", each end at the precision of
  the period: months for halves and quarters, years for plans), so every `iso` is an ISO 8601 date or
  interval and the start of the interval is what the mention is "at". The n-th five-year plan
  (n ≥ 3) runs from 1966 + 5(n − 3) for five years (the 1st 1953–1957, the 2nd 1958–1962; 1963–1965
  were adjustment years); a plan name counts only in quotes or followed by 期间, 时期, 规划, 计划, 末,
  初, 以来, 开局, 收官.
  `relative` is True when the mention's date comes from the reference (今年, 上半年 with no year, 4月18日);
  its `iso` is None when the reference is missing or not precise enough (上月 with a reference year
  only). Impossible dates (2月30日) are not mentions.

Not dates: numbers inside amounts (see `loaders.quantities`), phone numbers (0531-12345678), document
numbers (国函〔2020〕66号), durations (3个月), years without 年 in running text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from loaders.quantities import find_amounts, fold

__all__ = ["DateMention", "find_dates", "report_date"]


@dataclass(frozen=True)
class DateMention:
    start: int  # offsets in the text: raw == text[start:end]
    end: int
    raw: str
    iso: str | None  # ISO 8601 date or interval, None when it cannot be resolved
    precision: str  # "day" | "month" | "year" | "half" | "quarter" | "period"
    relative: bool  # resolved against the reference date


# ---------------------------------------------------------------- pieces

_CN_D = "〇零一二三四五六七八九"
_CN_VALUE = {ch: i for i, ch in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}


def _cn_small(s: str) -> int:
    """一 .. 三十一 (months, days, plan numbers) -> int."""
    if "十" not in s:
        return _CN_VALUE[s]
    tens, _, units = s.partition("十")
    return (_CN_VALUE[tens] if tens else 1) * 10 + (_CN_VALUE[units] if units else 0)


def _cn_year(s: str) -> int:
    return int("".join(str(_CN_VALUE[ch]) for ch in s))


_YEAR = r"(?:19|20)[0-9]{2}"
_CN_MONTH = r"十[一二]?|[一二三四五六七八九]"
_CN_DAY = r"三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]"
_REL_YEAR = {"今年": 0, "本年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1}
_REL_MONTH = {"本月": 0, "当月": 0, "上月": -1, "上个月": -1, "下月": 1, "下个月": 1}
_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4, "首": 1}

_DATES = re.compile(
    # a five-year plan: “十四五”(期间), 十四五时期, 第十四个五年规划
    r"(?P<fyp>(?<![一二三四五六七八九十])(?:"
    r"[“\"‘'](?P<fq>十[一二三四五六七八九]?|[一二三四五六七八九])五[”\"’'](?:期间|时期|规划|计划|末|初|以来|开局|收官)?"
    r"|(?P<fu>十[一二三四五六七八九]?|[一二三四五六七八九])五(?:期间|时期|规划|计划|末期|初期|以来|开局|收官)"
    r"|第(?P<fn>十[一二三四五六七八九]?|[一二三四五六七八九])个五年(?:规划|计划)(?:纲要)?(?:期间|时期)?))"
    # 2021-11-15, 2018/6/29, 2018.6.29
    rf"|(?<![0-9.])(?P<iy>{_YEAR})(?P<sep>[-/.])(?P<im>[0-9]{{1,2}})(?P=sep)(?P<id>[0-9]{{1,2}})(?![0-9])"
    # 2021-2025年, 2021至2025年
    rf"|(?<![0-9])(?P<yr1>{_YEAR})\s*年?\s*(?:-|—|–|~|至|到)\s*(?P<yr2>{_YEAR})\s*年"
    # 二〇二一年十一月十五日
    rf"|(?P<cy>[{_CN_D}]{{4}})年(?:(?P<cm>{_CN_MONTH})月(?:(?P<cd>{_CN_DAY})[日号])?)?"
    # 今年以来
    r"|(?P<since>今年以来|本年以来)"
    # 本月, 上月
    rf"|(?P<relm>{'|'.join(sorted(_REL_MONTH, key=len, reverse=True))})"
    # a year (absolute or relative), then a half, a quarter, a month range, a month and day; the
    # lookahead keeps the regex from trying (and matching empty) at every other character
    r"|(?=[0-9一二三四五六七八九十今本去上前明首下第])"
    rf"(?:(?<![0-9])(?P<y>{_YEAR})\s*年度?|(?P<ry>{'|'.join(_REL_YEAR)})(?:度)?)?"
    r"(?:(?P<half>上半年|下半年)"
    r"|(?P<q3>前三季度)"
    r"|(?P<q>第?[一二三四1-4]季度|首季度?)"
    r"|(?<![0-9])(?P<mr1>1[0-2]|0?[1-9])\s*(?:-|—|–|~|至|到)\s*(?P<mr2>1[0-2]|0?[1-9])\s*月份?"
    r"|(?<![0-9.个每上下本当数几])(?P<m>1[0-2]|0?[1-9])\s*月份?(?:(?P<d>3[01]|[12][0-9]|0?[1-9])\s*[日号])?"
    rf"|(?<![一二三四五六七八九十〇零个每上下本当数几两])(?P<mc>{_CN_MONTH})月(?=份|初|中|底|末|上旬|中旬|下旬|的|[0-9])"
    r")?"
)
_PHONE = re.compile(r"(?<![0-9])(?:0[0-9]{2,3}-?)?[0-9]{7,8}(?![0-9])|(?<![0-9])1[3-9][0-9]{9}(?![0-9])")


# ---------------------------------------------------------------- the report's date


_FULL = re.compile(rf"(?<![0-9])({_YEAR})\s*[-/.年]\s*([0-9]{{1,2}})\s*[-/.月]\s*([0-9]{{1,2}})(?![0-9])")
_CN_FULL = re.compile(rf"([{_CN_D}]{{4}})年({_CN_MONTH})月({_CN_DAY})日")
_YEAR_MONTH = re.compile(rf"(?<![0-9])({_YEAR})(?:\s*年\s*([0-9]{{1,2}})\s*月|[-/]([0-9]{{1,2}})(?![0-9.]))")
# a year opening a title (2023济南市两会); not a number with a unit (总投资额近1900亿, 2000余名)
_TITLE_YEAR = re.compile(
    rf"(?<![0-9.])({_YEAR})(?=年|[\u4e00-\u9fff])(?!年代|[万亿元多余个家项名人户亩平公吨台件次])"
)


def report_date(text: str, clean_date: str | None) -> str | None:
    """The date the report speaks from, as YYYY-MM-DD, YYYY-MM or YYYY (see the module's rules)."""
    if clean_date and _iso_ok(clean_date):
        return clean_date
    head = fold(text[:3000])
    for m in _FULL.finditer(head):
        if iso := _day(int(m[1]), int(m[2]), int(m[3])):
            return iso
    for m in _CN_FULL.finditer(head):
        if iso := _day(_cn_year(m[1]), _cn_small(m[2]), _cn_small(m[3])):
            return iso
    lines = [ln for ln in (x.strip() for x in head.split("\n")) if ln][:5]
    for ln in lines:
        if len(ln) <= 80:
            for m in _YEAR_MONTH.finditer(ln):
                if 1 <= (month := int(m[2] or m[3])) <= 12:
                    return f"{m[1]}-{month:02d}"
    for ln in lines:
        if len(ln) <= 80 and (m := _TITLE_YEAR.search(ln)):
            return m[1]
    held = [
        int(m[1])
        for m in _EVENT_YEAR.finditer(fold(text))
        if not _TARGET_BEFORE.search(text, max(0, m.start() - 8), m.start())
    ]
    return str(max(held)) if held else None


# Last resort: the year of a meeting or event the report says was held (市中区举行2020年重点项目建设推进
# 大会): a report is written when the events it reports have happened. Target years (到2025年) are not.
_EVENT_YEAR = re.compile(
    r"((?:19|20)[0-9]{2})年[^，,。；;\n]{0,16}?(?:大会|会议|论坛|活动|仪式|开幕式|博览会)"
)
_TARGET_BEFORE = re.compile(r"(?:到|至|力争|预计|目标|远景|规划|计划)\s*$")


def _iso_ok(s: str) -> bool:
    if re.fullmatch(r"(?:19|20)[0-9]{2}", s):
        return True
    if m := re.fullmatch(r"((?:19|20)[0-9]{2})-([0-9]{2})", s):
        return 1 <= int(m[2]) <= 12
    m = re.fullmatch(r"((?:19|20)[0-9]{2})-([0-9]{2})-([0-9]{2})", s)
    return bool(m and _day(int(m[1]), int(m[2]), int(m[3])))


def _day(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


# ---------------------------------------------------------------- mentions


def find_dates(text: str, reference: str | None) -> list[DateMention]:
    """Every date or period mentioned in `text`, relative ones resolved against `reference`
    (an ISO date, month or year, e.g. `report_date(...)`), in order."""
    t = fold(text)
    ref = _parse_ref(reference)
    taken = [(a.start, a.end) for a in find_amounts(text)]
    taken += [m.span() for m in _PHONE.finditer(t)]
    taken.sort()
    out: list[DateMention] = []
    k = 0
    for m in _DATES.finditer(t):
        if m.end() == m.start():
            continue
        while k < len(taken) and taken[k][1] <= m.start():
            k += 1
        if k < len(taken) and taken[k][0] < m.end():
            continue  # inside an amount or a phone number
        got = _resolve(m, ref)
        if got is None:
            continue
        iso, precision, relative = got
        out.append(DateMention(m.start(), m.end(), text[m.start() : m.end()], iso, precision, relative))
    return out


def _parse_ref(reference: str | None) -> tuple[int, int | None, int | None] | None:
    if not reference or not _iso_ok(reference):
        return None
    parts = [int(p) for p in reference.split("-")]
    return parts[0], (parts[1] if len(parts) > 1 else None), (parts[2] if len(parts) > 2 else None)


def _plan(n: int) -> str:
    start = {1: 1953, 2: 1958}.get(n, 1966 + 5 * (n - 3))
    return f"{start}/{start + 4}"


def _resolve(m: re.Match, ref) -> tuple[str | None, str, bool] | None:
    """A match -> (iso, precision, relative), or None when it is not a date after all."""
    if m["fyp"]:
        n = _cn_small(m["fq"] or m["fu"] or m["fn"])
        return _plan(n), "period", False
    if m["iy"]:
        iso = _day(int(m["iy"]), int(m["im"]), int(m["id"]))
        return (iso, "day", False) if iso else None
    if m["yr1"]:
        y1, y2 = int(m["yr1"]), int(m["yr2"])
        return (f"{y1}/{y2}", "period", False) if y1 < y2 else None
    if m["cy"]:
        y = _cn_year(m["cy"])
        if m["cd"]:
            iso = _day(y, _cn_small(m["cm"]), _cn_small(m["cd"]))
            return (iso, "day", False) if iso else None
        if m["cm"]:
            return f"{y}-{_cn_small(m['cm']):02d}", "month", False
        return str(y), "year", False
    if m["since"]:
        if ref is None:
            return None, "period", True
        y, mo, d = ref
        end = f"{y}-{mo:02d}-{d:02d}" if d else (f"{y}-{mo:02d}" if mo else None)
        start = f"{y}-01-01" if d else f"{y}-01"
        return (f"{start}/{end}" if end else str(y)), "period", True
    if m["relm"]:
        if ref is None or ref[1] is None:
            return None, "month", True
        y, mo = divmod(ref[0] * 12 + ref[1] - 1 + _REL_MONTH[m["relm"]], 12)
        return f"{y}-{mo + 1:02d}", "month", True

    # a year, then maybe a part of it
    relative = m["y"] is None
    if m["y"]:
        year: int | None = int(m["y"])
    elif m["ry"]:
        year = ref[0] + _REL_YEAR[m["ry"]] if ref else None
    else:
        year = ref[0] if ref else None
    if m["half"]:
        if year is None:
            return None, "half", True
        return (f"{year}-01/{year}-06" if m["half"] == "上半年" else f"{year}-07/{year}-12"), "half", relative
    if m["q3"]:
        return (f"{year}-01/{year}-09" if year else None), "period", relative
    if m["q"]:
        q = _QUARTER["首" if m["q"][0] == "首" else m["q"][m["q"].index("季") - 1]]
        return (f"{year}-{3 * q - 2:02d}/{year}-{3 * q:02d}" if year else None), "quarter", relative
    if m["mr1"]:
        m1, m2 = int(m["mr1"]), int(m["mr2"])
        if m1 >= m2:
            return None
        return (f"{year}-{m1:02d}/{year}-{m2:02d}" if year else None), "period", relative
    if m["m"] or m["mc"]:
        month = int(m["m"]) if m["m"] else _cn_small(m["mc"])
        if m["d"]:
            if year is None:
                return None, "day", True
            iso = _day(year, month, int(m["d"]))
            return (iso, "day", relative) if iso else None
        return (f"{year}-{month:02d}" if year else None), "month", relative
    if m["y"] or m["ry"]:
        return (str(year) if year else None), "year", relative
    return None
