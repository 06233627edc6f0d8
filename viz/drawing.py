"""The page's drawing as attributes of each node, for files another program draws (GEXF for Gephi).

Colour per class, size by degree and the precomputed position, taken from `viz.html.page_data`, the
data the page itself is drawn from, so that the two pictures cannot drift apart. `graph/export.py`
is given this function by `kg.py`; the graph room does not import the view room.
"""

from __future__ import annotations

import networkx as nx

from viz.html import page_data


def drawing(g: nx.MultiDiGraph) -> dict[str, dict]:
    """networkx `viz` attributes of each node of `g`: the page's colour, size and position."""
    data = page_data(g)
    colors = {c["name"]: _rgb(c["color"]) for c in data["classes"]}
    return {
        n["iri"]: {
            "color": colors[n["type"]],
            "size": n["size"],
            # the page's y grows downwards (screen), Gephi's upwards: flipped, the picture is the same
            "position": {"x": n["x"], "y": -n["y"], "z": 0.0},
        }
        for n in data["nodes"]
    }


def _rgb(hex_color: str) -> dict[str, int | float]:
    """`#4e79a7` -> {r: 78, g: 121, b: 167, a: 1.0}, as GEXF's viz:color wants it."""
    h = hex_color.lstrip("#")
    return {"r": int(h[0:2], 16), "g": int(h[2:4], 16), "b": int(h[4:6], 16), "a": 1.0}
