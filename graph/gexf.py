"""GEXF for Gephi: the flat entity graph (graph/network.py), drawn as the HTML page draws it when
given the page's drawing (`viz/drawing.py`: `viz:color`, `viz:size` and `viz:position` of each node),
so a file opened in Gephi shows the page's picture instead of one grey cloud. GEXF 1.2draft: the version
Gephi and networkx read alike (networkx's 1.3 writer declares a misspelt XML Schema namespace).
"""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from graph.network import flat_graph

VERSION = "1.2draft"


def write_gexf(g: nx.MultiDiGraph, out, drawing: Mapping[str, dict] | None = None) -> None:
    """`g` as GEXF; `drawing` gives nodes their networkx `viz` attributes (viz/drawing.py)."""
    flat = flat_graph(g)
    for n, viz in (drawing or {}).items():
        if n in flat:
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
