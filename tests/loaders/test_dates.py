"""Dates: the report's date and the dates it mentions, pinned on the hard forms and on the seeds."""

from pathlib import Path

import pytest

from loaders.clean import clean
from loaders.dates import DateMention, find_dates, report_date
from loaders.read import read
from tests.conftest import SEEDS, report_paths, seed

REF = "2021-11-15"


def one(text: str, reference: str | None = REF) -> DateMention:
    found = find_dates(text, reference)
    assert len(found) == 1, found
    d = found[0]
    assert d.raw == text[d.start : d.end]
    return d


def resolved(text: str, reference: str | None = REF) -> tuple[str, str | None, str, bool]:
    d = one(text, reference)
    return d.raw, d.iso, d.precision, d.relative


# ---------------------------------------------------------------- the report's date


@pytest.mark.parametrize(
    "text, clean_date, expected",
    [
        ("正文", "2021-11-15", "2021-11-15"),  # the clean stage's date first
        ("2018年06月29日", "2021-11-15", "2021-11-15"),
        ("2021-11-15 06:26:42 来源:舜网-济南日报\n正文", None, "2021-11-15"),
        ("发布时间:2018年06月29日", None, "2018-06-29"),
        ("2018/6/29", None, "2018-06-29"),
        ("2018.6.29", None, "2018-06-29"),
        ("二〇二一年十一月十五日", None, "2021-11-15"),
        ("2021年11月 第3期\n正文", None, "2021-11"),
        ("2023济南市两会特别策划\n强省会 再出发", None, "2023"),
        ("西咸新区推出55个项目,总投资额近1900亿", None, None),  # 1900亿 is no year
        ("投资2021.5亿元", None, None),
        ("2021年2月30日", None, "2021-02"),  # no such day: the month is what is known
        ("正文", None, None),
        ("正文", "2021-13-01", None),  # a malformed clean date is not taken
    ],
)
def test_report_date(text, clean_date, expected):
    assert report_date(text, clean_date) == expected


# ---------------------------------------------------------------- absolute dates


@pytest.mark.parametrize(
    "text, iso, precision",
    [
        ("2021年11月15日", "2021-11-15", "day"),
        ("2021-11-15", "2021-11-15", "day"),
        ("2018/6/29", "2018-06-29", "day"),
        ("二〇二一年十一月十五日", "2021-11-15", "day"),
        ("2021年11月", "2021-11", "month"),
        ("2021年", "2021", "year"),
        ("2022年度", "2022", "year"),
        ("二〇三五年", "2035", "year"),
        ("2021年下半年", "2021-07/2021-12", "half"),
        ("2019年二季度", "2019-04/2019-06", "quarter"),
        ("2021-2025年", "2021/2025", "period"),
        ("“十四五”期间", "2021/2025", "period"),
        ("“十四五”时期", "2021/2025", "period"),
        ("十四五规划", "2021/2025", "period"),
        ("第十四个五年规划", "2021/2025", "period"),
        ("“十三五”", "2016/2020", "period"),
        ("“十五五”", "2026/2030", "period"),
    ],
)
def test_absolute(text, iso, precision):
    assert resolved(text) == (text, iso, precision, False)
    assert resolved(text, None) == (text, iso, precision, False)  # no reference needed


def test_the_time_of_a_dateline_is_not_part_of_the_date():
    assert resolved("2021-11-15 06:26:42") == ("2021-11-15", "2021-11-15", "day", False)


# ---------------------------------------------------------------- relative dates


@pytest.mark.parametrize(
    "text, raw, iso, precision",
    [
        ("4月18日", "4月18日", "2021-04-18", "day"),
        ("截至10月底", "10月", "2021-10", "month"),
        ("七月的莱芜大地", "七月", "2021-07", "month"),
        ("今年", "今年", "2021", "year"),
        ("去年", "去年", "2020", "year"),
        ("比上年增长", "上年", "2020", "year"),
        ("前年", "前年", "2019", "year"),
        ("明年", "明年", "2022", "year"),
        ("今年3月", "今年3月", "2021-03", "month"),
        ("去年12月28日", "去年12月28日", "2020-12-28", "day"),
        ("上半年", "上半年", "2021-01/2021-06", "half"),
        ("今年下半年", "今年下半年", "2021-07/2021-12", "half"),
        ("一季度", "一季度", "2021-01/2021-03", "quarter"),
        ("第一季度", "第一季度", "2021-01/2021-03", "quarter"),
        ("首季", "首季", "2021-01/2021-03", "quarter"),
        ("第三季度", "第三季度", "2021-07/2021-09", "quarter"),
        ("前三季度", "前三季度", "2021-01/2021-09", "period"),
        ("1-9月份", "1-9月份", "2021-01/2021-09", "period"),
        ("1至6月", "1至6月", "2021-01/2021-06", "period"),
        ("今年1-4月", "今年1-4月", "2021-01/2021-04", "period"),
        ("本月", "本月", "2021-11", "month"),
        ("上月", "上月", "2021-10", "month"),
        ("今年以来", "今年以来", "2021-01-01/2021-11-15", "period"),
    ],
)
def test_relative(text, raw, iso, precision):
    assert resolved(text) == (raw, iso, precision, True)


def test_relative_dates_across_the_year_end():
    assert one("上月", "2021-01-05").iso == "2020-12"
    assert one("本月", "2021-12").iso == "2021-12"


def test_relative_dates_without_a_reference():
    for text in ("今年", "4月18日", "上半年", "一季度", "今年以来", "上月"):
        d = one(text, None)
        assert d.iso is None and d.relative, d
    assert one("上月", "2021").iso is None  # a year is not enough to know the month before
    assert one("今年以来", "2021").iso == "2021"
    assert one("今年以来", "2021-11").iso == "2021-01/2021-11"


def test_a_range_of_days_is_two_dates():
    found = find_dates("7月31日至8月5日,考察团奔赴广州", REF)
    assert [(d.raw, d.iso) for d in found] == [("7月31日", "2021-07-31"), ("8月5日", "2021-08-05")]


def test_traditional_characters():
    assert resolved("十四五時期") == ("十四五時期", "2021/2025", "period", False)
    assert resolved("“十三五”期間") == ("“十三五”期間", "2016/2020", "period", False)
    assert resolved("今年以來") == ("今年以來", "2021-01-01/2021-11-15", "period", True)


# ---------------------------------------------------------------- what is not a date


@pytest.mark.parametrize(
    "text",
    [
        "3个月",
        "电话0531-12345678",
        "12345市民服务热线",
        "国函〔2020〕66号",
        "2月30日",
        "十四五",  # a plan name only in quotes or with 期间, 时期, 规划 …
        "总投资2021亿元",
        "2000余名人才",
        "投产后年可实现销售收入10亿元",  # 后年 here is 投产后 + 年
        "增长12.5%",
        "第3名",
    ],
)
def test_not_dates(text):
    assert find_dates(text, REF) == []


# ---------------------------------------------------------------- the seeds


def _clean(path: Path):
    return clean(read(path))


def _mentions(prefix: str) -> tuple[str | None, list[DateMention]]:
    c = _clean(seed(prefix))
    ref = report_date(c.text, c.date)
    return ref, find_dates(c.text, ref)


def test_seed_000():
    ref, found = _mentions("000")
    assert ref == "2021-11-15"
    raws = {(d.raw, d.iso) for d in found}
    assert ("今年以来", "2021-01-01/2021-11-15") in raws
    assert ("1-9月份", "2021-01/2021-09") in raws
    assert ("2021年度", "2021") in raws
    assert ("10月", "2021-10") in raws  # 截至10月底


def test_seed_001_has_no_date_of_its_own():
    ref, found = _mentions("001")
    assert ref is None
    d = next(d for d in found if d.raw == "今年上半年")
    assert (d.iso, d.precision, d.relative) == (None, "half", True)
    assert [d.raw for d in found[:3]] == ["7月31日", "8月5日", "8月20日"]


def test_seed_002_year_from_its_title():
    ref, found = _mentions("002")
    assert ref == "2023"  # 2023济南市两会特别策划
    raws = {(d.raw, d.iso, d.precision) for d in found}
    assert ("2022年度", "2022", "year") in raws
    assert ("前三季度", "2023-01/2023-09", "period") in raws
    assert ("1-11月份", "2023-01/2023-11", "period") in raws


def test_seed_003():
    ref, found = _mentions("003")
    assert ref is None
    assert [d.raw for d in found] == ["今年", "3月23日", "今年", "今年"]


def test_seed_004():
    ref, found = _mentions("004")
    assert (
        ref == "2020"
    )  # no dateline: 市中区举行2020年重点项目建设推进大会, the year of the meeting it reports
    raws = [d.raw for d in found]
    assert "4月18日" in raws and "今年3月" in raws and "去年" in raws
    assert ("2020年", "2020") in {(d.raw, d.iso) for d in found}
    found = find_dates(_clean(seed("004")).text, ref)
    assert ("4月18日", "2020-04-18") in {(d.raw, d.iso) for d in found}


@pytest.mark.parametrize("path", report_paths(), ids=lambda p: p.name)
def test_every_date_holds(path):
    c = _clean(path)
    ref = report_date(c.text, c.date)
    found = find_dates(c.text, ref)
    for d in found:
        assert d.raw == c.text[d.start : d.end]
        assert d.precision in ("day", "month", "year", "half", "quarter", "period")
        assert d.iso is None or d.iso[:4].isdigit()
        assert d.relative or d.iso is not None
    assert all(x.end <= y.start for x, y in zip(found, found[1:], strict=False))


def test_fast_on_a_long_text():
    import time

    text = ("".join(_clean(p).text for p in sorted(SEEDS.glob("*.txt"))) * 20)[:200_000]
    t0 = time.perf_counter()
    found = find_dates(text, REF)
    assert time.perf_counter() - t0 < 0.5
    assert len(found) > 100


def test_a_target_year_is_not_the_report_year():
    body = "项目建设是稳增长的重要支撑，" * 8  # running text, not a title
    text = f"{body}力争到2025年召开成果大会。\n{body}市中区举行2020年重点项目建设推进大会，总投资305亿元。"
    assert report_date(text, None) == "2020"
    assert report_date(f"{body}计划到2035年召开国际论坛。", None) is None
