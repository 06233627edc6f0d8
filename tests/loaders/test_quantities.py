"""Amounts of money and area: the rules of loaders.quantities pinned on the hard forms and on the seeds."""

from decimal import Decimal
from pathlib import Path

import pytest

from loaders.clean import clean
from loaders.quantities import Amount, find_amounts, parse_number
from loaders.read import read
from tests.conftest import SEEDS, report_paths, seed


def one(text: str) -> Amount:
    found = find_amounts(text)
    assert len(found) == 1, found
    a = found[0]
    assert a.raw == text[a.start : a.end]
    return a


# ---------------------------------------------------------------- value, kind, cue


@pytest.mark.parametrize(
    "text, raw, kind, value, unit, cue",
    [
        ("总投资84亿元的综合立体交通体系", "总投资84亿元", "investment", 8_400_000_000, "CNY", "总投资"),
        ("签约总投资额86.7亿元", "签约总投资额86.7亿元", "investment", 8_670_000_000, "CNY", "签约总投资额"),
        ("合同金额2.5亿元", "合同金额2.5亿元", "investment", 250_000_000, "CNY", "合同金额"),
        ("营收1000亿元", "营收1000亿元", "output", 100_000_000_000, "CNY", "营收"),
        ("实现营业收入69.6亿元", "营业收入69.6亿元", "output", 6_960_000_000, "CNY", "营业收入"),
        ("全县生产总值完成276亿元", "生产总值完成276亿元", "output", 27_600_000_000, "CNY", "生产总值"),
        ("民生支出44.6亿元", "44.6亿元", "amount", 4_460_000_000, "CNY", ""),
        ("建筑面积12.5万平方米", "建筑面积12.5万平方米", "area", 125_000, "m2", "建筑面积"),
        ("规划面积1.52平方公里", "规划面积1.52平方公里", "area", 1_520_000, "m2", "规划面积"),
        ("2.6万平方公里", "2.6万平方公里", "area", 26_000_000_000, "m2", ""),
        ("占地50公顷", "占地50公顷", "area", 500_000, "m2", "占地"),
        ("厂房3000㎡", "3000㎡", "area", 3000, "m2", ""),
        ("50万平米厂房", "50万平米", "area", 500_000, "m2", ""),
        ("实际使用外资4.625亿美元", "外资4.625亿美元", "investment", 462_500_000, "USD", "外资"),
        ("投资3亿港元", "投资3亿港元", "investment", 300_000_000, "HKD", "投资"),
        ("融资5000万欧元", "融资5000万欧元", "investment", 50_000_000, "EUR", "融资"),
        ("GDP 1.2万亿", "GDP 1.2万亿", "output", 1_200_000_000_000, "CNY", "GDP"),
    ],
)
def test_value_kind_and_cue(text, raw, kind, value, unit, cue):
    a = one(text)
    assert (a.raw, a.kind, a.value, a.unit, a.cue) == (raw, kind, Decimal(value), unit, cue)
    assert a.qualifier == "exact" and a.high is None


def test_mu_are_converted_exactly():
    a = one("1.2万亩")
    assert a.kind == "area" and a.unit == "m2"
    assert a.value == Decimal(12000) * 10000 / 15 == Decimal(8_000_000)
    assert str(a.value) == "8000000"  # a plain integer, not 8.0E+6
    assert one("占地208亩").value == Decimal(208 * 10000) / Decimal(15)  # 138666.66…, to 28 digits


def test_traditional_characters_and_full_width_digits():
    a = one("總投資84億元")
    assert (a.kind, a.value, a.cue) == ("investment", Decimal(8_400_000_000), "总投资")
    assert one("產值突破千億").value == Decimal(10**11)
    assert one("1.2萬畝").value == Decimal(8_000_000)
    assert one("兩千萬元").value == Decimal(20_000_000)
    a = one("投资１２亿元")  # full-width digits as in raw text
    assert (a.value, a.raw) == (Decimal(1_200_000_000), "投资１２亿元")
    assert one("投资１，２００万元").value == Decimal(12_000_000)


def test_chinese_numerals():
    assert one("八十四亿元").value == Decimal(8_400_000_000)
    assert one("一百二十万元").value == Decimal(1_200_000)
    assert one("销售收入十五亿元").value == Decimal(1_500_000_000)
    assert one("两千亩").value == Decimal(2000) * 10000 / 15
    assert one("投资十亿元").value == Decimal(10**9)
    assert one("一百多亿元").value == Decimal(10**10)
    assert parse_number("十") == 10 and parse_number("千亿") == 10**11 and parse_number("一万亿") == 10**12
    assert parse_number("一百零五") == 105 and parse_number("3", "千万") == 3 * 10**7
    assert parse_number("十四五") is None  # digits in a row: a name, not a number


# ---------------------------------------------------------------- qualifiers and ranges


@pytest.mark.parametrize(
    "text, value, qualifier",
    [
        ("总占地3600多公顷", 36_000_000, "at least"),
        ("10万余平方米", 100_000, "at least"),
        ("超过100亿元", 10**10, "at least"),
        ("逾百亿元", 10**10, "at least"),
        ("产值突破千亿", 10**11, "at least"),
        ("5000万元以上", 5 * 10**7, "at least"),
        ("今年至少完成投资48.3亿元", 4_830_000_000, "at least"),
        ("约5000万元", 5 * 10**7, "about"),
        ("投资3亿元左右", 3 * 10**8, "about"),
        ("近30亿元", 3 * 10**9, "nearly"),
        ("总投资额近1900亿", 190_000_000_000, "nearly"),
        ("不到3亿元", 3 * 10**8, "at most"),
        ("不足500亩", Decimal(500 * 10000) / 15, "at most"),
        ("投资额达171亿元", 17_100_000_000, "exact"),
    ],
)
def test_qualifiers(text, value, qualifier):
    a = one(text)
    assert (a.value, a.qualifier) == (Decimal(value), qualifier)


def test_qualifier_is_part_of_the_phrase():
    assert one("近30亿元").raw == "近30亿元"
    assert one("总占地3600多公顷的南部科创新城").raw == "总占地3600多公顷"
    assert one("资金规模5000万元以上的项目").raw == "资金规模5000万元以上"


@pytest.mark.parametrize(
    "text, low, high",
    [
        ("3至5亿元", 3 * 10**8, 5 * 10**8),
        ("3-5亿元", 3 * 10**8, 5 * 10**8),
        ("3亿至5亿元", 3 * 10**8, 5 * 10**8),
        ("1000至5000万元项目", 10**7, 5 * 10**7),
        ("投资3～5亿元", 3 * 10**8, 5 * 10**8),
    ],
)
def test_ranges(text, low, high):
    a = one(text)
    assert (a.value, a.high, a.qualifier) == (Decimal(low), Decimal(high), "range")


# ---------------------------------------------------------------- aggregates


@pytest.mark.parametrize(
    "text, aggregate",
    [
        ("14个项目总投资136亿元", True),
        ("共签约项目21个、总投资86.7亿元", True),
        ("上半年起步区共引进产业项目24个,签约总投资额86.7亿元", True),
        ("累计出让土地1624.5亩", True),
        ("进出口总值共计77亿元", True),
        ("总投资305亿元的11个市级重点项目", True),
        ("总投资84亿元的综合立体交通体系", False),
        ("该项目总投资8000万元", False),
        ("4个项目总投资均超百亿元", False),  # each of them
        ("包括超50亿元项目9个", False),  # a size class of projects
    ],
)
def test_aggregates(text, aggregate):
    assert one(text).aggregate is aggregate


# ---------------------------------------------------------------- what is not an amount


@pytest.mark.parametrize(
    "text",
    [
        "2021年",
        "14个项目",
        "增长12.5%",
        "4月18日",
        "第3名",
        "电话0531-12345678",
        "1-9月份",
        "一元化管理",
        "二元结构",
        "数十亿元",
        "几百万元",
        "人均收入5万元",
        "亩均税收50万元",
        "房价2万元/平方米",
        "发电量10亿千瓦时",
        "打造千亿产业集群",  # 亿 without a unit and without a money cue
        "“十四五”元年",
        "总投资超亿元",  # the number is missing (censored in seed 001)
    ],
)
def test_not_amounts(text):
    assert find_amounts(text) == []


def test_several_amounts_in_a_sentence():
    text = "累计出让土地1624.5亩、122.4亿元。营业收入达6.6亿元,电商营业收入达3000万元。"
    found = find_amounts(text)
    assert [(a.raw, a.kind) for a in found] == [
        ("土地1624.5亩", "area"),
        ("122.4亿元", "amount"),
        ("营业收入达6.6亿元", "output"),
        ("营业收入达3000万元", "output"),
    ]


# ---------------------------------------------------------------- the seeds


def _clean_text(path: Path) -> str:
    return clean(read(path)).text


def _by_raw(prefix: str) -> dict[str, Amount]:
    return {a.raw: a for a in find_amounts(_clean_text(seed(prefix)))}


def test_seed_000():
    found = _by_raw("000")
    a = found["投资64.2亿元"]  # 13个市级项目完成投资64.2亿元
    assert (a.kind, a.value, a.aggregate) == ("investment", Decimal(6_420_000_000), True)
    a = found["外资4.625亿美元"]
    assert (a.kind, a.value, a.unit) == ("investment", Decimal(462_500_000), "USD")
    a = found["基金规模超过1800亿元"]
    assert (a.value, a.qualifier) == (Decimal(180_000_000_000), "at least")
    assert found["进出口总额83.34亿元"].kind == "output"
    assert found["10万余平方米"].value == Decimal(100_000)
    assert found["54.27万平方米"].aggregate  # 18个项目、2293户、54.27万平方米征迁清零


def test_seed_001():
    found = _by_raw("001")
    a = found["签约总投资额86.7亿元"]
    assert (a.kind, a.value, a.aggregate) == ("investment", Decimal(8_670_000_000), True)
    a = found["土地超过6.2万亩"]
    assert (a.kind, a.qualifier, a.aggregate) == ("area", "at least", True)
    assert a.value == Decimal(62_000) * 10_000 / 15
    assert found["面积达13万亩"].kind == "area"
    assert len(found) == 3  # the other numbers of this page were censored away (总投资超亿)


def test_seed_002():
    found = _by_raw("002")
    a = found["总投资84亿元"]
    assert (a.kind, a.value, a.unit, a.qualifier, a.aggregate) == (
        "investment",
        Decimal(8_400_000_000),
        "CNY",
        "exact",
        False,
    )
    assert found["总投资837亿元"].aggregate  # 策划储备产业类等项目118个、总投资837亿元
    assert found["投资约4557万元"].qualifier == "about"
    assert (found["总产值超3200亿元"].kind, found["总产值超3200亿元"].qualifier) == ("output", "at least")
    assert found["外资3.2亿美元"].unit == "USD"
    assert found["3400余万元"].kind == "amount"


def test_seed_003():
    found = _by_raw("003")
    assert found["100.89平方公里"].value == Decimal(100_890_000)
    assert found["136万平方米"].aggregate  # 26座楼宇、136万平方米载体


def test_seed_004():
    found = _by_raw("004")
    a = found["总占地3600多公顷"]
    assert (a.kind, a.value, a.qualifier) == ("area", Decimal(36_000_000), "at least")
    a = found["总投资305亿元"]
    assert (a.kind, a.value, a.aggregate) == ("investment", Decimal(30_500_000_000), True)
    a = found["2900余亩"]
    assert (a.qualifier, a.aggregate) == ("at least", True)  # 共计2900余亩


@pytest.mark.parametrize("path", report_paths(), ids=lambda p: p.name)
def test_every_amount_holds(path):
    text = _clean_text(path)
    found = find_amounts(text)
    for a in found:
        assert a.raw == text[a.start : a.end]
        assert a.value > 0 and (a.high is None or a.high > a.value)
        assert a.kind in ("investment", "output", "area", "amount")
        assert (a.unit == "m2") == (a.kind == "area")
        assert a.qualifier in ("exact", "at least", "about", "nearly", "at most", "range")
        assert (a.high is not None) == (a.qualifier == "range")
    assert [a.start for a in found] == sorted(a.start for a in found)
    assert all(x.end <= y.start for x, y in zip(found, found[1:], strict=False))


def test_raw_text_works_too():
    # the raw file (full-width punctuation, no cleaning) gives the same amounts as the clean text
    raw = read(seed("002")).raw
    assert {a.raw for a in find_amounts(raw)} >= {"总投资84亿元", "总投资837亿元", "营业收入达6.6亿元"}


def test_fast_on_a_long_text():
    import time

    text = ("".join(_clean_text(p) for p in sorted(SEEDS.glob("*.txt"))) * 20)[:200_000]
    t0 = time.perf_counter()
    found = find_amounts(text)
    assert time.perf_counter() - t0 < 0.5
    assert len(found) > 100
