"""networkx entity graph -> a self-contained interactive HTML page (pyvis / vis-network).

Every script is inlined (no network), every string from a report is escaped before it reaches
the page, and the file is written as UTF-8 whatever the locale.
"""

from __future__ import annotations

import html
from pathlib import Path

import networkx as nx

from ontology.terms import CLASS_LABELS, RELATIONS

COLORS = {"District": "#4e79a7", "Strategy": "#f28e2b", "Project": "#59a14f", "Organization": "#e15759"}
SHAPES = {"District": "diamond", "Strategy": "star", "Project": "dot", "Organization": "square"}


def neighbourhood(g: nx.MultiDiGraph, node: str, depth: int) -> nx.MultiDiGraph:
    """The subgraph within `depth` hops of `node`, edges followed in both directions."""
    seen = {node}
    frontier = {node}
    for _ in range(depth):
        nxt = set()
        for n in frontier:
            nxt.update(g.successors(n))
            nxt.update(g.predecessors(n))
        frontier = nxt - seen
        seen |= frontier
    return g.subgraph(seen).copy()


def render(g: nx.MultiDiGraph, title: str = "发展报告知识图谱") -> str:
    from pyvis.network import Network

    net = Network(height="100vh", width="100%", directed=True, cdn_resources="in_line", notebook=False)
    for n, a in g.nodes(data=True):
        t = a.get("type", "")
        tip = _node_tip(a)
        net.add_node(
            n,
            label=a.get("label", n),
            title=tip,
            color=COLORS.get(t, "#999999"),
            shape=SHAPES.get(t, "dot"),
            size=10 + 3 * min(g.degree(n), 12),
            group=t,
        )
    for h, t, key, a in g.edges(keys=True, data=True):
        rel = a.get("relation", key)
        ev = a.get("evidence") or []
        tip = "\n".join(f"{e.report}: {e.text}" for e in ev[:3]) or RELATIONS[rel].label_zh
        net.add_edge(h, t, label=RELATIONS[rel].label_zh if rel in RELATIONS else rel, title=tip, arrows="to")
    net.toggle_physics(True)
    net.set_options(
        """{"physics": {"stabilization": {"enabled": true, "iterations": 300}, "barnesHut": {"gravitationalConstant": -8000}},
            "interaction": {"hover": true, "tooltipDelay": 120}, "edges": {"font": {"size": 10}, "smooth": false}}"""
    )
    page = net.generate_html()
    legend = "".join(
        f'<span style="color:{COLORS[t]}">&#9679; {html.escape(CLASS_LABELS[t][0])} {t}</span> '
        for t in COLORS
    )
    head = f"<title>{html.escape(title)}</title>"
    page = page.replace("<head>", "<head>" + head, 1)
    page = page.replace(
        "<body>",
        f'<body><div style="position:fixed;top:4px;left:8px;z-index:9;font:13px sans-serif">{legend}</div>',
        1,
    )
    return page


def _node_tip(a: dict) -> str:
    # vis-network shows a string title as text (not HTML), so report strings cannot inject markup
    lines = [f"{a.get('label', '')} ({a.get('type', '')})"]
    if a.get("aliases"):
        lines.append("别名: " + "、".join(a["aliases"]))
    if a.get("reports"):
        lines.append("来源: " + "、".join(a["reports"]))
    return "\n".join(lines)


def write_html(g: nx.MultiDiGraph, out: str | Path) -> Path:
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(g), encoding="utf-8")
    return path
