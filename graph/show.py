"""Walks, paths, stats and timelines as rich renderables for the terminal, or as plain data for JSON.

Terminal output clips each evidence sentence to a window around the names it links; JSON keeps the
whole sentence with its offsets in the original file.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from graph.lookup import Entity, curie
from graph.walk import EvidenceRef, Step, discovered_by
from ontology.terms import ENTITY_TYPES

if TYPE_CHECKING:  # graph.stats imports networkx, which `kg neighbors` does without
    from graph.stats import Stats
    from graph.timeline import Entry as TimelineEntry

EVIDENCE_WIDTH = 40  # characters; nearly all are CJK, two cells wide each


# ---------------------------------------------------------------- plain data


def entity_data(e: Entity) -> dict:
    return {
        "iri": e.iri,
        "label": e.label,
        "type": e.type,
        "aliases": list(e.aliases),
        "reports": list(e.reports),
    }


def step_data(s: Step) -> dict:
    return {
        "hop": s.hop,
        "from": s.source.iri,
        "from_label": s.source.label,
        "relation": s.relation,
        "direction": s.direction,
        "iri": s.node.iri,
        "label": s.node.label,
        "type": s.node.type,
        "evidence": [
            {"report": r.report, "text": r.text, "start": r.start, "end": r.end} for r in s.evidence
        ],
    }


def neighbourhood_data(root: Entity, steps: list[Step]) -> dict:
    return {"entity": entity_data(root), "neighbors": [step_data(s) for s in steps]}


def paths_data(start: Entity, goal: Entity, paths: list[list[Step]]) -> dict:
    return {
        "from": entity_data(start),
        "to": entity_data(goal),
        "paths": [[step_data(s) for s in p] for p in paths],
    }


def stats_data(st: Stats, top: int = 10) -> dict:
    return {
        "reports": st.reports,
        "classes": st.classes,
        "relations": st.relations,
        "per_report": st.per_report,
        "largest_reports": [
            {"report": r, "entities": e, "relations": n} for r, e, n in st.largest_reports(top)
        ],
        "most_connected": [{"label": label, "type": t, "degree": d} for label, t, d in st.top],
        "shared_organizations": [{"label": o, "strategies": s} for o, s in st.shared],
        "components": [{"size": c.size, "hub": c.hub, "classes": c.classes} for c in st.components],
    }


# ---------------------------------------------------------------- pieces


def heading(e: Entity) -> Text:
    t = Text.assemble((e.label, "bold"), f" ({e.type})")
    if e.aliases:
        t.append(f"  别名: {'、'.join(e.aliases)}")
    t.append(f"  {curie(e.iri)}", style="dim")
    return t


def arrow(s: Step) -> str:
    """The relation drawn from the step's source to its node: ─rel→ when stated that way, ←rel─ if not."""
    return f"─{s.relation}→" if s.direction == "out" else f"←{s.relation}─"


def clip(text: str, anchors: Iterable[str], width: int = EVIDENCE_WIDTH) -> str:
    """`text` cut to `width` characters around the first anchor it contains."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    at = min((i for a in anchors if a and (i := text.find(a)) >= 0), default=0)
    start = max(0, min(at - width // 4, len(text) - width))
    return ("…" if start else "") + text[start : start + width] + ("…" if start + width < len(text) else "")


def evidence_line(s: Step) -> Text:
    if not s.evidence:
        return Text("(no evidence recorded)", style="dim")
    first: EvidenceRef = s.evidence[0]
    more = f" (+{len(s.evidence) - 1} more)" if len(s.evidence) > 1 else ""
    return Text.assemble(
        (f"“{clip(first.text, (s.node.label, s.source.label))}”", "italic"),
        (f"  {first.report}{more}", "dim"),
    )


# ---------------------------------------------------------------- neighbourhoods


def neighbourhood_tree(root: Entity, steps: list[Step], wanted: list[Step] | None = None) -> Tree:
    """Each node under the one it was reached from; `wanted` steps (a --type filter) in full colour,
    the others dimmed; a relation to a node already shown is a leaf marked ↺."""
    wanted_ids = {id(s) for s in (steps if wanted is None else wanted)}
    first = discovered_by(steps)
    tree = Tree(heading(root), guide_style="dim")
    branches: dict[str, Tree] = {root.iri: tree}
    for s in steps:
        reached_here = first.get(s.node.iri) is s
        label = Text.assemble(f"{arrow(s)} ", (s.node.label, "bold"), f" ({s.node.type})")
        if not reached_here or s.node.iri == root.iri:
            label.append("  ↺", style="dim")
        if id(s) not in wanted_ids:
            label.stylize("dim")
        node = branches[s.source.iri].add(Group(label, evidence_line(s)) if id(s) in wanted_ids else label)
        if reached_here:
            branches[s.node.iri] = node
    if not steps:
        tree.add(Text("no relations", style="dim"))
    return tree


def limit_note(limit: int, shown: int, left_out: int, hops_walked: int, depth: int) -> str:
    """What `--limit` left out, in one line."""
    parts = [f"--limit {limit}: {shown} relations shown"]
    if left_out:
        parts.append(f"{left_out} more at hop {hops_walked} not shown")
    if hops_walked < depth:
        rest = f"hop {depth}" if hops_walked + 1 == depth else f"hops {hops_walked + 1}–{depth}"
        parts.append(f"{rest} not walked")
    return "; ".join(parts)


def neighbourhood_table(root: Entity, steps: list[Step]) -> RenderableType:
    """One row per relation, a short window of its evidence above its report; names wrap, never cut."""
    several_hops = any(s.hop > 1 for s in steps)
    t = Table()
    if several_hops:
        t.add_column("hop", no_wrap=True)
        t.add_column("from", overflow="fold")
    t.add_column("relation", no_wrap=True)
    t.add_column("dir", no_wrap=True)
    t.add_column("neighbor", overflow="fold")
    t.add_column("type", no_wrap=True)
    t.add_column("evidence · report", overflow="fold")
    for s in steps:
        t.add_row(
            *([str(s.hop), s.source.label] if several_hops else []),
            s.relation,
            s.direction,
            s.node.label,
            s.node.type,
            _evidence_cell(s),
        )
    return Group(heading(root), t)


def _evidence_cell(s: Step) -> Text:
    if not s.evidence:
        return Text("")
    first = s.evidence[0]
    more = f" (+{len(s.evidence) - 1} more)" if len(s.evidence) > 1 else ""
    return Text.assemble(
        clip(first.text, (s.node.label, s.source.label), EVIDENCE_WIDTH // 2),
        "\n",
        (first.report + more, "dim"),
    )


# ---------------------------------------------------------------- paths


def paths_view(start: Entity, goal: Entity, paths: list[list[Step]]) -> RenderableType:
    parts: list[RenderableType] = []
    for i, path in enumerate(paths, 1):
        chain = " → ".join([start.label, *(s.node.label for s in path)])
        parts.append(
            Text.assemble((f"path {i}", "bold"), f" ({len(path)} hop{'s' if len(path) > 1 else ''}): {chain}")
        )
        for s in path:
            parts.append(
                Text.assemble(
                    "  ", s.source.label, f" {arrow(s)} ", (s.node.label, "bold"), f" ({s.node.type})"
                )
            )
            parts.append(Padding(evidence_line(s), (0, 0, 0, 6), expand=False))
    return Group(*parts)


# ---------------------------------------------------------------- stats


def stats_view(st: Stats, top: int = 10) -> RenderableType:
    """The graph in tables that fit a terminal whatever the number of reports: totals, the largest
    reports, the most connected entities, shared organizations, components (`top` rows each)."""
    parts: list[RenderableType] = [
        Text(
            f"reports: {st.reports}  entities: {sum(st.classes.values())}  relations: {sum(st.relations.values())}"
            f"  components: {len(st.components)}"
        )
    ]
    t = Table(title="entities and relations", title_justify="left")
    t.add_column("", no_wrap=True)
    t.add_column("in the store", justify="right", style="bold")
    t.add_column("per report: mean", justify="right")
    t.add_column("max", justify="right")
    for kind, total in (*st.classes.items(), *st.relations.items()):
        mean, most = st.per_report_range(kind)
        t.add_row(kind, str(total), f"{mean:.1f}", str(most))
        if kind == ENTITY_TYPES[-1]:
            t.add_section()
    t.caption = "in the store: each entity and relation once, however many reports state it"
    parts.append(t)
    largest = st.largest_reports(top)
    t = Table("report", "entities", "relations", title="largest reports", title_justify="left")
    t.columns[0].overflow = "fold"
    for column in t.columns[1:]:
        column.justify = "right"
    for report, entities, relations in largest:
        t.add_row(report, str(entities), str(relations))
    if len(st.per_report) > len(largest):
        t.caption = f"and {len(st.per_report) - len(largest)} more (kg stats --per-report lists them all)"
    parts.append(t)
    t = Table("entity", "type", "relations", title="most connected", title_justify="left")
    t.columns[2].justify = "right"
    for label, typ, deg in st.top:
        t.add_row(label, typ, str(deg))
    parts.append(t)
    t = Table(
        "organization", "strategies", title="organizations shared by several strategies", title_justify="left"
    )
    for org, strategies in st.shared[:top]:
        t.add_row(org, "、".join(strategies))
    if len(st.shared) > top:
        t.caption = f"and {len(st.shared) - top} more"
    parts.append(t if st.shared else Text("organizations shared by several strategies: none"))
    singles = sum(1 for c in st.components if c.size == 1)
    t = Table("size", "most connected", "classes", title="weakly connected components", title_justify="left")
    t.columns[0].justify = "right"
    linked = [c for c in st.components if c.size > 1]
    for c in linked[:5]:
        t.add_row(str(c.size), c.hub, "  ".join(f"{k} {n}" for k, n in c.classes.items()))
    notes = [f"and {len(linked) - 5} more of 2 or more"] if len(linked) > 5 else []
    notes += [f"{singles} entities with no relation"] if singles else []
    t.caption = "; ".join(notes) or None
    parts.append(t)
    return Group(*parts)


# short column heads, so that a row per report fits 80 columns
_SHORT = {
    "District": "D",
    "Strategy": "S",
    "Project": "P",
    "Organization": "O",
    "hasStrategy": "hS",
    "partOf": "pO",
    "includesProject": "iP",
    "locatedIn": "lI",
    "involves": "in",
    "cooperatesWith": "cW",
}


def per_report_view(st: Stats) -> RenderableType:
    """One row per report: what its own graph states, per class and relation."""
    t = Table(title="entities and relations per report", title_justify="left")
    t.add_column("report", overflow="fold")
    for kind in (*st.classes, *st.relations):
        t.add_column(_SHORT.get(kind, kind), justify="right")
    for report, counts in st.per_report.items():
        t.add_row(report, *(str(counts.get(kind, 0)) for kind in (*st.classes, *st.relations)))
    legend = [f"{short} {kind}" for kind, short in _SHORT.items()]
    t.caption = "\n".join("  ".join(legend[i : i + 4]) for i in range(0, len(legend), 4))  # 80 columns
    return t


# ---------------------------------------------------------------- timelines


def timeline_data(e: Entity, entries: list[TimelineEntry]) -> dict:
    return {
        "entity": entity_data(e),
        "timeline": [
            {
                "date": x.date,
                "dated_by": x.dated_by,
                "kind": x.kind,
                "what": x.what,
                "stated": x.stated,
                "value": None if x.value is None else str(x.value),
                "unit": x.unit,
                "qualifier": x.qualifier,
                "evidence": x.evidence,
                "report": x.report,
            }
            for x in entries
        ],
    }


def timeline_table(e: Entity, entries: list[TimelineEntry]) -> RenderableType:
    """One row per observation in date order; a date taken from the report is marked with a `~`."""
    t = Table()
    t.add_column("date", no_wrap=True)
    t.add_column("what", overflow="fold")
    t.add_column("stated", overflow="fold")
    t.add_column("evidence · report", overflow="fold")
    for x in entries:
        date = "—" if x.date is None else (x.date if x.dated_by == "text" else f"~{x.date}")
        t.add_row(date, x.what, x.stated, Text(clip(x.evidence, [x.stated]) + "\n", style="dim") + x.report)
    if not entries:
        return Group(heading(e), Text("no stages or amounts stated of it in the reports"))
    return Group(heading(e), t, Text("~ the report's date (the sentence gives none)", style="dim"))
