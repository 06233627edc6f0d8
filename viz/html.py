"""networkx entity graph -> one self-contained HTML page that works from a file, with no network.

The page is vis-network (the build pyvis ships, inlined) plus our own small template, style and
script (`assets/`). Not pyvis's own template: it links Bootstrap from a CDN whatever
`cdn_resources` says (pyvis issue #229), and its menus need tom-select from a CDN too.

Safety: every label, alias, report name and evidence sentence comes from untrusted reports. They
travel only as JSON inside a non-executed `<script type="application/json">` block, with `<`, `>`
and `&` escaped so nothing can close it, and the page script writes them with `textContent` only.
A Content-Security-Policy backs this up: no request may leave the page, and the only scripts
allowed to run are the page's own two, by hash (so no injected `<script>` or `onerror=` could).

Size: node positions are computed ahead (`viz.layout`), so a few thousand nodes draw at once.
"""

from __future__ import annotations

import html
import json
import math
import re
import unicodedata
from functools import cache
from importlib import resources
from pathlib import Path

import networkx as nx

from kgerrors import KgError
from ontology.terms import CLASS_LABELS, ENTITY_TYPES, RELATION_TYPES
from viz.anchors import anchors
from viz.inline import check_inlinable, csp_source, fill
from viz.layout import SPACING, layout

COLORS = {"District": "#4e79a7", "Strategy": "#f28e2b", "Project": "#59a14f", "Organization": "#e15759"}
SHAPES = {"District": "diamond", "Strategy": "star", "Project": "dot", "Organization": "square"}
SYMBOLS = {"diamond": "◆", "star": "★", "dot": "●", "square": "■"}  # the legend's glyph for each shape
PHYSICS_LIMIT = 600  # up to this many nodes the browser relaxes the layout briefly, then stops
PHYSICS_ITERATIONS = 120
BIG = 1000  # above this many nodes, edges are drawn by the page in a few strokes, hidden while moving
LABELS_MAX = 150  # names drawn at once, whatever the size of the window or the graph
LABEL_AREA = 6000  # …and at most one name per this many square pixels of the view
DISTRICTS_ALL = 40  # up to this many districts, all of them come before every other name;
DISTRICTS_FIRST = 3  # beyond, only the most connected few, then districts and the others take
DISTRICT_SHARE = 0.5  # turns, districts this share of them
EVIDENCE_SHOWN = 3  # evidence sentences per edge carried into the page; the rest are counted
MAX_FACTS = 20  # stages and amounts per entity carried into the page (kg timeline lists them all)
TITLE = "发展报告知识图谱"


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


def render(g: nx.MultiDiGraph, title: str = TITLE, focus: str | None = None) -> str:
    """The whole page as one string (what `kg viz` writes and `kg serve` can serve)."""
    data = _script_json(page_data(g, focus))
    vis = _vis_network_js()
    app = _asset("page.js")
    css = _asset("page.css")
    for name, text, element in (
        ("vis-network", vis, "script"),
        ("page.js", app, "script"),
        ("page.css", css, "style"),
    ):
        check_inlinable(name, text, element)
    csp = "; ".join(
        [
            "default-src 'none'",
            f"script-src {csp_source(vis)} {csp_source(app)}",
            "style-src 'unsafe-inline'",  # vis-network styles its elements; styles cannot run script
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    slots = {"CSP": csp, "TITLE": _text(title), "CSS": css, "DATA": data, "VIS": vis, "APP": app}
    return fill(_asset("page.html"), slots)


def write_html(g: nx.MultiDiGraph, out: str | Path, focus: str | None = None) -> Path:
    """Write the page as UTF-8 whatever the locale (pyvis's `write_html` uses the locale's encoding)."""
    path = Path(out)
    page = render(g, focus=focus)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise KgError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return path


def page_data(g: nx.MultiDiGraph, focus: str | None = None) -> dict:
    """What the page script needs: nodes with positions, edges with evidence, classes, relations."""
    ties = anchors(g)
    pos = layout(g, ties=ties)
    ids = {n: i for i, n in enumerate(g.nodes)}
    nodes = [_node(ids[n], n, a, g.degree(n), pos[n]) for n, a in g.nodes(data=True)]
    for rank, n in enumerate(label_order(nodes)):
        n["rank"] = rank
    edges = _edges(g, ids)
    types = [a.get("type") for _, a in g.nodes(data=True)]
    rels = [e["relation"] for e in edges]
    return {
        "nodes": nodes,
        "edges": edges,
        "classes": [
            {
                "name": t,
                "zh": CLASS_LABELS[t][0],
                "color": COLORS[t],
                "shape": SHAPES[t],
                "symbol": SYMBOLS[SHAPES[t]],
                "count": types.count(t),
            }
            for t in ENTITY_TYPES
        ],
        "relations": [
            {"name": r.name, "zh": r.label_zh, "count": rels.count(r.name)} for r in RELATION_TYPES
        ],
        # unlinked entity -> its report's district: kept beside it while the browser settles the layout
        "ties": [[ids[a], ids[b]] for a, b in ties.items()],
        "focus": ids.get(focus) if focus is not None else None,
        "physics": 0 < len(nodes) <= PHYSICS_LIMIT,
        "physicsIterations": PHYSICS_ITERATIONS,
        "spacing": SPACING,
        "big": BIG,
        "labels": {"max": LABELS_MAX, "area": LABEL_AREA},
    }


def label_order(nodes: list[dict]) -> list[dict]:
    """The order in which names get a place on the screen (the page skips one that would cover a
    name already placed, and stops at its budget). Districts by links, all of them before anything
    else when they are few; when they are many (a thousand reports name a thousand places) only
    the most connected few, then the rest of them and the others in turns, so that the main
    strategies and projects keep their names too. Of the others, the most connected of each kind
    goes first."""
    districts = sorted((n for n in nodes if n["type"] == "District"), key=lambda n: (-n["degree"], n["id"]))
    others = sorted((n for n in nodes if n["type"] != "District"), key=_score)
    # the most connected strategy, project and organization first: each kind keeps its main name even
    # when one kind has many nodes as connected as the other kinds' best
    heads = {}
    for n in others:
        heads.setdefault(n["type"], n)
    first_ids = {n["id"] for n in heads.values()}
    others = list(heads.values()) + [n for n in others if n["id"] not in first_ids]
    first = len(districts) if len(districts) <= DISTRICTS_ALL else DISTRICTS_FIRST
    out, rest = districts[:first], districts[first:]
    d = o = 0
    while d < len(rest) or o < len(others):
        # whichever list is behind its share goes next
        if o >= len(others) or (d < len(rest) and d * (1 - DISTRICT_SHARE) <= o * DISTRICT_SHARE):
            out.append(rest[d])
            d += 1
        else:
            out.append(others[o])
            o += 1
    return out


def _score(n: dict) -> tuple:
    """A non-district's place in line: its links, where a project's stated investment counts too
    (one link per tenfold above 10 million yuan: 84亿 adds 2.9), and an organization's count half."""
    score = float(n["degree"])
    if n["investment"]:
        score += max(0.0, math.log10(n["investment"] / 1e7))
    if n["type"] == "Organization":
        score /= 2
    return (-score, n["id"])


def _node(i: int, iri: str, a: dict, degree: int, xy: tuple[float, float]) -> dict:
    label = a.get("label", iri)
    aliases = list(a.get("aliases", []))
    return {
        "id": i,
        "iri": iri,
        "label": label,
        "type": a.get("type", "Organization"),
        "aliases": aliases,
        "reports": list(a.get("reports", [])),
        "keys": _search_keys((label, *aliases)),
        "facts": [
            {
                "date": f.date,
                "byReport": f.dated_by == "report",
                "what": f.what,
                "stated": f.stated,
                "report": f.report,
            }
            for f in a.get("facts", [])[:MAX_FACTS]
        ],
        "investment": a.get("investment"),
        "degree": degree,
        "size": _size(degree),
        "font": _font_size(degree),
        "x": xy[0],
        "y": xy[1],
    }


def _size(degree: int) -> float:
    """Radius by degree, on a square-root scale so hubs stand out without swallowing the page."""
    return round(min(40.0, 10.0 + 4.0 * degree**0.5), 1)


def _font_size(degree: int) -> float:
    """Label size on the screen, in pixels, by degree too (the page keeps it whatever the zoom)."""
    return round(min(16.0, 11.0 + 0.5 * degree**0.5), 1)


def _edges(g: nx.MultiDiGraph, ids: dict) -> list[dict]:
    out = []
    seen: dict[frozenset, int] = {}  # edges already drawn between a pair, either direction
    for h, t, key, a in g.edges(keys=True, data=True):
        ev = a.get("evidence") or []
        pair = frozenset((h, t))
        nth = seen.get(pair, 0)
        seen[pair] = nth + 1
        out.append(
            {
                "id": len(out),
                "from": ids[h],
                "to": ids[t],
                "relation": a.get("relation", key),
                "evidence": [{"report": e.report, "text": e.text} for e in ev[:EVIDENCE_SHOWN]],
                "more": max(0, len(ev) - EVIDENCE_SHOWN),
                # 0: straight; then alternate sides so parallel edges fan out
                "bend": 0 if nth == 0 else (nth + 1) // 2 * (1 if nth % 2 else -1),
            }
        )
    return out


def _search_keys(names: tuple[str, ...]) -> list[str]:
    """The names as the page's search compares them: normalised as the reports are (full-width
    folded, simplified), plus their traditional spelling, so 比亞迪 finds 比亚迪."""
    from loaders.clean import normalize_query

    keys = {unicodedata.normalize("NFKC", normalize_query(n)).lower() for n in names}
    return sorted((keys | {_to_traditional(k) for k in keys}) - {""})


@cache
def _traditional():
    import opencc

    return opencc.OpenCC("s2t")


def _to_traditional(text: str) -> str:
    return _traditional().convert(text)


def _script_json(data: dict) -> str:
    """JSON safe inside a <script> element: no `<`, `>` or `&` left to close it or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(ch, esc)
    return text


def _text(s: str) -> str:
    return html.escape(s, quote=True)


@cache
def _asset(name: str) -> str:
    return resources.files("viz").joinpath("assets", name).read_text(encoding="utf-8")


@cache
def _vis_network_js() -> str:
    """The vis-network build that pyvis ships (the newest if several)."""
    lib = resources.files("pyvis").joinpath("templates", "lib")
    builds = sorted(
        (
            p
            for p in lib.iterdir()
            if p.name.startswith("vis-") and p.joinpath("vis-network.min.js").is_file()
        ),
        key=lambda p: tuple(int(x) for x in re.findall(r"\d+", p.name)),
    )
    if not builds:
        raise KgError("vis-network not found in the installed pyvis: reinstall pyvis")
    js = builds[-1].joinpath("vis-network.min.js").read_text(encoding="utf-8")
    # its source map is not shipped: a browser's developer tools would only try to fetch it
    return re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", js)
