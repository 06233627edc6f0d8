"""Cleaning: page furniture goes, broken lines come back together, offsets point into the original."""

from loaders.clean import clean, normalize_query
from loaders.read import read
from loaders.records import Report
from tests.conftest import seed


def _clean(prefix):
    return clean(read(seed(prefix)))


def _fold(ch: str) -> str:
    o = ord(ch)
    if 0xFF01 <= o <= 0xFF5E:
        return chr(o - 0xFEE0)
    return {"\u3000": " ", "\xa0": " ", "「": "“", "」": "”"}.get(ch, ch)


def _offsets_hold(c, raw):
    for i, ch in enumerate(c.text):
        if ch == "\n":
            continue
        assert _fold(raw[c.to_raw[i]]) == ch, (i, ch, raw[c.to_raw[i]])


def test_newspaper_chrome_is_dropped_and_metadata_kept():
    c = _clean("000")
    for junk in ("责任编辑", "新闻排行", "进入新闻中心", "通讯员", "来源:舜网"):
        assert junk not in c.text
    assert c.date == "2021-11-15"
    assert c.source == "舜网-济南日报"
    assert c.title.startswith("全力打造济南中央活力区")
    # the headline is printed three times on the page; it is kept once
    assert c.text.count("品质市中“三区”战略指向未来新坐标") == 1


def test_forum_chrome_is_dropped():
    c = _clean("001")
    for junk in ("发新话题", "回复该主题", "复制链接", "http://", "分享 转发", "TOP", "1#"):
        assert junk not in c.text
    assert c.title == "5天不远万里南下北上取经,济南起"
    assert "(济南时报" not in c.text  # the bracketed byline at the end


def test_lines_broken_by_the_page_layout_are_rejoined():
    c = _clean("002")
    assert "大力推动中国重卡、西门子等龙头工业企业" in c.text  # 中国重 | 卡
    assert "市中区持续聚焦“链主企业”" in c.text  # 持 | (caption, sidebar) | 续
    assert "抢抓济南市科创金融改革试验区机遇" in c.text
    assert "全面加快2158套安置房和2616套保障性租赁住房建设" in c.text
    c3 = _clean("003")
    assert "经十路以北非视廊内区域" in c3.text  # 以 | (four sidebar paragraphs) | 北


def test_captions_credits_and_qr_lines():
    c = _clean("003")
    assert "历下区供图" not in c.text and "扫码下载" not in c.text and "组版" not in c.text
    assert "济南中央商务区成为全省金融中心建设的主战场。" in c.text


def test_censored_characters_stay():
    c = _clean("001")
    assert "*河体育中心" in c.text and "起步区**考察团" in c.text


def test_every_clean_character_points_at_its_original(seed_paths):
    for p in seed_paths:
        r = read(p)
        _offsets_hold(clean(r), r.raw)


def test_traditional_text_is_simplified_with_offsets_into_the_original():
    raw = "濟南8月12日電(王採怡)該市萊蕪區錨定工業經濟「頭號工程」,精準謀劃「3+2」重點產業。"
    r = Report("t.txt", "t.txt", raw, "utf-8", "0" * 64)
    c = clean(r)
    assert c.script == "Hant"
    assert "该市莱芜区锚定工业经济“头号工程”" in c.text
    i = c.text.index("莱芜区")
    assert raw[c.to_raw[i] : c.to_raw[i + 2] + 1] == "萊蕪區"


def test_html_is_reduced_to_text():
    raw = (
        "<html><head><title>市中区新闻</title><script>var x='<p>';</script></head><body>"
        "<nav>首页 | 新闻</nav><div><p>市中区加快推进&ldquo;三区&rdquo;战略。</p><p>比亚迪项目落户。</p></div>"
        "<footer>版权所有</footer></body></html>"
    )
    c = clean(Report("p.html", "p.html", raw, "utf-8", "0" * 64))
    assert c.title == "市中区新闻"
    assert "市中区加快推进“三区”战略。" in c.text and "比亚迪项目落户。" in c.text
    assert "var x" not in c.text and "版权所有" not in c.text and "首页" not in c.text
    i = c.text.index("比亚迪")
    assert raw[c.to_raw[i] : c.to_raw[i] + 3] == "比亚迪"


def test_user_queries_are_normalised_like_reports():
    assert normalize_query("“起步區”") == "起步区"
    assert normalize_query("ＳＡＰ") == "SAP"


def test_the_list_of_other_articles_under_a_story_is_not_its_text():
    body = read(seed("004")).raw
    raw = body + "\n\n相关新闻\n\n青岛西海岸新区签约某某产业园项目\n杭州市西湖区打造数字经济小镇\n"
    c = clean(Report("r.txt", "r.txt", raw, "utf-8", "0" * 64))
    assert "西海岸" not in c.text and "西湖区" not in c.text
    assert "二环路科创产业带" in c.text


def test_hong_kong_variant_characters_are_simplified():
    raw = "該區衞生服務中心和綫上平台於今年啓用，推動產業升級。" * 3
    c = clean(Report("hk.txt", "hk.txt", raw, "utf-8", "0" * 64))
    assert "卫生服务中心" in c.text and "线上平台" in c.text
