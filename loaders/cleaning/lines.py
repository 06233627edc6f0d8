"""The lines of a page: which are page furniture (chrome, metadata, bylines) and which report text,
the pieces removed inside running text (datelines, bylines, photo credits), and the rejoining of
paragraphs broken by the page layout (a line that stops mid-sentence is joined to the line that
continues it, even when a caption or a sidebar sits in between).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.cleaning.seg import Seg

# ---------------------------------------------------------------- lines

_TERMINAL = "。！？!?；;:：…”’」』)）】》\"'"
_SENTENCE_PUNCT = re.compile(r"[，,。；;：:、！？!?]")

# Whole lines that are page furniture, not report text.
_CHROME_LINE = re.compile(
    r"^\s*(?:"
    r"(?:责任)?编辑\s*[:：]|美编\s*[:：]|组版\s*[:：]|校对\s*[:：]|审核\s*[:：]|审校\s*[:：]|监制\s*[:：]|"
    r"作者\s*[:：]|通讯员\s*[:：]?|摄影\s*[:：]|(?:文|图|文/图|图/文)\s*[:：/]|"
    r"(?:信息)?来源\s*[:：]|发布(?:日期|时间)\s*[:：]|访问次数|浏览次数|点击(?:数|量|次数)|阅读(?:数|量)\s*[:：]|"
    r"首页\s*$|.*(?:>>|»|›|\s>\s)|首页\s*(?:>|＞|/)|当前位置|您的位置|"
    r"发新话题|回复该主题|返回列表|上一篇|下一篇|上一主题|下一主题|只看该作者|分享\s*转发|"
    r"新闻排行|进入新闻中心|相关(?:新闻|阅读|文章|推荐)|热门(?:推荐|文章|新闻)|推荐阅读|延伸阅读|"
    r"扫码|扫一扫|长按|识别二维码|打印本页|关闭窗口|【\s*(?:打印|关闭|字体)|字号\s*[:：]|"
    r"版权所有|copyright|免责声明|.*ICP[备证]|"
    r"TOP\s*$|\d{1,4}\s*#\s*$|#\s*\d{1,4}\s*$|楼主\s*$|沙发\s*$|板凳\s*$|"
    r"注册\s*$|登录\s*$|登陆\s*$|"
    r".*\[复制链接\]\s*$"  # handled before: forum title keeps its text
    r")",
    re.I,
)
_CHROME_ANYWHERE = re.compile(
    r"https?://|www\.[a-z0-9-]+\.|二维码|下载.{0,8}(?:客户端|APP)|关注.{0,10}公众号|点击.{0,6}(?:阅读|查看)原文"
    r"|找记者\s*上|分享到[:：]|收藏本文",
    re.I,
)
_BYLINE = re.compile(r"(?:记者|通讯员|实习生|见习记者|特约记者)\s*[:：]?\s*\S{1,4}(?:\s+\S{1,4}){0,4}\s*$")
_TAIL_OF_PAGE = re.compile(
    r"^\s*[【\[]?\s*(?:相关(?:新闻|阅读|文章|推荐|链接|报道)|热门(?:推荐|文章|新闻|评论)|推荐阅读|延伸阅读|猜你喜欢|"
    r"精彩推荐|热点新闻|新闻排行|最新评论|网友评论|更多新闻|往期回顾)\s*[】\]]?\s*[:：]?\s*$"
)
_METADATA_DATE = re.compile(r"(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}:\d{2}:\d{2}")
_DATE = re.compile(r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_SOURCE = re.compile(r"(?:信息)?来源\s*[:：]\s*([^\s|｜]{1,40})")

# Pieces inside running text: datelines, bracketed bylines, photo credits, picture markers.
_DATELINE = re.compile(
    r"^[\u4e00-\u9fffA-Za-z]{0,12}?(?:网|社|报|台)?[\u4e00-\u9fff]{0,6}\d{1,2}月\d{1,2}日(?:电|讯|消息)"
    r"(?:\s*[(（][^()（）]{0,30}[)）])?\s*"
)
_INLINE_BYLINE = re.compile(r"[(（][^()（）\n]{0,30}(?:记者|通讯员|编辑|报道)[^()（）\n]{0,30}[)）]")
_CREDIT = re.compile(
    r"(?:(?<=[。！？.!?\s])|^)[\u4e00-\u9fffA-Za-z·]{2,24}(?:供图|摄|/摄|图片来源[^\s]*)(?=\s|$)"
)
_PICTURE_MARK = re.compile(r"^[▲△▼◆●■□☆★◎→]+\s*|(?<=\S)(?:效果图|示意图|航拍图|鸟瞰图)(?=\s*$)")
_FORUM_TITLE = re.compile(r"\s*\[复制链接\]\s*$")
_MULTISPACE = re.compile(r"[ ]{2,}")
_PARA_BREAK = re.compile(r"(?<=[。！？!?])[ ]{2,}")


@dataclass
class _Line:
    seg: Seg
    heading: bool = False  # a title or section heading (short, no sentence punctuation)
    title: bool = False


def _classify(text: str) -> str:
    """'chrome', 'meta', 'byline', or 'text'."""
    t = text.strip()
    if not t:
        return "chrome"
    if _CHROME_LINE.match(t) or _CHROME_ANYWHERE.search(t):
        return "chrome"
    if len(t) <= 80 and _METADATA_DATE.search(t) and not re.search(r"[。，,；;]", t):
        return "meta"
    if len(t) <= 2:  # site names, stray characters
        return "chrome"
    if len(t) <= 40 and _BYLINE.search(t) and not re.search(r"[。，,；]", t):
        return "byline"
    return "text"


def _is_body(text: str) -> bool:
    return bool(_SENTENCE_PUNCT.search(text)) or len(text) >= 40


def _dangling(text: str) -> bool:
    """Running text (long, or with a full stop inside) that stops mid-sentence."""
    t = text.rstrip()
    if not t or t[-1] in _TERMINAL or t.endswith("..."):
        return False
    return _is_body(t) and (len(t) >= 30 or bool(re.search(r"[。；;！？!?]", t)))


def _segmenter():
    from loaders.lexicon import tokenizer  # the one segmenter of the project, already bent to the genre

    return tokenizer()


def _word_across(left: str, right: str) -> bool:
    """A dictionary word spans the break: 市中区持 | 续聚焦 -> 持续; 济南市 | 数字经济 -> none.
    Either the segmenter puts a word across it, or the two characters at it are a common word."""
    left = left.rstrip()[-6:]
    right = right.lstrip()[:6]
    if not left or not right:
        return False
    seg = _segmenter()
    pair = left[-1] + right[0]
    left_tokens = list(seg.cut(left, HMM=False))
    stops_mid_word = len(left_tokens[-1]) == 1  # 中国|重, 市中区|持; not 济南市, 安置房
    if stops_mid_word and seg.FREQ.get(pair, 0) >= 100 and re.fullmatch(r"[\u4e00-\u9fff]+", pair):
        return True  # 经十路以 | 北非视廊 -> 以北
    pos = 0
    for tok in seg.cut(left + right, HMM=False):
        end = pos + len(tok)
        if pos < len(left) < end and re.fullmatch(r"[\u4e00-\u9fff]+", tok):
            return True
        pos = end
    return False


def _rejoin(lines: list[_Line]) -> list[_Line]:
    """Join lines broken by the page layout.

    A line of running text that stops mid-sentence continues in a later line: within a few lines,
    the first one whose start completes a word with it (captions and sidebars may sit in between),
    else the very next line when it is running text."""
    out: list[_Line] = []
    i = 0
    lines = list(lines)
    while i < len(lines):
        cur = lines[i]
        while _dangling(cur.seg.text) and not cur.title:
            j = _continuation(cur.seg.text, lines, i)
            if j is None:
                break
            cur = _Line(cur.seg + lines[j].seg.strip(), heading=False)
            del lines[j]
        out.append(cur)
        i += 1
    return out


_MID_SENTENCE_START = re.compile(r"^(?:[和及与或等的了着之、,;]|以及|并且|[^\s,。、;:]{1,3}[、,])")


def _continuation(left: str, lines: list[_Line], i: int) -> int | None:
    if i + 1 < len(lines):
        nxt = lines[i + 1]
        if not nxt.title and _is_body(nxt.seg.text) and _MID_SENTENCE_START.match(nxt.seg.text):
            return i + 1  # 安置房 | 和2616套…, 中国重 | 卡、西门子…
    for j in range(i + 1, min(len(lines), i + 16)):
        nxt = lines[j]
        if not nxt.title and _is_body(nxt.seg.text) and _word_across(left, nxt.seg.text):
            return j
    if i + 1 < len(lines):
        nxt = lines[i + 1]
        if not nxt.title and not nxt.heading and _is_body(nxt.seg.text):
            return i + 1
    return None


def _tidy(line: Seg) -> Seg:
    line = line.sub(_DATELINE)
    line = line.sub(_INLINE_BYLINE)
    line = line.sub(_CREDIT)
    line = line.sub(_PICTURE_MARK)
    line = line.strip()
    return line


def _split_paragraphs(line: Seg) -> list[Seg]:
    """A run of spaces after a full stop is a lost paragraph break; other space runs become one space."""
    parts: list[Seg] = []
    pos = 0
    for m in _PARA_BREAK.finditer(line.text):
        parts.append(line.slice(pos, m.start()))
        pos = m.end()
    parts.append(line.slice(pos, len(line)))
    return [p.sub(_MULTISPACE, " ").strip() for p in parts]
