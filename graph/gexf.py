"""GEXF for Gephi: the flat entity graph (graph/network.py) drawn as the HTML page draws it.

Each node gets `viz:color`, `viz:size` and `viz:position` taken from `viz.html.page_data`, the data
the page itself is drawn from (class colours, size by degree, the precomputed layout), so a file
opened in Gephi shows the page's picture instead of one grey cloud. GEXF 1.2draft: the version
Gephi and networkx read alike (networkx's 1.3 writer declares a misspelt XML Schema namespace).
"""

from __future__ import annotations

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from graph.network import flat_graph

VERSION = "1.2draft"


def drawing(g: nx.MultiDiGraph) -> dict[str, dict]:
    """networkx `viz` attributes of each node of `g`: the page's colour, size and position."""
    from viz.html import page_data  # the page's own numbers, so the two pictures cannot drift apart

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


def write_gexf(g: nx.MultiDiGraph, out) -> None:
    flat = flat_graph(g)
    for n, viz in drawing(g).items():
        flat.nodes[n]["viz"] = viz
    writer = GEXFWriter(encoding="utf-8", version=VERSION)
    writer.add_graph(flat)
    _drop_attribute(writer, "edge", "networkx_key")
    writer.write(out)


def _drop_attribute(writer: GEXFWriter, kind: str, title: str) -> None:
    """Remove an attribute networkx adds of its own: for a multigraph it writes each edge's key
    as `networkx_key`, which means nothing to Gephi (our keys are only the edges' numbers)."""
    graph = writer.xml.find("graph")
    for decl in graph.iterfind(f"attributes[@class='{kind}']"):
        for attr in decl.findall(f"attribute[@title='{title}']"):
            decl.remove(attr)
            for values in graph.iterfind(f"{kind}s/{kind}/attvalues"):
                for value in values.findall(f"attvalue[@for='{attr.get('id')}']"):
                    values.remove(value)


def _rgb(hex_color: str) -> dict[str, int | float]:
    """`#4e79a7` -> {r: 78, g: 121, b: 167, a: 1.0}, as GEXF's viz:color wants it."""
    h = hex_color.lstrip("#")
    return {"r": int(h[0:2], 16), "g": int(h[2:4], 16), "b": int(h[4:6], 16), "a": 1.0}
