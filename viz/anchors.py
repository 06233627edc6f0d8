"""Where an entity with no relation belongs: beside the district its report is about.

A report names places and bodies it states nothing about (北京市, 省科技厅 …). Drawn alone they
would be packed in a block away from everything; tied to the district the report talks about most,
they sit by the entities of that report. The tie only places them: no edge is drawn.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable

import networkx as nx


def report_districts(g: nx.MultiDiGraph) -> dict[str, Hashable]:
    """Each report's district: the District with the most relations stated in that report."""
    counts: dict[str, Counter] = {}
    for h, t, a in g.edges(data=True):
        for node in (h, t):
            if g.nodes[node].get("type") != "District":
                continue
            for ev in a.get("evidence") or []:
                counts.setdefault(ev.report, Counter())[node] += 1
    # ties broken by the name, so the page is the same on every run
    return {r: min(c, key=lambda n: (-c[n], str(n))) for r, c in counts.items()}


def anchors(g: nx.MultiDiGraph) -> dict[Hashable, Hashable]:
    """Entity with no relation -> the district of the first of its reports that has one."""
    where = report_districts(g)
    out = {}
    for n, a in g.nodes(data=True):
        if g.degree(n) > 0:
            continue
        home = next((where[r] for r in a.get("reports", []) if r in where), None)
        if home is not None and home != n:
            out[n] = home
    return out
