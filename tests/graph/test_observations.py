"""Amounts, stages and report dates in RDF (SOSA observations, schema.org quantities), and
`kg timeline` reading them back from a store."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from decimal import Decimal

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD
from typer.testing import CliRunner

import kg
from graph.build import report_iri, report_triples
from graph.lookup import lookup
from graph.observations import date_triple
from graph.store import open_store
from graph.timeline import timeline
from ontology.ns import KG, SCHEMA, SOSA
from tests.conftest import ROOT, seed


@pytest.fixture(scope="module")
def linked_store(seed_store, tmp_path_factory):
    """The seeds' store as `kg build` leaves it: with the links between reports' entities."""
    from graph.link import link

    path = tmp_path_factory.mktemp("linked") / "store"
    shutil.copytree(seed_store, path)
    s = open_store(path)
    try:
        link(s)
    finally:
        s.close()
    return path


@pytest.fixture(scope="module")
def graph_002(extractions):
    g = Graph()
    for t in report_triples(extractions[seed("002").name]):
        g.add(t)
    return g


def test_an_amount_is_an_observation_of_the_entity_with_a_quantity(graph_002, extractions):
    x = extractions[seed("002").name]
    (obs,) = [o for o in graph_002.subjects(KG.statedAs, Literal("总投资84亿元"))]
    entity = graph_002.value(obs, SOSA.hasFeatureOfInterest)
    assert str(graph_002.value(entity, RDFS.label)) == "综合立体交通体系"
    assert graph_002.value(obs, SOSA.observedProperty) == KG.investment
    q = graph_002.value(obs, SOSA.hasResult)
    assert (q, RDF.type, SCHEMA.MonetaryAmount) in graph_002
    value = graph_002.value(q, SCHEMA.value)
    assert value.datatype == XSD.decimal and value.toPython() == Decimal("8400000000")
    assert str(graph_002.value(q, SCHEMA.currency)) == "CNY"
    # the evidence points at the report's own text
    start, end = (int(graph_002.value(obs, p)) for p in (KG.evidenceStart, KG.evidenceEnd))
    assert "84亿元" in x.report.raw[start:end]
    assert graph_002.value(obs, PROV.wasDerivedFrom) == report_iri(x.report.doc_id)


def test_an_area_at_least_has_its_lower_bound(extractions):
    g = Graph()
    for t in report_triples(extractions[seed("004").name]):
        g.add(t)
    (obs,) = g.subjects(KG.statedAs, Literal("总占地3600多公顷"))
    q = g.value(obs, SOSA.hasResult)
    assert (q, RDF.type, SCHEMA.QuantitativeValue) in g
    assert str(g.value(q, SCHEMA.unitCode)) == "MTK" and str(g.value(q, KG.qualifier)) == "at least"
    assert g.value(q, SCHEMA.minValue).toPython() == g.value(q, SCHEMA.value).toPython() == Decimal("3.6e7")


def test_a_stage_is_a_concept_and_the_report_has_its_date(graph_002, extractions):
    x = extractions[seed("002").name]
    stages = {
        (str(graph_002.value(o, KG.statedAs)), graph_002.value(o, SOSA.hasResult))
        for o in graph_002.subjects(SOSA.observedProperty, KG.stage)
    }
    assert ("上升为市级战略", KG.elevated) in stages and ("全面起势", KG.underway) in stages
    assert graph_002.value(report_iri(x.report.doc_id), DCTERMS.issued) == Literal("2023", datatype=XSD.gYear)


def test_dates_are_typed_by_their_precision():
    assert date_triple("2021-11-15") == (DCTERMS.date, Literal("2021-11-15", datatype=XSD.date))
    assert date_triple("2021-10") == (DCTERMS.date, Literal("2021-10", datatype=XSD.gYearMonth))
    assert date_triple("2021") == (DCTERMS.date, Literal("2021", datatype=XSD.gYear))
    assert date_triple("2021-01/2021-06") == (DCTERMS.temporal, Literal("2021-01/2021-06"))


def test_the_timeline_of_a_strategy_across_reports(linked_store):
    s = open_store(linked_store, read_only=True)
    try:
        entries = timeline(s, lookup(s, "中央活力区"))
    finally:
        s.close()
    seen = [(e.date, e.what.split(" ")[0], e.report[:3]) for e in entries]
    # 2021: 谋划 (000); 2023: 上升为市级战略 and 全面起势 (002) — the other report's entity is linked
    assert seen[0] == ("2021-11-15", "谋划", "000")
    assert {("2023", "上升为战略", "002"), ("2023", "全面起势", "002")} <= set(seen)
    assert [e.date for e in entries] == sorted(e.date for e in entries)
    assert all(e.dated_by == "report" for e in entries)  # none of these sentences gives its own date


def test_kg_timeline_table_json_and_unknown_names(linked_store):
    seed_store = linked_store
    run = CliRunner().invoke
    r = run(kg.app, ["timeline", "综合立体交通体系", "--store", str(seed_store), "--format", "json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    (entry,) = [e for e in data["timeline"] if e["kind"] == "investment"]
    assert entry["value"] == "8400000000" and entry["unit"] == "CNY" and entry["date"] == "2023"
    assert "总投资84亿元" in entry["evidence"]
    r = run(kg.app, ["timeline", "中央活力区", "--store", str(seed_store)])
    assert r.exit_code == 0 and "上升为战略" in r.stdout and "~2021-11-15" in r.stdout
    p = subprocess.run(
        [sys.executable, str(ROOT / "kg.py"), "timeline", "没有这个实体", "--store", str(seed_store)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert p.returncode == 1 and p.stderr.startswith("kg: error: no entity named")
    assert len(p.stderr.strip().splitlines()) == 1
