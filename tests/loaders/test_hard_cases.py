"""The hard cases of real pages, pinned on seed text: broken lines, censored characters, traditional
characters, quotes, brackets, enumerations and aliases — what makes extraction generalise."""

import opencc
import pytest

from loaders import extract
from tests.conftest import seed


def _names(x) -> dict[str, str]:
    out = {}
    for e in x.entities:
        for n in (e.label, *e.aliases):
            out[n] = e.type
    return out


def _rels(x) -> set[tuple[str, str, str]]:
    label = {e.key: e.label for e in x.entities}
    return {(label[r.head], r.type, label[r.tail]) for r in x.relations}


def test_a_name_broken_by_the_page_comes_back_whole(extractions):
    # 中国重 | (two sidebar paragraphs) | 卡、西门子…: the company is found, not 中国重 or 卡
    names = _names(extractions[seed("002").name])
    assert names.get("中国重卡") == "Organization"
    assert "中国重" not in names and "卡" not in names


def test_censored_characters_stay_and_make_no_junk(extractions):
    names = _names(extractions[seed("001").name])
    assert names.get("*河体育中心") == "Project" and names.get("*河会展中心") == "Project"
    assert not any(n.strip("*") in ("", "工委", "河") for n in names)


def test_quoted_slogans_with_and_without_their_defining_word(extractions):
    names = _names(extractions[seed("000").name])
    assert names.get("三区战略") == names.get("三区") == "Strategy"
    assert names.get("数惠市中行动计划") == names.get("数惠市中") == "Strategy"
    names = _names(extractions[seed("003").name])
    # “大经济、大建设…大国资”六大板块: the collective and each of its parts
    assert names.get("六大板块") == "Strategy"
    assert all(
        names.get(p) == "Strategy" for p in ("大经济", "大建设", "大招商", "大城管", "大民生", "大国资")
    )
    rels = _rels(extractions[seed("003").name])
    assert ("大民生", "partOf", "六大板块") in rels


def test_brackets_are_kept_where_they_are_part_of_the_name(extractions):
    names = _names(extractions[seed("000").name])
    assert names.get("山东新金融产业园(二期)") == "Project"  # a second phase is its own project
    assert names.get("甲骨文(山东)出海产业生态中心") == "Project"
    rels = _rels(extractions[seed("000").name])
    assert ("甲骨文(山东)出海产业生态中心", "involves", "甲骨文公司") in rels


def test_enumerations_are_typed_by_their_class_noun(extractions):
    names = _names(extractions[seed("001").name])
    for p in ("光大智慧照明", "瑞沣新材料", "方垠特种设备", "格瑞德曼"):  # …等项目早投产
        assert names.get(p) == "Project", p
    names = _names(extractions[seed("004").name])
    for o in ("阿里巴巴", "微软", "SAP"):  # …等一批世界五百强企业
        assert names.get(o) == "Organization", o


def test_aliases_resolve_to_one_entity(extractions):
    x = extractions[seed("001").name]
    qbq = next(e for e in x.entities if e.label == "济南新旧动能转换起步区")
    assert {"起步区", "济南起步区"} <= set(qbq.aliases)  # the bare head and the shortened form
    byd = next(e for e in x.entities if e.label == "比亚迪新能源整车项目")
    assert "比亚迪项目" in byd.aliases
    x = extractions[seed("004").name]
    belt = next(e for e in x.entities if e.label == "二环路科创产业带")
    assert "一带" in belt.aliases  # “一带”,即“二环路科创产业带”
    assert ("二环路科创产业带", "partOf", "一带一城") in _rels(x)


@pytest.mark.parametrize("prefix", ["001", "004"])
def test_traditional_characters_give_the_simplified_graph(tmp_path, prefix, extractions):
    original = extractions[seed(prefix).name]
    text = seed(prefix).read_text(encoding="utf-8")
    trad = opencc.OpenCC("s2t").convert(text)
    f = tmp_path / seed(prefix).name
    f.write_bytes(trad.encode("big5", errors="replace"))
    x = extract(f)
    assert x.clean.script == "Hant"
    same = {e.label for e in original.entities} & {e.label for e in x.entities}
    assert len(same) >= 0.9 * len(original.entities)
    # evidence still points into the traditional original
    for r in x.relations[:20]:
        raw = x.report.raw[r.evidence.raw_start : r.evidence.raw_end]
        assert (
            opencc.OpenCC("t2s").convert(raw).replace("，", ",")[:5] == r.evidence.text.replace("，", ",")[:5]
        )


def test_a_web_page_gives_the_graph_of_its_text(tmp_path, extractions):
    import html

    text = seed("003").read_text(encoding="utf-8")
    paras = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.split("\n") if line.strip())
    page = (
        '<!DOCTYPE html><html><head><meta charset="gbk"><title>历下区新闻</title><script>var a="<p>x</p>";</script>'
        '</head><body><nav><a href="/">首页</a> &gt; 新闻中心</nav><div class="content">'
        f"{paras}</div><footer>版权所有 © 2023 鲁ICP备12345号 扫一扫关注公众号</footer></body></html>"
    )
    f = tmp_path / seed("003").name
    f.write_bytes(page.encode("gb18030"))
    x = extract(f)
    assert {e.label for e in x.entities} == {e.label for e in extractions[seed("003").name].entities}
