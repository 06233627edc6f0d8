"""`kg eval` for amounts and report dates, where the gold has them (`amounts`, `date`; docs/amounts.md).

Read from the report's graph as `kg build` writes it. An amount matches a gold amount when the unit
is the same, the value agrees to one part in a million (areas in mu become m² with a long tail), and
the entity it is stated of carries the gold entity's name (or one of the gold entity's aliases) as a
label. Each gold amount is matched at most once. An amount on the wrong entity counts as predicted
and not matched: worse than none, as it should be. A report date matches when it is the same ISO
string.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from rdflib import Graph
from rdflib.namespace import DCTERMS

from graph.build import report_iri, report_triples
from graph.evaluate import Counts, norm
from loaders.records import Extraction

AMOUNT, DATE = "amount", "date"

_AMOUNTS = """
PREFIX sosa: <http://www.w3.org/ns/sosa/>
PREFIX schema: <https://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?obs ?value ?unit ?label WHERE {
  ?obs sosa:hasFeatureOfInterest ?e ; sosa:hasResult ?q .
  ?q schema:value ?value .
  { ?q schema:currency ?unit } UNION { ?q schema:unitCode ?code BIND("m2" AS ?unit) }
  ?e rdfs:label|skos:altLabel ?label .
}"""


def facts_of(x: Extraction) -> tuple[list[tuple[Decimal, str, set[str]]], str | None]:
    """(amounts as (value, unit, entity labels), report date) of one report's graph."""
    g = Graph()
    for t in report_triples(x):
        g.add(t)
    found: dict[str, tuple[Decimal, str, set[str]]] = {}
    for obs, value, unit, label in g.query(_AMOUNTS):
        unit_name = "m2" if str(unit) == "m2" else str(unit)
        entry = found.setdefault(str(obs), (Decimal(str(value)), unit_name, set()))
        entry[2].add(norm(str(label)))
    issued = g.value(report_iri(x.report.doc_id), DCTERMS.issued)
    return list(found.values()), (str(issued) if issued is not None else None)


def score_facts(
    gold: dict, amounts: list[tuple[Decimal, str, set[str]]], date: str | None
) -> dict[str, Counts]:
    """Counts for amounts and the report date; empty for a gold line that has neither."""
    out: dict[str, Counts] = {}
    if "amounts" in gold:
        aliases = {norm(e["name"]): {norm(a) for a in e.get("aliases", [])} for e in gold.get("entities", [])}
        c = out[AMOUNT] = Counts(pred=len(amounts))
        free = list(range(len(amounts)))
        for ga in gold["amounts"]:
            c.gold += 1
            names = {norm(ga["entity"])} | aliases.get(norm(ga["entity"]), set())
            want = _decimal(ga["value"])
            for i in free:
                value, unit, labels = amounts[i]
                if unit == ga["unit"] and _close(value, want) and labels & names:
                    c.tp += 1
                    free.remove(i)
                    break
    if "date" in gold:
        c = out[DATE] = Counts(pred=int(date is not None), gold=int(gold["date"] is not None))
        c.tp = int(date is not None and date == gold["date"])
    return out


def _decimal(text) -> Decimal:
    try:
        return Decimal(str(text))
    except InvalidOperation:
        return Decimal(-1)


def _close(a: Decimal, b: Decimal) -> bool:
    return b > 0 and abs(a - b) <= b * Decimal("1e-6")
