"""Finding an entity by a name a user typed, and walking its neighbourhood."""

from __future__ import annotations

import networkx as nx

from kgerrors import QueryError
from loaders.clean import normalize_query


def _norm(s: str) -> str:
    return normalize_query(s)


def find_entity(g: nx.MultiDiGraph, name: str) -> str:
    """The node whose label or alias is `name` (after normalisation); a clear error with suggestions otherwise."""
    want = _norm(name)
    if not want:
        raise QueryError("empty name")
    exact = [
        n
        for n, a in g.nodes(data=True)
        if want == _norm(a["label"]) or want in {_norm(x) for x in a["aliases"]}
    ]
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        # the same name for several entities: prefer the one whose canonical label it is
        by_label = [n for n in exact if _norm(g.nodes[n]["label"]) == want]
        if len(by_label) == 1:
            return by_label[0]
        choices = "; ".join(f"{g.nodes[n]['label']} ({g.nodes[n]['type']})" for n in exact[:10])
        raise QueryError(f"{name!r} names several entities: {choices}")
    raise QueryError(f"no entity named {name!r}" + _suggest(g, want))


def _suggest(g: nx.MultiDiGraph, want: str) -> str:
    from rapidfuzz import fuzz, process

    names = {}
    for _, a in g.nodes(data=True):
        for x in (a["label"], *a["aliases"]):
            names.setdefault(_norm(x), a["label"])
    hits = process.extract(want, list(names), scorer=fuzz.WRatio, limit=5, score_cutoff=60)
    labels = []
    for key, _, _ in hits:
        if names[key] not in labels:
            labels.append(names[key])
    return f"; did you mean: {', '.join(labels)}?" if labels else ""


def neighbourhood_rows(
    g: nx.MultiDiGraph, node: str, depth: int = 1, relations: list[str] | None = None
) -> list[dict]:
    """Breadth-first within `depth` hops, both directions; one row per edge reached."""
    rows: list[dict] = []
    seen = {node}
    frontier = [node]
    for hop in range(1, depth + 1):
        nxt = []
        for n in frontier:
            edges = [(n, t, k, a, "out") for _, t, k, a in g.out_edges(n, keys=True, data=True)]
            edges += [(n, h, k, a, "in") for h, _, k, a in g.in_edges(n, keys=True, data=True)]
            for src, other, rel, a, direction in edges:
                if relations and rel not in relations:
                    continue
                ev = a.get("evidence") or []
                o = g.nodes[other]
                rows.append(
                    {
                        "hop": hop,
                        "from": g.nodes[src]["label"],
                        "relation": rel,
                        "direction": direction,
                        "iri": other,
                        "label": o["label"],
                        "type": o["type"],
                        "evidence": ev[0].text if ev else "",
                        "report": ev[0].report if ev else "",
                    }
                )
                if other not in seen:
                    seen.add(other)
                    nxt.append(other)
        frontier = nxt
    return rows
