"""Stage 2: `Report` -> `CleanText`: the report's running text, without the page around it.

What goes: HTML markup, site and forum chrome (navigation, share buttons, floor numbers, QR-code
and app-download lines, copyright), bylines and datelines, photo credits, URL spam lines and
repeated headlines. What is repaired: full-width forms, corner quotes, traditional characters
(converted to simplified with OpenCC), and paragraphs broken by the page layout (a line that stops
mid-sentence is joined to the line that continues it, even when a caption or a sidebar sits in
between). Censored `*` characters stay as they stand.

Every character of the clean text keeps the offset of the original character it came from
(`CleanText.to_raw`), so evidence can be located in the original file.
"""

from __future__ import annotations

import html
import re
from array import array
from dataclasses import dataclass
from functools import lru_cache

from kgerrors import InputError
from loaders.records import CleanText, Report

# Longest text (markup removed) a report may have, in characters. Real reports stay well under 100 000
# (a year's government work report is about 20 000); the later stages take about 10 s on 200 000
# characters of news text and up to ~30 s on text made to be hard, and grow faster than the text.
MAX_TEXT = 200_000

# ---------------------------------------------------------------- a piece of text with its origins


@dataclass(frozen=True)
class Seg:
    """Text plus, for each character, its offset in the original text."""

    text: str
    raw: array  # array('l'), len(raw) == len(text)

    def __len__(self) -> int:
        return len(self.text)

    def slice(self, a: int, b: int) -> Seg:
        return Seg(self.text[a:b], self.raw[a:b])

    def cut(self, a: int, b: int) -> Seg:
        """Remove [a, b)."""
        return Seg(self.text[:a] + self.text[b:], self.raw[:a] + self.raw[b:])

    def __add__(self, other: Seg) -> Seg:
        return Seg(self.text + other.text, self.raw + other.raw)

    def strip(self) -> Seg:
        t = self.text
        a = len(t) - len(t.lstrip())
        b = len(t.rstrip())
        return self.slice(a, max(a, b))

    def sub(self, pattern: re.Pattern, repl_char: str | None = None) -> Seg:
        """Delete every match (or replace it by one `repl_char`, placed at the match's first character)."""
        out_t: list[str] = []
        out_r = array("l")
        pos = 0
        for m in pattern.finditer(self.text):
            out_t.append(self.text[pos : m.start()])
            out_r.extend(self.raw[pos : m.start()])
            if repl_char is not None and m.end() > m.start():
                out_t.append(repl_char)
                out_r.append(self.raw[m.start()])
            pos = m.end()
        if pos == 0:
            return self
        out_t.append(self.text[pos:])
        out_r.extend(self.raw[pos:])
        return Seg("".join(out_t), out_r)


def _identity(text: str, base: int = 0) -> Seg:
    return Seg(text, array("l", range(base, base + len(text))))


# ---------------------------------------------------------------- HTML

_HTML_HINT = re.compile(r"<(?:html|body|head|div|p|br|span|article|table|meta)\b", re.I)
# Where markup starts: a comment, a tag's name (its end is found with str.find, never by a regex that
# could rescan the rest of the page at every unclosed `<`), or a character reference.
_MARKUP = re.compile(
    r"<!--|<([!?/]?)([a-zA-Z][a-zA-Z0-9:-]*)|&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});"
)
# Elements dropped with everything inside them.
_HIDDEN = frozenset(
    {"script", "style", "nav", "footer", "aside", "noscript", "iframe", "svg", "form", "select", "button"}
    | {"template"}
)
_BLOCK = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "table"}
    | {"section", "article", "header", "main", "center", "blockquote", "pre", "hr", "dd", "dt", "dl"}
    | {"figure", "figcaption", "caption", "title"}
)


def looks_like_html(text: str) -> bool:
    head = text[:5000]
    return (
        bool(re.search(r"<(?:!doctype\s+html|html|body)\b", head, re.I)) or len(_HTML_HINT.findall(head)) >= 3
    )


class _Closers:
    """Finds `</name>` (or the `-->` of a comment) after a position; remembers where a search failed,
    so that a page full of unclosed <script> tags or comments is scanned once, not once per tag."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.missing: dict[str, int] = {}  # name -> a position after which its closer does not occur

    def find(self, name: str, pos: int) -> tuple[int, int] | None:
        """(start, end) of the first closer at or after `pos`."""
        if pos >= self.missing.get(name, len(self.text) + 1):
            return None
        if name == "--":
            i = self.text.find("-->", pos)
            found = (i, i + 3) if i >= 0 else None
        else:
            m = re.compile(rf"</{name}\s*>", re.I).search(self.text, pos)
            found = m.span() if m else None
        if found is None:
            self.missing[name] = pos
        return found


def html_to_text(text: str) -> tuple[Seg, str | None]:
    """Markup -> text with block elements as line breaks; returns the <title> too.

    One pass, linear in the page: an unclosed comment, tag or element drops only its own opening."""
    out_t: list[str] = []
    out_r = array("l")
    title = None
    closers = _Closers(text)
    last_gt = text.rfind(">")  # no tag can end after the last `>`
    pos = 0
    for m in _MARKUP.finditer(text):
        if m.start() < pos:  # inside markup already dropped
            continue
        out_t.append(text[pos : m.start()])
        out_r.extend(range(pos, m.start()))
        pos, piece, title = _markup(text, m, closers, last_gt, title)
        if piece:
            out_t.append(piece)
            out_r.extend([m.start()] * len(piece))
    out_t.append(text[pos:])
    out_r.extend(range(pos, len(text)))
    return Seg("".join(out_t), out_r), title


def _markup(text: str, m: re.Match, closers: _Closers, last_gt: int, title: str | None):
    """One piece of markup at `m` -> (where the text resumes, what replaces it, the title so far)."""
    tok = m.group(0)
    if tok.startswith("&"):
        return m.end(), html.unescape(tok), title
    if tok == "<!--":
        c = closers.find("--", m.end())
        return (c[1] if c else m.end()), "", title
    if m.end() > last_gt:  # `<name` with no `>` after it: not a tag, left as text
        return m.start(), "", title
    end = text.find(">", m.end()) + 1
    slash, name = m.group(1), m.group(2).lower()
    if not slash and name in _HIDDEN and (c := closers.find(name, end)):
        return c[1], "\n", title
    if not slash and name == "title" and (c := closers.find("title", end)):
        inner = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^<>]*>", "", text[end : c[0]]))).strip()
        return c[1], "\n", title or inner or None
    if slash in ("", "/") and name in _BLOCK | _HIDDEN:
        return end, "\n", title
    return end, "", title


# ---------------------------------------------------------------- characters

# Full-width ASCII -> ASCII; ideographic and no-break spaces -> space; corner quotes -> curly quotes.
_CHAR_MAP = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}
_CHAR_MAP.update({0x3000: 0x20, 0xA0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20, 0x202F: 0x20})
_CHAR_MAP.update({ord("「"): ord("“"), ord("」"): ord("”"), ord("『"): ord("‘"), ord("』"): ord("’")})
_CHAR_MAP.update({ord("\t"): 0x20, ord("\r"): ord("\n"), ord("\f"): ord("\n"), ord("\v"): ord("\n")})
_CHAR_MAP.update({ord("\u2028"): ord("\n"), ord("\u2029"): ord("\n")})
# Control characters, zero-width characters, replacement characters: dropped.
_DROP = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\u200b-\u200d\u2060\ufeff\ufffd\ufffe]|\r(?=\n)")


def normalize_chars(seg: Seg) -> Seg:
    seg = seg.sub(_DROP)
    return Seg(seg.text.translate(_CHAR_MAP), seg.raw)


@lru_cache(maxsize=1)
def _opencc():
    """OpenCC traditional -> simplified (with Hong Kong variants): tells whether a text is traditional."""
    import opencc

    return opencc.OpenCC("hk2s")  # t2s plus the Hong Kong variant forms (衞 -> 卫)


# Phrases OpenCC leaves in a form mainland text does not use (座標 -> 座标, written 坐标); same lengths.
_PHRASE_FIXES = {"座标": "坐标"}


class _Simplifier:
    """Traditional -> simplified as the mainland writes it, for Taiwan and Hong Kong text too: their
    variants first (tw2s: 隨著, 著力 -> 随着, 着力; hk2s: 衞生 -> 卫生), then the phrase fixes. Plain t2s
    leaves 著 and 衞, so the same report in Big5 and in GB18030 would give different names."""

    def __init__(self) -> None:
        import opencc

        self._steps = (opencc.OpenCC("tw2s"), opencc.OpenCC("hk2s"))

    def convert(self, text: str) -> str:
        for cc in self._steps:
            text = cc.convert(text)
        for old, new in _PHRASE_FIXES.items():
            text = text.replace(old, new)
        return text


@lru_cache(maxsize=1)
def _simplifier() -> _Simplifier:
    return _Simplifier()


def is_traditional(text: str) -> bool:
    """More than 3% of the Han characters change under traditional -> simplified conversion."""
    sample = "".join(ch for ch in text[:20000] if "\u4e00" <= ch <= "\u9fff")[:5000]
    if len(sample) < 10:
        return False
    conv = _opencc().convert(sample)
    changed = sum(1 for a, b in zip(sample, conv, strict=False) if a != b)
    return changed / len(sample) > 0.03


def to_simplified(seg: Seg) -> Seg:
    """Convert line by line; a line whose length the conversion changes is converted per character,
    so that every clean character keeps its own original offset."""
    cc = _simplifier()
    out: list[str] = []
    for line in seg.text.split("\n"):
        conv = cc.convert(line)
        if len(conv) != len(line):
            conv = "".join(c if len(c := cc.convert(ch)) == 1 else ch for ch in line)
        out.append(conv)
    return Seg("\n".join(out), seg.raw)


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


# ---------------------------------------------------------------- the stage


def clean(report: Report) -> CleanText:
    """Report -> clean text, one paragraph per line."""
    raw = report.raw
    html_title = None
    if looks_like_html(raw):
        seg, html_title = html_to_text(raw)
    else:
        seg = _identity(raw)
    seg = normalize_chars(seg)
    if len(seg) > MAX_TEXT:
        raise InputError(
            f"{report.path}: {len(seg):,} characters of text, more than the {MAX_TEXT:,} a report may have"
            " (split it into several files)"
        )
    script = "Hans"
    if is_traditional(seg.text):
        seg = to_simplified(seg)
        script = "Hant"

    lines: list[_Line] = []
    date = source = None
    seen: set[str] = set()
    pos = 0
    for piece in seg.text.split("\n"):
        line = seg.slice(pos, pos + len(piece))
        pos += len(piece) + 1
        text = line.text.strip()
        if _TAIL_OF_PAGE.match(text) and sum(len(ln.seg) for ln in lines) >= 100:
            break  # the list of other articles under the story: none of it is this report
        kind = _classify(text)
        if "[复制链接]" in text:  # a forum thread's title
            lines.append(_Line(line.sub(_FORUM_TITLE).strip(), heading=True, title=True))
            continue
        if kind in ("meta", "chrome", "byline"):
            if date is None and (m := _DATE.search(text)):
                date = f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
            if source is None and (m := _SOURCE.search(text)):
                source = m.group(1)
            continue
        line = _tidy(line)
        for part in _split_paragraphs(line):
            t = part.text
            if not t:
                continue
            if len(t) >= 8 and t in seen:  # a headline or caption repeated by the page
                continue
            seen.add(t)
            heading = not _is_body(t) or (len(t) <= 50 and not re.search(r"[。；;！？!?]", t) and " " in t)
            title = (
                not any(ln.title for ln in lines)
                and len(lines) < 3
                and len(t) <= 80
                and t[-1] not in "。.!！"
            )
            lines.append(_Line(part, heading=heading or title, title=title))

    lines = _rejoin(lines)
    title = html_title or _title(lines)
    if date is None and (m := _DATE.search(seg.text[:3000])):
        date = f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return _assemble(report, lines, title, date, source, script)


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


def _title(lines: list[_Line]) -> str | None:
    for ln in lines:
        if ln.title:
            return ln.seg.text
    return None


def _assemble(report: Report, lines: list[_Line], title, date, source, script) -> CleanText:
    texts: list[str] = []
    to_raw = array("l")
    for k, ln in enumerate(lines):
        if k:
            texts.append("\n")
            prev = lines[k - 1].seg.raw
            to_raw.append(prev[-1] + 1 if len(prev) else 0)
        texts.append(ln.seg.text)
        to_raw.extend(ln.seg.raw)
    to_raw.append(len(report.raw))
    text = "".join(texts)
    return CleanText(
        doc_id=report.doc_id,
        text=text,
        to_raw=tuple(to_raw),
        title=title,
        date=date,
        source=source,
        script=script,
    )


def normalize_query(text: str) -> str:
    """A name typed by a user, normalised as report text is: full-width folded, simplified, quotes and spaces dropped."""
    t = text.translate(_CHAR_MAP)
    if is_traditional(t) or any(_opencc().convert(ch) != ch for ch in t):
        t = _simplifier().convert(t)
    return "".join(ch for ch in t if ch not in "“”\"'‘’「」《》 \t\n")
