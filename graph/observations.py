"""Amounts and stages -> RDF: each is a sosa:Observation the report makes of an entity.

    <obs> a sosa:Observation ; sosa:hasFeatureOfInterest <entity> ; sosa:observedProperty kg:investment ;
          sosa:hasResult <q> ; kg:statedAs "总投资84亿元" ; dcterms:date "2021-10"^^xsd:gYearMonth ;
          kg:evidence "…" ; kg:evidenceStart 120 ; kg:evidenceEnd 180 ; prov:wasDerivedFrom <report> .
    <q>   a schema:MonetaryAmount ; schema:value 8400000000 ; schema:currency "CNY" ; kg:qualifier "exact" .

Areas are schema:QuantitativeValue in square metres (schema:unitCode "MTK", UN/CEFACT's code for m²);
"at least", "at most" and ranges also give schema:minValue / schema:maxValue; a stage's result is one
of the kg:Stages concepts. The report's own date is `dcterms:issued` on the report (graph/build.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, XSD

from graph.iris import digest
from loaders.records import Evidence, Extraction
from ontology.ns import ID, KG, SCHEMA, SOSA

PROPERTY = {"investment": KG.investment, "output": KG.output, "area": KG.area, "amount": KG.money}
STAGE = {
    "planned": KG.planned,
    "signed": KG.signed,
    "started": KG.started,
    "underway": KG.underway,
    "completed": KG.completed,
    "operating": KG.operating,
    "elevated": KG.elevated,
}
UNIT_CODES = {"m2": ("MTK", "m²")}  # UN/CEFACT Recommendation 20 (schema:unitCode)


def observation_triples(x: Extraction, report: URIRef, iris: Mapping[str, URIRef]) -> Iterator[tuple]:
    for f in x.amounts:
        a = f.amount
        obs = _iri("observation", str(report), f.entity, a.kind, str(a.start), a.raw)
        q = _iri("quantity", str(obs))
        yield from _observation(obs, iris[f.entity], PROPERTY[a.kind], q, a.raw, f.date, f.evidence, report)
        if a.aggregate:
            yield obs, KG.aggregate, Literal(True)
        if a.unit in UNIT_CODES:
            code, text = UNIT_CODES[a.unit]
            yield q, RDF.type, SCHEMA.QuantitativeValue
            yield q, SCHEMA.unitCode, Literal(code)
            yield q, SCHEMA.unitText, Literal(text)
        else:
            yield q, RDF.type, SCHEMA.MonetaryAmount
            yield q, SCHEMA.currency, Literal(a.unit)
        yield q, SCHEMA.value, _decimal(a.value)
        yield q, KG.qualifier, Literal(a.qualifier)
        if a.qualifier in ("at least", "range"):
            yield q, SCHEMA.minValue, _decimal(a.value)
        if a.qualifier == "at most":
            yield q, SCHEMA.maxValue, _decimal(a.value)
        if a.qualifier == "range" and a.high is not None:
            yield q, SCHEMA.maxValue, _decimal(a.high)
    for s in x.stages:
        obs = _iri("observation", str(report), s.entity, "stage", s.stage, str(s.evidence.start))
        yield from _observation(
            obs, iris[s.entity], KG.stage, STAGE[s.stage], s.word, s.date, s.evidence, report
        )


def _observation(
    obs: URIRef,
    entity: URIRef,
    prop: URIRef,
    result: URIRef,
    stated: str,
    date: str | None,
    ev: Evidence,
    report: URIRef,
) -> Iterator[tuple]:
    yield obs, RDF.type, SOSA.Observation
    yield obs, SOSA.hasFeatureOfInterest, entity
    yield obs, SOSA.observedProperty, prop
    yield obs, SOSA.hasResult, result
    yield obs, KG.statedAs, Literal(stated)
    if date:
        yield obs, *date_triple(date)
    yield obs, KG.evidence, Literal(ev.text)
    yield obs, KG.evidenceStart, Literal(ev.raw_start)
    yield obs, KG.evidenceEnd, Literal(ev.raw_end)
    yield obs, PROV.wasDerivedFrom, report


def date_triple(iso: str) -> tuple[URIRef, Literal]:
    """(property, literal) for an ISO 8601 date: a day, month or year is `dcterms:date` typed as such
    (xsd:date, xsd:gYearMonth, xsd:gYear); anything else (an interval 2021/2025, a half 2021-H1) is
    `dcterms:temporal` as written."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
        return DCTERMS.date, Literal(iso, datatype=XSD.date)
    if re.fullmatch(r"\d{4}-\d{2}", iso):
        return DCTERMS.date, Literal(iso, datatype=XSD.gYearMonth)
    if re.fullmatch(r"\d{4}", iso):
        return DCTERMS.date, Literal(iso, datatype=XSD.gYear)
    return DCTERMS.temporal, Literal(iso)


def _decimal(v: Decimal) -> Literal:
    """xsd:decimal to the cent or square centimetre: 1.2万亩 is 8000000 m², 6.2万亩 41333333.33."""
    if v.as_tuple().exponent < -2:  # type: ignore[operator]
        v = v.quantize(Decimal("0.01"))
    return Literal(v, datatype=XSD.decimal)


def _iri(kind: str, *parts: str) -> URIRef:
    return ID[f"{kind}/{digest(*parts)}"]
