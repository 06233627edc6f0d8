"""Gold annotations laid onto a report's clean text.

The gold names an entity once, with its aliases, not where it stands; so every occurrence of a gold name
or alias in the clean text is taken as a mention of it (quotation marks inside the text are skipped
when matching, as the annotation drops them: “三区”战略 is 三区战略). For the tagger the occurrences
must not overlap: longer names first, so 比亚迪新能源整车项目 wins over 比亚迪 inside it (the
organization inside a project's name is found by the name decision, from the project's prefixes), except
that the items of an enumeration win over an alias spelling out the whole list.
"""

from __future__ import annotations

import re

from graph.evaluate import norm
from loaders.records import Document, Entity, Mention

_SKIPPED = frozenset("“”\"'「」《》‘’ \t\u3000")


def _view(text: str) -> tuple[str, list[int]]:
    """The text without quotation marks and spaces, full-width ASCII folded (as names are compared), and
    for each of its characters the offset in `text`."""
    chars, where = [], []
    for i, ch in enumerate(text):
        if ch in _SKIPPED:
            continue
        o = ord(ch)
        chars.append(chr(o - 0xFEE0) if 0xFF01 <= o <= 0xFF5E else ch)
        where.append(i)
    return "".join(chars), where


def _names(e: dict) -> list[str]:
    return sorted(
        {n for n in (norm(e["name"]), *(norm(a) for a in e.get("aliases", []))) if n}, key=len, reverse=True
    )


def name_types(gold: dict) -> dict[str, str]:
    """Every gold name and alias (compared as the scorer compares them) -> the entity's type."""
    out: dict[str, str] = {}
    for e in gold["entities"]:
        for n in _names(e):
            out.setdefault(n, e["type"])
    return out


def gold_spans(text: str, gold: dict) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, type) of the gold names in `text`, longest names first."""
    view, where = _view(text)
    # longest first, but an alias listing other gold names (大经济、大建设…六大板块 of 六大板块, each item an
    # entity) after them: the tagger should learn the items and the entity's plain name, not the list (a
    # framework named by its list, 一轴、三区、多园战略 or 东强、西兴、南美、北起、中优, stays whole)
    names = [(n, e["type"]) for e in gold["entities"] for n in _names(e)]
    known = {n for n, _ in names}
    # entities that have a name without an enumeration mark: their listing aliases may yield
    plain = {n for e in gold["entities"] if any("、" not in x for x in _names(e)) for n in _names(e)}

    def lists_names(n: str) -> bool:
        items = n.split("、")
        if len(items) < 2 or n not in plain:
            return False
        others = known - {n}
        first, *middle, last = items
        return (
            any(first.endswith(k) for k in others)
            and all(x in others for x in middle)
            and any(last.startswith(k) for k in others)
        )

    names.sort(key=lambda x: (lists_names(x[0]), -len(x[0])))
    taken = bytearray(len(view))
    spans = []
    for n, t in names:
        for m in re.finditer(re.escape(n), view):
            a, b = m.start(), m.end()
            if any(taken[a:b]):
                continue
            taken[a:b] = b"\x01" * (b - a)
            spans.append((where[a], where[b - 1] + 1, t))
    return sorted(spans)


def gold_entities(doc: Document, gold: dict) -> list[Entity]:
    """The gold entities with every occurrence of their names as mentions (an organization inside a
    project's name included); entities the text never names are left out."""
    text = doc.text
    view, where = _view(text)
    out = []
    for e in gold["entities"]:
        taken = bytearray(len(view))
        mentions = []
        for n in _names(e):
            for m in re.finditer(re.escape(n), view):
                a, b = m.start(), m.end()
                if any(taken[a:b]):
                    continue
                taken[a:b] = b"\x01" * (b - a)
                s, t = where[a], where[b - 1] + 1
                mentions.append(Mention(s, t, text[s:t], e["type"], "gold", n))
        if mentions:
            mentions.sort(key=lambda m: m.start)
            label = e["name"]
            aliases = tuple(a for a in e.get("aliases", []) if a != label)
            out.append(Entity(f"{e['type']}|{label}", e["type"], label, aliases, tuple(mentions)))
    return out
