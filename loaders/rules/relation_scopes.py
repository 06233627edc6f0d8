"""Relation rules over the scope a name stands in: a strategy's projects (the paragraph the strategy
opens, the section under a heading naming it, the list after its colon, the strategies framing a
sentence's projects), where projects and organizations are (locatedIn), who invests in a project
(involves: named inside its name, 由X投资的Y) and who cooperates with whom (与X签订战略合作协议, 联合X, 携手X).
"""

from __future__ import annotations

import re

from loaders.lexicon import knowledge
from loaders.records import Entity, Mention, Sentence
from loaders.rules.relation_context import _Ctx, _first_sentence, _sentence_at


def _includes_project(ctx: _Ctx) -> None:
    """A project belongs to the strategy whose scope it sits in: the paragraph the strategy opens (or the only
    strategy its first sentence names), the section under a heading naming it, the list of items a paragraph
    ending in a colon introduces — and to the strategies of its own sentence that frame it."""
    doc = ctx.doc
    if not any(e.type == "Strategy" for e in ctx.entities):
        return
    owners = _paragraph_owners(ctx)
    for s in doc.sentences:
        ents = ctx.in_sentence(s)
        projects = [(m, e) for m, e in ents if e.type == "Project"]
        if not projects:
            continue
        targets: dict[str, Entity] = {e.key: e for e in owners.get(s.paragraph, [])}
        for e in _framing_strategies(ctx, ents, projects, bool(targets)):
            targets.setdefault(e.key, e)
        for st in targets.values():
            for _, p in projects:
                ctx.add(st, "includesProject", p, s, "scope")


def _framing_strategies(ctx: _Ctx, ents, projects, owned: bool) -> list[Entity]:
    """The strategies of a sentence that frame its projects: those named before the first project (or, when
    none is and the paragraph has no owner, after the last); not the items of an enumeration of strategies
    (以A、B、C为核心… names parts, not containers)."""
    strats = [(m, e) for m, e in ents if e.type == "Strategy"]
    listed = set()
    for (m1, e1), (m2, e2) in zip(strats, strats[1:], strict=False):
        if re.fullmatch(r"、|和|及|与", ctx.doc.text[m1.end : m2.start]):
            listed |= {e1.key, e2.key}
    strats = [(m, e) for m, e in strats if e.key not in listed]
    first_p = projects[0][0].start
    before = [e for m, e in strats if m.end <= first_p]
    if before:
        return before
    if owned:
        return []
    return [e for m, e in strats if m.start >= projects[-1][0].end]


def _paragraph_owners(ctx: _Ctx) -> dict[int, list[Entity]]:
    doc = ctx.doc
    owners: dict[int, list[Entity]] = {}
    section: Entity | None = None  # the strategy a heading names, for the paragraphs under it
    intro: Entity | None = None  # the strategy of a paragraph that ends with a colon, for the items after it
    for p_index, (p_start, p_end) in enumerate(doc.paragraphs):
        sents = [s for s in doc.sentences if s.paragraph == p_index]
        if not sents:
            continue
        first = sents[0]
        first_strats = _unique([e for _, e in ctx.in_sentence(first) if e.type == "Strategy"])
        if first.heading and len(sents) == 1:
            section = first_strats[0] if len(first_strats) == 1 else None
            intro = None
            continue
        mine: list[Entity] = []
        if intro is not None:
            mine.append(intro)
        if first_strats and (_leads(doc.text, first, first_strats[0]) or len(first_strats) == 1):
            mine.append(first_strats[0])
        elif section is not None and intro is None:
            mine.append(section)
        if mine:
            owners[p_index] = _unique(mine)
        text = doc.text[p_start:p_end].rstrip()
        strats = _unique([e for s in sents for _, e in ctx.in_sentence(s) if e.type == "Strategy"])
        if text.endswith((":", "：")) and strats:
            intro = strats[-1]
        elif intro is not None and not text.endswith((";", "；", "…")):
            intro = None  # the last item of the list
    return owners


def _unique(es: list[Entity]) -> list[Entity]:
    seen: dict[str, Entity] = {}
    for e in es:
        seen.setdefault(e.key, e)
    return list(seen.values())


def _leads(text: str, s: Sentence, e: Entity) -> bool:
    """The strategy is what the sentence is about: it opens it (中央商埠区聚力蓄势。, 打造济南中央活力区。)."""
    m = next((m for m in e.mentions if s.start <= m.start < s.end), None)
    if m is None:
        return False
    prefix = text[s.start : m.start]
    return len(prefix) <= 4


def _located_in(ctx: _Ctx) -> None:
    subj = ctx.subject
    k = knowledge()
    for e in ctx.entities:
        if e.type == "Project":
            place = _place_in_name(ctx, e) or subj
            if place is not None:
                s = _first_sentence(ctx, e)
                if s:
                    ctx.add(e, "locatedIn", place, s, "project-place")
        elif e.type == "Organization" and subj is not None:
            for m in e.mentions:
                s = _sentence_at(ctx.doc, m.start)
                if s is None or _nested(ctx, m):
                    continue  # 引进中国商飞深圳研发中心: the centre settles, not the company in its name
                before = ctx.doc.text[s.start : m.start]
                end = _end_of_list(ctx, m, s)  # 比亚迪、国电投等龙头企业落地建设: the verb after the list
                nxt = min((x.start for x, _ in ctx.in_sentence(s) if x.start >= end), default=s.end)
                after = re.split(r"[,，;；。]", ctx.doc.text[end : min(nxt, end + 16)])[0]
                partner = re.search(r"(?:与|同|联合|携手)[^,，;；。]*$", before)  # a partner is not a settler
                if not partner and (_SETTLE_BEFORE.search(before) or _SETTLE_AFTER.search(after)):
                    ctx.add(e, "locatedIn", subj, s, "settles")
                    break
    del k


_SETTLE_BEFORE = re.compile(
    r"(?:新引进|引进|引入|招引|聚集|集聚|吸引|设立)[^。；;,，]*$"
)  # in the same clause
_SETTLE_AFTER = re.compile(r"落户|入驻|落地|扎根|总部|注册|投产|进驻")


def _end_of_list(ctx: _Ctx, m: Mention, s: Sentence) -> int:
    """Where the enumeration that `m` starts or continues ends (after its last item)."""
    end = m.end
    for x, _ in ctx.in_sentence(s):
        if x.start >= end and re.fullmatch(r"、|和|及|以及", ctx.doc.text[end : x.start]):
            end = x.end
    return end


def _nested(ctx: _Ctx, m: Mention) -> bool:
    return any(
        x.start <= m.start and m.end <= x.end and (x.start, x.end) != (m.start, m.end)
        for e in ctx.entities
        for x in e.mentions
    )


def _place_in_name(ctx: _Ctx, e: Entity) -> Entity | None:
    """A project named after another district than the subject's own (通州副中心综合交通枢纽 -> 通州)."""
    subj = ctx.subject
    k = knowledge()
    districts = {x.label: x for x in ctx.entities if x.type == "District"}
    for x in ctx.entities:
        if x.type != "District" or x is subj:
            continue
        for n in (x.label, *x.aliases):
            if len(n) >= 2 and e.label.startswith(n):
                d = k.division(x.label)
                # a city or province in front names the project (济南宾馆, 山东新金融产业园), not its place
                if d is not None and d.level in ("province", "city"):
                    return None
                return districts.get(x.label)
    return None


def _is_ancestor(a, b) -> bool:
    k = knowledge()
    seen = 0
    while b is not None and b.parent and seen < 5:
        if b.parent == a.code:
            return True
        b = k.by_code.get(b.parent)
        seen += 1
    return False


_INVEST = re.compile(r"(?:由)?(?P<org>\S{2,30}?)(?:将)?(?:投资|设立|建设|打造|运营|投建|出资|牵头)(?:的)?")


def _involves(ctx: _Ctx) -> None:
    projects = [e for e in ctx.entities if e.type == "Project"]
    orgs = [e for e in ctx.entities if e.type == "Organization"]
    for p in projects:
        for o in orgs:
            for n in (o.label, *o.aliases):
                if len(n) >= 2 and n in p.label and n != p.label:
                    s = _first_sentence(ctx, p)
                    if s:
                        ctx.add(p, "involves", o, s, "org-in-name")
                    break
    # X投资的Y / 由X设立的Y / X将投资…设立Y
    for s in ctx.doc.sentences:
        ents = ctx.in_sentence(s)
        for i, (m, e) in enumerate(ents):
            if e.type != "Organization":
                continue
            for m2, e2 in ents[i + 1 :]:
                if e2.type != "Project":
                    continue
                gap = ctx.doc.text[m.end : m2.start]
                if (
                    len(gap) <= 30
                    and re.search(r"投资|设立|建设|打造|运营|投建|出资|牵头|开展", gap)
                    and not re.search(r"[。;；]", gap)
                ):
                    ctx.add(e2, "involves", e, s, "invests")
                    break


_COOP = re.compile(
    r"(?:与|同|和)(?P<list>[^，,。；;]{2,80}?)(?:等[^，,。；;]{0,12})?(?:签订|签署|达成|合作签约|签约合作|开展合作|战略合作|合作)"
)


def _cooperates(ctx: _Ctx) -> None:
    text = ctx.doc.text
    for s in ctx.doc.sentences:
        ents = ctx.in_sentence(s)
        seg = text[s.start : s.end]
        partners: list[tuple[Mention, Entity]] = []
        for m in _COOP.finditer(seg):
            a, b = s.start + m.start("list"), s.start + m.end("list")
            partners += [(x, e) for x, e in ents if a <= x.start and x.end <= b and e.type == "Organization"]
        for m in re.finditer(r"(?:联合|携手)", seg):
            pos = s.start + m.end()
            nxt = next(((x, e) for x, e in ents if x.start >= pos and x.start - pos <= 1), None)
            if nxt and nxt[1].type == "Organization":
                partners.append(nxt)
                # an enumeration continues the partner list: 联合A、B、C等
                j = ents.index(nxt)
                for x, e in ents[j + 1 :]:
                    gap = text[partners[-1][0].end : x.start]
                    if e.type == "Organization" and re.fullmatch(r"、|和|及", gap):
                        partners.append((x, e))
                    else:
                        break
        if not partners:
            continue
        first = partners[0][0]
        for actor in _actors_before(ctx, ents, first.start, s):
            for _, pe in partners:
                if actor.key != pe.key:
                    ctx.add(actor, "cooperatesWith", pe, s, "cooperation")


def _actors_before(ctx: _Ctx, ents, pos: int, s: Sentence) -> list[Entity]:
    """Who cooperates: the organizations listed right before the partners (腾讯、大疆、华为等龙头企业与…), else
    the one organization or district named before them in the clause, else the report's subject."""
    text = ctx.doc.text
    before = [(m, e) for m, e in ents if m.end <= pos and e.type in ("Organization", "District")]
    if before:
        group = [before[-1]]
        for m, e in reversed(before[:-1]):
            if re.fullmatch(r"、|和|及", text[m.end : group[-1][0].start]):
                group.append((m, e))
            else:
                break
        if len(group) > 1 and re.match(r"等[^,，;；。]{0,8}$", text[group[0][0].end : pos]) is not None:
            return [e for _, e in group]
    actor = _actor_before(ctx, ents, pos, s)
    return [actor] if actor is not None else []


def _actor_before(ctx: _Ctx, ents, pos: int, s: Sentence) -> Entity | None:
    """Who cooperates: the organization or district named before the partners in the clause, else the subject."""
    text = ctx.doc.text
    clause_start = s.start
    for m in re.finditer(r"[，,；;:：]", text[s.start : pos]):
        clause_start = s.start + m.end()
    before = [e for m, e in ents if m.end <= pos and m.start >= s.start]
    in_clause = [
        e
        for m, e in ents
        if clause_start <= m.start and m.end <= pos and e.type in ("Organization", "District")
    ]
    if in_clause:
        return in_clause[-1]
    orgs_before = [e for e in before if e.type == "Organization"]
    if orgs_before and re.search(r"将|拟", text[s.start : pos]):
        return orgs_before[0]
    return ctx.subject
