"""Recognition on seed text: heads, quotes, brackets, enumerations, knowledge."""

import pytest

from loaders.clean import clean
from loaders.mentions import find_mentions
from loaders.records import Report
from loaders.segment import segment
from tests.conftest import seed


def _mentions(text: str) -> dict[str, str]:
    doc = segment(clean(Report("t.txt", "t.txt", text, "utf-8", "0" * 64)))
    return {m.key_name: m.type for m in find_mentions(doc)}


@pytest.fixture(scope="module")
def seed_mentions():
    from loaders.read import read

    out = {}
    for p in ("000", "001", "002", "003", "004"):
        doc = segment(clean(read(seed(p))))
        out[p] = {m.key_name: m.type for m in find_mentions(doc)}
    return out


@pytest.mark.parametrize(
    "doc, name, type_",
    [
        ("000", "小梁庄片区改造项目", "Project"),  # head 项目, left edge at the comma
        ("000", "山东新金融产业园(二期)", "Project"),  # bracket kept
        ("000", "甲骨文(山东)出海产业生态中心", "Project"),
        ("000", "国家星火·链网超级节点", "Project"),  # quote inside the name, dropped
        ("000", "三区战略", "Strategy"),  # “三区”战略
        ("000", "经纬人才系列工程", "Strategy"),
        ("000", "数惠市中行动计划", "Strategy"),
        ("000", "暖企、助企、兴企行动", "Strategy"),
        ("000", "东强、西兴、南美、北起、中优城市发展新格局", "Strategy"),
        ("000", "中央活力区战略实施行动方案", "Strategy"),  # 《…》
        ("000", "中泰证券", "Organization"),  # 与中泰证券等金融机构
        ("000", "中英人寿山东分公司", "Organization"),
        ("000", "市中区", "District"),
        ("001", "比亚迪新能源整车项目", "Project"),  # 起步区 in front is where it is
        ("001", "比亚迪", "Organization"),
        ("001", "瑞沣新材料", "Project"),  # …等项目: the class noun types the list
        ("001", "格瑞德曼", "Project"),
        ("001", "*河体育中心", "Project"),  # censored character kept
        ("001", "雄安新区", "District"),
        ("002", "中国铁塔北方数据中心", "Project"),
        ("002", "齐鲁银行市中分行", "Organization"),
        ("003", "一轴、三区、多园战略", "Strategy"),
        ("003", "招商服务年活动", "Strategy"),
        ("004", "一带一城", "Strategy"),
        ("004", "二环路科创产业带", "Strategy"),
        ("004", "山东大学国家大学科技园", "Project"),
    ],
)
def test_seed_names_are_recognised(seed_mentions, doc, name, type_):
    assert seed_mentions[doc].get(name) == type_


@pytest.mark.parametrize(
    "doc, junk",
    [
        ("000", "高质量发展"),
        ("000", "营商环境"),
        ("000", "招商引资"),
        ("001", "一批高品质的学校"),
        ("001", "*工委"),
        ("000", "18个项目"),
        ("000", "重点项目"),
    ],
)
def test_generic_phrases_are_not_names(seed_mentions, doc, junk):
    assert junk not in seed_mentions[doc]


def test_enumeration_with_class_noun():
    m = _mentions("推动瑞丰智能、丙丁新材料、戊己智造等一批项目尽快投产。")
    assert m.get("瑞丰智能") == m.get("丙丁新材料") == m.get("戊己智造") == "Project"


def test_enumeration_of_companies():
    m = _mentions("聚集华为、腾讯、某某集团等一批龙头企业。")
    assert m.get("华为") == m.get("腾讯") == "Organization"
