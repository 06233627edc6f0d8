"""The entity graph (graph/views.py) as files for network tools: GraphML and GEXF, and two CSV tables.

Nodes are entity IRIs with `class`, `label`, `aliases`, `reports` and, where a report states one,
`investment` (yuan); edges carry `relation` (the ontology's name, `hasStrategy`), `label` (its Chinese
label, 实施战略, which Gephi shows, as the HTML page does), `label_en` (has strategy), `weight` (how
many report sentences state the relation), `reports` and `evidence`. GraphML and GEXF hold no lists,
so several values are joined with `|` (never in a name). Every edge gets its own id: parallel edges
of different relations must not merge in Gephi. GEXF is written by graph/gexf.py.
"""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx

from graph.spreadsheet import safe_cell
from ontology.terms import RELATIONS

SEP = "|"
ENTITY_COLUMNS = ("iri", "class", "label", "aliases", "reports")
RELATION_COLUMNS = (
    "head",
    "relation",
    "tail",
    "head_label",
    "tail_label",
    "report",
    "evidence",
    "start",
    "end",
)


def flat_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """`g` with plain-string attributes and one unique key per edge, as GraphML and GEXF need."""
    flat = nx.MultiDiGraph(name="devreport-kg")
    for n in sorted(g):
        a = g.nodes[n]
        flat.add_node(
            n,
            label=a["label"],
            **{"class": a["type"]},
            aliases=SEP.join(a["aliases"]),
            reports=SEP.join(a["reports"]),
            # the largest investment stated of it, in yuan: Gephi can size nodes by it
            **({"investment": a["investment"]} if a.get("investment") else {}),
        )
    for i, (h, t, rel, a) in enumerate(sorted(g.edges(keys=True, data=True), key=lambda e: e[:3])):
        ev = a.get("evidence") or []
        flat.add_edge(
            h,
            t,
            key=f"e{i}",
            relation=rel,
            label=RELATIONS[rel].label_zh,
            label_en=RELATIONS[rel].label_en,
            weight=max(len(ev), 1),
            reports=SEP.join(sorted({e.report for e in ev})),
            evidence="\n".join(e.text for e in ev),
        )
    return flat


def write_graphml(g: nx.MultiDiGraph, out) -> None:
    nx.write_graphml(flat_graph(g), out, encoding="utf-8", named_key_ids=True)


def entity_rows(g: nx.MultiDiGraph) -> list[dict[str, str]]:
    return [
        {
            "iri": n,
            "class": g.nodes[n]["type"],
            "label": g.nodes[n]["label"],
            "aliases": SEP.join(g.nodes[n]["aliases"]),
            "reports": SEP.join(g.nodes[n]["reports"]),
        }
        for n in sorted(g)
    ]


def relation_rows(g: nx.MultiDiGraph) -> list[dict[str, str | int]]:
    """One row per statement of a relation in a report (its sentence and offsets in the original file)."""
    rows: list[dict[str, str | int]] = []
    for h, t, rel, a in sorted(g.edges(keys=True, data=True), key=lambda e: e[:3]):
        base = {
            "head": h,
            "relation": rel,
            "tail": t,
            "head_label": g.nodes[h]["label"],
            "tail_label": g.nodes[t]["label"],
        }
        evidence = a.get("evidence") or [None]
        for e in evidence:
            rows.append(
                {**base, "report": "", "evidence": "", "start": "", "end": ""}
                if e is None
                else {**base, "report": e.report, "evidence": e.text, "start": e.start, "end": e.end}
            )
    return rows


def write_tables(g: nx.MultiDiGraph, folder: Path) -> list[Path]:
    """`folder/entities.csv` and `folder/relations.csv` (UTF-8, header row), each written whole or not at all.
    A text cell a spreadsheet would run as a formula gets a leading `'` (graph/spreadsheet.py)."""
    written = []
    for name, columns, rows in (
        ("entities.csv", ENTITY_COLUMNS, entity_rows(g)),
        ("relations.csv", RELATION_COLUMNS, relation_rows(g)),
    ):
        path = folder / name
        tmp = path.with_name(name + ".part")
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=columns)
            w.writeheader()
            # names, evidence and file names come from reports: none may run in a spreadsheet
            w.writerows({k: safe_cell(v) if isinstance(v, str) else v for k, v in r.items()} for r in rows)
        tmp.replace(path)
        written.append(path)
    return written
