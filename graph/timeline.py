"""`kg timeline NAME`: what the reports say of an entity — stages and amounts — in date order.

Each entry is one observation of a report (graph/observations.py): the stage it states or the amount,
the date the text gives for it, else the report's date, the evidence sentence and the report. The
entity is the one `lookup` finds, together with the entities of other reports linked to it as the
same thing (`skos:exactMatch`, graph/link.py: 中央活力区 in one report, 济南中央活力区 in another).
Entries without any date come last. Observations are read from the merged graph (graph/merged.py),
each once with the report it is of.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from rdflib import URIRef

from graph.link import LINKS_GRAPH
from graph.lookup import SPARQL_PREFIXES, Entity
from graph.merged import MERGED
from graph.store import GraphStore
from ontology.terms import NAMESPACE, STAGE_LABELS

_OBSERVATIONS = f"""{SPARQL_PREFIXES}
SELECT ?e ?obs ?prop ?result ?stated ?evidence ?date ?temporal ?value ?unit ?qualifier ?source ?issued
WHERE {{
  GRAPH {MERGED} {{
    ?obs sosa:hasFeatureOfInterest ?e ; sosa:observedProperty ?prop ; sosa:hasResult ?result ;
         kg:statedAs ?stated ; kg:evidence ?evidence ; prov:wasDerivedFrom ?r .
    OPTIONAL {{ ?obs dcterms:date ?date }}
    OPTIONAL {{ ?obs dcterms:temporal ?temporal }}
    OPTIONAL {{ ?result schema:value ?value ; kg:qualifier ?qualifier }}
    OPTIONAL {{ ?result schema:currency ?unit }}
    OPTIONAL {{ ?r dcterms:source ?source }}
    OPTIONAL {{ ?r dcterms:issued ?issued }}
  }}
}}"""

_SAME = f"""{SPARQL_PREFIXES}
SELECT ?e ?other WHERE {{
  {{ GRAPH <{LINKS_GRAPH}> {{ ?e skos:exactMatch ?other }} }}
  UNION {{ GRAPH <{LINKS_GRAPH}> {{ ?other skos:exactMatch ?e }} }}
}}"""


@dataclass(frozen=True)
class Entry:
    date: str | None  # ISO 8601 date or interval the entry is placed at (None: undated)
    dated_by: str  # "text" when the sentence gives the date, "report" when it is the report's
    kind: str  # "stage" or the amount's property (investment, output, area, money)
    what: str  # 上升为市级战略 -> "上升为战略 (elevated)"; an amount as "8.4e9 CNY"
    stated: str  # the words of the report
    evidence: str
    report: str
    value: Decimal | None = None
    unit: str | None = None
    qualifier: str | None = None


def timeline(store: GraphStore, entity: Entity) -> list[Entry]:
    entries: set[Entry] = set()
    for iri in sorted(same_as(store, entity.iri)):
        for row in store.query(_OBSERVATIONS, {"e": URIRef(iri)}).dicts():
            entries.add(_entry(row))
    return sorted(entries, key=_order)


def all_entries(store: GraphStore) -> dict[str, list[Entry]]:
    """Every entity's entries, in date order, by entity IRI (for the page: one query for all)."""
    out: dict[str, set[Entry]] = {}
    for row in store.query(_OBSERVATIONS).dicts():
        out.setdefault(str(row["e"]), set()).add(_entry(row))
    return {iri: sorted(entries, key=_order) for iri, entries in out.items()}


def _order(e: Entry) -> tuple:
    return (e.date is None, e.date or "", e.report, e.kind, e.stated)


def same_as(store: GraphStore, iri: str) -> set[str]:
    """`iri` and every entity linked to it as the same thing, however many links away."""
    links: dict[str, set[str]] = {}
    for e, other in store.query(_SAME).rows:
        links.setdefault(str(e), set()).add(str(other))
    seen, todo = {iri}, [iri]
    while todo:
        for nxt in links.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _entry(row: dict) -> Entry:
    prop = str(row["prop"])[len(NAMESPACE) :]
    own = row["date"] if row["date"] is not None else row["temporal"]
    date = str(own) if own is not None else (str(row["issued"]) if row["issued"] is not None else None)
    report = str(row["source"]) if row["source"] is not None else str(row["obs"])
    if prop == "stage":
        stage = str(row["result"])[len(NAMESPACE) :]
        zh, en = STAGE_LABELS.get(stage, (stage, stage))
        what, value, unit, qualifier = f"{zh} ({en})", None, None, None
    else:
        value = Decimal(str(row["value"])) if row["value"] is not None else None
        unit = str(row["unit"]) if row["unit"] is not None else "m²"
        qualifier = str(row["qualifier"]) if row["qualifier"] is not None else None
        what = f"{prop}: {_number(value)} {unit}" + (
            f" ({qualifier})" if qualifier not in (None, "exact") else ""
        )
    return Entry(
        date=date,
        dated_by="text" if own is not None else "report",
        kind="stage" if prop == "stage" else prop,
        what=what,
        stated=str(row["stated"]),
        evidence=str(row["evidence"]),
        report=report,
        value=value,
        unit=unit,
        qualifier=qualifier,
    )


def _number(v: Decimal | None) -> str:
    """8400000000 -> 8.4e9; 36000000 -> 3.6e7; small numbers as they are."""
    if v is None:
        return "?"
    if abs(v) >= 10_000:
        return f"{float(v):.4g}".replace("e+0", "e").replace("e+", "e")
    return f"{v:f}".rstrip("0").rstrip(".") if "." in f"{v:f}" else f"{v:f}"
