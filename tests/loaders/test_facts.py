"""Which entity an amount or a stage is about, on the seeds, and what must not be attached."""

from __future__ import annotations

from decimal import Decimal

import pytest

from graph.evaluate import evaluate
from loaders.clean import clean
from loaders.entities import resolve
from loaders.facts import find_facts
from loaders.read import read
from loaders.records import Entity, Mention, Report
from loaders.segment import segment
from tests.conftest import FIXTURES, SEEDS, seed


def _facts(extractions, doc: str):
    x = extractions[seed(doc).name]
    label = {e.key: e.label for e in x.entities}
    amounts = {(label[f.entity], f.amount.raw): f for f in x.amounts}
    stages = {(label[s.entity], s.stage): s for s in x.stages}
    return x, amounts, stages


def test_an_amount_before_de_is_of_the_project_named_after_it(extractions):
    x, amounts, _ = _facts(extractions, "002")
    f = amounts["综合立体交通体系", "总投资84亿元"]
    assert (f.amount.kind, f.amount.value, f.amount.unit) == ("investment", Decimal("8.4e9"), "CNY")
    assert "总投资84亿元的综合立体交通体系加紧建设" in f.evidence.text
    assert x.report.raw[f.evidence.raw_start : f.evidence.raw_end].count("84") >= 1
    # the project was named only as what the money is for: it joins the report's entities
    assert any(e.label == "综合立体交通体系" and e.type == "Project" for e in x.entities)


def test_a_total_of_several_projects_is_not_one_projects(extractions):
    _, amounts, _ = _facts(extractions, "002")
    # 总投资115亿元的中博·领创时代企业总部园、市中国岳城、中海寰宇时代等项目: three projects' total
    assert not any(raw == "总投资115亿元" for _, raw in amounts)
    # 策划储备产业类等项目118个、总投资837亿元: a count of projects, stated of the district
    assert amounts["市中区", "总投资837亿元"].amount.aggregate


def test_totals_go_to_the_district(extractions):
    _, amounts, _ = _facts(extractions, "004")
    assert amounts["市中区", "总投资305亿元"].amount.value == Decimal("3.05e10")  # …的11个市级重点项目
    f = amounts["南部科创新城", "总占地3600多公顷"]
    assert (f.amount.value, f.amount.unit, f.amount.qualifier) == (Decimal("3.6e7"), "m2", "at least")
    _, amounts, _ = _facts(extractions, "001")
    assert amounts["济南新旧动能转换起步区", "签约总投资额86.7亿元"].amount.aggregate


def test_the_date_of_an_amount_is_the_one_its_sentence_gives(extractions):
    _, amounts, _ = _facts(extractions, "000")
    assert amounts["市中区", "投资64.2亿元"].date == "2021-10"  # 截至10月底, in a report of 2021-11-15
    assert amounts["市中区", "54.27万平方米"].date is None


def test_stages_of_an_enumeration_and_their_order_in_time(extractions):
    x0, _, stages0 = _facts(extractions, "000")
    x2, _, stages2 = _facts(extractions, "002")
    for name in ("济南中央活力区", "济南中央商埠区", "山东能源互联网产业集聚区"):  # 谋划打造A、B、C
        assert (name, "planned") in stages0
    assert ("中央活力区", "elevated") in stages2 and ("中央商埠区", "elevated") in stages2
    assert stages2["中央活力区", "underway"].word == "全面起势"
    assert (x0.date, x2.date) == ("2021-11-15", "2023")


def test_targets_and_rates_are_not_stages(extractions):
    _, _, stages = _facts(extractions, "001")
    assert not any(name.startswith("比亚迪") for name, _ in stages)  # 力争年底实现比亚迪项目投产
    assert not any(stage == "operating" for _, stage in stages)  # 未来,*河体育中心…投入使用
    _, _, stages = _facts(extractions, "000")
    assert ("济南宾馆项目", "signed") not in stages  # 济南宾馆项目签约率达100%


def _doc_with(text: str, names: dict[str, str]):
    report = Report("t.txt", "t.txt", text, "utf-8", "0" * 64)
    doc = segment(clean(report))
    mentions = []
    for name, typ in names.items():
        at = doc.text.find(name)
        assert at >= 0, name
        mentions.append(Mention(at, at + len(name), name, typ, "test"))
    return doc, resolve(doc, mentions)


@pytest.mark.parametrize(
    ("text", "names", "want"),
    [
        (
            "东方雨虹项目，占地208亩，总投资8亿元，将建设生产线。",
            {"东方雨虹项目": "Project"},
            {"东方雨虹项目"},
        ),
        (
            "惠普高端喷墨项目和富士康合作项目，投资3.5亿美元。",
            {"惠普高端喷墨项目": "Project", "富士康合作项目": "Project"},
            set(),
        ),
        ("渤海科技大学项目，是魏桥科技园的核心版块，总投资40亿元。", {"魏桥科技园": "Project"}, set()),
        ("此次集中开工的全市重大项目共87个，总投资739.2亿元。", {}, set()),
        ("全县共实施千万元以上重点项目68个。", {}, set()),
        ("洞头区温州新能源电池材料低碳产业园项目等4个项目总投资均超百亿元。", {"洞头区": "District"}, set()),
    ],
    ids=[
        "name-then-amount",
        "two-names-joined",
        "a-modifier-between",
        "the-whole-city",
        "a-size-class",
        "each",
    ],
)
def test_what_is_attached_and_what_is_not(text, names, want):
    doc, entities = _doc_with(text, names)
    amounts, _, _ = find_facts(doc, entities, "2021-01-01")
    label = {e.key: e.label for e in entities}
    assert {label[f.entity] for f in amounts} == want


def test_amount_precision_on_the_seeds_gold_is_at_least_0_9():
    res = evaluate(FIXTURES / "seeds_gold.jsonl", [SEEDS])
    amounts, dates = res.total(["amount"]), res.total(["date"])
    assert amounts.gold >= 30 and amounts.prf()[0] >= 0.9
    assert dates.tp == dates.gold == 3  # 000, 002, 004 give a year or a day; 001 and 003 give none


def test_without_names_nothing_is_attached():
    doc = segment(clean(read(seed("003"))))
    amounts, stages, added = find_facts(doc, [Entity("District|历下区", "District", "历下区", (), ())], None)
    assert (amounts, stages, added) == ([], [], [])  # no mention to attach to, no district to total on


def test_quan_qu_is_the_district_the_report_is_about(extractions):
    _, amounts, _ = _facts(extractions, "000")
    f = amounts["市中区", "进出口总额83.34亿元"]  # 1-9月,全区实现进出口总额83.34亿元
    assert (f.amount.kind, f.date) == ("output", "2021-01/2021-09")
    doc, entities = _doc_with("历下区召开会议。全市实现进出口总额83亿元。", {"历下区": "District"})
    assert find_facts(doc, entities, "2021")[0] == []  # 全市 is not the district: nothing attached
