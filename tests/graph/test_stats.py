"""The shape of the seeds' graph, each figure checked against a direct SPARQL count."""

import pytest

from graph.stats import collect
from graph.store import open_store


@pytest.fixture(scope="module")
def store(seed_store):
    s = open_store(seed_store, read_only=True)
    yield s
    s.close()


@pytest.fixture(scope="module")
def stats(store):
    return collect(store)


def _n(store, query):
    return int(store.query(query).rows[0][0])


def test_counts_per_class_and_relation_are_distinct_entities_and_relations(store, stats):
    assert stats.reports == 5
    assert stats.classes["District"] == _n(
        store, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a kg:District }"
    )
    assert stats.relations["hasStrategy"] == _n(
        store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?a ?b WHERE { ?a kg:hasStrategy ?b } }"
    )


def test_counts_per_report_are_those_of_each_report_graph(store, stats):
    assert len(stats.per_report) == 5 and all(r.endswith(".txt") for r in stats.per_report)
    for report, counts in stats.per_report.items():
        q = (
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?g dcterms:source ?src . ?a kg:locatedIn ?b } "
            f'FILTER(STR(?src) = "{report}") }}'
        )
        assert counts["locatedIn"] == _n(store, q)
    assert max(c["Strategy"] for c in stats.per_report.values()) <= stats.classes["Strategy"]


def test_the_most_connected_entity_is_the_district_most_reports_are_about(stats):
    label, typ, degree = stats.top[0]
    assert (label, typ) == ("市中区", "District") and degree >= stats.top[1][2]


def test_shared_organizations_are_reached_from_several_strategies(store, stats):
    rows = store.query(
        "SELECT ?o (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s kg:includesProject ?p . ?p kg:involves ?e . "
        "?e rdfs:label ?o } GROUP BY ?o HAVING (COUNT(DISTINCT ?s) > 1)"
    ).rows
    assert {(str(o), int(n)) for o, n in rows} == {(o, len(s)) for o, s in stats.shared}


def test_components_cover_every_entity_once(stats):
    assert sum(c.size for c in stats.components) == sum(stats.classes.values())
    assert stats.components[0].hub == "市中区"
    assert [c.size for c in stats.components] == sorted((c.size for c in stats.components), reverse=True)
