"""Stage 5: mentions -> entities: one per thing the report names, under its fullest name, with aliases.

Mentions of the same name are one entity. Different names are one entity when the report shows
they are: a quoted slogan and its defined name (三区 / 三区战略), a name with and without its place
prefix (济南中央活力区 / 中央活力区) or bracket (…(济南)基地 / …基地), with and without a generic
tail (中山公园 / 中山公园项目), an abbreviation keeping the place and the head
(济南起步区 / 济南新旧动能转换起步区), the bare head used alone (起步区), and known short names
(国电投 / 国家电力投资集团). Divisions and well-known organizations take their public canonical name,
so that the same entity gets the same key in every report.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict

from loaders.lexicon import knowledge
from loaders.records import Document, Entity, Mention
from loaders.rules import forms, normalize_name

_TAILS = ("项目", "建设", "工程", "活动", "行动", "战略", "地块征迁", "计划")
# The level words that end the full names of divisions (GB/T 2260), longest first.
_DIVISION_LEVELS = ("自治州", "自治县", "街道", "新区", "省", "市", "区", "县", "镇", "乡")


def entity_key(type_: str, label: str) -> str:
    return f"{type_}|{label}"


def resolve(doc: Document, mentions: list[Mention]) -> list[Entity]:
    # 1. group by normalised name; the type is the one most mentions give (ties: the longer rule score wins)
    by_name: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_name[m.key_name].append(m)
    types: dict[str, str] = {}
    for name, ms in by_name.items():
        counts = Counter(m.type for m in ms)
        types[name] = max(counts, key=lambda t: (counts[t], _type_priority(t)))

    # 2. union names that denote the same thing
    parent: dict[str, str] = {name: name for name in by_name}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            # the fuller name is the root
            if (len(rb), rb) > (len(ra), ra):
                ra, rb = rb, ra
            parent[rb] = ra

    names = sorted(by_name, key=len, reverse=True)
    extra_aliases: dict[str, set[str]] = defaultdict(set)
    for a, b in _shorter_forms(names, types):
        union(a, b)
    # a slogan with or without its national qualifier and defining word: 强省会战略 / 新时代社会主义现代化强省会
    by_stem: dict[str, list[str]] = defaultdict(list)
    for name in names:
        if types[name] == "Strategy" and len(_stem(name)) >= 3:
            by_stem[_stem(name)].append(name)
    for group in by_stem.values():
        for other in group[1:]:
            union(group[0], other)
    # apposition: “一带”,即“二环路科创产业带”; a name followed by another in brackets
    for short, full in _appositions(doc, by_name):
        if short in parent and full in parent and types[short] == types[full]:
            union(full, short)
        elif full in parent:
            extra_aliases[full].add(short)
    # one quoted core, two defining words: “3+2”重点产业 / “3+2”产业集群
    by_core: dict[tuple[str, str], list[str]] = defaultdict(list)
    for name, ms in by_name.items():
        for core in {a for m in ms for a in m.aliases if len(a) >= 2}:
            by_core[(types[name], core)].append(name)
    for group in by_core.values():
        for other in group[1:]:
            union(group[0], other)
    # <org>项目 names the one project of the report that carries the organization's name:
    # 比亚迪项目 / 比亚迪新能源整车项目
    projects = sorted(n for n in names if types[n] == "Project")
    for a in names:
        if types[a] != "Project" or not a.endswith("项目") or len(a) < 4:
            continue
        stem = a[: -len("项目")]
        i = bisect.bisect_left(projects, stem)
        owners = []
        while i < len(projects) and projects[i].startswith(stem):
            if projects[i] != a and find(projects[i]) != find(a):
                owners.append(projects[i])
            i += 1
        if len({find(b) for b in owners}) == 1:
            union(owners[0], a)
    # an organization with and without its legal form: 中远海运集团 / 中远海运
    by_firm: dict[str, list[str]] = defaultdict(list)
    for name in names:
        if types[name] == "Organization":
            firm = _LEGAL_FORM.sub("", name)
            if len(firm) >= 2:
                by_firm[_canonical(firm, "Organization") or firm].append(name)
    for group in by_firm.values():
        for other in group[1:]:
            union(group[0], other)
    # known short names: 国电投 and 国家电投 are one organization
    canon_groups: dict[str, list[str]] = defaultdict(list)
    for name in names:
        c = _canonical(name, types[name])
        if c:
            canon_groups[types[name] + c].append(name)
    for group in canon_groups.values():
        for other in group[1:]:
            union(group[0], other)

    # a name another name's mentions give as their alias is that name (多园 / “多园”产业支持体系): two entities
    # with one name would make the graph ambiguous
    for name, ms in by_name.items():
        for a in {a for m in ms for a in m.aliases}:
            if a in by_name and a != name and types[a] == types[name]:
                union(name, a)

    # 3. build entities
    groups: dict[str, list[str]] = defaultdict(list)
    for name in by_name:
        groups[find(name)].append(name)
    entities = []
    for root, group in groups.items():
        ms = [m for n in group for m in by_name[n]]
        counts = Counter()
        for m in ms:
            counts[types[m.key_name]] += 1
        type_ = max(counts, key=lambda t: (counts[t], _type_priority(t)))
        # a public name (a division's, a known organization's) when one of the group's names has one, so that
        # the entity has the same key in every report (济南市历下区 and 历下 are 历下区)
        by_length = sorted(group, key=lambda n: (len(n), n), reverse=True)
        label = next((c for n in [root, *by_length] if (c := _canonical(n, type_))), None) or by_length[0]
        seen = {a for m in ms for a in m.aliases} | {a for n in group for a in extra_aliases.get(n, ())}
        aliases = sorted(({n for n in group if n != label} | _variants(group, label) | seen) - {label})
        entities.append(
            Entity(
                key=entity_key(type_, label),
                type=type_,
                label=label,
                aliases=tuple(a for a in aliases if a != label),
                mentions=tuple(sorted(ms, key=lambda m: m.start)),
            )
        )
    entities.extend(_bare_heads(doc, entities))
    return _merge_same_key(entities)


_LEGAL_FORM = re.compile(r"(?:集团)?(?:股份)?(?:有限责任公司|有限公司|公司)$|集团$")
_QUALIFIERS = re.compile(r"^(?:新时代社会主义现代化|社会主义现代化|新时代)")
_DEFINING = re.compile(r"(?:战略|建设)$")


def _stem(name: str) -> str:
    return _DEFINING.sub("", _QUALIFIERS.sub("", name))


_APPOSITION = re.compile(r"“([^“”]{1,8})”\s*[,，]?\s*即\s*“?([^“”，,；;。]{2,40}?)”?(?=[,，;；。])")


def _appositions(doc: Document, by_name: dict[str, list[Mention]]) -> list[tuple[str, str]]:
    """(short, full) pairs the text defines: “一带”,即“二环路科创产业带”; X(Y) where Y is named the same way."""
    out = []
    for m in _APPOSITION.finditer(doc.text):
        short, full = m.group(1), normalize_name(m.group(2))
        full = next((n for n in by_name if full.endswith(n) and len(n) >= len(full) - 8), full)
        out.append((short, full))
    for name, ms in by_name.items():
        for mm in ms:
            after = re.match(r"\(([^()]{3,30})\)", doc.text[mm.end : mm.end + 34])
            if after and forms.head_of(after.group(1)) and after.group(1) != name:
                out.append((after.group(1), name))
    return out


def _type_priority(t: str) -> int:
    return {"District": 4, "Organization": 3, "Project": 2, "Strategy": 1}[t]


_PHASE = re.compile(r"\((?:[一二三四五六七八九十]|[0-9])+期\)")


def _shorter_forms(names: list[str], types: dict[str, str]):
    """Pairs (full, short) of names of one type that denote the same thing, found by looking each full
    name's possible short forms up (linear in the number of names, not quadratic):

    - without brackets: 国家海外人才离岸创新创业(济南)基地 / …创新创业基地 (not a phase: …(二期) is a project of
      its own);
    - without a place, or a named district or organization, in front: 济南中央活力区 / 中央活力区,
      山东重工绿色智造产业城 / 绿色智造产业城; a long enough tail (6+ characters ending in a head) in any case;
    - without a generic tail: 中山公园项目 / 中山公园, 兴隆公园建设 / 兴隆公园;
    - the place and the head only: 济南新旧动能转换起步区 / 济南起步区.
    """
    k = knowledge()
    present = set(names)
    named_prefixes = {n for n in names if types[n] in ("Organization", "District")}

    def same(a: str, b: str) -> bool:
        return b != a and b in present and types[b] == types[a]

    for a in names:
        t = types[a]
        if not _PHASE.search(a):
            for bare in {a.replace("(", "").replace(")", ""), re.sub(r"\([^()]*\)", "", a)}:
                if same(a, bare):
                    yield a, bare
        for cut in range(1, len(a) - 2):
            b = a[cut:]
            if not same(a, b):
                continue
            prefix = a[:cut]
            place = k.division(prefix) is not None or prefix in ("济南", "山东", "中国", "国家")
            tail = forms.head_of(b) is not None and (
                len(b) >= 6 or (len(b) >= 4 and prefix in named_prefixes)
            )
            if place or tail:
                yield a, b
        for tail in _TAILS:
            if a.endswith(tail) and len(a) - len(tail) >= 2 and same(a, a[: -len(tail)]):
                yield a, a[: -len(tail)]
        if t == "District":  # a division without its level: 市中 / 市中区, 天桥 / 天桥区, 浙江 / 浙江省
            for level in _DIVISION_LEVELS:
                if a.endswith(level) and len(a) - len(level) >= 2 and same(a, a[: -len(level)]):
                    yield a, a[: -len(level)]
        head = forms.head_of(a)
        if head and len(head) >= 2 and t in ("District", "Strategy"):
            for n in range(2, min(5, len(a) - len(head))):
                place = a[:n]
                if k.division(place) and same(a, place + head):
                    yield a, place + head


def _canonical(name: str, type_: str) -> str | None:
    k = knowledge()
    if type_ == "District":
        d = k.division(name)
        if d is not None:
            return d.name
    if type_ == "Organization" and name in k.organizations:
        return k.organizations[name]
    if type_ == "Strategy" and name in k.strategies:
        return k.strategies[name]
    return None


def _variants(group: list[str], label: str) -> set[str]:
    """Other spellings worth matching on: without brackets."""
    out = set()
    for n in group:
        bare = re.sub(r"\([^()]*\)", "", n)
        if bare != n and len(bare) >= 2 and not _PHASE.search(n):  # …(二期) is not …
            out.add(bare)
    return out


def _bare_heads(doc: Document, entities: list[Entity]) -> list[Entity]:
    """A distinctive head used alone (起步区) names the one entity of the report that ends with it."""
    by_head: dict[str, list[Entity]] = defaultdict(list)
    for e in entities:
        head = forms.head_of(e.label)
        if head and len(head) >= 3 and e.type in ("District", "Strategy") and head not in forms.WEAK_HEADS:
            by_head[head].append(e)
    extra = []
    for head, es in by_head.items():
        if len(es) != 1 or head in {e.label for e in entities}:
            continue
        e = es[0]
        spans = []
        for m in re.finditer(re.escape(head), doc.text):
            inside = any(x.start <= m.start() and m.end() <= x.end for x in e.mentions)
            if not inside and not any(
                x.start <= m.start() < x.end for other in entities for x in other.mentions
            ):
                spans.append(Mention(m.start(), m.end(), head, e.type, "bare-head", head))
        if spans:
            extra.append(Entity(e.key, e.type, e.label, tuple(sorted(set(e.aliases) | {head})), tuple(spans)))
    return extra


def _merge_same_key(entities: list[Entity]) -> list[Entity]:
    """One entity per key, and per name within a type: entities of one type sharing a label or alias are
    one (under the fuller label), so that a name never means two things in a report."""
    merged: dict[str, Entity] = {}
    owner: dict[tuple[str, str], str] = {}  # (type, name) -> key of the entity holding it
    public = {e.key for e in entities if _canonical(e.label, e.type) == e.label}
    for e in sorted(entities, key=lambda e: (e.key not in public, -len(e.label), -len(e.mentions), e.key)):
        into = next(
            (owner[(e.type, n)] for n in (e.label, *e.aliases) if (e.type, n) in owner),
            e.key if e.key in merged else None,
        )
        if into is not None:
            o = merged[into]
            aliases = tuple(sorted((set(o.aliases) | set(e.aliases) | {e.label}) - {o.label}))
            mentions = tuple(sorted(set(o.mentions) | set(e.mentions), key=lambda m: m.start))
            e = Entity(o.key, o.type, o.label, aliases, mentions)
        merged[e.key] = e
        for n in (e.label, *e.aliases):
            owner.setdefault((e.type, n), e.key)
    return sorted(merged.values(), key=lambda e: e.mentions[0].start if e.mentions else 0)


def normalize(label: str) -> str:
    return normalize_name(label)
